/* Quality indicators (§5.2, docs/indicators.md): every case in memory
 * that falls in the slice is measured by its kind (ts_measure) and the
 * figures are summed up here. */
#include "context.h"
#include "indicators_internal.h"
#include "policy_internal.h"
#include "sla_internal.h"
#include "sort.h"
#include "telsvc/complaint.h"
#include "telsvc/indicators.h"
#include "telsvc/sla.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int ts_measure_fact(ts_measure *m, const ts_fact *f)
{
	if (ts_grow(m->ctx, &m->facts, &m->fact_cap, m->fact_count, sizeof(ts_fact), 8))
		return TELSVC_ENOMEM;
	m->facts[m->fact_count++] = *f;
	return TELSVC_OK;
}

/* Durations collected for one statistic, in storage sized for every
 * object scanned, so that adding never fails nor copies. */
typedef struct series {
	int64_t *v;
	size_t count;
} series;

/* The four statistics of durations, in the order of sample.d. */
enum { RESPOND_WALL, RESPOND_BUSINESS, HANDLE_WALL, HANDLE_BUSINESS, SERIES };

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Put the @k-th smallest of v[lo..hi] at v[k], none larger before it
 * and none smaller after it: Hoare's selection, with a sort to bound the
 * worst case. */
static void select_kth(int64_t *v, ptrdiff_t lo, ptrdiff_t hi, ptrdiff_t k)
{
	for (int rounds = 0; lo < hi; rounds++) {
		if (rounds == 64) {
			qsort(v + lo, (size_t)(hi - lo + 1), sizeof(int64_t), cmp);
			return;
		}
		int64_t a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
		int64_t pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				int64_t t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return; /* v[j+1 .. i-1] all equal the pivot */
	}
}

/* Mean, lower median and nearest-rank 90th percentile, in linear time. */
static telsvc_duration_stats stats_of(series *s)
{
	telsvc_duration_stats st = { .count = s->count };
	if (!s->count)
		return st;
	int64_t sum = 0; /* durations of at most a century, so no overflow below 10^8 of them */
	for (size_t i = 0; i < s->count; i++)
		sum += s->v[i];
	st.mean = sum / (int64_t)s->count;
	ptrdiff_t p90 = (ptrdiff_t)((s->count * 9 + 9) / 10) - 1; /* rank ceil(0.9 n), 1-based */
	ptrdiff_t median = (ptrdiff_t)(s->count - 1) / 2;
	select_kth(s->v, 0, (ptrdiff_t)s->count - 1, p90);
	select_kth(s->v, 0, p90, median);
	st.median = s->v[median];
	st.p90 = s->v[p90];
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

enum { ON_TIME = 1, LATE, OVERDUE, PENDING };

/* A missed deadline escalates to the third level (§5.1) when it is still
 * unmet past the point the monitor raises the escalation at. */
static int escalated(bool *out, telsvc_ctx *ctx, const ts_fact *f, int64_t until)
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
	*out = rc == TELSVC_OK && at != TELSVC_NEVER && at < until;
	return rc == TELSVC_ENOMEM ? rc : TELSVC_OK; /* a calendar the policy lacks raises nothing */
}

/* What one case adds to each tally it counts in, worked out once. */
typedef struct sample {
	const ts_measure *m;
	int64_t d[SERIES]; /* -1: none */
} sample;

/* A duration on the wall clock and on the business clock of @cal. */
static int durations(const telsvc_calendar *cal, int64_t from, int64_t to, int64_t *wall, int64_t *business)
{
	*wall = *business = -1;
	if (to == TELSVC_NEVER)
		return TELSVC_OK;
	*wall = to - from;
	return cal ? telsvc_calendar_elapsed(business, cal, TELSVC_CLOCK_BUSINESS, from, to) : TELSVC_OK;
}

static int sample_of(sample *x, telsvc_ctx *ctx, ts_measure *m, const telsvc_slice *sl, const telsvc_calendar *cal)
{
	x->m = m;
	int rc;
	if ((rc = durations(cal, m->received, m->responded, &x->d[RESPOND_WALL], &x->d[RESPOND_BUSINESS])) ||
	    (rc = durations(cal, m->received, m->handled, &x->d[HANDLE_WALL], &x->d[HANDLE_BUSINESS])))
		return rc;
	for (size_t i = 0; i < m->fact_count && rc == TELSVC_OK; i++) {
		ts_fact *f = &m->facts[i];
		bool met = f->done != TELSVC_NEVER;
		f->escalated = false;
		if (met && (f->due == TELSVC_NEVER || f->done <= f->due))
			f->outcome = ON_TIME;
		else if (met || (f->due != TELSVC_NEVER && f->due < sl->now))
			f->outcome = met ? LATE : OVERDUE, rc = escalated(&f->escalated, ctx, f, met ? f->done : sl->now);
		else
			f->outcome = PENDING;
	}
	return rc;
}

/* The figures of one slice while its cases are counted. */
typedef struct tally {
	telsvc_indicators *out;
	series s[SERIES];
	int64_t satisfaction_sum;
} tally;

static void add_durations(tally *t, const sample *x)
{
	for (int i = 0; i < SERIES; i++)
		if (x->d[i] >= 0)
			t->s[i].v[t->s[i].count++] = x->d[i];
}

static void count(telsvc_ctx *ctx, tally *t, const sample *x)
{
	telsvc_indicators *out = t->out;
	const ts_measure *m = x->m;
	out->cases++;
	out->finished += m->finished;
	if (m->satisfaction >= 0) {
		out->satisfaction_count++;
		t->satisfaction_sum += m->satisfaction;
		out->satisfied += (int64_t)m->satisfaction * 10000 >= ctx->policy->values[TELSVC_PARAM_QUALITY_SATISFACTION].amount;
	}
	if (m->category > 0 && m->category <= TELSVC_COMPLAINT_OTHER)
		out->complaints_by_category[m->category]++;
	if (m->klass > 0 && m->klass <= 4)
		out->by_class[m->klass]++;
	for (int g = 1; g <= 3; g++)
		out->problems_by_grade[g] += m->problems[g];
	out->reviews_pending += m->reviews_pending;
	for (size_t i = 0; i < m->fact_count; i++) {
		const ts_fact *f = &m->facts[i];
		telsvc_limit_stats *ls = limit_slot(out, f->limit);
		if (!ls)
			continue;
		ls->on_time += f->outcome == ON_TIME;
		ls->late += f->outcome == LATE;
		ls->overdue += f->outcome == OVERDUE;
		ls->pending += f->outcome == PENDING;
		ls->escalated += f->escalated;
		out->breaches += f->outcome == LATE || f->outcome == OVERDUE;
	}
}

static void tally_finish(tally *t)
{
	telsvc_indicators *out = t->out;
	out->respond_wall = stats_of(&t->s[RESPOND_WALL]);
	out->respond_business = stats_of(&t->s[RESPOND_BUSINESS]);
	out->handle_wall = stats_of(&t->s[HANDLE_WALL]);
	out->handle_business = stats_of(&t->s[HANDLE_BUSINESS]);
	if (out->satisfaction_count)
		out->satisfaction_mean = t->satisfaction_sum * 100 / (int64_t)out->satisfaction_count;
	qsort(out->limits, out->limit_count, sizeof(out->limits[0]), by_limit);
	for (size_t i = 0; i < out->limit_count; i++)
		out->escalations += out->limits[i].escalated;
	out->availability = out->fault_rate = -1;
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

static void reset(telsvc_indicators *out)
{
	unsigned version = out->version;
	memset(out, 0, sizeof(*out));
	out->version = version;
}

/* An object to scan, with its kind's operations: the scan asks for an
 * object's memory before it reads any of it. */
typedef struct entry {
	uint64_t address; /* of @o, the sort key */
	const ts_object *o;
	const ts_kind_ops *ops;
} entry;

_Static_assert(sizeof(entry) <= TS_SORT_ITEM_MAX, "entries are sortable in place");

/* The objects of the kinds the slice can hold, in one array to scan
 * with look-ahead. */
static int objects_of(telsvc_ctx *ctx, const telsvc_slice *sl, entry **out, size_t *n, size_t counts[])
{
	size_t total = 0;
	for (int kind = 1; kind <= TS_KIND_MAX; kind++)
		total += counts[kind] = !sl->kind || sl->kind == kind ? ctx->objects[kind].count : 0;
	entry *list = ts_malloc(ctx, (total ? total : 1) * sizeof(*list));
	if (!list)
		return ts_error_nomem();
	*n = 0;
	for (int kind = 1; kind <= TS_KIND_MAX; kind++) {
		const ts_registry *reg = &ctx->objects[kind];
		const ts_kind_ops *ops = ts_kind_get(kind);
		for (size_t i = 0; i < reg->cap && counts[kind]; i++)
			if (reg->keys[i])
				list[(*n)++] = (entry){ (uint64_t)(uintptr_t)reg->values[i], reg->values[i], ops };
	}
	/* in address order: objects loaded together lie together, so the scan
	 * walks memory forward, with far fewer TLB misses than hash order */
	ts_sort_by_key(list, *n, sizeof(*list), false);
	*out = list;
	return TELSVC_OK;
}

/* How far ahead the scan asks for an object's own memory, and for what it points to. */
enum { AHEAD_OBJECT = 32, AHEAD_POINTED = 16 };

/* Each kind's durations go to its own segment of the storage, where its
 * statistics are taken; the segments are then closed up for the whole. */
static void split(tally t[], int64_t *store, size_t n, const size_t counts[], bool kinds)
{
	for (int i = 0; i < SERIES; i++) {
		int64_t *at = store + (size_t)i * n;
		t[0].s[i].v = at;
		for (int k = 1; k <= TS_KIND_MAX && kinds; k++) {
			t[k].s[i].v = at;
			at += counts[k];
		}
	}
}

static void join(tally t[])
{
	for (int i = 0; i < SERIES; i++) {
		series *all = &t[0].s[i];
		for (int k = 1; k <= TS_KIND_MAX; k++) {
			memmove(all->v + all->count, t[k].s[i].v, t[k].s[i].count * sizeof(int64_t));
			all->count += t[k].s[i].count;
		}
	}
}

int ts_indicators_run(telsvc_ctx *ctx, const telsvc_slice *slice, telsvc_indicators *all, telsvc_indicators *kinds,
		      const char *fn)
{
	static const telsvc_slice every = TELSVC_SLICE_INIT;
	telsvc_slice sl = slice ? *slice : every;
	if (!sl.now)
		telsvc_ctx_now(&sl.now, ctx);
	const telsvc_calendar *cal = NULL;
	telsvc_policy_calendar(&cal, ctx->policy, NULL);
	tally t[TS_KIND_MAX + 1] = { { .out = all } };
	reset(all);
	for (int kind = 1; kind <= TS_KIND_MAX && kinds; kind++)
		reset(t[kind].out = &kinds[kind]);
	entry *list = NULL;
	int64_t *store = NULL;
	size_t n = 0, counts[TS_KIND_MAX + 1] = { 0 };
	int rc = objects_of(ctx, &sl, &list, &n, counts);
	if (rc == TELSVC_OK && !(store = ts_malloc(ctx, (n ? n : 1) * SERIES * sizeof(int64_t))))
		rc = ts_error_nomem();
	if (rc == TELSVC_OK)
		split(t, store, n, counts, kinds != NULL);
	ts_measure m = { .ctx = ctx };
	for (size_t i = 0; i < n && rc == TELSVC_OK; i++) {
		if (i + AHEAD_OBJECT < n)
			list[i + AHEAD_OBJECT].ops->prefetch(list[i + AHEAD_OBJECT].o, 0);
		if (i + AHEAD_POINTED < n)
			list[i + AHEAD_POINTED].ops->prefetch(list[i + AHEAD_POINTED].o, 1);
		const ts_object *o = list[i].o;
		m = (ts_measure){ .satisfaction = -1, .facts = m.facts, .fact_cap = m.fact_cap, .ctx = ctx,
				  .responded = TELSVC_NEVER, .handled = TELSVC_NEVER };
		sample x;
		if ((rc = o->ops->measure(o, &m)) || !in_slice(o, &m, &sl) || (rc = sample_of(&x, ctx, &m, &sl, cal)))
			continue;
		count(ctx, &t[0], &x);
		if (kinds)
			count(ctx, &t[o->ops->kind], &x);
		add_durations(&t[kinds ? o->ops->kind : 0], &x);
	}
	if (rc == TELSVC_OK) {
		for (int k = 1; k <= TS_KIND_MAX && kinds; k++)
			tally_finish(&t[k]);
		if (kinds)
			join(t);
		tally_finish(&t[0]);
	}
	ts_free(ctx, store);
	ts_free(ctx, m.facts);
	ts_free(ctx, list);
	return rc ? rc : availability(all, &sl, fn);
}

int telsvc_indicators_compute(telsvc_indicators *out, telsvc_ctx *ctx, const telsvc_slice *slice)
{
	const char *fn = "telsvc_indicators_compute";
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "ctx" : "out");
	int rc = ts_check_version(fn, "indicators", out->version, TELSVC_INDICATORS_VERSION);
	if (rc || (rc = ts_check_version(fn, "slice", slice ? slice->version : TELSVC_SLICE_VERSION, TELSVC_SLICE_VERSION)))
		return rc;
	if (!ctx->policy)
		return ts_error(TELSVC_EINVAL, "%s: the context has no policy (telsvc_ctx_set_policy)", fn);
	return ts_indicators_run(ctx, slice, out, NULL, fn);
}
