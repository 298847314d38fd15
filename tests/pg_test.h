/* Stores on the tests' private PostgreSQL server (tests/pg_server.sh),
 * each in a schema of its own that is dropped afterwards, so that tests
 * running at once never see each other's rows. */
#ifndef TS_PG_TEST_H
#define TS_PG_TEST_H

#include <telsvc/pg.h>

/* The server's connection string, from TELSVC_TEST_PG (ctest sets it);
 * fails the test when it is not set. */
const char *pg_test_conninfo(void);

/* Open a store in a new schema named @prefix_PID_N (written to @schema). */
telsvc_pg *pg_test_open(const char *prefix, char *schema, size_t size);

/* Open another connection on the store in @schema. */
telsvc_pg *pg_test_reopen(const char *schema);

/* Drop @db's schema with everything in it, and close @db. */
void pg_test_drop(telsvc_pg *db);

#endif
