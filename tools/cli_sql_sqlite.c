/* The command's database on SQLite: libtelsvc-sqlite, and the command's
 * tables on the same connection (telsvc_sqlite_handle()). */
#include "cli_sql.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <telsvc/sqlite.h>
#include <unistd.h>

static const char schema[] =
	"CREATE TABLE telsvc_cli_settings(name TEXT PRIMARY KEY, value BLOB NOT NULL);"
	"CREATE TABLE telsvc_cli_refs(ref TEXT PRIMARY KEY, kind INTEGER NOT NULL, number TEXT NOT NULL)"
	" WITHOUT ROWID;"
	"CREATE INDEX telsvc_cli_refs_number ON telsvc_cli_refs(number);"
	"CREATE TABLE telsvc_cli_outages(ref TEXT PRIMARY KEY, start INTEGER NOT NULL, end INTEGER,"
	" units INTEGER NOT NULL, service_type TEXT);";

enum { Q_PUT_SETTING, Q_GET_SETTING, Q_FIND_REF, Q_REF_OF, Q_ADD_REF, Q_REFS, Q_ADD_OUTAGE, Q_OUTAGES, Q_N };

static const char *const queries[Q_N] = {
	[Q_PUT_SETTING] = "INSERT INTO telsvc_cli_settings VALUES(?, ?)",
	[Q_GET_SETTING] = "SELECT value FROM telsvc_cli_settings WHERE name = ?",
	[Q_FIND_REF] = "SELECT kind, number FROM telsvc_cli_refs WHERE ref = ?",
	[Q_REF_OF] = "SELECT ref FROM telsvc_cli_refs WHERE number = ?",
	[Q_ADD_REF] = "INSERT INTO telsvc_cli_refs VALUES(?, ?, ?)",
	[Q_REFS] = "SELECT ref, kind, number FROM telsvc_cli_refs",
	[Q_ADD_OUTAGE] = ("INSERT INTO telsvc_cli_outages VALUES(?, ?, ?, ?, ?) ON CONFLICT(ref) DO UPDATE"
			  " SET end = excluded.end WHERE end IS NULL AND excluded.end IS NOT NULL"),
	[Q_OUTAGES] = "SELECT start, end, units, service_type FROM telsvc_cli_outages ORDER BY start, ref",
};

typedef struct lite {
	cli_sql base;
	telsvc_sqlite *store;
	sqlite3 *conn;
	sqlite3_stmt *q[Q_N]; /* prepared on first use: init creates the tables after opening */
} lite;

static int failed(lite *d)
{
	snprintf(d->base.error, sizeof(d->base.error), "%s", sqlite3_errmsg(d->conn));
	return -1;
}

static sqlite3_stmt *stmt(lite *d, int q)
{
	if (!d->q[q] && sqlite3_prepare_v2(d->conn, queries[q], -1, &d->q[q], NULL) != SQLITE_OK)
		failed(d);
	return d->q[q];
}

/* Step @q: 1 a row (reset it once read), 0 done, -1 failed; reset unless a row. */
static int step(lite *d, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		return 1;
	int out = rc == SQLITE_DONE ? 0 : failed(d);
	sqlite3_reset(q);
	return out;
}

static int storage(cli_sql *s, telsvc_storage *out)
{
	return telsvc_sqlite_storage(out, ((lite *)s)->store) ? -1 : 0;
}

static int exec(cli_sql *s, const char *sql)
{
	lite *d = (lite *)s;
	return sqlite3_exec(d->conn, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : failed(d);
}

static int create(cli_sql *s)
{
	return exec(s, schema);
}

static int put_setting(cli_sql *s, const char *name, const void *value, size_t size)
{
	lite *d = (lite *)s;
	sqlite3_stmt *q = stmt(d, Q_PUT_SETTING);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 2, value, (int)size, SQLITE_STATIC);
	return step(d, q);
}

/* Run the one-key query @q: 1 with *@row on its row (reset it once
 * read), 0 no row, -1 failed. */
static int lookup(lite *d, int q, const char *key, sqlite3_stmt **row)
{
	if (!(*row = stmt(d, q)))
		return -1;
	sqlite3_bind_text(*row, 1, key, -1, SQLITE_STATIC);
	return step(d, *row);
}

static int get_setting(cli_sql *s, const char *name, char **value, size_t *size)
{
	sqlite3_stmt *q;
	int found = lookup((lite *)s, Q_GET_SETTING, name, &q);
	if (found == 1) {
		*size = (size_t)sqlite3_column_bytes(q, 0);
		if (!(*value = cli_memdup(sqlite3_column_blob(q, 0), *size))) {
			snprintf(s->error, sizeof(s->error), "out of memory");
			found = -1;
		}
		sqlite3_reset(q);
	}
	return found;
}

static int find_ref(cli_sql *s, const char *ref, int *kind, char number[CLI_NUMBER_SIZE])
{
	sqlite3_stmt *q;
	int found = lookup((lite *)s, Q_FIND_REF, ref, &q);
	if (found == 1) {
		*kind = sqlite3_column_int(q, 0);
		snprintf(number, CLI_NUMBER_SIZE, "%s", (const char *)sqlite3_column_text(q, 1));
		sqlite3_reset(q);
	}
	return found;
}

static int ref_of(cli_sql *s, const char *number, char *ref, size_t size)
{
	sqlite3_stmt *q;
	int found = lookup((lite *)s, Q_REF_OF, number, &q);
	if (found == 1) {
		snprintf(ref, size, "%s", (const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
	}
	return found;
}

static int add_ref(cli_sql *s, const char *ref, int kind, const char *number)
{
	lite *d = (lite *)s;
	sqlite3_stmt *q = stmt(d, Q_ADD_REF);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, kind);
	sqlite3_bind_text(q, 3, number, -1, SQLITE_STATIC);
	return step(d, q);
}

static int each_ref(cli_sql *s, cli_ref_fn visit, void *payload)
{
	lite *d = (lite *)s;
	sqlite3_stmt *q = stmt(d, Q_REFS);
	if (!q)
		return -1;
	int rc, stop = 0;
	while (!stop && (rc = step(d, q)) == 1)
		stop = visit(payload, (const char *)sqlite3_column_text(q, 0), sqlite3_column_int(q, 1),
			     (const char *)sqlite3_column_text(q, 2));
	if (stop)
		sqlite3_reset(q);
	return stop ? stop : rc;
}

static int add_outage(cli_sql *s, const char *ref, const telsvc_outage *o)
{
	lite *d = (lite *)s;
	sqlite3_stmt *q = stmt(d, Q_ADD_OUTAGE);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, o->start);
	if (o->end == TELSVC_NEVER)
		sqlite3_bind_null(q, 3);
	else
		sqlite3_bind_int64(q, 3, o->end);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)o->units);
	sqlite3_bind_text(q, 5, o->service_type, -1, SQLITE_STATIC);
	return step(d, q) ? -1 : sqlite3_changes(d->conn) > 0;
}

static int each_outage(cli_sql *s, cli_outage_fn visit, void *payload)
{
	lite *d = (lite *)s;
	sqlite3_stmt *q = stmt(d, Q_OUTAGES);
	if (!q)
		return -1;
	int rc, stop = 0;
	while (!stop && (rc = step(d, q)) == 1) {
		telsvc_outage o = { sqlite3_column_int64(q, 0),
				    sqlite3_column_type(q, 1) == SQLITE_NULL ? TELSVC_NEVER : sqlite3_column_int64(q, 1),
				    (uint64_t)sqlite3_column_int64(q, 2), (const char *)sqlite3_column_text(q, 3) };
		stop = visit(payload, &o);
	}
	if (stop)
		sqlite3_reset(q);
	return stop ? stop : rc;
}

static void close_sql(cli_sql *s)
{
	lite *d = (lite *)s;
	for (int i = 0; i < Q_N; i++)
		sqlite3_finalize(d->q[i]);
	telsvc_sqlite_close(d->store);
	free(d);
}

int cli_sql_sqlite(cli_sql **out, const char *path, int mode, int sync)
{
	static const int syncs[] = { [CLI_SYNC_NORMAL] = TELSVC_SQLITE_SYNC_NORMAL,
				     [CLI_SYNC_FULL] = TELSVC_SQLITE_SYNC_FULL,
				     [CLI_SYNC_OFF] = TELSVC_SQLITE_SYNC_OFF };
	if (mode == CLI_SQL_NEW && access(path, F_OK) == 0) {
		fprintf(stderr, "telsvc: init: %s already exists\n", path);
		return 1;
	}
	lite *d = calloc(1, sizeof(*d));
	if (!d) {
		fprintf(stderr, "telsvc: out of memory\n");
		return -1;
	}
	telsvc_sqlite_options o = TELSVC_SQLITE_OPTIONS_INIT;
	o.must_exist = mode == CLI_SQL_EXISTING;
	o.sync = syncs[sync];
	if (telsvc_sqlite_open(&d->store, path, &o)) {
		cli_fail("database", 1);
		free(d);
		return -1;
	}
	d->conn = telsvc_sqlite_handle(d->store);
	d->base = (cli_sql)CLI_SQL_METHODS;
	snprintf(d->base.label, sizeof(d->base.label), "%s", path);
	*out = &d->base;
	return 0;
}
