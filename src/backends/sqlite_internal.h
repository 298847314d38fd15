/* The SQLite backend's parts (include/telsvc/sqlite.h, docs/sqlite.md):
 * sqlite.c opening, transactions and objects; sqlite_audit.c the audit
 * log, whose rows hold runs of records. */
#ifndef TELSVC_SQLITE_INTERNAL_H
#define TELSVC_SQLITE_INTERNAL_H

#include "pending.h"

#include "telsvc/errors.h"
#include "telsvc/sqlite.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The schema this code reads and writes (PRAGMA user_version), and the
 * first in which an audit row may hold a run of records: a database of
 * the one before is read as it is and marked by the first transaction
 * that writes a run. */
#define SCHEMA_VERSION 2
#define SCHEMA_RUNS 2
/* A schema number as SQL text */
#define SCHEMA_TEXT(n) SCHEMA_DIGITS(n)
#define SCHEMA_DIGITS(n) #n

/* Audit records a row holds at most, written in a transaction. */
enum { AUDIT_RUN = 128 };

enum {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_INSERT,
	ST_UPDATE,
	ST_GET,
	ST_ITERATE,
	ST_AUDIT_APPEND,
	ST_AUDIT_ITERATE,
	ST_AUDIT_REPLACE,
	ST_COUNT_KIND,
	ST_COUNT_ALL,
	ST_AUDIT_ALL,
	ST_AUDIT_AT,
	ST_AUDIT_AFTER,
	ST_FLUSH,
	ST_REVISION,
	ST_N
};

/* Each statement's text, prepared when the database is opened. */
extern const char *const tsq_sql[ST_N];

/* The audit records of the open transaction not yet in a row. */
typedef struct audit_run {
	unsigned char *data;
	size_t size, cap;
	uint64_t first; /* the first record's number */
	unsigned count;
	uint64_t next;	/* the number that continues the run without a look at the table; 0: none */
	uint64_t limit; /* the first number after it that a row holds; 0: none */
} audit_run;

struct telsvc_sqlite {
	sqlite3 *db;
	sqlite3_stmt *st[ST_N];
	int sync;
	int version;	   /* the schema of the file */
	bool version_open; /* marked 2 by the open transaction */
	pending written;   /* by the open transaction */
	audit_run run;
};

/* Report SQLite's error on @what as @status (TELSVC_ESTORAGE unless said). */
int tsq_fail(const telsvc_sqlite *s, int status, const char *what);
/* Set the library's error to @status and @message; @status. */
int tsq_say(int status, const char *message);
/* A statement ready to bind: reset, its bindings cleared. */
sqlite3_stmt *tsq_stmt(telsvc_sqlite *s, int which);
/* Bind @size bytes (an empty blob, not NULL, for none). */
int tsq_bind_blob(sqlite3_stmt *q, int i, const void *data, size_t size);

/* ---- sqlite_audit.c ---- */

/* Write the open transaction's run of audit records as a row. */
int tsq_audit_flush(telsvc_sqlite *s);
/* The transaction ended: forget what it kept back; undo its mark of the
 * schema unless @committed. */
void tsq_audit_forget(telsvc_sqlite *s, bool committed);
/* The storage callbacks of the audit log. */
int tsq_audit_append(void *payload, uint64_t seq, const void *data, size_t size);
int tsq_audit_iterate(void *payload, uint64_t from, telsvc_audit_visit_fn visit, void *visit_payload);
int tsq_audit_replace(void *payload, uint64_t seq, const void *data, size_t size);

#endif
