/**
 * @file telsvc/sqlite.h
 * @brief Storage on SQLite: the companion library libtelsvc-sqlite.
 *
 * telsvc_sqlite_open() opens (or creates) a database file with the schema
 * of docs/sqlite.md; telsvc_sqlite_storage() fills the storage callbacks
 * (telsvc/sys/storage.h) for a context. Objects live in one table keyed
 * by kind and id, with their revision for the compare-and-swap of every
 * put; the audit stream lives in a table of its own; each library
 * transaction is one SQLite transaction. The database is in WAL mode.
 *
 * libtelsvc-sqlite is built when SQLite's development files are present;
 * it links libtelsvc and libsqlite3. One handle serves one context at a
 * time (docs/threading.md); several processes may open the same file.
 */
#ifndef TELSVC_SQLITE_H
#define TELSVC_SQLITE_H

#include "common.h"
#include "sys/storage.h"

TELSVC_BEGIN_DECLS

/**
 * @def TELSVC_SQLITE_API
 * Marks a function exported by libtelsvc-sqlite (its own version script,
 * src/backends/telsvc-sqlite.map), not by libtelsvc.
 */
#if defined(__GNUC__)
#define TELSVC_SQLITE_API __attribute__((visibility("default")))
#else
#define TELSVC_SQLITE_API
#endif

/** An open database. */
typedef struct telsvc_sqlite telsvc_sqlite;

/** SQLite's connection (sqlite3.h), declared here so that this header needs no other. */
struct sqlite3;

/** How hard a commit waits for the disk (SQLite's PRAGMA synchronous). */
typedef enum telsvc_sqlite_sync {
	TELSVC_SQLITE_SYNC_NORMAL = 1, /**< WAL and NORMAL: a commit survives the process crashing, not the machine. */
	TELSVC_SQLITE_SYNC_FULL = 2,   /**< FULL: a commit survives a power cut; storage reports TELSVC_STORAGE_CAP_DURABLE. */
	TELSVC_SQLITE_SYNC_OFF = 3     /**< OFF: for bulk loads and tests only; a crash may corrupt the file. */
} telsvc_sqlite_sync;

/** The ::telsvc_sqlite_options layout this header describes. */
#define TELSVC_SQLITE_OPTIONS_VERSION 1

/** Options for telsvc_sqlite_open(). Initialise with #TELSVC_SQLITE_OPTIONS_INIT. */
typedef struct telsvc_sqlite_options {
	/** #TELSVC_SQLITE_OPTIONS_VERSION. */
	unsigned int version;
	/** A ::telsvc_sqlite_sync; 0 means #TELSVC_SQLITE_SYNC_NORMAL. */
	int sync;
	/** Milliseconds to wait for a lock another connection holds; 0 means 5000. */
	int busy_timeout_ms;
	/** Refuse to create the file when it does not exist. */
	int must_exist;
} telsvc_sqlite_options;

/** Static initialiser for ::telsvc_sqlite_options. */
#define TELSVC_SQLITE_OPTIONS_INIT { TELSVC_SQLITE_OPTIONS_VERSION, 0, 0, 0 }

/**
 * Open or create a database.
 * @param out the handle, to close with telsvc_sqlite_close()
 * @param path a file name, or ":memory:" for a private database in memory
 * @param options NULL for the defaults
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_EVERSION (options, or a
 *         file with a newer schema); #TELSVC_ENOTFOUND (must_exist and no
 *         file); #TELSVC_ESTORAGE with SQLite's message; #TELSVC_ENOMEM
 */
TELSVC_SQLITE_API int telsvc_sqlite_open(telsvc_sqlite **out, const char *path, const telsvc_sqlite_options *options);

/** Close a database; NULL is ignored. An open transaction is rolled back. */
TELSVC_SQLITE_API void telsvc_sqlite_close(telsvc_sqlite *db);

/**
 * Fill @p out with the callbacks that store in @p db, to pass to
 * telsvc_ctx_set_storage(). The database must stay open while a context uses them.
 * @return #TELSVC_OK; #TELSVC_EINVAL
 */
TELSVC_SQLITE_API int telsvc_sqlite_storage(telsvc_storage *out, telsvc_sqlite *db);

/**
 * How many objects of @p kind the database holds (0 for every kind).
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_ESTORAGE
 */
TELSVC_SQLITE_API int telsvc_sqlite_object_count(uint64_t *out, telsvc_sqlite *db, int kind);

/**
 * How many audit records the database holds.
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_ESTORAGE
 */
TELSVC_SQLITE_API int telsvc_sqlite_audit_count(uint64_t *out, telsvc_sqlite *db);

/**
 * The SQLite connection behind @p db, for the host's own tables in the
 * same database: statements run on it inside a library transaction
 * (telsvc_txn_begin() to telsvc_txn_commit()) are committed or rolled
 * back with it. The connection stays owned by @p db: never close it, and
 * never begin, commit or roll back on it while the library stores. Read
 * the library's tables through the library: the objects and audit records
 * a transaction writes reach their rows only at its commit.
 * @return the connection; NULL if @p db is NULL
 */
TELSVC_SQLITE_API struct sqlite3 *telsvc_sqlite_handle(telsvc_sqlite *db);

TELSVC_END_DECLS

#endif
