/* A small, library-owned tree built from libyaml's event stream under hard
 * limits. The only interface to libyaml: nothing else includes yaml.h. */
#ifndef TS_YAML_TREE_H
#define TS_YAML_TREE_H

#include "common.h"

/* Hard limits on a document (docs/policy.md, "Input limits"). */
#define TS_YAML_MAX_INPUT ((size_t)1 << 20)
#define TS_YAML_MAX_DEPTH 64
#define TS_YAML_MAX_NODES 100000
#define TS_YAML_MAX_SCALAR 65536

typedef enum ts_ykind { TS_Y_SCALAR = 1, TS_Y_MAP = 2, TS_Y_SEQ = 3 } ts_ykind;

typedef struct ts_ynode ts_ynode;
struct ts_ynode {
	ts_ykind kind;
	unsigned line;   /* 1-based */
	unsigned column; /* 1-based */
	bool plain;      /* a scalar written without quotes */
	char *text;      /* scalar: NUL-terminated (may hold NULs before len) */
	size_t len;
	ts_ynode **items; /* map: key, value, key, value ...; seq: the items */
	size_t count;
	size_t cap;
};

/* Parse @data into a tree. An empty document (or only comments) gives
 * *out == NULL. Errors are TELSVC_EPOLICY (with "@what: line L, column C:
 * ..."), or TELSVC_ENOMEM. */
int ts_yaml_parse(telsvc_ctx *ctx, const char *what, const char *data, size_t size, ts_ynode **out);

void ts_ynode_free(telsvc_ctx *ctx, ts_ynode *node);

/* Record an error about node @n at key path @path:
 * "policy: <path>: <problem> (line L, column C)". Returns @status. */
int ts_yfail(const ts_ynode *n, const char *path, int status, const char *fmt, ...) TS_PRINTF(4, 5);

/* "a mapping", "a sequence" or "a scalar", for messages. */
const char *ts_ykind_name(const ts_ynode *n);

/* A plain empty scalar, ~ or null. */
bool ts_yis_null(const ts_ynode *n);

/* The text of scalar @n, or an error naming what was @expected. */
int ts_yscalar(const ts_ynode *n, const char *path, const char *expected, const char **text);

/* In map @map, the value of key @key, or NULL. */
ts_ynode *ts_ymap_get(const ts_ynode *map, const char *key);

#endif
