/* Crash and reload (docs/reliability.md): the sweeps' scenario (sweep.h)
 * takes two requests, a major complaint and a major security incident
 * each through its whole flow, one call at a time (three of them released
 * after creation and found again in storage); then one host transaction
 * mixes kinds: two requests, a complaint and an incident created and each
 * taken one step, and one more return visit to the closed complaint; then
 * those four go two steps further, call by call. It is run once to count
 * its storage calls, then again once per call k, stopping dead right
 * after the k-th, as if the process crashed there: the store keeps what
 * it had committed (an open transaction is lost), the context is gone.
 * A new context loads the store, and then, for every case of every kind:
 * - no reload fails;
 * - nothing acknowledged is lost: each case's stored history holds every
 *   change that returned TELSVC_OK before the crash;
 * - nothing is partial: the call in flight is there whole or not at all,
 *   and a host transaction's changes are there in all its cases or in
 *   none;
 * - a second reload gives the same cases (their JSON exports are equal);
 * - the audit log verifies, and replaying it gives every stored case;
 * - the reloaded context carries on: it creates one more case of each
 *   kind, and changes the transaction's incident if it is stored. */
#include "sweep.h"

#include <telsvc/memstore.h>

#include <stdbool.h>

/* The store, crashing after its crash_at-th call: from then on every call
 * fails, as nothing after a crash reaches the disk. */
typedef struct crash_store {
	telsvc_storage inner;
	long calls, crash_at;
	bool crashed, in_txn;
} crash_store;

static bool dead(crash_store *s)
{
	return s->crashed || (s->crash_at && s->calls >= s->crash_at);
}

/* After a call: crash here if this was the crash_at-th. */
static int after(crash_store *s, int rc)
{
	if (!s->crashed && s->crash_at && ++s->calls == s->crash_at) {
		s->crashed = true;
		if (s->in_txn) /* what was not committed is lost */
			s->inner.rollback(s->inner.payload);
	} else if (!s->crash_at) {
		s->calls++;
	}
	return rc;
}

#define FORWARD(call) dead(s) ? TELSVC_ESTORAGE : after(s, s->inner.call)

static int c_begin(void *p)
{
	crash_store *s = p;
	s->in_txn = true; /* so that a crash right after it rolls it back */
	int rc = FORWARD(begin(s->inner.payload));
	s->in_txn = rc == TELSVC_OK && !s->crashed;
	return rc;
}

static int c_commit(void *p)
{
	crash_store *s = p;
	s->in_txn = false; /* committed before the crash that may follow */
	return FORWARD(commit(s->inner.payload));
}

static int c_rollback(void *p)
{
	crash_store *s = p;
	s->in_txn = false;
	return FORWARD(rollback(s->inner.payload));
}

static int c_put(void *p, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	crash_store *s = p;
	return FORWARD(put(s->inner.payload, kind, id, expected, data, size));
}

static int c_get(void *p, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	crash_store *s = p;
	return FORWARD(get(s->inner.payload, kind, id, revision, out));
}

static int c_iterate(void *p, int kind, telsvc_storage_visit_fn visit, void *vp)
{
	crash_store *s = p;
	return FORWARD(iterate(s->inner.payload, kind, visit, vp));
}

static int c_audit_append(void *p, uint64_t seq, const void *data, size_t size)
{
	crash_store *s = p;
	return FORWARD(audit_append(s->inner.payload, seq, data, size));
}

static int c_audit_iterate(void *p, uint64_t from, telsvc_audit_visit_fn visit, void *vp)
{
	crash_store *s = p;
	return FORWARD(audit_iterate(s->inner.payload, from, visit, vp));
}

/* What the scenario was told: per case, the changes acknowledged, and
 * those of the call (or host transaction) in flight. */
typedef struct ledger {
	size_t acked[SWEEP_CASES], in_flight[SWEEP_CASES];
} ledger;

/* The scenario, unit by unit, until a call fails: the process is dead. */
static bool scenario(telsvc_ctx *ctx, ledger *l)
{
	sweep_op plan[SWEEP_OPS_MAX];
	size_t ops = sweep_plan(plan);
	for (size_t i = 0, j; i < ops; i = j) {
		j = sweep_unit_end(plan, ops, i);
		if (sweep_unit(ctx, plan, i, j, l->in_flight) != TELSVC_OK)
			return false;
		for (int c = 0; c < SWEEP_CASES; c++) {
			l->acked[c] += l->in_flight[c];
			l->in_flight[c] = 0;
		}
	}
	return true;
}

/* Whether the two contexts hold the case @c alike: its export, with its
 * state, class, deadlines and history (or both lack it). */
static bool alike(telsvc_ctx *a, telsvc_ctx *b, int c)
{
	telsvc_buf *x, *y;
	assert_int_equal(telsvc_buf_new(&x, a), TELSVC_OK);
	assert_int_equal(telsvc_buf_new(&y, b), TELSVC_OK);
	int kind = sweep_cases[c].kind;
	int rx = telsvc_export_json(x, a, kind, sweep_number(c), NULL);
	int ry = telsvc_export_json(y, b, kind, sweep_number(c), NULL);
	bool same = rx == ry && (rx != TELSVC_OK || (telsvc_buf_size(x) == telsvc_buf_size(y) &&
						     !memcmp(telsvc_buf_data(x), telsvc_buf_data(y), telsvc_buf_size(x))));
	telsvc_buf_free(x);
	telsvc_buf_free(y);
	return same;
}

typedef struct figures {
	long points, lost, partial, failed_reloads, unequal_reloads, bad_logs, stuck;
} figures;

/* Check what the store holds after a crash, against what was acknowledged. */
static void check(const telsvc_policy *policy, const telsvc_storage *disk, const ledger *led, figures *f)
{
	telsvc_ctx *a = sweep_open(policy, disk), *b = sweep_open(policy, disk);
	if (telsvc_ctx_load(a) != TELSVC_OK || telsvc_ctx_load(b) != TELSVC_OK) {
		f->failed_reloads++;
		telsvc_ctx_free(a), telsvc_ctx_free(b);
		return;
	}
	int flying = 0, landed = 0; /* cases with changes in flight; of them, those stored whole */
	for (int c = 0; c < SWEEP_CASES; c++) {
		size_t stored = sweep_history(a, sweep_cases[c].kind, sweep_number(c));
		if (stored < led->acked[c])
			f->lost++;
		else if (stored != led->acked[c] && stored != led->acked[c] + led->in_flight[c])
			f->partial++;
		flying += led->in_flight[c] > 0;
		landed += led->in_flight[c] > 0 && stored == led->acked[c] + led->in_flight[c];
		f->unequal_reloads += !alike(a, b, c);
	}
	f->partial += landed && landed != flying; /* a host transaction: all its cases, or none */
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	telsvc_replay_report replay = { .version = TELSVC_REPLAY_REPORT_VERSION };
	if (telsvc_audit_verify(&rep, a, key, sizeof(key), NULL) != TELSVC_OK ||
	    (rep.verdict != TELSVC_AUDIT_UNANCHORED && rep.records > 0) || telsvc_audit_replay(&replay, a) != TELSVC_OK ||
	    replay.diverged || replay.objects != sweep_held(a) || replay.matched != replay.objects)
		f->bad_logs++;
	/* the reloaded context carries on: one more change, and one more case of each kind */
	const char *si2 = sweep_number(SWEEP_CASES - 1);
	if (sweep_history(a, TELSVC_KIND_INCIDENT, si2))
		f->stuck += sweep_apply(a, TELSVC_KIND_INCIDENT, si2, TELSVC_INCIDENT_PROGRESS, &officer,
					T0 + 180 * MIN, 0) != TELSVC_OK;
	for (int kind = TELSVC_KIND_REQUEST; kind <= TELSVC_KIND_INCIDENT; kind++) {
		const char *number;
		f->stuck += sweep_new(a, kind, 180, &number) != TELSVC_OK;
	}
	telsvc_ctx_free(b);
	telsvc_ctx_free(a);
}

static void crash_after_every_call(void **state)
{
	(void)state;
	telsvc_ctx *host = test_ctx();
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, host), TELSVC_OK);
	figures f = { 0 };
	long total = 0;
	for (long k = 0; k == 0 || k <= total; k++) {
		telsvc_memstore *mem;
		assert_int_equal(telsvc_memstore_new(&mem, host), TELSVC_OK);
		crash_store cs = { .crash_at = k };
		telsvc_memstore_storage(&cs.inner, mem);
		telsvc_storage st = { TELSVC_STORAGE_VERSION, cs.inner.capabilities, &cs, c_begin, c_commit,
				      c_rollback, c_put, c_get, c_iterate, c_audit_append, c_audit_iterate, NULL };
		ledger led = { 0 };
		telsvc_ctx *ctx = sweep_open(policy, &st);
		bool whole = scenario(ctx, &led);
		telsvc_ctx_free(ctx); /* the process is gone */
		if (k == 0) {
			assert_true(whole); /* the scenario runs whole without a crash */
			total = cs.calls;
		} else {
			f.points++;
			telsvc_storage disk;
			telsvc_memstore_storage(&disk, mem);
			check(policy, &disk, &led, &f);
		}
		telsvc_memstore_free(mem);
	}
	printf("crash points %ld: lost %ld, partial %ld, failed reloads %ld, unequal reloads %ld, "
	       "logs failing verify or replay %ld, stuck after reload %ld\n",
	       f.points, f.lost, f.partial, f.failed_reloads, f.unequal_reloads, f.bad_logs, f.stuck);
	assert_true(f.points > 200);
	assert_int_equal(f.lost + f.partial + f.failed_reloads + f.unequal_reloads + f.bad_logs + f.stuck, 0);
	telsvc_policy_free(policy);
	telsvc_ctx_free(host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crash_after_every_call),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
