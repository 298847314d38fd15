/* The quality report (§5.4, docs/report.md): the indicators of the slice
 * over every kind and for each, evaluated against the policy's targets,
 * and the host's improvement items (§5.3) with their state. One
 * allocation holds the report and its copies of the items' strings. */
#include "context.h"
#include "indicators_internal.h"
#include "object.h"
#include "policy_internal.h"
#include "report_internal.h"

#include <string.h>

/* Times a host leaves at zero mean "none", as TELSVC_NEVER does. */
static bool unset(int64_t t)
{
	return t == 0 || t == TELSVC_NEVER;
}

static int check_item(const telsvc_improvement *it, size_t i, const char *fn)
{
	if (!it->problem || !*it->problem || !it->measure || !*it->measure)
		return ts_error(TELSVC_EINVAL, "%s: improvement %zu: the %s is missing", fn, i,
				!it->problem || !*it->problem ? "problem" : "measure");
	if (it->problem_class < TELSVC_PROBLEM_CLASS_TECHNICAL || it->problem_class > TELSVC_PROBLEM_CLASS_EXTERNAL)
		return ts_error(TELSVC_EINVAL, "%s: improvement %zu: problem_class %d is not a telsvc_problem_class (§5.3)",
				fn, i, it->problem_class);
	if (!unset(it->verified) && (unset(it->done) || it->verified < it->done))
		return ts_error(TELSVC_EINVAL, "%s: improvement %zu: verified before it was put in place", fn, i);
	return TELSVC_OK;
}

static int state_of(const telsvc_improvement *it, int64_t now)
{
	if (!unset(it->verified) && it->verified <= now)
		return TELSVC_IMPROVEMENT_VERIFIED;
	if (!unset(it->done) && it->done <= now)
		return TELSVC_IMPROVEMENT_DONE;
	return !unset(it->due) && it->due < now ? TELSVC_IMPROVEMENT_OVERDUE : TELSVC_IMPROVEMENT_OPEN;
}

static size_t text_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/* Copy @s into the report's string area at *@at. */
static const char *keep(char **at, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *copy = memcpy(*at, s, n);
	*at += n;
	return copy;
}

static telsvc_evaluation judge(int what, telsvc_param param, int64_t value, int64_t target, bool below)
{
	telsvc_evaluation e = { what, param, value, target, TELSVC_VERDICT_NO_DATA };
	if (value >= 0)
		e.verdict = (below ? value < target : value >= target) ? TELSVC_VERDICT_MET : TELSVC_VERDICT_MISSED;
	return e;
}

static int64_t target_of(const telsvc_policy *p, telsvc_param param)
{
	return p->values[param].amount; /* a percentage, always set */
}

/* Availability, fault rate and satisfaction against quality.*; each
 * limit's on-time rate against every deadline met. */
static size_t evaluate(telsvc_evaluation *out, const telsvc_indicators *ind, const telsvc_policy *p)
{
	size_t n = 0;
	out[n++] = judge(TELSVC_EVALUATED_AVAILABILITY, TELSVC_PARAM_QUALITY_AVAILABILITY, ind->availability,
			 target_of(p, TELSVC_PARAM_QUALITY_AVAILABILITY), false);
	out[n++] = judge(TELSVC_EVALUATED_FAULT_RATE, TELSVC_PARAM_QUALITY_FAULT_RATE, ind->fault_rate,
			 target_of(p, TELSVC_PARAM_QUALITY_FAULT_RATE), true);
	out[n++] = judge(TELSVC_EVALUATED_SATISFACTION, TELSVC_PARAM_QUALITY_SATISFACTION,
			 ind->satisfaction_count ? ind->satisfaction_mean * 100 : -1,
			 target_of(p, TELSVC_PARAM_QUALITY_SATISFACTION), false);
	for (size_t i = 0; i < ind->limit_count; i++) {
		const telsvc_limit_stats *l = &ind->limits[i];
		uint64_t due = l->on_time + l->late + l->overdue;
		out[n++] = judge(TELSVC_EVALUATED_ON_TIME, l->limit, due ? (int64_t)(l->on_time * TS_PPM / due) : -1,
				 TS_PPM, false);
	}
	return n;
}

int telsvc_report_compute(telsvc_report **out, telsvc_ctx *ctx, const telsvc_report_options *options)
{
	const char *fn = "telsvc_report_compute";
	static const telsvc_report_options defaults = TELSVC_REPORT_OPTIONS_INIT;
	static const telsvc_slice every = TELSVC_SLICE_INIT;
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "ctx" : "out");
	*out = NULL;
	const telsvc_report_options *o = options ? options : &defaults;
	int rc = ts_check_version(fn, "options", o->version, TELSVC_REPORT_OPTIONS_VERSION);
	telsvc_slice sl = o->slice ? *o->slice : every;
	if (rc || (rc = ts_check_version(fn, "slice", sl.version, TELSVC_SLICE_VERSION)))
		return rc;
	if (!ctx->policy)
		return ts_error(TELSVC_EINVAL, "%s: the context has no policy (telsvc_ctx_set_policy)", fn);
	if (o->improvement_count && !o->improvements)
		return ts_error(TELSVC_EINVAL, "%s: improvement_count is %zu but improvements is NULL", fn,
				o->improvement_count);
	size_t strings = 0;
	for (size_t i = 0; i < o->improvement_count; i++) {
		const telsvc_improvement *it = &o->improvements[i];
		if ((rc = check_item(it, i, fn)))
			return rc;
		strings += text_size(it->problem) + text_size(it->cause) + text_size(it->measure) +
			   text_size(it->owner) + text_size(it->effect);
	}
	if (!sl.now)
		telsvc_ctx_now(&sl.now, ctx);

	size_t items = o->improvement_count * sizeof(telsvc_report_item);
	ts_report_block *b = ts_malloc(ctx, sizeof(*b) + items + strings);
	if (!b)
		return ts_error_nomem();
	memset(b, 0, sizeof(*b));
	b->ctx = ctx;
	telsvc_report *r = &b->r;
	r->overview.version = TELSVC_INDICATORS_VERSION;
	for (int k = 0; k <= TS_KIND_MAX; k++)
		b->kinds[k].version = TELSVC_INDICATORS_VERSION;
	if ((rc = ts_indicators_run(ctx, &sl, &r->overview, b->kinds, fn))) {
		ts_free(ctx, b);
		return rc;
	}
	r->version = TELSVC_REPORT_VERSION;
	r->from = sl.from, r->to = sl.to, r->now = sl.now;
	const telsvc_calendar *cal = NULL;
	if (telsvc_policy_calendar(&cal, ctx->policy, NULL) == TELSVC_OK)
		telsvc_calendar_utc_offset(&r->utc_offset, cal, sl.now);
	r->kinds = b->kinds, r->kind_count = TS_KIND_MAX + 1;
	r->evaluations = b->evaluations;
	r->evaluation_count = evaluate(b->evaluations, &r->overview, ctx->policy);

	telsvc_report_item *it = (telsvc_report_item *)(b + 1);
	char *at = (char *)(it + o->improvement_count);
	for (size_t i = 0; i < o->improvement_count; i++) {
		const telsvc_improvement *src = &o->improvements[i];
		telsvc_improvement *dst = &it[i].item;
		*dst = *src;
		dst->problem = keep(&at, src->problem), dst->cause = keep(&at, src->cause);
		dst->measure = keep(&at, src->measure), dst->owner = keep(&at, src->owner);
		dst->effect = keep(&at, src->effect);
		it[i].state = state_of(src, sl.now);
		r->items_by_state[it[i].state]++;
		r->items_by_class[src->problem_class]++;
	}
	r->items = it, r->item_count = o->improvement_count;
	*out = r;
	return TELSVC_OK;
}

void telsvc_report_free(telsvc_report *report)
{
	if (report) {
		ts_report_block *b = ts_report_block_of(report);
		ts_free(b->ctx, b);
	}
}
