/* Storage on SQLite (telsvc/sqlite.h, docs/sqlite.md): the storage
 * callbacks over two tables, with prepared statements kept for the life
 * of the handle. It uses only libtelsvc's public API.
 *
 * Within a transaction an object put again is not rewritten at once: a
 * host transaction that changes one case many times (a batch of an
 * ingest) would rewrite its whole record each time. The first put of an
 * object checks its revision in the table (for a new object, that the
 * table has none); the transaction holds the write lock from its start
 * (BEGIN IMMEDIATE), so later puts are checked against the revision kept
 * in memory, and the last bytes are written once, inserted or updated,
 * at commit, or before anything reads the table. The audit log's
 * records are kept back likewise (sqlite_audit.c). */
#include "sqlite_internal.h"

#include "telsvc/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
	"BEGIN IMMEDIATE;"
	"CREATE TABLE IF NOT EXISTS telsvc_objects("
	" kind INTEGER NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL CHECK (revision > 0),"
	" data BLOB NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS telsvc_audit(seq INTEGER PRIMARY KEY CHECK (seq > 0), data BLOB NOT NULL);"
	"PRAGMA user_version = " SCHEMA_TEXT(SCHEMA_VERSION) ";"
	"COMMIT;";

const char *const tsq_sql[ST_N] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_INSERT] = "INSERT INTO telsvc_objects(kind, id, revision, data) VALUES (?1, ?2, ?3, ?4)",
	[ST_UPDATE] = ("UPDATE telsvc_objects SET revision = revision + 1, data = ?4"
		       " WHERE kind = ?1 AND id = ?2 AND revision = ?3"),
	[ST_GET] = "SELECT revision, data FROM telsvc_objects WHERE kind = ?1 AND id = ?2",
	[ST_ITERATE] = "SELECT id, revision, data FROM telsvc_objects WHERE kind = ?1 ORDER BY id",
	[ST_AUDIT_APPEND] = "INSERT INTO telsvc_audit(seq, data) VALUES (?1, ?2)",
	/* from the row whose run may hold ?1 */
	[ST_AUDIT_ITERATE] = ("SELECT seq, data FROM telsvc_audit WHERE seq >= "
			      "coalesce((SELECT max(seq) FROM telsvc_audit WHERE seq <= ?1), 0) ORDER BY seq"),
	[ST_AUDIT_REPLACE] = "UPDATE telsvc_audit SET data = ?2 WHERE seq = ?1",
	[ST_COUNT_KIND] = "SELECT count(*) FROM telsvc_objects WHERE kind = ?1",
	[ST_COUNT_ALL] = "SELECT count(*) FROM telsvc_objects",
	[ST_AUDIT_ALL] = "SELECT seq, data FROM telsvc_audit",
	[ST_AUDIT_AT] = "SELECT seq, data FROM telsvc_audit WHERE seq <= ?1 ORDER BY seq DESC LIMIT 1",
	[ST_AUDIT_AFTER] = "SELECT min(seq) FROM telsvc_audit WHERE seq > ?1",
	[ST_FLUSH] = "UPDATE telsvc_objects SET revision = ?3, data = ?4 WHERE kind = ?1 AND id = ?2",
	[ST_REVISION] = "SELECT revision FROM telsvc_objects WHERE kind = ?1 AND id = ?2",
};

int tsq_fail(const telsvc_sqlite *s, int status, const char *what)
{
	char message[512];
	snprintf(message, sizeof(message), "sqlite: %s: %s", what, s->db ? sqlite3_errmsg(s->db) : "no database");
	telsvc_error_set(status, message);
	return status;
}

int tsq_say(int status, const char *message)
{
	telsvc_error_set(status, message);
	return status;
}

sqlite3_stmt *tsq_stmt(telsvc_sqlite *s, int which)
{
	sqlite3_stmt *q = s->st[which];
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return q;
}

static int run(telsvc_sqlite *s, int which, const char *what)
{
	sqlite3_stmt *q = tsq_stmt(s, which);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? TELSVC_OK : tsq_fail(s, TELSVC_ESTORAGE, what);
}

/* ---- the callbacks ---- */

/* Whether a transaction is open is SQLite's own state (autocommit off). */
static int cb_begin(void *payload)
{
	telsvc_sqlite *s = payload;
	if (!sqlite3_get_autocommit(s->db))
		return tsq_say(TELSVC_ESTORAGE, "sqlite: begin: a transaction is already open");
	tsq_audit_forget(s, true); /* another connection may have appended since */
	return run(s, ST_BEGIN, "begin");
}

int tsq_bind_blob(sqlite3_stmt *q, int i, const void *data, size_t size)
{
	return sqlite3_bind_blob64(q, i, size ? data : "", size, SQLITE_STATIC);
}

/* Write the transaction's objects to the table. */
static int flush(telsvc_sqlite *s)
{
	pending_object **dirty;
	size_t n;
	if (pending_dirty(&s->written, &dirty, &n))
		return tsq_say(TELSVC_ENOMEM, "sqlite: writing the transaction's objects: out of memory");
	for (size_t i = 0; i < n; i++) {
		pending_object *o = dirty[i];
		sqlite3_stmt *q = tsq_stmt(s, o->fresh ? ST_INSERT : ST_FLUSH);
		sqlite3_bind_int(q, 1, o->kind);
		sqlite3_bind_text(q, 2, o->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, (sqlite3_int64)o->revision);
		tsq_bind_blob(q, 4, o->data, o->size);
		int rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE || sqlite3_changes(s->db) != 1)
			return tsq_fail(s, TELSVC_ESTORAGE, "writing the transaction's objects");
		o->dirty = false;
		o->fresh = false;
	}
	return TELSVC_OK;
}

static int cb_commit(void *payload)
{
	telsvc_sqlite *s = payload;
	int rc = tsq_audit_flush(s);
	if (rc == TELSVC_OK)
		rc = flush(s);
	pending_clear(&s->written);
	if (rc != TELSVC_OK) {
		tsq_audit_forget(s, false);
		run(s, ST_ROLLBACK, "rollback");
		return rc;
	}
	rc = run(s, ST_COMMIT, "commit");
	/* a failed COMMIT leaves SQLite's transaction open for the host's rollback */
	if (rc == TELSVC_OK || sqlite3_get_autocommit(s->db))
		tsq_audit_forget(s, rc == TELSVC_OK);
	return rc;
}

static int cb_rollback(void *payload)
{
	telsvc_sqlite *s = payload;
	pending_clear(&s->written);
	tsq_audit_forget(s, false);
	return sqlite3_get_autocommit(s->db) ? TELSVC_OK : run(s, ST_ROLLBACK, "rollback");
}

static int conflict(int kind, const char *id, uint64_t expected)
{
	char message[256];
	snprintf(message, sizeof(message), "sqlite: object %d/%s is not at revision %llu", kind, id,
		 (unsigned long long)expected);
	return tsq_say(TELSVC_ECONFLICT, message);
}

static int cb_put(void *payload, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	telsvc_sqlite *s = payload;
	if (expected > INT64_MAX - 1)
		return tsq_say(TELSVC_ECONFLICT, "sqlite: put: no object has that revision");
	bool in_txn = !sqlite3_get_autocommit(s->db);
	pending_object *o = in_txn ? pending_find(&s->written, kind, id) : NULL;
	if (!o && in_txn) {
		/* check the revision now (none: a new object), write at commit */
		sqlite3_stmt *q = tsq_stmt(s, ST_REVISION);
		sqlite3_bind_int(q, 1, kind);
		sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
		int rc = sqlite3_step(q);
		uint64_t stored = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(q, 0) : 0;
		sqlite3_reset(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return tsq_fail(s, TELSVC_ESTORAGE, "put");
		if (stored != expected)
			return conflict(kind, id, expected);
		if (!(o = pending_add(&s->written, kind, id, expected)))
			return tsq_say(TELSVC_ENOMEM, "sqlite: put: out of memory");
		o->fresh = !expected;
	}
	if (o) {
		if (expected != o->revision)
			return conflict(kind, id, expected);
		if (pending_store(o, data, size))
			return tsq_say(TELSVC_ENOMEM, "sqlite: put: out of memory");
		o->revision++;
		return TELSVC_OK;
	}
	/* outside a transaction: at once */
	sqlite3_stmt *q = tsq_stmt(s, expected ? ST_UPDATE : ST_INSERT);
	sqlite3_bind_int(q, 1, kind);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)(expected ? expected : 1)); /* UPDATE: the one expected; INSERT: the first */
	tsq_bind_blob(q, 4, data, size);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_CONSTRAINT || (rc == SQLITE_DONE && expected && sqlite3_changes(s->db) == 0))
		return conflict(kind, id, expected);
	return rc == SQLITE_DONE ? TELSVC_OK : tsq_fail(s, TELSVC_ESTORAGE, "put");
}

static int cb_get(void *payload, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	telsvc_sqlite *s = payload;
	pending_object *o = pending_find(&s->written, kind, id);
	if (o && o->dirty) {
		*revision = o->revision;
		return telsvc_buf_set(out, o->data, o->size);
	}
	sqlite3_stmt *q = tsq_stmt(s, ST_GET);
	sqlite3_bind_int(q, 1, kind);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*revision = (uint64_t)sqlite3_column_int64(q, 0);
		const void *data = sqlite3_column_blob(q, 1);
		rc = telsvc_buf_set(out, data, (size_t)sqlite3_column_bytes(q, 1));
		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE) {
		char message[256];
		snprintf(message, sizeof(message), "sqlite: no object %d/%s", kind, id);
		return tsq_say(TELSVC_ENOTFOUND, message);
	}
	return tsq_fail(s, TELSVC_ESTORAGE, "get");
}

static int cb_iterate(void *payload, int kind, telsvc_storage_visit_fn visit, void *visit_payload)
{
	telsvc_sqlite *s = payload;
	/* a statement of its own: a visitor may call get() meanwhile */
	sqlite3_stmt *q;
	int flushed = flush(s);
	if (flushed != TELSVC_OK)
		return flushed;
	if (sqlite3_prepare_v2(s->db, tsq_sql[ST_ITERATE], -1, &q, NULL) != SQLITE_OK)
		return tsq_fail(s, TELSVC_ESTORAGE, "iterate");
	sqlite3_bind_int(q, 1, kind);
	int rc, status = TELSVC_OK;
	while (status == TELSVC_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		status = visit(kind, (const char *)sqlite3_column_text(q, 0), (uint64_t)sqlite3_column_int64(q, 1),
			       sqlite3_column_blob(q, 2), (size_t)sqlite3_column_bytes(q, 2), visit_payload);
	if (status == TELSVC_OK && rc != SQLITE_DONE)
		status = tsq_fail(s, TELSVC_ESTORAGE, "iterate");
	sqlite3_finalize(q);
	return status;
}

/* ---- opening ---- */

static int setup(telsvc_sqlite *s, const telsvc_sqlite_options *o)
{
	static const char *const sync_pragma[] = { NULL, "PRAGMA synchronous = NORMAL", "PRAGMA synchronous = FULL",
						   "PRAGMA synchronous = OFF" };
	sqlite3_busy_timeout(s->db, o->busy_timeout_ms ? o->busy_timeout_ms : 5000);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
		return tsq_fail(s, TELSVC_ESTORAGE, "open");
	int version = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
	sqlite3_finalize(q);
	if (version < 0)
		return tsq_fail(s, TELSVC_ESTORAGE, "reading the schema version");
	s->version = version;
	if (version > SCHEMA_VERSION) {
		char message[160];
		snprintf(message, sizeof(message), "sqlite: the database has schema %d; this library knows %d", version,
			 SCHEMA_VERSION);
		return tsq_say(TELSVC_EVERSION, message);
	}
	/* a new database gets 8 KiB pages: a case's record grows with its
	 * history to several KiB, which 4 KiB pages spread over overflow pages */
	if (version == 0 && sqlite3_exec(s->db, "PRAGMA page_size = 8192", NULL, NULL, NULL) != SQLITE_OK)
		return tsq_fail(s, TELSVC_ESTORAGE, "setting the page size");
	/* an existing database is not written to: another connection may be in a transaction */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, sync_pragma[s->sync], NULL, NULL, NULL) != SQLITE_OK ||
	    (version == 0 && sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK))
		return tsq_fail(s, TELSVC_ESTORAGE, "creating the schema");
	if (version == 0)
		s->version = SCHEMA_VERSION;
	for (int i = 0; i < ST_N; i++)
		if (sqlite3_prepare_v3(s->db, tsq_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK)
			return tsq_fail(s, TELSVC_ESTORAGE, "preparing statements");
	return TELSVC_OK;
}

int telsvc_sqlite_open(telsvc_sqlite **out, const char *path, const telsvc_sqlite_options *options)
{
	static const telsvc_sqlite_options defaults = TELSVC_SQLITE_OPTIONS_INIT;
	if (!out || !path)
		return tsq_say(TELSVC_EINVAL, out ? "telsvc_sqlite_open: path is NULL" : "telsvc_sqlite_open: out is NULL");
	*out = NULL;
	const telsvc_sqlite_options *o = options ? options : &defaults;
	if (o->version != TELSVC_SQLITE_OPTIONS_VERSION) {
		char message[128];
		snprintf(message, sizeof(message), "telsvc_sqlite_open: options version %u; this library knows %u",
			 o->version, (unsigned)TELSVC_SQLITE_OPTIONS_VERSION);
		return tsq_say(TELSVC_EVERSION, message);
	}
	if (o->sync < 0 || o->sync > TELSVC_SQLITE_SYNC_OFF || o->busy_timeout_ms < 0)
		return tsq_say(TELSVC_EINVAL, "telsvc_sqlite_open: sync is not a telsvc_sqlite_sync, or the timeout is negative");
	telsvc_sqlite *s = calloc(1, sizeof(*s));
	if (!s)
		return tsq_say(TELSVC_ENOMEM, "telsvc_sqlite_open: out of memory");
	s->sync = o->sync ? o->sync : TELSVC_SQLITE_SYNC_NORMAL;
	int flags = SQLITE_OPEN_READWRITE | (o->must_exist ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
	if (rc == SQLITE_CANTOPEN && o->must_exist) {
		char message[512];
		snprintf(message, sizeof(message), "telsvc_sqlite_open: no database %s", path);
		telsvc_sqlite_close(s);
		return tsq_say(TELSVC_ENOTFOUND, message);
	}
	rc = rc == SQLITE_OK ? setup(s, o) : tsq_fail(s, TELSVC_ESTORAGE, path);
	if (rc != TELSVC_OK) {
		char message[1024];
		snprintf(message, sizeof(message), "%s (%s)", telsvc_error_last(), path);
		telsvc_sqlite_close(s);
		return tsq_say(rc, message);
	}
	*out = s;
	return TELSVC_OK;
}

void telsvc_sqlite_close(telsvc_sqlite *db)
{
	if (!db)
		return;
	if (db->db && !sqlite3_get_autocommit(db->db))
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(db->st[i]);
	sqlite3_close(db->db);
	pending_free(&db->written);
	free(db->run.data);
	free(db);
}

int telsvc_sqlite_storage(telsvc_storage *out, telsvc_sqlite *db)
{
	if (!out || !db)
		return tsq_say(TELSVC_EINVAL, "telsvc_sqlite_storage: an argument is NULL");
	*out = (telsvc_storage)TELSVC_STORAGE_INIT;
	out->capabilities = TELSVC_STORAGE_CAP_ATOMIC | (db->sync == TELSVC_SQLITE_SYNC_FULL ? TELSVC_STORAGE_CAP_DURABLE : 0);
	out->payload = db;
	out->begin = cb_begin;
	out->commit = cb_commit;
	out->rollback = cb_rollback;
	out->put = cb_put;
	out->get = cb_get;
	out->iterate = cb_iterate;
	out->audit_append = tsq_audit_append;
	out->audit_iterate = tsq_audit_iterate;
	out->audit_replace = tsq_audit_replace;
	return TELSVC_OK;
}

static int count(uint64_t *out, telsvc_sqlite *db, int which, int kind)
{
	if (!out || !db)
		return tsq_say(TELSVC_EINVAL, "telsvc_sqlite: an argument is NULL");
	if (flush(db) != TELSVC_OK)
		return TELSVC_ESTORAGE;
	sqlite3_stmt *q = tsq_stmt(db, which);
	if (which == ST_COUNT_KIND)
		sqlite3_bind_int(q, 1, kind);
	int rc = sqlite3_step(q);
	*out = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? TELSVC_OK : tsq_fail(db, TELSVC_ESTORAGE, "count");
}

int telsvc_sqlite_object_count(uint64_t *out, telsvc_sqlite *db, int kind)
{
	return count(out, db, kind ? ST_COUNT_KIND : ST_COUNT_ALL, kind);
}

struct sqlite3 *telsvc_sqlite_handle(telsvc_sqlite *db)
{
	return db ? db->db : NULL;
}
