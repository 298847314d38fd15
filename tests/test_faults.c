/* Storage failure at every callback call (docs/reliability.md): the
 * sweeps' scenario (sweep.h) takes two requests, a major complaint and a
 * major security incident each through its whole flow, one call at a
 * time (three of them released after creation and found again in
 * storage); then one host transaction mixes kinds: two requests, a
 * complaint and an incident created and each taken one step, and one more
 * return visit to the closed complaint; then those four go two steps
 * further, call by call. It is run once per storage call k with call k
 * failing once, and once per commit with that commit ambiguous (stored,
 * yet reported failed). The host does what docs/storage.md asks after a
 * failure: it reloads, looks whether the call or transaction is stored,
 * and retries it if not; a transaction stored in some of the cases it
 * touches and not in others is half applied. In the end every case of
 * every kind must hold each change exactly once (none lost, none applied
 * twice), the audit log must verify, and replaying it must give all the
 * stored cases. */
#include "sweep.h"

#include "fault_store.h"

#include <telsvc/memstore.h>

static sweep_op plan[SWEEP_OPS_MAX];
static size_t ops;

/* Changes case @c holds once ops [0, @upto) are applied. */
static size_t expected(int c, size_t upto)
{
	size_t n = 0;
	for (size_t i = 0; i < upto; i++)
		n += plan[i].c == c && plan[i].action != SWEEP_RELEASE;
	return n;
}

static size_t stored(telsvc_ctx *ctx, int c)
{
	return sweep_history(ctx, sweep_cases[c].kind, sweep_number(c));
}

/* Whether the store holds the unit [@i, @j): 1 if every case it touches
 * holds all its changes; 0 if none of them does; -1 for a host
 * transaction stored in some of its cases and not in others, or in part
 * of one. */
static int landed(telsvc_ctx *ctx, size_t i, size_t j)
{
	int cases = 0, whole = 0, none = 0;
	for (int c = 0; c < SWEEP_CASES; c++) {
		bool touched = false;
		for (size_t k = i; k < j; k++)
			touched |= plan[k].c == c;
		if (!touched)
			continue;
		size_t have = stored(ctx, c);
		cases++;
		whole += have == expected(c, j);
		none += have == expected(c, i);
	}
	return whole == cases ? 1 : none == cases || !plan[i].txn ? 0 : -1;
}

typedef struct figures {
	long runs, failures, retries, stuck, lost, doubled, half, bad_logs;
} figures;

/* The scenario on @st, the host reloading and retrying after each
 * failure; then @fs stops failing, and what is stored is checked. */
static void run(const telsvc_policy *policy, const telsvc_storage *st, fault_store *fs, figures *f, long *calls)
{
	telsvc_ctx *ctx = sweep_open(policy, st);
	for (size_t i = 0, j; i < ops; i = j) {
		j = sweep_unit_end(plan, ops, i);
		for (int attempt = 0; sweep_unit(ctx, plan, i, j, NULL) != TELSVC_OK; attempt++) {
			f->failures++;
			if (attempt == 3) { /* one failure was injected: a retry must succeed */
				f->stuck++;
				break;
			}
			/* what the store holds decides: reload, and retry only what is not there */
			telsvc_ctx_free(ctx);
			ctx = sweep_open(policy, st);
			assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
			int where = landed(ctx, i, j);
			if (where != 0) { /* stored after all, or half: retrying would double the rest */
				f->half += where < 0;
				break;
			}
			f->retries++;
		}
	}
	telsvc_ctx_free(ctx);
	*calls = fs->calls;
	fs->fail_at = 0;
	ctx = sweep_open(policy, st);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	for (int c = 0; c < SWEEP_CASES; c++) {
		size_t have = stored(ctx, c), want = expected(c, ops);
		f->lost += have < want;
		f->doubled += have > want;
	}
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	telsvc_replay_report replay = { .version = TELSVC_REPLAY_REPORT_VERSION };
	if (telsvc_audit_verify(&rep, ctx, key, sizeof(key), NULL) != TELSVC_OK || rep.verdict != TELSVC_AUDIT_UNANCHORED ||
	    telsvc_audit_replay(&replay, ctx) != TELSVC_OK || replay.diverged || replay.matched != SWEEP_CASES)
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
	ops = sweep_plan(plan);
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
	assert_true(calls > 200 && commits > 40);
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
