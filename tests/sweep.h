/* What the storage-failure and crash sweeps (test_faults.c, test_crash.c)
 * share: the people, the audit key, a context on a store, the cases of
 * every kind they create, the flows they take them through, and the
 * scenario itself, unit by unit (one call, or one host transaction). */
#ifndef TS_TEST_SWEEP_H
#define TS_TEST_SWEEP_H

#include "helpers.h"

#include <stdbool.h>

#define T0 1759222800 /* 2025-09-30 17:00 +08:00 */
#define MIN 60

static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" },
			  customer = { "cust-881", "customer" }, sup = { "e.sun", "supervisor" },
			  officer = { "f.zhou", "security_officer" }, officer2 = { "g.ma", "security_officer" };
static const unsigned char key[32] = "thirty-two bytes of a test key!";

/* A context with @policy on @st, sealing its log with a short epoch so
 * that the sweeps cross epochs and checkpoints. */
static inline telsvc_ctx *sweep_open(const telsvc_policy *policy, const telsvc_storage *st)
{
	telsvc_ctx *ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, st), TELSVC_OK);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key), ao.epoch_records = 8, ao.checkpoint_records = 5;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	return ctx;
}

/* The @i-th request of a sweep, received @i minutes after T0. */
static inline int sweep_create(telsvc_request **out, telsvc_ctx *ctx, int i)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "no signal", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "voice";
	in.received_at = T0 + i * MIN;
	return telsvc_request_create(out, ctx, &in, &agent);
}

/* The @i-th complaint of a sweep, received @i minutes after T0: a major
 * one (§6.1), which only a supervisor closes. */
static inline int sweep_complain(telsvc_complaint **out, telsvc_ctx *ctx, int i)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.customer = "Zhang San", in.contact = "138";
	in.content = "no signal at home since Monday", in.service_type = "broadband";
	in.severity = TELSVC_SEVERITY_MAJOR, in.received_at = T0 + i * MIN;
	return telsvc_complaint_create(out, ctx, &in, &agent);
}

/* The @i-th incident of a sweep, detected @i minutes after T0. */
static inline int sweep_detect(telsvc_incident **out, telsvc_ctx *ctx, int i)
{
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_THREAT_DETECTION, d.type = TELSVC_INCIDENT_INTRUSION;
	d.description = "IDS alert: root logins on billing-db-2", d.scope = "billing-db-2";
	d.detected_at = T0 + i * MIN;
	return telsvc_incident_create(out, ctx, &d, &officer);
}

/* Create the @i-th case of @kind (a telsvc_kind); its number in @number. */
static inline int sweep_new(telsvc_ctx *ctx, int kind, int i, const char **number)
{
	int rc;
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		if ((rc = sweep_create(&r, ctx, i)) == TELSVC_OK)
			*number = telsvc_request_number(r);
	} else if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		if ((rc = sweep_complain(&c, ctx, i)) == TELSVC_OK)
			*number = telsvc_complaint_number(c);
	} else {
		telsvc_incident *inc;
		if ((rc = sweep_detect(&inc, ctx, i)) == TELSVC_OK)
			*number = telsvc_incident_number(inc);
	}
	return rc;
}

/* The note an action of @kind carries in the sweeps (§5.1, §5.3, §6.3,
 * §7.3), or NULL. */
static inline const char *sweep_note(int kind, int action)
{
	static const char *const requests[] = { [TELSVC_ACTION_WRITE_REPORT] = "needs analysis; proposal; assignment",
						[TELSVC_ACTION_ACCEPT] = "tests passed; signed",
						[TELSVC_ACTION_REJECT] = "the line still drops" };
	static const char *const complaints[] = { [TELSVC_COMPLAINT_PROGRESS] = "port reset at the exchange",
						  [TELSVC_COMPLAINT_FEEDBACK] = "the port was replaced; service restored",
						  [TELSVC_COMPLAINT_RETURN_VISIT] = "the customer's comments",
						  [TELSVC_COMPLAINT_REOPEN] = "the line dropped again" };
	if (kind == TELSVC_KIND_INCIDENT) /* every action but the closure records what was done */
		return action == TELSVC_INCIDENT_CLOSE ? NULL : "as recorded by the response team";
	const char *const *notes = kind == TELSVC_KIND_REQUEST ? requests : complaints;
	size_t n = kind == TELSVC_KIND_REQUEST ? sizeof(requests) / sizeof(requests[0])
					       : sizeof(complaints) / sizeof(complaints[0]);
	return action >= 0 && (size_t)action < n ? notes[action] : NULL;
}

/* Find the case @number of @kind, and apply @action to it with its note. */
static inline int sweep_apply(telsvc_ctx *ctx, int kind, const char *number, int action, const telsvc_actor *who,
			      int64_t at, int64_t arg)
{
	const char *note = sweep_note(kind, action);
	int rc;
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		if ((rc = telsvc_request_find(&r, ctx, number)) == TELSVC_OK)
			rc = telsvc_request_apply_note(r, action, who, at, arg, note);
	} else if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		if ((rc = telsvc_complaint_find(&c, ctx, number)) == TELSVC_OK)
			rc = telsvc_complaint_apply(c, action, who, at, arg, note);
	} else {
		telsvc_incident *inc;
		if ((rc = telsvc_incident_find(&inc, ctx, number)) == TELSVC_OK)
			rc = telsvc_incident_apply(inc, action, who, at, arg, note);
	}
	return rc;
}

/* Drop the case @number of @kind from memory, and find it again in storage. */
static inline int sweep_release(telsvc_ctx *ctx, int kind, const char *number)
{
	int rc;
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		if ((rc = telsvc_request_find(&r, ctx, number)) == TELSVC_OK &&
		    (rc = telsvc_request_release(r)) == TELSVC_OK)
			rc = telsvc_request_find(&r, ctx, number);
	} else if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		if ((rc = telsvc_complaint_find(&c, ctx, number)) == TELSVC_OK &&
		    (rc = telsvc_complaint_release(c)) == TELSVC_OK)
			rc = telsvc_complaint_find(&c, ctx, number);
	} else {
		telsvc_incident *inc;
		if ((rc = telsvc_incident_find(&inc, ctx, number)) == TELSVC_OK &&
		    (rc = telsvc_incident_release(inc)) == TELSVC_OK)
			rc = telsvc_incident_find(&inc, ctx, number);
	}
	return rc;
}

/* How many changes the case @number of @kind holds (intake included); 0
 * if it cannot be found. */
static inline size_t sweep_history(telsvc_ctx *ctx, int kind, const char *number)
{
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		return telsvc_request_find(&r, ctx, number) == TELSVC_OK ? telsvc_request_history_count(r) : 0;
	}
	if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		return telsvc_complaint_find(&c, ctx, number) == TELSVC_OK ? telsvc_complaint_history_count(c) : 0;
	}
	telsvc_incident *inc;
	return telsvc_incident_find(&inc, ctx, number) == TELSVC_OK ? telsvc_incident_history_count(inc) : 0;
}

/* The cases of every kind in the context's memory. */
static inline size_t sweep_held(const telsvc_ctx *ctx)
{
	return telsvc_request_count(ctx) + telsvc_complaint_count(ctx) + telsvc_incident_count(ctx);
}

/* ---- the scenario ---- */

/* An action, a person and an argument: one step of a flow. */
typedef struct sweep_step {
	int action;
	const telsvc_actor *who;
	int64_t arg;
} sweep_step;

/* A request from preprocessing through a failed acceptance and
 * rectification to closure (§2-§4). */
static const sweep_step sweep_request_flow[] = {
	{ TELSVC_ACTION_PREPROCESS, &pre, 0 },	{ TELSVC_ACTION_WRITE_REPORT, &pre, 0 },
	{ TELSVC_ACTION_SIGN_REPORT, &pre, 0 }, { TELSVC_ACTION_SIGN_REPORT, &owner, 0 },
	{ TELSVC_ACTION_SIGN_REPORT, &qm, 0 },	{ TELSVC_ACTION_START, &agent, 0 },
	{ TELSVC_ACTION_PROGRESS, &agent, 0 },	{ TELSVC_ACTION_DELIVER, &agent, 0 },
	{ TELSVC_ACTION_REJECT, &customer, 0 }, { TELSVC_ACTION_DELIVER, &agent, 0 },
	{ TELSVC_ACTION_ACCEPT, &customer, 0 }, { TELSVC_ACTION_FEEDBACK, &customer, 92 },
	{ TELSVC_ACTION_CLOSE, &agent, 0 },
};

/* A major complaint verified, classified, handled, fed back by phone,
 * reopened by a dissatisfied customer, fed back again online, visited
 * again by someone other than who gave the feedback, closed by a
 * supervisor (§6.2, §6.3). */
static const sweep_step sweep_complaint_flow[] = {
	{ TELSVC_COMPLAINT_VERIFY, &agent, 0 },
	{ TELSVC_COMPLAINT_CLASSIFY, &qm, 0 },
	{ TELSVC_COMPLAINT_HANDLE, &agent, 0 },
	{ TELSVC_COMPLAINT_PROGRESS, &agent, 0 },
	{ TELSVC_COMPLAINT_FEEDBACK, &agent, TELSVC_CHANNEL_PHONE },
	{ TELSVC_COMPLAINT_RETURN_VISIT, &qm, 40 },
	{ TELSVC_COMPLAINT_REOPEN, &customer, 0 },
	{ TELSVC_COMPLAINT_FEEDBACK, &agent, TELSVC_CHANNEL_ONLINE },
	{ TELSVC_COMPLAINT_RETURN_VISIT, &qm, 90 },
	{ TELSVC_COMPLAINT_CLOSE, &sup, 0 },
};

/* A major incident confirmed, isolated before the report, repaired,
 * recovered, analysed, rectified, reviewed by one officer and closed by
 * another (§7.3). */
static const sweep_step sweep_incident_flow[] = {
	{ TELSVC_INCIDENT_CONFIRM, &officer, TELSVC_GRADE_MAJOR },
	{ TELSVC_INCIDENT_ISOLATE, &officer, 0 },
	{ TELSVC_INCIDENT_REPORT, &officer, 0 },
	{ TELSVC_INCIDENT_REPAIR, &officer, 0 },
	{ TELSVC_INCIDENT_RECOVER, &officer, 0 },
	{ TELSVC_INCIDENT_ANALYSE, &officer, 0 },
	{ TELSVC_INCIDENT_RECTIFY, &agent, 0 },
	{ TELSVC_INCIDENT_PROGRESS, &officer, 0 },
	{ TELSVC_INCIDENT_POSTMORTEM, &officer2, 0 },
	{ TELSVC_INCIDENT_CLOSE, &officer, 0 },
};

/* The flow of @kind, and its length in @n. */
static inline const sweep_step *sweep_flow(int kind, size_t *n)
{
	const sweep_step *flow = kind == TELSVC_KIND_REQUEST	 ? sweep_request_flow
				 : kind == TELSVC_KIND_COMPLAINT ? sweep_complaint_flow
								 : sweep_incident_flow;
	*n = kind == TELSVC_KIND_REQUEST     ? sizeof(sweep_request_flow) / sizeof(sweep_step)
	     : kind == TELSVC_KIND_COMPLAINT ? sizeof(sweep_complaint_flow) / sizeof(sweep_step)
					     : sizeof(sweep_incident_flow) / sizeof(sweep_step);
	return flow;
}

/* The cases, in the order each kind creates them, so that their numbers
 * are known before they exist (a creation in flight is found too): the
 * first SWEEP_SOLO go through their whole flow one call at a time, the
 * others are created in one host transaction. */
#define SWEEP_CASES 8
#define SWEEP_SOLO 4
static const struct {
	int kind, index; /* the index-th case of its kind */
} sweep_cases[SWEEP_CASES] = {
	{ TELSVC_KIND_REQUEST, 0 }, { TELSVC_KIND_REQUEST, 1 }, { TELSVC_KIND_COMPLAINT, 0 }, { TELSVC_KIND_INCIDENT, 0 },
	{ TELSVC_KIND_REQUEST, 2 }, { TELSVC_KIND_REQUEST, 3 }, { TELSVC_KIND_COMPLAINT, 1 }, { TELSVC_KIND_INCIDENT, 1 },
};
enum { SWEEP_CP1 = 2 }; /* the first complaint, changed again in the host transaction */

/* The number case @c gets (number patterns of policy/handbook.yaml). */
static inline const char *sweep_number(int c)
{
	static char numbers[SWEEP_CASES][32];
	static const char *const prefix[] = { [TELSVC_KIND_REQUEST] = "SR", [TELSVC_KIND_COMPLAINT] = "CP",
					      [TELSVC_KIND_INCIDENT] = "SI" };
	snprintf(numbers[c], sizeof(numbers[c]), "%s-20250930-%06d", prefix[sweep_cases[c].kind],
		 sweep_cases[c].index + 1);
	return numbers[c];
}

enum { SWEEP_CREATE = 0, SWEEP_RELEASE = -1 }; /* besides the kinds' actions (0 is the intake in a history) */

/* One call of the scenario: an action on case c, its creation, or its
 * release and finding again; ops with txn set and next to each other run
 * in one host transaction. */
typedef struct sweep_op {
	int c, action;
	const telsvc_actor *who;
	int64_t arg;
	int txn;
} sweep_op;

#define SWEEP_OPS_MAX 96

static inline size_t sweep_add_flow(sweep_op *plan, size_t n, int c, size_t from, size_t to, int txn)
{
	size_t len;
	const sweep_step *flow = sweep_flow(sweep_cases[c].kind, &len);
	for (size_t s = from; s < to && s < len; s++)
		plan[n++] = (sweep_op){ c, flow[s].action, flow[s].who, flow[s].arg, txn };
	return n;
}

/* The scenario; its number of ops. One request, a second (released after
 * its creation and found again in storage, as are the complaint and the
 * incident), a complaint and an incident, each through its whole flow;
 * then one host transaction mixing kinds: two requests, a complaint and
 * an incident created and taken one step, and one more return visit to
 * the closed complaint; then those four taken two more steps each. */
static inline size_t sweep_plan(sweep_op *plan)
{
	size_t n = 0;
	for (int c = 0; c < SWEEP_SOLO; c++) {
		plan[n++] = (sweep_op){ c, SWEEP_CREATE, &agent, 0, 0 };
		if (c > 0)
			plan[n++] = (sweep_op){ c, SWEEP_RELEASE, NULL, 0, 0 };
		n = sweep_add_flow(plan, n, c, 0, SWEEP_OPS_MAX, 0);
	}
	for (int c = SWEEP_SOLO; c < SWEEP_CASES; c++) {
		plan[n++] = (sweep_op){ c, SWEEP_CREATE, &agent, 0, 1 };
		n = sweep_add_flow(plan, n, c, 0, 1, 1);
	}
	plan[n++] = (sweep_op){ SWEEP_CP1, TELSVC_COMPLAINT_RETURN_VISIT, &qm, 95, 1 };
	for (int c = SWEEP_SOLO; c < SWEEP_CASES; c++)
		n = sweep_add_flow(plan, n, c, 1, 3, 0);
	assert_true(n <= SWEEP_OPS_MAX);
	return n;
}

/* Where the unit that starts at op @i ends: past @i, or past the host
 * transaction @i opens. */
static inline size_t sweep_unit_end(const sweep_op *plan, size_t n, size_t i)
{
	size_t j = i + 1;
	while (plan[i].txn && j < n && plan[j].txn == plan[i].txn)
		j++;
	return j;
}

/* When op @i happens: each a minute after the one before, from ten
 * minutes after T0, so after its case's intake and previous change. */
static inline int64_t sweep_at(size_t i)
{
	return T0 + 10 * MIN + (int64_t)i * MIN;
}

static inline int sweep_do(telsvc_ctx *ctx, const sweep_op *op, int64_t at)
{
	int kind = sweep_cases[op->c].kind;
	if (op->action == SWEEP_RELEASE)
		return sweep_release(ctx, kind, sweep_number(op->c));
	if (op->action != SWEEP_CREATE)
		return sweep_apply(ctx, kind, sweep_number(op->c), op->action, op->who, at, op->arg);
	const char *number = NULL;
	int rc = sweep_new(ctx, kind, sweep_cases[op->c].index, &number);
	assert_true(rc != TELSVC_OK || !strcmp(number, sweep_number(op->c)));
	return rc;
}

/* Run the ops [@i, @j) of @plan, one unit; when @in_flight is given,
 * count in it, case by case, each change before it is asked for. */
static inline int sweep_unit(telsvc_ctx *ctx, const sweep_op *plan, size_t i, size_t j, size_t *in_flight)
{
	bool txn = plan[i].txn != 0;
	int rc = txn ? telsvc_txn_begin(ctx) : TELSVC_OK;
	for (size_t k = i; k < j && rc == TELSVC_OK; k++) {
		if (in_flight && plan[k].action != SWEEP_RELEASE)
			in_flight[plan[k].c]++;
		rc = sweep_do(ctx, &plan[k], sweep_at(k));
	}
	if (!txn)
		return rc;
	if (rc == TELSVC_OK)
		return telsvc_txn_commit(ctx);
	if (telsvc_txn_active(ctx))
		telsvc_txn_rollback(ctx);
	return rc;
}

#endif
