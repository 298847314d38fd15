/* Deadline arithmetic on the default "business" calendar: the library
 * against three hand-written implementations, on the same inputs.
 *
 * usage: bench_calendar [inputs [runs]]
 *
 * 1. Day-stepping over the definition (the requirement's baseline): the
 *    public holidays and makeup working days of the State Council notices
 *    for 2025 and 2026 (as in policy/calendars/cn-2025-2026.yaml) typed in
 *    below as sorted constant arrays; UTC+08:00 all year; the weekday by
 *    arithmetic on the day number; membership by a cursor into those
 *    arrays (placed for the start day by counting the entries before it,
 *    then moved forward as the days are stepped); the weekly hours
 *    09:00-12:00, 13:30-18:00 Monday to Friday, makeup days Monday's. It
 *    steps day by day and uses nothing computed by the library.
 *
 * 2. Day-stepping over per-day arrays: tables (per local day: its start,
 *    whether it is a working day, its business hours as UTC intervals)
 *    built before any timing from the library's public queries only:
 *    telsvc_calendar_is_working_day for each day, and
 *    telsvc_calendar_is_working_time probed every minute with each change
 *    of state located to the second. It answers by stepping day by day
 *    over those plain arrays. Stricter than 1: the per-day decisions are
 *    already made.
 *
 * 3. Minute-stepping over a per-minute table from the same probes, on a
 *    small subset of the inputs, for scale.
 *
 * Before timing, the definition (1) is checked against the tables (2) for
 * every day of the calendar. Every input's answer from the library must
 * equal each reference's; the first mismatch is printed and the program
 * exits 1. The speed ratios are reported, against 1 with a verdict
 * ("PASS: ratio >= 3" or "FAIL: ratio < 3"), against 2 for information
 * only; none of them changes the exit status. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <telsvc/telsvc.h>

#include "bench_util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY 86400
#define MINUTES_PER_DAY 1440
#define DEFAULT_INPUTS (1 << 20)
#define DEFAULT_RUNS 5
#define MINUTE_SUBSET 2048 /* inputs given to the (slow) minute-stepping loop */
#define REQUIRED_RATIO 3.0
#define SEED UINT64_C(0x2545f4914f6cdd1d)

/* ---- helpers ---- */

static uint64_t rng_state;

static uint64_t rnd(void) /* xorshift64 */
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int32_t utc_offset; /* the calendar's fixed offset, for printing */

/* "YYYY-MM-DD hh:mm:ss" local time of instant @t. */
static const char *fmt_local(char *buf, size_t size, int64_t t)
{
	int64_t local = t + utc_offset;
	int64_t day = local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY);
	int64_t sec = local - day * DAY;
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60),
		 (int)(sec % 60));
	return buf;
}

static int check(int rc, const char *what)
{
	if (rc < 0) {
		fprintf(stderr, "bench_calendar: %s: %s (%s)\n", what, telsvc_status_name(rc), telsvc_error_last());
		exit(2);
	}
	return rc;
}

/* ---- reference 2: day-stepping over plain per-day arrays ---- */

typedef struct ref_iv {
	int64_t start, end; /* UTC, [start, end) */
} ref_iv;

typedef struct ref_cal {
	int32_t ndays;
	int64_t t0;          /* UTC instant of the first day's local midnight */
	int64_t *day_start;  /* [ndays + 1] */
	uint8_t *working;    /* [ndays] 1 for a working day */
	int64_t *business;   /* [ndays] business seconds of the day */
	uint32_t *iv_first;  /* [ndays + 1] the day's first interval in ivs */
	ref_iv *ivs;         /* business hours, in order */
	uint8_t *minute_open; /* [ndays * 1440] business hours at each minute's start; NULL if unusable */
} ref_cal;

/* The first second in (lo, hi] whose working-time state differs from lo's,
 * given that hi's does. */
static int64_t find_change(const telsvc_calendar *cal, int64_t lo, int64_t hi)
{
	int before = check(telsvc_calendar_is_working_time(cal, lo), "is_working_time");
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (check(telsvc_calendar_is_working_time(cal, mid), "is_working_time") == before)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

static int push_iv(ref_cal *r, size_t *cap, size_t *count, int64_t start, int64_t end)
{
	if (*count == *cap) {
		ref_iv *grown = realloc(r->ivs, *cap * 2 * sizeof(ref_iv));
		if (!grown) {
			fprintf(stderr, "bench_calendar: out of memory\n");
			return 1;
		}
		r->ivs = grown;
		*cap *= 2;
	}
	r->ivs[(*count)++] = (ref_iv){ start, end };
	return 0;
}

/* Build the reference tables from the library's public queries. Returns 0,
 * or 1 after printing why the tables disagree with the library. */
static int ref_build(ref_cal *r, const telsvc_calendar *cal)
{
	int first, last;
	check(telsvc_calendar_years(&first, &last, cal), "calendar_years");
	int64_t day0 = days_from_civil(first, 1, 1);
	r->ndays = (int32_t)(days_from_civil(last + 1, 1, 1) - day0);
	check(telsvc_calendar_utc_offset(&utc_offset, cal, day0 * DAY), "utc_offset");
	r->t0 = day0 * DAY - utc_offset;

	int32_t n = r->ndays;
	r->day_start = xcalloc((size_t)n + 1, sizeof(int64_t));
	r->working = xcalloc((size_t)n, sizeof(uint8_t));
	r->business = xcalloc((size_t)n, sizeof(int64_t));
	r->iv_first = xcalloc((size_t)n + 1, sizeof(uint32_t));
	r->minute_open = xcalloc((size_t)n * MINUTES_PER_DAY, sizeof(uint8_t));
	size_t cap = (size_t)n * 4, count = 0;
	r->ivs = xcalloc(cap, sizeof(ref_iv));
	int minute_aligned = 1;

	for (int32_t d = 0; d <= n; d++) {
		int64_t ds = r->t0 + (int64_t)d * DAY;
		int32_t off;
		check(telsvc_calendar_utc_offset(&off, cal, ds), "utc_offset");
		if (off != utc_offset) {
			fprintf(stderr, "bench_calendar: the reference needs a fixed UTC offset; the calendar's changes\n");
			return 1;
		}
		r->day_start[d] = ds;
	}

	for (int32_t d = 0; d < n; d++) {
		int64_t ds = r->day_start[d];
		uint8_t *open = &r->minute_open[(size_t)d * MINUTES_PER_DAY];
		r->working[d] = (uint8_t)check(telsvc_calendar_is_working_day(cal, ds), "is_working_day");
		r->iv_first[d] = (uint32_t)count;
		/* probes at the start of each minute and at the day's last second */
		int64_t prev_t = ds, iv_start = ds;
		int prev = open[0] = (uint8_t)check(telsvc_calendar_is_working_time(cal, ds), "is_working_time");
		for (int m = 1; m <= MINUTES_PER_DAY; m++) {
			int64_t t = m < MINUTES_PER_DAY ? ds + (int64_t)m * 60 : ds + DAY - 1;
			int now = check(telsvc_calendar_is_working_time(cal, t), "is_working_time");
			if (m < MINUTES_PER_DAY)
				open[m] = (uint8_t)now;
			if (now != prev) {
				int64_t change = find_change(cal, prev_t, t);
				if ((change - ds) % 60 != 0)
					minute_aligned = 0;
				if (prev) {
					if (push_iv(r, &cap, &count, iv_start, change))
						return 2;
				} else {
					iv_start = change;
				}
			}
			prev = now;
			prev_t = t;
		}
		if (prev && push_iv(r, &cap, &count, iv_start, ds + DAY)) /* open through 24:00 */
			return 2;
		int64_t total = 0;
		for (size_t i = r->iv_first[d]; i < count; i++)
			total += r->ivs[i].end - r->ivs[i].start;
		r->business[d] = total;

		/* consistency with the library's own account of the day (which
		 * catches any opening or closing the minute probes stepped over) */
		int64_t el;
		check(telsvc_calendar_elapsed(&el, cal, TELSVC_CLOCK_BUSINESS, ds, ds + DAY - 1), "elapsed");
		el += prev; /* the day's last second */
		if (el != total) {
			char buf[32];
			fprintf(stderr,
				"bench_calendar: day %s: %" PRId64 " business seconds found by probing, the library's"
				" elapsed() says %" PRId64 "\n",
				fmt_local(buf, sizeof(buf), ds), total, el);
			return 1;
		}
		if (r->working[d] != (count > r->iv_first[d])) {
			char buf[32];
			fprintf(stderr, "bench_calendar: day %s: is_working_day says %d but it has %zu business intervals\n",
				fmt_local(buf, sizeof(buf), ds), r->working[d], count - r->iv_first[d]);
			return 1;
		}
	}
	r->iv_first[n] = (uint32_t)count;
	if (!minute_aligned) {
		free(r->minute_open);
		r->minute_open = NULL;
	}
	return 0;
}

static void ref_free(ref_cal *r)
{
	free(r->day_start);
	free(r->working);
	free(r->business);
	free(r->iv_first);
	free(r->ivs);
	free(r->minute_open);
}

/* The covered day holding @t, or -1. The offset is fixed, so O(1). */
static inline int64_t ref_day(const ref_cal *r, int64_t t)
{
	if (t < r->t0 || t >= r->day_start[r->ndays])
		return -1;
	return (t - r->t0) / DAY;
}

/* (2a) N working days: the day of receipt does not count; 24:00 of the Nth. */
static inline int ref_add_working_days(const ref_cal *r, int64_t start, int64_t n, int64_t *out)
{
	if (n == 0) {
		*out = start;
		return 0;
	}
	int64_t d = ref_day(r, start);
	if (d < 0)
		return -1;
	const uint8_t *working = r->working;
	int64_t ndays = r->ndays;
	while (n > 0) {
		if (++d >= ndays)
			return -1;
		n -= working[d];
	}
	*out = r->day_start[d + 1];
	return 0;
}

/* (2b) N business seconds: the rest of the start day, whole days one by
 * one, then the intervals of the final day. */
static inline int ref_add_business(const ref_cal *r, int64_t start, int64_t amount, int64_t *out)
{
	if (amount == 0) {
		*out = start;
		return 0;
	}
	int64_t d = ref_day(r, start);
	if (d < 0)
		return -1;
	const ref_iv *ivs = r->ivs;
	for (uint32_t i = r->iv_first[d]; i < r->iv_first[d + 1]; i++) {
		if (start >= ivs[i].end)
			continue;
		int64_t from = start > ivs[i].start ? start : ivs[i].start;
		if (amount <= ivs[i].end - from) {
			*out = from + amount;
			return 0;
		}
		amount -= ivs[i].end - from;
	}
	const int64_t *business = r->business;
	int64_t ndays = r->ndays;
	for (;;) {
		if (++d >= ndays)
			return -1;
		if (amount <= business[d])
			break;
		amount -= business[d];
	}
	for (uint32_t i = r->iv_first[d];; i++) {
		int64_t len = ivs[i].end - ivs[i].start;
		if (amount <= len) {
			*out = ivs[i].start + amount;
			return 0;
		}
		amount -= len;
	}
}

/* (3) N business seconds, one minute at a time over a per-minute table
 * (exact when every opening and closing falls on a whole minute). */
static inline int ref_add_business_minutes(const ref_cal *r, int64_t start, int64_t amount, int64_t *out)
{
	if (amount == 0) {
		*out = start;
		return 0;
	}
	if (ref_day(r, start) < 0)
		return -1;
	int64_t m = (start - r->t0) / 60, last = (int64_t)r->ndays * MINUTES_PER_DAY;
	int64_t t = start;
	for (; m < last; m++) {
		int64_t next = r->t0 + (m + 1) * 60;
		if (r->minute_open[m]) {
			if (amount <= next - t) {
				*out = t + amount;
				return 0;
			}
			amount -= next - t;
		}
		t = next;
	}
	return -1;
}

/* ---- reference 1: day-stepping over the calendar's definition ---- */

/* Days since 1970-01-01 of a Gregorian date from 1970 on, as an integer
 * constant expression (days_from_civil's arithmetic). */
#define DEF_YOE(y, m) (((y) - ((m) <= 2)) % 400)
#define DEF_DATE(y, m, d)                                                                                  \
	((int32_t)(((y) - ((m) <= 2)) / 400 * 146097 + DEF_YOE(y, m) * 365 + DEF_YOE(y, m) / 4 -            \
		   DEF_YOE(y, m) / 100 + (153 * ((m) + ((m) > 2 ? -3 : 9)) + 2) / 5 + (d)-1 - 719468))

_Static_assert(DEF_DATE(1970, 1, 1) == 0, "DEF_DATE");
_Static_assert(DEF_DATE(2025, 1, 1) == 20089, "DEF_DATE");
_Static_assert(DEF_DATE(2027, 1, 1) == 20089 + 365 + 365, "DEF_DATE");

#define DEF_UTC_OFFSET (8 * 3600)             /* China Standard Time, no daylight saving */
#define DEF_FIRST_DAY DEF_DATE(2025, 1, 1)    /* the years covered: 2025 and 2026 */
#define DEF_END_DAY DEF_DATE(2027, 1, 1)      /* exclusive */
#define DEF_WEEKDAY(d) (((d) + 4) % 7)        /* 0 = Sunday; 1970-01-01 was a Thursday; d >= 0 */

typedef struct def_range {
	int32_t first, last; /* days, inclusive */
} def_range;

/* Public holidays (off days), sorted; a sentinel ends the list. */
static const def_range def_holidays[] = {
	{ DEF_DATE(2025, 1, 1), DEF_DATE(2025, 1, 1) },    /* New Year */
	{ DEF_DATE(2025, 1, 28), DEF_DATE(2025, 2, 4) },   /* Spring Festival */
	{ DEF_DATE(2025, 4, 4), DEF_DATE(2025, 4, 6) },    /* Qingming */
	{ DEF_DATE(2025, 5, 1), DEF_DATE(2025, 5, 5) },    /* Labour Day */
	{ DEF_DATE(2025, 5, 31), DEF_DATE(2025, 6, 2) },   /* Dragon Boat */
	{ DEF_DATE(2025, 10, 1), DEF_DATE(2025, 10, 8) },  /* National Day and Mid-Autumn */
	{ DEF_DATE(2026, 1, 1), DEF_DATE(2026, 1, 3) },    /* New Year */
	{ DEF_DATE(2026, 2, 15), DEF_DATE(2026, 2, 23) },  /* Spring Festival */
	{ DEF_DATE(2026, 4, 4), DEF_DATE(2026, 4, 6) },    /* Qingming */
	{ DEF_DATE(2026, 5, 1), DEF_DATE(2026, 5, 5) },    /* Labour Day */
	{ DEF_DATE(2026, 6, 19), DEF_DATE(2026, 6, 21) },  /* Dragon Boat */
	{ DEF_DATE(2026, 9, 25), DEF_DATE(2026, 9, 27) },  /* Mid-Autumn */
	{ DEF_DATE(2026, 10, 1), DEF_DATE(2026, 10, 7) },  /* National Day */
	{ INT32_MAX, INT32_MAX },
};
#define DEF_N_HOLIDAYS (sizeof(def_holidays) / sizeof(def_holidays[0]) - 1)

/* Makeup working days (Saturdays and Sundays worked), sorted; a sentinel
 * ends the list. */
static const int32_t def_makeup[] = {
	DEF_DATE(2025, 1, 26),  /* Sun, Spring Festival */
	DEF_DATE(2025, 2, 8),   /* Sat, Spring Festival */
	DEF_DATE(2025, 4, 27),  /* Sun, Labour Day */
	DEF_DATE(2025, 9, 28),  /* Sun, National Day */
	DEF_DATE(2025, 10, 11), /* Sat, National Day */
	DEF_DATE(2026, 1, 4),   /* Sun, New Year */
	DEF_DATE(2026, 2, 14),  /* Sat, Spring Festival */
	DEF_DATE(2026, 2, 28),  /* Sat, Spring Festival */
	DEF_DATE(2026, 5, 9),   /* Sat, Labour Day */
	DEF_DATE(2026, 9, 20),  /* Sun, National Day */
	DEF_DATE(2026, 10, 10), /* Sat, National Day */
	INT32_MAX,
};
#define DEF_N_MAKEUP (sizeof(def_makeup) / sizeof(def_makeup[0]) - 1)

/* Business hours, local seconds of the day, [start, end): the weekly
 * template is the same for Monday to Friday, Saturday and Sunday have
 * none, and a makeup day works Monday's hours. */
typedef struct def_iv {
	int32_t start, end;
} def_iv;

static const def_iv def_hours[] = {
	{ 9 * 3600, 12 * 3600 },         /* 09:00-12:00 */
	{ 13 * 3600 + 1800, 18 * 3600 }, /* 13:30-18:00 */
};
#define DEF_N_HOURS 2
#define DEF_DAY_BUSINESS 27000 /* business seconds of a working day */
_Static_assert(sizeof(def_hours) / sizeof(def_hours[0]) == DEF_N_HOURS, "def_hours");
_Static_assert(3 * 3600 + 4 * 3600 + 1800 == DEF_DAY_BUSINESS, "DEF_DAY_BUSINESS");

/* Cursors for days visited in increasing order from day @d: the first
 * holiday range not over before @d, the first makeup day not before @d.
 * The lists are short (13 and 11 entries), so counting the entries before
 * @d, unrolled into straight-line compares, is faster here than a binary
 * search (see docs/performance.md for the variants measured). */
static inline uint32_t def_holiday_cursor(int32_t d)
{
	uint32_t k = 0;
#pragma GCC unroll 16
	for (uint32_t i = 0; i < DEF_N_HOLIDAYS; i++)
		k += def_holidays[i].last < d;
	return k;
}

static inline uint32_t def_makeup_cursor(int32_t d)
{
	uint32_t k = 0;
#pragma GCC unroll 16
	for (uint32_t i = 0; i < DEF_N_MAKEUP; i++)
		k += def_makeup[i] < d;
	return k;
}

/* Whether day @d (weekday @wd, 0 = Sunday) is a working day. The cursors
 * must be placed for @d (see above); they are moved past it, ready for
 * d + 1. */
static inline int def_is_working(int32_t d, int wd, uint32_t *h, uint32_t *m)
{
	if (d == def_makeup[*m]) {
		++*m;
		return 1;
	}
	if (d >= def_holidays[*h].first) {
		if (d == def_holidays[*h].last)
			++*h;
		return 0;
	}
	return (0x3e >> wd) & 1; /* Monday to Friday */
}

/* (1a) N working days: the day of receipt does not count; 24:00 local time
 * of the Nth working day after it. */
static inline int def_add_working_days(int64_t start, int64_t n, int64_t *out)
{
	if (n == 0) {
		*out = start;
		return 0;
	}
	int64_t local = start + DEF_UTC_OFFSET;
	if (local < (int64_t)DEF_FIRST_DAY * DAY || local >= (int64_t)DEF_END_DAY * DAY)
		return -1;
	int32_t d = (int32_t)(local / DAY);
	int wd = DEF_WEEKDAY(d);
	uint32_t h = def_holiday_cursor(d + 1), m = def_makeup_cursor(d + 1);
	do {
		if (++d >= DEF_END_DAY)
			return -1;
		wd = wd == 6 ? 0 : wd + 1;
		n -= def_is_working(d, wd, &h, &m);
	} while (n > 0);
	*out = (int64_t)(d + 1) * DAY - DEF_UTC_OFFSET;
	return 0;
}

/* (1b) N business seconds: the rest of the start day's hours, then whole
 * working days of 27000 s one by one, then the intervals of the final day. */
static inline int def_add_business(int64_t start, int64_t amount, int64_t *out)
{
	if (amount == 0) {
		*out = start;
		return 0;
	}
	int64_t local = start + DEF_UTC_OFFSET;
	if (local < (int64_t)DEF_FIRST_DAY * DAY || local >= (int64_t)DEF_END_DAY * DAY)
		return -1;
	int32_t d = (int32_t)(local / DAY);
	int32_t s = (int32_t)(local - (int64_t)d * DAY);
	int wd = DEF_WEEKDAY(d);
	uint32_t h = def_holiday_cursor(d), m = def_makeup_cursor(d);
	if (def_is_working(d, wd, &h, &m)) {
		for (int i = 0; i < DEF_N_HOURS; i++) {
			if (s >= def_hours[i].end)
				continue;
			int32_t from = s > def_hours[i].start ? s : def_hours[i].start;
			if (amount <= def_hours[i].end - from) {
				*out = (int64_t)d * DAY + from + amount - DEF_UTC_OFFSET;
				return 0;
			}
			amount -= def_hours[i].end - from;
		}
	}
	for (;;) {
		if (++d >= DEF_END_DAY)
			return -1;
		wd = wd == 6 ? 0 : wd + 1;
		if (def_is_working(d, wd, &h, &m)) {
			if (amount <= DEF_DAY_BUSINESS)
				break;
			amount -= DEF_DAY_BUSINESS;
		}
	}
	int i = 0;
	for (; i < DEF_N_HOURS - 1; i++) {
		int32_t len = def_hours[i].end - def_hours[i].start;
		if (amount <= len)
			break;
		amount -= len;
	}
	*out = (int64_t)d * DAY + def_hours[i].start + amount - DEF_UTC_OFFSET;
	return 0;
}

/* The definition against the library's per-day tables, for every day of
 * the calendar. Returns 0, or 1 after printing the first day that differs. */
static int def_check(const ref_cal *r)
{
	for (uint32_t i = 0; i < DEF_N_HOLIDAYS; i++)
		if (def_holidays[i].first > def_holidays[i].last ||
		    (i > 0 && def_holidays[i].first <= def_holidays[i - 1].last)) {
			fprintf(stderr, "bench_calendar: def_holidays[%u] is out of order\n", i);
			return 1;
		}
	for (uint32_t i = 1; i < DEF_N_MAKEUP; i++)
		if (def_makeup[i] <= def_makeup[i - 1]) {
			fprintf(stderr, "bench_calendar: def_makeup[%u] is out of order\n", i);
			return 1;
		}
	if (r->ndays != DEF_END_DAY - DEF_FIRST_DAY || utc_offset != DEF_UTC_OFFSET) {
		fprintf(stderr,
			"bench_calendar: the library's calendar covers %" PRId32 " days at UTC offset %" PRId32
			" s; the definition %d days at %d s\n",
			r->ndays, utc_offset, DEF_END_DAY - DEF_FIRST_DAY, DEF_UTC_OFFSET);
		return 1;
	}
	uint32_t h = def_holiday_cursor(DEF_FIRST_DAY), m = def_makeup_cursor(DEF_FIRST_DAY);
	for (int32_t d = DEF_FIRST_DAY; d < DEF_END_DAY; d++) {
		int32_t k = d - DEF_FIRST_DAY;
		int64_t midnight = (int64_t)d * DAY - DEF_UTC_OFFSET;
		int working = def_is_working(d, DEF_WEEKDAY(d), &h, &m);
		int same = r->day_start[k] == midnight && r->working[k] == working &&
			   r->iv_first[k + 1] - r->iv_first[k] == (uint32_t)(working ? DEF_N_HOURS : 0);
		for (uint32_t j = 0; same && working && j < DEF_N_HOURS; j++) {
			const ref_iv *iv = &r->ivs[r->iv_first[k] + j];
			same = iv->start == midnight + def_hours[j].start && iv->end == midnight + def_hours[j].end;
		}
		if (!same) {
			char buf[32];
			fprintf(stderr,
				"bench_calendar: day %.10s: the definition says %s, the library %s with %" PRId64
				" business seconds in %u intervals\n",
				fmt_local(buf, sizeof(buf), midnight), working ? "working day 09:00-12:00, 13:30-18:00" : "rest day",
				r->working[k] ? "working day" : "rest day", r->business[k], r->iv_first[k + 1] - r->iv_first[k]);
			return 1;
		}
	}
	return 0;
}

/* ---- timed loops: each fills out[] and returns a checksum ---- */

typedef struct inputs {
	size_t n;
	int64_t *start;
	int64_t *days;    /* working days, 1..10 */
	int64_t *seconds; /* business seconds, 60..57600 */
} inputs;

static int failed_rc;

static uint64_t lib_loop(const telsvc_calendar *cal, const int64_t *start, const int64_t *amount, size_t n,
			 telsvc_clock clock, int64_t *out)
{
	uint64_t sum = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		rc |= telsvc_calendar_add(&out[i], cal, start[i], clock, amount[i]);
		sum += (uint64_t)out[i];
	}
	failed_rc |= rc;
	return sum;
}

static uint64_t def_wd_loop(const int64_t *start, const int64_t *amount, size_t n, int64_t *out)
{
	uint64_t sum = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		rc |= def_add_working_days(start[i], amount[i], &out[i]);
		sum += (uint64_t)out[i];
	}
	failed_rc |= rc;
	return sum;
}

static uint64_t def_biz_loop(const int64_t *start, const int64_t *amount, size_t n, int64_t *out)
{
	uint64_t sum = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		rc |= def_add_business(start[i], amount[i], &out[i]);
		sum += (uint64_t)out[i];
	}
	failed_rc |= rc;
	return sum;
}

static uint64_t ref_wd_loop(const ref_cal *r, const int64_t *start, const int64_t *amount, size_t n, int64_t *out)
{
	uint64_t sum = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		rc |= ref_add_working_days(r, start[i], amount[i], &out[i]);
		sum += (uint64_t)out[i];
	}
	failed_rc |= rc;
	return sum;
}

static uint64_t ref_biz_loop(const ref_cal *r, const int64_t *start, const int64_t *amount, size_t n, int64_t *out)
{
	uint64_t sum = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		rc |= ref_add_business(r, start[i], amount[i], &out[i]);
		sum += (uint64_t)out[i];
	}
	failed_rc |= rc;
	return sum;
}

static uint64_t ref_min_loop(const ref_cal *r, const int64_t *start, const int64_t *amount, size_t n, int64_t *out)
{
	uint64_t sum = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		rc |= ref_add_business_minutes(r, start[i], amount[i], &out[i]);
		sum += (uint64_t)out[i];
	}
	failed_rc |= rc;
	return sum;
}

enum impl { LIB_WD, DEF_WD, REF_WD, LIB_BIZ, DEF_BIZ, REF_BIZ, LIB_MIN, REF_MIN, N_IMPL };

static uint64_t run(enum impl which, const telsvc_calendar *cal, const ref_cal *r, const inputs *in, size_t subset,
		    int64_t *out)
{
	switch (which) {
	case LIB_WD:
		return lib_loop(cal, in->start, in->days, in->n, TELSVC_CLOCK_WORKING_DAYS, out);
	case DEF_WD:
		return def_wd_loop(in->start, in->days, in->n, out);
	case REF_WD:
		return ref_wd_loop(r, in->start, in->days, in->n, out);
	case LIB_BIZ:
		return lib_loop(cal, in->start, in->seconds, in->n, TELSVC_CLOCK_BUSINESS, out);
	case DEF_BIZ:
		return def_biz_loop(in->start, in->seconds, in->n, out);
	case REF_BIZ:
		return ref_biz_loop(r, in->start, in->seconds, in->n, out);
	case LIB_MIN:
		return lib_loop(cal, in->start, in->seconds, subset, TELSVC_CLOCK_BUSINESS, out);
	case REF_MIN:
		return ref_min_loop(r, in->start, in->seconds, subset, out);
	case N_IMPL:
		break;
	}
	return 0;
}

/* Compare two answer arrays; print the first difference. */
static int compare(const char *op, const inputs *in, const int64_t *amount, const int64_t *lib, const int64_t *ref,
		   size_t n, const char *ref_name)
{
	for (size_t i = 0; i < n; i++) {
		if (lib[i] == ref[i])
			continue;
		char a[32], b[32], c[32];
		fprintf(stderr,
			"MISMATCH (%s), input %zu: start %" PRId64 " (%s), amount %" PRId64 ":\n"
			"  library      %" PRId64 " (%s)\n"
			"  %-12s %" PRId64 " (%s)\n",
			op, i, in->start[i], fmt_local(a, sizeof(a), in->start[i]), amount[i], lib[i],
			fmt_local(b, sizeof(b), lib[i]), ref_name, ref[i], fmt_local(c, sizeof(c), ref[i]));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = DEFAULT_INPUTS;
	int runs = DEFAULT_RUNS;
	if (argc > 1) {
		char *end;
		unsigned long long v = strtoull(argv[1], &end, 10);
		if (*end || v == 0 || v > (1u << 28)) {
			fprintf(stderr, "usage: %s [inputs (1..%u) [runs]]\n", argv[0], 1u << 28);
			return 2;
		}
		n = (size_t)v;
	}
	if (argc > 2) {
		runs = atoi(argv[2]);
		if (runs < 1 || runs > 100) {
			fprintf(stderr, "usage: %s [inputs [runs (1..100)]]\n", argv[0]);
			return 2;
		}
	}

	telsvc_ctx *ctx;
	telsvc_policy *policy;
	const telsvc_calendar *cal;
	check(telsvc_ctx_new(&ctx, NULL), "ctx_new");
	check(telsvc_policy_default(&policy, ctx), "policy_default");
	check(telsvc_policy_calendar(&cal, policy, NULL), "policy_calendar");

	ref_cal r;
	memset(&r, 0, sizeof(r));
	double t_build = now_seconds();
	int built = ref_build(&r, cal);
	if (built)
		return built;
	t_build = now_seconds() - t_build;
	if (def_check(&r))
		return 1;

	/* inputs: starts uniform over 2025-01-01 00:00 .. 2026-09-30 24:00 local */
	inputs in = { n, xcalloc(n, sizeof(int64_t)), xcalloc(n, sizeof(int64_t)), xcalloc(n, sizeof(int64_t)) };
	int64_t lo = days_from_civil(2025, 1, 1) * DAY - utc_offset;
	int64_t hi = days_from_civil(2026, 10, 1) * DAY - utc_offset;
	rng_state = SEED;
	for (size_t i = 0; i < n; i++) {
		in.start[i] = lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
		in.days[i] = 1 + (int64_t)(rnd() % 10);
		in.seconds[i] = 60 + (int64_t)(rnd() % (16 * 3600 - 60 + 1));
	}
	size_t subset = n < MINUTE_SUBSET ? n : MINUTE_SUBSET;
	int have_minutes = r.minute_open != NULL;

	int64_t *out[N_IMPL];
	double best[N_IMPL];
	uint64_t sums[N_IMPL];
	for (int k = 0; k < N_IMPL; k++) {
		out[k] = xcalloc(n, sizeof(int64_t));
		best[k] = 1e300;
		sums[k] = 0;
	}

	/* Warm up once, then time each implementation runs times, interleaved. */
	for (int k = 0; k < N_IMPL; k++)
		if (have_minutes || (k != LIB_MIN && k != REF_MIN))
			run((enum impl)k, cal, &r, &in, subset, out[k]);
	for (int rep = 0; rep < runs; rep++) {
		for (int k = 0; k < N_IMPL; k++) {
			if (!have_minutes && (k == LIB_MIN || k == REF_MIN))
				continue;
			double t = now_seconds();
			uint64_t s = run((enum impl)k, cal, &r, &in, subset, out[k]);
			t = now_seconds() - t;
			if (t < best[k])
				best[k] = t;
			sums[k] = s;
		}
	}
	if (failed_rc) {
		fprintf(stderr, "bench_calendar: a deadline failed (%s)\n", telsvc_error_last());
		return 1;
	}

	int bad = compare("working days", &in, in.days, out[LIB_WD], out[DEF_WD], n, "definition") ||
		  compare("working days", &in, in.days, out[LIB_WD], out[REF_WD], n, "per-day") ||
		  compare("business seconds", &in, in.seconds, out[LIB_BIZ], out[DEF_BIZ], n, "definition") ||
		  compare("business seconds", &in, in.seconds, out[LIB_BIZ], out[REF_BIZ], n, "per-day") ||
		  (have_minutes &&
		   compare("business seconds", &in, in.seconds, out[LIB_MIN], out[REF_MIN], subset, "minute-step"));
	if (bad) {
		fprintf(stderr, "bench_calendar: answers differ; no timings reported\n");
		return 1;
	}

	printf("calendar '%s', %zu inputs (seed %#" PRIx64 "), best of %d runs; reference tables built in %.3f s\n",
	       telsvc_calendar_name(cal), n, SEED, runs, t_build);
	printf("starts uniform over 2025-01-01..2026-09-30 local; working days 1..10; business seconds 60..57600\n");
	printf("references: (1) day-stepping over the calendar's definition; (2) day-stepping over per-day\n"
	       "arrays precomputed from the library; (3) minute-stepping over a per-minute table, first %zu inputs\n\n",
	       subset);
	printf("%-18s %-30s %14s %14s %8s\n", "operation", "reference", "library dl/s", "reference dl/s", "ratio");
	enum { ROW_WD_DEF, ROW_WD_REF, ROW_BIZ_DEF, ROW_BIZ_REF, ROW_BIZ_MIN, N_ROWS };
	static const struct {
		const char *op, *ref;
		enum impl lib_k, ref_k;
	} rows[N_ROWS] = {
		{ "add working days", "(1) day-stepping, definition", LIB_WD, DEF_WD },
		{ "add working days", "(2) day-stepping, per-day", LIB_WD, REF_WD },
		{ "add business time", "(1) day-stepping, definition", LIB_BIZ, DEF_BIZ },
		{ "add business time", "(2) day-stepping, per-day", LIB_BIZ, REF_BIZ },
		{ "add business time", "(3) minute-stepping", LIB_MIN, REF_MIN },
	};
	double ratios[N_ROWS] = { 0 };
	for (int i = 0; i < N_ROWS; i++) {
		if (rows[i].ref_k == REF_MIN && !have_minutes) {
			printf("%-18s %-30s %14s (hours not on whole minutes: skipped)\n", rows[i].op, rows[i].ref, "-");
			continue;
		}
		size_t count = rows[i].ref_k == REF_MIN ? subset : n;
		double lib_rate = (double)count / best[rows[i].lib_k];
		double ref_rate = (double)count / best[rows[i].ref_k];
		ratios[i] = lib_rate / ref_rate;
		printf("%-18s %-30s %14.0f %14.0f %8.2f\n", rows[i].op, rows[i].ref, lib_rate, ref_rate, ratios[i]);
	}
	printf("\nrequirement, against (1) day-stepping over the definition:\n");
	for (int i = ROW_WD_DEF; i <= ROW_BIZ_DEF; i += ROW_BIZ_DEF - ROW_WD_DEF)
		printf("%s %.0f for %s (%.2f)\n", ratios[i] >= REQUIRED_RATIO ? "PASS: ratio >=" : "FAIL: ratio <",
		       REQUIRED_RATIO, rows[i].op, ratios[i]);
	printf("information only, no requirement, against (2) day-stepping over per-day arrays:\n");
	for (int i = ROW_WD_REF; i <= ROW_BIZ_REF; i += ROW_BIZ_REF - ROW_WD_REF)
		printf("info: ratio %s %.0f for %s (%.2f)\n", ratios[i] >= REQUIRED_RATIO ? ">=" : "<", REQUIRED_RATIO,
		       rows[i].op, ratios[i]);
	printf("\nchecksums:");
	for (int k = 0; k < N_IMPL; k++)
		if (have_minutes || (k != LIB_MIN && k != REF_MIN))
			printf(" %016" PRIx64, sums[k]);
	printf("\n");
	printf("answers: identical (%zu working-day and %zu business deadlines, each against (1) and (2)%s)\n", n, n,
	       have_minutes ? ", plus the minute-stepping subset against (3)" : "");

	for (int k = 0; k < N_IMPL; k++)
		free(out[k]);
	free(in.start);
	free(in.days);
	free(in.seconds);
	ref_free(&r);
	telsvc_policy_free(policy);
	telsvc_ctx_free(ctx);
	return 0;
}
