/* Complaints (§6): the kind's fields, its state machine and its clocks,
 * on the case engine (case.c). docs/complaint-lifecycle.md draws it. */
#include "complaint_internal.h"
#include "export.h"
#include "policy_internal.h"
#include "store.h"
#include "telsvc/request.h"

#include <string.h>

static const ts_case_field fields[CF_COUNT] = {
	[CF_CUSTOMER] = { .name = "customer", .text = true, .required = true, .personal = true },
	[CF_CONTACT] = { .name = "contact", .text = true, .required = true, .personal = true },
	[CF_CONTENT] = { .name = "content", .text = true, .required = true },
	[CF_SERVICE_TYPE] = { .name = "service_type", .text = true },
	[CF_CHANNEL] = { .name = "channel" },
	[CF_FLAGS] = { .name = "flags" },
	[CF_CATEGORY] = { .name = "category", .internal = true },
	[CF_SEVERITY] = { .name = "severity", .internal = true },
	[CF_CATEGORY_REASON] = { .name = "category_reason", .text = true, .required = true, .internal = true },
	[CF_SEVERITY_REASON] = { .name = "severity_reason", .text = true, .required = true, .internal = true },
};

static const char *const action_names[] = { "register a complaint", "verify it", "confirm its classification",
					    "start handling", "record a measure", "give the customer the result",
					    "record a return visit", "close it", "reopen it", "wait for the customer",
					    "resume", "withdraw it", "change its severity", "change its category" };

static const char *const state_names[] = { "?",	     "received", "verified", "classified", "being handled",
					   "fed back", "closed",   "waiting for the customer", "withdrawn" };

static const char *const state_keys[] = { "?",	      "received", "verified", "classified", "handling",
					  "fed_back", "closed",	  "waiting",  "withdrawn" };
static const char *const action_keys[] = { "create", "verify", "classify", "handle", "progress",
					   "feedback", "return_visit", "close", "reopen", "wait_customer",
					   "resume", "withdraw", "set_severity", "set_category" };
const char *const ts_complaint_category_keys[] = { "?", "service", "network", "billing", "technical", "other" };
static const char *const severity_keys[] = { "?", "general", "serious", "major" };

#define COMPLAINT(c) ((telsvc_complaint *)(c))

static bool is_open(int state)
{
	return state >= TELSVC_COMPLAINT_RECEIVED && state <= TELSVC_COMPLAINT_FED_BACK;
}

/* The §6.2 limits of a severity: first handling, closed loop. */
static telsvc_param first_limit(int severity)
{
	return severity == TELSVC_SEVERITY_MAJOR     ? TELSVC_PARAM_COMPLAINT_MAJOR_FIRST
	       : severity == TELSVC_SEVERITY_SERIOUS ? TELSVC_PARAM_COMPLAINT_SERIOUS_FIRST
						     : TELSVC_PARAM_COMPLAINT_GENERAL_FIRST;
}

static telsvc_param close_limit(int severity)
{
	return severity == TELSVC_SEVERITY_MAJOR     ? TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE
	       : severity == TELSVC_SEVERITY_SERIOUS ? TELSVC_PARAM_COMPLAINT_SERIOUS_CLOSE
						     : TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE;
}

static bool valid_channel(int64_t channel)
{
	return channel >= TELSVC_CHANNEL_PHONE && channel <= TELSVC_CHANNEL_EMAIL; /* §6.1: no fax */
}

static bool valid(const ts_case *c)
{
	return valid_channel(c->num[CF_CHANNEL]) && c->num[CF_CATEGORY] >= TELSVC_COMPLAINT_SERVICE &&
	       c->num[CF_CATEGORY] <= TELSVC_COMPLAINT_OTHER && c->num[CF_SEVERITY] >= TELSVC_SEVERITY_GENERAL &&
	       c->num[CF_SEVERITY] <= TELSVC_SEVERITY_MAJOR;
}

static int start(ts_case *c)
{
	ts_complaint_derived *d = &COMPLAINT(c)->d;
	*d = (ts_complaint_derived){ .state = TELSVC_COMPLAINT_RECEIVED,
				     .category = (int)c->num[CF_CATEGORY],
				     .severity = (int)c->num[CF_SEVERITY],
				     .satisfaction = -1 };
	const telsvc_param limits[CK_COUNT] = { TELSVC_PARAM_COMPLAINT_VERIFICATION, first_limit(d->severity),
						close_limit(d->severity) };
	for (size_t i = 0; i < CK_COUNT; i++) {
		int rc = telsvc_sla_new(&c->clocks[i], c->o.ctx, limits[i], c->received_at);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

static int state_of(const ts_case *c)
{
	return COMPLAINT(c)->d.state;
}

static int refuse(const ts_case *c, int action, const char *rule)
{
	return ts_error(TELSVC_ETRANSITION, "complaint %s: cannot %s while %s: %s", c->o.id, action_names[action],
			state_names[COMPLAINT(c)->d.state], rule);
}

static int need_note(const ts_case *c, const ts_event *e, const char *what)
{
	return e->note ? TELSVC_OK : ts_error(TELSVC_EINVAL, "complaint %s: %s is required in the note", c->o.id, what);
}

/* The rules of docs/complaint-lifecycle.md, each refusal naming its clause. */
static int check(const ts_case *c, const telsvc_policy *p, const ts_event *e, bool replay)
{
	(void)p;
	const ts_complaint_derived *d = &COMPLAINT(c)->d;
	int s = d->state, a = e->action;
	switch (a) {
	case TELSVC_COMPLAINT_VERIFY:
		return s == TELSVC_COMPLAINT_RECEIVED ? TELSVC_OK : refuse(c, a, "§6.2: verification follows intake");
	case TELSVC_COMPLAINT_CLASSIFY:
		return s == TELSVC_COMPLAINT_VERIFIED ? TELSVC_OK
						      : refuse(c, a, "§6.2: classification follows verification");
	case TELSVC_COMPLAINT_HANDLE:
		return s == TELSVC_COMPLAINT_CLASSIFIED ? TELSVC_OK
							: refuse(c, a, "§6.2: handling follows classification");
	case TELSVC_COMPLAINT_PROGRESS:
		if (s != TELSVC_COMPLAINT_HANDLING)
			return refuse(c, a, "§6.3: measures are recorded while handling");
		return need_note(c, e, "the measure taken (§6.3: process)");
	case TELSVC_COMPLAINT_FEEDBACK:
		if (s != TELSVC_COMPLAINT_HANDLING)
			return refuse(c, a, "§6.2: feedback follows handling");
		if (!valid_channel(e->arg))
			return ts_error(TELSVC_EINVAL,
					"complaint %s: feedback goes by phone, e-mail, online or on site (§6.3); "
					"%lld is not one of those channels",
					c->o.id, (long long)e->arg);
		return need_note(c, e, "the result given to the customer (§6.3)");
	case TELSVC_COMPLAINT_RETURN_VISIT:
		if (s != TELSVC_COMPLAINT_FED_BACK && s != TELSVC_COMPLAINT_CLOSED)
			return refuse(c, a, "§6.3: a return visit follows the feedback");
		if (e->arg < 0 || e->arg > 100)
			return ts_error(TELSVC_EINVAL, "complaint %s: satisfaction score %lld is outside 0..100", c->o.id,
					(long long)e->arg);
		if (!replay && d->feedback_by && strcmp(d->feedback_by, e->actor) == 0)
			return ts_error(TELSVC_EPERM,
					"complaint %s: %s gave the feedback; the return visit that confirms it is "
					"made by someone else (§6.3, separation of duties)",
					c->o.id, e->actor);
		return TELSVC_OK;
	case TELSVC_COMPLAINT_CLOSE:
		if (s != TELSVC_COMPLAINT_FED_BACK)
			return refuse(c, a, "§6.2: a complaint closes after the feedback");
		return d->satisfaction >= 0 ? TELSVC_OK
					    : refuse(c, a, "§6.3: a return visit confirms the customer's satisfaction first");
	case TELSVC_COMPLAINT_REOPEN:
		if (s != TELSVC_COMPLAINT_FED_BACK && s != TELSVC_COMPLAINT_CLOSED)
			return refuse(c, a, "§6.3: only a complaint whose result was given can be reopened");
		return need_note(c, e, "why the customer is dissatisfied");
	case TELSVC_COMPLAINT_WAIT_CUSTOMER:
		return is_open(s) ? TELSVC_OK : refuse(c, a, "only an open complaint waits for the customer");
	case TELSVC_COMPLAINT_RESUME:
		return s == TELSVC_COMPLAINT_WAITING ? TELSVC_OK : refuse(c, a, "only a waiting complaint resumes");
	case TELSVC_COMPLAINT_WITHDRAW:
		return is_open(s) || s == TELSVC_COMPLAINT_WAITING ? TELSVC_OK
								   : refuse(c, a, "the complaint is already finished");
	case TELSVC_COMPLAINT_SET_SEVERITY:
	case TELSVC_COMPLAINT_SET_CATEGORY: {
		bool sev = a == TELSVC_COMPLAINT_SET_SEVERITY;
		if (!is_open(s) && s != TELSVC_COMPLAINT_WAITING)
			return refuse(c, a, "the complaint is already finished");
		int64_t hi = sev ? TELSVC_SEVERITY_MAJOR : TELSVC_COMPLAINT_OTHER;
		if (e->arg < 1 || e->arg > hi)
			return ts_error(TELSVC_EINVAL, "complaint %s: %lld is not a %s (§6.1)", c->o.id, (long long)e->arg,
					sev ? "severity" : "category");
		if (e->arg == (sev ? d->severity : d->category))
			return refuse(c, a, sev ? "§6.1: it already has that severity" : "§6.1: it already has that category");
		return need_note(c, e, "the reason for the override");
	}
	}
	return ts_error(TELSVC_EINVAL, "complaint %s: unknown action %d", c->o.id, a);
}

static telsvc_param permit(const ts_case *c, int action)
{
	static const telsvc_param permits[] = {
		[TELSVC_COMPLAINT_VERIFY] = TELSVC_PARAM_PERMIT_COMPLAINT_VERIFY,
		[TELSVC_COMPLAINT_CLASSIFY] = TELSVC_PARAM_PERMIT_COMPLAINT_CLASSIFY,
		[TELSVC_COMPLAINT_HANDLE] = TELSVC_PARAM_PERMIT_COMPLAINT_HANDLE,
		[TELSVC_COMPLAINT_PROGRESS] = TELSVC_PARAM_PERMIT_COMPLAINT_PROGRESS,
		[TELSVC_COMPLAINT_FEEDBACK] = TELSVC_PARAM_PERMIT_COMPLAINT_FEEDBACK,
		[TELSVC_COMPLAINT_RETURN_VISIT] = TELSVC_PARAM_PERMIT_COMPLAINT_RETURN_VISIT,
		[TELSVC_COMPLAINT_CLOSE] = TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE,
		[TELSVC_COMPLAINT_REOPEN] = TELSVC_PARAM_PERMIT_COMPLAINT_REOPEN,
		[TELSVC_COMPLAINT_WAIT_CUSTOMER] = TELSVC_PARAM_PERMIT_COMPLAINT_WAIT_CUSTOMER,
		[TELSVC_COMPLAINT_RESUME] = TELSVC_PARAM_PERMIT_COMPLAINT_RESUME,
		[TELSVC_COMPLAINT_WITHDRAW] = TELSVC_PARAM_PERMIT_COMPLAINT_WITHDRAW,
		[TELSVC_COMPLAINT_SET_SEVERITY] = TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY,
		[TELSVC_COMPLAINT_SET_CATEGORY] = TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY,
	};
	if (action == TELSVC_COMPLAINT_CLOSE && COMPLAINT(c)->d.severity == TELSVC_SEVERITY_MAJOR)
		return TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE_MAJOR;
	return permits[action];
}

/* Apply @f to every clock in state @from (pause, resume, stop). */
static int each_clock(ts_case *c, int from, int (*f)(telsvc_sla *, int64_t), int64_t at)
{
	for (size_t i = 0; i < CK_COUNT; i++) {
		int s = telsvc_sla_state_of(c->clocks[i]), rc;
		/* memory, or a stored history with times the clocks refuse */
		if ((s == from || (from == 0 && s != TELSVC_SLA_STOPPED)) && (rc = f(c->clocks[i], at)) != TELSVC_OK)
			return rc;
	}
	return TELSVC_OK;
}

static int stop_clock(ts_case *c, int clock, int64_t at)
{
	return telsvc_sla_state_of(c->clocks[clock]) == TELSVC_SLA_STOPPED ? TELSVC_OK
									  : telsvc_sla_stop(c->clocks[clock], at);
}

static int apply(ts_case *c, const telsvc_policy *p, const ts_event *e)
{
	(void)p;
	ts_complaint_derived *d = &COMPLAINT(c)->d;
	switch (e->action) {
	case TELSVC_COMPLAINT_VERIFY:
		d->state = TELSVC_COMPLAINT_VERIFIED;
		return stop_clock(c, CK_VERIFY, e->at);
	case TELSVC_COMPLAINT_CLASSIFY:
		d->state = TELSVC_COMPLAINT_CLASSIFIED;
		return TELSVC_OK;
	case TELSVC_COMPLAINT_HANDLE:
		d->state = TELSVC_COMPLAINT_HANDLING;
		return stop_clock(c, CK_FIRST, e->at);
	case TELSVC_COMPLAINT_FEEDBACK:
		d->state = TELSVC_COMPLAINT_FED_BACK;
		d->satisfaction = -1;
		d->feedback_by = e->actor;
		return TELSVC_OK;
	case TELSVC_COMPLAINT_RETURN_VISIT:
		d->satisfaction = (int)e->arg;
		return TELSVC_OK;
	case TELSVC_COMPLAINT_CLOSE:
		d->state = TELSVC_COMPLAINT_CLOSED;
		return stop_clock(c, CK_CLOSE, e->at);
	case TELSVC_COMPLAINT_REOPEN: {
		/* the closed loop resumes where it stopped: closed time is not counted */
		int rc = d->state == TELSVC_COMPLAINT_CLOSED ? ts_sla_reopen(c->clocks[CK_CLOSE], e->at) : TELSVC_OK;
		if (rc == TELSVC_OK) {
			d->state = TELSVC_COMPLAINT_HANDLING;
			d->satisfaction = -1;
			d->reopened++;
		}
		return rc;
	}
	case TELSVC_COMPLAINT_WAIT_CUSTOMER:
		d->resume_state = d->state;
		d->state = TELSVC_COMPLAINT_WAITING;
		return each_clock(c, TELSVC_SLA_RUNNING, telsvc_sla_pause, e->at);
	case TELSVC_COMPLAINT_RESUME:
		d->state = d->resume_state;
		d->resume_state = 0;
		return each_clock(c, TELSVC_SLA_PAUSED, telsvc_sla_resume, e->at);
	case TELSVC_COMPLAINT_WITHDRAW:
		d->state = TELSVC_COMPLAINT_WITHDRAWN;
		return each_clock(c, 0, telsvc_sla_stop, e->at);
	case TELSVC_COMPLAINT_SET_SEVERITY:
		/* the limits follow; the deadlines are recomputed from receipt and the pauses */
		d->severity = (int)e->arg;
		d->severity_note = e->note;
		telsvc_sla_set_limit(c->clocks[CK_FIRST], first_limit(d->severity));
		telsvc_sla_set_limit(c->clocks[CK_CLOSE], close_limit(d->severity));
		return TELSVC_OK;
	case TELSVC_COMPLAINT_SET_CATEGORY:
		d->category = (int)e->arg;
		d->category_note = e->note;
		return TELSVC_OK;
	default: /* PROGRESS records an event only */
		return TELSVC_OK;
	}
}

static void export_extra(const ts_case *c, ts_export *x)
{
	const telsvc_complaint *cp = (const telsvc_complaint *)c;
	const ts_complaint_derived *d = &cp->d;
	ts_sb_printf(x->sb, ",\"category\":\"%s\",\"severity\":\"%s\"", ts_complaint_category_keys[d->category],
		     severity_keys[d->severity]);
	ts_export_text(x, "category_reason", telsvc_complaint_category_reason(cp));
	ts_export_text(x, "severity_reason", telsvc_complaint_severity_reason(cp));
	if (d->satisfaction >= 0)
		ts_sb_printf(x->sb, ",\"satisfaction\":%d", d->satisfaction);
	ts_sb_printf(x->sb, ",\"reopened\":%d", d->reopened);
}

/* TMF621 status of each state (docs/export.md). */
static const char *const tmf_status[] = { "?",	      "acknowledged", "acknowledged", "acknowledged", "inProgress",
					  "resolved", "closed",	      "pending",      "cancelled" };

static void export_tmf621(const ts_object *o, ts_export *x)
{
	const telsvc_complaint *cp = (const telsvc_complaint *)o;
	const ts_case *c = &cp->c;
	int64_t due = TELSVC_NEVER;
	telsvc_param limit;
	int64_t done = TELSVC_NEVER;
	ts_case_deadline_at(&limit, &due, &done, c, CK_CLOSE, "export");
	ts_tmf621_ticket(x, &(ts_tmf621){ .type = "complaint",
					  .status = tmf_status[cp->d.state],
					  .severity = severity_keys[cp->d.severity],
					  .category = ts_complaint_category_keys[cp->d.category],
					  .description = c->text[CF_CONTENT],
					  .channel = (int)c->num[CF_CHANNEL],
					  .created = c->received_at,
					  .expected = due,
					  .resolved = cp->d.state == TELSVC_COMPLAINT_CLOSED ? done : TELSVC_NEVER,
					  .customer = c->text[CF_CUSTOMER],
					  .contact = c->text[CF_CONTACT],
					  .history = &c->history,
					  .action_keys = action_keys });
}

static int measure(const ts_object *o, ts_measure *m)
{
	const telsvc_complaint *cp = (const telsvc_complaint *)o;
	const ts_case *c = &cp->c;
	m->received = c->received_at;
	m->responded = c->history.count > 1 ? c->history.items[1].at : TELSVC_NEVER;
	m->handled = cp->d.state == TELSVC_COMPLAINT_CLOSED ? telsvc_sla_stopped_at(c->clocks[CK_CLOSE]) : TELSVC_NEVER;
	m->klass = cp->d.severity;
	m->category = cp->d.category;
	m->channel = (int)c->num[CF_CHANNEL];
	m->service_type = c->text[CF_SERVICE_TYPE];
	m->finished = cp->d.state == TELSVC_COMPLAINT_CLOSED || cp->d.state == TELSVC_COMPLAINT_WITHDRAWN;
	m->satisfaction = cp->d.satisfaction;
	/* a withdrawal stops the clocks without meeting their limits */
	int64_t withdrawn = cp->d.state == TELSVC_COMPLAINT_WITHDRAWN ? c->history.items[c->history.count - 1].at
								     : TELSVC_NEVER;
	int rc = TELSVC_OK;
	for (size_t i = 0; i < CK_COUNT && rc == TELSVC_OK; i++) {
		ts_fact f = { .sla = c->clocks[i] };
		if (ts_case_deadline_at(&f.limit, &f.due, &f.done, c, i, "measure") != TELSVC_OK)
			f.due = TELSVC_NEVER; /* a calendar the policy lacks */
		if (f.done != withdrawn || f.done == TELSVC_NEVER)
			rc = ts_measure_fact(m, &f);
	}
	return rc;
}

const ts_case_kind ts_complaint_kind = {
	.ops = { TELSVC_KIND_COMPLAINT, "complaint", sizeof(ts_case_mark), ts_case_decode, ts_case_free, ts_case_undo,
		 ts_case_export, export_tmf621, ts_case_watches, measure, ts_case_prefetch, severity_keys,
		 TELSVC_SEVERITY_MAJOR, TS_CASE_TAG_SEQ },
	.fields = fields,
	.field_count = CF_COUNT,
	.object_size = sizeof(telsvc_complaint),
	.derived_offset = offsetof(telsvc_complaint, d),
	.derived_size = sizeof(ts_complaint_derived),
	.clock_count = CK_COUNT,
	.max_action = TELSVC_COMPLAINT_SET_CATEGORY,
	.action_names = action_names,
	.state_keys = state_keys,
	.action_keys = action_keys,
	.number_pattern = TELSVC_PARAM_COMPLAINT_NUMBER_PATTERN,
	.permit_create = TELSVC_PARAM_PERMIT_COMPLAINT_CREATE,
	.valid = valid,
	.start = start,
	.state = state_of,
	.check = check,
	.permit = permit,
	.apply = apply,
	.export_extra = export_extra,
};

_Static_assert(sizeof(ts_complaint_derived) <= TS_CASE_DERIVED, "the derived state fits an undo mark");

/* ---- the public functions ---- */

static int check_intake(const telsvc_complaint_intake *in, const char *fn)
{
	if (!in)
		return ts_error(TELSVC_EINVAL, "%s: intake is NULL", fn);
	if (in->version == 0 || in->version > TELSVC_COMPLAINT_INTAKE_VERSION)
		return ts_error(TELSVC_EVERSION, "%s: unknown intake version %u", fn, in->version);
	if (!valid_channel(in->channel))
		return ts_error(TELSVC_EINVAL, "%s: intake.channel %d is not a complaint channel (§6.1: phone, e-mail, "
					       "online, on site)", fn, in->channel);
	const struct {
		const char *value, *name;
	} required[] = { { in->customer, "customer" }, { in->contact, "contact" }, { in->content, "content" } };
	for (size_t i = 0; i < TS_ARRAY_LEN(required); i++)
		if (!required[i].value || !required[i].value[0])
			return ts_error(TELSVC_EINVAL, "%s: intake.%s is required (§6.4)", fn, required[i].name);
	if (in->category < 0 || in->category > TELSVC_COMPLAINT_OTHER)
		return ts_error(TELSVC_EINVAL, "%s: intake.category %d is not a category (§6.1)", fn, in->category);
	if (in->severity < 0 || in->severity > TELSVC_SEVERITY_MAJOR)
		return ts_error(TELSVC_EINVAL, "%s: intake.severity %d is not a severity (§6.1)", fn, in->severity);
	if (in->flags & ~(TELSVC_COMPLAINT_REPEAT | TELSVC_COMPLAINT_MEDIA | TELSVC_COMPLAINT_MASS))
		return ts_error(TELSVC_EINVAL, "%s: intake.flags has unknown bits", fn);
	if (strlen(in->content) > TS_TEXT_MAX)
		return ts_error(TELSVC_EINVAL, "%s: intake.content is longer than 64 KiB", fn);
	return TELSVC_OK;
}

int telsvc_complaint_classify(telsvc_complaint_class *out, const telsvc_policy *policy,
			      const telsvc_complaint_intake *intake)
{
	const char *fn = "telsvc_complaint_classify";
	if (!out || !policy)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "policy" : "out");
	int rc = ts_check_version(fn, "class", out->version, TELSVC_COMPLAINT_CLASS_VERSION);
	if (rc || (rc = check_intake(intake, fn)))
		return rc;
	return ts_complaint_classify(policy->ctx, policy, intake, out);
}

static int create_complaint(telsvc_complaint **out, telsvc_ctx *ctx, const telsvc_complaint_intake *intake,
			    const telsvc_actor *actor)
{
	const char *fn = "telsvc_complaint_create";
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "ctx" : "out");
	*out = NULL;
	int rc = ts_store_ready(ctx, fn);
	if (rc || (rc = check_intake(intake, fn)))
		return rc;
	telsvc_complaint_class cls = { .version = TELSVC_COMPLAINT_CLASS_VERSION };
	ts_case *c;
	if ((rc = ts_complaint_classify(ctx, ctx->policy, intake, &cls)) || (rc = ts_case_new(&c, &ts_complaint_kind, ctx)))
		return rc;
	const char *texts[CF_COUNT] = { [CF_CUSTOMER] = intake->customer,
					[CF_CONTACT] = intake->contact,
					[CF_CONTENT] = intake->content,
					[CF_SERVICE_TYPE] = intake->service_type,
					[CF_CATEGORY_REASON] = cls.category_reason,
					[CF_SEVERITY_REASON] = cls.severity_reason };
	for (size_t i = 0; i < CF_COUNT && rc == TELSVC_OK; i++)
		if (texts[i] && texts[i][0])
			rc = ts_case_set_text(c, i, texts[i]);
	if (rc) {
		ts_case_free(&c->o);
		return rc;
	}
	c->num[CF_CHANNEL] = intake->channel;
	c->num[CF_FLAGS] = intake->flags;
	c->num[CF_CATEGORY] = cls.category;
	c->num[CF_SEVERITY] = cls.severity;
	c->received_at = intake->received_at;
	if ((rc = ts_case_submit(c, actor, fn)))
		return rc;
	*out = (telsvc_complaint *)c;
	return TELSVC_OK;
}

int telsvc_complaint_create(telsvc_complaint **out, telsvc_ctx *ctx, const telsvc_complaint_intake *intake,
			    const telsvc_actor *actor)
{
	return ts_store_failed(ctx, create_complaint(out, ctx, intake, actor));
}

int telsvc_complaint_apply(telsvc_complaint *c, telsvc_complaint_action action, const telsvc_actor *actor, int64_t at,
			   int64_t arg, const char *note)
{
	return ts_case_apply(c ? &c->c : NULL, (int)action, actor, at, arg, note, "telsvc_complaint_apply");
}

int telsvc_complaint_find(telsvc_complaint **out, telsvc_ctx *ctx, const char *number)
{
	ts_object *o = NULL;
	int rc = ts_object_find(&o, ctx, TELSVC_KIND_COMPLAINT, number, "telsvc_complaint_find");
	if (out)
		*out = (telsvc_complaint *)o;
	return rc;
}

int telsvc_complaint_release(telsvc_complaint *c)
{
	return ts_object_release(c ? &c->c.o : NULL, "telsvc_complaint_release");
}

size_t telsvc_complaint_count(const telsvc_ctx *ctx)
{
	return ctx ? ctx->objects[TELSVC_KIND_COMPLAINT].count : 0;
}

const char *telsvc_complaint_number(const telsvc_complaint *c)
{
	return c ? c->c.o.id : NULL;
}

int telsvc_complaint_state_of(const telsvc_complaint *c)
{
	return c ? c->d.state : ts_error(TELSVC_EINVAL, "telsvc_complaint_state_of: c is NULL");
}

int telsvc_complaint_category_of(const telsvc_complaint *c)
{
	return c ? c->d.category : ts_error(TELSVC_EINVAL, "telsvc_complaint_category_of: c is NULL");
}

int telsvc_complaint_severity_of(const telsvc_complaint *c)
{
	return c ? c->d.severity : ts_error(TELSVC_EINVAL, "telsvc_complaint_severity_of: c is NULL");
}

const char *telsvc_complaint_category_reason(const telsvc_complaint *c)
{
	return !c ? NULL : c->d.category_note ? c->d.category_note : c->c.text[CF_CATEGORY_REASON];
}

const char *telsvc_complaint_severity_reason(const telsvc_complaint *c)
{
	return !c ? NULL : c->d.severity_note ? c->d.severity_note : c->c.text[CF_SEVERITY_REASON];
}

const char *telsvc_complaint_content(const telsvc_complaint *c)
{
	return c ? c->c.text[CF_CONTENT] : NULL;
}

int telsvc_complaint_channel(const telsvc_complaint *c)
{
	return c ? (int)c->c.num[CF_CHANNEL] : ts_error(TELSVC_EINVAL, "telsvc_complaint_channel: c is NULL");
}

int64_t telsvc_complaint_received_at(const telsvc_complaint *c)
{
	return c ? c->c.received_at : 0;
}

int telsvc_complaint_satisfaction(const telsvc_complaint *c)
{
	return c ? c->d.satisfaction : -1;
}

int telsvc_complaint_reopen_count(const telsvc_complaint *c)
{
	return c ? c->d.reopened : 0;
}

size_t telsvc_complaint_deadline_count(const telsvc_complaint *c)
{
	return c ? CK_COUNT : 0;
}

int telsvc_complaint_deadline_at(telsvc_param *limit, int64_t *due, int64_t *done, const telsvc_complaint *c,
				 size_t index)
{
	return ts_case_deadline_at(limit, due, done, c ? &c->c : NULL, index, "telsvc_complaint_deadline_at");
}

size_t telsvc_complaint_history_count(const telsvc_complaint *c)
{
	return c ? c->c.history.count : 0;
}

int telsvc_complaint_history_at(const telsvc_complaint *c, size_t index, int *action, int64_t *at,
				const char **actor_id, const char **role)
{
	return ts_case_history_at(c ? &c->c : NULL, index, action, at, actor_id, role, "telsvc_complaint_history_at");
}

const char *telsvc_complaint_history_note(const telsvc_complaint *c, size_t index)
{
	return ts_case_history_note(c ? &c->c : NULL, index);
}

int64_t telsvc_complaint_history_arg(const telsvc_complaint *c, size_t index)
{
	return c && index < c->c.history.count ? c->c.history.items[index].arg : 0;
}

uint64_t telsvc_complaint_revision(const telsvc_complaint *c)
{
	return c ? c->c.o.revision : 0;
}
