/**
 * @file telsvc/pg.h
 * @brief Storage on PostgreSQL: the companion library libtelsvc-pg.
 *
 * telsvc_pg_open() connects with a libpq connection string and brings the
 * schema of docs/postgresql.md up to date; telsvc_pg_storage() fills the
 * storage callbacks (telsvc/sys/storage.h) for a context. Objects live in
 * one table keyed by kind and id, with their revision for the
 * compare-and-swap of every put; the audit stream lives in a table of its
 * own; each library transaction is one PostgreSQL transaction.
 *
 * Several processes on several machines may store in the same database
 * at once, each with its own connection and context: a write that another
 * writer got in first returns #TELSVC_ECONFLICT, and the caller re-reads
 * the object and retries (docs/postgresql.md).
 *
 * libtelsvc-pg is built when libpq's development files are present; it
 * links libtelsvc and libpq. One handle serves one context at a time
 * (docs/threading.md).
 */
#ifndef TELSVC_PG_H
#define TELSVC_PG_H

#include "common.h"
#include "sys/storage.h"

TELSVC_BEGIN_DECLS

/**
 * @def TELSVC_PG_API
 * Marks a function exported by libtelsvc-pg (its own version script,
 * src/backends/telsvc-pg.map), not by libtelsvc.
 */
#if defined(__GNUC__)
#define TELSVC_PG_API __attribute__((visibility("default")))
#else
#define TELSVC_PG_API
#endif

/** An open connection with the library's tables. */
typedef struct telsvc_pg telsvc_pg;

/** libpq's connection (`PGconn` of libpq-fe.h), declared here so that this header needs no other. */
struct pg_conn;

/** The ::telsvc_pg_options layout this header describes. */
#define TELSVC_PG_OPTIONS_VERSION 1

/** How to open a database. Initialise with #TELSVC_PG_OPTIONS_INIT. */
typedef struct telsvc_pg_options {
	/** #TELSVC_PG_OPTIONS_VERSION. */
	unsigned int version;
	/**
	 * The PostgreSQL schema that holds the library's tables, created if
	 * absent (unless @ref must_exist); NULL means "public". Several
	 * independent stores can share one database, each in its own schema.
	 */
	const char *schema;
	/** Refuse a schema without the library's tables instead of creating them. */
	int must_exist;
	/**
	 * Milliseconds a statement waits for a row another writer has locked
	 * before giving up with #TELSVC_ECONFLICT; 0 means 5000.
	 */
	int lock_timeout_ms;
} telsvc_pg_options;

/** Static initialiser for ::telsvc_pg_options. */
#define TELSVC_PG_OPTIONS_INIT { TELSVC_PG_OPTIONS_VERSION, NULL, 0, 0 }

/**
 * Connect, and create or migrate the library's tables.
 * @param out the handle, to close with telsvc_pg_close()
 * @param conninfo a libpq connection string: "host=/run/db dbname=crm" or
 *        "postgresql://user@host/crm"
 * @param options NULL for the defaults
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_EVERSION (options, or a
 *         schema newer than this library); #TELSVC_ENOTFOUND (must_exist
 *         and no tables); #TELSVC_ESTORAGE with the server's message;
 *         #TELSVC_ENOMEM
 */
TELSVC_PG_API int telsvc_pg_open(telsvc_pg **out, const char *conninfo, const telsvc_pg_options *options);

/** Close the connection; NULL is ignored. An open transaction is rolled back. */
TELSVC_PG_API void telsvc_pg_close(telsvc_pg *db);

/**
 * Fill @p out with the callbacks that store in @p db, to pass to
 * telsvc_ctx_set_storage(). The handle must stay open while a context uses them.
 * @return #TELSVC_OK; #TELSVC_EINVAL
 */
TELSVC_PG_API int telsvc_pg_storage(telsvc_storage *out, telsvc_pg *db);

/**
 * How many objects of @p kind the database holds (0 for every kind).
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_ESTORAGE
 */
TELSVC_PG_API int telsvc_pg_object_count(uint64_t *out, telsvc_pg *db, int kind);

/**
 * How many audit records the database holds.
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_ESTORAGE
 */
TELSVC_PG_API int telsvc_pg_audit_count(uint64_t *out, telsvc_pg *db);

/**
 * The libpq connection behind @p db, for the host's own tables in the
 * same database: statements run on it inside a library transaction
 * (telsvc_txn_begin() to telsvc_txn_commit()) are committed or rolled
 * back with it. The connection stays owned by @p db: never close it, and
 * never begin, commit or roll back on it while the library stores.
 * @return the connection; NULL if @p db is NULL
 */
TELSVC_PG_API struct pg_conn *telsvc_pg_handle(telsvc_pg *db);

/**
 * The schema that holds the library's tables, as a quoted SQL identifier
 * (`"public"`, `"crm"`), to name a host's own tables beside them:
 * `CREATE TABLE "crm".host_refs (...)`.
 * @return the identifier, owned by @p db; NULL if @p db is NULL
 */
TELSVC_PG_API const char *telsvc_pg_schema(telsvc_pg *db);

TELSVC_END_DECLS

#endif
