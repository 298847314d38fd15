/* Crash and reload (docs/reliability.md): a scenario of requests through
 * their lifecycle, alone and in host transactions, is run once to count
 * its storage calls, then again once per call k, stopping dead right
 * after the k-th, as if the process crashed there: the store keeps what
 * it had committed (an open transaction is lost), the context is gone.
 * A new context loads the store, and then:
 * - no reload fails;
 * - nothing acknowledged is lost: each request's stored history holds
 *   every change that returned TELSVC_OK before the crash;
 * - nothing is partial: the change in flight is there whole or not at
 *   all (a host transaction's changes, all of them or none);
 * - a second reload gives the same requests;
 * - the audit log verifies, and replaying it gives the stored requests;
 * - the reloaded context carries on: it applies one more change. */
#include "sweep.h"

#include <telsvc/memstore.h>

#include <stdbool.h>

#define REQUESTS 4

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

/* What the scenario was told: per request, the changes acknowledged, and
 * those of the call (or host transaction) in flight. */
typedef struct ledger {
	char numbers[REQUESTS][64];
	size_t acked[REQUESTS], in_flight[REQUESTS];
} ledger;

typedef struct run {
	telsvc_ctx *ctx;
	ledger *led;
	bool stopped; /* a call failed: the process is dead */
} run;

static void acknowledge(ledger *l)
{
	for (int i = 0; i < REQUESTS; i++) {
		l->acked[i] += l->in_flight[i];
		l->in_flight[i] = 0;
	}
}

static telsvc_request *create(run *r, int i)
{
	telsvc_request *req = NULL;
	if (r->stopped)
		return NULL;
	/* numbered in order, so that a creation in flight is found too */
	snprintf(r->led->numbers[i], sizeof(r->led->numbers[i]), "SR-20250930-%06d", i + 1);
	r->led->in_flight[i]++;
	if (sweep_create(&req, r->ctx, i) != TELSVC_OK) {
		r->stopped = true;
		return NULL;
	}
	assert_string_equal(telsvc_request_number(req), r->led->numbers[i]);
	return req;
}

static void step(run *r, int i, telsvc_request *req, int action, const telsvc_actor *who, int64_t at, int64_t arg)
{
	if (r->stopped)
		return;
	r->led->in_flight[i]++;
	if (telsvc_request_apply_note(req, action, who, at, arg, sweep_note(action)) != TELSVC_OK)
		r->stopped = true;
}

/* Request @i through its whole lifecycle, from @t, each call on its own. */
static void lifecycle(run *r, int i, telsvc_request *req, int64_t t)
{
	const struct {
		int action;
		const telsvc_actor *who;
		int64_t arg;
	} steps[] = {
		{ TELSVC_ACTION_PREPROCESS, &pre, 0 },	{ TELSVC_ACTION_WRITE_REPORT, &pre, 0 },
		{ TELSVC_ACTION_SIGN_REPORT, &pre, 0 }, { TELSVC_ACTION_SIGN_REPORT, &owner, 0 },
		{ TELSVC_ACTION_SIGN_REPORT, &qm, 0 },	{ TELSVC_ACTION_START, &agent, 0 },
		{ TELSVC_ACTION_PROGRESS, &agent, 0 },	{ TELSVC_ACTION_DELIVER, &agent, 0 },
		{ TELSVC_ACTION_REJECT, &customer, 0 }, { TELSVC_ACTION_DELIVER, &agent, 0 },
		{ TELSVC_ACTION_ACCEPT, &customer, 0 }, { TELSVC_ACTION_FEEDBACK, &customer, 92 },
		{ TELSVC_ACTION_CLOSE, &agent, 0 },
	};
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]) && !r->stopped; s++) {
		step(r, i, req, steps[s].action, steps[s].who, t + (int64_t)(s + 1) * MIN, steps[s].arg);
		if (!r->stopped)
			acknowledge(r->led);
	}
}

static void scenario(run *r)
{
	/* two requests, call by call, one released and found again midway */
	for (int i = 0; i < 2 && !r->stopped; i++) {
		telsvc_request *req = create(r, i);
		if (r->stopped)
			return;
		acknowledge(r->led);
		if (i == 1 && (telsvc_request_release(req) != TELSVC_OK ||
			       telsvc_request_find(&req, r->ctx, r->led->numbers[i]) != TELSVC_OK)) {
			r->stopped = true;
			return;
		}
		lifecycle(r, i, req, T0 + 10 * MIN);
	}
	/* two more created and started in one host transaction */
	if (r->stopped || telsvc_txn_begin(r->ctx) != TELSVC_OK) {
		r->stopped = true;
		return;
	}
	telsvc_request *reqs[2];
	for (int i = 2; i < REQUESTS && !r->stopped; i++) {
		reqs[i - 2] = create(r, i);
		step(r, i, reqs[i - 2], TELSVC_ACTION_PREPROCESS, &pre, T0 + 40 * MIN, 0);
	}
	if (r->stopped || telsvc_txn_commit(r->ctx) != TELSVC_OK) {
		r->stopped = true;
		return;
	}
	acknowledge(r->led);
	for (int i = 2; i < REQUESTS && !r->stopped; i++) {
		step(r, i, reqs[i - 2], TELSVC_ACTION_WRITE_REPORT, &pre, T0 + 50 * MIN, 0);
		if (!r->stopped)
			acknowledge(r->led);
	}
}

/* One request's stored history, as text, to compare two reloads. */
static void describe(telsvc_ctx *ctx, const char *number, char *out, size_t cap)
{
	telsvc_request *req;
	size_t n = 0;
	out[0] = '\0';
	if (telsvc_request_find(&req, ctx, number) != TELSVC_OK)
		return;
	n += (size_t)snprintf(out + n, cap - n, "%d:", telsvc_request_state_of(req));
	for (size_t h = 0; h < telsvc_request_history_count(req) && n < cap; h++) {
		int action;
		int64_t at;
		const char *actor, *role;
		assert_int_equal(telsvc_request_history_at(req, h, &action, &at, &actor, &role), TELSVC_OK);
		n += (size_t)snprintf(out + n, cap - n, "%d/%lld/%s/%s/%s;", action, (long long)at, actor, role,
				      telsvc_request_history_note(req, h));
	}
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
	for (int i = 0; i < REQUESTS; i++) {
		telsvc_request *req;
		size_t stored = 0;
		if (telsvc_request_find(&req, a, led->numbers[i]) == TELSVC_OK)
			stored = telsvc_request_history_count(req);
		if (stored < led->acked[i])
			f->lost++;
		else if (stored != led->acked[i] && stored != led->acked[i] + led->in_flight[i])
			f->partial++;
		char da[2048], db[2048];
		describe(a, led->numbers[i], da, sizeof(da));
		describe(b, led->numbers[i], db, sizeof(db));
		f->unequal_reloads += strcmp(da, db) != 0;
	}
	uint64_t objects;
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	telsvc_replay_report replay = { .version = TELSVC_REPLAY_REPORT_VERSION };
	if (telsvc_audit_verify(&rep, a, key, sizeof(key), NULL) != TELSVC_OK ||
	    (rep.verdict != TELSVC_AUDIT_UNANCHORED && rep.records > 0) || telsvc_audit_replay(&replay, a) != TELSVC_OK ||
	    replay.diverged || telsvc_request_count(a) != (objects = replay.objects))
		f->bad_logs++;
	/* the reloaded context carries on */
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "Li Si", in.contact = "139";
	in.content = "slow line", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "broadband";
	in.received_at = T0 + 3 * 60 * MIN;
	telsvc_request *next;
	f->stuck += telsvc_request_create(&next, a, &in, &agent) != TELSVC_OK;
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
		run r = { sweep_open(policy, &st), &led, false };
		scenario(&r);
		telsvc_ctx_free(r.ctx); /* the process is gone */
		if (k == 0) {
			assert_false(r.stopped); /* the scenario runs whole without a crash */
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
	assert_true(f.points > 100);
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
