/* The database the telsvc command works on, a SQLite file or a schema of
 * a PostgreSQL database, holding the library's tables and three of the
 * command's own (docs/cli.md); and the audit key file. */
#ifndef TELSVC_CLI_DB_H
#define TELSVC_CLI_DB_H

#include "cli.h"
#include "cli_sql.h"

/* Audit records per key epoch of a log the command begins. */
#define CLI_EPOCH_RECORDS 65536

/* What names a database on the command line: TARGET, a SQLite file or a
 * PostgreSQL connection string, with --schema and --key. */
typedef struct cli_target {
	const char *cmd; /* the subcommand, for messages */
	const char *where;
	const char *schema;
	const char *key;
} cli_target;

/* The options every subcommand on a database takes, and their help. */
#define CLI_TARGET_OPTS(t) { "--schema", &(t).schema, NULL }, { "--key", &(t).key, NULL }
#define CLI_TARGET_HELP \
	"\n" \
	"TARGET is a SQLite file DB, or a PostgreSQL connection string\n" \
	"('postgresql://...', 'postgres://...', or settings such as 'host=/run/pg\n" \
	"dbname=crm'), with:\n" \
	"  --schema NAME  PostgreSQL: the schema of the tables (default public)\n" \
	"  --key FILE     the audit key file (default DB.key beside a SQLite file;\n" \
	"                 required on PostgreSQL by init, ingest and audit verify,\n" \
	"                 the commands that use it)\n"

/* Is @where a PostgreSQL connection string ("postgresql://...",
 * "postgres://...", or key=value settings) rather than a file? */
bool cli_target_is_pg(const char *where);

typedef struct cli_db {
	telsvc_ctx *ctx; /* the database's own: it goes before the policy and storage it uses */
	cli_sql *sql;
	telsvc_policy *policy;
	const telsvc_calendar *calendar; /* the policy's default calendar */
	char *key_path;
	unsigned char verify_key[TELSVC_AUDIT_KEY_MAX]; /* epoch 0's: the verifier's */
	unsigned char seal_key[TELSVC_AUDIT_KEY_MAX];	/* the current epoch's */
	size_t key_size;
	uint64_t seal_epoch;
	bool key_pending; /* @seal_key evolved; written once its transaction commits */
	uint64_t units;	  /* units of service, for availability (init --units) */
	telsvc_storage real; /* for CLI_DB_DRY_RUN: the storage the shim passes to */
} cli_db;

/* Open flags. */
enum {
	CLI_DB_LOAD = 0x1,	/* load every object into the context */
	CLI_DB_NO_KEY = 0x2,	/* do not read the key file (the log is only read) */
	CLI_DB_SYNC_FULL = 0x4, /* SQLite's synchronous = FULL: each commit survives a power cut */
	CLI_DB_SYNC_OFF = 0x8,	/* synchronous = OFF */
	CLI_DB_DRY_RUN = 0x10,	/* every commit rolls back: nothing is written */
	CLI_DB_KEY_NAMED = 0x20 /* with CLI_DB_NO_KEY: the caller reads the key file itself */
};

/* Create the database @t names with the tables, the policy's text
 * (NULL: the embedded default) and a new key file; 0 or an exit status
 * after saying why. */
int cli_db_create(telsvc_ctx *ctx, const cli_target *t, const char *policy_path, uint64_t units);

/* Open an existing database with a context of its own, its policy
 * allocated from @outer (which outlives it); 0 or an exit status after
 * saying why (then close it all the same). */
int cli_db_open(cli_db *db, telsvc_ctx *outer, const cli_target *t, unsigned flags);

/* Read a key file: the verifying key, and (unless @seal is NULL) the
 * sealing key and its epoch; 0, or -1 after saying why. */
int cli_read_keys(const char *path, unsigned char *verify, size_t *verify_size, unsigned char *seal,
		  size_t *seal_size, uint64_t *epoch);

/* Write an evolved sealing key, after the commit that needed it; 0 or -1. */
int cli_db_save_key(cli_db *db);

void cli_db_close(cli_db *db);

/* The kind of the case numbered @number in @db's context, or 0. */
int cli_db_kind_of(cli_db *db, const char *number);

#endif
