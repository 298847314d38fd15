/* Service requests (§1.3, §2, §3.1, §4): intake, classification, the
 * state machine, and the encoding of their history. The same transition
 * function serves live changes and the replay of a stored history, so a
 * reloaded request is identical to the one that was stored. */
#include "export.h"
#include "policy_internal.h"
#include "record.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

/* ---- classification (§2.1.2) ---- */

static const struct {
	int priority;
	const char *reason;
} class_rules[] = {
	{ 0, "given at intake" },
	{ TELSVC_PRIORITY_EMERGENCY, "§2.1.2: a request touching user safety is urgent" },
	{ TELSVC_PRIORITY_EMERGENCY, "§2.1.2: a network outage is urgent" },
	{ TELSVC_PRIORITY_IMPORTANT, "§2.1.2: quality degradation is urgent" },
	{ TELSVC_PRIORITY_IMPORTANT, "§2.1.2: fault handling (§2.2.1) is important" },
	{ TELSVC_PRIORITY_GENERAL, "§2.1.2: no urgent fact at intake" },
	{ 0, "reclassified" },
};
enum { RULE_GIVEN, RULE_SAFETY, RULE_OUTAGE, RULE_DEGRADATION, RULE_FAULT, RULE_GENERAL, RULE_RECLASSIFIED };

static int classify(const telsvc_intake *in, int *priority)
{
	if (in->priority) {
		*priority = in->priority;
		return RULE_GIVEN;
	}
	int rule = in->flags & TELSVC_INTAKE_SAFETY	 ? RULE_SAFETY
		   : in->flags & TELSVC_INTAKE_OUTAGE	 ? RULE_OUTAGE
		   : in->flags & TELSVC_INTAKE_DEGRADATION ? RULE_DEGRADATION
		   : in->content_type == TELSVC_CONTENT_FAULT ? RULE_FAULT
							     : RULE_GENERAL;
	*priority = class_rules[rule].priority;
	return rule;
}

static telsvc_param limit_of(int priority)
{
	static const telsvc_param limits[] = { 0, TELSVC_PARAM_REQUEST_EMERGENCY, TELSVC_PARAM_REQUEST_IMPORTANT,
					       TELSVC_PARAM_REQUEST_GENERAL, TELSVC_PARAM_REQUEST_NON_URGENT };
	return limits[priority];
}

/* ---- the state machine ---- */

static const char *const state_names[] = { "?",	   "received", "preprocessing", "in progress", "delivered",
					   "in rectification", "awaiting feedback", "closed", "waiting for the customer",
					   "cancelled" };
static const char *const action_names[] = { "register a request", "preprocess", "sign the report", "start handling",
					    "confirm progress", "deliver", "accept", "reject", "record feedback",
					    "close", "wait for the customer", "resume", "cancel", "reclassify",
					    "record an execution problem", "report the problem", "arrange its handling",
					    "mark it handled", "give closed-loop feedback", "file the post-mortem",
					    "write the preprocessing report" };

static bool is_open(int state)
{
	return state >= TELSVC_REQUEST_RECEIVED && state <= TELSVC_REQUEST_FEEDBACK;
}

static int refuse(const telsvc_request *req, int action, const char *rule)
{
	return ts_error(TELSVC_ETRANSITION, "request %s: cannot %s while %s: %s", req->o.id, action_names[action],
			state_names[req->d.state], rule);
}

/* The index of @role among the policy's signature roles (§2.4), or -1. */
static int signature_index(const telsvc_policy *p, const char *role)
{
	const ts_strlist *l = &p->values[TELSVC_PARAM_REQUEST_SIGNATURES].names;
	for (size_t i = 0; i < l->count; i++) /* at most TS_SIGNATURES_MAX */
		if (strcmp(l->items[i], role) == 0)
			return (int)i;
	return -1;
}

/* The role in which @actor signed the current version of the report, if any. */
static const char *signed_as(const telsvc_request *req, const char *actor)
{
	for (size_t i = req->history.count; i-- > 0 && req->history.items[i].action != TELSVC_ACTION_WRITE_REPORT;)
		if (req->history.items[i].action == TELSVC_ACTION_SIGN_REPORT && strcmp(req->history.items[i].actor, actor) == 0)
			return req->history.items[i].role;
	return NULL;
}

/* The step a problem action takes it to, and the stage it must be at. */
static int problem_step(int action, int grade, int *from)
{
	bool minor = grade == TELSVC_PROBLEM_MINOR;
	switch (action) {
	case TELSVC_ACTION_PROBLEM_REPORT:
		*from = TELSVC_PROBLEM_DISCOVERED;
		return TELSVC_PROBLEM_REPORTED;
	case TELSVC_ACTION_PROBLEM_ARRANGE:
		*from = TELSVC_PROBLEM_REPORTED;
		return TELSVC_PROBLEM_ARRANGED;
	case TELSVC_ACTION_PROBLEM_HANDLED:
		*from = minor ? TELSVC_PROBLEM_DISCOVERED : TELSVC_PROBLEM_ARRANGED;
		return TELSVC_PROBLEM_HANDLED;
	case TELSVC_ACTION_PROBLEM_FEEDBACK:
		*from = TELSVC_PROBLEM_HANDLED;
		return TELSVC_PROBLEM_FED_BACK;
	default: /* POSTMORTEM */
		*from = TELSVC_PROBLEM_FED_BACK;
		return TELSVC_PROBLEM_REVIEWED;
	}
}

static const char *const stage_names[] = { "?", "discovered", "reported", "arranged", "handled", "fed back",
					   "reviewed" };

static int check_problem(const telsvc_request *req, const telsvc_policy *p, int action, const char *role, int64_t arg,
			 bool replay)
{
	if (arg < 0 || (uint64_t)arg >= req->problem_count)
		return ts_error(TELSVC_EINVAL, "request %s: it has no execution problem %lld", req->o.id, (long long)arg);
	const ts_problem *pb = &req->problems[arg];
	if (pb->grade == TELSVC_PROBLEM_MINOR &&
	    (action == TELSVC_ACTION_PROBLEM_REPORT || action == TELSVC_ACTION_PROBLEM_ARRANGE ||
	     action == TELSVC_ACTION_PROBLEM_POSTMORTEM))
		return ts_error(TELSVC_ETRANSITION,
				"request %s: problem %lld is minor; §3.3: staff handle it themselves, without escalation",
				req->o.id, (long long)arg);
	int from, to = problem_step(action, pb->grade, &from);
	(void)to;
	if (pb->stage != from)
		return ts_error(TELSVC_ETRANSITION, "request %s: cannot %s problem %lld while it is %s: §3.3: "
				"discover, report, arrange, handle, feed back, review, in that order",
				req->o.id, action_names[action], (long long)arg, stage_names[pb->stage]);
	const ts_strlist *report_to = &p->values[TELSVC_PARAM_EXECUTION_REPORT_TO].names;
	const char *arranger = report_to->count ? report_to->items[0] : NULL;
	if (!replay && action == TELSVC_ACTION_PROBLEM_ARRANGE && arranger && strcmp(role, arranger) != 0)
		return ts_error(TELSVC_EPERM, "request %s: the %s arranges handling of a problem (§3.3), not the %s",
				req->o.id, arranger, role);
	return TELSVC_OK;
}

/* Every major or general problem has had its closed-loop feedback, every
 * minor one is handled (§3.3). */
static int problems_closed(const telsvc_request *req)
{
	for (size_t i = 0; i < req->problem_count; i++) {
		const ts_problem *pb = &req->problems[i];
		int need = pb->grade == TELSVC_PROBLEM_MINOR ? TELSVC_PROBLEM_HANDLED : TELSVC_PROBLEM_FED_BACK;
		if (pb->stage < need)
			return ts_error(TELSVC_ETRANSITION,
					"request %s: execution problem %zu is still %s; §3.3: its loop closes first",
					req->o.id, i, stage_names[pb->stage]);
	}
	return TELSVC_OK;
}

/* May @action happen now, by @actor in @role, with @arg? The rules of
 * docs/request-lifecycle.md, each refusal naming its clause. */
static int check(const telsvc_request *req, const telsvc_policy *p, int action, const char *actor, const char *role,
		 int64_t arg, const char *note, bool replay)
{
	int s = req->d.state;
	bool noted = note && note[0];
	switch (action) {
	case TELSVC_ACTION_WRITE_REPORT:
		if (s != TELSVC_REQUEST_PREPROCESSING)
			return refuse(req, action, "§2.4: the report is written during preprocessing");
		return noted ? TELSVC_OK
			     : ts_error(TELSVC_EINVAL, "request %s: the report's content is required in the note "
						       "(§2.2.3: needs analysis, proposal, assignment)", req->o.id);
	case TELSVC_ACTION_PREPROCESS:
		return s == TELSVC_REQUEST_RECEIVED ? TELSVC_OK : refuse(req, action, "§2.2: preprocessing follows intake");
	case TELSVC_ACTION_SIGN_REPORT: {
		if (s != TELSVC_REQUEST_PREPROCESSING)
			return refuse(req, action, "§2.4: the report is signed during preprocessing");
		if (!req->d.report_written)
			return refuse(req, action, "§2.4: there is no preprocessing report to sign yet");
		int i = signature_index(p, role);
		if (replay && i < 0)
			return TELSVC_OK; /* signed under a policy that had this role sign */
		if (i < 0)
			return ts_error(TELSVC_EPERM, "request %s: role '%s' does not sign preprocessing reports (§2.4)",
					req->o.id, role);
		if (req->d.signed_roles & (1u << i))
			return refuse(req, action, "§2.4: this role has already signed");
		const char *other = signed_as(req, actor);
		if (other)
			return ts_error(TELSVC_ETRANSITION,
					"request %s: %s already signed the report as %s; §2.4 needs distinct people",
					req->o.id, actor, other);
		return TELSVC_OK;
	}
	case TELSVC_ACTION_START: {
		if (s != TELSVC_REQUEST_PREPROCESSING)
			return refuse(req, action, "§3.1: handling follows preprocessing");
		if (replay)
			return TELSVC_OK; /* the signatures were complete under the policy of the time */
		const ts_strlist *signers = &p->values[TELSVC_PARAM_REQUEST_SIGNATURES].names;
		for (size_t i = 0; i < signers->count; i++) /* at most TS_SIGNATURES_MAX */
			if (!(req->d.signed_roles & (1u << i)))
				return ts_error(TELSVC_ETRANSITION,
						"request %s: the preprocessing report lacks the signature of the %s; "
						"§2.4: it counts only once signed",
						req->o.id, signers->items[i]);
		return TELSVC_OK;
	}
	case TELSVC_ACTION_PROGRESS:
		return s == TELSVC_REQUEST_IN_PROGRESS || s == TELSVC_REQUEST_RECTIFICATION
			       ? TELSVC_OK
			       : refuse(req, action, "§2.3: progress is confirmed while handling");
	case TELSVC_ACTION_DELIVER:
		return s == TELSVC_REQUEST_IN_PROGRESS || s == TELSVC_REQUEST_RECTIFICATION
			       ? TELSVC_OK
			       : refuse(req, action, "§4.1: delivery follows handling or rectification");
	case TELSVC_ACTION_ACCEPT:
		if (s != TELSVC_REQUEST_DELIVERED)
			return refuse(req, action, "§4.2: acceptance follows delivery");
		if (!noted)
			return ts_error(TELSVC_EINVAL, "request %s: the acceptance report is required in the note "
						       "(§4.2: results, problems, rectification)", req->o.id);
		return TELSVC_OK;
	case TELSVC_ACTION_REJECT:
		if (s != TELSVC_REQUEST_DELIVERED)
			return refuse(req, action, "§4.2: only a delivery can fail acceptance");
		return noted ? TELSVC_OK
			     : ts_error(TELSVC_EINVAL, "request %s: what failed acceptance is required in the note (§4.2)",
					req->o.id);
	case TELSVC_ACTION_FEEDBACK:
		if (s != TELSVC_REQUEST_FEEDBACK)
			return refuse(req, action, "§1.3: feedback follows acceptance");
		if (arg < 0 || arg > 100)
			return ts_error(TELSVC_EINVAL, "request %s: satisfaction score %lld is outside 0..100", req->o.id,
					(long long)arg);
		return TELSVC_OK;
	case TELSVC_ACTION_CLOSE:
		if (s != TELSVC_REQUEST_FEEDBACK)
			return refuse(req, action, "§1.3: a request closes after acceptance and feedback");
		if (req->d.satisfaction < 0)
			return refuse(req, action, "§1.3, §6.3: the customer's feedback comes first");
		return replay ? TELSVC_OK : problems_closed(req);
	case TELSVC_ACTION_WAIT_CUSTOMER:
		return is_open(s) ? TELSVC_OK : refuse(req, action, "only an open request waits for the customer");
	case TELSVC_ACTION_RESUME:
		return s == TELSVC_REQUEST_WAITING ? TELSVC_OK : refuse(req, action, "only a waiting request resumes");
	case TELSVC_ACTION_CANCEL:
		return is_open(s) || s == TELSVC_REQUEST_WAITING ? TELSVC_OK
								 : refuse(req, action, "the request is already finished");
	case TELSVC_ACTION_RECLASSIFY:
		if (!is_open(s) && s != TELSVC_REQUEST_WAITING)
			return refuse(req, action, "the request is already finished");
		if (arg < TELSVC_PRIORITY_EMERGENCY || arg > TELSVC_PRIORITY_NON_URGENT)
			return ts_error(TELSVC_EINVAL, "request %s: %lld is not a priority class", req->o.id,
					(long long)arg);
		return arg == req->d.priority ? refuse(req, action, "§2.1.2: the request already has that class")
					      : TELSVC_OK;
	case TELSVC_ACTION_PROBLEM_DISCOVER:
		if (s != TELSVC_REQUEST_IN_PROGRESS && s != TELSVC_REQUEST_RECTIFICATION)
			return refuse(req, action, "§3.3: execution problems are found while the request is served");
		if (arg < TELSVC_PROBLEM_MAJOR || arg > TELSVC_PROBLEM_MINOR)
			return ts_error(TELSVC_EINVAL, "request %s: %lld is not a problem grade (§3.3)", req->o.id,
					(long long)arg);
		return TELSVC_OK;
	case TELSVC_ACTION_PROBLEM_REPORT:
	case TELSVC_ACTION_PROBLEM_ARRANGE:
	case TELSVC_ACTION_PROBLEM_HANDLED:
	case TELSVC_ACTION_PROBLEM_FEEDBACK:
	case TELSVC_ACTION_PROBLEM_POSTMORTEM:
		return check_problem(req, p, action, role, arg, replay);
	}
	return ts_error(TELSVC_EINVAL, "request %s: unknown action %d", req->o.id, action);
}

/* Apply an allowed @action to the derived state and the clock. Cannot fail
 * but for memory (a new pause), which leaves everything as it was. */
static int transition(telsvc_request *req, const telsvc_policy *p, int action, const char *role, int64_t at,
		      int64_t arg)
{
	ts_req_derived *d = &req->d;
	int rc = TELSVC_OK;
	switch (action) {
	case TELSVC_ACTION_PREPROCESS:
		d->state = TELSVC_REQUEST_PREPROCESSING;
		break;
	case TELSVC_ACTION_WRITE_REPORT: /* a new version needs new signatures */
		d->report_written = true;
		d->signed_roles = 0;
		break;
	case TELSVC_ACTION_SIGN_REPORT: {
		int i = signature_index(p, role);
		if (i >= 0)
			d->signed_roles |= 1u << i;
		break;
	}
	case TELSVC_ACTION_START:
		d->state = TELSVC_REQUEST_IN_PROGRESS;
		break;
	case TELSVC_ACTION_DELIVER:
		d->state = TELSVC_REQUEST_DELIVERED;
		if (!d->delivered_at)
			d->delivered_at = at;
		if (telsvc_sla_state_of(req->clock) != TELSVC_SLA_STOPPED)
			rc = telsvc_sla_stop(req->clock, at); /* §2.1.2: handled once delivered */
		break;
	case TELSVC_ACTION_ACCEPT:
		d->state = TELSVC_REQUEST_FEEDBACK;
		break;
	case TELSVC_ACTION_REJECT:
		d->state = TELSVC_REQUEST_RECTIFICATION;
		break;
	case TELSVC_ACTION_FEEDBACK:
		d->satisfaction = (int)arg;
		break;
	case TELSVC_ACTION_CLOSE:
		d->state = TELSVC_REQUEST_CLOSED;
		break;
	case TELSVC_ACTION_WAIT_CUSTOMER:
		if (telsvc_sla_state_of(req->clock) == TELSVC_SLA_RUNNING)
			rc = telsvc_sla_pause(req->clock, at);
		if (rc == TELSVC_OK) {
			d->resume_state = d->state;
			d->state = TELSVC_REQUEST_WAITING;
		}
		break;
	case TELSVC_ACTION_RESUME:
		if (telsvc_sla_state_of(req->clock) == TELSVC_SLA_PAUSED)
			rc = telsvc_sla_resume(req->clock, at);
		d->state = d->resume_state;
		d->resume_state = 0;
		break;
	case TELSVC_ACTION_CANCEL:
		if (telsvc_sla_state_of(req->clock) != TELSVC_SLA_STOPPED)
			rc = telsvc_sla_stop(req->clock, at);
		d->state = TELSVC_REQUEST_CANCELLED;
		break;
	case TELSVC_ACTION_RECLASSIFY:
		d->priority = (int)arg;
		d->reason = RULE_RECLASSIFIED;
		rc = telsvc_sla_set_limit(req->clock, limit_of(d->priority));
		break;
	case TELSVC_ACTION_PROBLEM_DISCOVER:
		if (ts_grow(req->o.ctx, &req->problems, &req->problem_cap, req->problem_count, sizeof(ts_problem), 2))
			return TELSVC_ENOMEM;
		req->problems[req->problem_count] = (ts_problem){ .grade = (int)arg, .stage = TELSVC_PROBLEM_DISCOVERED };
		req->problems[req->problem_count++].at[TELSVC_PROBLEM_DISCOVERED] = at;
		break;
	case TELSVC_ACTION_PROBLEM_REPORT:
	case TELSVC_ACTION_PROBLEM_ARRANGE:
	case TELSVC_ACTION_PROBLEM_HANDLED:
	case TELSVC_ACTION_PROBLEM_FEEDBACK:
	case TELSVC_ACTION_PROBLEM_POSTMORTEM: {
		ts_problem *pb = &req->problems[arg];
		int from;
		pb->stage = problem_step(action, pb->grade, &from);
		pb->at[pb->stage] = at;
		break;
	}
	default: /* PROGRESS records an event only */
		break;
	}
	return rc;
}

/* ---- objects ---- */

static void request_free(telsvc_request *req)
{
	if (!req)
		return;
	telsvc_ctx *ctx = req->o.ctx;
	ts_history_free(ctx, &req->history);
	ts_free(ctx, req->problems);
	ts_sb_free(&req->enc);
	telsvc_sla_free(req->clock);
	ts_free(ctx, req->o.id);
	ts_free(ctx, req->requester);
	ts_free(ctx, req->contact);
	ts_free(ctx, req->content);
	ts_free(ctx, req->service_type);
	ts_free(ctx, req);
}

static int push_event(telsvc_request *req, int action, int64_t at, const char *actor, const char *role, int64_t arg,
		      const char *note)
{
	return ts_history_push(req->o.ctx, &req->history, action, at, actor, role, arg, note);
}

static void mark_of(const telsvc_request *req, ts_req_mark *m)
{
	m->derived = req->d;
	m->events = req->history.count;
	m->h.revision = req->o.revision;
	m->h.created = false;
	m->enc_size = req->enc.size;
	m->enc_crc = req->enc_crc;
	m->problems = req->problem_count;
	m->changed = -1;
	ts_sla_mark(req->clock, &m->sla_pauses, &m->sla_last_to, &m->sla_stop, &m->sla_limit);
}

static void undo(telsvc_request *req, const ts_req_mark *m)
{
	ts_history_truncate(req->o.ctx, &req->history, m->events);
	req->d = m->derived;
	req->o.revision = m->h.revision;
	ts_sb_truncate(&req->enc, m->enc_size);
	req->enc_crc = m->enc_crc;
	req->problem_count = m->problems;
	if (m->changed >= 0)
		req->problems[m->changed] = m->saved;
	ts_sla_restore(req->clock, m->sla_pauses, m->sla_last_to, m->sla_stop, m->sla_limit);
}


/* ---- encoding (docs/record-format.md: kind 1) ---- */

enum {
	TAG_NUMBER = 1,
	TAG_CHANNEL,
	TAG_REQUESTER,
	TAG_CONTACT,
	TAG_CONTENT,
	TAG_CONTENT_TYPE,
	TAG_SERVICE_TYPE,
	TAG_FLAGS,
	TAG_AFFECTED,
	TAG_RECEIVED_AT,
	TAG_PRIORITY,
	TAG_REASON,
	TAG_DELIVERY,
	TAG_SEQ, /* the events follow, from TS_TAG_EV_ACTION (event.h) */
};

/* The record's head: its header and the intake fields. */
static void encode_head(const telsvc_request *req, ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_REQUEST);
	ts_rec_text(sb, TAG_NUMBER, req->o.id);
	ts_rec_u64(sb, TAG_CHANNEL, (uint64_t)req->channel);
	ts_rec_text(sb, TAG_REQUESTER, req->requester);
	ts_rec_text(sb, TAG_CONTACT, req->contact);
	ts_rec_text(sb, TAG_CONTENT, req->content);
	ts_rec_u64(sb, TAG_CONTENT_TYPE, (uint64_t)req->content_type);
	ts_rec_text(sb, TAG_SERVICE_TYPE, req->service_type);
	ts_rec_u64(sb, TAG_FLAGS, req->flags);
	ts_rec_i64(sb, TAG_AFFECTED, req->affected);
	ts_rec_i64(sb, TAG_RECEIVED_AT, req->received_at);
	ts_rec_u64(sb, TAG_PRIORITY, (uint64_t)req->intake_priority);
	ts_rec_u64(sb, TAG_REASON, (uint64_t)req->intake_reason);
	ts_rec_u64(sb, TAG_DELIVERY, (uint64_t)req->delivery);
	ts_rec_u64(sb, TAG_SEQ, req->o.seq);
}

/* Persist the change that appended the last event (ts_store_event). */
static int store(telsvc_request *req, const ts_req_mark *mark)
{
	if (req->enc.size == 0)
		encode_head(req, &req->enc);
	return ts_store_event(&req->o, &req->history.items[req->history.count - 1], &req->enc, &req->enc_crc,
			      mark->enc_size, mark->derived.state, req->d.state, mark);
}

/* The permission parameter of each action; 0 where another rule decides
 * (the signature roles sign, execution.report_to arranges). */
static const telsvc_param permits[] = {
	[0] = TELSVC_PARAM_PERMIT_CREATE,
	[TELSVC_ACTION_PREPROCESS] = TELSVC_PARAM_PERMIT_PREPROCESS,
	[TELSVC_ACTION_START] = TELSVC_PARAM_PERMIT_START,
	[TELSVC_ACTION_PROGRESS] = TELSVC_PARAM_PERMIT_PROGRESS,
	[TELSVC_ACTION_DELIVER] = TELSVC_PARAM_PERMIT_DELIVER,
	[TELSVC_ACTION_ACCEPT] = TELSVC_PARAM_PERMIT_ACCEPT,
	[TELSVC_ACTION_REJECT] = TELSVC_PARAM_PERMIT_REJECT,
	[TELSVC_ACTION_FEEDBACK] = TELSVC_PARAM_PERMIT_FEEDBACK,
	[TELSVC_ACTION_CLOSE] = TELSVC_PARAM_PERMIT_CLOSE,
	[TELSVC_ACTION_WAIT_CUSTOMER] = TELSVC_PARAM_PERMIT_WAIT_CUSTOMER,
	[TELSVC_ACTION_RESUME] = TELSVC_PARAM_PERMIT_RESUME,
	[TELSVC_ACTION_CANCEL] = TELSVC_PARAM_PERMIT_CANCEL,
	[TELSVC_ACTION_RECLASSIFY] = TELSVC_PARAM_PERMIT_RECLASSIFY,
	[TELSVC_ACTION_PROBLEM_DISCOVER] = TELSVC_PARAM_PERMIT_PROBLEM_DISCOVER,
	[TELSVC_ACTION_PROBLEM_REPORT] = TELSVC_PARAM_PERMIT_PROBLEM_REPORT,
	[TELSVC_ACTION_PROBLEM_HANDLED] = TELSVC_PARAM_PERMIT_PROBLEM_HANDLED,
	[TELSVC_ACTION_PROBLEM_FEEDBACK] = TELSVC_PARAM_PERMIT_PROBLEM_FEEDBACK,
	[TELSVC_ACTION_PROBLEM_POSTMORTEM] = TELSVC_PARAM_PERMIT_PROBLEM_POSTMORTEM,
	[TELSVC_ACTION_WRITE_REPORT] = TELSVC_PARAM_PERMIT_WRITE_REPORT,
};

/* May @role perform @action under the policy's permissions? */
static int permitted(const telsvc_policy *p, const char *number, int action, const char *role)
{
	return ts_object_permitted(p, permits[action], "request", number, action_names[action], role);
}

static int check_intake(const telsvc_intake *in)
{
	const char *fn = "telsvc_request_create";
	if (!in)
		return ts_error(TELSVC_EINVAL, "%s: intake is NULL", fn);
	if (in->version == 0 || in->version > TELSVC_INTAKE_VERSION)
		return ts_error(TELSVC_EVERSION, "%s: unknown intake version %u", fn, in->version);
	if (in->channel < TELSVC_CHANNEL_PHONE || in->channel > TELSVC_CHANNEL_FAX)
		return ts_error(TELSVC_EINVAL, "%s: intake.channel %d is not a channel (§2.1.1)", fn, in->channel);
	const struct {
		const char *value, *name;
	} required[] = { { in->requester, "requester" },
			 { in->contact, "contact" },
			 { in->content, "content" },
			 { in->service_type, "service_type" } };
	for (size_t i = 0; i < TS_ARRAY_LEN(required); i++)
		if (!required[i].value || !required[i].value[0])
			return ts_error(TELSVC_EINVAL, "%s: intake.%s is required (§2.1.3)", fn, required[i].name);
	if (in->content_type < TELSVC_CONTENT_NETWORK || in->content_type > TELSVC_CONTENT_PACKAGE_CHANGE)
		return ts_error(TELSVC_EINVAL, "%s: intake.content_type %d is not a content type (§2.2.1)", fn,
				in->content_type);
	if (in->priority < 0 || in->priority > TELSVC_PRIORITY_NON_URGENT)
		return ts_error(TELSVC_EINVAL, "%s: intake.priority %d is not a priority class (§2.1.2)", fn,
				in->priority);
	if (in->flags & ~(TELSVC_INTAKE_SAFETY | TELSVC_INTAKE_OUTAGE | TELSVC_INTAKE_DEGRADATION))
		return ts_error(TELSVC_EINVAL, "%s: intake.flags has unknown bits", fn);
	if (in->affected < 0)
		return ts_error(TELSVC_EINVAL, "%s: intake.affected is negative", fn);
	if (in->version >= 2 && (in->delivery < TELSVC_DELIVERY_NONE || in->delivery > TELSVC_DELIVERY_LEASED_LINE))
		return ts_error(TELSVC_EINVAL, "%s: intake.delivery %d is not a delivery kind (§4.1)", fn, in->delivery);
	return TELSVC_OK;
}

/* A new request in memory (not yet registered or stored). */
static int build(telsvc_ctx *ctx, const char *number, const telsvc_intake *in, int priority, int reason,
		 telsvc_request **out)
{
	telsvc_request *req = ts_calloc(ctx, 1, sizeof(*req));
	if (!req)
		return TELSVC_ENOMEM;
	req->o.ops = &ts_request_ops;
	req->o.ctx = ctx;
	ts_sb_init(&req->enc, ctx);
	req->channel = in->channel;
	req->content_type = in->content_type;
	req->flags = in->flags;
	req->affected = in->affected;
	req->received_at = in->received_at;
	req->intake_priority = priority;
	req->intake_reason = reason;
	req->delivery = in->version >= 2 ? in->delivery : TELSVC_DELIVERY_NONE;
	req->d = (ts_req_derived){ .state = TELSVC_REQUEST_RECEIVED, .priority = priority, .reason = reason,
				   .satisfaction = -1 };
	int rc = TELSVC_ENOMEM;
	if ((req->o.id = ts_strdup(ctx, number)) && (req->requester = ts_strdup(ctx, in->requester)) &&
	    (req->contact = ts_strdup(ctx, in->contact)) && (req->content = ts_strdup(ctx, in->content)) &&
	    (req->service_type = ts_strdup(ctx, in->service_type)))
		rc = telsvc_sla_new(&req->clock, ctx, limit_of(priority), in->received_at);
	if (rc) {
		request_free(req);
		return rc;
	}
	*out = req;
	return TELSVC_OK;
}

static int create_request(telsvc_request **out, telsvc_ctx *ctx, const telsvc_intake *intake,
			  const telsvc_actor *actor)
{
	const char *fn = "telsvc_request_create";
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "ctx" : "out");
	*out = NULL;
	int rc = ts_store_ready(ctx, fn);
	if (rc || (rc = check_intake(intake)) || (rc = ts_check_actor(ctx, actor, fn)))
		return rc;
	telsvc_intake in = *intake;
	if (!in.received_at)
		telsvc_ctx_now(&in.received_at, ctx);
	int priority, reason = classify(&in, &priority);
	char number[128];
	if ((rc = ts_store_sync_numbers(ctx)))
		return rc;
	ts_object_number(ctx, TELSVC_PARAM_REQUEST_NUMBER_PATTERN, in.received_at, ctx->seqs[TELSVC_KIND_REQUEST] + 1,
			 number, sizeof(number));
	if ((rc = permitted(ctx->policy, number, 0, actor->role)))
		return rc;
	if (ts_registry_get(&ctx->objects[TELSVC_KIND_REQUEST], number))
		return ts_error(TELSVC_ECONFLICT, "%s: request %s already exists", fn, number);

	telsvc_request *req;
	if ((rc = build(ctx, number, &in, priority, reason, &req)))
		return rc;
	req->o.seq = ctx->seqs[TELSVC_KIND_REQUEST] + 1;
	if ((rc = push_event(req, 0, in.received_at, actor->id, actor->role, 0, NULL)) ||
	    (rc = ts_registry_put(ctx, &ctx->objects[TELSVC_KIND_REQUEST], req->o.id, req))) {
		request_free(req);
		return rc;
	}
	ts_req_mark mark = { .h.created = true, .derived = req->d };
	mark.derived.state = 0; /* the audit record shows the change from nothing */
	if ((rc = store(req, &mark)))
		return rc; /* the undo removed and freed it */
	ctx->seqs[TELSVC_KIND_REQUEST]++;
	*out = req;
	return TELSVC_OK;
}

int telsvc_request_create(telsvc_request **out, telsvc_ctx *ctx, const telsvc_intake *intake,
			  const telsvc_actor *actor)
{
	return ts_store_failed(ctx, create_request(out, ctx, intake, actor));
}

int telsvc_request_apply(telsvc_request *req, telsvc_request_action action, const telsvc_actor *actor, int64_t at,
			 int64_t arg)
{
	return telsvc_request_apply_note(req, action, actor, at, arg, NULL);
}

static int apply_note(telsvc_request *req, telsvc_request_action action, const telsvc_actor *actor, int64_t at,
		      int64_t arg, const char *note)
{
	const char *fn = "telsvc_request_apply";
	if (!req)
		return ts_error(TELSVC_EINVAL, "%s: req is NULL", fn);
	telsvc_ctx *ctx = req->o.ctx;
	int rc = ts_object_change_ready(&req->o, actor, note, &at, req->history.items[req->history.count - 1].at, fn);
	if (rc || (rc = check(req, ctx->policy, action, actor->id, actor->role, arg, note, false)) ||
	    (rc = permitted(ctx->policy, req->o.id, action, actor->role)))
		return rc;
	ts_req_mark mark;
	mark_of(req, &mark);
	if (action >= TELSVC_ACTION_PROBLEM_REPORT && action <= TELSVC_ACTION_PROBLEM_POSTMORTEM) {
		mark.changed = (int)arg;
		mark.saved = req->problems[arg];
	}
	if ((rc = push_event(req, action, at, actor->id, actor->role, arg, note)))
		return rc;
	if ((rc = transition(req, ctx->policy, action, actor->role, at, arg))) {
		undo(req, &mark);
		return rc;
	}
	return store(req, &mark);
}

int telsvc_request_apply_note(telsvc_request *req, telsvc_request_action action, const telsvc_actor *actor,
			      int64_t at, int64_t arg, const char *note)
{
	telsvc_ctx *ctx = req ? req->o.ctx : NULL; /* a failed change may free a request it created */
	return ts_store_failed(ctx, apply_note(req, action, actor, at, arg, note));
}

/* ---- decoding: replay the stored history ---- */

static int corrupt(const char *id, const char *what)
{
	return ts_error(TELSVC_ECORRUPT, "request %s: %s", id, what);
}

/* A stored event the rules refuse, by the message of the refusal. */
static int broken_history(const char *id)
{
	return ts_error(TELSVC_ECORRUPT, "request %s: stored history breaks the rules: %s", id, telsvc_error_last());
}

static int decode(telsvc_ctx *ctx, const char *id, uint64_t revision, const void *data, size_t size,
		  telsvc_request **out)
{
	char what[96];
	snprintf(what, sizeof(what), "request %s", id);
	ts_rec_reader r;
	int rc = ts_rec_open(&r, data, size, what);
	if (rc)
		return rc;
	if (r.kind != TELSVC_KIND_REQUEST)
		return corrupt(id, "the record is not a request");

	/* the intake fields come first, then the events */
	telsvc_intake in = TELSVC_INTAKE_INIT;
	char *strings[5] = { 0 };
	int priority = 0, reason = 0;
	uint64_t seq = 0;
	ts_field f;
	telsvc_request *req = NULL;
	ts_event_reader ev = TS_EVENT_READER_INIT;
	while (rc == TELSVC_OK && ts_rec_next(&r, &f)) {
		bool is_int = f.type == TS_F_U64 || f.type == TS_F_I64;
		uint64_t v = is_int ? ts_field_u64(&f) : 0;
		if (f.tag < TS_TAG_EV_ACTION) {
			if (req)
				rc = corrupt(id, "an intake field follows the history");
			else if (f.tag == TAG_NUMBER || f.tag == TAG_REQUESTER || f.tag == TAG_CONTACT ||
				 f.tag == TAG_CONTENT || f.tag == TAG_SERVICE_TYPE) {
				int slot = f.tag == TAG_NUMBER ? 0 : f.tag == TAG_REQUESTER ? 1 : f.tag == TAG_CONTACT ? 2
					   : f.tag == TAG_CONTENT ? 3 : 4;
				if (f.type != TS_F_TEXT || strings[slot])
					rc = corrupt(id, "a text field is malformed or repeated");
				else if (!(strings[slot] = ts_strndup(ctx, (const char *)f.data, f.size)))
					rc = TELSVC_ENOMEM;
			} else if (!is_int) {
				/* unknown non-integer tags of format 1 are skipped */
			} else if (f.tag == TAG_CHANNEL)
				in.channel = (int)v;
			else if (f.tag == TAG_CONTENT_TYPE)
				in.content_type = (int)v;
			else if (f.tag == TAG_FLAGS)
				in.flags = (unsigned)v;
			else if (f.tag == TAG_AFFECTED)
				in.affected = (int64_t)v;
			else if (f.tag == TAG_RECEIVED_AT)
				in.received_at = (int64_t)v;
			else if (f.tag == TAG_PRIORITY)
				priority = (int)v;
			else if (f.tag == TAG_REASON)
				reason = (int)v;
			else if (f.tag == TAG_DELIVERY)
				in.delivery = (int)v;
			else if (f.tag == TAG_SEQ)
				seq = v;
			continue;
		}
		/* events: action, at, actor, role, arg in this order */
		if (!req) {
			in.requester = strings[1], in.contact = strings[2], in.content = strings[3],
			in.service_type = strings[4];
			if (!strings[0] || strcmp(strings[0], id) != 0)
				rc = corrupt(id, "the stored number differs from the object's id");
			else if (check_intake(&in) != TELSVC_OK)
				rc = corrupt(id, "the intake fields are incomplete or invalid");
			else if (priority < TELSVC_PRIORITY_EMERGENCY || priority > TELSVC_PRIORITY_NON_URGENT ||
				 reason < 0 || reason >= (int)TS_ARRAY_LEN(class_rules))
				rc = corrupt(id, "the intake class is invalid");
			else
				rc = build(ctx, id, &in, priority, reason, &req);
			if (rc)
				break;
		}
		int got = ts_event_read(ctx, &ev, &f, what, TELSVC_ACTION_WRITE_REPORT);
		if (got != 1) {
			rc = got;
			continue;
		}
		bool first = req->history.count == 0;
		rc = ts_history_check_next(&req->history, ev.action, ev.at, "request", id);
		if (rc == TELSVC_OK && !first &&
		    check(req, ctx->policy, ev.action, ev.actor, ev.role, ev.arg, ev.note, true) != TELSVC_OK)
			rc = broken_history(id);
		/* the transition can still refuse what the check could not see, such
		 * as a clock paused before the receipt it started at */
		if (rc == TELSVC_OK && (rc = push_event(req, ev.action, ev.at, ev.actor, ev.role, ev.arg, ev.note)) == TELSVC_OK &&
		    !first && (rc = transition(req, ctx->policy, ev.action, ev.role, ev.at, ev.arg)) != TELSVC_OK &&
		    rc != TELSVC_ENOMEM)
			rc = broken_history(id);
		ts_event_reader_clear(ctx, &ev);
	}
	bool pending = ev.action >= 0;
	ts_event_reader_clear(ctx, &ev);
	for (size_t i = 0; i < TS_ARRAY_LEN(strings); i++)
		ts_free(ctx, strings[i]);
	if (rc == TELSVC_OK && (!req || pending))
		rc = corrupt(id, req ? "the last event is incomplete" : "the record holds no history");
	if (rc) {
		request_free(req);
		return rc;
	}
	req->o.revision = revision;
	req->o.seq = seq;
	ts_sb_append(&req->enc, data, size - TS_REC_TRAILER);
	if (req->enc.failed) {
		request_free(req);
		return TELSVC_ENOMEM;
	}
	*out = req;
	return TELSVC_OK;
}

static int decode_object(const ts_kind_ops *ops, telsvc_ctx *ctx, const char *id, uint64_t revision,
			 const void *data, size_t size, ts_object **out)
{
	(void)ops;
	telsvc_request *req = NULL;
	int rc = decode(ctx, id, revision, data, size, &req);
	*out = req ? &req->o : NULL;
	return rc;
}

static void free_object(ts_object *o)
{
	request_free((telsvc_request *)o);
}

static void undo_object(ts_object *o, const void *mark)
{
	undo((telsvc_request *)o, mark);
}

/* Keys of states, actions and classes in exports. */
static const char *const state_keys[] = { "?",	  "received", "preprocessing", "in_progress", "delivered",
					  "rectification", "feedback", "closed", "waiting", "cancelled" };
static const char *const action_keys[] = { "create",	 "preprocess",	    "sign_report",	"start",
					   "progress",	 "deliver",	    "accept",		"reject",
					   "feedback",	 "close",	    "wait_customer",	"resume",
					   "cancel",	 "reclassify",	    "problem_discover", "problem_report",
					   "problem_arrange", "problem_handled", "problem_feedback", "problem_postmortem",
					   "write_report" };
static const char *const priority_keys[] = { "?", "emergency", "important", "general", "non_urgent" };

static void export_object(const ts_object *o, ts_export *x)
{
	const telsvc_request *req = (const telsvc_request *)o;
	ts_sb *sb = x->sb;
	ts_sb_printf(sb, ",\"state\":\"%s\",\"received_at\":", state_keys[req->d.state]);
	ts_json_instant(sb, x->policy, req->received_at);
	ts_sb_printf(sb, ",\"channel\":%d", req->channel);
	ts_export_personal(x, "requester", req->requester);
	ts_export_personal(x, "contact", req->contact);
	ts_export_text(x, "content", req->content);
	ts_export_text(x, "service_type", req->service_type);
	ts_sb_printf(sb, ",\"content_type\":%d,\"flags\":%u,\"affected\":%lld,\"delivery\":%d", req->content_type,
		     req->flags, (long long)req->affected, req->delivery);
	ts_sb_printf(sb, ",\"priority\":\"%s\"", priority_keys[req->d.priority]);
	ts_export_text(x, "class_reason", class_rules[req->d.reason].reason);
	if (req->d.satisfaction >= 0)
		ts_sb_printf(sb, ",\"satisfaction\":%d", req->d.satisfaction);
	ts_sb_puts(sb, ",\"deadlines\":[");
	for (size_t i = 0; i < telsvc_request_deadline_count(req); i++) {
		telsvc_param limit;
		int problem;
		int64_t due, done;
		if (telsvc_request_deadline_at(&limit, &problem, &due, &done, req, i) != TELSVC_OK)
			due = TELSVC_NEVER; /* a calendar the policy lacks: no deadline to show */
		ts_export_deadline(x, limit, due, done, i == 0);
	}
	ts_sb_puts(sb, "]");
	ts_export_history(x, &req->history, action_keys);
}


/* ---- getters ---- */

int telsvc_request_find(telsvc_request **out, telsvc_ctx *ctx, const char *number)
{
	ts_object *o = NULL;
	int rc = ts_object_find(&o, ctx, TELSVC_KIND_REQUEST, number, "telsvc_request_find");
	if (out)
		*out = (telsvc_request *)o;
	return rc;
}

int telsvc_request_release(telsvc_request *req)
{
	return ts_object_release(req ? &req->o : NULL, "telsvc_request_release");
}

size_t telsvc_request_count(const telsvc_ctx *ctx)
{
	return ctx ? ctx->objects[TELSVC_KIND_REQUEST].count : 0;
}

const char *telsvc_request_number(const telsvc_request *req)
{
	return req ? req->o.id : NULL;
}

int telsvc_request_state_of(const telsvc_request *req)
{
	return req ? req->d.state : ts_error(TELSVC_EINVAL, "telsvc_request_state_of: req is NULL");
}

int telsvc_request_priority(const telsvc_request *req)
{
	return req ? req->d.priority : ts_error(TELSVC_EINVAL, "telsvc_request_priority: req is NULL");
}

const char *telsvc_request_class_reason(const telsvc_request *req)
{
	return req ? class_rules[req->d.reason].reason : NULL;
}

int telsvc_request_deadline(int64_t *out, const telsvc_request *req)
{
	if (!out || !req)
		return ts_error(TELSVC_EINVAL, "telsvc_request_deadline: an argument is NULL");
	return telsvc_sla_deadline(out, req->clock, req->o.ctx->policy);
}

size_t telsvc_request_history_count(const telsvc_request *req)
{
	return req ? req->history.count : 0;
}

int telsvc_request_history_at(const telsvc_request *req, size_t index, int *action, int64_t *at,
			      const char **actor_id, const char **role)
{
	if (!action || !at || !actor_id || !role)
		return ts_error(TELSVC_EINVAL, "telsvc_request_history_at: an argument is NULL");
	if (!req || index >= req->history.count)
		return ts_error(TELSVC_EINVAL, "telsvc_request_history_at: no change %zu", index);
	const ts_event *e = &req->history.items[index];
	*action = e->action;
	*at = e->at;
	*actor_id = e->actor;
	*role = e->role;
	return TELSVC_OK;
}

uint64_t telsvc_request_revision(const telsvc_request *req)
{
	return req ? req->o.revision : 0;
}

size_t telsvc_request_problem_count(const telsvc_request *req)
{
	return req ? req->problem_count : 0;
}

int telsvc_request_problem_at(int *grade, int *stage, const telsvc_request *req, size_t index)
{
	if (!grade || !stage || !req || index >= req->problem_count)
		return ts_error(TELSVC_EINVAL, "telsvc_request_problem_at: no problem %zu", index);
	*grade = req->problems[index].grade;
	*stage = req->problems[index].stage;
	return TELSVC_OK;
}

/* The deadlines of a problem by its grade (§3.3): the limit, the stage
 * whose time starts it, and the stage whose time meets it. */
typedef struct problem_limit {
	telsvc_param limit;
	int from, done;
} problem_limit;

static size_t problem_limits(int grade, problem_limit out[5])
{
	static const telsvc_param handle[] = { 0, TELSVC_PARAM_EXECUTION_MAJOR, TELSVC_PARAM_EXECUTION_GENERAL,
					       TELSVC_PARAM_EXECUTION_MINOR };
	size_t n = 0;
	if (grade != TELSVC_PROBLEM_MINOR) {
		out[n++] = (problem_limit){ TELSVC_PARAM_EXECUTION_REPORT, TELSVC_PROBLEM_DISCOVERED, TELSVC_PROBLEM_REPORTED };
		out[n++] = (problem_limit){ TELSVC_PARAM_EXECUTION_ARRANGE, TELSVC_PROBLEM_REPORTED, TELSVC_PROBLEM_ARRANGED };
	}
	out[n++] = (problem_limit){ handle[grade], TELSVC_PROBLEM_DISCOVERED, TELSVC_PROBLEM_HANDLED };
	if (grade != TELSVC_PROBLEM_MINOR) {
		out[n++] = (problem_limit){ TELSVC_PARAM_EXECUTION_FEEDBACK, TELSVC_PROBLEM_DISCOVERED, TELSVC_PROBLEM_FED_BACK };
		out[n++] = (problem_limit){ TELSVC_PARAM_EXECUTION_POSTMORTEM, TELSVC_PROBLEM_HANDLED, TELSVC_PROBLEM_REVIEWED };
	}
	return n;
}

size_t telsvc_request_deadline_count(const telsvc_request *req)
{
	if (!req)
		return 0;
	size_t n = 1 + (req->delivery != TELSVC_DELIVERY_NONE);
	problem_limit l[5];
	for (size_t i = 0; i < req->problem_count; i++)
		n += problem_limits(req->problems[i].grade, l);
	return n;
}

/* Deadline @index of @req and the clock measuring it (@sla, or none:
 * from @start without pauses). */
static int deadline_of(telsvc_param *limit, int *problem, int64_t *due, int64_t *done, const telsvc_sla **sla,
		       int64_t *start, const telsvc_request *req, size_t index)
{
	*sla = NULL;
	*start = req->received_at;
	const size_t asked = index; /* counted down below */
	if (index == 0) {
		*limit = telsvc_sla_limit(req->clock);
		*problem = -1;
		*done = telsvc_sla_stopped_at(req->clock);
		*sla = req->clock;
		return telsvc_sla_deadline(due, req->clock, req->o.ctx->policy);
	}
	index--;
	if (req->delivery != TELSVC_DELIVERY_NONE && index-- == 0) {
		*limit = req->delivery == TELSVC_DELIVERY_BASIC ? TELSVC_PARAM_DELIVERY_BASIC : TELSVC_PARAM_DELIVERY_LEASED_LINE;
		*problem = -1;
		*done = req->d.delivered_at ? req->d.delivered_at : TELSVC_NEVER;
		return ts_policy_deadline(due, req->o.ctx->policy, *limit, req->received_at);
	}
	for (size_t i = 0; i < req->problem_count; i++) {
		const ts_problem *pb = &req->problems[i];
		problem_limit l[5];
		size_t n = problem_limits(pb->grade, l);
		if (index >= n) {
			index -= n;
			continue;
		}
		const problem_limit *pl = &l[index];
		*limit = pl->limit;
		*problem = (int)i;
		*done = pb->stage >= pl->done ? pb->at[pl->done] : TELSVC_NEVER;
		if (pb->stage < pl->from) {
			*due = TELSVC_NEVER; /* its clock has not started */
			return TELSVC_OK;
		}
		*start = pb->at[pl->from];
		return ts_policy_deadline(due, req->o.ctx->policy, pl->limit, *start);
	}
	return ts_error(TELSVC_EINVAL, "telsvc_request_deadline_at: no deadline %zu", asked);
}

int telsvc_request_deadline_at(telsvc_param *limit, int *problem, int64_t *due, int64_t *done,
			       const telsvc_request *req, size_t index)
{
	if (!limit || !problem || !due || !done || !req)
		return ts_error(TELSVC_EINVAL, "telsvc_request_deadline_at: an argument is NULL");
	const telsvc_sla *sla;
	int64_t start;
	return deadline_of(limit, problem, due, done, &sla, &start, req, index);
}

const char *telsvc_request_history_note(const telsvc_request *req, size_t index)
{
	if (!req || index >= req->history.count)
		return NULL;
	return req->history.items[index].note ? req->history.items[index].note : "";
}

static int measure(const ts_object *o, ts_measure *m);

/* TMF621 status of each state (docs/export.md). */
static const char *const tmf_status[] = { "?",	      "acknowledged", "inProgress", "inProgress", "resolved",
					  "inProgress", "resolved",	 "closed",     "pending",    "cancelled" };

static void export_tmf621(const ts_object *o, ts_export *x)
{
	const telsvc_request *req = (const telsvc_request *)o;
	int64_t due = TELSVC_NEVER;
	telsvc_request_deadline(&due, req);
	ts_tmf621_ticket(x, &(ts_tmf621){ .type = "serviceRequest",
					  .status = tmf_status[req->d.state],
					  .priority = priority_keys[req->d.priority],
					  .description = req->content,
					  .channel = req->channel,
					  .created = req->received_at,
					  .expected = due,
					  .resolved = req->d.delivered_at ? req->d.delivered_at : TELSVC_NEVER,
					  .customer = req->requester,
					  .contact = req->contact,
					  .history = &req->history,
					  .action_keys = action_keys });
}

/* The handling clock while it runs, the delivery limit until delivery,
 * and each execution problem's limits from their start until met. */
static size_t watches(const ts_object *o, ts_watch *out, size_t cap)
{
	const telsvc_request *req = (const telsvc_request *)o;
	size_t n = 0;
	if (!is_open(req->d.state) && req->d.state != TELSVC_REQUEST_WAITING)
		return 0;
	if (telsvc_sla_state_of(req->clock) != TELSVC_SLA_STOPPED)
		ts_watch_put(out, cap, &n, (ts_watch){ telsvc_sla_limit(req->clock), -1, req->clock, 0 });
	if (req->delivery != TELSVC_DELIVERY_NONE && !req->d.delivered_at)
		ts_watch_put(out, cap, &n,
			     (ts_watch){ req->delivery == TELSVC_DELIVERY_BASIC ? TELSVC_PARAM_DELIVERY_BASIC
										 : TELSVC_PARAM_DELIVERY_LEASED_LINE,
					 -1, NULL, req->received_at });
	for (size_t i = 0; i < req->problem_count; i++) {
		const ts_problem *pb = &req->problems[i];
		problem_limit l[5];
		size_t k = problem_limits(pb->grade, l);
		for (size_t j = 0; j < k; j++)
			if (pb->stage >= l[j].from && pb->stage < l[j].done)
				ts_watch_put(out, cap, &n, (ts_watch){ l[j].limit, (int)i, NULL, pb->at[l[j].from] });
	}
	return n;
}

static void prefetch(const ts_object *o, int stage)
{
	const telsvc_request *req = (const telsvc_request *)o;
	if (stage == 0) {
		ts_prefetch_range(req, sizeof(*req));
		return;
	}
	TS_PREFETCH(req->clock);
	TS_PREFETCH(req->history.items);
	TS_PREFETCH(req->history.items + 1);
	TS_PREFETCH(req->history.items + req->history.count - 1);
}

const ts_kind_ops ts_request_ops = { TELSVC_KIND_REQUEST, "request", sizeof(ts_req_mark), decode_object,
				     free_object, undo_object, export_object, export_tmf621, watches, measure,
				     prefetch, priority_keys, TELSVC_PRIORITY_NON_URGENT, TAG_SEQ };

static int measure(const ts_object *o, ts_measure *m)
{
	const telsvc_request *req = (const telsvc_request *)o;
	m->received = req->received_at;
	m->responded = req->history.count > 1 ? req->history.items[1].at : TELSVC_NEVER;
	m->handled = req->d.delivered_at ? req->d.delivered_at : TELSVC_NEVER;
	m->klass = req->d.priority;
	m->channel = req->channel;
	m->service_type = req->service_type;
	m->finished = req->d.state == TELSVC_REQUEST_CLOSED || req->d.state == TELSVC_REQUEST_CANCELLED;
	m->satisfaction = req->d.satisfaction;
	for (size_t i = 0; i < req->problem_count; i++) {
		const ts_problem *pb = &req->problems[i];
		m->problems[pb->grade]++;
		/* handled, its post-mortem (§3.3) still to come */
		m->reviews_pending += pb->grade != TELSVC_PROBLEM_MINOR && pb->stage >= TELSVC_PROBLEM_HANDLED &&
				      pb->stage < TELSVC_PROBLEM_REVIEWED;
	}
	/* a cancellation stops the clocks without meeting their limits */
	int64_t cancelled = req->d.state == TELSVC_REQUEST_CANCELLED ? req->history.items[req->history.count - 1].at
								      : TELSVC_NEVER;
	int rc = TELSVC_OK;
	for (size_t i = 0; i < telsvc_request_deadline_count(req) && rc == TELSVC_OK; i++) {
		ts_fact f;
		int problem;
		if (deadline_of(&f.limit, &problem, &f.due, &f.done, &f.sla, &f.start, req, i) != TELSVC_OK)
			f.due = TELSVC_NEVER; /* a calendar the policy lacks */
		if (f.done != cancelled || f.done == TELSVC_NEVER)
			rc = ts_measure_fact(m, &f);
	}
	return rc;
}
