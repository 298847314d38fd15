/* Deadline monitoring over many open cases: the index's memory per object,
 * building and recomputing it, and draining what falls due, compared with
 * SQLite answering "what breaches before T" with its best index.
 *
 * usage: bench_monitor [objects [queries [sqlite]]]   (sqlite 0: skip the comparison)
 *
 * @objects open service requests (default 1,000,000) are registered on the
 * memory store in host transactions of 1,000, receipts spread over 30 days
 * from 2025-03-03 +08:00, the class drawn from the intake facts: general,
 * emergency and important on the wall clock, one in ten non-urgent
 * (5 working days, on the calendar). Each has one open deadline, its
 * handling limit, with three events: warning, breach, escalation.
 *
 * 1. Memory: the library context allocates through a counting allocator;
 *    the bytes the monitor adds per open request are printed.
 * 2. telsvc_monitor_enable() indexes every deadline; then
 *    telsvc_monitor_recompute() does it again, as after a calendar change.
 * 3. Drain: @queries (default 1,000) increasing instants T spread over the
 *    whole span; for each, telsvc_monitor_poll(T) delivers every event due
 *    by T to a callback that counts it, and records the deliveries in the
 *    store (one transaction per poll). The store is reached through a
 *    table that times its calls, so that the time the store takes (the
 *    host's) is printed apart from the library's.
 * 4. Compaction: three requests in five are cancelled (their events all
 *    delivered, so their delivery records are dead weight), one more is
 *    opened, and a poll past its events stores them and then rewrites
 *    the delivery records without the cancelled requests' events
 *    (docs/monitoring.md, "Delivery records"); the poll is timed and the
 *    records' bytes are shown before and after.
 * 5. SQLite (when built with it): a table of the same @objects deadlines
 *    with an index on the deadline, on disk (a file in $TMPDIR, the
 *    default rollback journal) and in memory; for the same @queries
 *    instants, "SELECT id, due FROM deadlines WHERE due > ?prev AND due <= ?T
 *    ORDER BY due", stepping through every row. That answers only the
 *    breaches; the library's drain delivers three events per deadline and
 *    records them. The ratio of the times is printed.
 *
 * Every call must return TELSVC_OK, and every deadline must have raised
 * its three events; otherwise the run ends with status 1. Times are
 * reported, never asserted. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <telsvc/telsvc.h>

#include <stdbool.h>

#define BENCH_NAME "bench_monitor"
#define BENCH_ITEM "request"
#include "bench_util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TELSVC_BENCH_SQLITE
#include <sqlite3.h>
#include <unistd.h>
#endif

#define T0 INT64_C(1740931200) /* 2025-03-03 00:00 +08:00 */
#define SPAN (INT64_C(30) * 86400)

static const telsvc_actor agent = { "agent-017", "agent" };

typedef struct env {
	telsvc_ctx *host, *lib;
	telsvc_policy *policy;
	telsvc_memstore *mem;
} env;

static void open_requests(env *e, size_t n, int64_t *dues, telsvc_request **reqs)
{
	for (size_t i = 0; i < n; i++) {
		if (i % 1000 == 0)
			CHECK(telsvc_txn_begin(e->lib), "telsvc_txn_begin", i);
		telsvc_intake in = TELSVC_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_PHONE;
		in.requester = "Zhang San";
		in.contact = "+86 138 0000 0000";
		in.content = "no signal at home";
		in.content_type = TELSVC_CONTENT_VOICE;
		in.service_type = "mobile voice";
		in.flags = i % 3 == 1 ? TELSVC_INTAKE_OUTAGE : i % 3 == 2 ? TELSVC_INTAKE_DEGRADATION : 0;
		in.priority = i % 10 == 9 ? TELSVC_PRIORITY_NON_URGENT : 0;
		in.received_at = T0 + (int64_t)((double)SPAN * (double)i / (double)n);
		telsvc_request *r;
		CHECK(telsvc_request_create(&r, e->lib, &in, &agent), "telsvc_request_create", i);
		CHECK(telsvc_request_deadline(&dues[i], r), "telsvc_request_deadline", i);
		reqs[i] = r;
		if (i % 1000 == 999 || i == n - 1)
			CHECK(telsvc_txn_commit(e->lib), "telsvc_txn_commit", i);
	}
}

static int add_size(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)kind, (void)id, (void)revision, (void)data;
	*(size_t *)payload += size;
	return TELSVC_OK;
}

/* The bytes of every delivery record in the store. */
static size_t delivery_bytes(const telsvc_storage *st)
{
	size_t bytes = 0;
	CHECK(st->iterate(st->payload, TELSVC_KIND_DELIVERED, add_size, &bytes), "iterate", 0);
	return bytes;
}

/* The memory store behind a table that times its calls: the drain's time
 * in storage (for this store, copying the records into memory the process
 * has not touched before) is the host's, reported apart from the library's. */
typedef struct timed_store {
	telsvc_storage inner;
	double seconds;
} timed_store;

#define TIMED(call)                                  \
	do {                                         \
		timed_store *t = payload;            \
		double t0 = now_seconds();           \
		int rc = (call);                     \
		t->seconds += now_seconds() - t0;    \
		return rc;                           \
	} while (0)

static int timed_begin(void *payload)
{
	TIMED(t->inner.begin(t->inner.payload));
}

static int timed_commit(void *payload)
{
	TIMED(t->inner.commit(t->inner.payload));
}

static int timed_rollback(void *payload)
{
	TIMED(t->inner.rollback(t->inner.payload));
}

static int timed_put(void *payload, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	TIMED(t->inner.put(t->inner.payload, kind, id, expected, data, size));
}

static int timed_get(void *payload, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	TIMED(t->inner.get(t->inner.payload, kind, id, revision, out));
}

static int timed_iterate(void *payload, int kind, telsvc_storage_visit_fn visit, void *visit_payload)
{
	TIMED(t->inner.iterate(t->inner.payload, kind, visit, visit_payload));
}

static int timed_audit_append(void *payload, uint64_t seq, const void *data, size_t size)
{
	TIMED(t->inner.audit_append(t->inner.payload, seq, data, size));
}

static int timed_audit_iterate(void *payload, uint64_t from, telsvc_audit_visit_fn visit, void *visit_payload)
{
	TIMED(t->inner.audit_iterate(t->inner.payload, from, visit, visit_payload));
}

static int timed_audit_replace(void *payload, uint64_t seq, const void *data, size_t size)
{
	TIMED(t->inner.audit_replace(t->inner.payload, seq, data, size));
}

static telsvc_storage timed_storage(timed_store *t)
{
	telsvc_storage st = t->inner;
	st.payload = t;
	st.begin = timed_begin, st.commit = timed_commit, st.rollback = timed_rollback;
	st.put = timed_put, st.get = timed_get, st.iterate = timed_iterate;
	st.audit_append = timed_audit_append, st.audit_iterate = timed_audit_iterate;
	st.audit_replace = timed_audit_replace;
	return st;
}

static int count_event(const telsvc_monitor_event *ev, void *payload)
{
	uint64_t *n = payload;
	n[0]++;
	n[ev->type]++;
	return 0;
}

#ifdef TELSVC_BENCH_SQLITE
static void sql_check(int rc, sqlite3 *db, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		fprintf(stderr, "bench_monitor: sqlite: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

/* The same deadlines in SQLite; the time of @queries queries: each the
 * whole answer "due <= T" (@cumulative), or only what is new since the
 * previous T. */
static double sqlite_run(const char *path, const int64_t *dues, size_t n, const int64_t *ts, size_t queries,
			 int cumulative, uint64_t *rows)
{
	sqlite3 *db;
	sql_check(sqlite3_open(path, &db), NULL, "open");
	sql_check(sqlite3_exec(db, "CREATE TABLE deadlines(id INTEGER PRIMARY KEY, due INTEGER NOT NULL)", 0, 0, 0), db,
		  "create");
	sql_check(sqlite3_exec(db, "BEGIN", 0, 0, 0), db, "begin");
	sqlite3_stmt *ins;
	sql_check(sqlite3_prepare_v2(db, "INSERT INTO deadlines(id, due) VALUES (?, ?)", -1, &ins, 0), db, "prepare");
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)i);
		sqlite3_bind_int64(ins, 2, dues[i]);
		sql_check(sqlite3_step(ins), db, "insert");
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	sql_check(sqlite3_exec(db, "CREATE INDEX deadlines_due ON deadlines(due)", 0, 0, 0), db, "index");
	sql_check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
	sqlite3_stmt *q;
	sql_check(sqlite3_prepare_v2(db, "SELECT id, due FROM deadlines WHERE due > ?1 AND due <= ?2 ORDER BY due", -1,
				     &q, 0),
		  db, "prepare");
	double t0 = now_seconds();
	int64_t prev = INT64_MIN;
	for (size_t k = 0; k < queries; k++) {
		sqlite3_bind_int64(q, 1, cumulative ? INT64_MIN : prev);
		sqlite3_bind_int64(q, 2, ts[k]);
		int rc;
		while ((rc = sqlite3_step(q)) == SQLITE_ROW)
			*rows += (uint64_t)(sqlite3_column_int64(q, 0) >= 0);
		sql_check(rc, db, "query");
		sqlite3_reset(q);
		prev = ts[k];
	}
	double t = now_seconds() - t0;
	sqlite3_finalize(q);
	sqlite3_close(db);
	return t;
}
#endif

int main(int argc, char **argv)
{
	size_t n = 1000000, queries = 1000;
	if (argc > 4) {
		fprintf(stderr, "usage: %s [objects [queries [sqlite]]]\n", argv[0]);
		return 2;
	}
	int with_sqlite = argc > 3 ? atoi(argv[3]) : 1;
	if (argc > 1)
		n = (size_t)strtoull(argv[1], NULL, 10);
	if (argc > 2)
		queries = (size_t)strtoull(argv[2], NULL, 10);
	if (n == 0 || queries == 0) {
		fprintf(stderr, "bench_monitor: objects and queries must be positive\n");
		return 2;
	}
	int64_t *dues = xcalloc(n, sizeof(*dues)), *ts = xcalloc(queries, sizeof(*ts));
	telsvc_request **reqs = xcalloc(n, sizeof(*reqs));
	counter lib = { 0 };
	env e;
	e.host = new_ctx(NULL);
	CHECK(telsvc_policy_default(&e.policy, e.host), "telsvc_policy_default", 0);
	CHECK(telsvc_memstore_new(&e.mem, e.host), "telsvc_memstore_new", 0);
	timed_store timed = { .seconds = 0 };
	CHECK(telsvc_memstore_storage(&timed.inner, e.mem), "telsvc_memstore_storage", 0);
	telsvc_storage st = timed_storage(&timed);
	e.lib = new_ctx(&lib);
	CHECK(telsvc_ctx_set_policy(e.lib, e.policy), "telsvc_ctx_set_policy", 0);
	CHECK(telsvc_ctx_set_storage(e.lib, &st), "telsvc_ctx_set_storage", 0);

	printf("telsvc monitoring: %zu open requests, %zu polls, default policy, memory store, one thread\n\n", n,
	       queries);
	open_requests(&e, n, dues, reqs);
	size_t before = lib.live;
	double t0 = now_seconds();
	CHECK(telsvc_monitor_enable(e.lib), "telsvc_monitor_enable", 0);
	double t_enable = now_seconds() - t0;
	size_t index_bytes = lib.live - before;
	t0 = now_seconds();
	CHECK(telsvc_monitor_recompute(e.lib), "telsvc_monitor_recompute", 0);
	double t_recompute = now_seconds() - t0;
	printf("memory: %.0f bytes per open request in the library, of which the monitor's index %.0f\n",
	       (double)lib.live / (double)n, (double)index_bytes / (double)n);
	printf("index built in %.3f s; recomputed (as after a calendar change) in %.3f s\n", t_enable, t_recompute);

	/* the instants to poll at: evenly over the span of every event */
	int64_t last = T0;
	for (size_t i = 0; i < n; i++)
		last = dues[i] > last ? dues[i] : last;
	last += 3 * SPAN; /* past every escalation */
	for (size_t k = 0; k < queries; k++)
		ts[k] = T0 + (int64_t)((double)(last - T0) * (double)(k + 1) / (double)queries);
	uint64_t counts[4] = { 0 };
	double stored0 = timed.seconds;
	t0 = now_seconds();
	for (size_t k = 0; k < queries; k++) {
		size_t got;
		CHECK(telsvc_monitor_poll(e.lib, ts[k], count_event, counts, &got), "telsvc_monitor_poll", k);
	}
	double t_drain = now_seconds() - t0, t_store = timed.seconds - stored0;
	if (counts[1] != n || counts[2] != n || counts[3] != n) {
		fprintf(stderr, "bench_monitor: %" PRIu64 " warnings, %" PRIu64 " breaches, %" PRIu64
				" escalations; want %zu of each\n",
			counts[1], counts[2], counts[3], n);
		return 1;
	}
	printf("drained %" PRIu64 " events (%zu warnings, breaches, escalations each) in %.3f s: %.2f million "
	       "events/s, deliveries recorded; then %.0f bytes per open request in the library\n",
	       counts[0], n, t_drain, (double)counts[0] / t_drain / 1e6, (double)lib.live / (double)n);
	printf("  of which %.3f s in the store's calls (the host's); the library's own: %.3f s, %.2f million events/s\n",
	       t_store, t_drain - t_store, (double)counts[0] / (t_drain - t_store) / 1e6);

	size_t bytes_before = delivery_bytes(&st), cancelled = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % 1000 == 0)
			CHECK(telsvc_txn_begin(e.lib), "telsvc_txn_begin", i);
		if (i % 5 < 3) {
			CHECK(telsvc_request_apply(reqs[i], TELSVC_ACTION_CANCEL, &agent, last, 0), "cancel", i);
			cancelled++;
		}
		if (i % 1000 == 999 || i == n - 1)
			CHECK(telsvc_txn_commit(e.lib), "telsvc_txn_commit", i);
	}
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Li Si", in.contact = "+86 139 0000 0000";
	in.content = "no signal", in.content_type = TELSVC_CONTENT_VOICE, in.service_type = "mobile voice";
	in.received_at = last;
	telsvc_request *late;
	CHECK(telsvc_request_create(&late, e.lib, &in, &agent), "telsvc_request_create", n);
	uint64_t late_events[4] = { 0 };
	size_t got;
	t0 = now_seconds();
	CHECK(telsvc_monitor_poll(e.lib, last + 30 * 86400, count_event, late_events, &got), "telsvc_monitor_poll", 0);
	double t_compact = now_seconds() - t0;
	size_t bytes_after = delivery_bytes(&st);
	/* docs/monitoring.md: a compaction needs at least 4,096 events of finished cases */
	bool compacts = 3 * cancelled >= 4096;
	if (late_events[0] != 3 || (compacts && bytes_after * 2 > bytes_before)) {
		fprintf(stderr, "bench_monitor: the poll after %zu cancellations delivered %" PRIu64
				" events; delivery records %zu bytes before, %zu after: no compaction\n",
			cancelled, late_events[0], bytes_before, bytes_after);
		return 1;
	}
	printf("compaction after %zu of the requests were cancelled: the next poll (3 events) took %.3f s; "
	       "delivery records %.1f MB before, %.1f MB after\n",
	       cancelled, t_compact, (double)bytes_before / 1e6, (double)bytes_after / 1e6);
#ifdef TELSVC_BENCH_SQLITE
	if (!with_sqlite)
		goto done;
	char path[512];
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof(path), "%s/bench_monitor_%ld.db", tmp && tmp[0] ? tmp : "/tmp", (long)getpid());
	remove(path);
	printf("SQLite %s, %zu increasing T, an index on due, every row stepped through (breaches only):\n",
	       sqlite3_libversion(), queries);
	double t[2][2];
	for (int cumulative = 1; cumulative >= 0; cumulative--) {
		uint64_t disk_rows = 0, mem_rows = 0;
		t[cumulative][0] = sqlite_run(path, dues, n, ts, queries, cumulative, &disk_rows);
		remove(path);
		t[cumulative][1] = sqlite_run(":memory:", dues, n, ts, queries, cumulative, &mem_rows);
		printf("  %-44s on disk %8.3f s, in memory %8.3f s, %" PRIu64 " rows\n",
		       cumulative ? "\"WHERE due <= T ORDER BY due\" (the whole answer)"
				  : "\"WHERE due > prev AND due <= T ORDER BY due\"",
		       t[cumulative][0], t[cumulative][1], disk_rows);
	}
	printf("the library's drain (three events each, recorded): %.1f times faster than the whole answers on disk, "
	       "%.2f times the new rows on disk\n",
	       t[1][0] / t_drain, t[0][0] / t_drain);
done:
#else
	(void)with_sqlite;
	printf("SQLite comparison: not built (no sqlite3 development files)\n");
#endif
	telsvc_ctx_free(e.lib);
	telsvc_memstore_free(e.mem);
	telsvc_policy_free(e.policy);
	telsvc_ctx_free(e.host);
	free(dues);
	free(ts);
	free(reqs);
	return 0;
}
