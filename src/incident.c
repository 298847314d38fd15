/* Security incidents (§7.3): the kind's fields and its state machine on
 * the case engine (case.c). docs/incident-lifecycle.md draws it. */
#include "export.h"
#include "incident_internal.h"
#include "policy_internal.h"
#include "store.h"

#include <string.h>

static const ts_case_field fields[IF_COUNT] = {
	[IF_SOURCE] = { .name = "source" },
	[IF_TYPE] = { .name = "type" },
	[IF_DESCRIPTION] = { .name = "description", .text = true, .required = true },
	[IF_SCOPE] = { .name = "scope", .text = true },
	[IF_REPORTER] = { .name = "reporter", .text = true, .personal = true },
	[IF_OCCURRED_AT] = { .name = "occurred_at" },
};

static const char *const action_names[] = { "record a detected incident", "confirm it", "report it to management",
					    "isolate", "repair", "recover", "analyse cause and impact", "rectify",
					    "file the post-mortem", "close it", "dismiss it", "change its grade",
					    "record work done" };

static const char *const state_names[] = { "?",	    "detected",	  "confirmed", "reported", "isolated", "repaired",
					   "recovered", "analysed", "rectified", "reviewed", "closed",	"dismissed" };

/* What each step's note must hold (§7.3), by action. */
static const char *const note_needs[] = { NULL,
					  "the confirmed scope",
					  "whom the report went to",
					  "what was isolated",
					  "what was repaired",
					  "what was recovered",
					  "the cause and the impact",
					  "the rectification measures",
					  "the post-mortem: cause, lessons, improvement",
					  NULL,
					  "why it is no incident",
					  "the reason for the new grade",
					  "the work done" };

static const char *const state_keys[] = { "?",	       "detected",  "confirmed", "reported",
					  "isolated",  "repaired",  "recovered", "analysed",
					  "rectified", "reviewed",  "closed",	 "dismissed" };
static const char *const action_keys[] = { "detect",	 "confirm", "report",  "isolate",
					   "repair",	 "recover", "analyse", "rectify",
					   "postmortem", "close",   "dismiss", "regrade", "progress" };
static const char *const grade_keys[] = { NULL, "general", "larger", "major", "particularly_major" };

#define INCIDENT(c) ((telsvc_incident *)(c))

static bool is_open(int state)
{
	return state >= TELSVC_INCIDENT_DETECTED && state <= TELSVC_INCIDENT_REVIEWED;
}

/* The report limit of a grade (§7.3, RULES.md DEFAULTS). */
static telsvc_param report_limit(int grade)
{
	static const telsvc_param limits[] = { 0, TELSVC_PARAM_INCIDENT_REPORT_GENERAL, TELSVC_PARAM_INCIDENT_REPORT_LARGER,
					       TELSVC_PARAM_INCIDENT_REPORT_MAJOR,
					       TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR };
	return grade >= 1 && grade <= TELSVC_GRADE_PARTICULARLY_MAJOR ? limits[grade] : 0;
}

static bool valid(const ts_case *c)
{
	return c->num[IF_SOURCE] >= TELSVC_SOURCE_LOGS && c->num[IF_SOURCE] <= TELSVC_SOURCE_USER_REPORT &&
	       c->num[IF_TYPE] >= TELSVC_INCIDENT_DATA_LEAK && c->num[IF_TYPE] <= TELSVC_INCIDENT_OTHER;
}

static int start(ts_case *c)
{
	INCIDENT(c)->d = (ts_incident_derived){ .state = TELSVC_INCIDENT_DETECTED };
	return TELSVC_OK;
}

static int state_of(const ts_case *c)
{
	return INCIDENT(c)->d.state;
}

static int refuse(const ts_case *c, int action, const char *rule)
{
	return ts_error(TELSVC_ETRANSITION, "incident %s: cannot %s while %s: %s", c->o.id, action_names[action],
			state_names[INCIDENT(c)->d.state], rule);
}

/* Is @grade one the policy defines? The fourth only with its limit set. */
static int check_grade(const ts_case *c, const telsvc_policy *p, int64_t grade, bool replay)
{
	if (grade < TELSVC_GRADE_GENERAL || grade > TELSVC_GRADE_PARTICULARLY_MAJOR)
		return ts_error(TELSVC_EINVAL, "incident %s: %lld is not a grade (§7.3)", c->o.id, (long long)grade);
	if (grade == TELSVC_GRADE_PARTICULARLY_MAJOR && !replay &&
	    !p->values[TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR].set)
		return ts_error(TELSVC_EINVAL,
				"incident %s: the policy does not define the particularly major grade "
				"(set incidents.report.particularly_major to use it)",
				c->o.id);
	return TELSVC_OK;
}

/* The step that must come before @action, as a state, or 0. */
static int before(int action)
{
	switch (action) {
	case TELSVC_INCIDENT_CONFIRM:
	case TELSVC_INCIDENT_DISMISS:
		return TELSVC_INCIDENT_DETECTED;
	case TELSVC_INCIDENT_REPAIR:
		return TELSVC_INCIDENT_ISOLATED;
	case TELSVC_INCIDENT_RECOVER:
		return TELSVC_INCIDENT_REPAIRED;
	case TELSVC_INCIDENT_ANALYSE:
		return TELSVC_INCIDENT_RECOVERED;
	case TELSVC_INCIDENT_RECTIFY:
		return TELSVC_INCIDENT_ANALYSED;
	case TELSVC_INCIDENT_POSTMORTEM:
		return TELSVC_INCIDENT_RECTIFIED;
	case TELSVC_INCIDENT_CLOSE:
		return TELSVC_INCIDENT_REVIEWED;
	default:
		return 0;
	}
}

/* The rules of docs/incident-lifecycle.md. */
static int check(const ts_case *c, const telsvc_policy *p, const ts_event *e, bool replay)
{
	const ts_incident_derived *d = &INCIDENT(c)->d;
	int s = d->state, a = e->action;
	static const char *const order = "§7.3: confirm, report, isolate, repair, recover, analyse, rectify, "
					 "post-mortem, in that order";
	int from = before(a);
	if (from && s != from)
		return refuse(c, a, order);
	switch (a) {
	case TELSVC_INCIDENT_REPORT:
		if (d->reported)
			return refuse(c, a, "§7.3: management was already told");
		if (s != TELSVC_INCIDENT_CONFIRMED && s != TELSVC_INCIDENT_ISOLATED)
			return refuse(c, a, "§7.3: the report follows confirmation");
		break;
	case TELSVC_INCIDENT_ISOLATE:
		if (s != TELSVC_INCIDENT_CONFIRMED && s != TELSVC_INCIDENT_REPORTED)
			return refuse(c, a, "§7.3: the emergency response follows confirmation");
		break;
	case TELSVC_INCIDENT_REPAIR:
		if (!d->reported)
			return refuse(c, a, "§7.3: management is told before the repair");
		break;
	case TELSVC_INCIDENT_CLOSE:
		if (!replay && d->postmortem_by && strcmp(d->postmortem_by, e->actor) == 0)
			return ts_error(TELSVC_EPERM,
					"incident %s: %s filed the post-mortem; someone else closes the incident "
					"(§7.3, separation of duties)",
					c->o.id, e->actor);
		break;
	case TELSVC_INCIDENT_REGRADE:
		if (s < TELSVC_INCIDENT_CONFIRMED || !is_open(s))
			return refuse(c, a, "§7.3: a confirmed, open incident is regraded");
		if (e->arg == d->grade)
			return refuse(c, a, "§7.3: it already has that grade");
		break;
	case TELSVC_INCIDENT_PROGRESS:
		if (!is_open(s))
			return refuse(c, a, "the incident is finished");
		break;
	default:
		break;
	}
	int rc = TELSVC_OK;
	if (a == TELSVC_INCIDENT_CONFIRM || a == TELSVC_INCIDENT_REGRADE)
		rc = check_grade(c, p, e->arg, replay);
	if (rc == TELSVC_OK && note_needs[a] && !e->note)
		rc = ts_error(TELSVC_EINVAL, "incident %s: %s is required in the note (§7.3)", c->o.id, note_needs[a]);
	return rc;
}

static telsvc_param permit(const ts_case *c, int action)
{
	(void)c;
	static const telsvc_param permits[] = {
		[TELSVC_INCIDENT_CONFIRM] = TELSVC_PARAM_PERMIT_INCIDENT_CONFIRM,
		[TELSVC_INCIDENT_REPORT] = TELSVC_PARAM_PERMIT_INCIDENT_REPORT,
		[TELSVC_INCIDENT_ISOLATE] = TELSVC_PARAM_PERMIT_INCIDENT_RESPOND,
		[TELSVC_INCIDENT_REPAIR] = TELSVC_PARAM_PERMIT_INCIDENT_RESPOND,
		[TELSVC_INCIDENT_RECOVER] = TELSVC_PARAM_PERMIT_INCIDENT_RESPOND,
		[TELSVC_INCIDENT_ANALYSE] = TELSVC_PARAM_PERMIT_INCIDENT_ANALYSE,
		[TELSVC_INCIDENT_RECTIFY] = TELSVC_PARAM_PERMIT_INCIDENT_RECTIFY,
		[TELSVC_INCIDENT_POSTMORTEM] = TELSVC_PARAM_PERMIT_INCIDENT_POSTMORTEM,
		[TELSVC_INCIDENT_CLOSE] = TELSVC_PARAM_PERMIT_INCIDENT_CLOSE,
		[TELSVC_INCIDENT_DISMISS] = TELSVC_PARAM_PERMIT_INCIDENT_DISMISS,
		[TELSVC_INCIDENT_REGRADE] = TELSVC_PARAM_PERMIT_INCIDENT_REGRADE,
		[TELSVC_INCIDENT_PROGRESS] = TELSVC_PARAM_PERMIT_INCIDENT_PROGRESS,
	};
	return permits[action];
}

static int apply(ts_case *c, const telsvc_policy *p, const ts_event *e)
{
	(void)p;
	ts_incident_derived *d = &INCIDENT(c)->d;
	static const int to[] = { [TELSVC_INCIDENT_CONFIRM] = TELSVC_INCIDENT_CONFIRMED,
				  [TELSVC_INCIDENT_ISOLATE] = TELSVC_INCIDENT_ISOLATED,
				  [TELSVC_INCIDENT_REPAIR] = TELSVC_INCIDENT_REPAIRED,
				  [TELSVC_INCIDENT_RECOVER] = TELSVC_INCIDENT_RECOVERED,
				  [TELSVC_INCIDENT_ANALYSE] = TELSVC_INCIDENT_ANALYSED,
				  [TELSVC_INCIDENT_RECTIFY] = TELSVC_INCIDENT_RECTIFIED,
				  [TELSVC_INCIDENT_POSTMORTEM] = TELSVC_INCIDENT_REVIEWED,
				  [TELSVC_INCIDENT_CLOSE] = TELSVC_INCIDENT_CLOSED,
				  [TELSVC_INCIDENT_DISMISS] = TELSVC_INCIDENT_DISMISSED,
				  [TELSVC_INCIDENT_PROGRESS] = 0 };
	switch (e->action) {
	case TELSVC_INCIDENT_CONFIRM:
		d->grade = (int)e->arg;
		d->confirmed_at = e->at;
		d->scope = e->note;
		break;
	case TELSVC_INCIDENT_REPORT:
		d->reported = true;
		d->reported_at = e->at;
		if (d->state == TELSVC_INCIDENT_CONFIRMED)
			d->state = TELSVC_INCIDENT_REPORTED;
		return TELSVC_OK;
	case TELSVC_INCIDENT_POSTMORTEM:
		d->postmortem_by = e->actor;
		break;
	case TELSVC_INCIDENT_REGRADE:
		d->grade = (int)e->arg;
		return TELSVC_OK;
	default:
		break;
	}
	if (to[e->action])
		d->state = to[e->action];
	return TELSVC_OK;
}

static void export_extra(const ts_case *c, ts_export *x)
{
	const telsvc_incident *inc = (const telsvc_incident *)c;
	ts_sb_puts(x->sb, ",\"grade\":");
	ts_json_string(x->sb, grade_keys[inc->d.grade]);
	ts_export_text(x, "confirmed_scope", inc->d.scope);
	telsvc_param limit;
	int64_t due, done;
	if (telsvc_incident_report_deadline(&limit, &due, &done, inc) == TELSVC_OK && limit) {
		ts_sb_puts(x->sb, ",\"deadlines\":[");
		ts_export_deadline(x, limit, due, done, true);
		ts_sb_puts(x->sb, "]");
	}
}

/* The report to management, from confirmation until it is made. */
static size_t watches(const ts_object *o, ts_watch *out, size_t cap)
{
	const ts_incident_derived *d = &((const telsvc_incident *)o)->d;
	size_t n = 0;
	if (d->grade && !d->reported && is_open(d->state))
		ts_watch_put(out, cap, &n, (ts_watch){ report_limit(d->grade), -1, NULL, d->confirmed_at });
	return n;
}

static int measure(const ts_object *o, ts_measure *m)
{
	const telsvc_incident *inc = (const telsvc_incident *)o;
	const ts_case *c = &inc->c;
	const ts_incident_derived *d = &inc->d;
	m->received = c->received_at;
	m->responded = c->history.count > 1 ? c->history.items[1].at : TELSVC_NEVER;
	m->handled = d->state == TELSVC_INCIDENT_CLOSED ? c->history.items[c->history.count - 1].at : TELSVC_NEVER;
	m->klass = d->grade;
	m->finished = d->state == TELSVC_INCIDENT_CLOSED || d->state == TELSVC_INCIDENT_DISMISSED;
	/* analysed: rectification, post-mortem and closure still to come (§7.3) */
	m->reviews_pending = d->state >= TELSVC_INCIDENT_ANALYSED && d->state < TELSVC_INCIDENT_CLOSED;
	if (!d->grade)
		return TELSVC_OK;
	ts_fact f = { .start = d->confirmed_at };
	if (telsvc_incident_report_deadline(&f.limit, &f.due, &f.done, inc) != TELSVC_OK)
		f.due = TELSVC_NEVER;
	return ts_measure_fact(m, &f);
}

const ts_case_kind ts_incident_kind = {
	.ops = { TELSVC_KIND_INCIDENT, "incident", sizeof(ts_case_mark), ts_case_decode, ts_case_free, ts_case_undo,
		 ts_case_export, NULL, watches, measure, ts_case_prefetch, grade_keys, TELSVC_GRADE_PARTICULARLY_MAJOR,
		 TS_CASE_TAG_SEQ },
	.fields = fields,
	.field_count = IF_COUNT,
	.object_size = sizeof(telsvc_incident),
	.derived_offset = offsetof(telsvc_incident, d),
	.derived_size = sizeof(ts_incident_derived),
	.clock_count = 0, /* the report deadline follows from the confirmation (no pauses) */
	.max_action = TELSVC_INCIDENT_PROGRESS,
	.action_names = action_names,
	.state_keys = state_keys,
	.action_keys = action_keys,
	.number_pattern = TELSVC_PARAM_INCIDENT_NUMBER_PATTERN,
	.permit_create = TELSVC_PARAM_PERMIT_INCIDENT_CREATE,
	.valid = valid,
	.start = start,
	.state = state_of,
	.check = check,
	.permit = permit,
	.apply = apply,
	.export_extra = export_extra,
};

_Static_assert(sizeof(ts_incident_derived) <= TS_CASE_DERIVED, "the derived state fits an undo mark");

/* ---- the public functions ---- */

static int check_detection(const telsvc_incident_detection *in, const char *fn)
{
	if (!in)
		return ts_error(TELSVC_EINVAL, "%s: detection is NULL", fn);
	if (in->version == 0 || in->version > TELSVC_INCIDENT_DETECTION_VERSION)
		return ts_error(TELSVC_EVERSION, "%s: unknown detection version %u", fn, in->version);
	if (in->source < TELSVC_SOURCE_LOGS || in->source > TELSVC_SOURCE_USER_REPORT)
		return ts_error(TELSVC_EINVAL, "%s: detection.source %d is not a source (§7.3: logs, threat detection, "
					       "user reports)", fn, in->source);
	if (in->type < TELSVC_INCIDENT_DATA_LEAK || in->type > TELSVC_INCIDENT_OTHER)
		return ts_error(TELSVC_EINVAL, "%s: detection.type %d is not an incident type", fn, in->type);
	if (!in->description || !in->description[0])
		return ts_error(TELSVC_EINVAL, "%s: detection.description is required (§7.3)", fn);
	const char *texts[] = { in->description, in->scope, in->reporter };
	static const char *const names[] = { "description", "scope", "reporter" };
	for (size_t i = 0; i < TS_ARRAY_LEN(texts); i++)
		if (texts[i] && strlen(texts[i]) > TS_TEXT_MAX)
			return ts_error(TELSVC_EINVAL, "%s: detection.%s is longer than 64 KiB", fn, names[i]);
	if (in->occurred_at && in->detected_at && in->occurred_at > in->detected_at)
		return ts_error(TELSVC_EINVAL, "%s: detection.occurred_at is after detected_at", fn);
	return TELSVC_OK;
}

static int create_incident(telsvc_incident **out, telsvc_ctx *ctx, const telsvc_incident_detection *detection,
			   const telsvc_actor *actor)
{
	const char *fn = "telsvc_incident_create";
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "ctx" : "out");
	*out = NULL;
	int rc = check_detection(detection, fn);
	if (rc)
		return rc;
	ts_case *c;
	if ((rc = ts_case_new(&c, &ts_incident_kind, ctx)))
		return rc;
	const char *texts[IF_COUNT] = { [IF_DESCRIPTION] = detection->description,
					[IF_SCOPE] = detection->scope,
					[IF_REPORTER] = detection->reporter };
	for (size_t i = 0; i < IF_COUNT && rc == TELSVC_OK; i++)
		if (texts[i] && texts[i][0])
			rc = ts_case_set_text(c, i, texts[i]);
	if (rc) {
		ts_case_free(&c->o);
		return rc;
	}
	c->num[IF_SOURCE] = detection->source;
	c->num[IF_TYPE] = detection->type;
	c->num[IF_OCCURRED_AT] = detection->occurred_at;
	c->received_at = detection->detected_at;
	if ((rc = ts_case_submit(c, actor, fn)))
		return rc;
	*out = (telsvc_incident *)c;
	return TELSVC_OK;
}

int telsvc_incident_create(telsvc_incident **out, telsvc_ctx *ctx, const telsvc_incident_detection *detection,
			   const telsvc_actor *actor)
{
	return ts_store_failed(ctx, create_incident(out, ctx, detection, actor));
}

int telsvc_incident_apply(telsvc_incident *inc, telsvc_incident_action action, const telsvc_actor *actor, int64_t at,
			  int64_t arg, const char *note)
{
	return ts_case_apply(inc ? &inc->c : NULL, (int)action, actor, at, arg, note, "telsvc_incident_apply");
}

int telsvc_incident_find(telsvc_incident **out, telsvc_ctx *ctx, const char *number)
{
	ts_object *o = NULL;
	int rc = ts_object_find(&o, ctx, TELSVC_KIND_INCIDENT, number, "telsvc_incident_find");
	if (out)
		*out = (telsvc_incident *)o;
	return rc;
}

int telsvc_incident_release(telsvc_incident *inc)
{
	return ts_object_release(inc ? &inc->c.o : NULL, "telsvc_incident_release");
}

size_t telsvc_incident_count(const telsvc_ctx *ctx)
{
	return ctx ? ctx->objects[TELSVC_KIND_INCIDENT].count : 0;
}

const char *telsvc_incident_number(const telsvc_incident *inc)
{
	return inc ? inc->c.o.id : NULL;
}

int telsvc_incident_state_of(const telsvc_incident *inc)
{
	return inc ? inc->d.state : ts_error(TELSVC_EINVAL, "telsvc_incident_state_of: inc is NULL");
}

int telsvc_incident_grade_of(const telsvc_incident *inc)
{
	return inc ? inc->d.grade : ts_error(TELSVC_EINVAL, "telsvc_incident_grade_of: inc is NULL");
}

int telsvc_incident_type_of(const telsvc_incident *inc)
{
	return inc ? (int)inc->c.num[IF_TYPE] : ts_error(TELSVC_EINVAL, "telsvc_incident_type_of: inc is NULL");
}

int telsvc_incident_source_of(const telsvc_incident *inc)
{
	return inc ? (int)inc->c.num[IF_SOURCE] : ts_error(TELSVC_EINVAL, "telsvc_incident_source_of: inc is NULL");
}

const char *telsvc_incident_description(const telsvc_incident *inc)
{
	return inc ? inc->c.text[IF_DESCRIPTION] : NULL;
}

const char *telsvc_incident_scope(const telsvc_incident *inc)
{
	if (!inc)
		return NULL;
	return inc->d.scope ? inc->d.scope : inc->c.text[IF_SCOPE] ? inc->c.text[IF_SCOPE] : "";
}

int64_t telsvc_incident_detected_at(const telsvc_incident *inc)
{
	return inc ? inc->c.received_at : 0;
}

int64_t telsvc_incident_confirmed_at(const telsvc_incident *inc)
{
	return inc ? inc->d.confirmed_at : 0;
}

int telsvc_incident_report_deadline(telsvc_param *limit, int64_t *due, int64_t *done, const telsvc_incident *inc)
{
	if (!limit || !due || !done || !inc)
		return ts_error(TELSVC_EINVAL, "telsvc_incident_report_deadline: an argument is NULL");
	const ts_incident_derived *d = &inc->d;
	*limit = report_limit(d->grade);
	*done = d->reported ? d->reported_at : TELSVC_NEVER;
	if (!d->grade) {
		*due = TELSVC_NEVER;
		return TELSVC_OK;
	}
	return ts_policy_deadline(due, inc->c.o.ctx->policy, *limit, d->confirmed_at);
}

size_t telsvc_incident_history_count(const telsvc_incident *inc)
{
	return inc ? inc->c.history.count : 0;
}

int telsvc_incident_history_at(const telsvc_incident *inc, size_t index, int *action, int64_t *at,
			       const char **actor_id, const char **role)
{
	return ts_case_history_at(inc ? &inc->c : NULL, index, action, at, actor_id, role, "telsvc_incident_history_at");
}

const char *telsvc_incident_history_note(const telsvc_incident *inc, size_t index)
{
	return ts_case_history_note(inc ? &inc->c : NULL, index);
}

uint64_t telsvc_incident_revision(const telsvc_incident *inc)
{
	return inc ? inc->c.o.revision : 0;
}
