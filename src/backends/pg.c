/* Storage on PostgreSQL (include/telsvc/pg.h, docs/postgresql.md).
 *
 * Objects are rows of telsvc_objects keyed by (kind, id) with a revision;
 * put is a compare-and-swap done by the statement itself (an UPDATE whose
 * WHERE names the expected revision, an INSERT that does nothing on an
 * existing key), so a writer in another process that got in first makes
 * it change no row, and that is the conflict. Audit records are rows of
 * telsvc_audit keyed by sequence number, and a taken number is a conflict
 * the same way. Writers share one chain: a transaction takes the store's
 * advisory lock when it begins, and the library then reads the records
 * others appended (TELSVC_STORAGE_CAP_SHARED) and continues after them.
 *
 * Inside a transaction the first put of an object runs at once (and locks
 * its row); later puts of it, and every audit append, are kept back and
 * written at the commit, in one round trip (pg_flush.c).
 *
 * No statement here is allowed to fail for a conflict: a failed statement
 * aborts a PostgreSQL transaction, whereas a conflict must leave the host's
 * transaction as it was. Parameters and results travel in binary. */
#include "pg_internal.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR_(x) #x
#define STR(x) STR_(x)

const tpg_query tpg_queries[Q_N] = {
	[Q_INSERT] = { "telsvc_insert", "INSERT INTO @.telsvc_objects(kind, id, revision, data) VALUES ($1, $2, 1, $3)"
		       " ON CONFLICT DO NOTHING",
		       3, { OID_INT4, OID_TEXT, OID_BYTEA } },
	[Q_UPDATE] = { "telsvc_update", "UPDATE @.telsvc_objects SET revision = revision + 1, data = $4"
		       " WHERE kind = $1 AND id = $2 AND revision = $3",
		       4, { OID_INT4, OID_TEXT, OID_INT8, OID_BYTEA } },
	[Q_GET] = { "telsvc_get", "SELECT revision, data FROM @.telsvc_objects WHERE kind = $1 AND id = $2", 2,
		    { OID_INT4, OID_TEXT } },
	[Q_ITERATE] = { "telsvc_iterate", "SELECT id, revision, data FROM @.telsvc_objects WHERE kind = $1 AND id > $2"
			" ORDER BY id LIMIT " STR(PAGE_ROWS),
			2, { OID_INT4, OID_TEXT } },
	[Q_AUDIT_APPEND] = { "telsvc_audit_append", "INSERT INTO @.telsvc_audit(seq, data) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2,
			     { OID_INT8, OID_BYTEA } },
	[Q_AUDIT_ITERATE] = { "telsvc_audit_iterate", "SELECT seq, data FROM @.telsvc_audit WHERE seq >= $1 ORDER BY seq LIMIT "
			      STR(PAGE_ROWS),
			      1, { OID_INT8 } },
	[Q_AUDIT_REPLACE] = { "telsvc_audit_replace", "UPDATE @.telsvc_audit SET data = $2 WHERE seq = $1", 2, { OID_INT8, OID_BYTEA } },
	[Q_FLUSH] = { "telsvc_flush", "UPDATE @.telsvc_objects SET revision = $3, data = $4 WHERE kind = $1 AND id = $2",
		      4, { OID_INT4, OID_TEXT, OID_INT8, OID_BYTEA } },
	[Q_AUDIT_WRITE] = { "telsvc_audit_write", "INSERT INTO @.telsvc_audit(seq, data) VALUES ($1, $2)", 2,
			    { OID_INT8, OID_BYTEA } },
	[Q_COUNT_KIND] = { "telsvc_count_kind", "SELECT count(*) FROM @.telsvc_objects WHERE kind = $1", 1, { OID_INT4 } },
	[Q_COUNT_ALL] = { "telsvc_count_all", "SELECT count(*) FROM @.telsvc_objects", 0, { 0 } },
	[Q_AUDIT_COUNT] = { "telsvc_audit_count", "SELECT count(*) FROM @.telsvc_audit", 0, { 0 } },
};

int tpg_say(int status, const char *message)
{
	telsvc_error_set(status, message);
	return status;
}

int tpg_fail(const telsvc_pg *p, PGresult *r, const char *what)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *why = r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r)
			  : p->conn				  ? PQerrorMessage(p->conn)
								  : "no connection";
	/* another writer holds or took what this statement needed: retrying
	 * after re-reading is the answer, as for any conflict */
	static const char *const conflicts[] = { "40001", "40P01", "55P03", "23505" };
	int status = TELSVC_ESTORAGE;
	for (size_t i = 0; state && i < sizeof(conflicts) / sizeof(conflicts[0]); i++)
		if (!strcmp(state, conflicts[i]))
			status = TELSVC_ECONFLICT;
	char message[768];
	int n = snprintf(message, sizeof(message), "postgresql: %s: %s", what, why);
	while (n > 0 && (size_t)n < sizeof(message) && message[n - 1] == '\n')
		message[--n] = '\0';
	PQclear(r);
	return tpg_say(status, message);
}

PGresult *tpg_run(telsvc_pg *p, int q, const params *ps)
{
	return PQexecPrepared(p->conn, tpg_queries[q].name, ps ? ps->n : 0, ps ? ps->value : NULL,
			      ps ? ps->length : NULL, ps ? ps->format : NULL, 1);
}

int tpg_exec(telsvc_pg *p, const char *sql, const char *what)
{
	PGresult *r = PQexec(p->conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		return tpg_fail(p, r, what);
	PQclear(r);
	return TELSVC_OK;
}

bool tpg_idle(const telsvc_pg *p)
{
	return PQtransactionStatus(p->conn) == PQTRANS_IDLE;
}

/* ---- the callbacks ---- */

static int cb_begin(void *payload)
{
	telsvc_pg *p = payload;
	if (!tpg_idle(p))
		return tpg_say(TELSVC_ESTORAGE, "postgresql: begin: a transaction is already open");
	tpg_forget(p);
	return tpg_exec(p, p->begin, "begin");
}

static int cb_commit(void *payload)
{
	telsvc_pg *p = payload;
	int rc = tpg_flush(p, true);
	tpg_forget(p);
	return rc;
}

static int cb_rollback(void *payload)
{
	telsvc_pg *p = payload;
	tpg_forget(p);
	return tpg_idle(p) ? TELSVC_OK : tpg_exec(p, "ROLLBACK", "rollback");
}

int tpg_changed(telsvc_pg *p, PGresult *r, const char *what, bool *row)
{
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return tpg_fail(p, r, what);
	*row = atoi(PQcmdTuples(r)) > 0;
	PQclear(r);
	return TELSVC_OK;
}

static int cb_put(void *payload, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	telsvc_pg *p = payload;
	char message[256];
	if (size > INT_MAX)
		return tpg_say(TELSVC_ESTORAGE, "postgresql: put: a record over 2 GiB");
	if (expected > INT64_MAX - 1)
		return tpg_say(TELSVC_ECONFLICT, "postgresql: put: no object has that revision");
	bool in_txn = !tpg_idle(p);
	pending_object *o = in_txn ? pending_find(&p->written, kind, id) : NULL;
	if (o && expected == o->revision) {
		/* its row is this transaction's since its first put: kept back */
		if (pending_store(o, data, size))
			return tpg_say(TELSVC_ENOMEM, "postgresql: put: out of memory");
		o->revision++;
		return TELSVC_OK;
	}
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	p_text(&ps, id);
	if (expected)
		p_int(&ps, (int64_t)expected, 8);
	p_bytes(&ps, data, size);
	bool row = false;
	int rc = o ? TELSVC_OK : tpg_changed(p, tpg_run(p, expected ? Q_UPDATE : Q_INSERT, &ps), "put", &row);
	if (rc == TELSVC_OK && row && in_txn && !pending_add(&p->written, kind, id, expected + 1))
		return tpg_say(TELSVC_ENOMEM, "postgresql: put: out of memory");
	if (rc != TELSVC_OK || row)
		return rc;
	snprintf(message, sizeof(message), "postgresql: object %d/%s is not at revision %llu", kind, id,
		 (unsigned long long)expected);
	return tpg_say(TELSVC_ECONFLICT, message);
}

static int cb_get(void *payload, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	telsvc_pg *p = payload;
	pending_object *o = pending_find(&p->written, kind, id);
	if (o && o->dirty) {
		*revision = o->revision;
		return telsvc_buf_set(out, o->data, o->size);
	}
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	p_text(&ps, id);
	PGresult *r = tpg_run(p, Q_GET, &ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return tpg_fail(p, r, "get");
	if (PQntuples(r) == 0) {
		PQclear(r);
		char message[256];
		snprintf(message, sizeof(message), "postgresql: no object %d/%s", kind, id);
		return tpg_say(TELSVC_ENOTFOUND, message);
	}
	*revision = (uint64_t)r_int(r, 0, 0);
	int rc = telsvc_buf_set(out, PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1));
	PQclear(r);
	return rc;
}

/* Outside a transaction, a walk reads every page from one snapshot;
 * inside one, it first writes what the transaction kept back. */
static int walk_begin(telsvc_pg *p, bool *own)
{
	*own = tpg_idle(p);
	return *own ? tpg_exec(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "iterate") : tpg_flush(p, false);
}

static int walk_end(telsvc_pg *p, bool own, int status)
{
	if (!own)
		return status;
	int rc = tpg_exec(p, status == TELSVC_OK ? "COMMIT" : "ROLLBACK", "iterate");
	return status != TELSVC_OK ? status : rc;
}

/* Visit one page of objects; the number of rows, or -1 with *status set. */
static int object_page(telsvc_pg *p, int kind, char **after, telsvc_storage_visit_fn visit, void *vp, int *status)
{
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	p_text(&ps, *after);
	PGresult *r = tpg_run(p, Q_ITERATE, &ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*status = tpg_fail(p, r, "iterate");
		return -1;
	}
	int rows = PQntuples(r);
	for (int i = 0; i < rows && *status == TELSVC_OK; i++)
		*status = visit(kind, PQgetvalue(r, i, 0), (uint64_t)r_int(r, i, 1), PQgetvalue(r, i, 2),
				(size_t)PQgetlength(r, i, 2), vp);
	if (rows && *status == TELSVC_OK) {
		char *last = strdup(PQgetvalue(r, rows - 1, 0));
		if (!last)
			*status = tpg_say(TELSVC_ENOMEM, "postgresql: iterate: out of memory");
		free(*after);
		*after = last;
	}
	PQclear(r);
	return rows;
}

static int cb_iterate(void *payload, int kind, telsvc_storage_visit_fn visit, void *visit_payload)
{
	telsvc_pg *p = payload;
	bool own;
	int status = walk_begin(p, &own);
	if (status != TELSVC_OK)
		return status;
	char *after = strdup("");
	if (!after)
		status = tpg_say(TELSVC_ENOMEM, "postgresql: iterate: out of memory");
	while (status == TELSVC_OK && object_page(p, kind, &after, visit, visit_payload, &status) == PAGE_ROWS)
		;
	free(after);
	return walk_end(p, own, status);
}

static int audit_said(int status, const char *what, uint64_t seq)
{
	char message[128];
	snprintf(message, sizeof(message), "postgresql: audit record %llu %s", (unsigned long long)seq, what);
	return tpg_say(status, message);
}

/* Run the audit statement @q on record @seq with @data; if it changes
 * no row, the answer is @none, saying @why. */
static int audit_write(telsvc_pg *p, int q, uint64_t seq, const void *data, size_t size, int none, const char *why)
{
	if (seq > INT64_MAX || size > INT_MAX)
		return tpg_say(TELSVC_ESTORAGE, "postgresql: an audit record's number or size is out of range");
	params ps = { .n = 0 };
	p_int(&ps, (int64_t)seq, 8);
	p_bytes(&ps, data, size);
	bool row = false;
	int rc = tpg_changed(p, tpg_run(p, q, &ps), q == Q_AUDIT_APPEND ? "audit append" : "audit replace", &row);
	return rc != TELSVC_OK || row ? rc : audit_said(none, why, seq);
}

/* In a transaction the store's lock keeps other writers from the log:
 * the record is kept back for the commit, its number free until then. */
static int cb_audit_append(void *payload, uint64_t seq, const void *data, size_t size)
{
	telsvc_pg *p = payload;
	if (tpg_idle(p))
		return audit_write(p, Q_AUDIT_APPEND, seq, data, size, TELSVC_ECONFLICT, "exists");
	if (seq > INT64_MAX || size > INT_MAX)
		return tpg_say(TELSVC_ESTORAGE, "postgresql: an audit record's number or size is out of range");
	return tpg_batch_add(&p->appended, seq, data, size);
}

static int cb_audit_replace(void *payload, uint64_t seq, const void *data, size_t size)
{
	telsvc_pg *p = payload;
	int rc = tpg_idle(p) ? TELSVC_OK : tpg_flush(p, false);
	return rc ? rc : audit_write(p, Q_AUDIT_REPLACE, seq, data, size, TELSVC_ENOTFOUND, "does not exist");
}

/* Visit one page of audit records from *from; the number of rows, or -1. */
static int audit_page(telsvc_pg *p, uint64_t *from, telsvc_audit_visit_fn visit, void *vp, int *status)
{
	params ps = { .n = 0 };
	p_int(&ps, (int64_t)*from, 8);
	PGresult *r = tpg_run(p, Q_AUDIT_ITERATE, &ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*status = tpg_fail(p, r, "audit iterate");
		return -1;
	}
	int rows = PQntuples(r);
	for (int i = 0; i < rows && *status == TELSVC_OK; i++) {
		uint64_t seq = (uint64_t)r_int(r, i, 0);
		*status = visit(seq, PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1), vp);
		*from = seq + 1;
	}
	PQclear(r);
	return rows;
}

static int cb_audit_iterate(void *payload, uint64_t from, telsvc_audit_visit_fn visit, void *visit_payload)
{
	telsvc_pg *p = payload;
	if (from > INT64_MAX)
		return TELSVC_OK;
	bool own;
	int status = walk_begin(p, &own);
	while (status == TELSVC_OK && audit_page(p, &from, visit, visit_payload, &status) == PAGE_ROWS)
		;
	return walk_end(p, own, status);
}

int telsvc_pg_storage(telsvc_storage *out, telsvc_pg *db)
{
	if (!out || !db)
		return tpg_say(TELSVC_EINVAL, "telsvc_pg_storage: an argument is NULL");
	*out = (telsvc_storage){
		.version = TELSVC_STORAGE_VERSION,
		.capabilities = db->capabilities,
		.payload = db,
		.begin = cb_begin,
		.commit = cb_commit,
		.rollback = cb_rollback,
		.put = cb_put,
		.get = cb_get,
		.iterate = cb_iterate,
		.audit_append = cb_audit_append,
		.audit_iterate = cb_audit_iterate,
		.audit_replace = cb_audit_replace,
	};
	return TELSVC_OK;
}

static int count(uint64_t *out, telsvc_pg *db, int q, const params *ps)
{
	PGresult *r = tpg_run(db, q, ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		return tpg_fail(db, r, "count");
	*out = (uint64_t)r_int(r, 0, 0);
	PQclear(r);
	return TELSVC_OK;
}

int telsvc_pg_object_count(uint64_t *out, telsvc_pg *db, int kind)
{
	if (!out || !db)
		return tpg_say(TELSVC_EINVAL, "telsvc_pg_object_count: an argument is NULL");
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	return count(out, db, kind ? Q_COUNT_KIND : Q_COUNT_ALL, kind ? &ps : NULL);
}

int telsvc_pg_audit_count(uint64_t *out, telsvc_pg *db)
{
	if (!out || !db)
		return tpg_say(TELSVC_EINVAL, "telsvc_pg_audit_count: an argument is NULL");
	return count(out, db, Q_AUDIT_COUNT, NULL);
}

struct pg_conn *telsvc_pg_handle(telsvc_pg *db)
{
	return db ? db->conn : NULL;
}

const char *telsvc_pg_schema(telsvc_pg *db)
{
	return db ? db->schema : NULL;
}
