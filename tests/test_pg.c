/* What PostgreSQL adds to the storage contract that test_storage checks
 * on every backend: several connections at once, conflicts that leave a
 * transaction usable, row locks held by another writer, the schema and
 * its version, bad connection strings, a lost connection, and the host's
 * own tables in the library's transactions (docs/postgresql.md). */
#include "helpers.h"

#include "pg_test.h"

#include <libpq-fe.h>

typedef struct fixture {
	telsvc_ctx *outer; /* the policy's, outliving the contexts that use it */
	telsvc_policy *policy;
	telsvc_pg *db;
	telsvc_storage st;
	char schema[64];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	f->outer = test_ctx();
	assert_int_equal(telsvc_policy_default(&f->policy, f->outer), TELSVC_OK);
	f->db = pg_test_open("backend", f->schema, sizeof(f->schema));
	assert_int_equal(telsvc_pg_storage(&f->st, f->db), TELSVC_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pg_test_drop(f->db);
	telsvc_policy_free(f->policy);
	telsvc_ctx_free(f->outer);
	free(f);
	return 0;
}

static int put(const telsvc_storage *st, const char *id, uint64_t expected, const char *data)
{
	return st->put(st->payload, TELSVC_KIND_REQUEST, id, expected, data, strlen(data));
}

static void sql(telsvc_pg *db, const char *text)
{
	PGresult *r = PQexec(telsvc_pg_handle(db), text);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", text, PQresultErrorMessage(r));
	PQclear(r);
}

/* A second connection sees only what was committed, and loses to the
 * first writer by revision; reopened, everything committed is there. */
static void two_connections(void **state)
{
	fixture *f = *state;
	telsvc_pg *other = pg_test_reopen(f->schema);
	telsvc_storage st2;
	assert_int_equal(telsvc_pg_storage(&st2, other), TELSVC_OK);
	assert_int_equal(put(&f->st, "A", 0, "one"), TELSVC_OK);
	assert_int_equal(f->st.begin(f->st.payload), TELSVC_OK);
	assert_int_equal(put(&f->st, "B", 0, "two"), TELSVC_OK);
	uint64_t n;
	assert_int_equal(telsvc_pg_object_count(&n, other, 0), TELSVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f->st.commit(f->st.payload), TELSVC_OK);
	assert_int_equal(telsvc_pg_object_count(&n, other, TELSVC_KIND_REQUEST), TELSVC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(telsvc_pg_object_count(&n, other, TELSVC_KIND_COMPLAINT), TELSVC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(put(&st2, "A", 1, "x"), TELSVC_OK);
	assert_int_equal(put(&f->st, "A", 1, "stale"), TELSVC_ECONFLICT);
	assert_non_null(strstr(telsvc_error_last(), "A is not at revision 1"));
	assert_int_equal(st2.audit_append(st2.payload, 1, "r1", 2), TELSVC_OK);
	assert_int_equal(f->st.audit_append(f->st.payload, 1, "r1", 2), TELSVC_ECONFLICT);
	assert_int_equal(telsvc_pg_audit_count(&n, f->db), TELSVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(f->st.capabilities,
			 TELSVC_STORAGE_CAP_ATOMIC | TELSVC_STORAGE_CAP_DURABLE | TELSVC_STORAGE_CAP_SHARED);
	telsvc_pg_close(other);
}

/* A conflict is an answer, not a failed statement: the transaction goes
 * on and commits what else it did. */
static void conflict_keeps_transaction(void **state)
{
	fixture *f = *state;
	const telsvc_storage *st = &f->st;
	assert_int_equal(put(st, "A", 0, "a"), TELSVC_OK);
	assert_int_equal(st->audit_append(st->payload, 1, "r1", 2), TELSVC_OK);
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	assert_int_equal(put(st, "A", 0, "again"), TELSVC_ECONFLICT);
	assert_int_equal(put(st, "A", 7, "wrong"), TELSVC_ECONFLICT);
	assert_int_equal(put(st, "A", 1, "b"), TELSVC_OK);
	assert_int_equal(put(st, "A", 1, "stale"), TELSVC_ECONFLICT); /* against what this transaction wrote */
	assert_int_equal(st->audit_append(st->payload, 2, "r2", 2), TELSVC_OK);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	uint64_t n;
	assert_int_equal(telsvc_pg_audit_count(&n, f->db), TELSVC_OK);
	assert_int_equal(n, 2);
	telsvc_buf *buf;
	uint64_t rev;
	assert_int_equal(telsvc_buf_new(&buf, f->outer), TELSVC_OK);
	assert_int_equal(st->get(st->payload, TELSVC_KIND_REQUEST, "A", &rev, buf), TELSVC_OK);
	assert_int_equal(rev, 2);
	assert_memory_equal(telsvc_buf_data(buf), "b", 1);
	/* a revision no signed 64-bit column can hold is no object's */
	assert_int_equal(put(st, "A", UINT64_MAX, "x"), TELSVC_ECONFLICT);
	telsvc_buf_free(buf);
}

typedef struct seen {
	char last[32];
	int count;
} seen;

static int collect_ids(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)kind, (void)revision;
	seen *s = payload;
	assert_true(strcmp(s->last, id) < 0); /* in order, each once */
	assert_int_equal(size, strlen(id));
	assert_memory_equal(data, id, size);
	snprintf(s->last, sizeof(s->last), "%s", id);
	s->count++;
	return TELSVC_OK;
}

static int count_rows(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)kind, (void)id, (void)revision, (void)data, (void)size;
	(*(int *)payload)++;
	return TELSVC_OK;
}

/* Inside a transaction, later puts of an object and the audit records are
 * written at the commit: the transaction reads its own writes, walks see
 * them, a rollback forgets them, and a number taken behind the store's
 * lock fails the commit, leaving nothing of it. */
static void written_at_commit(void **state)
{
	fixture *f = *state;
	const telsvc_storage *st = &f->st;
	telsvc_buf *buf;
	uint64_t rev, n;
	assert_int_equal(telsvc_buf_new(&buf, f->outer), TELSVC_OK);
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	assert_int_equal(put(st, "A", 0, "a1"), TELSVC_OK);
	assert_int_equal(put(st, "A", 1, "a2"), TELSVC_OK);
	assert_int_equal(put(st, "A", 2, "a3"), TELSVC_OK);
	assert_int_equal(st->get(st->payload, TELSVC_KIND_REQUEST, "A", &rev, buf), TELSVC_OK);
	assert_int_equal(rev, 3);
	assert_memory_equal(telsvc_buf_data(buf), "a3", 2);
	for (uint64_t seq = 1; seq <= 600; seq++) /* more than one pipeline chunk */
		assert_int_equal(st->audit_append(st->payload, seq, "rec", 3), TELSVC_OK);
	assert_int_equal(telsvc_pg_audit_count(&n, f->db), TELSVC_OK);
	assert_int_equal(n, 0); /* kept back */
	int rows = 0;
	assert_int_equal(st->iterate(st->payload, TELSVC_KIND_REQUEST, count_rows, &rows), TELSVC_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(telsvc_pg_audit_count(&n, f->db), TELSVC_OK);
	assert_int_equal(n, 600); /* the walk wrote them first */
	assert_int_equal(put(st, "A", 3, "a4"), TELSVC_OK);
	assert_int_equal(st->rollback(st->payload), TELSVC_OK);
	assert_int_equal(st->get(st->payload, TELSVC_KIND_REQUEST, "A", &rev, buf), TELSVC_ENOTFOUND);
	assert_int_equal(telsvc_pg_audit_count(&n, f->db), TELSVC_OK);
	assert_int_equal(n, 0);

	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	assert_int_equal(put(st, "A", 0, "a1"), TELSVC_OK);
	assert_int_equal(put(st, "A", 1, "a2"), TELSVC_OK);
	assert_int_equal(st->audit_append(st->payload, 1, "r1", 2), TELSVC_OK);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	assert_int_equal(st->get(st->payload, TELSVC_KIND_REQUEST, "A", &rev, buf), TELSVC_OK);
	assert_int_equal(rev, 2);
	assert_memory_equal(telsvc_buf_data(buf), "a2", 2);

	/* a writer that ignores the lock took number 2 meanwhile */
	telsvc_pg *rogue = pg_test_reopen(f->schema);
	telsvc_storage st2;
	assert_int_equal(telsvc_pg_storage(&st2, rogue), TELSVC_OK);
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	assert_int_equal(put(st, "A", 2, "a3"), TELSVC_OK);
	assert_int_equal(put(st, "A", 3, "a4"), TELSVC_OK);
	assert_int_equal(st2.audit_append(st2.payload, 2, "theirs", 6), TELSVC_OK);
	assert_int_equal(st->audit_append(st->payload, 2, "r2", 2), TELSVC_OK);
	assert_int_equal(st->commit(st->payload), TELSVC_ECONFLICT);
	assert_non_null(strstr(telsvc_error_last(), "writing the transaction"));
	assert_int_equal(st->get(st->payload, TELSVC_KIND_REQUEST, "A", &rev, buf), TELSVC_OK);
	assert_int_equal(rev, 2);
	assert_memory_equal(telsvc_buf_data(buf), "a2", 2);
	assert_int_equal(put(st, "A", 2, "a3"), TELSVC_OK); /* the connection is usable again */
	telsvc_pg_close(rogue);
	telsvc_buf_free(buf);
}

/* A row another writer has changed and not yet committed: the second
 * writer waits for the lock timeout, then gets a conflict. */
static void locked_row(void **state)
{
	fixture *f = *state;
	assert_int_equal(put(&f->st, "A", 0, "a"), TELSVC_OK);
	telsvc_pg_options o = TELSVC_PG_OPTIONS_INIT;
	o.schema = f->schema, o.lock_timeout_ms = 100;
	telsvc_pg *other;
	assert_int_equal(telsvc_pg_open(&other, pg_test_conninfo(), &o), TELSVC_OK);
	telsvc_storage st2;
	assert_int_equal(telsvc_pg_storage(&st2, other), TELSVC_OK);
	assert_int_equal(f->st.begin(f->st.payload), TELSVC_OK);
	assert_int_equal(put(&f->st, "A", 1, "mine"), TELSVC_OK);
	assert_int_equal(put(&st2, "A", 1, "theirs"), TELSVC_ECONFLICT);
	assert_non_null(strstr(telsvc_error_last(), "lock timeout"));
	assert_int_equal(f->st.commit(f->st.payload), TELSVC_OK);
	assert_int_equal(put(&st2, "A", 1, "theirs"), TELSVC_ECONFLICT);
	assert_int_equal(put(&st2, "A", 2, "theirs"), TELSVC_OK);
	telsvc_pg_close(other);
}

static int count_audit(uint64_t seq, const void *data, size_t size, void *payload)
{
	uint64_t *next = payload;
	assert_int_equal(seq, *next);
	assert_int_equal(size, 8);
	char want[16];
	snprintf(want, sizeof(want), "rec%05llu", (unsigned long long)seq);
	assert_memory_equal(data, want, 8);
	(*next)++;
	return TELSVC_OK;
}

/* Walks across the pages they are fetched in, inside and outside a
 * transaction, and stopped by the visitor. */
static void walks_over_pages(void **state)
{
	fixture *f = *state;
	const telsvc_storage *st = &f->st;
	char id[32], rec[16];
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	for (int i = 1; i <= 2345; i++) {
		snprintf(id, sizeof(id), "R%05d", i);
		assert_int_equal(put(st, id, 0, id), TELSVC_OK);
		snprintf(rec, sizeof(rec), "rec%05d", i);
		assert_int_equal(st->audit_append(st->payload, (uint64_t)i, rec, 8), TELSVC_OK);
	}
	seen s = { "", 0 };
	assert_int_equal(st->iterate(st->payload, TELSVC_KIND_REQUEST, collect_ids, &s), TELSVC_OK);
	assert_int_equal(s.count, 2345);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	s = (seen){ "", 0 };
	assert_int_equal(st->iterate(st->payload, TELSVC_KIND_REQUEST, collect_ids, &s), TELSVC_OK);
	assert_int_equal(s.count, 2345);
	assert_string_equal(s.last, "R02345");
	uint64_t next = 999;
	assert_int_equal(st->audit_iterate(st->payload, 999, count_audit, &next), TELSVC_OK);
	assert_int_equal(next, 2346);
	next = 3000;
	assert_int_equal(st->audit_iterate(st->payload, 3000, count_audit, &next), TELSVC_OK);
	assert_int_equal(next, 3000);
}

/* The schema: made once, found again, refused when newer or absent. */
static void schema_and_options(void **state)
{
	fixture *f = *state;
	telsvc_pg *db;
	telsvc_pg_options o = TELSVC_PG_OPTIONS_INIT;
	o.schema = f->schema, o.must_exist = 1;
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_OK);
	telsvc_pg_close(db);
	char absent[96];
	snprintf(absent, sizeof(absent), "%s_absent", f->schema);
	o.schema = absent;
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_ENOTFOUND);
	assert_null(db);
	/* a schema with other tables but not the library's */
	char sqltext[256];
	snprintf(sqltext, sizeof(sqltext), "CREATE SCHEMA \"%s\"; CREATE TABLE \"%s\".other(x int)", absent, absent);
	sql(f->db, sqltext);
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_ENOTFOUND);
	assert_non_null(strstr(telsvc_error_last(), "no telsvc tables"));
	o.must_exist = 0;
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_OK);
	char quoted[100];
	snprintf(quoted, sizeof(quoted), "\"%s\"", absent);
	assert_string_equal(telsvc_pg_schema(db), quoted);
	pg_test_drop(db);
	/* a quote in the name is quoted, not injected */
	o.schema = "it\"s; DROP TABLE x";
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_OK);
	assert_string_equal(telsvc_pg_schema(db), "\"it\"\"s; DROP TABLE x\"");
	pg_test_drop(db);
	/* a newer schema than this library knows */
	snprintf(sqltext, sizeof(sqltext), "UPDATE %s.telsvc_schema SET version = 99", telsvc_pg_schema(f->db));
	sql(f->db, sqltext);
	o.schema = f->schema;
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_EVERSION);
	assert_non_null(strstr(telsvc_error_last(), "schema 99"));
	/* options */
	o = (telsvc_pg_options)TELSVC_PG_OPTIONS_INIT;
	o.version = 9;
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_EVERSION);
	o = (telsvc_pg_options)TELSVC_PG_OPTIONS_INIT;
	o.lock_timeout_ms = -1;
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_EINVAL);
	o.lock_timeout_ms = 0, o.schema = "";
	assert_int_equal(telsvc_pg_open(&db, pg_test_conninfo(), &o), TELSVC_EINVAL);
	assert_int_equal(telsvc_pg_open(&db, NULL, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_pg_open(NULL, "", NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_pg_storage(NULL, f->db), TELSVC_EINVAL);
	uint64_t n;
	assert_int_equal(telsvc_pg_object_count(&n, NULL, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_pg_audit_count(NULL, f->db), TELSVC_EINVAL);
	assert_null(telsvc_pg_handle(NULL));
	assert_null(telsvc_pg_schema(NULL));
	telsvc_pg_close(NULL);
	/* a server that is not there, and a string that is not a connection string */
	assert_int_equal(telsvc_pg_open(&db, "host=/nonexistent/telsvc dbname=x connect_timeout=2", NULL), TELSVC_ESTORAGE);
	assert_non_null(strstr(telsvc_error_last(), "postgresql: connecting"));
	assert_int_equal(telsvc_pg_open(&db, "this is not = a conninfo '", NULL), TELSVC_ESTORAGE);
	assert_null(db);
}

static const unsigned char key[32] = "thirty-two bytes of a test key!";
static const telsvc_actor agent = { "a.li", "agent" };

/* A context on @st with the default policy and a sealed log. */
static telsvc_ctx *library_ctx(const fixture *f, const telsvc_storage *st)
{
	telsvc_ctx *ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, f->policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, st), TELSVC_OK);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key);
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	return ctx;
}

static void create(telsvc_ctx *ctx, telsvc_request **r)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "no signal", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "voice";
	in.received_at = 1759222800;
	assert_int_equal(telsvc_request_create(r, ctx, &in, &agent), TELSVC_OK);
}

static void verify(telsvc_ctx *ctx, uint64_t records)
{
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	assert_int_equal(telsvc_audit_verify(&rep, ctx, key, sizeof(key), NULL), TELSVC_OK);
	assert_int_equal(rep.verdict, TELSVC_AUDIT_UNANCHORED);
	assert_int_equal(rep.records, records);
}

/* Two contexts on two connections change the same request: the second
 * gets the conflict, re-reads the request and retries; both changes and
 * one chain of audit records are stored. */
static void two_contexts(void **state)
{
	fixture *f = *state;
	telsvc_pg *other = pg_test_reopen(f->schema);
	telsvc_storage st2;
	assert_int_equal(telsvc_pg_storage(&st2, other), TELSVC_OK);
	telsvc_ctx *c1 = library_ctx(f, &f->st);
	telsvc_request *r1, *r2;
	create(c1, &r1);
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r1));
	telsvc_ctx *c2 = library_ctx(f, &st2);
	assert_int_equal(telsvc_request_find(&r2, c2, number), TELSVC_OK);
	const telsvc_actor pre = { "b.wang", "preprocessor" };
	assert_int_equal(telsvc_request_apply(r1, TELSVC_ACTION_PREPROCESS, &pre, 1759223000, 0), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(r2, TELSVC_ACTION_PREPROCESS, &pre, 1759223100, 0), TELSVC_ECONFLICT);
	assert_int_equal(telsvc_request_state_of(r2), TELSVC_REQUEST_RECEIVED); /* as it was */
	assert_int_equal(telsvc_request_release(r2), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&r2, c2, number), TELSVC_OK);
	assert_int_equal(telsvc_request_state_of(r2), TELSVC_REQUEST_PREPROCESSING);
	assert_int_equal(telsvc_request_apply_note(r2, TELSVC_ACTION_WRITE_REPORT, &pre, 1759223200, 0, "plan"),
			 TELSVC_OK);
	/* a request created by the second context after the first's numbers */
	telsvc_request *r3;
	create(c2, &r3);
	assert_string_not_equal(telsvc_request_number(r3), number);
	verify(c1, 5); /* genesis, two creations, two changes */
	telsvc_ctx_free(c2);
	telsvc_ctx_free(c1);
	telsvc_pg_close(other);
}

/* Two contexts that take turns creating requests: each finds the other's
 * audit records when its transaction begins (the store is shared) and
 * continues the chain after them, so no call conflicts on the log. */
static void turns_on_one_log(void **state)
{
	fixture *f = *state;
	telsvc_pg *other = pg_test_reopen(f->schema);
	telsvc_storage st2;
	assert_int_equal(telsvc_pg_storage(&st2, other), TELSVC_OK);
	telsvc_ctx *c[2] = { library_ctx(f, &f->st), library_ctx(f, &st2) };
	char numbers[20][64];
	for (int i = 0; i < 20; i++) {
		telsvc_request *r;
		create(c[i % 2], &r); /* asserts TELSVC_OK: no conflict to retry */
		snprintf(numbers[i], sizeof(numbers[i]), "%s", telsvc_request_number(r));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(numbers[i], numbers[j]);
	}
	verify(c[0], 21);
	telsvc_ctx_free(c[1]);
	telsvc_ctx_free(c[0]);
	telsvc_pg_close(other);
}

/* The connection dies under a context: the call fails with the storage
 * status, and a new connection finds the request as it was. */
static void lost_connection(void **state)
{
	fixture *f = *state;
	telsvc_pg *mine = pg_test_reopen(f->schema);
	telsvc_storage st;
	assert_int_equal(telsvc_pg_storage(&st, mine), TELSVC_OK);
	telsvc_ctx *ctx = library_ctx(f, &st);
	telsvc_request *r;
	create(ctx, &r);
	char number[64], kill[128];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r));
	snprintf(kill, sizeof(kill), "SELECT pg_terminate_backend(%d)", PQbackendPID(telsvc_pg_handle(mine)));
	sql(f->db, kill);
	const telsvc_actor pre = { "b.wang", "preprocessor" };
	assert_int_equal(telsvc_request_apply(r, TELSVC_ACTION_PREPROCESS, &pre, 1759223000, 0), TELSVC_ESTORAGE);
	assert_non_null(strstr(telsvc_error_last(), "postgresql"));
	assert_int_equal(telsvc_request_state_of(r), TELSVC_REQUEST_RECEIVED);
	telsvc_ctx_free(ctx);
	telsvc_pg_close(mine);
	telsvc_ctx *again = library_ctx(f, &f->st);
	assert_int_equal(telsvc_request_find(&r, again, number), TELSVC_OK);
	assert_int_equal(telsvc_request_state_of(r), TELSVC_REQUEST_RECEIVED);
	verify(again, 2);
	telsvc_ctx_free(again);
}

static long host_rows(telsvc_pg *db)
{
	char text[160];
	snprintf(text, sizeof(text), "SELECT count(*) FROM %s.host_refs", telsvc_pg_schema(db));
	PGresult *r = PQexec(telsvc_pg_handle(db), text);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	long n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

/* The host's own table beside the library's, in the library's
 * transaction: rolled back and committed with it. */
static void host_table_in_transaction(void **state)
{
	fixture *f = *state;
	char text[256];
	snprintf(text, sizeof(text), "CREATE TABLE %s.host_refs(ref text PRIMARY KEY, number text)",
		 telsvc_pg_schema(f->db));
	sql(f->db, text);
	snprintf(text, sizeof(text), "INSERT INTO %s.host_refs VALUES ('crm-1', 'x')", telsvc_pg_schema(f->db));
	telsvc_ctx *ctx = library_ctx(f, &f->st);
	telsvc_request *r;
	assert_int_equal(telsvc_txn_begin(ctx), TELSVC_OK);
	create(ctx, &r);
	sql(f->db, text);
	assert_int_equal(telsvc_txn_rollback(ctx), TELSVC_OK);
	assert_int_equal(host_rows(f->db), 0);
	uint64_t n;
	assert_int_equal(telsvc_pg_object_count(&n, f->db, 0), TELSVC_OK);
	assert_int_equal(n, 0);
	assert_int_equal(telsvc_txn_begin(ctx), TELSVC_OK);
	create(ctx, &r);
	sql(f->db, text);
	assert_int_equal(telsvc_txn_commit(ctx), TELSVC_OK);
	assert_int_equal(host_rows(f->db), 1);
	assert_int_equal(telsvc_pg_object_count(&n, f->db, TELSVC_KIND_REQUEST), TELSVC_OK);
	assert_int_equal(n, 1);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(two_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(conflict_keeps_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(written_at_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(locked_row, setup, teardown),
		cmocka_unit_test_setup_teardown(walks_over_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(schema_and_options, setup, teardown),
		cmocka_unit_test_setup_teardown(two_contexts, setup, teardown),
		cmocka_unit_test_setup_teardown(turns_on_one_log, setup, teardown),
		cmocka_unit_test_setup_teardown(lost_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(host_table_in_transaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
