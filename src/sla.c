/* SLA clocks: a start, pauses kept as intervals, an optional stop. Every
 * figure is derived from that history and the policy of the query, never
 * stored, so reclassification and policy changes recompute exactly. */
#include "calendar.h"
#include "civil.h"
#include "policy_internal.h"

#include "sla_internal.h"

#include <string.h>

static bool is_limit(telsvc_param param)
{
	const ts_param_info *info = ts_param_info_get(param);
	return info && info->type == TELSVC_PARAM_TYPE_LIMIT;
}

int telsvc_sla_new(telsvc_sla **out, telsvc_ctx *ctx, telsvc_param limit, int64_t start)
{
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_sla_new: %s is NULL", out ? "ctx" : "out");
	*out = NULL;
	if (!is_limit(limit))
		return ts_error(TELSVC_EINVAL, "telsvc_sla_new: parameter %d is not a time limit", (int)limit);
	telsvc_sla *sla = ts_calloc(ctx, 1, sizeof(*sla));
	if (!sla)
		return TELSVC_ENOMEM;
	*sla = (telsvc_sla){ .ctx = ctx, .limit = limit, .start = start, .stop = TELSVC_NEVER };
	*out = sla;
	return TELSVC_OK;
}

void telsvc_sla_free(telsvc_sla *sla)
{
	if (!sla)
		return;
	ts_free(sla->ctx, sla->pauses);
	ts_free(sla->ctx, sla);
}

static telsvc_sla_state state_of(const telsvc_sla *sla)
{
	if (sla->stop != TELSVC_NEVER)
		return TELSVC_SLA_STOPPED;
	if (sla->count && sla->pauses[sla->count - 1].to == TELSVC_NEVER)
		return TELSVC_SLA_PAUSED;
	return TELSVC_SLA_RUNNING;
}

static const char *state_name(telsvc_sla_state s)
{
	return s == TELSVC_SLA_RUNNING ? "running" : s == TELSVC_SLA_PAUSED ? "paused" : "stopped";
}

/* The instant of the clock's last event: nothing may be recorded before it. */
static int64_t last_event(const telsvc_sla *sla)
{
	if (!sla->count)
		return sla->start;
	const pause_iv *p = &sla->pauses[sla->count - 1];
	return p->to == TELSVC_NEVER ? p->from : p->to;
}

static int check_event(const telsvc_sla *sla, const char *fn, int64_t at, telsvc_sla_state need, bool or_paused)
{
	if (!sla)
		return ts_error(TELSVC_EINVAL, "%s: sla is NULL", fn);
	telsvc_sla_state s = state_of(sla);
	if (s != need && !(or_paused && s == TELSVC_SLA_PAUSED))
		return ts_error(TELSVC_ETRANSITION, "%s: the clock is %s", fn, state_name(s));
	if (at < last_event(sla) || at == TELSVC_NEVER)
		return ts_error(TELSVC_ETRANSITION, "%s: %lld precedes the clock's last event at %lld", fn, (long long)at,
				(long long)last_event(sla));
	return TELSVC_OK;
}

int telsvc_sla_pause(telsvc_sla *sla, int64_t at)
{
	int rc = check_event(sla, "telsvc_sla_pause", at, TELSVC_SLA_RUNNING, false);
	if (rc)
		return rc;
	if (ts_grow(sla->ctx, &sla->pauses, &sla->cap, sla->count, sizeof(pause_iv), 4))
		return TELSVC_ENOMEM;
	sla->pauses[sla->count++] = (pause_iv){ at, TELSVC_NEVER };
	return TELSVC_OK;
}

int telsvc_sla_resume(telsvc_sla *sla, int64_t at)
{
	int rc = check_event(sla, "telsvc_sla_resume", at, TELSVC_SLA_PAUSED, false);
	if (rc == TELSVC_OK)
		sla->pauses[sla->count - 1].to = at;
	return rc;
}

int telsvc_sla_stop(telsvc_sla *sla, int64_t at)
{
	int rc = check_event(sla, "telsvc_sla_stop", at, TELSVC_SLA_RUNNING, true);
	if (rc)
		return rc;
	if (state_of(sla) == TELSVC_SLA_PAUSED)
		sla->pauses[sla->count - 1].to = at;
	sla->stop = at;
	return TELSVC_OK;
}

int telsvc_sla_set_limit(telsvc_sla *sla, telsvc_param limit)
{
	if (!sla || !is_limit(limit))
		return ts_error(TELSVC_EINVAL, "telsvc_sla_set_limit: %s", sla ? "not a time limit" : "sla is NULL");
	sla->limit = limit;
	return TELSVC_OK;
}

telsvc_param telsvc_sla_limit(const telsvc_sla *sla)
{
	return sla ? sla->limit : (telsvc_param)0;
}

int telsvc_sla_state_of(const telsvc_sla *sla)
{
	return sla ? (int)state_of(sla) : ts_error(TELSVC_EINVAL, "telsvc_sla_state_of: sla is NULL");
}

int64_t telsvc_sla_start(const telsvc_sla *sla)
{
	return sla ? sla->start : TELSVC_NEVER;
}

int64_t telsvc_sla_stopped_at(const telsvc_sla *sla)
{
	return sla ? sla->stop : TELSVC_NEVER;
}

size_t telsvc_sla_pause_count(const telsvc_sla *sla)
{
	return sla ? sla->count : 0;
}

int telsvc_sla_pause_at(int64_t *from, int64_t *to, const telsvc_sla *sla, size_t index)
{
	if (!from || !to || !sla || index >= sla->count)
		return ts_error(TELSVC_EINVAL, "telsvc_sla_pause_at: no pause %zu", index);
	*from = sla->pauses[index].from;
	*to = sla->pauses[index].to;
	return TELSVC_OK;
}

/* ---- derived figures ---- */

typedef struct measure {
	const telsvc_sla *sla;
	const ts_value *lim;
	const telsvc_calendar *cal; /* NULL on the wall clock */
} measure;

static int begin(measure *m, const char *fn, const void *out, const telsvc_sla *sla, const telsvc_policy *p)
{
	if (!out || !sla || !p)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, !out ? "out" : !sla ? "sla" : "policy");
	m->sla = sla;
	m->lim = &p->values[sla->limit];
	m->cal = NULL;
	if (m->lim->clock == TELSVC_CLOCK_WALL)
		return TELSVC_OK;
	const char *name = m->lim->calendar ? m->lim->calendar : p->default_calendar;
	m->cal = ts_policy_find_calendar(p, name);
	if (!m->cal)
		return ts_error(TELSVC_ENOTFOUND, "%s: the policy defines no calendar '%s'", fn, name);
	return TELSVC_OK;
}

static int position(const measure *m, telsvc_clock clock, int64_t t, int64_t *pos)
{
	return clock == TELSVC_CLOCK_WALL ? (*pos = t, TELSVC_OK) : ts_calendar_position(m->cal, clock, t, pos);
}

/* The earliest instant at or after @from whose position on @clock (wall
 * or business) is @pos. */
static int instant_at(const measure *m, telsvc_clock clock, int64_t pos, int64_t from, int64_t *out)
{
	if (clock == TELSVC_CLOCK_WALL) {
		*out = pos;
		return TELSVC_OK;
	}
	int64_t here;
	int rc = ts_calendar_position(m->cal, clock, from, &here);
	if (rc == TELSVC_OK && pos <= here)
		*out = from;
	else if (rc == TELSVC_OK)
		rc = ts_calendar_business_at(m->cal, pos, from, out);
	return rc;
}

/* Deadline of @amount run on a wall or business @clock from @from, each
 * pause that begins before the deadline so far pushing it on. */
static int run_with_pauses(const measure *m, telsvc_clock clock, int64_t from, int64_t amount, int64_t *out)
{
	int64_t target, d;
	int rc = position(m, clock, from, &target);
	if (rc)
		return rc;
	target += amount;
	if ((rc = instant_at(m, clock, target, from, &d)))
		return rc;
	for (size_t i = 0; i < m->sla->count; i++) {
		const pause_iv *p = &m->sla->pauses[i];
		if (p->from >= d)
			break;
		if (p->to == TELSVC_NEVER) {
			*out = TELSVC_NEVER;
			return TELSVC_OK;
		}
		int64_t a, b;
		int64_t lo = p->from > from ? p->from : from;
		if (p->to <= lo)
			continue;
		if ((rc = position(m, clock, lo, &a)) || (rc = position(m, clock, p->to, &b)))
			return rc;
		target += b - a;
		if ((rc = instant_at(m, clock, target, from, &d)))
			return rc;
	}
	*out = d;
	return TELSVC_OK;
}

/* Working days: the pauses extend the count by the working days they
 * cover, rounded up, so the deadline keeps the end-of-day rule. */
static int working_day_deadline(const measure *m, int64_t *out)
{
	int64_t paused = 0, d, from;
	int rc = ts_calendar_add_working_days(m->cal, m->sla->start, m->lim->amount, &d);
	if (rc == TELSVC_OK)
		rc = ts_calendar_next_midnight(m->cal, m->sla->start, &from);
	for (size_t i = 0; i < m->sla->count && rc == TELSVC_OK; i++) {
		const pause_iv *p = &m->sla->pauses[i];
		if (p->from >= d)
			break;
		if (p->to == TELSVC_NEVER) {
			*out = TELSVC_NEVER;
			return TELSVC_OK;
		}
		/* the day of receipt does not count, so neither do pauses on it */
		int64_t a, b, lo = p->from > from ? p->from : from;
		if (p->to <= lo)
			continue;
		if ((rc = ts_calendar_position(m->cal, TELSVC_CLOCK_WORKING_DAYS, lo, &a)) ||
		    (rc = ts_calendar_position(m->cal, TELSVC_CLOCK_WORKING_DAYS, p->to, &b)))
			break;
		paused += b - a;
		int64_t extra = (paused + TS_DAY - 1) / TS_DAY;
		rc = ts_calendar_add_working_days(m->cal, m->sla->start, m->lim->amount + extra, &d);
	}
	if (rc == TELSVC_OK)
		*out = d;
	return rc;
}

static int deadline(const measure *m, int64_t *out)
{
	if (!m->lim->set) {
		*out = TELSVC_NEVER;
		return TELSVC_OK;
	}
	if (m->lim->clock == TELSVC_CLOCK_WORKING_DAYS)
		return working_day_deadline(m, out);
	return run_with_pauses(m, m->lim->clock, m->sla->start, m->lim->amount, out);
}

int telsvc_sla_deadline(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy)
{
	measure m = { 0 };
	int rc = begin(&m, "telsvc_sla_deadline", out, sla, policy);
	return rc ? rc : deadline(&m, out);
}

/* Time on @clock spent paused within [lo, hi). */
static int paused_within(const measure *m, telsvc_clock clock, int64_t lo, int64_t hi, int64_t *out)
{
	*out = 0;
	for (size_t i = 0; i < m->sla->count; i++) {
		const pause_iv *p = &m->sla->pauses[i];
		int64_t a = p->from > lo ? p->from : lo, b = p->to < hi ? p->to : hi, pa, pb;
		if (b <= a)
			continue;
		int rc = position(m, clock, a, &pa);
		if (rc == TELSVC_OK)
			rc = position(m, clock, b, &pb);
		if (rc)
			return rc;
		*out += pb - pa;
	}
	return TELSVC_OK;
}

/* Where counting starts on the limit's clock: the start itself, or for
 * working days the midnight after the day of the start. */
static int counting_start(const measure *m, int64_t *out)
{
	if (m->lim->clock != TELSVC_CLOCK_WORKING_DAYS) {
		*out = m->sla->start;
		return TELSVC_OK;
	}
	return ts_calendar_next_midnight(m->cal, m->sla->start, out);
}

void ts_sla_view(telsvc_sla *sla, telsvc_ctx *ctx, telsvc_param limit, int64_t start, int64_t stop)
{
	*sla = (telsvc_sla){ .ctx = ctx, .limit = limit, .start = start, .stop = stop };
}

int telsvc_sla_warning(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t ppm)
{
	if (ppm < 0 || ppm > TS_PPM)
		return ts_error(TELSVC_EINVAL, "telsvc_sla_warning: share %lld ppm is outside 0..1000000", (long long)ppm);
	return ts_sla_point(out, sla, policy, ppm);
}

int ts_sla_point(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t ppm)
{
	measure m = { 0 };
	int rc = begin(&m, "telsvc_sla_warning", out, sla, policy);
	if (rc)
		return rc;
	if (!m.lim->set) {
		*out = TELSVC_NEVER;
		return TELSVC_OK;
	}
	if (m.lim->clock != TELSVC_CLOCK_WORKING_DAYS)
		return run_with_pauses(&m, m.lim->clock, sla->start, m.lim->amount * ppm / TS_PPM, out);

	/* a share of the business hours from the start of counting to the deadline */
	int64_t d, from, a, b, paused;
	if ((rc = deadline(&m, &d)))
		return rc;
	if (d == TELSVC_NEVER) {
		*out = TELSVC_NEVER;
		return TELSVC_OK;
	}
	if ((rc = counting_start(&m, &from)) ||
	    (rc = ts_calendar_position(m.cal, TELSVC_CLOCK_BUSINESS, from, &a)) ||
	    (rc = ts_calendar_position(m.cal, TELSVC_CLOCK_BUSINESS, d, &b)) ||
	    (rc = paused_within(&m, TELSVC_CLOCK_BUSINESS, from, d, &paused)))
		return rc;
	return run_with_pauses(&m, TELSVC_CLOCK_BUSINESS, from, (b - a - paused) * ppm / TS_PPM, out);
}

int telsvc_sla_elapsed(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t now)
{
	measure m = { 0 };
	int rc = begin(&m, "telsvc_sla_elapsed", out, sla, policy);
	if (rc)
		return rc;
	int64_t from, until = now < sla->stop ? now : sla->stop, a, b, paused;
	if ((rc = counting_start(&m, &from)))
		return rc;
	if (until <= from) {
		*out = 0;
		return TELSVC_OK;
	}
	telsvc_clock clock = m.lim->clock;
	if ((rc = position(&m, clock, from, &a)) || (rc = position(&m, clock, until, &b)) ||
	    (rc = paused_within(&m, clock, from, until, &paused)))
		return rc;
	*out = b - a - paused;
	return TELSVC_OK;
}

int telsvc_sla_remaining(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t now)
{
	int64_t elapsed;
	int rc = telsvc_sla_elapsed(&elapsed, sla, policy, now);
	if (rc)
		return rc;
	const ts_value *lim = &policy->values[sla->limit];
	if (!lim->set) {
		*out = TELSVC_NEVER;
		return TELSVC_OK;
	}
	int64_t amount = lim->clock == TELSVC_CLOCK_WORKING_DAYS ? lim->amount * TS_DAY : lim->amount;
	*out = amount - elapsed;
	return TELSVC_OK;
}

void ts_sla_mark(const telsvc_sla *sla, size_t *pauses, int64_t *last_to, int64_t *stop, telsvc_param *limit)
{
	*pauses = sla->count;
	*last_to = sla->count ? sla->pauses[sla->count - 1].to : TELSVC_NEVER;
	*stop = sla->stop;
	*limit = sla->limit;
}

int ts_sla_reopen(telsvc_sla *sla, int64_t at)
{
	if (state_of(sla) != TELSVC_SLA_STOPPED || at < sla->stop)
		return ts_error(TELSVC_ETRANSITION, "ts_sla_reopen: the clock is not stopped before %lld", (long long)at);
	if (ts_grow(sla->ctx, &sla->pauses, &sla->cap, sla->count, sizeof(pause_iv), 4))
		return TELSVC_ENOMEM;
	sla->pauses[sla->count++] = (pause_iv){ sla->stop, at };
	sla->stop = TELSVC_NEVER;
	return TELSVC_OK;
}

/* Changes only append pauses, close the last one, stop, or change the
 * limit, so these four values undo any of them exactly. */
void ts_sla_restore(telsvc_sla *sla, size_t pauses, int64_t last_to, int64_t stop, telsvc_param limit)
{
	sla->count = pauses;
	if (pauses)
		sla->pauses[pauses - 1].to = last_to;
	sla->stop = stop;
	sla->limit = limit;
}
