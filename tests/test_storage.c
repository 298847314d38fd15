/* The storage contract, as a conformance suite any backend must pass
 * (docs/storage.md), run here on the memory store, on the fault store
 * wrapped around it with injection off and on, on SQLite (a file in a
 * fresh directory) when it is built, and on PostgreSQL (a schema of its
 * own on the tests' private server) when a server is there to test on. */
#include "helpers.h"

#include "fault_store.h"

#include <telsvc/memstore.h>
#ifdef TELSVC_TEST_SQLITE
#include "backends/pending.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <telsvc/sqlite.h>
#include <unistd.h>
#endif
#ifdef TELSVC_TEST_PG
#include "pg_test.h"
#endif

typedef struct backend {
	telsvc_ctx *ctx;
	telsvc_memstore *mem;
	fault_store fs;
	telsvc_storage st;
#ifdef TELSVC_TEST_SQLITE
	telsvc_sqlite *sql;
	char dir[64], path[96];
#endif
#ifdef TELSVC_TEST_PG
	telsvc_pg *pg;
	char schema[64];
#endif
} backend;

static int setup_memory(void **state)
{
	backend *b = calloc(1, sizeof(*b));
	b->ctx = test_ctx();
	assert_int_equal(telsvc_memstore_new(&b->mem, b->ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_storage(&b->st, b->mem), TELSVC_OK);
	*state = b;
	return 0;
}

static int setup_fault(void **state)
{
	setup_memory(state);
	backend *b = *state;
	telsvc_storage inner = b->st;
	fault_store_init(&b->fs, &inner, &b->st);
	return 0;
}

#ifdef TELSVC_TEST_SQLITE
static void sqlite_open(backend *b)
{
	if (telsvc_sqlite_open(&b->sql, b->path, NULL) != TELSVC_OK)
		fail_msg("%s", telsvc_error_last());
	assert_int_equal(telsvc_sqlite_storage(&b->st, b->sql), TELSVC_OK);
}

static int setup_sqlite(void **state)
{
	backend *b = calloc(1, sizeof(*b));
	b->ctx = test_ctx();
	snprintf(b->dir, sizeof(b->dir), "/tmp/telsvc-test-XXXXXX");
	assert_non_null(mkdtemp(b->dir));
	snprintf(b->path, sizeof(b->path), "%s/t.db", b->dir);
	sqlite_open(b);
	*state = b;
	return 0;
}
#endif

#ifdef TELSVC_TEST_PG
static int setup_pg(void **state)
{
	backend *b = calloc(1, sizeof(*b));
	b->ctx = test_ctx();
	b->pg = pg_test_open("conformance", b->schema, sizeof(b->schema));
	assert_int_equal(telsvc_pg_storage(&b->st, b->pg), TELSVC_OK);
	*state = b;
	return 0;
}
#endif

static int teardown(void **state)
{
	backend *b = *state;
#ifdef TELSVC_TEST_PG
	if (b->pg)
		pg_test_drop(b->pg);
#endif
#ifdef TELSVC_TEST_SQLITE
	if (b->sql) {
		telsvc_sqlite_close(b->sql);
		char f[128];
		const char *const tails[] = { "", "-wal", "-shm" };
		for (int i = 0; i < 3; i++) {
			snprintf(f, sizeof(f), "%s%s", b->path, tails[i]);
			unlink(f);
		}
		rmdir(b->dir);
	}
#endif
	telsvc_memstore_free(b->mem);
	telsvc_ctx_free(b->ctx);
	free(b);
	return 0;
}

static void expect_get(backend *b, int kind, const char *id, uint64_t revision, const char *data)
{
	telsvc_buf *buf;
	uint64_t rev = 0;
	assert_int_equal(telsvc_buf_new(&buf, b->ctx), TELSVC_OK);
	int rc = b->st.get(b->st.payload, kind, id, &rev, buf);
	if (!data) {
		assert_int_equal(rc, TELSVC_ENOTFOUND);
	} else {
		assert_int_equal(rc, TELSVC_OK);
		assert_int_equal(rev, revision);
		assert_int_equal(telsvc_buf_size(buf), strlen(data));
		assert_memory_equal(telsvc_buf_data(buf), data, strlen(data));
	}
	telsvc_buf_free(buf);
}

static int put(backend *b, int kind, const char *id, uint64_t expected, const char *data)
{
	return b->st.put(b->st.payload, kind, id, expected, data, strlen(data));
}

static void compare_and_swap(void **state)
{
	backend *b = *state;
	assert_true(b->st.version >= 1);
	expect_get(b, TELSVC_KIND_REQUEST, "R1", 0, NULL);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "R1", 0, "one"), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "R1", 1, "one");
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "R1", 0, "again"), TELSVC_ECONFLICT);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "R1", 2, "ahead"), TELSVC_ECONFLICT);
	expect_get(b, TELSVC_KIND_REQUEST, "R1", 1, "one");
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "R1", 1, "two"), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "R1", 2, "two");
	/* kinds are separate name spaces; empty data is data */
	assert_int_equal(put(b, TELSVC_KIND_COMPLAINT, "R1", 0, ""), TELSVC_OK);
	expect_get(b, TELSVC_KIND_COMPLAINT, "R1", 1, "");
	expect_get(b, TELSVC_KIND_REQUEST, "R1", 2, "two");
}

static void transactions_are_atomic(void **state)
{
	backend *b = *state;
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 0, "a1"), TELSVC_OK);
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 1, "a2"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 2, "a3"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "B", 0, "b1"), TELSVC_OK);
	assert_int_equal(b->st.audit_append(b->st.payload, 1, "x", 1), TELSVC_OK);
	assert_int_equal(b->st.rollback(b->st.payload), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "A", 1, "a1");
	expect_get(b, TELSVC_KIND_REQUEST, "B", 0, NULL);
	assert_int_equal(b->st.audit_append(b->st.payload, 1, "y", 1), TELSVC_OK); /* seq 1 is free again */

	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "B", 0, "b1"), TELSVC_OK);
	assert_int_equal(b->st.audit_append(b->st.payload, 2, "z", 1), TELSVC_OK);
	assert_int_equal(b->st.commit(b->st.payload), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "B", 1, "b1");
	/* a transaction does not nest */
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_true(b->st.begin(b->st.payload) < 0);
	assert_int_equal(b->st.rollback(b->st.payload), TELSVC_OK);
}

static int visit_latest(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)kind;
	if (strcmp(id, "A") == 0) {
		assert_int_equal(revision, 3);
		assert_int_equal(size, 2);
		assert_memory_equal(data, "a3", 2);
		++*(int *)payload;
	}
	return TELSVC_OK;
}

/* One object put many times in a transaction: each put sees the last,
 * reads and iteration inside the transaction see the newest bytes, a
 * stale revision conflicts, and commit or rollback keep all or none. */
static void repeated_puts_in_transaction(void **state)
{
	backend *b = *state;
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 0, "a1"), TELSVC_OK);
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 1, "a2"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 2, "a3"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 2, "stale"), TELSVC_ECONFLICT);
	assert_int_equal(put(b, TELSVC_KIND_COMPLAINT, "A", 1, "other kind"), TELSVC_ECONFLICT);
	expect_get(b, TELSVC_KIND_REQUEST, "A", 3, "a3");
	int seen = 0;
	assert_int_equal(b->st.iterate(b->st.payload, TELSVC_KIND_REQUEST, visit_latest, &seen), TELSVC_OK);
	assert_int_equal(seen, 1);
	assert_int_equal(b->st.commit(b->st.payload), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "A", 3, "a3");

	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 3, "a4"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 4, "a5"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "N", 0, "n1"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "N", 1, "n2"), TELSVC_OK);
	assert_int_equal(b->st.rollback(b->st.payload), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "A", 3, "a3");
	expect_get(b, TELSVC_KIND_REQUEST, "N", 0, NULL);
	/* outside a transaction the next put starts from what is stored */
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 4, "a5"), TELSVC_ECONFLICT);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 3, "a4"), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "A", 4, "a4");
}

struct seen {
	int count;
	uint64_t last_seq;
	char ids[8][8];
};

static int visit_object(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	struct seen *s = payload;
	assert_int_equal(kind, TELSVC_KIND_INCIDENT);
	assert_true(revision >= 1);
	assert_int_equal(size, strlen(id) + 1);
	assert_memory_equal(data, "!", 1);
	snprintf(s->ids[s->count++ % 8], 8, "%s", id);
	return TELSVC_OK;
}

static int visit_audit(uint64_t seq, const void *data, size_t size, void *payload)
{
	struct seen *s = payload;
	assert_int_equal(seq, s->last_seq + 1);
	assert_int_equal(size, 1);
	assert_int_equal(((const char *)data)[0], 'a' + (int)seq - 1);
	s->last_seq = seq;
	s->count++;
	return seq == 4 ? TELSVC_EUSER : TELSVC_OK;
}

static void iteration_and_audit(void **state)
{
	backend *b = *state;
	const char *ids[] = { "I1", "I22", "I333" };
	char data[8];
	for (int i = 0; i < 3; i++) {
		snprintf(data, sizeof(data), "!%.*s", (int)strlen(ids[i]), "xxxx");
		assert_int_equal(put(b, TELSVC_KIND_INCIDENT, ids[i], 0, data), TELSVC_OK);
	}
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "R", 0, "other"), TELSVC_OK);
	struct seen s = { 0 };
	assert_int_equal(b->st.iterate(b->st.payload, TELSVC_KIND_INCIDENT, visit_object, &s), TELSVC_OK);
	assert_int_equal(s.count, 3);

	for (uint64_t seq = 1; seq <= 5; seq++) {
		char c = (char)('a' + seq - 1);
		assert_int_equal(b->st.audit_append(b->st.payload, seq, &c, 1), TELSVC_OK);
	}
	assert_int_equal(b->st.audit_append(b->st.payload, 3, "c", 1), TELSVC_ECONFLICT);
	s = (struct seen){ 0 };
	/* a visitor's status stops the walk and comes back unchanged */
	assert_int_equal(b->st.audit_iterate(b->st.payload, 1, visit_audit, &s), TELSVC_EUSER);
	assert_int_equal(s.last_seq, 4);
	s = (struct seen){ .last_seq = 2 };
	assert_int_equal(b->st.audit_iterate(b->st.payload, 3, visit_audit, &s), TELSVC_EUSER);
	assert_int_equal(s.count, 2);
}

static int collect_audit(uint64_t seq, const void *data, size_t size, void *payload)
{
	char *out = payload;
	out[seq - 1] = size ? ((const char *)data)[0] : '-';
	return TELSVC_OK;
}

/* Version 2: an audit record's bytes replaced in a transaction (a purge),
 * undone by its rollback. */
static void audit_replace(void **state)
{
	backend *b = *state;
	const telsvc_storage *st = &b->st;
	for (uint64_t seq = 1; seq <= 3; seq++) {
		char c = (char)('a' + seq - 1);
		assert_int_equal(st->audit_append(st->payload, seq, &c, 1), TELSVC_OK);
	}
	char seen[4] = "";
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	assert_int_equal(st->audit_replace(st->payload, 2, "B", 1), TELSVC_OK);
	assert_int_equal(st->audit_replace(st->payload, 3, "", 0), TELSVC_OK);
	assert_int_equal(st->rollback(st->payload), TELSVC_OK);
	assert_int_equal(st->audit_iterate(st->payload, 1, collect_audit, seen), TELSVC_OK);
	assert_string_equal(seen, "abc");
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	assert_int_equal(st->audit_replace(st->payload, 2, "B", 1), TELSVC_OK);
	assert_int_equal(st->audit_replace(st->payload, 4, "D", 1), TELSVC_ENOTFOUND);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	assert_int_equal(st->audit_iterate(st->payload, 1, collect_audit, seen), TELSVC_OK);
	assert_string_equal(seen, "aBc");
}

/* An audit record as docs/record-format.md lays it out, of @body bytes
 * that depend on @seq and @body (the checksum left zero: stores keep
 * bytes, they do not check them). */
static size_t make_record(unsigned char *out, uint64_t seq, size_t body)
{
	memcpy(out, "TSVR\x01\x00\x00\x00", 8);
	for (int i = 0; i < 4; i++)
		out[8 + i] = (unsigned char)(body >> (8 * i));
	for (size_t i = 0; i < body; i++)
		out[12 + i] = (unsigned char)(seq * 7 + i + body);
	memset(out + 12 + body, 0, 4);
	return 16 + body;
}

static size_t record_body(uint64_t seq)
{
	return 20 + (size_t)(seq % 50);
}

typedef struct records_seen {
	uint64_t first, last, count;
	uint64_t short_seq; /* a record whose body is 5 bytes */
} records_seen;

/* Each record is the one make_record() gives for its number. */
static int check_record(uint64_t seq, const void *data, size_t size, void *payload)
{
	records_seen *r = payload;
	unsigned char want[128];
	size_t n = make_record(want, seq, seq == r->short_seq ? 5 : record_body(seq));
	if (size != n || memcmp(data, want, n) != 0)
		fail_msg("audit record %llu: %zu bytes, not the %zu appended", (unsigned long long)seq, size, n);
	if (!r->count)
		r->first = seq;
	else if (seq != r->last + 1)
		fail_msg("audit record %llu follows %llu", (unsigned long long)seq, (unsigned long long)r->last);
	r->last = seq;
	r->count++;
	return TELSVC_OK;
}

static records_seen audit_from(backend *b, uint64_t from, uint64_t short_seq)
{
	records_seen r = { .short_seq = short_seq };
	assert_int_equal(b->st.audit_iterate(b->st.payload, from, check_record, &r), TELSVC_OK);
	return r;
}

static void append_records(backend *b, uint64_t from, uint64_t to)
{
	unsigned char rec[128];
	for (uint64_t seq = from; seq <= to; seq++)
		assert_int_equal(b->st.audit_append(b->st.payload, seq, rec, make_record(rec, seq, record_body(seq))),
				 TELSVC_OK);
}

/* Appending record @seq, which the store holds, conflicts: at once, or
 * at the commit in a store that keeps records back until then
 * (TELSVC_STORAGE_CAP_SHARED, docs/storage.md). */
static void expect_audit_conflict(backend *b, uint64_t seq)
{
	const telsvc_storage *st = &b->st;
	unsigned char rec[128];
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	int rc = st->audit_append(st->payload, seq, rec, make_record(rec, seq, 9));
	if (rc == TELSVC_OK && (st->capabilities & TELSVC_STORAGE_CAP_SHARED))
		rc = st->commit(st->payload);
	st->rollback(st->payload);
	assert_int_equal(rc, TELSVC_ECONFLICT);
}

/* Records appended in transactions, as the library appends them, many
 * to a commit: read back whole and in order from any number, replaced
 * one by one, refused when their number is taken, gone with a rollback. */
static void audit_records_in_transactions(void **state)
{
	backend *b = *state;
	const telsvc_storage *st = &b->st;
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 1, 150);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	records_seen r = audit_from(b, 1, 0);
	assert_int_equal(r.first, 1);
	assert_int_equal(r.count, 150);
	r = audit_from(b, 70, 0);
	assert_int_equal(r.first, 70);
	assert_int_equal(r.count, 81);

	unsigned char rec[128];
	if (st->audit_replace) {
		assert_int_equal(st->begin(st->payload), TELSVC_OK);
		assert_int_equal(st->audit_replace(st->payload, 100, rec, make_record(rec, 100, 5)), TELSVC_OK);
		assert_int_equal(st->audit_replace(st->payload, 151, rec, make_record(rec, 151, 5)), TELSVC_ENOTFOUND);
		assert_int_equal(st->commit(st->payload), TELSVC_OK);
		r = audit_from(b, 1, 100);
		assert_int_equal(r.count, 150);
	}
	expect_audit_conflict(b, 150);
	expect_audit_conflict(b, 64);

	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 151, 160);
	assert_int_equal(st->rollback(st->payload), TELSVC_OK);
	r = audit_from(b, 140, st->audit_replace ? 100 : 0);
	assert_int_equal(r.last, 150);

	/* read in the transaction that appends them, then committed */
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 151, 155);
	r = audit_from(b, 150, 0);
	assert_int_equal(r.count, 6);
	append_records(b, 156, 157);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	r = audit_from(b, 1, st->audit_replace ? 100 : 0);
	assert_int_equal(r.count, 157);
}

static int count_one(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)kind, (void)id, (void)revision, (void)data, (void)size;
	(*(size_t *)payload)++;
	return TELSVC_OK;
}

static size_t count_objects(backend *b, int kind)
{
	size_t n = 0;
	assert_int_equal(b->st.iterate(b->st.payload, kind, count_one, &n), TELSVC_OK);
	return n;
}

/* Many objects, and a rollback of inserts among them. */
static void many_objects(void **state)
{
	backend *b = *state;
	char id[32], data[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "R%d", i);
		snprintf(data, sizeof(data), "v%d", i);
		assert_int_equal(put(b, TELSVC_KIND_REQUEST, id, 0, data), TELSVC_OK);
	}
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	for (int i = 5000; i < 8000; i++) {
		snprintf(id, sizeof(id), "R%d", i);
		assert_int_equal(put(b, TELSVC_KIND_REQUEST, id, 0, "new"), TELSVC_OK);
	}
	for (int i = 0; i < 5000; i += 7) {
		snprintf(id, sizeof(id), "R%d", i);
		assert_int_equal(put(b, TELSVC_KIND_REQUEST, id, 1, "changed"), TELSVC_OK);
	}
	assert_int_equal(b->st.rollback(b->st.payload), TELSVC_OK);
	for (int i = 0; i < 8000; i++) {
		snprintf(id, sizeof(id), "R%d", i);
		snprintf(data, sizeof(data), "v%d", i);
		expect_get(b, TELSVC_KIND_REQUEST, id, 1, i < 5000 ? data : NULL);
	}
	assert_int_equal(count_objects(b, TELSVC_KIND_REQUEST), 5000);
}

/* The fault store fails exactly the calls it is told to. */
static void fault_injection(void **state)
{
	backend *b = *state;
	b->fs.method = FAULT_PUT;
	b->fs.fail_at = 2;
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "F", 0, "1"), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "F", 1, "2"), TELSVC_ESTORAGE);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "F", 1, "3"), TELSVC_OK);
	expect_get(b, TELSVC_KIND_REQUEST, "F", 2, "3");
	/* an ambiguous commit stores the change and reports failure */
	b->fs = (fault_store){ .inner = b->fs.inner, .method = FAULT_COMMIT, .fail_at = 1, .ambiguous_commit = 1 };
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "F", 2, "4"), TELSVC_OK);
	assert_int_equal(b->st.commit(b->st.payload), TELSVC_ESTORAGE);
	expect_get(b, TELSVC_KIND_REQUEST, "F", 3, "4");
	/* a plain failed commit stores nothing */
	b->fs = (fault_store){ .inner = b->fs.inner, .method = FAULT_COMMIT, .fail_at = 1 };
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "F", 3, "5"), TELSVC_OK);
	assert_int_equal(b->st.commit(b->st.payload), TELSVC_ESTORAGE);
	expect_get(b, TELSVC_KIND_REQUEST, "F", 3, "4");
	assert_int_equal(b->fs.failures, 1);
}

static void memstore_arguments(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_memstore *m;
	telsvc_storage st;
	assert_int_equal(telsvc_memstore_new(NULL, ctx), TELSVC_EINVAL);
	assert_int_equal(telsvc_memstore_new(&m, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_memstore_new(&m, ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_storage(NULL, m), TELSVC_EINVAL);
	assert_int_equal(telsvc_memstore_storage(&st, m), TELSVC_OK);
	assert_true(st.capabilities & TELSVC_STORAGE_CAP_ATOMIC);
	assert_false(st.capabilities & TELSVC_STORAGE_CAP_DURABLE);
	assert_int_equal(telsvc_memstore_storage(&st, NULL), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "store is NULL"));
	assert_int_equal(telsvc_memstore_audit_count(NULL), 0);
	/* calls the library never makes out of turn are refused all the same */
	assert_int_equal(st.commit(st.payload), TELSVC_ESTORAGE);
	assert_int_equal(st.rollback(st.payload), TELSVC_ESTORAGE);
	assert_int_equal(st.put(st.payload, 1, NULL, 0, "y", 1), TELSVC_EINVAL);
	assert_int_equal(st.put(st.payload, 1, "x", 0, NULL, 1), TELSVC_EINVAL);
	assert_int_equal(st.put(st.payload, 1, "empty", 0, NULL, 0), TELSVC_OK); /* no bytes: empty data */
	assert_int_equal(st.audit_append(st.payload, 2, "b", 1), TELSVC_ESTORAGE); /* a gap, not a conflict */
	assert_int_equal(st.audit_append(st.payload, 1, "a", 1), TELSVC_OK);
	assert_int_equal(st.audit_replace(st.payload, 0, "A", 1), TELSVC_ENOTFOUND);
	/* outside a transaction a replacement stays; iteration from 0 starts at 1 */
	assert_int_equal(st.audit_replace(st.payload, 1, "A", 1), TELSVC_OK);
	char seen[2] = "";
	assert_int_equal(st.audit_iterate(st.payload, 0, collect_audit, seen), TELSVC_OK);
	assert_string_equal(seen, "A");
	/* freeing with an open transaction discards it, without leaks */
	assert_int_equal(st.begin(st.payload), TELSVC_OK);
	assert_int_equal(st.put(st.payload, 1, "x", 0, "y", 1), TELSVC_OK);
	telsvc_memstore_free(m);
	telsvc_memstore_free(NULL);
	assert_int_equal(telsvc_memstore_object_count(NULL), 0);
	telsvc_ctx_free(ctx);
}

/* Out of memory inside the store: the call fails, nothing changes. */
static void memstore_out_of_memory(void **state)
{
	(void)state;
	for (long n = 1; n < 400; n++) {
		test_alloc a = { 0 };
		telsvc_ctx *ctx = test_ctx_with_alloc(&a);
		a.fail_at = a.calls + n;
		telsvc_memstore *m;
		telsvc_storage st;
		char id[16];
		if (telsvc_memstore_new(&m, ctx) != TELSVC_OK) {
			telsvc_ctx_free(ctx);
			continue;
		}
		telsvc_memstore_storage(&st, m);
		st.begin(st.payload);
		int stored = 0;
		for (int i = 0; i < 30; i++) {
			snprintf(id, sizeof(id), "k%d", i);
			int rc = st.put(st.payload, 1, id, 0, "v", 1);
			assert_true(rc == TELSVC_OK || rc == TELSVC_ENOMEM);
			stored += rc == TELSVC_OK;
		}
		assert_int_equal(telsvc_memstore_object_count(m), (size_t)stored);
		/* audit records: small ones share a chunk, a large one has its own */
		static char large[70 * 1024];
		const size_t sizes[] = { 1, sizeof(large), 1 };
		uint64_t appended = 0;
		for (int i = 0; i < 3; i++) {
			int rc = st.audit_append(st.payload, appended + 1, large, sizes[i]);
			assert_true(rc == TELSVC_OK || rc == TELSVC_ENOMEM);
			appended += rc == TELSVC_OK;
		}
		assert_int_equal(telsvc_memstore_audit_count(m), appended);
		if (appended) {
			int rc = st.audit_replace(st.payload, 1, large, sizeof(large));
			assert_true(rc == TELSVC_OK || rc == TELSVC_ENOMEM);
		}
		st.rollback(st.payload);
		assert_int_equal(telsvc_memstore_object_count(m), 0);
		assert_int_equal(telsvc_memstore_audit_count(m), 0);
		telsvc_memstore_free(m);
		telsvc_ctx_free(ctx);
		assert_int_equal(a.live, 0);
	}
}

/* ---- the library's side of the contract (src/store.c) ---- */

static const telsvc_actor agent = { "a.li", "agent" };

static int create(telsvc_ctx *ctx, telsvc_request **out)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "no signal", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "voice";
	in.received_at = 1759222800;
	telsvc_request *r;
	return telsvc_request_create(out ? out : &r, ctx, &in, &agent);
}

/* A library context on @st, following @policy. */
static telsvc_ctx *library_ctx(const telsvc_policy *policy, const telsvc_storage *st)
{
	telsvc_ctx *ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, st), TELSVC_OK);
	return ctx;
}

/* Bad arguments and calls out of turn are refused, naming what is wrong;
 * a context freed with its transaction open rolls the store back. */
static void library_misuse(void **state)
{
	backend *b = *state;
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, b->ctx), TELSVC_OK);
	test_alloc a = { 0 };
	telsvc_ctx *ctx = test_ctx_with_alloc(&a);
	test_expect_error(telsvc_ctx_set_policy(NULL, policy), TELSVC_EINVAL, "ctx is NULL");
	test_expect_error(telsvc_ctx_set_policy(ctx, NULL), TELSVC_EINVAL, "policy is NULL");
	test_expect_error(telsvc_ctx_set_storage(NULL, &b->st), TELSVC_EINVAL, "ctx is NULL");
	test_expect_error(telsvc_ctx_set_storage(ctx, NULL), TELSVC_EINVAL, "storage is NULL");
	static const struct {
		size_t offset;
		const char *name;
	} required[] = {
		{ offsetof(telsvc_storage, begin), "begin" },
		{ offsetof(telsvc_storage, commit), "commit" },
		{ offsetof(telsvc_storage, rollback), "rollback" },
		{ offsetof(telsvc_storage, put), "put" },
		{ offsetof(telsvc_storage, get), "get" },
		{ offsetof(telsvc_storage, iterate), "iterate" },
		{ offsetof(telsvc_storage, audit_append), "audit_append" },
		{ offsetof(telsvc_storage, audit_iterate), "audit_iterate" },
	};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		telsvc_storage st = b->st;
		memset((char *)&st + required[i].offset, 0, sizeof(st.begin));
		test_expect_error(telsvc_ctx_set_storage(ctx, &st), TELSVC_EINVAL, required[i].name);
	}
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	test_expect_error(create(ctx, NULL), TELSVC_EINVAL, "the context has no storage");
	test_expect_error(telsvc_txn_begin(ctx), TELSVC_EINVAL, "the context has no storage");
	test_expect_error(telsvc_txn_begin(NULL), TELSVC_EINVAL, "ctx is NULL");
	test_expect_error(telsvc_txn_commit(NULL), TELSVC_EINVAL, "no transaction is open");
	test_expect_error(telsvc_txn_rollback(NULL), TELSVC_EINVAL, "no transaction is open");
	test_expect_error(telsvc_ctx_load(NULL), TELSVC_EINVAL, "ctx is NULL");

	assert_int_equal(telsvc_ctx_set_storage(ctx, &b->st), TELSVC_OK);
	assert_int_equal(telsvc_txn_begin(ctx), TELSVC_OK);
	test_expect_error(telsvc_txn_begin(ctx), TELSVC_EINVAL, "already open");
	test_expect_error(telsvc_ctx_set_storage(ctx, &b->st), TELSVC_EINVAL, "has a transaction open");
	test_expect_error(telsvc_ctx_load(ctx), TELSVC_EINVAL, "a transaction is open");
	assert_int_equal(create(ctx, NULL), TELSVC_OK);
	assert_int_equal(telsvc_memstore_object_count(b->mem), 1);
	telsvc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
	assert_int_equal(telsvc_memstore_object_count(b->mem), 0);
	assert_int_equal(telsvc_memstore_audit_count(b->mem), 0);
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK); /* no transaction was left open */
	assert_int_equal(b->st.rollback(b->st.payload), TELSVC_OK);
	telsvc_policy_free(policy);
}

/* A number another context took, learned inside a host transaction that
 * then fails, stays learned: the next case is numbered past it at once. */
static void number_learned_in_undone_transaction(void **state)
{
	backend *b = *state;
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, b->ctx), TELSVC_OK);
	telsvc_ctx *mine = library_ctx(policy, &b->st), *other = library_ctx(policy, &b->st);
	assert_int_equal(telsvc_ctx_load(mine), TELSVC_OK);
	assert_int_equal(create(other, NULL), TELSVC_OK); /* takes SR-20250930-000001 */
	assert_int_equal(telsvc_txn_begin(mine), TELSVC_OK);
	test_expect_error(create(mine, NULL), TELSVC_ECONFLICT, "the transaction was rolled back");
	assert_false(telsvc_txn_active(mine));
	telsvc_request *r;
	assert_int_equal(create(mine, &r), TELSVC_OK);
	assert_string_equal(telsvc_request_number(r), "SR-20250930-000002");
	telsvc_ctx_free(other);
	telsvc_ctx_free(mine);
	telsvc_policy_free(policy);
}

static int silent_failure(void *payload, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	(void)payload, (void)kind, (void)id, (void)expected, (void)data, (void)size;
	return TELSVC_ESTORAGE;
}

/* The fault store fails the next call of @m with @status. */
static void fail_next(backend *b, enum fault_method m, int status)
{
	b->fs.method = m;
	b->fs.calls = 0;
	b->fs.fail_at = 1;
	b->fs.status = status;
}

/* What a backend's failure becomes: its own status and message when they
 * tell the host something (a conflict, not found, the host's own error,
 * out of memory), the storage status naming the call otherwise; a
 * transaction whose first steps failed is rolled back; a damaged store is
 * corrupt data. */
static void library_storage_failures(void **state)
{
	backend *b = *state;
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, b->ctx), TELSVC_OK);
	telsvc_ctx *ctx = library_ctx(policy, &b->st);
	static const struct {
		enum fault_method method;
		int status;
	} passed[] = {
		/* the log's head is read before the first write */
		{ FAULT_AUDIT_ITERATE, TELSVC_ENOMEM }, { FAULT_AUDIT_ITERATE, TELSVC_EUSER },
		{ FAULT_PUT, TELSVC_EUSER },		 { FAULT_PUT, TELSVC_ENOTFOUND },
		{ FAULT_PUT, TELSVC_ENOMEM },
	};
	for (size_t i = 0; i < sizeof(passed) / sizeof(passed[0]); i++) {
		fail_next(b, passed[i].method, passed[i].status);
		test_expect_error(create(ctx, NULL), passed[i].status, "fault store: injected failure");
	}
	fail_next(b, FAULT_ANY, 0);
	b->fs.fail_at = 0;
	telsvc_request *r;
	assert_int_equal(create(ctx, &r), TELSVC_OK);

	/* a status that means nothing to the host becomes a storage failure */
	fail_next(b, FAULT_PUT, TELSVC_EINVAL);
	test_expect_error(create(ctx, NULL), TELSVC_ESTORAGE,
			  "put of request SR-20250930-000002 failed (TELSVC_EINVAL)");
	b->fs.fail_at = 0;
	telsvc_ctx_free(ctx);

	/* a backend that fails without a word is named by the call that failed */
	telsvc_storage silent = b->st;
	silent.put = silent_failure;
	ctx = library_ctx(policy, &silent);
	telsvc_error_clear();
	test_expect_error(create(ctx, NULL), TELSVC_ESTORAGE,
			  "storage: put of request SR-20250930-000001 failed (TELSVC_ESTORAGE)");
	telsvc_ctx_free(ctx);

	/* a transaction on a shared store reads the log's tail first; when that
	 * fails the transaction is rolled back */
	telsvc_storage shared = b->st;
	shared.capabilities |= TELSVC_STORAGE_CAP_SHARED;
	ctx = library_ctx(policy, &shared);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&r, ctx, "SR-20250930-000001"), TELSVC_OK);
	fail_next(b, FAULT_AUDIT_ITERATE, 0);
	test_expect_error(telsvc_request_apply(r, TELSVC_ACTION_PREPROCESS, &agent, 0, 0), TELSVC_ESTORAGE,
			  "audit iterate");
	assert_int_equal(b->fs.inner.begin(b->fs.inner.payload), TELSVC_OK); /* none is open */
	assert_int_equal(b->fs.inner.rollback(b->fs.inner.payload), TELSVC_OK);
	fail_next(b, FAULT_AUDIT_ITERATE, 0);
	test_expect_error(telsvc_txn_begin(ctx), TELSVC_ESTORAGE, "audit iterate");
	assert_false(telsvc_txn_active(ctx));
	telsvc_ctx_free(ctx);
	/* a context that did not load reads the log's head before its transaction */
	ctx = library_ctx(policy, &b->st);
	fail_next(b, FAULT_AUDIT_ITERATE, 0);
	test_expect_error(telsvc_txn_begin(ctx), TELSVC_ESTORAGE, "audit iterate");
	assert_false(telsvc_txn_active(ctx));
	telsvc_ctx_free(ctx);
	b->fs.fail_at = 0;

	/* objects shown under another kind, without an id, or twice */
	static const struct {
		enum fault_lie lie;
		const char *why;
	} lies[] = {
		{ FAULT_LIE_KIND, "iterate over requests returned an object of kind 2" },
		{ FAULT_LIE_NO_ID, "iterate over requests returned an object of kind 1" },
		{ FAULT_LIE_TWICE, "request SR-20250930-000001 returned twice" },
	};
	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		b->fs.lie = lies[i].lie;
		ctx = library_ctx(policy, &b->st);
		test_expect_error(telsvc_ctx_load(ctx), TELSVC_ECORRUPT, lies[i].why);
		assert_int_equal(telsvc_request_count(ctx), 0);
		telsvc_ctx_free(ctx);
	}
	b->fs.lie = FAULT_TRUTH;

	/* a record at the end of the log that is not an audit record */
	assert_int_equal(b->st.audit_append(b->st.payload, telsvc_memstore_audit_count(b->mem) + 1, "garbage", 7),
			 TELSVC_OK);
	ctx = library_ctx(policy, &b->st);
	test_expect_error(create(ctx, NULL), TELSVC_ECORRUPT, "audit record");
	telsvc_ctx_free(ctx);
	telsvc_policy_free(policy);
}

#ifdef TELSVC_TEST_SQLITE
/* What SQLite adds: the data outlives the handle; a second connection
 * sees only committed changes and conflicts by revision; bad input. */
static void sqlite_durable(void **state)
{
	backend *b = *state;
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 0, "one"), TELSVC_OK);
	assert_int_equal(b->st.audit_append(b->st.payload, 1, "r1", 2), TELSVC_OK);
	assert_int_equal(b->st.begin(b->st.payload), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "B", 0, "two"), TELSVC_OK);
	/* another connection on the same file meanwhile */
	telsvc_sqlite *other;
	assert_int_equal(telsvc_sqlite_open(&other, b->path, NULL), TELSVC_OK);
	telsvc_storage st2;
	assert_int_equal(telsvc_sqlite_storage(&st2, other), TELSVC_OK);
	uint64_t n;
	assert_int_equal(telsvc_sqlite_object_count(&n, other, 0), TELSVC_OK);
	assert_int_equal(n, 1); /* B is not committed */
	assert_int_equal(b->st.commit(b->st.payload), TELSVC_OK);
	assert_int_equal(telsvc_sqlite_object_count(&n, other, TELSVC_KIND_REQUEST), TELSVC_OK);
	assert_int_equal(n, 2);
	assert_int_equal(st2.put(st2.payload, TELSVC_KIND_REQUEST, "A", 1, "x", 1), TELSVC_OK);
	assert_int_equal(put(b, TELSVC_KIND_REQUEST, "A", 1, "stale"), TELSVC_ECONFLICT);
	assert_non_null(strstr(telsvc_error_last(), "A is not at revision 1"));
	telsvc_sqlite_close(other);
	/* closed and opened again: everything committed is there */
	telsvc_sqlite_close(b->sql);
	sqlite_open(b);
	expect_get(b, TELSVC_KIND_REQUEST, "A", 2, "x");
	expect_get(b, TELSVC_KIND_REQUEST, "B", 1, "two");
	assert_int_equal(telsvc_sqlite_audit_count(&n, b->sql), TELSVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(b->st.capabilities & TELSVC_STORAGE_CAP_ATOMIC, TELSVC_STORAGE_CAP_ATOMIC);
	assert_int_equal(b->st.capabilities & TELSVC_STORAGE_CAP_DURABLE, 0); /* NORMAL by default */
	/* bad input is named */
	telsvc_sqlite *none;
	telsvc_sqlite_options o = TELSVC_SQLITE_OPTIONS_INIT;
	o.must_exist = 1;
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/absent.db", b->dir);
	assert_int_equal(telsvc_sqlite_open(&none, missing, &o), TELSVC_ENOTFOUND);
	assert_non_null(strstr(telsvc_error_last(), "absent.db"));
	assert_null(none);
	o = (telsvc_sqlite_options)TELSVC_SQLITE_OPTIONS_INIT;
	o.version = 9;
	assert_int_equal(telsvc_sqlite_open(&none, b->path, &o), TELSVC_EVERSION);
	o.version = TELSVC_SQLITE_OPTIONS_VERSION, o.sync = 7;
	assert_int_equal(telsvc_sqlite_open(&none, b->path, &o), TELSVC_EINVAL);
	o.sync = TELSVC_SQLITE_SYNC_FULL;
	assert_int_equal(telsvc_sqlite_open(&none, b->path, &o), TELSVC_OK);
	assert_int_equal(telsvc_sqlite_storage(&st2, none), TELSVC_OK);
	assert_int_equal(st2.capabilities & TELSVC_STORAGE_CAP_DURABLE, TELSVC_STORAGE_CAP_DURABLE);
	telsvc_sqlite_close(none);
	/* a file that is not a database */
	FILE *f = fopen(missing, "w");
	assert_non_null(f);
	fputs("not a database, just text that is long enough to be read as a header\n", f);
	fclose(f);
	assert_int_equal(telsvc_sqlite_open(&none, missing, NULL), TELSVC_ESTORAGE);
	assert_non_null(strstr(telsvc_error_last(), "absent.db"));
	unlink(missing);
}

/* The library itself on SQLite: a request created in one context is
 * loaded by another from the same file, and the audit log verifies. */
static void library_on_sqlite(void **state)
{
	backend *b = *state;
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, b->ctx), TELSVC_OK);
	telsvc_ctx *ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, &b->st), TELSVC_OK);
	static const unsigned char key[32] = "thirty-two bytes of a test key!";
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key);
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	telsvc_request *r;
	assert_int_equal(create(ctx, &r), TELSVC_OK);
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r));
	telsvc_audit_anchor anchor; /* published elsewhere */
	assert_int_equal(telsvc_audit_head(&anchor, ctx), TELSVC_OK);
	telsvc_ctx_free(ctx);
	telsvc_sqlite_close(b->sql);

	sqlite_open(b);
	ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, &b->st), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&r, ctx, number), TELSVC_OK);
	assert_int_equal(telsvc_request_state_of(r), TELSVC_REQUEST_RECEIVED);
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	assert_int_equal(telsvc_audit_verify(&rep, ctx, key, sizeof(key), &anchor), TELSVC_OK);
	assert_int_equal(rep.verdict, TELSVC_AUDIT_OK);
	assert_true(rep.records >= 1);
	telsvc_ctx_free(ctx);
	telsvc_policy_free(policy);
}

/* An integer SQL answers on the file behind @b. */
static int64_t sql_int(backend *b, const char *query)
{
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(telsvc_sqlite_handle(b->sql), query, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* docs/sqlite.md: a transaction's audit records go into rows of up to 128;
 * bytes that are not one whole record keep a row of their own; a file of
 * schema 1 (a row per record) is read as it is and marked 2 by the first
 * transaction that writes a run, not by one rolled back. */
static void sqlite_audit_rows(void **state)
{
	backend *b = *state;
	const telsvc_storage *st = &b->st;
	sqlite3 *db = telsvc_sqlite_handle(b->sql);
	/* the file as schema 1 wrote it */
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
	telsvc_sqlite_close(b->sql);
	sqlite_open(b);
	db = telsvc_sqlite_handle(b->sql);
	append_records(b, 1, 3);
	assert_int_equal(sql_int(b, "SELECT count(*) FROM telsvc_audit"), 3);
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 4, 10);
	assert_int_equal(st->rollback(st->payload), TELSVC_OK);
	assert_int_equal(sql_int(b, "PRAGMA user_version"), 1);

	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 4, 150);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	assert_int_equal(sql_int(b, "PRAGMA user_version"), 2);
	/* 3 rows of one, then 128 + 19 */
	assert_int_equal(sql_int(b, "SELECT count(*) FROM telsvc_audit"), 5);
	uint64_t n = 0;
	assert_int_equal(telsvc_sqlite_audit_count(&n, b->sql), TELSVC_OK);
	assert_int_equal(n, 150);
	assert_int_equal(audit_from(b, 1, 0).count, 150);

	/* other bytes than a record, between records of one transaction */
	unsigned char rec[128];
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 151, 151);
	assert_int_equal(st->audit_append(st->payload, 152, "TSVR junk", 9), TELSVC_OK);
	append_records(b, 153, 154);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	assert_int_equal(sql_int(b, "SELECT length(data) FROM telsvc_audit WHERE seq = 152"), 9);
	assert_int_equal(telsvc_sqlite_audit_count(&n, b->sql), TELSVC_OK);
	assert_int_equal(n, 154);
	assert_int_equal(audit_from(b, 153, 0).count, 2);
	/* a number inside a stored run is taken, the one after the last is not */
	assert_int_equal(st->audit_append(st->payload, 100, rec, make_record(rec, 100, 3)), TELSVC_ECONFLICT);
	assert_int_equal(st->audit_append(st->payload, 155, rec, make_record(rec, 155, record_body(155))), TELSVC_OK);

	/* a run stops short of a number a later row holds: the store takes
	 * numbers out of order, as schema 1 did */
	assert_int_equal(st->audit_append(st->payload, 170, rec, make_record(rec, 170, 4)), TELSVC_OK);
	assert_int_equal(st->begin(st->payload), TELSVC_OK);
	append_records(b, 156, 169);
	assert_int_equal(st->audit_append(st->payload, 170, rec, make_record(rec, 170, 4)), TELSVC_ECONFLICT);
	assert_int_equal(st->commit(st->payload), TELSVC_OK);
	assert_int_equal(telsvc_sqlite_audit_count(&n, b->sql), TELSVC_OK);
	assert_int_equal(n, 170);

	/* a file newer than this library is refused, by name */
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 3", NULL, NULL, NULL), SQLITE_OK);
	telsvc_sqlite_close(b->sql);
	b->sql = NULL;
	telsvc_sqlite *newer = NULL;
	test_expect_error(telsvc_sqlite_open(&newer, b->path, NULL), TELSVC_EVERSION, "schema 3; this library knows 2");
	assert_int_equal(sqlite3_open(b->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	sqlite_open(b); /* for the teardown */
}

/* The audit log as one store holds it: each record's bytes by number. */
typedef struct audit_copy {
	unsigned char *bytes[1200];
	size_t size[1200];
	uint64_t count;
} audit_copy;

static int copy_record(uint64_t seq, const void *data, size_t size, void *payload)
{
	audit_copy *c = payload;
	assert_true(seq >= 1 && seq < 1200 && !c->bytes[seq]);
	c->bytes[seq] = malloc(size ? size : 1);
	memcpy(c->bytes[seq], data, size);
	c->size[seq] = size;
	c->count++;
	return TELSVC_OK;
}

/* Both stores give the same records from @from on. */
static void same_audit(const telsvc_storage *x, const telsvc_storage *y, uint64_t from)
{
	audit_copy *a = calloc(1, sizeof(*a)), *c = calloc(1, sizeof(*c));
	assert_int_equal(x->audit_iterate(x->payload, from, copy_record, a), TELSVC_OK);
	assert_int_equal(y->audit_iterate(y->payload, from, copy_record, c), TELSVC_OK);
	assert_int_equal(a->count, c->count);
	for (size_t i = 0; i < 1200; i++) {
		assert_int_equal(a->size[i], c->size[i]);
		if (a->bytes[i])
			assert_memory_equal(a->bytes[i], c->bytes[i], a->size[i]);
		free(a->bytes[i]);
		free(c->bytes[i]);
	}
	free(a);
	free(c);
}

/* The audit log on SQLite against the memory store, under a seeded run
 * of transactions committed and rolled back, appends (of records, of
 * other bytes, of numbers taken), replacements and reads from any number:
 * both give the same answers and hold the same records throughout. */
static void sqlite_audit_as_memory(void **state)
{
	backend *b = *state;
	telsvc_memstore *mem;
	telsvc_storage m;
	assert_int_equal(telsvc_memstore_new(&mem, b->ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_storage(&m, mem), TELSVC_OK);
	const telsvc_storage *st[2] = { &m, &b->st };
	uint64_t stored = 0, count = 0; /* records committed; with the open transaction's */
	bool open = false;
	uint32_t x = 12345;
	unsigned char rec[128];
	for (int step = 0; step < 3000 && count < 1100; step++) {
		x = x * 1103515245u + 12345u;
		unsigned op = (x >> 16) % 100;
		int rc[2];
		if (op < 8 && !open) {
			for (int i = 0; i < 2; i++)
				assert_int_equal(st[i]->begin(st[i]->payload), TELSVC_OK);
			open = true;
		} else if (op < 14 && open) {
			bool commit = (x >> 8) & 1;
			for (int i = 0; i < 2; i++)
				assert_int_equal(commit ? st[i]->commit(st[i]->payload) : st[i]->rollback(st[i]->payload),
						 TELSVC_OK);
			if (commit)
				stored = count;
			count = stored;
			open = false;
		} else if (op < 80) {
			/* the next number, now and then one taken */
			uint64_t seq = op < 75 || !count ? count + 1 : 1 + (x >> 4) % count;
			size_t n = op % 11 == 0 ? 7 : make_record(rec, seq, (x >> 3) % 100);
			if (n == 7)
				memcpy(rec, "partial", 7);
			for (int i = 0; i < 2; i++)
				rc[i] = st[i]->audit_append(st[i]->payload, seq, rec, n);
			assert_int_equal(rc[0], rc[1]);
			if (rc[0] == TELSVC_OK) {
				count++;
				if (!open)
					stored = count;
			}
		} else if (op < 88 && count) {
			uint64_t seq = 1 + (x >> 5) % (count + 1);
			size_t n = make_record(rec, seq + 1000, (x >> 2) % 60);
			for (int i = 0; i < 2; i++)
				rc[i] = st[i]->audit_replace(st[i]->payload, seq, rec, n);
			assert_int_equal(rc[0], rc[1]);
		} else {
			same_audit(st[0], st[1], 1 + (x >> 6) % (count + 2));
		}
	}
	if (open)
		for (int i = 0; i < 2; i++)
			assert_int_equal(st[i]->commit(st[i]->payload), TELSVC_OK);
	same_audit(st[0], st[1], 1);
	uint64_t n = 0;
	assert_int_equal(telsvc_sqlite_audit_count(&n, b->sql), TELSVC_OK);
	assert_int_equal(n, telsvc_memstore_audit_count(mem));
	assert_true(n > 500);
	assert_true(sql_int(b, "SELECT count(*) FROM telsvc_audit") < (int64_t)n); /* runs were written */
	telsvc_memstore_free(mem);
}

/* A commit writes the objects it changed in the table's own key order
 * (kind, then id's bytes, high bytes after ASCII), and only those. */
static void sqlite_commit_order(void **state)
{
	(void)state;
	pending p = { 0 };
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(kind INTEGER, id TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_stmt *ins;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO t VALUES (?1, ?2)", -1, &ins, NULL), SQLITE_OK);
	uint32_t x = 777;
	for (int i = 0; i < 400; i++) {
		char id[8];
		size_t n = 1 + i % 6;
		for (size_t j = 0; j < n; j++) {
			x = x * 1103515245u + 12345u;
			id[j] = (char)(j % 3 == 2 ? 0x80 + (x >> 16) % 0x7f : 'a' + (x >> 16) % 4); /* bytes 0x80-0xfe too */
		}
		id[n] = 0;
		int kind = 1 + (int)((x >> 8) % 3);
		if (pending_find(&p, kind, id))
			continue;
		pending_object *o = pending_add(&p, kind, id, 1);
		assert_non_null(o);
		if (i % 5 == 0)
			continue; /* read, not changed: not written */
		assert_int_equal(pending_store(o, id, n), 0);
		sqlite3_reset(ins);
		sqlite3_bind_int(ins, 1, kind);
		sqlite3_bind_text(ins, 2, id, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
	}
	sqlite3_finalize(ins);
	pending_object **dirty;
	size_t count;
	assert_int_equal(pending_dirty(&p, &dirty, &count), 0);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT kind, id FROM t", -1, &q, NULL), SQLITE_OK);
	size_t i = 0;
	for (; sqlite3_step(q) == SQLITE_ROW; i++) {
		assert_true(i < count);
		assert_int_equal(dirty[i]->kind, sqlite3_column_int(q, 0));
		assert_string_equal(dirty[i]->id, (const char *)sqlite3_column_text(q, 1));
	}
	assert_int_equal(i, count);
	assert_true(count > 250);
	sqlite3_finalize(q);
	sqlite3_close(db);
	pending_free(&p);
}

#define ON_SQLITE(fn) cmocka_unit_test_setup_teardown(fn, setup_sqlite, teardown),
#else
#define ON_SQLITE(fn)
#endif
#ifdef TELSVC_TEST_PG
#define ON_PG(fn) cmocka_unit_test_setup_teardown(fn, setup_pg, teardown),
#else
#define ON_PG(fn)
#endif
#define ALL(fn) cmocka_unit_test_setup_teardown(fn, setup_memory, teardown), \
		cmocka_unit_test_setup_teardown(fn, setup_fault, teardown), ON_SQLITE(fn) ON_PG(fn)

int main(void)
{
	const struct CMUnitTest tests[] = {
		ALL(compare_and_swap)
		ALL(transactions_are_atomic)
		ALL(repeated_puts_in_transaction)
		ALL(iteration_and_audit)
		ALL(many_objects)
		ALL(audit_replace)
		ALL(audit_records_in_transactions)
		cmocka_unit_test_setup_teardown(fault_injection, setup_fault, teardown),
		cmocka_unit_test(memstore_arguments),
		cmocka_unit_test(memstore_out_of_memory),
		cmocka_unit_test_setup_teardown(library_misuse, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(number_learned_in_undone_transaction, setup_memory, teardown),
		cmocka_unit_test_setup_teardown(library_storage_failures, setup_fault, teardown),
#ifdef TELSVC_TEST_SQLITE
		cmocka_unit_test_setup_teardown(sqlite_durable, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(library_on_sqlite, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(sqlite_audit_rows, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(sqlite_audit_as_memory, setup_sqlite, teardown),
		cmocka_unit_test(sqlite_commit_order),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
