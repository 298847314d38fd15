/* The command's database: the library's tables and the command's own
 * on SQLite or PostgreSQL (cli_sql.h), and the audit key file
 * (docs/cli.md). */
#include "cli_db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool cli_target_is_pg(const char *where)
{
	return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0 || strchr(where, '=');
}

/* The usage errors of @t, found before anything is opened: 0 or EXIT_USAGE. */
static int check_target(const cli_target *t, bool needs_key)
{
	bool pg = cli_target_is_pg(t->where);
	if (t->schema && !pg) {
		fprintf(stderr, "telsvc: %s: --schema names a PostgreSQL schema, and '%s' is a SQLite file\n", t->cmd,
			t->where);
		return EXIT_USAGE;
	}
	if (pg && needs_key && !t->key) {
		fprintf(stderr,
			"telsvc: %s: --key FILE is required on PostgreSQL: the audit key file (DB.key beside a SQLite "
			"file)\n",
			t->cmd);
		return EXIT_USAGE;
	}
	return 0;
}

/* @db's key file: --key, or DB.key beside a SQLite file, or none on
 * PostgreSQL without --key; 0, or -1 after saying why. */
static int key_path_of(cli_db *db, const cli_target *t)
{
	size_t n = strlen(t->where);
	if (t->key)
		db->key_path = strdup(t->key);
	else if (cli_target_is_pg(t->where))
		return 0;
	else if ((db->key_path = malloc(n + 5)))
		memcpy(db->key_path, t->where, n), memcpy(db->key_path + n, ".key", 5);
	if (db->key_path)
		return 0;
	fprintf(stderr, "telsvc: out of memory\n");
	return -1;
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

/* Open the database and a context for it: 0; 1 when @mode is
 * CLI_SQL_NEW and the database exists; -1 after saying why. */
static int open_store(cli_db *db, const cli_target *t, int mode, unsigned flags)
{
	if (telsvc_ctx_new(&db->ctx, NULL)) {
		cli_fail("context", 1);
		return -1;
	}
	if (key_path_of(db, t))
		return -1;
	if (!cli_target_is_pg(t->where))
		return cli_sql_sqlite(&db->sql, t->where, mode,
				      flags & CLI_DB_SYNC_FULL	? CLI_SYNC_FULL
				      : flags & CLI_DB_SYNC_OFF ? CLI_SYNC_OFF
								: CLI_SYNC_NORMAL);
#if TELSVC_CLI_PG
	return cli_sql_pg(&db->sql, t->where, t->schema, mode);
#else
	fprintf(stderr, "telsvc: %s: the target is a PostgreSQL connection string, and this telsvc was built without "
			"PostgreSQL (libpq)\n",
		t->cmd);
	return -1;
#endif
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

int cli_db_create(telsvc_ctx *ctx, const cli_target *t, const char *policy_path, uint64_t units)
{
	cli_db db;
	memset(&db, 0, sizeof(db));
	int rc = check_target(t, true);
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
	int opened = rc ? 1 : open_store(&db, t, CLI_SQL_NEW, 0);
	if (opened) {
		free(text);
		cli_db_close(&db);
		return rc ? rc : EXIT_FAILURE;
	}
	cli_sql *s = db.sql;
	if (access(db.key_path, F_OK) == 0) {
		fprintf(stderr, "telsvc: init: %s already exists: init writes a new key file, and overwrites none (the key "
				"of another database?)\n",
			db.key_path);
		rc = EXIT_FAILURE;
	}
	char u[32];
	snprintf(u, sizeof(u), "%llu", (unsigned long long)units);
	if (rc == 0 && (s->exec(s, "BEGIN") || s->create(s) || (text && s->put_setting(s, "policy", text, size)) ||
			s->put_setting(s, "units", u, strlen(u)))) {
		fprintf(stderr, "telsvc: database: %s\n", s->error);
		rc = EXIT_FAILURE;
	}
	/* the key before the commit: a database never stands without one */
	bool keyed = false;
	if (rc == 0 && !(keyed = (new_key(&db) == 0)))
		rc = EXIT_FAILURE;
	if (rc == 0 && s->exec(s, "COMMIT")) {
		fprintf(stderr, "telsvc: database: %s\n", s->error);
		rc = EXIT_FAILURE;
	}
	free(text);
	if (rc && keyed)
		unlink(db.key_path);
	if (rc == 0)
		printf("created %s (policy: %s) and its audit key file %s\n", s->label,
		       policy_path ? policy_path : "embedded default", db.key_path);
	else
		fprintf(stderr, "telsvc: init: %s not created\n", s->label);
	cli_db_close(&db);
	/* a failed init on PostgreSQL leaves at most the library's empty
	 * tables, which the next init takes on */
	if (rc && !cli_target_is_pg(t->where))
		unlink(t->where);
	return rc;
}

int cli_db_open(cli_db *db, telsvc_ctx *outer, const cli_target *t, unsigned flags)
{
	memset(db, 0, sizeof(*db));
	int rc = check_target(t, !(flags & CLI_DB_NO_KEY) || (flags & CLI_DB_KEY_NAMED));
	if (rc)
		return rc;
	if (open_store(db, t, CLI_SQL_EXISTING, flags))
		return EXIT_FAILURE;
	cli_sql *s = db->sql;
	telsvc_ctx *ctx = db->ctx;
	size_t size = 0;
	char *text = NULL, *units = NULL;
	if (s->get_setting(s, "units", &units, &size) != 1) {
		fprintf(stderr, "telsvc: %s: not a database 'telsvc init' made\n", s->label);
		return EXIT_FAILURE;
	}
	db->units = strtoull(units, NULL, 10);
	free(units);
	int found = s->get_setting(s, "policy", &text, &size);
	if (found < 0) {
		fprintf(stderr, "telsvc: %s: the stored policy: %s\n", s->label, s->error);
		rc = EXIT_FAILURE;
	} else if (found && telsvc_policy_load(&db->policy, outer, text, size)) {
		fprintf(stderr, "telsvc: %s: the stored policy: %s\n", s->label, telsvc_error_last());
		rc = EXIT_FAILURE;
	} else if (!found && telsvc_policy_default(&db->policy, outer)) {
		rc = cli_fail("default policy", 1);
	}
	free(text);
	telsvc_storage st;
	if (rc == 0 && (telsvc_policy_calendar(&db->calendar, db->policy, NULL) || telsvc_ctx_set_policy(ctx, db->policy) ||
			s->storage(s, &st)))
		rc = cli_fail(s->label, 1);
	if (rc == 0 && (flags & CLI_DB_DRY_RUN))
		dry_run(db, &st);
	if (rc == 0 && telsvc_ctx_set_storage(ctx, &st))
		rc = cli_fail(s->label, 1);
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
		rc = cli_fail(s->label, 1);
	return rc;
}

void cli_db_close(cli_db *db)
{
	/* the context and its objects go before the storage and policy they use */
	telsvc_ctx_free(db->ctx);
	if (db->sql)
		db->sql->close(db->sql);
	telsvc_policy_free(db->policy);
	free(db->key_path);
	memset(db->seal_key, 0, sizeof(db->seal_key));
	memset(db->verify_key, 0, sizeof(db->verify_key));
	db->ctx = NULL;
	db->sql = NULL;
	db->policy = NULL;
	db->key_path = NULL;
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
