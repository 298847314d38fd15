/* Calendar tables and the arithmetic on them.
 *
 * Each covered local day d has: the UTC instant of its midnight, running
 * totals of business seconds and of working days before it, the inverse
 * of the latter (the day of the k-th working day), and its business hours
 * as a fixed number of slots (intervals padded with empty ones), so that
 * the business time of an instant and its inverse are computed without
 * data-dependent branches. A bucket index over business positions finds
 * the day holding a position in O(1). Nothing steps through time. */
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
	void **tables[] = { (void **)&cal->day_start, (void **)&cal->cum_business, (void **)&cal->cum_working,
			    (void **)&cal->nth_working, (void **)&cal->next_open,   (void **)&cal->iv_start,
			    (void **)&cal->iv_cum,      (void **)&cal->bucket_day,  (void **)&cal->cell_pos,
			    (void **)&cal->business_cell };
	for (size_t i = 0; i < TS_ARRAY_LEN(tables); i++) {
		ts_free(ctx, *tables[i]);
		*tables[i] = NULL;
	}
	cal->grid = 0;
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

/* Fill day @d's slots from the definition; returns its business seconds. */
static int64_t fill_day(telsvc_calendar *cal, int32_t d)
{
	int64_t day = cal->day0 + d, midnight = cal->day_start[d], len = cal->day_start[d + 1] - midnight;
	const ts_hours *h = hours_of(cal, day);
	int32_t *start = &cal->iv_start[(size_t)d * cal->slots];
	int32_t *cum = &cal->iv_cum[(size_t)d * (cal->slots + 1)];
	int32_t k = 0, total = 0;
	for (size_t i = 0; i < h->count; i++) {
		int64_t s = ts_tz_to_utc(&cal->tz, day * TS_DAY + h->iv[i].start);
		int64_t e = ts_tz_to_utc(&cal->tz, day * TS_DAY + h->iv[i].end);
		if (e <= s)
			continue; /* wholly inside a skipped daylight-saving hour */
		start[k] = (int32_t)(s - midnight);
		cum[k++] = total;
		total += (int32_t)(e - s);
	}
	for (; k < cal->slots; k++) { /* empty intervals at the day's end */
		start[k] = (int32_t)len;
		cum[k] = total;
	}
	cum[cal->slots] = total;
	return total;
}

/* Buckets of 1 << shift business seconds, no larger than the shortest
 * business day, so a bucket's positions lie in at most two days. */
static int build_buckets(telsvc_calendar *cal, int64_t shortest)
{
	int64_t total = cal->cum_business[cal->ndays];
	int shift = 0;
	while (shift < 30 && ((int64_t)2 << shift) <= shortest)
		shift++;
	while ((total >> shift) > 4 * (int64_t)cal->ndays + 4) /* bound the index's size */
		shift++;
	cal->shift = shift;
	cal->nbuckets = (int32_t)((total >> shift) + 1);
	cal->bucket_day = ts_calloc(cal->ctx, (size_t)cal->nbuckets, sizeof(int32_t));
	if (!cal->bucket_day)
		return TELSVC_ENOMEM;
	int32_t d = 0;
	for (int32_t b = 0; b < cal->nbuckets; b++) {
		int64_t pos = ((int64_t)b << shift) + 1;
		while (d < cal->ndays - 1 && cal->cum_business[d + 1] < pos)
			d++;
		cal->bucket_day[b] = d;
	}
	return TELSVC_OK;
}

static int64_t gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t r = a % b;
		a = b;
		b = r;
	}
	return a;
}

/* Granlund and Montgomery: with l = ceil(log2 d) and mul = ceil(2^(31+l) / d),
 * (n * mul) >> (31 + l) == n / d for every 0 <= n < 2^31, and the product
 * stays below 2^63. */
static ts_divisor divisor(int32_t d)
{
	int l = 0;
	while (((int64_t)1 << l) < d)
		l++;
	uint64_t p = (uint64_t)1 << (31 + l);
	return (ts_divisor){ p / (uint64_t)d + (p % (uint64_t)d != 0), 31 + l };
}

static inline int64_t divide(ts_divisor dv, int64_t n)
{
	return (int64_t)(((uint64_t)n * dv.mul) >> dv.shift);
}

/* Cells of at least 15 minutes keep the grid within 96 cells a day. */
#define TS_GRID_MIN_CELL 900

/* Slot-path business position of an instant of day @d (defined below). */
static inline int64_t slot_pos(const telsvc_calendar *cal, int32_t d, int64_t t);

static int build_grid(telsvc_calendar *cal)
{
	int64_t origin = cal->day_start[0], span = cal->day_start[cal->ndays] - origin, g = 0;
	if (span >= INT32_MAX)
		return TELSVC_OK;
	for (int32_t d = 0; d < cal->ndays && (g == 0 || g >= TS_GRID_MIN_CELL); d++) {
		g = gcd(g, cal->day_start[d + 1] - origin);
		for (int32_t j = 0; j < cal->slots; j++) {
			const int32_t *cum = &cal->iv_cum[(size_t)d * (cal->slots + 1)];
			g = gcd(g, cal->iv_start[(size_t)d * cal->slots + j]);
			g = gcd(g, cum[j + 1] - cum[j]);
		}
	}
	if (g < TS_GRID_MIN_CELL)
		return TELSVC_OK; /* the slots serve this calendar */
	int32_t ncells = (int32_t)(span / g), nbusiness = (int32_t)(cal->cum_business[cal->ndays] / g);
	cal->cell_pos = ts_calloc(cal->ctx, (size_t)ncells + 1, sizeof(int32_t));
	cal->business_cell = ts_calloc(cal->ctx, (size_t)nbusiness + 1, sizeof(int32_t));
	if (!cal->cell_pos || !cal->business_cell)
		return TELSVC_ENOMEM;
	int32_t d = 0;
	for (int32_t c = 0; c <= ncells; c++) {
		int64_t t = origin + c * g;
		while (d < cal->ndays - 1 && cal->day_start[d + 1] <= t)
			d++;
		cal->cell_pos[c] = (int32_t)(c == ncells ? cal->cum_business[cal->ndays] : slot_pos(cal, d, t));
		if (c > 0 && cal->cell_pos[c] > cal->cell_pos[c - 1])
			cal->business_cell[cal->cell_pos[c - 1] / g] = (int32_t)((c - 1) * g);
	}
	cal->grid = (int32_t)g;
	cal->ncells = ncells;
	cal->grid_div = divisor(cal->grid);
	return TELSVC_OK;
}

int ts_calendar_build(telsvc_calendar *cal)
{
	telsvc_ctx *ctx = cal->ctx;
	int64_t day0 = ts_days_from_civil(cal->first_year, 1, 1);
	int32_t ndays = (int32_t)(ts_days_from_civil(cal->last_year + 1, 1, 1) - day0);
	size_t slots = 1;

	free_tables(cal);
	for (int32_t d = 0; d < ndays; d++) {
		size_t n = hours_of(cal, day0 + d)->count;
		slots = n > slots ? n : slots;
	}
	cal->day0 = day0;
	cal->ndays = ndays;
	cal->slots = (int32_t)slots;
	size_t n = (size_t)ndays + 1;
	cal->day_start = ts_calloc(ctx, n, sizeof(int64_t));
	cal->cum_business = ts_calloc(ctx, n, sizeof(int64_t));
	cal->cum_working = ts_calloc(ctx, n, sizeof(int32_t));
	cal->nth_working = ts_calloc(ctx, n, sizeof(int32_t));
	cal->next_open = ts_calloc(ctx, n, sizeof(int32_t));
	cal->iv_start = ts_calloc(ctx, n * slots, sizeof(int32_t));
	cal->iv_cum = ts_calloc(ctx, n * (slots + 1), sizeof(int32_t));
	if (!cal->day_start || !cal->cum_business || !cal->cum_working || !cal->nth_working || !cal->next_open ||
	    !cal->iv_start || !cal->iv_cum) {
		free_tables(cal);
		return TELSVC_ENOMEM;
	}

	for (int32_t d = 0; d <= ndays; d++)
		cal->day_start[d] = ts_tz_to_utc(&cal->tz, (day0 + d) * TS_DAY);
	int64_t shortest = INT64_MAX;
	for (int32_t d = 0; d < ndays; d++) {
		int64_t business = fill_day(cal, d);
		bool working = hours_of(cal, day0 + d)->count > 0;
		if (business > 0 && business < shortest)
			shortest = business;
		cal->cum_business[d + 1] = cal->cum_business[d] + business;
		cal->cum_working[d + 1] = cal->cum_working[d] + working;
		if (working)
			cal->nth_working[cal->cum_working[d]] = d;
	}
	int32_t next = ndays;
	for (int32_t d = ndays - 1; d >= 0; d--) {
		cal->next_open[d] = next;
		if (cal->cum_business[d + 1] > cal->cum_business[d])
			next = d;
	}
	int rc = build_buckets(cal, shortest == INT64_MAX ? 1 : shortest);
	if (rc == TELSVC_OK)
		rc = build_grid(cal);
	if (rc)
		free_tables(cal);
	return rc;
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

TS_COLD static int out_of_range(const telsvc_calendar *cal, int64_t t, const char *what)
{
	char date[16];
	ts_format_date(date, ts_floor_div(t + ts_tz_offset(&cal->tz, t), TS_DAY));
	return ts_error(TELSVC_ERANGE, "calendar '%s': %s %s lies outside the years it covers (%d-%d)", cal->name, what,
			date, cal->first_year, cal->last_year);
}

TS_COLD static int runs_past(const telsvc_calendar *cal, int64_t start)
{
	char from[16], last[16];
	ts_format_date(from, ts_floor_div(start + ts_tz_offset(&cal->tz, start), TS_DAY));
	ts_format_date(last, cal->day0 + cal->ndays - 1);
	return ts_error(TELSVC_ERANGE, "calendar '%s': counting from %s runs past %s, the last day it covers", cal->name,
			from, last);
}

/* The covered day holding instant @t. Days are 86400 s give or take a
 * daylight-saving hour, so the quotient is off by at most one. */
static inline int day_of(const telsvc_calendar *cal, int64_t t, int32_t *out)
{
	const int64_t *ds = cal->day_start;
	if (t < ds[0] || t >= ds[cal->ndays])
		return out_of_range(cal, t, "the date");
	int64_t g = (t - ds[0]) / TS_DAY;
	int32_t d = (int32_t)(g < cal->ndays ? g : cal->ndays - 1);
	d -= ds[d] > t;
	d += ds[d + 1] <= t;
	*out = d;
	return TELSVC_OK;
}

/* Business seconds of day @d's first @k slots run by @off seconds after
 * its midnight. Called with a constant @k, the loop unrolls into
 * branch-free clamps. */
static inline int64_t run_in_day(const int32_t *start, const int32_t *cum, int32_t k, int64_t off)
{
	int64_t pos = 0;
	for (int32_t j = 0; j < k; j++) {
		int64_t run = off - start[j], len = cum[j + 1] - cum[j];
		run = run < 0 ? 0 : run;
		pos += run < len ? run : len;
	}
	return pos;
}

/* Business seconds from the calendar's first day to @t, within day @d. */
static inline int64_t slot_pos(const telsvc_calendar *cal, int32_t d, int64_t t)
{
	int32_t k = cal->slots;
	const int32_t *start = &cal->iv_start[(size_t)d * k];
	const int32_t *cum = &cal->iv_cum[(size_t)d * (k + 1)];
	int64_t off = t - cal->day_start[d], pos = cal->cum_business[d];
	switch (k) { /* the common shapes: round the clock, and a lunch break */
	case 1:
		return pos + run_in_day(start, cum, 1, off);
	case 2:
		return pos + run_in_day(start, cum, 2, off);
	default:
		return pos + run_in_day(start, cum, k, off);
	}
}

/* The business position of @t, or the out-of-range error. */
static inline int business_pos(const telsvc_calendar *cal, int64_t t, int64_t *pos)
{
	int64_t off = t - cal->day_start[0];
	if (cal->grid) {
		if (off < 0 || off >= (int64_t)cal->ncells * cal->grid)
			return out_of_range(cal, t, "the date");
		int64_t c = divide(cal->grid_div, off), in = cal->cell_pos[c] + (off - c * cal->grid);
		*pos = in < cal->cell_pos[c + 1] ? in : cal->cell_pos[c + 1];
		return TELSVC_OK;
	}
	int32_t d = 0;
	int rc = day_of(cal, t, &d);
	if (rc == TELSVC_OK)
		*pos = slot_pos(cal, d, t);
	return rc;
}

/* The slot of the first @k in which the day's @rem-th business second falls. */
static inline int32_t slot_of(const int32_t *cum, int32_t k, int64_t rem)
{
	int32_t j = k - 1;
	for (int32_t i = k - 1; i >= 0; i--)
		j = rem <= cum[i + 1] ? i : j;
	return j;
}

/* The earliest instant whose business position is @pos; the caller
 * guarantees 0 < @pos <= the calendar's total. */
static inline int64_t business_instant(const telsvc_calendar *cal, int64_t pos)
{
	if (cal->grid) {
		int64_t k = divide(cal->grid_div, pos - 1);
		return cal->day_start[0] + cal->business_cell[k] + (pos - k * cal->grid);
	}
	const int64_t *cb = cal->cum_business;
	int32_t e = cal->bucket_day[(pos - 1) >> cal->shift];
	e = pos <= cb[e + 1] ? e : cal->next_open[e];
	while (cb[e + 1] < pos) /* only when a bucket outgrew the shortest day */
		e = cal->next_open[e];
	int32_t k = cal->slots;
	const int32_t *start = &cal->iv_start[(size_t)e * k];
	const int32_t *cum = &cal->iv_cum[(size_t)e * (k + 1)];
	int64_t rem = pos - cb[e];
	int32_t j = k == 1 ? 0 : k == 2 ? slot_of(cum, 2, rem) : slot_of(cum, k, rem);
	return cal->day_start[e] + start[j] + (rem - cum[j]);
}

static int business_at(const telsvc_calendar *cal, int64_t pos, int64_t start, int64_t *out)
{
	if (pos > cal->cum_business[cal->ndays])
		return runs_past(cal, start);
	*out = business_instant(cal, pos);
	return TELSVC_OK;
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

static inline int add_working_days(const telsvc_calendar *cal, int64_t start, int64_t days, int64_t *out)
{
	int32_t d = 0;
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
	case TELSVC_DAY_END_CLOSE_OF_BUSINESS: {
		/* the end of the last non-empty interval; 24:00 if a transition skipped them all */
		int64_t total = cal->cum_business[e + 1] - cal->cum_business[e];
		*out = total ? business_instant(cal, cal->cum_business[e + 1]) : cal->day_start[e + 1];
		return TELSVC_OK;
	}
	case TELSVC_DAY_END_END_OF_DAY:
		break;
	}
	*out = cal->day_start[e + 1];
	return TELSVC_OK;
}

int ts_calendar_add_working_days(const telsvc_calendar *cal, int64_t start, int64_t days, int64_t *out)
{
	return add_working_days(cal, start, days, out);
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
		int64_t pos = 0;
		if ((rc = business_pos(cal, start, &pos)))
			return rc;
		if (amount > cal->cum_business[cal->ndays])
			return runs_past(cal, start);
		return business_at(cal, pos + amount, start, out);
	}
	case TELSVC_CLOCK_WORKING_DAYS:
		if (amount > cal->ndays)
			return runs_past(cal, start);
		return add_working_days(cal, start, amount, out);
	}
	return ts_error(TELSVC_EINVAL, "telsvc_calendar_add: unknown clock %d", (int)clock);
}

int telsvc_calendar_elapsed(int64_t *out, const telsvc_calendar *cal, telsvc_clock clock, int64_t from, int64_t to)
{
	int rc = check_calendar(out, cal, "telsvc_calendar_elapsed");
	if (rc)
		return rc;
	if (clock == TELSVC_CLOCK_WALL) {
		if (from < 0 ? to > INT64_MAX + from : to < INT64_MIN + from)
			return ts_error(TELSVC_EINVAL, "telsvc_calendar_elapsed: the result overflows");
		*out = to - from;
		return TELSVC_OK;
	}
	if (clock != TELSVC_CLOCK_BUSINESS && clock != TELSVC_CLOCK_WORKING_DAYS)
		return ts_error(TELSVC_EINVAL, "telsvc_calendar_elapsed: unknown clock %d", (int)clock);
	int64_t pf = 0, pt = 0;
	if ((rc = ts_calendar_position(cal, clock, from, &pf)) || (rc = ts_calendar_position(cal, clock, to, &pt)))
		return rc;
	*out = pt - pf;
	return TELSVC_OK;
}

int telsvc_calendar_is_working_time(const telsvc_calendar *cal, int64_t t)
{
	int32_t d = 0;
	int rc = check_calendar(&d, cal, "telsvc_calendar_is_working_time");
	if (rc || (rc = day_of(cal, t, &d)))
		return rc;
	const int32_t *start = &cal->iv_start[(size_t)d * cal->slots];
	const int32_t *cum = &cal->iv_cum[(size_t)d * (cal->slots + 1)];
	int64_t off = t - cal->day_start[d];
	for (int32_t j = 0; j < cal->slots; j++)
		if (off >= start[j] && off < start[j] + (cum[j + 1] - cum[j]))
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
	int64_t pos = 0;
	int rc = check_calendar(out, cal, "telsvc_calendar_next_opening");
	if (rc || (rc = business_pos(cal, t, &pos)))
		return rc;
	if ((rc = telsvc_calendar_is_working_time(cal, t)) != 0) {
		if (rc == 1)
			*out = t;
		return rc == 1 ? TELSVC_OK : rc;
	}
	/* one business second past the opening, less that second */
	int64_t at = 0;
	if ((rc = business_at(cal, pos + 1, t, &at)))
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
	if (clock == TELSVC_CLOCK_BUSINESS)
		return business_pos(cal, t, pos);
	int32_t d = 0;
	int rc = day_of(cal, t, &d);
	if (rc == TELSVC_OK)
		*pos = working_pos(cal, d, t);
	return rc;
}

int ts_calendar_business_at(const telsvc_calendar *cal, int64_t pos, int64_t from, int64_t *out)
{
	if (pos <= 0)
		return ts_error(TELSVC_EINVAL, "calendar '%s': business position %lld is not positive", cal->name,
				(long long)pos);
	return business_at(cal, pos, from, out);
}

int ts_calendar_next_midnight(const telsvc_calendar *cal, int64_t t, int64_t *out)
{
	int32_t d = 0;
	int rc = day_of(cal, t, &d);
	if (rc == TELSVC_OK)
		*out = cal->day_start[d + 1];
	return rc;
}
