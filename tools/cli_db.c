/* The command's database: the library's tables through libtelsvc-sqlite,
 * the command's own tables on the same connection, and the audit key
 * file beside the database (docs/cli.md). */
#include "cli_db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The command's tables. References and outages are written in the same
 * transactions as the library's changes, so they never disagree. */
static const char schema[] =
	"CREATE TABLE telsvc_cli_settings(name TEXT PRIMARY KEY, value BLOB NOT NULL);"
	"CREATE TABLE telsvc_cli_refs(ref TEXT PRIMARY KEY, kind INTEGER NOT NULL, number TEXT NOT NULL)"
	" WITHOUT ROWID;"
	"CREATE INDEX telsvc_cli_refs_number ON telsvc_cli_refs(number);"
	"CREATE TABLE telsvc_cli_outages(ref TEXT PRIMARY KEY, start INTEGER NOT NULL, end INTEGER,"
	" units INTEGER NOT NULL, service_type TEXT);";

int cli_db_exec(cli_db *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) == SQLITE_OK)
		return 0;
	fprintf(stderr, "telsvc: database: %s\n", err ? err : "failed");
	sqlite3_free(err);
	return -1;
}

static char *key_path_of(const char *db_path)
{
	size_t n = strlen(db_path);
	char *p = malloc(n + 5);
	if (p)
		memcpy(p, db_path, n), memcpy(p + n, ".key", 5);
	return p;
}

/* Write the key file whole, then rename it into place: a crash leaves
 * the old file or the new one, never half of one. */
static int write_keys(const cli_db *db)
{
	char v[2 * TELSVC_AUDIT_KEY_MAX + 1], s[2 * TELSVC_AUDIT_KEY_MAX + 1];
	cli_hex(v, db->verify_key, db->key_size);
	cli_hex(s, db->seal_key, db->key_size);
	size_t n = strlen(db->key_path);
	char *tmp = malloc(n + 5);
	if (!tmp)
		return -1;
	memcpy(tmp, db->key_path, n);
	memcpy(tmp + n, ".new", 5);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	int rc = f ? 0 : -1;
	if (f) {
		fprintf(f,
			"# telsvc audit keys (docs/cli.md). 'verify' checks the whole log: keep a copy\n"
			"# away from the database. 'seal' is the current sealing key; it evolves.\n"
			"verify %s\nseal %llu %s\n",
			v, (unsigned long long)db->seal_epoch, s);
		rc = fflush(f) || fsync(fd) ? -1 : 0;
		rc = fclose(f) || rc ? -1 : 0;
	} else if (fd >= 0) {
		close(fd);
	}
	if (rc == 0 && rename(tmp, db->key_path) != 0)
		rc = -1;
	if (rc)
		fprintf(stderr, "telsvc: %s: %s\n", db->key_path, strerror(errno));
	free(tmp);
	return rc;
}

int cli_read_keys(const char *path, unsigned char *verify, size_t *verify_size, unsigned char *seal,
		  size_t *seal_size, uint64_t *epoch)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "telsvc: %s: %s (the audit key file 'telsvc init' writes)\n", path, strerror(errno));
		return -1;
	}
	char line[512], a[160];
	unsigned long long e = 0;
	int got = 0;
	*verify_size = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "verify %159s", a) == 1 && cli_unhex(verify, TELSVC_AUDIT_KEY_MAX, a, verify_size) == 0)
			got |= 1;
		else if (sscanf(line, "seal %llu %159s", &e, a) == 2)
			got |= !seal ? 0 : cli_unhex(seal, TELSVC_AUDIT_KEY_MAX, a, seal_size) == 0 ? 2 : 4;
		else
			got |= 4;
	}
	fclose(f);
	if (!(got & 1) || (got & 4) || (seal && (!(got & 2) || *seal_size != *verify_size)) ||
	    *verify_size < TELSVC_AUDIT_KEY_MIN) {
		fprintf(stderr, "telsvc: %s: not a key file: it needs a 'verify HEX'%s line, and no other\n", path,
			seal ? " and a 'seal EPOCH HEX'" : "");
		return -1;
	}
	if (epoch)
		*epoch = e;
	return 0;
}

static void key_evolved(void *payload, const unsigned char *key, size_t size, uint64_t epoch)
{
	cli_db *db = payload;
	memcpy(db->seal_key, key, size);
	db->seal_epoch = epoch;
	db->key_pending = true;
}

int cli_db_save_key(cli_db *db)
{
	if (!db->key_pending)
		return 0;
	db->key_pending = false;
	return write_keys(db);
}

static int new_key(cli_db *db)
{
	int fd = open("/dev/urandom", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, db->verify_key, 32);
	if (fd >= 0)
		close(fd);
	if (n != 32) {
		fprintf(stderr, "telsvc: init: cannot read /dev/urandom for the audit key\n");
		return -1;
	}
	db->key_size = 32;
	memcpy(db->seal_key, db->verify_key, 32);
	db->seal_epoch = 0;
	return write_keys(db);
}

static int open_store(cli_db *db, const char *path, unsigned flags, int must_exist)
{
	memset(db, 0, sizeof(*db));
	if (telsvc_ctx_new(&db->ctx, NULL))
		return cli_fail("context", 1);
	telsvc_sqlite_options o = TELSVC_SQLITE_OPTIONS_INIT;
	o.must_exist = must_exist;
	o.sync = flags & CLI_DB_SYNC_FULL ? TELSVC_SQLITE_SYNC_FULL
		 : flags & CLI_DB_SYNC_OFF ? TELSVC_SQLITE_SYNC_OFF
					   : TELSVC_SQLITE_SYNC_NORMAL;
	if (telsvc_sqlite_open(&db->store, path, &o))
		return cli_fail("database", 1);
	db->sql = telsvc_sqlite_handle(db->store);
	if (!(db->key_path = key_path_of(path))) {
		fprintf(stderr, "telsvc: out of memory\n");
		return EXIT_FAILURE;
	}
	return 0;
}

/* The dry run's storage: the database's, with commit turned into rollback. */
static int dry_begin(void *p)
{
	cli_db *db = p;
	return db->real.begin(db->real.payload);
}

static int dry_end(void *p)
{
	cli_db *db = p;
	return db->real.rollback(db->real.payload);
}

static int dry_put(void *p, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	cli_db *db = p;
	return db->real.put(db->real.payload, kind, id, expected, data, size);
}

static int dry_get(void *p, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	cli_db *db = p;
	return db->real.get(db->real.payload, kind, id, revision, out);
}

static int dry_iterate(void *p, int kind, telsvc_storage_visit_fn visit, void *payload)
{
	cli_db *db = p;
	return db->real.iterate(db->real.payload, kind, visit, payload);
}

static int dry_append(void *p, uint64_t seq, const void *data, size_t size)
{
	cli_db *db = p;
	return db->real.audit_append(db->real.payload, seq, data, size);
}

static int dry_audit_iterate(void *p, uint64_t from, telsvc_audit_visit_fn visit, void *payload)
{
	cli_db *db = p;
	return db->real.audit_iterate(db->real.payload, from, visit, payload);
}

static void dry_run(cli_db *db, telsvc_storage *st)
{
	db->real = *st;
	*st = (telsvc_storage)TELSVC_STORAGE_INIT;
	st->capabilities = TELSVC_STORAGE_CAP_ATOMIC;
	st->payload = db;
	st->begin = dry_begin;
	st->commit = dry_end;
	st->rollback = dry_end;
	st->put = dry_put;
	st->get = dry_get;
	st->iterate = dry_iterate;
	st->audit_append = dry_append;
	st->audit_iterate = dry_audit_iterate;
}

static int put_setting(cli_db *db, const char *name, const void *value, size_t size)
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(db->sql, "INSERT OR REPLACE INTO telsvc_cli_settings VALUES(?, ?)", -1, &q, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(q, 2, value, (int)size, SQLITE_STATIC);
		rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_OK)
		fprintf(stderr, "telsvc: database: %s\n", sqlite3_errmsg(db->sql));
	return rc == SQLITE_OK ? 0 : -1;
}

/* Setting @name as bytes malloc'ed with a NUL after them; NULL if unset. */
static char *get_setting(cli_db *db, const char *name, size_t *size)
{
	sqlite3_stmt *q;
	char *out = NULL;
	if (sqlite3_prepare_v2(db->sql, "SELECT value FROM telsvc_cli_settings WHERE name = ?", -1, &q, NULL))
		return NULL;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		*size = (size_t)sqlite3_column_bytes(q, 0);
		if ((out = malloc(*size + 1))) {
			if (*size)
				memcpy(out, sqlite3_column_blob(q, 0), *size);
			out[*size] = 0;
		}
	}
	sqlite3_finalize(q);
	return out;
}

int cli_db_create(telsvc_ctx *ctx, const char *path, const char *policy_path, uint64_t units)
{
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "telsvc: init: %s already exists\n", path);
		return EXIT_FAILURE;
	}
	cli_db db;
	int rc = open_store(&db, path, 0, 0);
	char *text = NULL;
	size_t size = 0;
	if (rc == 0 && policy_path) {
		/* checked before anything is written */
		telsvc_policy *p = NULL;
		rc = cli_load_policy(ctx, policy_path, &p);
		telsvc_policy_free(p);
		if (rc == 0 && cli_read_file(policy_path, &text, &size))
			rc = EXIT_FAILURE;
	}
	char u[32];
	snprintf(u, sizeof(u), "%llu", (unsigned long long)units);
	if (rc == 0 && (cli_db_exec(&db, "BEGIN") || cli_db_exec(&db, schema) ||
			(text && put_setting(&db, "policy", text, size)) || put_setting(&db, "units", u, strlen(u)) ||
			cli_db_exec(&db, "COMMIT")))
		rc = EXIT_FAILURE;
	if (rc == 0 && new_key(&db))
		rc = EXIT_FAILURE;
	free(text);
	cli_db_close(&db);
	if (rc) {
		unlink(path);
		fprintf(stderr, "telsvc: init: %s not created\n", path);
	}
	return rc;
}

int cli_db_open(cli_db *db, telsvc_ctx *outer, const char *path, unsigned flags)
{
	int rc = open_store(db, path, flags, 1);
	telsvc_ctx *ctx = db->ctx;
	size_t size = 0;
	char *text = NULL, *units = NULL;
	if (rc == 0 && !(units = get_setting(db, "units", &size))) {
		fprintf(stderr, "telsvc: %s: not a database 'telsvc init' made\n", path);
		rc = EXIT_FAILURE;
	}
	db->units = units ? strtoull(units, NULL, 10) : 0;
	free(units);
	if (rc == 0 && (text = get_setting(db, "policy", &size))) {
		if (telsvc_policy_load(&db->policy, outer, text, size)) {
			fprintf(stderr, "telsvc: %s: the stored policy: %s\n", path, telsvc_error_last());
			rc = EXIT_FAILURE;
		}
	} else if (rc == 0 && telsvc_policy_default(&db->policy, outer)) {
		rc = cli_fail("default policy", 1);
	}
	free(text);
	telsvc_storage st;
	if (rc == 0 && (telsvc_policy_calendar(&db->calendar, db->policy, NULL) || telsvc_ctx_set_policy(ctx, db->policy) ||
			telsvc_sqlite_storage(&st, db->store)))
		rc = cli_fail(path, 1);
	if (rc == 0 && (flags & CLI_DB_DRY_RUN))
		dry_run(db, &st);
	if (rc == 0 && telsvc_ctx_set_storage(ctx, &st))
		rc = cli_fail(path, 1);
	if (rc == 0 && !(flags & CLI_DB_NO_KEY)) {
		telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
		size_t seal_size;
		if (cli_read_keys(db->key_path, db->verify_key, &db->key_size, db->seal_key, &seal_size,
				  &db->seal_epoch))
			return EXIT_FAILURE;
		ao.key = db->seal_key;
		ao.key_size = db->key_size;
		ao.epoch = db->seal_epoch;
		ao.key_evolved = key_evolved;
		ao.payload = db;
		/* a new log evolves its key every 65536 records: each evolution
		 * rewrites and syncs the key file (docs/cli.md) */
		ao.epoch_records = CLI_EPOCH_RECORDS;
		if (telsvc_ctx_set_audit_key(ctx, &ao))
			rc = cli_fail(db->key_path, 1);
	}
	if (rc == 0 && (flags & CLI_DB_LOAD) && telsvc_ctx_load(ctx))
		rc = cli_fail(path, 1);
	return rc;
}

void cli_db_close(cli_db *db)
{
	/* the context and its objects go before the storage and policy they use */
	telsvc_ctx_free(db->ctx);
	telsvc_sqlite_close(db->store);
	telsvc_policy_free(db->policy);
	free(db->key_path);
	memset(db->seal_key, 0, sizeof(db->seal_key));
	memset(db->verify_key, 0, sizeof(db->verify_key));
	db->ctx = NULL;
	db->store = NULL;
	db->policy = NULL;
	db->key_path = NULL;
}

int cli_db_ref(cli_db *db, const char *ref, int *kind, char number[CLI_NUMBER_SIZE])
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(db->sql, "SELECT kind, number FROM telsvc_cli_refs WHERE ref = ?", -1, &q, NULL))
		return -1;
	sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
	int found = sqlite3_step(q) == SQLITE_ROW;
	if (found) {
		*kind = sqlite3_column_int(q, 0);
		snprintf(number, CLI_NUMBER_SIZE, "%s", (const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
	return found;
}

int cli_db_kind_of(cli_db *db, const char *number)
{
	telsvc_request *r;
	telsvc_complaint *c;
	telsvc_incident *i;
	if (telsvc_request_find(&r, db->ctx, number) == TELSVC_OK)
		return TELSVC_KIND_REQUEST;
	if (telsvc_complaint_find(&c, db->ctx, number) == TELSVC_OK)
		return TELSVC_KIND_COMPLAINT;
	if (telsvc_incident_find(&i, db->ctx, number) == TELSVC_OK)
		return TELSVC_KIND_INCIDENT;
	return 0;
}
