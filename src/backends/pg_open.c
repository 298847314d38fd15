/* Connecting to PostgreSQL, and creating or migrating the library's
 * tables (docs/postgresql.md, "Schema and migrations"). */
#include "pg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The schema this code reads and writes (telsvc_schema.version). */
#define SCHEMA_VERSION 1

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
		return tpg_say(TELSVC_ENOMEM, "postgresql: out of memory");
	int rc = tpg_exec(p, text, what);
	free(text);
	return rc;
}

/* One value of a one-row, one-column query in text form; NULL is "". */
static int scalar(telsvc_pg *p, const char *sql, const char *param, char *out, size_t size, const char *what)
{
	char *text = in_schema(p, sql);
	if (!text)
		return tpg_say(TELSVC_ENOMEM, "postgresql: out of memory");
	PGresult *r = PQexecParams(p->conn, text, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
	free(text);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		return tpg_fail(p, r, what);
	snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return TELSVC_OK;
}

/* Create or migrate the tables, one process at a time; the caller rolls
 * back on failure. */
static int migrate(telsvc_pg *p, bool must_exist)
{
	char value[64];
	int rc = tpg_exec(p, "BEGIN", "migrating the schema");
	if (rc == TELSVC_OK)
		rc = tpg_exec(p, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", "migrating the schema");
	if (rc == TELSVC_OK)
		rc = scalar(p, "SELECT to_regnamespace($1) IS NOT NULL", p->schema, value, sizeof(value),
			    "reading the schema");
	if (rc == TELSVC_OK && strcmp(value, "t") != 0) {
		if (must_exist)
			return tpg_say(TELSVC_ENOTFOUND, "postgresql: no schema for the library's tables");
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
		return tpg_say(TELSVC_ENOTFOUND, "postgresql: the schema has no telsvc tables");
	}
	if (rc != TELSVC_OK)
		return rc;
	if (version > SCHEMA_VERSION) {
		char message[160];
		snprintf(message, sizeof(message), "postgresql: the database has schema %d; this library knows %d",
			 version, SCHEMA_VERSION);
		return tpg_say(TELSVC_EVERSION, message);
	}
	for (int v = version; rc == TELSVC_OK && v < SCHEMA_VERSION; v++) {
		rc = exec_in_schema(p, migrations[v], "migrating the schema");
		snprintf(value, sizeof(value), "%d", v + 1);
		if (rc == TELSVC_OK)
			rc = scalar(p, "UPDATE @.telsvc_schema SET version = $1 RETURNING version", value, value,
				    sizeof(value), "migrating the schema");
	}
	return rc == TELSVC_OK ? tpg_exec(p, "COMMIT", "migrating the schema") : rc;
}

static int prepare(telsvc_pg *p)
{
	for (int q = 0; q < Q_N; q++) {
		char *text = in_schema(p, tpg_queries[q].sql);
		if (!text)
			return tpg_say(TELSVC_ENOMEM, "postgresql: out of memory");
		PGresult *r = PQprepare(p->conn, tpg_queries[q].name, text, tpg_queries[q].params, tpg_queries[q].types);
		free(text);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return tpg_fail(p, r, "preparing statements");
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
		return tpg_fail(p, NULL, "connecting");
	PQsetNoticeReceiver(p->conn, quiet, NULL);
	const char *name = o->schema ? o->schema : "public";
	char *quoted = PQescapeIdentifier(p->conn, name, strlen(name));
	if (!quoted)
		return tpg_fail(p, NULL, "the schema name");
	p->schema = strdup(quoted);
	PQfreemem(quoted);
	if (!p->schema)
		return tpg_say(TELSVC_ENOMEM, "postgresql: out of memory");
	char sql[64], value[16];
	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", o->lock_timeout_ms ? o->lock_timeout_ms : 5000);
	int rc = tpg_exec(p, sql, "setting the lock timeout");
	if (rc == TELSVC_OK)
		rc = migrate(p, o->must_exist);
	if (rc != TELSVC_OK) {
		if (!tpg_idle(p))
			PQclear(PQexec(p->conn, "ROLLBACK")); /* the failure stays the one reported */
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
		return tpg_say(TELSVC_EINVAL, out ? "telsvc_pg_open: conninfo is NULL" : "telsvc_pg_open: out is NULL");
	*out = NULL;
	const telsvc_pg_options *o = options ? options : &defaults;
	if (o->version != TELSVC_PG_OPTIONS_VERSION) {
		char message[128];
		snprintf(message, sizeof(message), "telsvc_pg_open: options version %u; this library knows %u",
			 o->version, (unsigned)TELSVC_PG_OPTIONS_VERSION);
		return tpg_say(TELSVC_EVERSION, message);
	}
	if (o->lock_timeout_ms < 0 || (o->schema && !*o->schema))
		return tpg_say(TELSVC_EINVAL, "telsvc_pg_open: the lock timeout is negative, or the schema name empty");
	telsvc_pg *p = calloc(1, sizeof(*p));
	if (!p)
		return tpg_say(TELSVC_ENOMEM, "telsvc_pg_open: out of memory");
	p->conn = PQconnectdb(conninfo);
	int rc = p->conn ? setup(p, o) : tpg_say(TELSVC_ENOMEM, "telsvc_pg_open: out of memory");
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
	pending_free(&db->written);
	tpg_batch_free(&db->appended);
	free(db->schema);
	free(db);
}

