#include "pg_test.h"

#include "helpers.h"

#include <libpq-fe.h>
#include <unistd.h>

const char *pg_test_conninfo(void)
{
	const char *conninfo = getenv("TELSVC_TEST_PG");
	if (!conninfo || !*conninfo)
		fail_msg("TELSVC_TEST_PG is not set: run the test through ctest, which starts a private server");
	return conninfo;
}

telsvc_pg *pg_test_reopen(const char *schema)
{
	telsvc_pg *db;
	telsvc_pg_options o = TELSVC_PG_OPTIONS_INIT;
	o.schema = schema;
	if (telsvc_pg_open(&db, pg_test_conninfo(), &o) != TELSVC_OK)
		fail_msg("%s", telsvc_error_last());
	return db;
}

telsvc_pg *pg_test_open(const char *prefix, char *schema, size_t size)
{
	static int opened;
	snprintf(schema, size, "%s_%ld_%d", prefix, (long)getpid(), opened++);
	return pg_test_reopen(schema);
}

void pg_test_drop(telsvc_pg *db)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", telsvc_pg_schema(db));
	PGresult *r = PQexec(telsvc_pg_handle(db), sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	telsvc_pg_close(db);
}
