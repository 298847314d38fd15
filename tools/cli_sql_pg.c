/* The command's database on PostgreSQL: libtelsvc-pg, and the command's
 * tables beside the library's in the same schema, on its connection
 * (telsvc_pg_handle()). References sort as bytes, as on SQLite, so that
 * both give the same output. */
#include "cli_sql.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <telsvc/pg.h>

/* '@' stands for the quoted schema. */
static const char schema_sql[] =
	"CREATE TABLE @.telsvc_cli_settings(name text PRIMARY KEY, value bytea NOT NULL);"
	"CREATE TABLE @.telsvc_cli_refs(ref text COLLATE \"C\" PRIMARY KEY, kind bigint NOT NULL,"
	" number text COLLATE \"C\" NOT NULL);"
	"CREATE INDEX telsvc_cli_refs_number ON @.telsvc_cli_refs(number);"
	"CREATE TABLE @.telsvc_cli_outages(ref text COLLATE \"C\" PRIMARY KEY, start bigint NOT NULL, \"end\" bigint,"
	" units bigint NOT NULL, service_type text);";

enum { Q_PUT_SETTING, Q_GET_SETTING, Q_FIND_REF, Q_REF_OF, Q_ADD_REF, Q_REFS, Q_ADD_OUTAGE, Q_OUTAGES, Q_N };

static const struct query {
	const char *name; /* of the prepared statement */
	const char *sql;
	int params;
	int binary; /* results in binary: a bytea's bytes */
} queries[Q_N] = {
	[Q_PUT_SETTING] = { "telsvc_cli_put_setting", "INSERT INTO @.telsvc_cli_settings VALUES ($1, $2)", 2, 0 },
	[Q_GET_SETTING] = { "telsvc_cli_get_setting", "SELECT value FROM @.telsvc_cli_settings WHERE name = $1", 1, 1 },
	[Q_FIND_REF] = { "telsvc_cli_find_ref", "SELECT kind, number FROM @.telsvc_cli_refs WHERE ref = $1", 1, 0 },
	[Q_REF_OF] = { "telsvc_cli_ref_of", "SELECT ref FROM @.telsvc_cli_refs WHERE number = $1", 1, 0 },
	[Q_ADD_REF] = { "telsvc_cli_add_ref", "INSERT INTO @.telsvc_cli_refs VALUES ($1, $2, $3)", 3, 0 },
	[Q_REFS] = { "telsvc_cli_refs", "SELECT ref, kind, number FROM @.telsvc_cli_refs", 0, 0 },
	[Q_ADD_OUTAGE] = { "telsvc_cli_add_outage",
			   "INSERT INTO @.telsvc_cli_outages AS o VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ref) DO UPDATE"
			   " SET \"end\" = excluded.\"end\" WHERE o.\"end\" IS NULL AND excluded.\"end\" IS NOT NULL",
			   5, 0 },
	[Q_OUTAGES] = { "telsvc_cli_outages",
			"SELECT start, \"end\", units, service_type FROM @.telsvc_cli_outages ORDER BY start, ref", 0, 0 },
};

typedef struct pgsql {
	cli_sql base;
	telsvc_pg *store;
	PGconn *conn;
	const char *schema;  /* quoted, owned by @store */
	bool prepared[Q_N]; /* on first use: init creates the tables after opening */
} pgsql;

/* Keep the first line of the reason @r (or the connection) failed; clears @r. */
static int failed(pgsql *d, PGresult *r)
{
	const char *why = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!why)
		why = PQerrorMessage(d->conn);
	snprintf(d->base.error, sizeof(d->base.error), "%.*s", (int)strcspn(why, "\n"), why);
	PQclear(r);
	return -1;
}

/* @sql with each '@' the quoted schema; NULL out of memory. */
static char *in_schema(const pgsql *d, const char *sql)
{
	size_t n = strlen(d->schema), size = strlen(sql) + 1;
	for (const char *c = strchr(sql, '@'); c; c = strchr(c + 1, '@'))
		size += n - 1;
	char *out = malloc(size), *o = out;
	if (!out)
		return NULL;
	for (; *sql; sql++) {
		if (*sql != '@') {
			*o++ = *sql;
			continue;
		}
		memcpy(o, d->schema, n);
		o += n;
	}
	*o = 0;
	return out;
}

/* Run query @q with @values, in text, or all in binary with their
 * @lengths; the result, to check with rows(). */
static PGresult *run(pgsql *d, int q, const char *const *values, const int *lengths)
{
	static const int binary[] = { 1, 1, 1, 1, 1 };
	const struct query *x = &queries[q];
	if (!d->prepared[q]) {
		char *text = in_schema(d, x->sql);
		PGresult *r = text ? PQprepare(d->conn, x->name, text, x->params, NULL) : NULL;
		free(text);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;
		PQclear(r);
		d->prepared[q] = true;
	}
	return PQexecPrepared(d->conn, x->name, x->params, values, lengths, lengths ? binary : NULL, x->binary);
}

/* The rows @r returned or changed; -1, @r cleared, when it failed. */
static int rows(pgsql *d, PGresult *r)
{
	switch (PQresultStatus(r)) {
	case PGRES_TUPLES_OK:
		return PQntuples(r);
	case PGRES_COMMAND_OK:
		return atoi(PQcmdTuples(r));
	default:
		return failed(d, r);
	}
}

/* Run a query that writes: the rows it changed, or -1. */
static int change(pgsql *d, int q, const char *const *values, const int *lengths)
{
	PGresult *r = run(d, q, values, lengths);
	int n = rows(d, r);
	if (n >= 0)
		PQclear(r);
	return n;
}

/* Run the one-key query @q: 1 with *@r holding its row (clear it), 0, -1. */
static int lookup(pgsql *d, int q, const char *key, PGresult **r)
{
	int n = rows(d, *r = run(d, q, &key, NULL));
	if (n == 0)
		PQclear(*r);
	return n > 0 ? 1 : n;
}

static int storage(cli_sql *s, telsvc_storage *out)
{
	return telsvc_pg_storage(out, ((pgsql *)s)->store) ? -1 : 0;
}

static int exec(cli_sql *s, const char *sql)
{
	pgsql *d = (pgsql *)s;
	char *text = in_schema(d, sql);
	PGresult *r = text ? PQexec(d->conn, text) : NULL;
	free(text);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return failed(d, r);
	/* COMMIT of a transaction a statement failed in answers ROLLBACK */
	bool rolled_back = strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "COMMIT") != 0;
	PQclear(r);
	if (rolled_back)
		snprintf(s->error, sizeof(s->error), "the transaction had failed and was rolled back");
	return rolled_back ? -1 : 0;
}

static int create(cli_sql *s)
{
	return exec(s, schema_sql);
}

static int put_setting(cli_sql *s, const char *name, const void *value, size_t size)
{
	const char *values[] = { name, size ? value : "" };
	const int lengths[] = { (int)strlen(name), (int)size };
	return change((pgsql *)s, Q_PUT_SETTING, values, lengths) < 0 ? -1 : 0;
}

static int get_setting(cli_sql *s, const char *name, char **value, size_t *size)
{
	PGresult *r;
	int found = lookup((pgsql *)s, Q_GET_SETTING, name, &r);
	if (found == 1) {
		*size = (size_t)PQgetlength(r, 0, 0);
		if (!(*value = cli_memdup(PQgetvalue(r, 0, 0), *size))) {
			snprintf(s->error, sizeof(s->error), "out of memory");
			found = -1;
		}
		PQclear(r);
	}
	return found;
}

static int find_ref(cli_sql *s, const char *ref, int *kind, char number[CLI_NUMBER_SIZE])
{
	PGresult *r;
	int found = lookup((pgsql *)s, Q_FIND_REF, ref, &r);
	if (found == 1) {
		*kind = atoi(PQgetvalue(r, 0, 0));
		snprintf(number, CLI_NUMBER_SIZE, "%s", PQgetvalue(r, 0, 1));
		PQclear(r);
	}
	return found;
}

static int ref_of(cli_sql *s, const char *number, char *ref, size_t size)
{
	PGresult *r;
	int found = lookup((pgsql *)s, Q_REF_OF, number, &r);
	if (found == 1) {
		snprintf(ref, size, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	return found;
}

static int add_ref(cli_sql *s, const char *ref, int kind, const char *number)
{
	char k[16];
	snprintf(k, sizeof(k), "%d", kind);
	const char *values[] = { ref, k, number };
	return change((pgsql *)s, Q_ADD_REF, values, NULL) < 0 ? -1 : 0;
}

static int each_ref(cli_sql *s, cli_ref_fn visit, void *payload)
{
	pgsql *d = (pgsql *)s;
	PGresult *r = run(d, Q_REFS, NULL, NULL);
	int n = rows(d, r), stop = 0;
	for (int i = 0; i < n && !stop; i++)
		stop = visit(payload, PQgetvalue(r, i, 0), atoi(PQgetvalue(r, i, 1)), PQgetvalue(r, i, 2));
	if (n < 0)
		return -1;
	PQclear(r);
	return stop;
}

static int add_outage(cli_sql *s, const char *ref, const telsvc_outage *o)
{
	char start[24], end[24], units[24];
	snprintf(start, sizeof(start), "%lld", (long long)o->start);
	snprintf(end, sizeof(end), "%lld", (long long)o->end);
	snprintf(units, sizeof(units), "%llu", (unsigned long long)o->units);
	const char *values[] = { ref, start, o->end == TELSVC_NEVER ? NULL : end, units, o->service_type };
	int n = change((pgsql *)s, Q_ADD_OUTAGE, values, NULL);
	return n < 0 ? -1 : n > 0;
}

static int each_outage(cli_sql *s, cli_outage_fn visit, void *payload)
{
	pgsql *d = (pgsql *)s;
	PGresult *r = run(d, Q_OUTAGES, NULL, NULL);
	int n = rows(d, r), stop = 0;
	for (int i = 0; i < n && !stop; i++) {
		telsvc_outage o = { strtoll(PQgetvalue(r, i, 0), NULL, 10),
				    PQgetisnull(r, i, 1) ? TELSVC_NEVER : strtoll(PQgetvalue(r, i, 1), NULL, 10),
				    strtoull(PQgetvalue(r, i, 2), NULL, 10),
				    PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3) };
		stop = visit(payload, &o);
	}
	if (n < 0)
		return -1;
	PQclear(r);
	return stop;
}

static void close_sql(cli_sql *s)
{
	pgsql *d = (pgsql *)s;
	telsvc_pg_close(d->store);
	free(d);
}

/* Does the schema hold cases, audit records or the command's tables?
 * An init that failed leaves only the library's empty tables, and a new
 * one may use them. 0, or 1 or -1 after saying so. */
static int in_use(pgsql *d)
{
	uint64_t objects = 0, records = 0;
	if (telsvc_pg_object_count(&objects, d->store, 0) || telsvc_pg_audit_count(&records, d->store)) {
		cli_fail(d->base.label, 1);
		return -1;
	}
	const char *values[] = { d->schema };
	PGresult *r = PQexecParams(d->conn, "SELECT to_regclass($1 || '.telsvc_cli_settings') IS NOT NULL", 1, NULL,
				   values, NULL, NULL, 0);
	if (rows(d, r) < 0) {
		fprintf(stderr, "telsvc: %s: %s\n", d->base.label, d->base.error);
		return -1;
	}
	bool tables = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!objects && !records && !tables)
		return 0;
	fprintf(stderr, "telsvc: init: %s already exists: it holds cases, audit records or the command's tables\n",
		d->base.label);
	return 1;
}

/* The connection string's settings but its secrets, and the schema. */
static void describe(char *out, size_t size, const char *conninfo, const char *schema)
{
	PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);
	size_t n = 0;
	for (PQconninfoOption *o = opts; o && o->keyword && n < size; o++)
		if (o->val && *o->val && o->dispchar[0] != '*')
			n += (size_t)snprintf(out + n, size - n, "%s%s=%s", n ? " " : "", o->keyword, o->val);
	if (n < size)
		snprintf(out + n, size - n, "%sschema \"%s\"", n ? ", " : "", schema ? schema : "public");
	PQconninfoFree(opts);
}

int cli_sql_pg(cli_sql **out, const char *conninfo, const char *schema, int mode)
{
	pgsql *d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "telsvc: out of memory\n");
		return -1;
	}
	d->base = (cli_sql)CLI_SQL_METHODS;
	describe(d->base.label, sizeof(d->base.label), conninfo, schema);
	telsvc_pg_options o = TELSVC_PG_OPTIONS_INIT;
	o.schema = schema;
	o.must_exist = mode == CLI_SQL_EXISTING;
	if (telsvc_pg_open(&d->store, conninfo, &o)) {
		cli_fail(d->base.label, 1);
		free(d);
		return -1;
	}
	d->conn = telsvc_pg_handle(d->store);
	d->schema = telsvc_pg_schema(d->store);
	int used = mode == CLI_SQL_NEW ? in_use(d) : 0;
	if (used)
		close_sql(&d->base);
	else
		*out = &d->base;
	return used;
}
