/* The database behind the telsvc command, a SQLite file or a PostgreSQL
 * schema: the library's storage on it, and the statements the command
 * runs on its own tables (docs/cli.md, "The database"). Statements run
 * inside a library transaction are committed or rolled back with it.
 *
 * Calls that return -1 leave the reason in @error. */
#ifndef TELSVC_CLI_SQL_H
#define TELSVC_CLI_SQL_H

#include "cli.h"

enum { CLI_NUMBER_SIZE = 128 };

/* Opening modes. */
enum {
	CLI_SQL_EXISTING, /* a database 'telsvc init' made */
	CLI_SQL_NEW	  /* a new one (init): refused if the file exists, or the schema holds a store */
};

/* SQLite's durability (docs/sqlite.md); PostgreSQL follows the server. */
enum { CLI_SYNC_NORMAL, CLI_SYNC_FULL, CLI_SYNC_OFF };

/* Visitors; nonzero stops the walk and is its result. */
typedef int (*cli_ref_fn)(void *payload, const char *ref, int kind, const char *number);
typedef int (*cli_outage_fn)(void *payload, const telsvc_outage *o);

typedef struct cli_sql cli_sql;
struct cli_sql {
	/* the database in messages: the file, or the connection's settings
	 * (never its password) and the schema */
	char label[256];
	char error[512];

	/* the library's storage callbacks on this database */
	int (*storage)(cli_sql *s, telsvc_storage *out);
	/* BEGIN, COMMIT or ROLLBACK while the library stores nothing (init) */
	int (*exec)(cli_sql *s, const char *sql);
	/* the command's tables, in the open transaction */
	int (*create)(cli_sql *s);
	int (*put_setting)(cli_sql *s, const char *name, const void *value, size_t size);
	/* 1 and *@value malloc'ed with a NUL after its *@size bytes; 0 unset */
	int (*get_setting)(cli_sql *s, const char *name, char **value, size_t *size);
	/* the case a host reference names: 1 found, 0 not */
	int (*find_ref)(cli_sql *s, const char *ref, int *kind, char number[CLI_NUMBER_SIZE]);
	/* the reference of the case numbered @number: 1 found, 0 not */
	int (*ref_of)(cli_sql *s, const char *number, char *ref, size_t size);
	int (*add_ref)(cli_sql *s, const char *ref, int kind, const char *number);
	int (*each_ref)(cli_sql *s, cli_ref_fn visit, void *payload);
	/* an outage, or the end of one recorded without it: 1 stored, 0 it
	 * was already (with its end) */
	int (*add_outage)(cli_sql *s, const char *ref, const telsvc_outage *o);
	/* by start, then reference */
	int (*each_outage)(cli_sql *s, cli_outage_fn visit, void *payload);
	/* closes the connection; an open transaction is rolled back */
	void (*close)(cli_sql *s);
};

/* The methods of a backend, which defines them under these names. */
#define CLI_SQL_METHODS \
	{ \
		.storage = storage, .exec = exec, .create = create, .put_setting = put_setting, \
		.get_setting = get_setting, .find_ref = find_ref, .ref_of = ref_of, .add_ref = add_ref, \
		.each_ref = each_ref, .add_outage = add_outage, .each_outage = each_outage, .close = close_sql, \
	}

/* Open the SQLite file @path (@sync: CLI_SYNC_*). 0; 1 when @mode is
 * CLI_SQL_NEW and the file exists; -1; either failure after saying why
 * on stderr. */
int cli_sql_sqlite(cli_sql **out, const char *path, int mode, int sync);

#if TELSVC_CLI_PG
/* Open schema @schema (NULL: public) of the PostgreSQL database
 * @conninfo. 0; 1 when @mode is CLI_SQL_NEW and the schema holds cases,
 * audit records or the command's tables; -1; either failure after
 * saying why on stderr. */
int cli_sql_pg(cli_sql **out, const char *conninfo, const char *schema, int mode);
#endif

#endif
