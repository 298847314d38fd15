/* Storage failure at every callback call (docs/reliability.md): a
 * scenario of requests through their lifecycle, one change at a time and
 * in a host transaction, is run once per storage call k with call k
 * failing once, and once per commit with that commit ambiguous (stored,
 * yet reported failed). The host does what docs/storage.md asks after a
 * failure: it reloads, looks whether the change is stored, and retries
 * it if not. In the end every request must hold each change exactly once
 * (none lost, none applied twice, no transaction half applied), the
 * audit log must verify, and replaying it must give the stored requests. */
#include "sweep.h"

#include "fault_store.h"

#include <telsvc/memstore.h>

#define REQUESTS 3

enum { CREATE = -1, PAIR = -2 }; /* PAIR: two requests created and preprocessed in one host transaction */

typedef struct op {
	int request;
	int action; /* a telsvc_request_action, CREATE or PAIR */
	const telsvc_actor *who;
	int64_t arg;
} op;

static const op scenario[] = {
	{ 0, CREATE, &agent, 0 },
	{ 0, TELSVC_ACTION_PREPROCESS, &pre, 0 },
	{ 0, TELSVC_ACTION_WRITE_REPORT, &pre, 0 },
	{ 0, TELSVC_ACTION_SIGN_REPORT, &pre, 0 },
	{ 0, TELSVC_ACTION_SIGN_REPORT, &owner, 0 },
	{ 0, TELSVC_ACTION_SIGN_REPORT, &qm, 0 },
	{ 0, TELSVC_ACTION_START, &agent, 0 },
	{ 0, TELSVC_ACTION_DELIVER, &agent, 0 },
	{ 0, TELSVC_ACTION_REJECT, &customer, 0 },
	{ 0, TELSVC_ACTION_DELIVER, &agent, 0 },
	{ 0, TELSVC_ACTION_ACCEPT, &customer, 0 },
	{ 0, TELSVC_ACTION_FEEDBACK, &customer, 92 },
	{ 0, TELSVC_ACTION_CLOSE, &agent, 0 },
	{ 1, PAIR, &agent, 0 },
	{ 1, TELSVC_ACTION_WRITE_REPORT, &pre, 0 },
	{ 2, TELSVC_ACTION_WRITE_REPORT, &pre, 0 },
};
#define OPS (sizeof(scenario) / sizeof(scenario[0]))

static const char *number_of(int request)
{
	static const char *const numbers[REQUESTS] = { "SR-20250930-000001", "SR-20250930-000002",
						       "SR-20250930-000003" };
	return numbers[request];
}

/* Changes each request holds once ops [0, upto) are applied. */
static size_t expected(int request, size_t upto)
{
	size_t n = 0;
	for (size_t i = 0; i < upto; i++)
		if (scenario[i].request == request || (scenario[i].action == PAIR && request == 2))
			n += scenario[i].action == PAIR ? 2 : 1;
	return n;
}

static size_t stored(telsvc_ctx *ctx, int request)
{
	telsvc_request *r;
	return telsvc_request_find(&r, ctx, number_of(request)) == TELSVC_OK ? telsvc_request_history_count(r) : 0;
}

static int create(telsvc_ctx *ctx, int request)
{
	telsvc_request *r;
	int rc = sweep_create(&r, ctx, request);
	assert_true(rc != TELSVC_OK || !strcmp(telsvc_request_number(r), number_of(request)));
	return rc;
}

static int change(telsvc_ctx *ctx, int request, int action, const telsvc_actor *who, int64_t arg, int64_t at)
{
	telsvc_request *r;
	int rc = telsvc_request_find(&r, ctx, number_of(request));
	return rc ? rc : telsvc_request_apply_note(r, action, who, at, arg, sweep_note(action));
}

static int apply(telsvc_ctx *ctx, const op *o, int64_t at)
{
	if (o->action == CREATE)
		return create(ctx, o->request);
	if (o->action != PAIR)
		return change(ctx, o->request, o->action, o->who, o->arg, at);
	int rc = telsvc_txn_begin(ctx);
	for (int r = 1; rc == TELSVC_OK && r <= 2; r++)
		if ((rc = create(ctx, r)) == TELSVC_OK)
			rc = change(ctx, r, TELSVC_ACTION_PREPROCESS, &pre, 0, at);
	if (rc == TELSVC_OK)
		return telsvc_txn_commit(ctx);
	if (telsvc_txn_active(ctx))
		telsvc_txn_rollback(ctx);
	return rc;
}

typedef struct figures {
	long runs, failures, retries, stuck, lost, doubled, half, bad_logs;
} figures;

/* The scenario on @st, the host reloading and retrying after each
 * failure; then @fs stops failing, and what is stored is checked. */
static void run(const telsvc_policy *policy, const telsvc_storage *st, fault_store *fs, figures *f, long *calls)
{
	telsvc_ctx *ctx = sweep_open(policy, st);
	for (size_t i = 0; i < OPS; i++) {
		int64_t at = T0 + 10 * MIN + (int64_t)i * MIN;
		for (int attempt = 0; apply(ctx, &scenario[i], at) != TELSVC_OK; attempt++) {
			f->failures++;
			if (attempt == 3) { /* one failure was injected: a retry must succeed */
				f->stuck++;
				break;
			}
			/* what the store holds decides: reload, and retry only what is not there */
			telsvc_ctx_free(ctx);
			ctx = sweep_open(policy, st);
			assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
			int r = scenario[i].action == PAIR ? 2 : scenario[i].request;
			if (stored(ctx, r) == expected(r, i + 1))
				break; /* it was stored after all */
			f->retries++;
		}
	}
	telsvc_ctx_free(ctx);
	*calls = fs->calls;
	fs->fail_at = 0;
	ctx = sweep_open(policy, st);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	for (int r = 0; r < REQUESTS; r++) {
		size_t have = stored(ctx, r), want = expected(r, OPS);
		f->lost += have < want;
		f->doubled += have > want;
	}
	/* a host transaction's two requests: both or neither, at every point */
	f->half += (stored(ctx, 1) == 0) != (stored(ctx, 2) == 0);
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	telsvc_replay_report replay = { .version = TELSVC_REPLAY_REPORT_VERSION };
	if (telsvc_audit_verify(&rep, ctx, key, sizeof(key), NULL) != TELSVC_OK || rep.verdict != TELSVC_AUDIT_UNANCHORED ||
	    telsvc_audit_replay(&replay, ctx) != TELSVC_OK || replay.diverged || replay.matched != REQUESTS)
		f->bad_logs++;
	telsvc_ctx_free(ctx);
	f->runs++;
}

/* Run the scenario with the faults @fault names; the number of calls of
 * its method that the scenario made. */
static long run_with(const telsvc_policy *policy, telsvc_ctx *host, const fault_store *fault, figures *f)
{
	telsvc_memstore *mem;
	assert_int_equal(telsvc_memstore_new(&mem, host), TELSVC_OK);
	telsvc_storage inner, st;
	telsvc_memstore_storage(&inner, mem);
	fault_store fs;
	fault_store_init(&fs, &inner, &st);
	fs.method = fault->method, fs.fail_at = fault->fail_at, fs.ambiguous_commit = fault->ambiguous_commit;
	long calls = 0;
	run(policy, &st, &fs, f, &calls);
	telsvc_memstore_free(mem);
	return calls;
}

static void fail_every_call(void **state)
{
	(void)state;
	telsvc_ctx *host = test_ctx();
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, host), TELSVC_OK);
	figures clean = { 0 }, f = { 0 };
	fault_store count = { .method = FAULT_ANY };
	long calls = run_with(policy, host, &count, &clean);
	count.method = FAULT_COMMIT;
	long commits = run_with(policy, host, &count, &clean);
	assert_int_equal(clean.failures + clean.stuck + clean.lost + clean.doubled + clean.half + clean.bad_logs, 0);
	for (long k = 1; k <= calls; k++) {
		fault_store once = { .method = FAULT_ANY, .fail_at = k };
		run_with(policy, host, &once, &f);
	}
	for (long k = 1; k <= commits; k++) {
		fault_store ambiguous = { .method = FAULT_COMMIT, .fail_at = k, .ambiguous_commit = 1 };
		run_with(policy, host, &ambiguous, &f);
	}
	printf("%ld runs (%ld calls failed once, %ld commits ambiguous): %ld failures reported, %ld retried, "
	       "%ld retries failing; lost %ld, applied twice %ld, transactions half applied %ld, "
	       "logs failing verify or replay %ld\n",
	       f.runs, calls, commits, f.failures, f.retries, f.stuck, f.lost, f.doubled, f.half, f.bad_logs);
	assert_int_equal(f.runs, calls + commits);
	assert_int_equal(f.stuck + f.lost + f.doubled + f.half + f.bad_logs, 0);
	assert_int_equal(f.failures, f.runs); /* each injected failure reached the host, once */
	telsvc_policy_free(policy);
	telsvc_ctx_free(host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fail_every_call),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
