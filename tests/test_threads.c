/* The threading contract of docs/threading.md, with many threads at once:
 * independent contexts each on its own memory store, one policy shared
 * read-only by all of them, per-thread error messages, hooks shared by
 * every context (so called concurrently), and contexts handed from thread
 * to thread. Each worker checks every result; the audit log of each store
 * must verify and replay to the stored objects. The tsan preset runs this
 * under ThreadSanitizer. */
#include "helpers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define THREADS 16
#define CHAINS 8    /* contexts handed through three threads each */
#define REQUESTS 8  /* per context */
#define STARTED 6   /* lifecycle steps done before a context is handed on */
#define ROUNDS 20   /* of every policy read, per reader thread */
#define EPOCH_RECORDS 4 /* audit records per key epoch */
#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

/* cmocka's assertions jump to the main thread's test: workers abort instead. */
#define CHECK(cond) ((cond) ? (void)0 : check_failed(__LINE__, #cond))
#define CHECK_OK(call) CHECK((call) == TELSVC_OK)

static _Noreturn void check_failed(int line, const char *what)
{
	fprintf(stderr, "test_threads.c:%d: check failed: %s (last error on this thread: %s: %s)\n", line, what,
		telsvc_status_name(telsvc_error_last_status()), telsvc_error_last());
	abort();
}

/* ---- hooks every context shares, so they must be thread-safe ---- */

static struct {
	atomic_long live;   /* blocks allocated and not freed */
	atomic_long calls;  /* allocations, reallocations included */
	atomic_llong tick;  /* the clock: one second later at every call */
	atomic_long logged; /* messages the log hook received */
} hooks;

static void *shared_malloc(size_t size, void *payload)
{
	(void)payload;
	atomic_fetch_add(&hooks.calls, 1);
	void *p = malloc(size);
	if (p)
		atomic_fetch_add(&hooks.live, 1);
	return p;
}

static void *shared_realloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	atomic_fetch_add(&hooks.calls, 1);
	return realloc(ptr, size);
}

static void shared_free(void *ptr, void *payload)
{
	(void)payload;
	atomic_fetch_sub(&hooks.live, 1);
	free(ptr);
}

static int64_t shared_clock(void *payload)
{
	(void)payload;
	return T0 + atomic_fetch_add(&hooks.tick, 1);
}

static void shared_log(int level, const char *message, void *payload)
{
	(void)payload;
	CHECK(level == TELSVC_LOG_INFO && strstr(message, "loaded"));
	atomic_fetch_add(&hooks.logged, 1);
}

static telsvc_ctx *shared_ctx(void)
{
	telsvc_ctx_options o = TELSVC_CTX_OPTIONS_INIT;
	o.allocator = (telsvc_allocator){ shared_malloc, shared_realloc, shared_free, NULL };
	o.clock_fn = shared_clock;
	o.log_fn = shared_log;
	telsvc_ctx *ctx;
	CHECK_OK(telsvc_ctx_new(&ctx, &o));
	return ctx;
}

/* The policy every context follows, made on the main thread and published
 * to the workers by pthread_create; freed after they are joined. */
static telsvc_policy *policy;
static telsvc_ctx *policy_ctx;

/* ---- a context with its store, used by one thread at a time ---- */

typedef struct unit {
	int id;
	telsvc_ctx *ctx, *store_ctx;
	telsvc_memstore *mem;
	unsigned char key[32];
	pthread_t owner; /* the thread using the unit: its hooks must run there */
	long changes;    /* counted by the change callback */
	uint64_t epoch;  /* the key's epoch, as its callback told after each commit */
	char numbers[REQUESTS][32];
} unit;

static void on_change(const telsvc_change *change, void *payload)
{
	unit *u = payload;
	CHECK(pthread_equal(pthread_self(), u->owner));
	CHECK(change->kind == TELSVC_KIND_REQUEST && change->revision >= 1);
	u->changes++;
}

static void on_key_evolved(void *payload, const unsigned char *key, size_t size, uint64_t epoch)
{
	unit *u = payload;
	(void)key;
	CHECK(pthread_equal(pthread_self(), u->owner));
	CHECK(size == sizeof(u->key) && epoch > u->epoch);
	u->epoch = epoch;
}

static void unit_open(unit *u, int id)
{
	*u = (unit){ .id = id, .owner = pthread_self() };
	u->ctx = shared_ctx();
	u->store_ctx = shared_ctx();
	CHECK_OK(telsvc_memstore_new(&u->mem, u->store_ctx));
	telsvc_storage st;
	CHECK_OK(telsvc_memstore_storage(&st, u->mem));
	for (size_t i = 0; i < sizeof(u->key); i++)
		u->key[i] = (unsigned char)(id * 31 + i);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = u->key;
	ao.key_size = sizeof(u->key);
	ao.epoch_records = EPOCH_RECORDS; /* the key evolves often, checkpoints are written */
	ao.checkpoint_records = 8;
	ao.key_evolved = on_key_evolved;
	ao.payload = u;
	CHECK_OK(telsvc_ctx_set_policy(u->ctx, policy));
	CHECK_OK(telsvc_ctx_set_storage(u->ctx, &st));
	CHECK_OK(telsvc_ctx_set_audit_key(u->ctx, &ao));
	CHECK_OK(telsvc_ctx_set_change_fn(u->ctx, on_change, u));
}

static void unit_close(unit *u)
{
	telsvc_ctx_free(u->ctx);
	telsvc_memstore_free(u->mem);
	telsvc_ctx_free(u->store_ctx);
}

static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" },
			  customer = { "cust-881", "customer" };

/* A request's life, each step at the time of the shared clock (at 0). */
static const struct step {
	int action;
	const telsvc_actor *who;
	int64_t arg;
	const char *note;
} lifecycle[] = {
	{ TELSVC_ACTION_PREPROCESS, &pre, 0, NULL },
	{ TELSVC_ACTION_WRITE_REPORT, &pre, 0, "needs analysis: SIM fault; proposal: new SIM; assignment: hall 3" },
	{ TELSVC_ACTION_SIGN_REPORT, &pre, 0, NULL },
	{ TELSVC_ACTION_SIGN_REPORT, &owner, 0, NULL },
	{ TELSVC_ACTION_SIGN_REPORT, &qm, 0, NULL },
	{ TELSVC_ACTION_START, &agent, 0, NULL },
	{ TELSVC_ACTION_DELIVER, &agent, 0, NULL },
	{ TELSVC_ACTION_ACCEPT, &customer, 0, "results: calls and data pass; problems: none" },
	{ TELSVC_ACTION_FEEDBACK, &customer, 95, NULL },
	{ TELSVC_ACTION_CLOSE, &agent, 0, NULL },
};
#define STEPS (sizeof(lifecycle) / sizeof(lifecycle[0]))

static void advance(telsvc_request *req, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		CHECK_OK(telsvc_request_apply_note(req, lifecycle[i].action, lifecycle[i].who, 0, lifecycle[i].arg,
						   lifecycle[i].note));
}

/* Register the unit's requests and take them through the first @steps;
 * every other request's steps are one host transaction. */
static void unit_create(unit *u, size_t steps)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE;
	in.requester = "Zhang San";
	in.contact = "+86 138 0000 0000";
	in.content = "no signal at home since this morning";
	in.content_type = TELSVC_CONTENT_VOICE;
	in.service_type = "mobile voice";
	for (int r = 0; r < REQUESTS; r++) {
		telsvc_request *req;
		CHECK_OK(telsvc_request_create(&req, u->ctx, &in, &agent));
		snprintf(u->numbers[r], sizeof(u->numbers[r]), "%s", telsvc_request_number(req));
		if (r % 2)
			CHECK_OK(telsvc_txn_begin(u->ctx));
		advance(req, 0, steps);
		if (r % 2)
			CHECK_OK(telsvc_txn_commit(u->ctx));
	}
}

/* Finish every request of the unit from step @from. */
static void unit_finish(unit *u, size_t from)
{
	for (int r = 0; r < REQUESTS; r++) {
		telsvc_request *req;
		CHECK_OK(telsvc_request_find(&req, u->ctx, u->numbers[r]));
		CHECK(telsvc_request_revision(req) == 1 + from);
		advance(req, from, STEPS);
	}
}

/* Everything the unit did is in memory, in its store and in its audit
 * log: the log verifies to its head, replays to the stored objects, and a
 * fresh context loads the same requests. */
static void unit_check(const unit *u)
{
	CHECK(telsvc_request_count(u->ctx) == REQUESTS);
	CHECK(u->changes == REQUESTS * (1 + (long)STEPS));
	telsvc_audit_anchor head;
	CHECK_OK(telsvc_audit_head(&head, u->ctx));
	CHECK(u->epoch >= 1 && u->epoch == (head.seq - 1) / EPOCH_RECORDS);
	telsvc_audit_report ar = { .version = TELSVC_AUDIT_REPORT_VERSION };
	CHECK_OK(telsvc_audit_verify(&ar, u->ctx, u->key, sizeof(u->key), &head));
	CHECK(ar.verdict == TELSVC_AUDIT_OK && ar.first_bad == 0);
	CHECK(ar.records == telsvc_memstore_audit_count(u->mem) && ar.anchored == head.seq);
	telsvc_replay_report rr = { .version = TELSVC_REPLAY_REPORT_VERSION };
	CHECK_OK(telsvc_audit_replay(&rr, u->ctx));
	CHECK(rr.objects == REQUESTS && rr.matched == REQUESTS && rr.diverged == 0);

	telsvc_ctx *fresh = shared_ctx();
	telsvc_storage st;
	CHECK_OK(telsvc_memstore_storage(&st, u->mem));
	CHECK_OK(telsvc_ctx_set_policy(fresh, policy));
	CHECK_OK(telsvc_ctx_set_storage(fresh, &st));
	CHECK_OK(telsvc_ctx_load(fresh));
	CHECK(telsvc_request_count(fresh) == REQUESTS);
	for (int r = 0; r < REQUESTS; r++) {
		telsvc_request *req;
		CHECK_OK(telsvc_request_find(&req, fresh, u->numbers[r]));
		CHECK(telsvc_request_state_of(req) == TELSVC_REQUEST_CLOSED);
		CHECK(telsvc_request_revision(req) == 1 + STEPS); /* its creation counts */
	}
	telsvc_ctx_free(fresh);
}

/* ---- independent contexts in parallel ---- */

/* Workers meet here at the start, so that they run at once, and after
 * each has recorded a failure, so that each reads its own message while
 * the others have recorded theirs. */
static pthread_barrier_t together;

static void *independent_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	pthread_barrier_wait(&together);
	unit u;
	unit_open(&u, id);

	/* a policy of the thread's own, through the shared log hook */
	char yaml[64], name[32];
	snprintf(name, sizeof(name), "worker-%02d", id);
	snprintf(yaml, sizeof(yaml), "name: %s\n", name);
	telsvc_policy *own;
	CHECK_OK(telsvc_policy_load(&own, u.ctx, yaml, strlen(yaml)));
	CHECK(strcmp(telsvc_policy_name(own), name) == 0);
	telsvc_policy_free(own);

	unit_create(&u, STEPS);

	/* a failure naming this thread's request, then every thread's */
	char missing[32];
	snprintf(missing, sizeof(missing), "SR-20250930-9%05d", id);
	telsvc_request *req = NULL;
	CHECK(telsvc_request_find(&req, u.ctx, missing) == TELSVC_ENOTFOUND);
	pthread_barrier_wait(&together);
	CHECK(telsvc_error_last_status() == TELSVC_ENOTFOUND && strstr(telsvc_error_last(), missing));

	unit_check(&u);
	unit_close(&u);
	return NULL;
}

static void run_threads(int n, void *(*fn)(void *))
{
	pthread_t t[THREADS];
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_create(&t[i], NULL, fn, (void *)(intptr_t)i), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
}

static void independent_contexts(void **state)
{
	(void)state;
	long live = atomic_load(&hooks.live), logged = atomic_load(&hooks.logged);
	assert_int_equal(pthread_barrier_init(&together, NULL, THREADS), 0);
	run_threads(THREADS, independent_worker);
	pthread_barrier_destroy(&together);
	assert_int_equal(atomic_load(&hooks.live), live); /* every block freed */
	/* each thread: its policy loaded, its store reloaded */
	assert_int_equal(atomic_load(&hooks.logged) - logged, 2 * THREADS);
}

/* ---- one policy read by many threads at once ---- */

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *c = p; n--; c++)
		h = (h ^ *c) * 1099511628211u;
	return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
	return mix(h, s ? s : "(null)", s ? strlen(s) + 1 : 7);
}

/* Every value of the policy through the readers the contract lists, and
 * a deadline on its default calendar. */
static uint64_t policy_digest(const telsvc_policy *p)
{
	uint64_t h = mix_str(14695981039346656037u, telsvc_policy_name(p));
	for (int param = 1; param <= telsvc_param_count(); param++) {
		telsvc_limit l = TELSVC_LIMIT_INIT;
		int64_t v = 0;
		switch (telsvc_param_type_of(param)) {
		case TELSVC_PARAM_TYPE_LIMIT:
			CHECK_OK(telsvc_policy_limit(&l, p, param));
			h = mix(h, &l.amount, sizeof(l.amount));
			h = mix(h, &l.clock, sizeof(l.clock));
			h = mix_str(h, l.calendar);
			break;
		case TELSVC_PARAM_TYPE_DURATION:
		case TELSVC_PARAM_TYPE_PERCENT:
		case TELSVC_PARAM_TYPE_PERIOD:
			CHECK_OK(telsvc_policy_value(&v, p, param));
			h = mix(h, &v, sizeof(v));
			break;
		case TELSVC_PARAM_TYPE_TEXT:
			h = mix_str(h, telsvc_policy_text(p, param));
			break;
		default: /* role, role list, text list */
			for (int i = 0, n = telsvc_policy_names_count(p, param); i < n; i++)
				h = mix_str(h, telsvc_policy_names(p, param, (size_t)i));
		}
	}
	for (size_t i = 0; i < telsvc_policy_role_count(p); i++) {
		h = mix_str(h, telsvc_policy_role_name(p, i));
		h = mix_str(h, telsvc_policy_role_title(p, i));
	}
	const telsvc_calendar *cal;
	int64_t due;
	CHECK_OK(telsvc_policy_calendar(&cal, p, NULL));
	CHECK_OK(telsvc_calendar_add(&due, cal, T0, TELSVC_CLOCK_WORKING_DAYS, 5));
	return mix(h, &due, sizeof(due));
}

static telsvc_policy *twin;  /* a second default policy, equal to the shared one */
static uint64_t want_digest;
static telsvc_buf *want_dump;

static void *reader(void *arg)
{
	int id = (int)(intptr_t)arg;
	pthread_barrier_wait(&together);
	for (int round = 0; round < ROUNDS; round++) {
		CHECK(policy_digest(policy) == want_digest);
		CHECK(telsvc_policy_equal(policy, twin) == 1);
	}
	/* a reader's failure is recorded on its own thread only */
	telsvc_limit l = TELSVC_LIMIT_INIT;
	char message[64];
	snprintf(message, sizeof(message), "unknown parameter %d", 1000 + id);
	CHECK(telsvc_policy_limit(&l, policy, (telsvc_param)(1000 + id)) == TELSVC_EINVAL);
	pthread_barrier_wait(&together);
	CHECK(telsvc_error_last_status() == TELSVC_EINVAL && strstr(telsvc_error_last(), message));

	/* dumps allocate from the policy's context, whose hooks are thread-safe */
	telsvc_ctx *ctx = shared_ctx();
	telsvc_buf *dump;
	CHECK_OK(telsvc_buf_new(&dump, ctx));
	CHECK_OK(telsvc_policy_dump(dump, policy));
	CHECK(telsvc_buf_size(dump) == telsvc_buf_size(want_dump));
	CHECK(memcmp(telsvc_buf_data(dump), telsvc_buf_data(want_dump), telsvc_buf_size(dump)) == 0);
	telsvc_buf_free(dump);
	telsvc_ctx_free(ctx);
	return NULL;
}

static void shared_policy_readers(void **state)
{
	(void)state;
	long live = atomic_load(&hooks.live);
	telsvc_ctx *ctx = shared_ctx();
	assert_int_equal(telsvc_policy_default(&twin, ctx), TELSVC_OK);
	assert_int_equal(telsvc_buf_new(&want_dump, ctx), TELSVC_OK);
	assert_int_equal(telsvc_policy_dump(want_dump, policy), TELSVC_OK);
	want_digest = policy_digest(policy);
	assert_int_equal(pthread_barrier_init(&together, NULL, THREADS), 0);
	run_threads(THREADS, reader);
	pthread_barrier_destroy(&together);
	telsvc_buf_free(want_dump);
	telsvc_policy_free(twin);
	telsvc_ctx_free(ctx);
	assert_int_equal(atomic_load(&hooks.live), live);
}

/* ---- contexts handed from thread to thread ---- */

/* A unit passed through three stages, each on a thread of its own:
 * create and start the requests, finish them, check and free. The mutex
 * orders each stage's calls after the previous stage's. */
typedef struct baton {
	pthread_mutex_t lock;
	pthread_cond_t turn;
	int stage;
	unit u;
} baton;

static baton batons[CHAINS];

static void take(baton *b, int stage)
{
	pthread_mutex_lock(&b->lock);
	while (b->stage != stage)
		pthread_cond_wait(&b->turn, &b->lock);
	pthread_mutex_unlock(&b->lock);
	b->u.owner = pthread_self();
}

static void pass(baton *b)
{
	pthread_mutex_lock(&b->lock);
	b->stage++;
	pthread_cond_broadcast(&b->turn);
	pthread_mutex_unlock(&b->lock);
}

static void *stage_worker(void *arg)
{
	int i = (int)(intptr_t)arg, stage = i % 3;
	baton *b = &batons[i / 3];
	take(b, stage);
	switch (stage) {
	case 0:
		unit_open(&b->u, i / 3);
		unit_create(&b->u, STARTED);
		break;
	case 1: {
		unit_finish(&b->u, STARTED);
		/* refused on this thread: the message is this thread's */
		telsvc_request *req;
		CHECK_OK(telsvc_request_find(&req, b->u.ctx, b->u.numbers[0]));
		CHECK(telsvc_request_apply(req, TELSVC_ACTION_CLOSE, &agent, 0, 0) == TELSVC_ETRANSITION);
		CHECK(telsvc_error_last_status() == TELSVC_ETRANSITION);
		break;
	}
	default:
		unit_check(&b->u);
		unit_close(&b->u);
	}
	pass(b);
	return NULL;
}

static void handed_over(void **state)
{
	(void)state;
	long live = atomic_load(&hooks.live);
	for (int c = 0; c < CHAINS; c++) {
		pthread_mutex_init(&batons[c].lock, NULL);
		pthread_cond_init(&batons[c].turn, NULL);
		batons[c].stage = 0;
	}
	pthread_t t[3 * CHAINS];
	/* the later stages start first, and wait for their turn */
	for (int i = 3 * CHAINS - 1; i >= 0; i--)
		assert_int_equal(pthread_create(&t[i], NULL, stage_worker, (void *)(intptr_t)i), 0);
	for (int i = 0; i < 3 * CHAINS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int c = 0; c < CHAINS; c++) {
		assert_int_equal(batons[c].stage, 3);
		pthread_cond_destroy(&batons[c].turn);
		pthread_mutex_destroy(&batons[c].lock);
	}
	assert_int_equal(atomic_load(&hooks.live), live);
}

static int setup(void **state)
{
	(void)state;
	policy_ctx = shared_ctx();
	assert_int_equal(telsvc_policy_default(&policy, policy_ctx), TELSVC_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	telsvc_policy_free(policy);
	telsvc_ctx_free(policy_ctx);
	assert_int_equal(atomic_load(&hooks.live), 0);
	assert_true(atomic_load(&hooks.calls) > 0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(independent_contexts),
		cmocka_unit_test(shared_policy_readers),
		cmocka_unit_test(handed_over),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
