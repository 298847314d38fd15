/* The PostgreSQL backend's parts (include/telsvc/pg.h): pg.c the
 * callbacks, pg_open.c connecting and the schema, pg_flush.c what a
 * transaction writes at its commit. */
#ifndef TELSVC_PG_INTERNAL_H
#define TELSVC_PG_INTERNAL_H

#include "pending.h"

#include <telsvc/errors.h>
#include <telsvc/pg.h>

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Rows fetched per round trip when iterating. */
#define PAGE_ROWS 1000

/* Server type oids (catalog/pg_type.h), fixed since PostgreSQL 7. */
enum { OID_BYTEA = 17, OID_INT8 = 20, OID_INT4 = 23, OID_TEXT = 25 };

enum {
	Q_INSERT,
	Q_UPDATE,
	Q_GET,
	Q_ITERATE,
	Q_AUDIT_APPEND,
	Q_AUDIT_ITERATE,
	Q_AUDIT_REPLACE,
	Q_FLUSH,
	Q_AUDIT_WRITE,
	Q_COUNT_KIND,
	Q_COUNT_ALL,
	Q_AUDIT_COUNT,
	Q_N
};

/* A prepared statement: its name on each connection, its text ('@' for
 * the quoted schema), its parameters' types. */
typedef struct tpg_query {
	const char *name;
	const char *sql;
	int params;
	unsigned types[4];
} tpg_query;

extern const tpg_query tpg_queries[Q_N];

/* Audit records appended in the open transaction, in order. */
typedef struct tpg_record {
	uint64_t seq;
	size_t at, size; /* in the batch's bytes */
} tpg_record;

typedef struct tpg_batch {
	tpg_record *records;
	size_t count, cap;
	unsigned char *bytes;
	size_t size, bytes_cap;
} tpg_batch;

struct telsvc_pg {
	PGconn *conn;
	char *schema; /* quoted */
	unsigned capabilities;
	char begin[96]; /* BEGIN and the store's lock */
	/* What the open transaction keeps back until its commit: the bytes of
	 * objects put again after their first put, and its audit records. */
	pending written;
	tpg_batch appended;
};

/* Parameters of one statement, numbers in network byte order. */
typedef struct params {
	const char *value[4];
	int length[4];
	int format[4];
	unsigned char number[4][8];
	int n;
} params;

static inline void p_int(params *p, int64_t v, int size)
{
	unsigned char *b = p->number[p->n];
	for (int i = 0; i < size; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * (size - 1 - i)));
	p->value[p->n] = (const char *)b;
	p->length[p->n] = size;
	p->format[p->n++] = 1;
}

static inline void p_text(params *p, const char *s)
{
	p->value[p->n] = s;
	p->length[p->n] = 0;
	p->format[p->n++] = 0;
}

static inline void p_bytes(params *p, const void *data, size_t size)
{
	p->value[p->n] = size ? data : "";
	p->length[p->n] = (int)size;
	p->format[p->n++] = 1;
}

static inline int64_t r_int(const PGresult *r, int row, int col)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(r, row, col);
	int size = PQgetlength(r, row, col);
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v = v << 8 | b[i];
	return size == 4 ? (int32_t)v : (int64_t)v;
}

int tpg_say(int status, const char *message);
/* The server's error for @r (cleared) or the connection's, as a status:
 * TELSVC_ECONFLICT when another writer was in the way. */
int tpg_fail(const telsvc_pg *p, PGresult *r, const char *what);
PGresult *tpg_run(telsvc_pg *p, int q, const params *ps);
/* Run @sql (no parameters); TELSVC_OK or the failure. */
int tpg_exec(telsvc_pg *p, const char *sql, const char *what);
bool tpg_idle(const telsvc_pg *p);
/* Whether statement @r changed a row, into *@row; TELSVC_OK or its failure. */
int tpg_changed(telsvc_pg *p, PGresult *r, const char *what, bool *row);

/* Keep audit record @seq back for the commit; TELSVC_OK or TELSVC_ENOMEM. */
int tpg_batch_add(tpg_batch *b, uint64_t seq, const void *data, size_t size);
void tpg_batch_free(tpg_batch *b);
/* Write what the transaction kept back, then COMMIT if @commit, in one
 * round trip; TELSVC_OK or the first failure. */
int tpg_flush(telsvc_pg *p, bool commit);
/* Forget it (the transaction ended). */
void tpg_forget(telsvc_pg *p);

#endif
