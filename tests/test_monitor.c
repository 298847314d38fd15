/* Deadline monitoring (§3.2, §5.1): warnings, breaches and escalations at
 * the right instants on each clock, in order, once across polls and
 * reloads; deadlines met, paused or recomputed; a stopped poll, a failed
 * store; released and found objects. */
#include "store_env.h"

#include <stdbool.h>

#define H 3600
#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */
#define cst test_cst

static const telsvc_actor agent = { "a.li", "agent" };
static const telsvc_actor officer = { "o.xu", "security_officer" };

typedef struct seen {
	size_t count;
	int stop_after; /* the callback refuses the event after this many; 0: never */
	struct {
		int type, kind, level, problem;
		telsvc_param limit;
		int64_t at, due;
		char number[64], role[32], id[256];
	} ev[64];
} seen;

static int collect(const telsvc_monitor_event *e, void *payload)
{
	seen *s = payload;
	if (s->stop_after && s->count == (size_t)s->stop_after)
		return 1;
	assert_true(s->count < 64);
	assert_int_equal(e->version, TELSVC_MONITOR_EVENT_VERSION);
	s->ev[s->count].type = e->type;
	s->ev[s->count].kind = e->kind;
	s->ev[s->count].level = e->level;
	s->ev[s->count].problem = e->problem;
	s->ev[s->count].limit = e->limit;
	s->ev[s->count].at = e->at;
	s->ev[s->count].due = e->due;
	snprintf(s->ev[s->count].number, sizeof(s->ev[0].number), "%s", e->number);
	snprintf(s->ev[s->count].role, sizeof(s->ev[0].role), "%s", e->role ? e->role : "");
	snprintf(s->ev[s->count].id, sizeof(s->ev[0].id), "%s", e->id);
	s->count++;
	return 0;
}

static size_t poll(env *e, int64_t now, seen *s)
{
	size_t n = 99;
	memset(s, 0, sizeof(*s));
	int rc = telsvc_monitor_poll(e->ctx, now, collect, s, &n);
	if (rc != TELSVC_OK)
		fail_msg("poll: %s", telsvc_error_last());
	assert_int_equal(n, s->count);
	return n;
}

static void expect(const seen *s, size_t i, int type, telsvc_param limit, int64_t at, const char *role)
{
	if (s->ev[i].type != type || s->ev[i].limit != limit || s->ev[i].at != at || strcmp(s->ev[i].role, role) != 0)
		fail_msg("event %zu: type %d limit %d at %lld role %s; want %d %d %lld %s", i, s->ev[i].type,
			 s->ev[i].limit, (long long)s->ev[i].at, s->ev[i].role, type, limit, (long long)at, role);
	assert_int_equal(s->ev[i].level, type);
}

static telsvc_request *request(env *e)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "new phone line", in.content_type = TELSVC_CONTENT_VOICE, in.service_type = "voice";
	in.received_at = T0;
	telsvc_request *r;
	assert_int_equal(telsvc_request_create(&r, e->ctx, &in, &agent), TELSVC_OK);
	return r;
}

static telsvc_complaint *complaint(env *e)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.customer = "Li Si", in.contact = "139";
	in.content = "宽带断网", in.severity = TELSVC_SEVERITY_GENERAL, in.received_at = T0;
	telsvc_complaint *c;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_OK);
	return c;
}

/* Each clock: the request's 8 h on the wall clock; the complaint's 24 h
 * verification (wall), 1 and 5 working days (warnings in business hours);
 * the incident's 1 h report. */
static void instants_on_every_clock(void **state)
{
	env *e = *state;
	telsvc_request *r = request(e);
	telsvc_complaint *c = complaint(e);
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_LOGS, d.type = TELSVC_INCIDENT_INTRUSION, d.description = "x", d.detected_at = T0;
	telsvc_incident *inc;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &officer), TELSVC_OK);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, T0 + 600, TELSVC_GRADE_MAJOR,
					       "db-2"),
			 TELSVC_OK); /* after enabling: the index follows changes */
	int64_t next;
	assert_int_equal(telsvc_monitor_next(&next, e->ctx), TELSVC_OK);
	assert_int_equal(next, T0 + 600 + 2880); /* the incident's warning comes first */

	seen s;
	assert_int_equal(poll(e, T0 + 600 + 2879, &s), 0);
	assert_int_equal(poll(e, cst(2025, 10, 13, 12, 0), &s), 12);
	const char *agent_r = "agent", *sup = "supervisor", *mgmt = "management";
	size_t i = 0;
	expect(&s, i++, TELSVC_EVENT_WARNING, TELSVC_PARAM_INCIDENT_REPORT_MAJOR, T0 + 600 + 2880, agent_r);
	expect(&s, i++, TELSVC_EVENT_BREACH, TELSVC_PARAM_INCIDENT_REPORT_MAJOR, T0 + 600 + 3600, sup);
	expect(&s, i++, TELSVC_EVENT_ESCALATION, TELSVC_PARAM_INCIDENT_REPORT_MAJOR, T0 + 600 + 5400, mgmt);
	expect(&s, i++, TELSVC_EVENT_WARNING, TELSVC_PARAM_REQUEST_GENERAL, T0 + 23040, agent_r); /* 80 % of 8 h */
	expect(&s, i++, TELSVC_EVENT_BREACH, TELSVC_PARAM_REQUEST_GENERAL, T0 + 8 * H, sup);
	expect(&s, i++, TELSVC_EVENT_ESCALATION, TELSVC_PARAM_REQUEST_GENERAL, T0 + 12 * H, mgmt); /* 150 % */
	expect(&s, i++, TELSVC_EVENT_WARNING, TELSVC_PARAM_COMPLAINT_VERIFICATION, T0 + 69120, agent_r);
	expect(&s, i++, TELSVC_EVENT_BREACH, TELSVC_PARAM_COMPLAINT_VERIFICATION, T0 + 24 * H, sup);
	expect(&s, i++, TELSVC_EVENT_ESCALATION, TELSVC_PARAM_COMPLAINT_VERIFICATION, T0 + 36 * H, mgmt);
	/* one working day (Oct 9): 80 % of its 7.5 business hours is 16:30;
	 * the breach at its end; 150 % runs on into Oct 10's business hours */
	expect(&s, i++, TELSVC_EVENT_WARNING, TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, cst(2025, 10, 9, 16, 30), agent_r);
	expect(&s, i++, TELSVC_EVENT_BREACH, TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, cst(2025, 10, 10, 0, 0), sup);
	expect(&s, i++, TELSVC_EVENT_ESCALATION, TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, cst(2025, 10, 10, 14, 15), mgmt);
	/* the closed loop's warning: the close of business of Mon 10-13 */
	assert_int_equal(poll(e, cst(2025, 10, 13, 18, 0), &s), 1);
	expect(&s, 0, TELSVC_EVENT_WARNING, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, cst(2025, 10, 13, 18, 0), agent_r);
	assert_string_equal(s.ev[0].number, telsvc_complaint_number(c));
	assert_int_equal(s.ev[0].kind, TELSVC_KIND_COMPLAINT);
	/* business-clock instants fall in working time */
	const telsvc_calendar *cal;
	assert_int_equal(telsvc_policy_calendar(&cal, e->policy, NULL), TELSVC_OK);
	/* (an instant that ends the business hours counts their last second) */
	assert_int_equal(telsvc_calendar_is_working_time(cal, cst(2025, 10, 13, 18, 0) - 1), 1);
	assert_int_equal(telsvc_calendar_is_working_time(cal, cst(2025, 10, 9, 16, 30)), 1);
	assert_int_equal(telsvc_calendar_is_working_time(cal, cst(2025, 10, 10, 14, 15)), 1);
	assert_int_equal(poll(e, cst(2025, 10, 17, 14, 15), &s), 2);
	expect(&s, 0, TELSVC_EVENT_BREACH, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, cst(2025, 10, 15, 0, 0), sup);
	expect(&s, 1, TELSVC_EVENT_ESCALATION, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, cst(2025, 10, 17, 14, 15), mgmt);
	/* nothing twice */
	assert_int_equal(poll(e, cst(2026, 12, 1, 0, 0), &s), 0);
	assert_int_equal(telsvc_monitor_next(&next, e->ctx), TELSVC_OK);
	assert_int_equal(next, TELSVC_NEVER);
	(void)r;
}

/* A deadline met stops its events; a pause holds them; a change of class
 * or of policy moves them. */
static void deadlines_follow_changes(void **state)
{
	env *e = *state;
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	telsvc_complaint *c = complaint(e);
	seen s;
	/* verified in time: no verification events */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, T0 + H, 0, NULL), TELSVC_OK);
	/* waiting for the customer from before the first-handling warning */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_WAIT_CUSTOMER, &agent, cst(2025, 10, 9, 10, 0), 0,
						NULL),
			 TELSVC_OK);
	assert_int_equal(poll(e, cst(2025, 10, 20, 0, 0), &s), 0);
	/* resumed: the deadlines move by the pause */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_RESUME, &agent, cst(2025, 10, 20, 9, 0), 0, NULL),
			 TELSVC_OK);
	poll(e, cst(2025, 10, 20, 10, 0), &s);
	for (size_t i = 0; i < s.count; i++)
		assert_int_not_equal(s.ev[i].limit, TELSVC_PARAM_COMPLAINT_VERIFICATION);
	int64_t next;
	assert_int_equal(telsvc_monitor_next(&next, e->ctx), TELSVC_OK);
	assert_true(next > cst(2025, 10, 20, 10, 0) && next != TELSVC_NEVER);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_WITHDRAW, &agent, cst(2025, 10, 20, 11, 0), 0, NULL),
			 TELSVC_OK);
	/* a major complaint's later limits: raising the severity moves what is pending */
	telsvc_complaint *m = complaint(e);
	assert_int_equal(telsvc_complaint_apply(m, TELSVC_COMPLAINT_VERIFY, &agent, T0 + 60, 0, NULL), TELSVC_OK);
	assert_int_equal(telsvc_complaint_apply(m, TELSVC_COMPLAINT_SET_SEVERITY, &agent, T0 + 120,
						TELSVC_SEVERITY_MAJOR, "a journalist called"),
			 TELSVC_OK);
	/* first handling of a major complaint: 3 working days, Oct 9-11; 80 %
	 * of their 22.5 business hours ends Sat 10-11's morning (a makeup day) */
	assert_int_equal(poll(e, cst(2025, 10, 11, 12, 0), &s), 1);
	expect(&s, 0, TELSVC_EVENT_WARNING, TELSVC_PARAM_COMPLAINT_MAJOR_FIRST, cst(2025, 10, 11, 12, 0), "agent");
	/* a new policy with another limit: the pending events are recomputed */
	telsvc_policy *strict;
	const char *doc = "complaints: {limits: {major: {closed_loop: {limit: 4d}}}}\n";
	assert_int_equal(telsvc_policy_load(&strict, e->store_ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, strict), TELSVC_OK);
	/* the first-handling breach at the end of Oct 11; 80 % of the closed
	 * loop's 4 days (30 business hours) is 24 h: Mon 10-13 10:30 */
	assert_int_equal(poll(e, cst(2025, 10, 13, 18, 0), &s), 2);
	expect(&s, 0, TELSVC_EVENT_BREACH, TELSVC_PARAM_COMPLAINT_MAJOR_FIRST, cst(2025, 10, 12, 0, 0), "supervisor");
	expect(&s, 1, TELSVC_EVENT_WARNING, TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE, cst(2025, 10, 13, 10, 30), "agent");
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, e->policy), TELSVC_OK);
	assert_int_equal(telsvc_monitor_recompute(e->ctx), TELSVC_OK);
	telsvc_policy_free(strict);
}

/* Delivered once: a repeated poll, a reload, a release and find deliver
 * nothing again; a failed store delivers again. */
static void delivered_once(void **state)
{
	env *e = *state;
	telsvc_request *r = request(e);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	seen s;
	/* the callback stops after one event: the rest comes next time */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	size_t n;
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 10 * H, collect, &s, &n), TELSVC_EUSER);
	assert_int_equal(n, 1);
	char first_id[256];
	snprintf(first_id, sizeof(first_id), "%s", s.ev[0].id);
	/* a failed store: nothing of that poll is kept, its events come again */
	e->fs.method = FAULT_COMMIT, e->fs.fail_at = 1, e->fs.calls = 0, e->fs.persistent = 0;
	memset(&s, 0, sizeof(s));
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 10 * H, collect, &s, &n), TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	assert_int_equal(s.count, 1);
	assert_int_equal(s.ev[0].type, TELSVC_EVENT_BREACH);
	char breach_id[256];
	snprintf(breach_id, sizeof(breach_id), "%s", s.ev[0].id);
	assert_string_not_equal(breach_id, first_id);
	char want[256]; /* <kind>:<number>:<limit key>:<problem>:<type>:<deadline> (docs/monitoring.md) */
	snprintf(want, sizeof(want), "1:%s:requests.limits.general:-1:breach:%lld", telsvc_request_number(r),
		 (long long)(T0 + 8 * H));
	assert_string_equal(breach_id, want);
	assert_int_equal(poll(e, T0 + 10 * H, &s), 1);
	assert_int_equal(s.ev[0].type, TELSVC_EVENT_BREACH); /* again, with the same id */
	assert_string_equal(s.ev[0].id, breach_id);
	assert_int_equal(poll(e, T0 + 10 * H, &s), 0);
	/* a new context on the same store knows what was delivered */
	telsvc_ctx *ctx2 = reloaded_ctx(e);
	assert_int_equal(telsvc_monitor_enable(ctx2), TELSVC_OK);
	seen s2;
	memset(&s2, 0, sizeof(s2));
	assert_int_equal(telsvc_monitor_poll(ctx2, T0 + 13 * H, collect, &s2, &n), TELSVC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(s2.ev[0].type, TELSVC_EVENT_ESCALATION);
	telsvc_ctx_free(ctx2);
	/* the first context, polling the same store, delivers it too (at
	 * least once), finds its record changed, and reads it again */
	memset(&s, 0, sizeof(s));
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 13 * H, collect, &s, &n), TELSVC_ECONFLICT);
	assert_int_equal(s.count, 1);
	assert_string_equal(s.ev[0].id, s2.ev[0].id);
	assert_int_equal(poll(e, T0 + 13 * H, &s), 0);
	/* released and found again: nothing new */
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r));
	assert_int_equal(telsvc_request_release(r), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&r, e->ctx, number), TELSVC_OK);
	assert_int_equal(poll(e, T0 + 100 * H, &s), 0);
	/* a delivered warning of a deadline that moves is a new event */
	assert_int_equal(telsvc_request_apply(r, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 14 * H, TELSVC_PRIORITY_NON_URGENT),
			 TELSVC_OK);
	assert_true(poll(e, cst(2025, 10, 20, 0, 0), &s) >= 1);
	assert_int_equal(s.ev[0].limit, TELSVC_PARAM_REQUEST_NON_URGENT);
	/* errors */
	telsvc_ctx *off = test_ctx();
	assert_int_equal(telsvc_monitor_poll(off, 0, collect, &s, NULL), TELSVC_EINVAL);
	telsvc_ctx_free(off);
	assert_int_equal(telsvc_monitor_poll(e->ctx, 0, NULL, &s, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_monitor_poll(e->ctx, 0, collect, &s, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_OK);
}

/* A closed case raises nothing more; host transactions that roll back
 * leave the index as before. */
static void finished_and_rolled_back(void **state)
{
	env *e = *state;
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	telsvc_complaint *c = complaint(e);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_WITHDRAW, &agent, T0 + 60, 0, NULL), TELSVC_OK);
	seen s;
	assert_int_equal(poll(e, cst(2026, 1, 1, 0, 0), &s), 0);
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	telsvc_complaint *d = complaint(e);
	(void)d;
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_OK);
	assert_int_equal(poll(e, cst(2026, 1, 1, 0, 0), &s), 0);
	int64_t next;
	assert_int_equal(telsvc_monitor_next(&next, e->ctx), TELSVC_OK);
	assert_int_equal(next, TELSVC_NEVER);
}

/* Monitoring starts, polls and recomputes with nothing pending: with no
 * object, and with every event of the only one delivered and stored
 * (clang's UBSan once caught an offset applied to the empty queue's
 * null array here; found by fuzz_record). */
static void nothing_pending(void **state)
{
	env *e = *state;
	seen s;
	int64_t next;
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	assert_int_equal(poll(e, T0, &s), 0);
	assert_int_equal(telsvc_monitor_recompute(e->ctx), TELSVC_OK);
	complaint(e);
	assert_true(poll(e, cst(2026, 1, 1, 0, 0), &s) > 0);
	telsvc_ctx *ctx2 = reloaded_ctx(e);
	assert_int_equal(telsvc_monitor_enable(ctx2), TELSVC_OK);
	assert_int_equal(telsvc_monitor_next(&next, ctx2), TELSVC_OK);
	assert_true(next == TELSVC_NEVER);
	assert_int_equal(telsvc_monitor_recompute(ctx2), TELSVC_OK);
	telsvc_ctx_free(ctx2);
}

typedef struct changes {
	size_t count;
	telsvc_change last[8];
	char numbers[8][64];
} changes;

static void on_change(const telsvc_change *c, void *payload)
{
	changes *ch = payload;
	assert_int_equal(c->version, TELSVC_CHANGE_VERSION);
	if (ch->count < 8) {
		ch->last[ch->count] = *c;
		snprintf(ch->numbers[ch->count], sizeof(ch->numbers[0]), "%s", c->number);
	}
	ch->count++;
}

/* §5.1: each stored change is pushed once it is committed, and only then. */
static void changes_are_pushed(void **state)
{
	env *e = *state;
	changes ch = { 0 };
	assert_int_equal(telsvc_ctx_set_change_fn(e->ctx, on_change, &ch), TELSVC_OK);
	telsvc_complaint *c = complaint(e);
	assert_int_equal(ch.count, 1);
	assert_int_equal(ch.last[0].kind, TELSVC_KIND_COMPLAINT);
	assert_int_equal(ch.last[0].action, 0);
	assert_int_equal(ch.last[0].from, 0);
	assert_int_equal(ch.last[0].to, TELSVC_COMPLAINT_RECEIVED);
	assert_int_equal(ch.last[0].revision, 1);
	assert_string_equal(ch.numbers[0], telsvc_complaint_number(c));
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, T0 + 60, 0, NULL), TELSVC_OK);
	assert_int_equal(ch.count, 2);
	assert_int_equal(ch.last[1].action, TELSVC_COMPLAINT_VERIFY);
	assert_int_equal(ch.last[1].from, TELSVC_COMPLAINT_RECEIVED);
	assert_int_equal(ch.last[1].to, TELSVC_COMPLAINT_VERIFIED);
	assert_int_equal(ch.last[1].at, T0 + 60);
	assert_string_equal(ch.last[1].actor, "a.li");
	assert_string_equal(ch.last[1].role, "agent");
	/* refused, failed to commit: nothing pushed */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, T0 + 61, 0, NULL), TELSVC_ETRANSITION);
	e->fs.method = FAULT_PUT, e->fs.fail_at = 1, e->fs.calls = 0, e->fs.persistent = 0;
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_CLASSIFY, &agent, T0 + 62, 0, NULL), TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	assert_int_equal(ch.count, 2);
	/* a host transaction: told at its commit, in order; nothing after a rollback */
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	telsvc_request *r = request(e);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_CLASSIFY, &agent, T0 + 63, 0, NULL), TELSVC_OK);
	assert_int_equal(ch.count, 2);
	assert_int_equal(telsvc_txn_commit(e->ctx), TELSVC_OK);
	assert_int_equal(ch.count, 4);
	assert_int_equal(ch.last[2].kind, TELSVC_KIND_REQUEST);
	assert_string_equal(ch.numbers[2], telsvc_request_number(r));
	assert_int_equal(ch.last[3].action, TELSVC_COMPLAINT_CLASSIFY);
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_HANDLE, &agent, T0 + 64, 0, NULL), TELSVC_OK);
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_OK);
	assert_int_equal(ch.count, 4);
	assert_int_equal(telsvc_ctx_set_change_fn(e->ctx, NULL, NULL), TELSVC_OK);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_HANDLE, &agent, T0 + 65, 0, NULL), TELSVC_OK);
	assert_int_equal(ch.count, 4);
	assert_int_equal(telsvc_ctx_set_change_fn(NULL, on_change, &ch), TELSVC_EINVAL);
}

/* Many deadlines added after monitoring is on, some moved again: the
 * events added since the index was built are folded into it as they pile
 * up; every event still comes once, in time order, across polls and a
 * reload. */
typedef struct drained {
	size_t count;
	int64_t last_at;
	bool out_of_order;
	char (*ids)[96];
} drained;

static int drain_one(const telsvc_monitor_event *e, void *payload)
{
	drained *d = payload;
	if (e->at < d->last_at)
		d->out_of_order = true;
	d->last_at = e->at;
	snprintf(d->ids[d->count++], sizeof(d->ids[0]), "%s", e->id);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void many_after_enable(void **state)
{
	env *e = *state;
	enum { N = 1600 };
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	for (int i = 0; i < N; i++) {
		telsvc_intake in = TELSVC_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
		in.content = "new phone line", in.content_type = TELSVC_CONTENT_VOICE, in.service_type = "voice";
		in.received_at = T0 + (int64_t)(N - i) * 60; /* created in the reverse of their order in time */
		telsvc_request *r;
		assert_int_equal(telsvc_request_create(&r, e->ctx, &in, &agent), TELSVC_OK);
		if (i % 4 == 0) /* moved: its first three entries go stale */
			assert_int_equal(telsvc_request_apply(r, TELSVC_ACTION_RECLASSIFY, &agent, in.received_at + 60,
							      TELSVC_PRIORITY_EMERGENCY),
					 TELSVC_OK);
	}
	drained d = { .ids = calloc(3 * N + 1, sizeof(*d.ids)) };
	assert_non_null(d.ids);
	size_t n, total = 0;
	for (int64_t now = T0; now <= T0 + 40 * H; now += 3 * H) {
		assert_int_equal(telsvc_monitor_poll(e->ctx, now, drain_one, &d, &n), TELSVC_OK);
		total += n;
	}
	assert_int_equal(total, 3 * N);
	assert_int_equal(d.count, 3 * N);
	assert_false(d.out_of_order);
	qsort(d.ids, d.count, sizeof(d.ids[0]), by_id);
	for (size_t i = 1; i < d.count; i++)
		if (strcmp(d.ids[i - 1], d.ids[i]) == 0)
			fail_msg("event %s delivered twice", d.ids[i]);
	int64_t next;
	assert_int_equal(telsvc_monitor_next(&next, e->ctx), TELSVC_OK);
	assert_true(next == TELSVC_NEVER);
	telsvc_ctx *ctx2 = reloaded_ctx(e);
	assert_int_equal(telsvc_monitor_enable(ctx2), TELSVC_OK);
	d.count = 0, d.last_at = 0;
	assert_int_equal(telsvc_monitor_poll(ctx2, T0 + 400 * H, drain_one, &d, &n), TELSVC_OK);
	assert_int_equal(n, 0);
	telsvc_ctx_free(ctx2);
	free(d.ids);
}

/* A request received at T0 with @delivery (§4.1), taken one minute at a
 * time through the first @n steps of: preprocessing, the signed report,
 * handling, a major problem found and then reported in time. */
static telsvc_request *request_through(env *e, int delivery, size_t n)
{
	static const telsvc_actor pre = { "b.wang", "preprocessor" }, owner = { "c.zhao", "service_owner" },
				  qm = { "d.chen", "quality_monitor" };
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "a leased line", in.content_type = TELSVC_CONTENT_DATA, in.service_type = "leased line";
	in.received_at = T0, in.delivery = delivery;
	telsvc_request *r;
	assert_int_equal(telsvc_request_create(&r, e->ctx, &in, &agent), TELSVC_OK);
	const struct {
		int action;
		const telsvc_actor *who;
		int64_t arg;
	} steps[] = {
		{ TELSVC_ACTION_PREPROCESS, &pre, 0 },	 { TELSVC_ACTION_WRITE_REPORT, &pre, 0 },
		{ TELSVC_ACTION_SIGN_REPORT, &pre, 0 },	 { TELSVC_ACTION_SIGN_REPORT, &owner, 0 },
		{ TELSVC_ACTION_SIGN_REPORT, &qm, 0 },	 { TELSVC_ACTION_START, &agent, 0 },
		{ TELSVC_ACTION_PROBLEM_DISCOVER, &agent, TELSVC_PROBLEM_MAJOR },
		{ TELSVC_ACTION_PROBLEM_REPORT, &agent, 0 }, /* in time: 10 min */
	};
	assert_true(n <= sizeof(steps) / sizeof(steps[0]));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(telsvc_request_apply_note(r, steps[i].action, steps[i].who, T0 + 60 * (int64_t)(i + 1),
							   steps[i].arg, "report"),
				 TELSVC_OK);
	return r;
}

/* A request's delivery limit (§4.1) and the limits of its execution
 * problem (§3.3) are watched too: each one still running breaches, each
 * met or not yet started does not. */
static void delivery_and_problems_watched(void **state)
{
	env *e = *state;
	request_through(e, TELSVC_DELIVERY_LEASED_LINE, 8);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	seen s;
	poll(e, T0 + 4 * 24 * H, &s);
	const struct {
		telsvc_param limit;
		int problem;
		bool breached;
	} want[] = {
		{ TELSVC_PARAM_DELIVERY_LEASED_LINE, -1, true }, { TELSVC_PARAM_EXECUTION_ARRANGE, 0, true },
		{ TELSVC_PARAM_EXECUTION_MAJOR, 0, true },	  { TELSVC_PARAM_EXECUTION_FEEDBACK, 0, true },
		{ TELSVC_PARAM_EXECUTION_REPORT, 0, false },	  { TELSVC_PARAM_EXECUTION_POSTMORTEM, 0, false },
	};
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		bool breached = false;
		for (size_t i = 0; i < s.count; i++)
			breached |= s.ev[i].type == TELSVC_EVENT_BREACH && s.ev[i].limit == want[w].limit &&
				    s.ev[i].problem == want[w].problem;
		if (breached != want[w].breached)
			fail_msg("limit %d of problem %d: breached %d", want[w].limit, want[w].problem, breached);
	}
}

typedef struct by_problem {
	size_t events, report_breaches[80];
} by_problem;

static int count_by_problem(const telsvc_monitor_event *e, void *payload)
{
	by_problem *b = payload;
	b->events++;
	if (e->type == TELSVC_EVENT_BREACH && e->limit == TELSVC_PARAM_EXECUTION_REPORT) {
		assert_in_range(e->problem, 0, 79);
		b->report_breaches[e->problem]++;
	}
	return 0;
}

/* A request with more open limits than the monitor reads on its stack
 * (64): seventy execution problems, none reported in time (§3.3: 10 min),
 * each breach delivered once, again after a recompute. */
static void more_limits_than_the_stack(void **state)
{
	env *e = *state;
	enum { PROBLEMS = 70 };
	telsvc_request *r = request_through(e, TELSVC_DELIVERY_NONE, 6);
	for (int k = 0; k < PROBLEMS; k++)
		assert_int_equal(telsvc_request_apply(r, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, T0 + 600 + k,
						      TELSVC_PROBLEM_GENERAL),
				 TELSVC_OK);
	assert_int_equal(telsvc_request_problem_count(r), PROBLEMS);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	by_problem b = { 0 };
	size_t n;
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 40 * 24 * H, count_by_problem, &b, &n), TELSVC_OK);
	assert_int_equal(n, b.events);
	assert_true(b.events > 3 * 64);
	for (int k = 0; k < PROBLEMS; k++)
		if (b.report_breaches[k] != 1)
			fail_msg("problem %d: %zu report breaches", k, b.report_breaches[k]);
	assert_int_equal(telsvc_monitor_recompute(e->ctx), TELSVC_OK);
	b = (by_problem){ 0 };
	assert_int_equal(telsvc_monitor_poll(e->ctx, T0 + 40 * 24 * H, count_by_problem, &b, &n), TELSVC_OK);
	assert_int_equal(b.events, 0);
}

/* How many events of @s concern request @r and @limit (0: any limit). */
static size_t events_of(const seen *s, const telsvc_request *r, telsvc_param limit)
{
	size_t n = 0;
	for (size_t i = 0; i < s->count; i++)
		n += strcmp(s->ev[i].number, telsvc_request_number(r)) == 0 && (!limit || s->ev[i].limit == limit);
	return n;
}

/* Which of a request's limits are watched in each state: waiting for the
 * customer pauses the handling clock (§2.1.2) but not the delivery limit
 * of a basic service (§4.1: 24 h from receipt); a delivery meets both; a
 * cancelled request has none. Resumed, the handling limit comes back,
 * moved by the pause. */
static void watches_by_request_state(void **state)
{
	env *e = *state;
	telsvc_request *open = request_through(e, TELSVC_DELIVERY_BASIC, 0);
	telsvc_request *waiting = request_through(e, TELSVC_DELIVERY_BASIC, 0);
	telsvc_request *delivered = request_through(e, TELSVC_DELIVERY_BASIC, 6);
	telsvc_request *cancelled = request_through(e, TELSVC_DELIVERY_BASIC, 0);
	assert_int_equal(telsvc_request_apply(waiting, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + 60, 0), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(delivered, TELSVC_ACTION_DELIVER, &agent, T0 + 420, 0), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(cancelled, TELSVC_ACTION_CANCEL, &agent, T0 + 60, 0), TELSVC_OK);
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	seen s;
	assert_int_equal(poll(e, T0 + 40 * H, &s), 9);
	assert_int_equal(events_of(&s, open, TELSVC_PARAM_REQUEST_GENERAL), 3);
	assert_int_equal(events_of(&s, open, TELSVC_PARAM_DELIVERY_BASIC), 3);
	assert_int_equal(events_of(&s, waiting, TELSVC_PARAM_REQUEST_GENERAL), 0);
	assert_int_equal(events_of(&s, waiting, TELSVC_PARAM_DELIVERY_BASIC), 3);
	for (size_t i = 0; i < s.count; i++)
		if (strcmp(s.ev[i].number, telsvc_request_number(waiting)) == 0)
			assert_int_equal(s.ev[i].due, T0 + 24 * H);
	assert_int_equal(events_of(&s, delivered, 0), 0);
	assert_int_equal(events_of(&s, cancelled, 0), 0);
	assert_int_equal(telsvc_request_apply(waiting, TELSVC_ACTION_RESUME, &agent, T0 + 60 + H, 0), TELSVC_OK);
	assert_int_equal(poll(e, T0 + 40 * H, &s), 3);
	expect(&s, 1, TELSVC_EVENT_BREACH, TELSVC_PARAM_REQUEST_GENERAL, T0 + 9 * H, "supervisor");
	assert_string_equal(s.ev[1].number, telsvc_request_number(waiting));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(instants_on_every_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(deadlines_follow_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(delivered_once, setup, teardown),
		cmocka_unit_test_setup_teardown(finished_and_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(changes_are_pushed, setup, teardown),
		cmocka_unit_test_setup_teardown(many_after_enable, setup, teardown),
		cmocka_unit_test_setup_teardown(delivery_and_problems_watched, setup, teardown),
		cmocka_unit_test_setup_teardown(watches_by_request_state, setup, teardown),
		cmocka_unit_test_setup_teardown(more_limits_than_the_stack, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
