/* Quality indicators (§5.2, docs/indicators.md): every case in memory
 * that falls in the slice is measured by its kind (ts_measure) and the
 * figures are summed up here. */
#include "context.h"
#include "policy_internal.h"
#include "sla_internal.h"
#include "telsvc/complaint.h"
#include "telsvc/indicators.h"
#include "telsvc/sla.h"

#include <stdlib.h>
#include <string.h>

int ts_measure_fact(ts_measure *m, const ts_fact *f)
{
	if (ts_grow(m->ctx, &m->facts, &m->fact_cap, m->fact_count, sizeof(ts_fact), 8))
		return TELSVC_ENOMEM;
	m->facts[m->fact_count++] = *f;
	return TELSVC_OK;
}

/* Durations collected for one statistic. */
typedef struct series {
	int64_t *v;
	size_t count, cap;
} series;

static int add(telsvc_ctx *ctx, series *s, int64_t v)
{
	if (ts_grow(ctx, &s->v, &s->cap, s->count, sizeof(int64_t), 64))
		return TELSVC_ENOMEM;
	s->v[s->count++] = v;
	return TELSVC_OK;
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Mean, lower median and nearest-rank 90th percentile. */
static telsvc_duration_stats stats_of(series *s)
{
	telsvc_duration_stats st = { .count = s->count };
	if (!s->count)
		return st;
	qsort(s->v, s->count, sizeof(int64_t), cmp);
	int64_t sum = 0; /* durations of at most a century, so no overflow below 10^8 of them */
	for (size_t i = 0; i < s->count; i++)
		sum += s->v[i];
	st.mean = sum / (int64_t)s->count;
	st.median = s->v[(s->count - 1) / 2];
	size_t rank = (s->count * 9 + 9) / 10; /* ceil(0.9 n), 1-based */
	st.p90 = s->v[rank - 1];
	return st;
}

static bool in_slice(const ts_object *o, const ts_measure *m, const telsvc_slice *sl)
{
	if (sl->kind && o->ops->kind != sl->kind)
		return false;
	if (sl->klass && m->klass != sl->klass)
		return false;
	if (sl->category && m->category != sl->category)
		return false;
	if (sl->channel && m->channel != sl->channel)
		return false;
	if (sl->service_type && (!m->service_type || strcmp(m->service_type, sl->service_type) != 0))
		return false;
	return !(sl->from || sl->to) || (m->received >= sl->from && m->received < sl->to);
}

static telsvc_limit_stats *limit_slot(telsvc_indicators *out, telsvc_param limit)
{
	for (size_t i = 0; i < out->limit_count; i++)
		if (out->limits[i].limit == limit)
			return &out->limits[i];
	if (out->limit_count == TELSVC_INDICATORS_LIMITS)
		return NULL;
	out->limits[out->limit_count] = (telsvc_limit_stats){ .limit = limit };
	return &out->limits[out->limit_count++];
}

static int by_limit(const void *a, const void *b)
{
	const telsvc_limit_stats *x = a, *y = b;
	return (x->limit > y->limit) - (x->limit < y->limit);
}

typedef struct totals {
	series respond_wall, respond_business, handle_wall, handle_business;
	int64_t satisfaction_sum;
} totals;

/* A duration on the wall clock and on the business clock of @cal. */
static int durations(telsvc_ctx *ctx, const telsvc_calendar *cal, series *wall, series *business, int64_t from,
		     int64_t to)
{
	if (to == TELSVC_NEVER)
		return TELSVC_OK;
	int64_t b = 0;
	int rc = add(ctx, wall, to - from);
	if (rc == TELSVC_OK && cal && (rc = telsvc_calendar_elapsed(&b, cal, TELSVC_CLOCK_BUSINESS, from, to)) == TELSVC_OK)
		rc = add(ctx, business, b);
	return rc;
}

/* A missed deadline escalates to the third level (§5.1) when it is still
 * unmet past the point the monitor raises the escalation at. */
static int count_escalation(telsvc_ctx *ctx, const ts_fact *f, int64_t until, telsvc_limit_stats *ls)
{
	telsvc_sla view;
	const telsvc_sla *sla = f->sla;
	if (!sla) {
		ts_sla_view(&view, ctx, f->limit, f->start, f->done);
		sla = &view;
	}
	int64_t at;
	int64_t ppm = TS_PPM + ctx->policy->values[TELSVC_PARAM_MONITORING_ESCALATE_AFTER].amount;
	int rc = ts_sla_point(&at, sla, ctx->policy, ppm);
	if (rc == TELSVC_OK && at != TELSVC_NEVER && at < until)
		ls->escalated++;
	return rc == TELSVC_ENOMEM ? rc : TELSVC_OK; /* a calendar the policy lacks raises nothing */
}

static int count_object(telsvc_ctx *ctx, const ts_object *o, ts_measure *m, const telsvc_slice *sl,
			const telsvc_calendar *cal, telsvc_indicators *out, totals *t)
{
	int rc = o->ops->measure(o, m);
	if (rc || !in_slice(o, m, sl))
		return rc;
	out->cases++;
	out->finished += m->finished;
	if ((rc = durations(ctx, cal, &t->respond_wall, &t->respond_business, m->received, m->responded)) ||
	    (rc = durations(ctx, cal, &t->handle_wall, &t->handle_business, m->received, m->handled)))
		return rc;
	if (m->satisfaction >= 0) {
		out->satisfaction_count++;
		t->satisfaction_sum += m->satisfaction;
		out->satisfied += (int64_t)m->satisfaction * 10000 >= ctx->policy->values[TELSVC_PARAM_QUALITY_SATISFACTION].amount;
	}
	if (m->category > 0 && m->category <= TELSVC_COMPLAINT_OTHER)
		out->complaints_by_category[m->category]++;
	for (int g = 1; g <= 3; g++)
		out->problems_by_grade[g] += m->problems[g];
	for (size_t i = 0; i < m->fact_count; i++) {
		const ts_fact *f = &m->facts[i];
		telsvc_limit_stats *ls = limit_slot(out, f->limit);
		if (!ls)
			continue;
		bool met = f->done != TELSVC_NEVER;
		if (met && (f->due == TELSVC_NEVER || f->done <= f->due)) {
			ls->on_time++;
			continue;
		}
		if (met)
			ls->late++;
		else if (f->due != TELSVC_NEVER && f->due < sl->now)
			ls->overdue++;
		else {
			ls->pending++;
			continue;
		}
		out->breaches++;
		if ((rc = count_escalation(ctx, f, met ? f->done : sl->now, ls)))
			return rc;
	}
	return TELSVC_OK;
}

/* Availability and the fault rate from the slice's outages (§5.2,
 * docs/indicators.md), over the period up to @c now. */
static int availability(telsvc_indicators *out, const telsvc_slice *sl, const char *fn)
{
	out->availability = out->fault_rate = -1;
	if (!sl->units && !sl->outage_count)
		return TELSVC_OK;
	int64_t end = sl->to < sl->now ? sl->to : sl->now;
	if (!(sl->from || sl->to) || end <= sl->from)
		return ts_error(TELSVC_EINVAL, "%s: slice: availability needs a period (from, to) begun before now", fn);
	if (sl->outage_count && !sl->outages)
		return ts_error(TELSVC_EINVAL, "%s: slice: outage_count is %zu but outages is NULL", fn, sl->outage_count);
	uint64_t units = sl->units ? sl->units : 1, faults = 0;
	long double lost = 0;
	for (size_t i = 0; i < sl->outage_count; i++) {
		const telsvc_outage *o = &sl->outages[i];
		uint64_t n = o->units ? o->units : 1;
		if (o->end != TELSVC_NEVER && o->end < o->start)
			return ts_error(TELSVC_EINVAL, "%s: slice: outage %zu ends before it starts", fn, i);
		if (n > units)
			return ts_error(TELSVC_EINVAL, "%s: slice: outage %zu takes down %llu units of %llu", fn, i,
					(unsigned long long)n, (unsigned long long)units);
		if (sl->service_type && (!o->service_type || strcmp(o->service_type, sl->service_type) != 0))
			continue;
		int64_t a = o->start > sl->from ? o->start : sl->from;
		int64_t b = o->end == TELSVC_NEVER || o->end > end ? end : o->end;
		if (o->start >= end || (b <= a && o->start < sl->from))
			continue;
		out->outages++;
		faults += o->start >= sl->from;
		if (b > a) {
			out->downtime += (int64_t)n * (b - a);
			lost += (long double)n * (b - a);
		}
	}
	/* the share lost is rounded up, so availability is never overstated */
	long double share = lost * TS_PPM / ((long double)units * (end - sl->from));
	int64_t ppm = (int64_t)share;
	out->availability = TS_PPM - (ppm + (ppm < share));
	out->fault_rate = (int64_t)(faults * TS_PPM / units);
	return TELSVC_OK;
}

int telsvc_indicators_compute(telsvc_indicators *out, telsvc_ctx *ctx, const telsvc_slice *slice)
{
	const char *fn = "telsvc_indicators_compute";
	static const telsvc_slice all = TELSVC_SLICE_INIT;
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "ctx" : "out");
	int rc = ts_check_version(fn, "indicators", out->version, TELSVC_INDICATORS_VERSION);
	if (rc || (rc = ts_check_version(fn, "slice", slice ? slice->version : TELSVC_SLICE_VERSION, TELSVC_SLICE_VERSION)))
		return rc;
	if (!ctx->policy)
		return ts_error(TELSVC_EINVAL, "%s: the context has no policy (telsvc_ctx_set_policy)", fn);
	telsvc_slice sl = slice ? *slice : all;
	if (!sl.now)
		telsvc_ctx_now(&sl.now, ctx);
	unsigned version = out->version;
	memset(out, 0, sizeof(*out));
	out->version = version;
	const telsvc_calendar *cal = NULL;
	telsvc_policy_calendar(&cal, ctx->policy, NULL);
	totals t = { 0 };
	ts_measure m = { .ctx = ctx };
	for (int kind = 1; kind <= TS_KIND_MAX && rc == TELSVC_OK; kind++) {
		const ts_registry *reg = &ctx->objects[kind];
		for (size_t i = 0; i < reg->cap && rc == TELSVC_OK; i++) {
			if (!reg->keys[i])
				continue;
			ts_fact *facts = m.facts;
			size_t cap = m.fact_cap;
			m = (ts_measure){ .satisfaction = -1, .facts = facts, .fact_cap = cap, .ctx = ctx,
					  .responded = TELSVC_NEVER, .handled = TELSVC_NEVER };
			rc = count_object(ctx, reg->values[i], &m, &sl, cal, out, &t);
		}
	}
	if (rc == TELSVC_OK) {
		out->respond_wall = stats_of(&t.respond_wall);
		out->respond_business = stats_of(&t.respond_business);
		out->handle_wall = stats_of(&t.handle_wall);
		out->handle_business = stats_of(&t.handle_business);
		if (out->satisfaction_count)
			out->satisfaction_mean = t.satisfaction_sum * 100 / (int64_t)out->satisfaction_count;
		qsort(out->limits, out->limit_count, sizeof(out->limits[0]), by_limit);
		for (size_t i = 0; i < out->limit_count; i++)
			out->escalations += out->limits[i].escalated;
		rc = availability(out, &sl, fn);
	}
	ts_free(ctx, m.facts);
	ts_free(ctx, t.respond_wall.v);
	ts_free(ctx, t.respond_business.v);
	ts_free(ctx, t.handle_wall.v);
	ts_free(ctx, t.handle_business.v);
	return rc;
}
