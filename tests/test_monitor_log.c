/* What the monitor stores of its deliveries (docs/monitoring.md, "Delivery
 * records"): one record per 4,096 events of a poll, in one transaction;
 * a compaction once most of what is stored is of finished cases; the
 * per-object records of earlier versions read, and emptied by the
 * compaction; damaged records refused by name; a callback that releases
 * the case it is told of. */
#include "store_env.h"

#include "record.h"

#define H 3600
#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

static const telsvc_actor agent = { "a.li", "agent" };

/* The delivery records in storage: how many, how many hold events, their bytes. */
typedef struct rows {
	size_t count, nonempty, bytes;
	char ids[16][32];
} rows;

static int count_row(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	rows *r = payload;
	(void)kind, (void)revision, (void)data;
	if (r->count < 16)
		snprintf(r->ids[r->count], sizeof(r->ids[0]), "%s", id);
	r->count++;
	r->bytes += size;
	r->nonempty += size > TS_REC_HEADER + TS_REC_TRAILER;
	return TELSVC_OK;
}

static rows stored_rows(env *e)
{
	rows r = { 0 };
	assert_int_equal(e->st.iterate(e->st.payload, TELSVC_KIND_DELIVERED, count_row, &r), TELSVC_OK);
	return r;
}

static bool has_row(const rows *r, const char *id)
{
	for (size_t i = 0; i < r->count && i < 16; i++)
		if (strcmp(r->ids[i], id) == 0)
			return true;
	return false;
}

static telsvc_request *request_at(env *e, int64_t at)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "new phone line", in.content_type = TELSVC_CONTENT_VOICE, in.service_type = "voice";
	in.received_at = at;
	telsvc_request *r;
	assert_int_equal(telsvc_request_create(&r, e->ctx, &in, &agent), TELSVC_OK);
	return r;
}

static int count(const telsvc_monitor_event *ev, void *payload)
{
	(void)ev;
	++*(size_t *)payload;
	return 0;
}

/* Every event due by @now, from @ctx; fails the test on an error. */
static size_t drain(telsvc_ctx *ctx, int64_t now)
{
	size_t seen = 0, n = 0;
	if (telsvc_monitor_poll(ctx, now, count, &seen, &n) != TELSVC_OK)
		fail_msg("poll: %s", telsvc_error_last());
	assert_int_equal(seen, n);
	return n;
}

/* A context loaded from the store, monitoring on: what it delivers by @now. */
static size_t drain_reloaded(env *e, int64_t now)
{
	telsvc_ctx *ctx = reloaded_ctx(e);
	assert_int_equal(telsvc_monitor_enable(ctx), TELSVC_OK);
	size_t n = drain(ctx, now);
	telsvc_ctx_free(ctx);
	return n;
}

/* 1,500 general requests, 4,500 events due by T0 + 13 h: one poll
 * stores them in two records ("@1" with 4,096, "@2"); a failure of the
 * second put stores neither. */
static void one_poll_several_records(void **state)
{
	env *e = *state;
	enum { N = 1500 };
	for (int i = 0; i < N; i++)
		request_at(e, T0);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	e->fs.method = FAULT_PUT, e->fs.fail_at = 2, e->fs.calls = 0;
	size_t seen = 0, n = 99;
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 13 * H, count, &seen, &n), TELSVC_ESTORAGE);
	assert_int_equal(seen, 3 * N);
	assert_int_equal(n, 0);
	e->fs.fail_at = 0;
	assert_int_equal(stored_rows(e).count, 0);
	/* nothing was recorded: all of them again, and stored this time */
	assert_int_equal(drain(e->ctx, T0 + 13 * H), 3 * N);
	rows r = stored_rows(e);
	assert_int_equal(r.count, 2);
	assert_true(has_row(&r, "@1") && has_row(&r, "@2"));
	assert_int_equal(drain(e->ctx, T0 + 100 * H), 0);
	assert_int_equal(drain_reloaded(e, T0 + 100 * H), 0);
}

/* Monitoring on, @n general requests received at T0 into @out, and
 * their 3 @n events delivered by T0 + 13 h. */
static void delivered_requests(env *e, telsvc_request **out, int n)
{
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	for (int i = 0; i < n; i++)
		out[i] = request_at(e, T0);
	assert_int_equal(drain(e->ctx, T0 + 13 * H), 3 * (size_t)n);
}

/* Once most stored events are of finished cases, the next poll that
 * stores compacts: the records keep only the events of open cases, the
 * others are emptied, and nothing is delivered again. */
static void compaction(void **state)
{
	env *e = *state;
	enum { N = 1500 };
	telsvc_request *done[N];
	delivered_requests(e, done, N);
	telsvc_request *open = request_at(e, T0 + 20 * H);
	assert_int_equal(drain(e->ctx, T0 + 20 * H + 7 * H), 1); /* the open one's warning */
	rows before = stored_rows(e);
	assert_int_equal(before.count, 3);
	/* all but one finished: their 4,500 events are dead weight */
	for (int i = 0; i < N; i++)
		assert_int_equal(telsvc_request_apply(done[i], TELSVC_ACTION_CANCEL, &agent, T0 + 14 * H, 0), TELSVC_OK);
	assert_int_equal(drain(e->ctx, T0 + 20 * H + 8 * H), 1); /* its breach: stored, then compacted */
	rows after = stored_rows(e);
	assert_int_equal(after.count, 4); /* emptied, not removed: storage has no delete */
	assert_int_equal(after.nonempty, 1);
	assert_true(has_row(&after, "@1"));
	assert_true(after.bytes < before.bytes / 50);
	/* the open request's two events stay delivered, here and after a reload */
	assert_int_equal(drain(e->ctx, T0 + 20 * H + 12 * H), 1); /* its escalation */
	assert_int_equal(drain(e->ctx, T0 + 400 * H), 0);
	assert_int_equal(drain_reloaded(e, T0 + 400 * H), 0);
	/* later polls write past the compacted record */
	request_at(e, T0 + 40 * H);
	assert_int_equal(drain(e->ctx, T0 + 400 * H), 3);
	rows last = stored_rows(e);
	assert_int_equal(last.nonempty, 3);
	(void)open;
	assert_int_equal(drain_reloaded(e, T0 + 400 * H), 0);
}

/* The rest of an event after its number: @type of the general limit due at @due. */
static void event_rest(ts_sb *sb, int type, int64_t due)
{
	ts_rec_u64(sb, 1, TELSVC_PARAM_REQUEST_GENERAL);
	ts_rec_i64(sb, 2, -1);
	ts_rec_u64(sb, 3, (uint64_t)type);
	ts_rec_i64(sb, 4, due);
}

/* An earlier version's record of one request's deliveries: limit,
 * problem, type and deadline of each event. */
static void put_legacy_record(env *e, const telsvc_request *r, int64_t due, int type)
{
	ts_sb sb;
	ts_sb_init(&sb, e->store_ctx);
	ts_rec_begin(&sb, TELSVC_KIND_DELIVERED);
	event_rest(&sb, type, due);
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	char id[96];
	snprintf(id, sizeof(id), "1:%s", telsvc_request_number(r));
	assert_int_equal(e->st.begin(e->st.payload), TELSVC_OK);
	assert_int_equal(e->st.put(e->st.payload, TELSVC_KIND_DELIVERED, id, 0, sb.ptr, sb.size), TELSVC_OK);
	assert_int_equal(e->st.commit(e->st.payload), TELSVC_OK);
	ts_sb_free(&sb);
}

/* A store written by an earlier version: its per-object records count as
 * delivered, and the first compaction empties them. */
static void earlier_records_read(void **state)
{
	env *e = *state;
	enum { N = 1500 };
	telsvc_request *r = request_at(e, T0);
	put_legacy_record(e, r, T0 + 8 * H, TELSVC_EVENT_BREACH);
	telsvc_ctx *ctx = reloaded_ctx(e);
	assert_int_equal(telsvc_monitor_enable(ctx), TELSVC_OK);
	assert_int_equal(drain(ctx, T0 + 13 * H), 2); /* the warning and the escalation */
	telsvc_ctx_free(ctx);
	/* many cases finish: the compaction empties the old record too */
	telsvc_request *done[N];
	for (int i = 0; i < N; i++)
		done[i] = request_at(e, T0);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	assert_int_equal(drain(e->ctx, T0 + 13 * H), 3 * N);
	for (int i = 0; i < N; i++)
		assert_int_equal(telsvc_request_apply(done[i], TELSVC_ACTION_CANCEL, &agent, T0 + 14 * H, 0), TELSVC_OK);
	request_at(e, T0 + 20 * H);
	assert_int_equal(drain(e->ctx, T0 + 27 * H), 1);
	rows after = stored_rows(e);
	assert_int_equal(after.nonempty, 1);
	/* the old record's breach stays delivered; the new request's breach and escalation are due */
	assert_int_equal(drain_reloaded(e, T0 + 400 * H), 2);
}

static void put_raw(env *e, const char *id, const ts_sb *sb)
{
	assert_int_equal(e->st.begin(e->st.payload), TELSVC_OK);
	assert_int_equal(e->st.put(e->st.payload, TELSVC_KIND_DELIVERED, id, 0, sb->ptr, sb->size), TELSVC_OK);
	assert_int_equal(e->st.commit(e->st.payload), TELSVC_OK);
}

/* A poll record as docs/record-format.md gives it: the second number
 * written as the bytes it shares with the first (7) and the rest (8)
 * names the second request, whose breach is then not delivered again. */
static void shared_numbers_read(void **state)
{
	env *e = *state;
	telsvc_request *r1 = request_at(e, T0), *r2 = request_at(e, T0);
	const char *n1 = telsvc_request_number(r1), *n2 = telsvc_request_number(r2);
	size_t shared = 0;
	while (n1[shared] && n1[shared] == n2[shared])
		shared++;
	assert_true(shared >= 3 && n2[shared]);
	ts_sb sb;
	ts_sb_init(&sb, e->store_ctx);
	ts_rec_begin(&sb, TELSVC_KIND_DELIVERED);
	ts_rec_u64(&sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_text(&sb, 6, n1);
	event_rest(&sb, TELSVC_EVENT_BREACH, T0 + 8 * H);
	ts_rec_u64(&sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_u64(&sb, 7, shared);
	ts_rec_bytes(&sb, 8, n2 + shared, strlen(n2) - shared);
	event_rest(&sb, TELSVC_EVENT_BREACH, T0 + 8 * H);
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	put_raw(e, "@1", &sb);
	ts_sb_free(&sb);
	telsvc_ctx *ctx = reloaded_ctx(e);
	assert_int_equal(telsvc_monitor_enable(ctx), TELSVC_OK);
	assert_int_equal(drain(ctx, T0 + 13 * H), 4); /* each one's warning and escalation */
	telsvc_ctx_free(ctx);
}

/* Enabling on a store with @id holding @sb fails with ECORRUPT naming @what. */
static void refused(const char *id, void (*fill)(ts_sb *sb), const char *what)
{
	void *state;
	setup(&state);
	env *e = state;
	ts_sb sb;
	ts_sb_init(&sb, e->store_ctx);
	fill(&sb);
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	put_raw(e, id, &sb);
	ts_sb_free(&sb);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_ECORRUPT);
	if (!strstr(telsvc_error_last(), what))
		fail_msg("%s: got \"%s\", want \"%s\"", id, telsvc_error_last(), what);
	teardown(&state);
}

static void empty_delivery(ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_DELIVERED);
}

static void another_kind(ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_REQUEST);
}

/* A poll record's event without the object it is of. */
static void no_object(ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_DELIVERED);
	event_rest(sb, TELSVC_EVENT_BREACH, T0);
}

/* A poll record whose last event stops at its type. */
static void cut_short(ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_DELIVERED);
	ts_rec_u64(sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_text(sb, 6, "SR-20250930-000001");
	ts_rec_u64(sb, 1, TELSVC_PARAM_REQUEST_GENERAL);
	ts_rec_i64(sb, 2, -1);
	ts_rec_u64(sb, 3, TELSVC_EVENT_BREACH);
}

/* An event type that does not exist. */
static void bad_type(ts_sb *sb)
{
	cut_short(sb);
	ts_sb_truncate(sb, sb->size - 2);
	ts_rec_u64(sb, 3, 9);
	ts_rec_i64(sb, 4, T0);
}

/* A number written as shared with a previous one (7) and the rest (8). */
static void shared_number(ts_sb *sb, uint64_t shared, const void *tail, size_t size)
{
	ts_rec_u64(sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_u64(sb, 7, shared);
	ts_rec_bytes(sb, 8, tail, size);
	event_rest(sb, TELSVC_EVENT_BREACH, T0);
}

/* A record whose first event is "SR-20250930-000001", whole. */
static void first_whole(ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_DELIVERED);
	ts_rec_u64(sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_text(sb, 6, "SR-20250930-000001");
	event_rest(sb, TELSVC_EVENT_BREACH, T0);
}

/* The first event of a record shares its number with none. */
static void shared_first(ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_DELIVERED);
	shared_number(sb, 3, "x", 1);
}

/* More shared than the previous number has. */
static void shared_too_much(ts_sb *sb)
{
	first_whole(sb);
	shared_number(sb, 19, "2", 1);
}

/* A rest holding a NUL. */
static void tail_with_nul(ts_sb *sb)
{
	first_whole(sb);
	shared_number(sb, 12, "00\0002", 4);
}

/* A number longer than the reader keeps to share from. */
static void tail_too_long(ts_sb *sb)
{
	char tail[64];
	memset(tail, '7', sizeof(tail));
	first_whole(sb);
	shared_number(sb, 12, tail, sizeof(tail));
}

/* A shared length with no rest after it. */
static void shared_alone(ts_sb *sb)
{
	first_whole(sb);
	ts_rec_u64(sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_u64(sb, 7, 12);
	event_rest(sb, TELSVC_EVENT_BREACH, T0);
}

/* Damaged delivery records are refused by name, and monitoring stays off. */
static void damaged(void **state)
{
	(void)state;
	refused("x7", empty_delivery, "delivery record x7: the id names no object and no poll");
	refused("@0", empty_delivery, "delivery record @0: the id names no object and no poll");
	refused("@1", another_kind, "delivery record @1: the record is of another kind");
	refused("@2", no_object, "delivery record @2: its events are malformed");
	refused("@3", cut_short, "delivery record @3: its last event is incomplete");
	refused("@4", bad_type, "delivery record @4: its events are malformed");
	refused("1:SR-20250930-000001", cut_short, "delivery record 1:SR-20250930-000001: its events are malformed");
	refused("@5", shared_first, "delivery record @5: its events are malformed");
	refused("@6", shared_too_much, "delivery record @6: its events are malformed");
	refused("@7", tail_with_nul, "delivery record @7: its events are malformed");
	refused("@8", tail_too_long, "delivery record @8: its events are malformed");
	refused("@9", shared_alone, "delivery record @9: its events are malformed");
}

/* Replace @e's context by one on the same policy and store that
 * allocates through @a. */
static void allocate_through(env *e, test_alloc *a)
{
	telsvc_ctx_free(e->ctx);
	e->ctx = test_ctx_with_alloc(a);
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, e->policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(e->ctx, &e->st), TELSVC_OK);
}

/* The compaction scenario up to its last poll: 1,500 requests cancelled
 * after their events were delivered, and one open whose warning was. The
 * context allocates through @a. */
static void finished_majority(env *e, test_alloc *a)
{
	enum { N = 1500 };
	allocate_through(e, a);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	telsvc_request *done[N];
	for (int i = 0; i < N; i++)
		done[i] = request_at(e, T0);
	request_at(e, T0 + 20 * H);
	assert_int_equal(drain(e->ctx, T0 + 27 * H), 3 * N + 1);
	for (int i = 0; i < N; i++)
		assert_int_equal(telsvc_request_apply(done[i], TELSVC_ACTION_CANCEL, &agent, T0 + 28 * H, 0), TELSVC_OK);
}

/* What the store holds after the poll at T0 + 28 h (the open request's
 * breach, then the compaction) failed somewhere: every event is delivered
 * (the breach perhaps twice, never lost), then the escalation, and a
 * fresh context finds nothing left. */
static void after_failed_compaction(env *e, test_alloc *a, int rc, size_t told, size_t recorded)
{
	a->fail_at = 0;
	e->fs.fail_at = 0;
	size_t again = drain(e->ctx, T0 + 28 * H);
	assert_true(again <= 1 && told + again >= 1);
	if (rc == TELSVC_OK || recorded) /* recorded: never again */
		assert_int_equal(again, 0);
	assert_int_equal(drain(e->ctx, T0 + 400 * H), 1);
	assert_int_equal(drain_reloaded(e, T0 + 400 * H), 0);
}

/* Out of memory at each allocation of the poll that compacts, and a
 * failure of each storage call of it (a commit's outcome unknown too). */
static void compaction_failures(void **state)
{
	(void)state;
	long allocations = 0, calls = 0, in_compaction = 0; /* failed there: the poll itself succeeded */
	for (long n = 1;; n++) {
		void *st;
		setup(&st);
		env *e = st;
		test_alloc a = { 0 };
		finished_majority(e, &a);
		a.fail_at = a.calls + n;
		size_t told = 0, got = 0;
		int rc = telsvc_monitor_poll(e->ctx, T0 + 28 * H, count, &told, &got);
		bool failed = a.failures > 0;
		assert_true(rc == TELSVC_OK || rc == TELSVC_ENOMEM);
		after_failed_compaction(e, &a, rc, told, got);
		teardown(&st);
		assert_int_equal(a.live, 0);
		if (!failed)
			break;
		allocations++;
		in_compaction += rc == TELSVC_OK;
	}
	for (long n = 1;; n++) {
		for (int ambiguous = 0; ambiguous <= 1; ambiguous++) {
			void *st;
			setup(&st);
			env *e = st;
			test_alloc a = { 0 };
			finished_majority(e, &a);
			e->fs.method = FAULT_ANY, e->fs.calls = 0, e->fs.fail_at = n, e->fs.ambiguous_commit = ambiguous;
			size_t told = 0, got = 0;
			int rc = telsvc_monitor_poll(e->ctx, T0 + 28 * H, count, &told, &got);
			bool failed = e->fs.failures > 0;
			assert_true(rc == TELSVC_OK || rc == TELSVC_ESTORAGE);
			e->fs.ambiguous_commit = 0;
			after_failed_compaction(e, &a, rc, told, got);
			teardown(&st);
			assert_int_equal(a.live, 0);
			if (!failed)
				goto done;
			calls += !ambiguous;
			in_compaction += rc == TELSVC_OK;
		}
	}
done:
	/* the poll's store (begin, put, commit) and the compaction's (begin,
	 * three puts, commit), each failed once and once ambiguously; and
	 * allocations of both */
	assert_true(allocations >= 2);
	assert_true(calls >= 8);
	assert_true(in_compaction >= 1 + 2 * 5);
}

/* A poll record naming a case this store does not hold, with a number
 * longer than any the library makes: its list stays parked. */
static void put_long_number_record(env *e)
{
	char number[201];
	memset(number, 'x', sizeof(number) - 1);
	number[sizeof(number) - 1] = '\0';
	ts_sb sb;
	ts_sb_init(&sb, e->store_ctx);
	ts_rec_begin(&sb, TELSVC_KIND_DELIVERED);
	ts_rec_u64(&sb, 5, TELSVC_KIND_REQUEST);
	ts_rec_text(&sb, 6, number);
	event_rest(&sb, TELSVC_EVENT_WARNING, T0);
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	assert_int_equal(e->st.begin(e->st.payload), TELSVC_OK);
	assert_int_equal(e->st.put(e->st.payload, TELSVC_KIND_DELIVERED, "@1", 0, sb.ptr, sb.size), TELSVC_OK);
	assert_int_equal(e->st.commit(e->st.payload), TELSVC_OK);
	ts_sb_free(&sb);
}

/* Out of memory at each allocation of starting to monitor a store whose
 * records are an earlier build's and a poll's naming a long number:
 * enabling fails whole, then works, and what was delivered stays so. */
static void oom_reading_records(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		void *st;
		setup(&st);
		env *e = st;
		test_alloc a = { 0 };
		allocate_through(e, &a);
		telsvc_request *r = request_at(e, T0);
		put_legacy_record(e, r, T0 + 8 * H, TELSVC_EVENT_BREACH);
		put_long_number_record(e);
		a.fail_at = a.calls + n;
		int rc = telsvc_monitor_enable(e->ctx);
		bool failed = a.failures > 0;
		a.fail_at = 0;
		if (rc != TELSVC_OK) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
		}
		assert_int_equal(drain(e->ctx, T0 + 13 * H), 2); /* not the breach */
		assert_int_equal(drain_reloaded(e, T0 + 13 * H), 0);
		teardown(&st);
		assert_int_equal(a.live, 0);
		if (!failed)
			break;
	}
}

typedef struct releasing {
	telsvc_request *r;
	int refuse;
	size_t told;
} releasing;

/* Release the request the event is of, then accept or refuse that event
 * (@refuse); accept the others. */
static int release_then(const telsvc_monitor_event *ev, void *payload)
{
	releasing *x = payload;
	x->told++;
	if (!x->r || strcmp(ev->number, telsvc_request_number(x->r)) != 0)
		return 0;
	assert_int_equal(telsvc_request_release(x->r), TELSVC_OK);
	x->r = NULL;
	return x->refuse;
}

/* A callback may release the case it is told of: an event it accepts is
 * recorded and, the case found again, not delivered again; one it refuses
 * comes again once the case is found. */
static void callback_releases(void **state)
{
	env *e = *state;
	telsvc_request *r = request_at(e, T0);
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r));
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	releasing x = { .r = r, .refuse = 1 };
	size_t n = 99;
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 7 * H, release_then, &x, &n), TELSVC_EUSER);
	assert_int_equal(n, 0);
	assert_int_equal(telsvc_request_find(&r, e->ctx, number), TELSVC_OK);
	x = (releasing){ .r = r, .refuse = 0 };
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 7 * H, release_then, &x, &n), TELSVC_OK);
	assert_int_equal(n, 1); /* the warning, refused before */
	assert_int_equal(stored_rows(e).nonempty, 1);
	assert_int_equal(telsvc_request_find(&r, e->ctx, number), TELSVC_OK);
	/* found again in the same context, the case does not raise the warning again */
	size_t seen = 0;
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 7 * H, count, &seen, &n), TELSVC_OK);
	assert_int_equal(seen, 0);
	/* the warning is stored: a fresh context delivers only what follows */
	assert_int_equal(drain_reloaded(e, T0 + 13 * H), 2);
}

/* A poll whose store would compact, stopped by a callback that released
 * its case and refused the event: the refused event is not recorded by
 * the compaction, and comes again once the case is found. */
static void release_refused_then_compaction(void **state)
{
	env *e = *state;
	enum { N = 1500 };
	telsvc_request *done[N];
	delivered_requests(e, done, N);
	for (int i = 0; i < N; i++)
		assert_int_equal(telsvc_request_apply(done[i], TELSVC_ACTION_CANCEL, &agent, T0 + 14 * H, 0), TELSVC_OK);
	request_at(e, T0 + 18 * H); /* its warning and breach by T0 + 26 h, accepted */
	telsvc_request *b = request_at(e, T0 + 20 * H); /* its warning at T0 + 27 h, refused */
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(b));
	releasing x = { .r = b, .refuse = 1 };
	size_t n = 99;
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 27 * H, release_then, &x, &n), TELSVC_EUSER);
	assert_int_equal(x.told, 3);
	assert_int_equal(n, 2);
	assert_int_equal(telsvc_request_find(&b, e->ctx, number), TELSVC_OK);
	assert_int_equal(drain(e->ctx, T0 + 27 * H), 1);
	/* that poll's store compacted: only the open requests' events stay */
	assert_int_equal(stored_rows(e).nonempty, 1);
	assert_int_equal(drain_reloaded(e, T0 + 27 * H), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(one_poll_several_records, setup, teardown),
		cmocka_unit_test_setup_teardown(compaction, setup, teardown),
		cmocka_unit_test(compaction_failures),
		cmocka_unit_test_setup_teardown(earlier_records_read, setup, teardown),
		cmocka_unit_test_setup_teardown(shared_numbers_read, setup, teardown),
		cmocka_unit_test(damaged),
		cmocka_unit_test(oom_reading_records),
		cmocka_unit_test_setup_teardown(callback_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(release_refused_then_compaction, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
