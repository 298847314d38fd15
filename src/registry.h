/* A string-keyed hash map of borrowed keys to values (open addressing,
 * linear probing). The key must live as long as its entry: objects
 * register themselves under their own id. */
#ifndef TS_REGISTRY_H
#define TS_REGISTRY_H

#include "common.h"

typedef struct ts_registry {
	const char **keys;
	void **values;
	size_t cap, count;
} ts_registry;

void *ts_registry_get(const ts_registry *r, const char *key);
/* Add @key (absent) -> @value; TELSVC_ENOMEM leaves the map unchanged. */
int ts_registry_put(telsvc_ctx *ctx, ts_registry *r, const char *key, void *value);
void ts_registry_remove(ts_registry *r, const char *key);
void ts_registry_free(telsvc_ctx *ctx, ts_registry *r);

/* The one copy of @s in @names, made on first use; NULL when out of
 * memory. Actors and roles recur in every history, so events point at
 * these copies instead of owning their own. */
const char *ts_intern(telsvc_ctx *ctx, ts_registry *names, const char *s);
/* Free @names and every copy in it. */
void ts_intern_free(telsvc_ctx *ctx, ts_registry *names);

#endif
