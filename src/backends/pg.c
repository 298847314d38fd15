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
 * No statement here is allowed to fail for a conflict: a failed statement
 * aborts a PostgreSQL transaction, whereas a conflict must leave the host's
 * transaction as it was. Parameters and results travel in binary. */
#include <telsvc/errors.h>
#include <telsvc/pg.h>

#include <libpq-fe.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema this code reads and writes (telsvc_schema.version). */
#define SCHEMA_VERSION 1

/* Rows fetched per round trip when iterating. */
#define PAGE_ROWS 1000
#define STR_(x) #x
#define STR(x) STR_(x)

/* Server type oids (catalog/pg_type.h), fixed since PostgreSQL 7. */
enum { OID_BYTEA = 17, OID_INT8 = 20, OID_INT4 = 23, OID_TEXT = 25 };

/* Serialises schema creation and migration among connecting processes. */
#define MIGRATION_LOCK "7308463291442001"
/* The first key of a schema's append lock; the second is the schema's oid. */
#define LOCK_CLASS "1953723254"

/* Migration n brings the schema from version n - 1 to n; '@' stands for
 * the quoted schema name. */
static const char *const migrations[SCHEMA_VERSION] = {
	"CREATE TABLE @.telsvc_schema(version integer NOT NULL);"
	"INSERT INTO @.telsvc_schema VALUES (0);"
	"CREATE TABLE @.telsvc_objects("
	" kind integer NOT NULL, id text COLLATE \"C\" NOT NULL,"
	" revision bigint NOT NULL CHECK (revision > 0), data bytea NOT NULL,"
	" PRIMARY KEY (kind, id)) WITH (fillfactor = 80);"
	"CREATE TABLE @.telsvc_audit(seq bigint PRIMARY KEY CHECK (seq > 0), data bytea NOT NULL);",
};

enum {
	Q_INSERT,
	Q_UPDATE,
	Q_GET,
	Q_ITERATE,
	Q_AUDIT_APPEND,
	Q_AUDIT_ITERATE,
	Q_AUDIT_REPLACE,
	Q_COUNT_KIND,
	Q_COUNT_ALL,
	Q_AUDIT_COUNT,
	Q_N
};

static const struct query {
	const char *name; /* of the prepared statement, per connection */
	const char *sql;
	int params;
	unsigned types[4];
} queries[Q_N] = {
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
	[Q_COUNT_KIND] = { "telsvc_count_kind", "SELECT count(*) FROM @.telsvc_objects WHERE kind = $1", 1, { OID_INT4 } },
	[Q_COUNT_ALL] = { "telsvc_count_all", "SELECT count(*) FROM @.telsvc_objects", 0, { 0 } },
	[Q_AUDIT_COUNT] = { "telsvc_audit_count", "SELECT count(*) FROM @.telsvc_audit", 0, { 0 } },
};

struct telsvc_pg {
	PGconn *conn;
	char *schema; /* quoted */
	unsigned capabilities;
	char begin[96]; /* BEGIN and the store's lock */
};

/* Parameters of one statement, numbers in network byte order. */
typedef struct params {
	const char *value[4];
	int length[4];
	int format[4];
	unsigned char number[4][8];
	int n;
} params;

static void p_int(params *p, int64_t v, int size)
{
	unsigned char *b = p->number[p->n];
	for (int i = 0; i < size; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * (size - 1 - i)));
	p->value[p->n] = (const char *)b;
	p->length[p->n] = size;
	p->format[p->n++] = 1;
}

static void p_text(params *p, const char *s)
{
	p->value[p->n] = s;
	p->length[p->n] = 0;
	p->format[p->n++] = 0;
}

static void p_bytes(params *p, const void *data, size_t size)
{
	p->value[p->n] = size ? data : "";
	p->length[p->n] = (int)size;
	p->format[p->n++] = 1;
}

static int64_t r_int(const PGresult *r, int row, int col)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(r, row, col);
	int size = PQgetlength(r, row, col);
	uint64_t v = 0;
	for (int i = 0; i < size; i++)
		v = v << 8 | b[i];
	return size == 4 ? (int32_t)v : (int64_t)v;
}

static int say(int status, const char *message)
{
	telsvc_error_set(status, message);
	return status;
}

/* The server's message for @r (or the connection's), without its newline. */
static int fail(const telsvc_pg *p, PGresult *r, const char *what)
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
	return say(status, message);
}

static PGresult *run(telsvc_pg *p, int q, const params *ps)
{
	return PQexecPrepared(p->conn, queries[q].name, ps ? ps->n : 0, ps ? ps->value : NULL,
			      ps ? ps->length : NULL, ps ? ps->format : NULL, 1);
}

/* Run @sql (no parameters, no rows); TELSVC_OK or the failure. */
static int exec(telsvc_pg *p, const char *sql, const char *what)
{
	PGresult *r = PQexec(p->conn, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		return fail(p, r, what);
	PQclear(r);
	return TELSVC_OK;
}

static bool idle(const telsvc_pg *p)
{
	return PQtransactionStatus(p->conn) == PQTRANS_IDLE;
}

/* ---- the callbacks ---- */

static int cb_begin(void *payload)
{
	telsvc_pg *p = payload;
	if (!idle(p))
		return say(TELSVC_ESTORAGE, "postgresql: begin: a transaction is already open");
	return exec(p, p->begin, "begin");
}

static int cb_commit(void *payload)
{
	telsvc_pg *p = payload;
	PGresult *r = PQexec(p->conn, "COMMIT");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return fail(p, r, "commit");
	/* COMMIT of a transaction that had failed answers ROLLBACK */
	bool committed = !strcmp(PQcmdStatus(r), "COMMIT");
	PQclear(r);
	return committed ? TELSVC_OK : say(TELSVC_ESTORAGE, "postgresql: commit: the transaction had failed and was rolled back");
}

static int cb_rollback(void *payload)
{
	telsvc_pg *p = payload;
	return idle(p) ? TELSVC_OK : exec(p, "ROLLBACK", "rollback");
}

/* Whether statement @r changed a row, into *@row; TELSVC_OK or its failure. */
static int changed(telsvc_pg *p, PGresult *r, const char *what, bool *row)
{
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return fail(p, r, what);
	*row = atoi(PQcmdTuples(r)) > 0;
	PQclear(r);
	return TELSVC_OK;
}

static int cb_put(void *payload, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	telsvc_pg *p = payload;
	char message[256];
	if (size > INT_MAX)
		return say(TELSVC_ESTORAGE, "postgresql: put: a record over 2 GiB");
	if (expected > INT64_MAX - 1)
		return say(TELSVC_ECONFLICT, "postgresql: put: no object has that revision");
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	p_text(&ps, id);
	if (expected)
		p_int(&ps, (int64_t)expected, 8);
	p_bytes(&ps, data, size);
	bool row = false;
	int rc = changed(p, run(p, expected ? Q_UPDATE : Q_INSERT, &ps), "put", &row);
	if (rc != TELSVC_OK || row)
		return rc;
	snprintf(message, sizeof(message), "postgresql: object %d/%s is not at revision %llu", kind, id,
		 (unsigned long long)expected);
	return say(TELSVC_ECONFLICT, message);
}

static int cb_get(void *payload, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	telsvc_pg *p = payload;
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	p_text(&ps, id);
	PGresult *r = run(p, Q_GET, &ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		return fail(p, r, "get");
	if (PQntuples(r) == 0) {
		PQclear(r);
		char message[256];
		snprintf(message, sizeof(message), "postgresql: no object %d/%s", kind, id);
		return say(TELSVC_ENOTFOUND, message);
	}
	*revision = (uint64_t)r_int(r, 0, 0);
	int rc = telsvc_buf_set(out, PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1));
	PQclear(r);
	return rc;
}

/* Outside a transaction, a walk reads every page from one snapshot. */
static int walk_begin(telsvc_pg *p, bool *own)
{
	*own = idle(p);
	return *own ? exec(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "iterate") : TELSVC_OK;
}

static int walk_end(telsvc_pg *p, bool own, int status)
{
	if (!own)
		return status;
	int rc = exec(p, status == TELSVC_OK ? "COMMIT" : "ROLLBACK", "iterate");
	return status != TELSVC_OK ? status : rc;
}

/* Visit one page of objects; the number of rows, or -1 with *status set. */
static int object_page(telsvc_pg *p, int kind, char **after, telsvc_storage_visit_fn visit, void *vp, int *status)
{
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	p_text(&ps, *after);
	PGresult *r = run(p, Q_ITERATE, &ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*status = fail(p, r, "iterate");
		return -1;
	}
	int rows = PQntuples(r);
	for (int i = 0; i < rows && *status == TELSVC_OK; i++)
		*status = visit(kind, PQgetvalue(r, i, 0), (uint64_t)r_int(r, i, 1), PQgetvalue(r, i, 2),
				(size_t)PQgetlength(r, i, 2), vp);
	if (rows && *status == TELSVC_OK) {
		char *last = strdup(PQgetvalue(r, rows - 1, 0));
		if (!last)
			*status = say(TELSVC_ENOMEM, "postgresql: iterate: out of memory");
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
		status = say(TELSVC_ENOMEM, "postgresql: iterate: out of memory");
	while (status == TELSVC_OK && object_page(p, kind, &after, visit, visit_payload, &status) == PAGE_ROWS)
		;
	free(after);
	return walk_end(p, own, status);
}

static int audit_said(int status, const char *what, uint64_t seq)
{
	char message[128];
	snprintf(message, sizeof(message), "postgresql: audit record %llu %s", (unsigned long long)seq, what);
	return say(status, message);
}

/* Run the audit statement @q on record @seq with @data; if it changes
 * no row, the answer is @none, saying @why. */
static int audit_write(telsvc_pg *p, int q, uint64_t seq, const void *data, size_t size, int none, const char *why)
{
	if (seq > INT64_MAX || size > INT_MAX)
		return say(TELSVC_ESTORAGE, "postgresql: an audit record's number or size is out of range");
	params ps = { .n = 0 };
	p_int(&ps, (int64_t)seq, 8);
	p_bytes(&ps, data, size);
	bool row = false;
	int rc = changed(p, run(p, q, &ps), q == Q_AUDIT_APPEND ? "audit append" : "audit replace", &row);
	return rc != TELSVC_OK || row ? rc : audit_said(none, why, seq);
}

static int cb_audit_append(void *payload, uint64_t seq, const void *data, size_t size)
{
	return audit_write(payload, Q_AUDIT_APPEND, seq, data, size, TELSVC_ECONFLICT, "exists");
}

static int cb_audit_replace(void *payload, uint64_t seq, const void *data, size_t size)
{
	return audit_write(payload, Q_AUDIT_REPLACE, seq, data, size, TELSVC_ENOTFOUND, "does not exist");
}

/* Visit one page of audit records from *from; the number of rows, or -1. */
static int audit_page(telsvc_pg *p, uint64_t *from, telsvc_audit_visit_fn visit, void *vp, int *status)
{
	params ps = { .n = 0 };
	p_int(&ps, (int64_t)*from, 8);
	PGresult *r = run(p, Q_AUDIT_ITERATE, &ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		*status = fail(p, r, "audit iterate");
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

/* ---- opening ---- */

/* @sql with every '@' replaced by the quoted schema; NULL out of memory. */
static char *in_schema(const telsvc_pg *p, const char *sql)
{
	size_t at = 0, n = strlen(p->schema);
	for (const char *c = sql; *c; c++)
		at += *c == '@';
	char *out = malloc(strlen(sql) + at * n + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *c = sql; *c; c++) {
		if (*c == '@') {
			memcpy(o, p->schema, n);
			o += n;
		} else {
			*o++ = *c;
		}
	}
	*o = '\0';
	return out;
}

static int exec_in_schema(telsvc_pg *p, const char *sql, const char *what)
{
	char *text = in_schema(p, sql);
	if (!text)
		return say(TELSVC_ENOMEM, "postgresql: out of memory");
	int rc = exec(p, text, what);
	free(text);
	return rc;
}

/* One value of a one-row, one-column query in text form; NULL is "". */
static int scalar(telsvc_pg *p, const char *sql, const char *param, char *out, size_t size, const char *what)
{
	char *text = in_schema(p, sql);
	if (!text)
		return say(TELSVC_ENOMEM, "postgresql: out of memory");
	PGresult *r = PQexecParams(p->conn, text, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
	free(text);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		return fail(p, r, what);
	snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return TELSVC_OK;
}

/* Create or migrate the tables, one process at a time; the caller rolls
 * back on failure. */
static int migrate(telsvc_pg *p, bool must_exist)
{
	char value[64];
	int rc = exec(p, "BEGIN", "migrating the schema");
	if (rc == TELSVC_OK)
		rc = exec(p, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", "migrating the schema");
	if (rc == TELSVC_OK)
		rc = scalar(p, "SELECT to_regnamespace($1) IS NOT NULL", p->schema, value, sizeof(value),
			    "reading the schema");
	if (rc == TELSVC_OK && strcmp(value, "t") != 0) {
		if (must_exist)
			return say(TELSVC_ENOTFOUND, "postgresql: no schema for the library's tables");
		rc = exec_in_schema(p, "CREATE SCHEMA @", "creating the schema");
	}
	if (rc == TELSVC_OK)
		rc = scalar(p, "SELECT to_regclass('@.telsvc_schema') IS NOT NULL", NULL, value, sizeof(value),
			    "reading the schema version");
	int version = 0;
	if (rc == TELSVC_OK && strcmp(value, "t") == 0) {
		rc = scalar(p, "SELECT version FROM @.telsvc_schema", NULL, value, sizeof(value),
			    "reading the schema version");
		version = atoi(value);
	} else if (rc == TELSVC_OK && must_exist) {
		return say(TELSVC_ENOTFOUND, "postgresql: the schema has no telsvc tables");
	}
	if (rc != TELSVC_OK)
		return rc;
	if (version > SCHEMA_VERSION) {
		char message[160];
		snprintf(message, sizeof(message), "postgresql: the database has schema %d; this library knows %d",
			 version, SCHEMA_VERSION);
		return say(TELSVC_EVERSION, message);
	}
	for (int v = version; rc == TELSVC_OK && v < SCHEMA_VERSION; v++) {
		rc = exec_in_schema(p, migrations[v], "migrating the schema");
		snprintf(value, sizeof(value), "%d", v + 1);
		if (rc == TELSVC_OK)
			rc = scalar(p, "UPDATE @.telsvc_schema SET version = $1 RETURNING version", value, value,
				    sizeof(value), "migrating the schema");
	}
	return rc == TELSVC_OK ? exec(p, "COMMIT", "migrating the schema") : rc;
}

static int prepare(telsvc_pg *p)
{
	for (int q = 0; q < Q_N; q++) {
		char *text = in_schema(p, queries[q].sql);
		if (!text)
			return say(TELSVC_ENOMEM, "postgresql: out of memory");
		PGresult *r = PQprepare(p->conn, queries[q].name, text, queries[q].params, queries[q].types);
		free(text);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return fail(p, r, "preparing statements");
		PQclear(r);
	}
	return TELSVC_OK;
}

/* libpq prints notices to stderr by default; the library does no I/O. */
static void quiet(void *arg, const PGresult *r)
{
	(void)arg;
	(void)r;
}

static int setup(telsvc_pg *p, const telsvc_pg_options *o)
{
	if (PQstatus(p->conn) != CONNECTION_OK)
		return fail(p, NULL, "connecting");
	PQsetNoticeReceiver(p->conn, quiet, NULL);
	const char *name = o->schema ? o->schema : "public";
	char *quoted = PQescapeIdentifier(p->conn, name, strlen(name));
	if (!quoted)
		return fail(p, NULL, "the schema name");
	p->schema = strdup(quoted);
	PQfreemem(quoted);
	if (!p->schema)
		return say(TELSVC_ENOMEM, "postgresql: out of memory");
	char sql[64], value[16];
	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", o->lock_timeout_ms ? o->lock_timeout_ms : 5000);
	int rc = exec(p, sql, "setting the lock timeout");
	if (rc == TELSVC_OK)
		rc = migrate(p, o->must_exist);
	if (rc != TELSVC_OK) {
		cb_rollback(p);
		return rc;
	}
	if ((rc = scalar(p, "SELECT current_setting('synchronous_commit')", NULL, value, sizeof(value),
			 "reading synchronous_commit")) != TELSVC_OK)
		return rc;
	p->capabilities = TELSVC_STORAGE_CAP_ATOMIC | TELSVC_STORAGE_CAP_SHARED |
			  (strcmp(value, "off") ? TELSVC_STORAGE_CAP_DURABLE : 0);
	/* the lock that makes one writer at a time append to this schema's
	 * log: keyed by the schema's oid, released when the transaction ends */
	if ((rc = scalar(p, "SELECT to_regnamespace($1)::oid", p->schema, value, sizeof(value),
			 "reading the schema")) != TELSVC_OK)
		return rc;
	snprintf(p->begin, sizeof(p->begin), "BEGIN; SELECT pg_advisory_xact_lock(%s, %lu)", LOCK_CLASS,
		 strtoul(value, NULL, 10));
	return prepare(p);
}

int telsvc_pg_open(telsvc_pg **out, const char *conninfo, const telsvc_pg_options *options)
{
	static const telsvc_pg_options defaults = TELSVC_PG_OPTIONS_INIT;
	if (!out || !conninfo)
		return say(TELSVC_EINVAL, out ? "telsvc_pg_open: conninfo is NULL" : "telsvc_pg_open: out is NULL");
	*out = NULL;
	const telsvc_pg_options *o = options ? options : &defaults;
	if (o->version != TELSVC_PG_OPTIONS_VERSION) {
		char message[128];
		snprintf(message, sizeof(message), "telsvc_pg_open: options version %u; this library knows %u",
			 o->version, TELSVC_PG_OPTIONS_VERSION);
		return say(TELSVC_EVERSION, message);
	}
	if (o->lock_timeout_ms < 0 || (o->schema && !*o->schema))
		return say(TELSVC_EINVAL, "telsvc_pg_open: the lock timeout is negative, or the schema name empty");
	telsvc_pg *p = calloc(1, sizeof(*p));
	if (!p)
		return say(TELSVC_ENOMEM, "telsvc_pg_open: out of memory");
	p->conn = PQconnectdb(conninfo);
	int rc = p->conn ? setup(p, o) : say(TELSVC_ENOMEM, "telsvc_pg_open: out of memory");
	if (rc != TELSVC_OK) {
		telsvc_pg_close(p);
		return rc;
	}
	*out = p;
	return TELSVC_OK;
}

void telsvc_pg_close(telsvc_pg *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	free(db->schema);
	free(db);
}

int telsvc_pg_storage(telsvc_storage *out, telsvc_pg *db)
{
	if (!out || !db)
		return say(TELSVC_EINVAL, "telsvc_pg_storage: an argument is NULL");
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
	PGresult *r = run(db, q, ps);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		return fail(db, r, "count");
	*out = (uint64_t)r_int(r, 0, 0);
	PQclear(r);
	return TELSVC_OK;
}

int telsvc_pg_object_count(uint64_t *out, telsvc_pg *db, int kind)
{
	if (!out || !db)
		return say(TELSVC_EINVAL, "telsvc_pg_object_count: an argument is NULL");
	params ps = { .n = 0 };
	p_int(&ps, kind, 4);
	return count(out, db, kind ? Q_COUNT_KIND : Q_COUNT_ALL, kind ? &ps : NULL);
}

int telsvc_pg_audit_count(uint64_t *out, telsvc_pg *db)
{
	if (!out || !db)
		return say(TELSVC_EINVAL, "telsvc_pg_audit_count: an argument is NULL");
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
