/* Calendar tables and the arithmetic on them.
 *
 * Each covered local day d has: the UTC instant of its midnight, its
 * business hours as UTC intervals, and prefix sums of business seconds and
 * of working days before it, plus the inverse of the latter (the day of
 * the k-th working day). Finding the day of an instant is O(1) (days are
 * 86400 s give or take a daylight-saving hour); adding working days is two
 * lookups; adding business time gallops over the prefix sums. No call
 * steps through time. */
#include "calendar.h"
#include "civil.h"
#include "context.h"

#include <string.h>

telsvc_calendar *ts_calendar_new(telsvc_ctx *ctx)
{
	telsvc_calendar *cal = ts_calloc(ctx, 1, sizeof(*cal));
	if (cal)
		cal->ctx = ctx;
	return cal;
}

static void free_tables(telsvc_calendar *cal)
{
	telsvc_ctx *ctx = cal->ctx;
	ts_free(ctx, cal->day_start);
	ts_free(ctx, cal->cum_business);
	ts_free(ctx, cal->cum_working);
	ts_free(ctx, cal->nth_working);
	ts_free(ctx, cal->iv_first);
	ts_free(ctx, cal->ivs);
	cal->day_start = cal->cum_business = NULL;
	cal->cum_working = cal->nth_working = NULL;
	cal->iv_first = NULL;
	cal->ivs = NULL;
}

void ts_calendar_free(telsvc_calendar *cal)
{
	if (!cal)
		return;
	telsvc_ctx *ctx = cal->ctx;
	free_tables(cal);
	for (int i = 0; i < 7; i++)
		ts_free(ctx, cal->week[i].iv);
	for (size_t i = 0; i < cal->special_count; i++)
		ts_free(ctx, cal->specials[i].hours.iv);
	ts_free(ctx, cal->specials);
	ts_free(ctx, cal->holidays);
	ts_free(ctx, cal->makeups);
	ts_free(ctx, cal->tz_text);
	ts_free(ctx, cal->name);
	ts_free(ctx, cal);
}

/* The hours of local day @day by the definition. */
static const ts_hours *hours_of(const telsvc_calendar *cal, int64_t day)
{
	static const ts_hours closed = { NULL, 0 };
	for (size_t i = 0; i < cal->special_count; i++)
		if (cal->specials[i].day == day)
			return &cal->specials[i].hours;
	for (size_t i = 0; i < cal->holiday_count; i++)
		if (day >= cal->holidays[i].from && day <= cal->holidays[i].to)
			return &closed;
	for (size_t i = 0; i < cal->makeup_count; i++)
		if (cal->makeups[i] == day)
			return &cal->week[0]; /* a makeup day works Monday's hours */
	return &cal->week[ts_weekday(day)];
}

int ts_calendar_build(telsvc_calendar *cal)
{
	telsvc_ctx *ctx = cal->ctx;
	int64_t day0 = ts_days_from_civil(cal->first_year, 1, 1);
	int32_t ndays = (int32_t)(ts_days_from_civil(cal->last_year + 1, 1, 1) - day0);
	size_t n_iv = 0;

	free_tables(cal);
	for (int32_t d = 0; d < ndays; d++)
		n_iv += hours_of(cal, day0 + d)->count;
	cal->day0 = day0;
	cal->ndays = ndays;
	cal->day_start = ts_calloc(ctx, (size_t)ndays + 1, sizeof(int64_t));
	cal->cum_business = ts_calloc(ctx, (size_t)ndays + 1, sizeof(int64_t));
	cal->cum_working = ts_calloc(ctx, (size_t)ndays + 1, sizeof(int32_t));
	cal->nth_working = ts_calloc(ctx, (size_t)ndays + 1, sizeof(int32_t));
	cal->iv_first = ts_calloc(ctx, (size_t)ndays + 1, sizeof(uint32_t));
	cal->ivs = ts_calloc(ctx, n_iv ? n_iv : 1, sizeof(ts_utc_iv));
	if (!cal->day_start || !cal->cum_business || !cal->cum_working || !cal->nth_working || !cal->iv_first ||
	    !cal->ivs) {
		free_tables(cal);
		return TELSVC_ENOMEM;
	}

	uint32_t k = 0;
	for (int32_t d = 0; d <= ndays; d++) {
		int64_t day = day0 + d;
		cal->day_start[d] = ts_tz_to_utc(&cal->tz, day * TS_DAY);
		cal->iv_first[d] = k;
		if (d == ndays)
			break;
		const ts_hours *h = hours_of(cal, day);
		int64_t business = 0;
		for (size_t i = 0; i < h->count; i++) {
			int64_t s = ts_tz_to_utc(&cal->tz, day * TS_DAY + h->iv[i].start);
			int64_t e = ts_tz_to_utc(&cal->tz, day * TS_DAY + h->iv[i].end);
			if (e <= s)
				continue; /* wholly inside a skipped daylight-saving hour */
			cal->ivs[k++] = (ts_utc_iv){ s, e };
			business += e - s;
		}
		bool working = h->count > 0;
		cal->cum_business[d + 1] = cal->cum_business[d] + business;
		cal->cum_working[d + 1] = cal->cum_working[d] + working;
		if (working)
			cal->nth_working[cal->cum_working[d]] = d;
	}
	return TELSVC_OK;
}

static bool hours_equal(const ts_hours *a, const ts_hours *b)
{
	return a->count == b->count && (a->count == 0 || memcmp(a->iv, b->iv, a->count * sizeof(ts_iv)) == 0);
}

bool ts_calendar_equal(const telsvc_calendar *a, const telsvc_calendar *b)
{
	if (strcmp(a->name, b->name) != 0 || strcmp(a->tz_text, b->tz_text) != 0 || a->first_year != b->first_year ||
	    a->last_year != b->last_year || a->day_end != b->day_end || a->holiday_count != b->holiday_count ||
	    a->makeup_count != b->makeup_count || a->special_count != b->special_count)
		return false;
	for (int i = 0; i < 7; i++)
		if (!hours_equal(&a->week[i], &b->week[i]))
			return false;
	for (size_t i = 0; i < a->holiday_count; i++)
		if (a->holidays[i].from != b->holidays[i].from || a->holidays[i].to != b->holidays[i].to)
			return false;
	for (size_t i = 0; i < a->makeup_count; i++)
		if (a->makeups[i] != b->makeups[i])
			return false;
	for (size_t i = 0; i < a->special_count; i++)
		if (a->specials[i].day != b->specials[i].day || !hours_equal(&a->specials[i].hours, &b->specials[i].hours))
			return false;
	return true;
}

/* ---- arithmetic ---- */

static int out_of_range(const telsvc_calendar *cal, int64_t t, const char *what)
{
	char date[16];
	ts_format_date(date, ts_floor_div(t + ts_tz_offset(&cal->tz, t), TS_DAY));
	return ts_error(TELSVC_ERANGE, "calendar '%s': %s %s lies outside the years it covers (%d-%d)", cal->name, what,
			date, cal->first_year, cal->last_year);
}

static int runs_past(const telsvc_calendar *cal, int64_t start)
{
	char from[16], last[16];
	ts_format_date(from, ts_floor_div(start + ts_tz_offset(&cal->tz, start), TS_DAY));
	ts_format_date(last, cal->day0 + cal->ndays - 1);
	return ts_error(TELSVC_ERANGE, "calendar '%s': counting from %s runs past %s, the last day it covers", cal->name,
			from, last);
}

/* The covered day holding instant @t. */
static int day_of(const telsvc_calendar *cal, int64_t t, int32_t *out)
{
	if (t < cal->day_start[0] || t >= cal->day_start[cal->ndays])
		return out_of_range(cal, t, "the date");
	int64_t guess = (t - cal->day_start[0]) / TS_DAY;
	int32_t d = (int32_t)(guess < cal->ndays ? guess : cal->ndays - 1);
	while (cal->day_start[d] > t)
		d--;
	while (cal->day_start[d + 1] <= t)
		d++;
	*out = d;
	return TELSVC_OK;
}

/* Business seconds from the calendar's first day to @t, within day @d. */
static int64_t business_pos(const telsvc_calendar *cal, int32_t d, int64_t t)
{
	int64_t pos = cal->cum_business[d];
	for (uint32_t i = cal->iv_first[d]; i < cal->iv_first[d + 1]; i++) {
		const ts_utc_iv *iv = &cal->ivs[i];
		if (t <= iv->start)
			break;
		pos += (t < iv->end ? t : iv->end) - iv->start;
	}
	return pos;
}

/* The earliest instant whose business position is @pos (> the position
 * of day @hint's start), searching forward from day @hint. */
static int business_at(const telsvc_calendar *cal, int32_t hint, int64_t pos, int64_t start, int64_t *out)
{
	const int64_t *cum = cal->cum_business;
	if (pos > cum[cal->ndays])
		return runs_past(cal, start);
	/* gallop to bracket the day e with cum[e] < pos <= cum[e + 1] */
	int32_t lo = hint, step = 1, hi = hint;
	while (hi < cal->ndays && cum[hi + 1] < pos) {
		lo = hi + 1;
		hi = hi + step < cal->ndays ? hi + step : cal->ndays - 1;
		step *= 2;
	}
	while (lo < hi) {
		int32_t mid = lo + (hi - lo) / 2;
		if (cum[mid + 1] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	int64_t rem = pos - cum[lo];
	for (uint32_t i = cal->iv_first[lo]; i < cal->iv_first[lo + 1]; i++) {
		int64_t len = cal->ivs[i].end - cal->ivs[i].start;
		if (rem <= len) {
			*out = cal->ivs[i].start + rem;
			return TELSVC_OK;
		}
		rem -= len;
	}
	return ts_error(TELSVC_ECORRUPT, "calendar '%s': inconsistent business-hour tables", cal->name);
}

/* Working-day position: 86400 per working day, a part in proportion. */
static int64_t working_pos(const telsvc_calendar *cal, int32_t d, int64_t t)
{
	int64_t pos = (int64_t)cal->cum_working[d] * TS_DAY;
	if (cal->cum_working[d + 1] > cal->cum_working[d]) {
		int64_t len = cal->day_start[d + 1] - cal->day_start[d];
		pos += (t - cal->day_start[d]) * TS_DAY / len;
	}
	return pos;
}

int ts_calendar_add_working_days(const telsvc_calendar *cal, int64_t start, int64_t days, int64_t *out)
{
	int32_t d;
	int rc = day_of(cal, start, &d);
	if (rc)
		return rc;
	/* the day of receipt does not count: the first day is the next working one */
	int64_t rank = (int64_t)cal->cum_working[d + 1] + days - 1;
	if (rank >= cal->cum_working[cal->ndays])
		return runs_past(cal, start);
	int32_t e = cal->nth_working[rank];
	switch (cal->day_end) {
	case TELSVC_DAY_END_SAME_TIME: {
		int64_t local = start + ts_tz_offset(&cal->tz, start);
		int64_t tod = local - ts_floor_div(local, TS_DAY) * TS_DAY;
		*out = ts_tz_to_utc(&cal->tz, (cal->day0 + e) * TS_DAY + tod);
		return TELSVC_OK;
	}
	case TELSVC_DAY_END_CLOSE_OF_BUSINESS:
		/* a working day whose hours a transition skipped ends at 24:00 */
		if (cal->iv_first[e + 1] > cal->iv_first[e]) {
			*out = cal->ivs[cal->iv_first[e + 1] - 1].end;
			return TELSVC_OK;
		}
		break;
	case TELSVC_DAY_END_END_OF_DAY:
		break;
	}
	*out = cal->day_start[e + 1];
	return TELSVC_OK;
}

static int check_calendar(const void *out, const telsvc_calendar *cal, const char *fn)
{
	if (!out || !cal)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, out ? "calendar" : "out");
	return TELSVC_OK;
}

int telsvc_calendar_add(int64_t *out, const telsvc_calendar *cal, int64_t start, telsvc_clock clock, int64_t amount)
{
	int rc = check_calendar(out, cal, "telsvc_calendar_add");
	if (rc)
		return rc;
	if (amount < 0)
		return ts_error(TELSVC_EINVAL, "telsvc_calendar_add: amount %lld is negative", (long long)amount);
	if (amount == 0) {
		*out = start;
		return TELSVC_OK;
	}
	switch (clock) {
	case TELSVC_CLOCK_WALL:
		if (start > INT64_MAX - amount)
			return ts_error(TELSVC_EINVAL, "telsvc_calendar_add: the result overflows");
		*out = start + amount;
		return TELSVC_OK;
	case TELSVC_CLOCK_BUSINESS: {
		int32_t d;
		if ((rc = day_of(cal, start, &d)))
			return rc;
		if (amount > cal->cum_business[cal->ndays])
			return runs_past(cal, start);
		return business_at(cal, d, business_pos(cal, d, start) + amount, start, out);
	}
	case TELSVC_CLOCK_WORKING_DAYS:
		if (amount > cal->ndays)
			return runs_past(cal, start);
		return ts_calendar_add_working_days(cal, start, amount, out);
	}
	return ts_error(TELSVC_EINVAL, "telsvc_calendar_add: unknown clock %d", (int)clock);
}

int telsvc_calendar_elapsed(int64_t *out, const telsvc_calendar *cal, telsvc_clock clock, int64_t from, int64_t to)
{
	int rc = check_calendar(out, cal, "telsvc_calendar_elapsed");
	if (rc)
		return rc;
	if (clock == TELSVC_CLOCK_WALL) {
		*out = to - from;
		return TELSVC_OK;
	}
	if (clock != TELSVC_CLOCK_BUSINESS && clock != TELSVC_CLOCK_WORKING_DAYS)
		return ts_error(TELSVC_EINVAL, "telsvc_calendar_elapsed: unknown clock %d", (int)clock);
	int32_t df, dt;
	if ((rc = day_of(cal, from, &df)) || (rc = day_of(cal, to, &dt)))
		return rc;
	*out = clock == TELSVC_CLOCK_BUSINESS ? business_pos(cal, dt, to) - business_pos(cal, df, from)
					      : working_pos(cal, dt, to) - working_pos(cal, df, from);
	return TELSVC_OK;
}

int telsvc_calendar_is_working_time(const telsvc_calendar *cal, int64_t t)
{
	int32_t d = 0;
	int rc = check_calendar(&d, cal, "telsvc_calendar_is_working_time");
	if (rc || (rc = day_of(cal, t, &d)))
		return rc;
	for (uint32_t i = cal->iv_first[d]; i < cal->iv_first[d + 1]; i++)
		if (t >= cal->ivs[i].start && t < cal->ivs[i].end)
			return 1;
	return 0;
}

int telsvc_calendar_is_working_day(const telsvc_calendar *cal, int64_t t)
{
	int32_t d = 0;
	int rc = check_calendar(&d, cal, "telsvc_calendar_is_working_day");
	if (rc || (rc = day_of(cal, t, &d)))
		return rc;
	return cal->cum_working[d + 1] > cal->cum_working[d];
}

int telsvc_calendar_next_opening(int64_t *out, const telsvc_calendar *cal, int64_t t)
{
	int32_t d;
	int rc = check_calendar(out, cal, "telsvc_calendar_next_opening");
	if (rc || (rc = day_of(cal, t, &d)))
		return rc;
	if ((rc = telsvc_calendar_is_working_time(cal, t)) != 0) {
		if (rc == 1)
			*out = t;
		return rc == 1 ? TELSVC_OK : rc;
	}
	/* one business second past the opening, less that second */
	int64_t at;
	if ((rc = business_at(cal, d, business_pos(cal, d, t) + 1, t, &at)))
		return rc;
	*out = at - 1;
	return TELSVC_OK;
}

int telsvc_calendar_utc_offset(int32_t *out, const telsvc_calendar *cal, int64_t t)
{
	int rc = check_calendar(out, cal, "telsvc_calendar_utc_offset");
	if (rc == TELSVC_OK)
		*out = ts_tz_offset(&cal->tz, t);
	return rc;
}

int telsvc_calendar_years(int *first, int *last, const telsvc_calendar *cal)
{
	if (!first || !last || !cal)
		return ts_error(TELSVC_EINVAL, "telsvc_calendar_years: an argument is NULL");
	*first = cal->first_year;
	*last = cal->last_year;
	return TELSVC_OK;
}

telsvc_day_end telsvc_calendar_day_end(const telsvc_calendar *cal)
{
	return cal ? cal->day_end : TELSVC_DAY_END_END_OF_DAY;
}

const char *telsvc_calendar_name(const telsvc_calendar *cal)
{
	return cal ? cal->name : NULL;
}

int ts_calendar_position(const telsvc_calendar *cal, telsvc_clock clock, int64_t t, int64_t *pos)
{
	if (clock == TELSVC_CLOCK_WALL) {
		*pos = t;
		return TELSVC_OK;
	}
	int32_t d;
	int rc = day_of(cal, t, &d);
	if (rc == TELSVC_OK)
		*pos = clock == TELSVC_CLOCK_BUSINESS ? business_pos(cal, d, t) : working_pos(cal, d, t);
	return rc;
}

int ts_calendar_business_at(const telsvc_calendar *cal, int64_t pos, int64_t from, int64_t *out)
{
	int32_t d;
	int rc = day_of(cal, from, &d);
	return rc ? rc : business_at(cal, d, pos, from, out);
}

int ts_calendar_next_midnight(const telsvc_calendar *cal, int64_t t, int64_t *out)
{
	int32_t d;
	int rc = day_of(cal, t, &d);
	if (rc == TELSVC_OK)
		*out = cal->day_start[d + 1];
	return rc;
}
