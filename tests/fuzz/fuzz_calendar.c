/* Calendar definitions and deadline arithmetic. The input is an eight-byte
 * seed and a policy document, usually one defining calendars; every
 * calendar of the policy that loads (the shipped ones too, unless the
 * document replaces them) answers queries at instants and amounts drawn
 * from the seed, mostly inside its years, some anywhere. What
 * docs/calendar.md promises must hold:
 * - an amount of 0 gives the start, a negative one is TELSVC_EINVAL;
 * - business: the result is the earliest instant by which exactly the
 *   amount of business time has run, at least that much wall time later,
 *   inside business hours or at their end; adding a then b equals adding
 *   a + b;
 * - working days: the result lies after the start, at 24:00 of a working
 *   day, or within one when the calendar ends periods at the same time of
 *   day or at the close of business; one more day gives a later result;
 * - elapsed time runs the other way with the opposite sign; wall seconds
 *   that do not fit in 64 bits are TELSVC_EINVAL;
 * - the next opening is business time and no business time precedes it;
 * - business time lies on a working day; the UTC offset is defined for
 *   any instant.
 * Arithmetic may fail only with TELSVC_ERANGE, outside the years. */
#include "fuzz.h"

#include <string.h>

#define SEED_BYTES 8
#define QUERIES 12
#define DAY 86400

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Days from 1970-01-01 to January 1 of @y. */
static int64_t year_start(int64_t y)
{
	y -= 1;
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + 306 - 719468;
}

typedef struct span {
	int64_t from, to; /* the covered years, a day wider on each side */
} span;

/* An instant: mostly inside @s, one in eight anywhere at all. */
static int64_t instant(uint64_t *seed, const span *s)
{
	uint64_t r = next(seed);
	if ((r & 7) == 0)
		return (int64_t)next(seed);
	return s->from + (int64_t)(next(seed) % (uint64_t)(s->to - s->from));
}

static void ok_or_range(int rc)
{
	FUZZ_CHECK(rc == TELSVC_OK || rc == TELSVC_ERANGE);
}

static int working_time(const telsvc_calendar *cal, int64_t t)
{
	int rc = telsvc_calendar_is_working_time(cal, t);
	FUZZ_CHECK(rc == 0 || rc == 1);
	return rc;
}

static int working_day(const telsvc_calendar *cal, int64_t t)
{
	int rc = telsvc_calendar_is_working_day(cal, t);
	FUZZ_CHECK(rc == 0 || rc == 1);
	return rc;
}

static int64_t elapsed(const telsvc_calendar *cal, telsvc_clock clock, int64_t from, int64_t to)
{
	int64_t e = 0, back = 0;
	FUZZ_CHECK(telsvc_calendar_elapsed(&e, cal, clock, from, to) == TELSVC_OK);
	FUZZ_CHECK(telsvc_calendar_elapsed(&back, cal, clock, to, from) == TELSVC_OK);
	FUZZ_CHECK(back == -e);
	return e;
}

static void business(const telsvc_calendar *cal, int64_t start, int64_t a, int64_t b)
{
	int64_t out = 0, mid = 0, end = 0;
	int rc = telsvc_calendar_add(&out, cal, start, TELSVC_CLOCK_BUSINESS, a + b);
	ok_or_range(rc);
	if (rc != TELSVC_OK)
		return;
	FUZZ_CHECK(out - start >= a + b);
	if (a + b > 0) {
		FUZZ_CHECK(elapsed(cal, TELSVC_CLOCK_BUSINESS, start, out) == a + b);
		FUZZ_CHECK(elapsed(cal, TELSVC_CLOCK_BUSINESS, start, out - 1) == a + b - 1);
		FUZZ_CHECK(working_time(cal, out - 1) == 1);
	}
	FUZZ_CHECK(telsvc_calendar_add(&mid, cal, start, TELSVC_CLOCK_BUSINESS, a) == TELSVC_OK);
	FUZZ_CHECK(telsvc_calendar_add(&end, cal, mid, TELSVC_CLOCK_BUSINESS, b) == TELSVC_OK);
	FUZZ_CHECK(end == out);
}

static void working_days(const telsvc_calendar *cal, int64_t start, int64_t n)
{
	int64_t out = 0, later = 0;
	int rc = telsvc_calendar_add(&out, cal, start, TELSVC_CLOCK_WORKING_DAYS, n);
	ok_or_range(rc);
	if (rc != TELSVC_OK || n == 0)
		return;
	FUZZ_CHECK(out > start);
	switch (telsvc_calendar_day_end(cal)) {
	case TELSVC_DAY_END_END_OF_DAY: {
		/* local midnight, or a transition that skips it */
		int32_t at = 0, before = 0;
		FUZZ_CHECK(working_day(cal, out - 1) == 1);
		FUZZ_CHECK(telsvc_calendar_utc_offset(&at, cal, out) == TELSVC_OK);
		FUZZ_CHECK(telsvc_calendar_utc_offset(&before, cal, out - 1) == TELSVC_OK);
		FUZZ_CHECK((out + at) % DAY == 0 || at != before);
		break;
	}
	case TELSVC_DAY_END_CLOSE_OF_BUSINESS:
		FUZZ_CHECK(working_day(cal, out - 1) == 1);
		break;
	case TELSVC_DAY_END_SAME_TIME:
		FUZZ_CHECK(working_day(cal, out) == 1);
		break;
	}
	rc = telsvc_calendar_add(&later, cal, start, TELSVC_CLOCK_WORKING_DAYS, n + 1);
	ok_or_range(rc);
	FUZZ_CHECK(rc != TELSVC_OK || later > out);
}

static void opening(const telsvc_calendar *cal, int64_t t)
{
	int64_t open = 0;
	int rc = telsvc_calendar_next_opening(&open, cal, t);
	ok_or_range(rc);
	if (rc != TELSVC_OK)
		return;
	FUZZ_CHECK(open >= t);
	FUZZ_CHECK(working_time(cal, open) == 1);
	FUZZ_CHECK(elapsed(cal, TELSVC_CLOCK_BUSINESS, t, open) == 0);
}

static void query(const telsvc_calendar *cal, uint64_t *seed, const span *s)
{
	int64_t t = instant(seed, s), u = instant(seed, s), out = 0;
	int32_t offset = 0;
	FUZZ_CHECK(telsvc_calendar_utc_offset(&offset, cal, t) == TELSVC_OK);
	for (int clock = TELSVC_CLOCK_WALL; clock <= TELSVC_CLOCK_WORKING_DAYS; clock++) {
		FUZZ_CHECK(telsvc_calendar_add(&out, cal, t, (telsvc_clock)clock, 0) == TELSVC_OK && out == t);
		FUZZ_CHECK(telsvc_calendar_add(&out, cal, t, (telsvc_clock)clock, -1) == TELSVC_EINVAL);
		int64_t e = 0, d = 0;
		int rc = telsvc_calendar_elapsed(&e, cal, (telsvc_clock)clock, t, u);
		if (clock != TELSVC_CLOCK_WALL)
			ok_or_range(rc);
		else if (__builtin_sub_overflow(u, t, &d))
			FUZZ_CHECK(rc == TELSVC_EINVAL);
		else
			FUZZ_CHECK(rc == TELSVC_OK && e == d);
	}
	int wt = telsvc_calendar_is_working_time(cal, t), wd = telsvc_calendar_is_working_day(cal, t);
	FUZZ_CHECK(wt == 0 || wt == 1 || wt == TELSVC_ERANGE);
	FUZZ_CHECK(wd == 0 || wd == 1 || wd == TELSVC_ERANGE);
	FUZZ_CHECK(wt != 1 || wd == 1);
	/* business amounts up to a few weeks of round-the-clock time */
	business(cal, t, (int64_t)(next(seed) % (40 * DAY)), (int64_t)(next(seed) % (10 * DAY)));
	working_days(cal, t, (int64_t)(next(seed) % 400));
	opening(cal, t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < SEED_BYTES)
		return 0;
	uint64_t seed = 0;
	memcpy(&seed, data, SEED_BYTES);
	int64_t now = FUZZ_T0;
	telsvc_ctx *ctx = fuzz_ctx(&now);
	telsvc_policy *p = NULL;
	if (telsvc_policy_load(&p, ctx, (const char *)data + SEED_BYTES, size - SEED_BYTES) == TELSVC_OK) {
		for (size_t i = 0; i < telsvc_policy_calendar_count(p); i++) {
			const telsvc_calendar *cal = telsvc_policy_calendar_at(p, i);
			int first = 0, last = 0;
			FUZZ_CHECK(telsvc_calendar_years(&first, &last, cal) == TELSVC_OK && first <= last);
			span s = { year_start(first) * DAY - DAY, year_start((int64_t)last + 1) * DAY + DAY };
			for (int q = 0; q < QUERIES; q++)
				query(cal, &seed, &s);
		}
		telsvc_policy_free(p);
	}
	telsvc_ctx_free(ctx);
	return 0;
}
