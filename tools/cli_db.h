/* The database the telsvc command works on: a SQLite file holding the
 * library's tables and three of the command's own (docs/cli.md), and the
 * audit key file beside it. */
#ifndef TELSVC_CLI_DB_H
#define TELSVC_CLI_DB_H

#include "cli.h"

#include <sqlite3.h>
#include <telsvc/sqlite.h>

enum { CLI_NUMBER_SIZE = 128 };

/* Audit records per key epoch of a log the command begins. */
#define CLI_EPOCH_RECORDS 65536

typedef struct cli_db {
	telsvc_ctx *ctx;		 /* the database's own: it goes before the policy and storage it uses */
	telsvc_sqlite *store;
	sqlite3 *sql;			 /* the connection behind @store */
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
	CLI_DB_SYNC_FULL = 0x4, /* synchronous = FULL: each commit survives a power cut */
	CLI_DB_SYNC_OFF = 0x8,	/* synchronous = OFF */
	CLI_DB_DRY_RUN = 0x10	/* every commit rolls back: nothing is written */
};

/* Create DB with the schema, the policy's text (NULL: the embedded
 * default) and a new key file; 0 or an exit status after saying why. */
int cli_db_create(telsvc_ctx *ctx, const char *path, const char *policy_path, uint64_t units);

/* Open an existing DB with a context of its own, its policy allocated
 * from @outer (which outlives it); 0 or an exit status after saying why
 * (then close it all the same). */
int cli_db_open(cli_db *db, telsvc_ctx *outer, const char *path, unsigned flags);

/* Read a key file: the verifying key, and (unless @seal is NULL) the
 * sealing key and its epoch; 0, or -1 after saying why. */
int cli_read_keys(const char *path, unsigned char *verify, size_t *verify_size, unsigned char *seal,
		  size_t *seal_size, uint64_t *epoch);

/* Write an evolved sealing key, after the commit that needed it; 0 or -1. */
int cli_db_save_key(cli_db *db);

void cli_db_close(cli_db *db);

/* Run @sql on @db's connection; 0, or -1 after saying why. */
int cli_db_exec(cli_db *db, const char *sql);

/* The kind and number a host reference names; 1 found, 0 not, -1 error. */
int cli_db_ref(cli_db *db, const char *ref, int *kind, char number[CLI_NUMBER_SIZE]);

/* The kind of the case numbered @number in @db's context, or 0. */
int cli_db_kind_of(cli_db *db, const char *number);

#endif
