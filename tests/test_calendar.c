/* Calendar arithmetic on the official 2025/2026 calendar, a European
 * daylight-saving rule, and properties over many random instants. The
 * expected instants are worked out by hand from CALENDAR-CN.md and
 * RULES.md, not computed by the library. */
#include "helpers.h"

#include "calendar.h" /* the grid and the slots, compared below */

#include <telsvc/calendar.h>

#define H 3600
#define MIN 60

/* Seconds since the epoch of a local civil time at a fixed UTC offset
 * (an implementation independent of the library's). */
static int64_t at(int y, int mo, int d, int h, int mi, int offset_hours)
{
	int64_t yy = y - (mo <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	return days * 86400 + h * 3600 + mi * 60 - (int64_t)offset_hours * 3600;
}

#define CST(y, mo, d, h, mi) at(y, mo, d, h, mi, 8)

struct fixture {
	telsvc_ctx *ctx;
	telsvc_policy *policy;
	const telsvc_calendar *cal;
};

static int setup_default(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	f->ctx = test_ctx();
	assert_int_equal(telsvc_policy_default(&f->policy, f->ctx), TELSVC_OK);
	assert_int_equal(telsvc_policy_calendar(&f->cal, f->policy, NULL), TELSVC_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	telsvc_policy_free(f->policy);
	telsvc_ctx_free(f->ctx);
	free(f);
	return 0;
}

static void expect_add(const telsvc_calendar *cal, int64_t start, telsvc_clock clock, int64_t amount, int64_t want)
{
	int64_t got = 0;
	int rc = telsvc_calendar_add(&got, cal, start, clock, amount);
	if (rc != TELSVC_OK)
		fail_msg("add(%lld, clock %d, %lld): %s", (long long)start, clock, (long long)amount, telsvc_error_last());
	if (got != want)
		fail_msg("add(%lld, clock %d, %lld) = %lld, want %lld (off by %lld s)", (long long)start, clock,
			 (long long)amount, (long long)got, (long long)want, (long long)(got - want));
}

#define WD TELSVC_CLOCK_WORKING_DAYS
#define BIZ TELSVC_CLOCK_BUSINESS

/* RULES.md DEFAULTS: a general complaint received Tue 2025-09-30 17:00
 * (+08:00) gets first handling by the end of Thu 2025-10-09 and is closed
 * by the end of Tue 2025-10-14 (Sat 2025-10-11 is a makeup day). */
static void rules_md_example(void **state)
{
	struct fixture *f = *state;
	int64_t received = CST(2025, 9, 30, 17, 0);
	expect_add(f->cal, received, WD, 1, CST(2025, 10, 10, 0, 0));
	expect_add(f->cal, received, WD, 5, CST(2025, 10, 15, 0, 0));
	/* and the other complaint limits of §6.2 */
	expect_add(f->cal, received, WD, 2, CST(2025, 10, 11, 0, 0));  /* Fri 10-10 */
	expect_add(f->cal, received, WD, 3, CST(2025, 10, 12, 0, 0));  /* Sat 10-11, makeup */
	expect_add(f->cal, received, WD, 7, CST(2025, 10, 17, 0, 0));  /* Thu 10-16 */
	expect_add(f->cal, received, WD, 10, CST(2025, 10, 22, 0, 0)); /* Tue 10-21 */
}

static void spring_festival_2025(void **state)
{
	struct fixture *f = *state;
	/* off Tue 01-28 .. Tue 02-04; makeup Sun 01-26 and Sat 02-08 */
	int64_t fri = CST(2025, 1, 24, 10, 0);
	expect_add(f->cal, fri, WD, 1, CST(2025, 1, 27, 0, 0)); /* Sun 01-26 works */
	expect_add(f->cal, fri, WD, 2, CST(2025, 1, 28, 0, 0)); /* Mon 01-27 */
	expect_add(f->cal, fri, WD, 3, CST(2025, 2, 6, 0, 0));  /* Wed 02-05 */
	expect_add(f->cal, fri, WD, 5, CST(2025, 2, 8, 0, 0));  /* Fri 02-07 */
	expect_add(f->cal, fri, WD, 6, CST(2025, 2, 9, 0, 0));  /* Sat 02-08 works */
	expect_add(f->cal, fri, WD, 7, CST(2025, 2, 11, 0, 0)); /* Mon 02-10 */
	/* received during the holiday: counting starts after it */
	expect_add(f->cal, CST(2025, 1, 30, 9, 0), WD, 1, CST(2025, 2, 6, 0, 0));
	assert_int_equal(telsvc_calendar_is_working_day(f->cal, CST(2025, 1, 26, 12, 0)), 1);
	assert_int_equal(telsvc_calendar_is_working_day(f->cal, CST(2025, 1, 28, 12, 0)), 0);
	assert_int_equal(telsvc_calendar_is_working_day(f->cal, CST(2025, 2, 8, 12, 0)), 1);
	assert_int_equal(telsvc_calendar_is_working_day(f->cal, CST(2025, 2, 9, 12, 0)), 0);
}

static void national_day_2026(void **state)
{
	struct fixture *f = *state;
	/* off Thu 10-01 .. Wed 10-07; makeup Sun 09-20 and Sat 10-10; Mid-Autumn off 09-25 .. 09-27 */
	int64_t wed = CST(2026, 9, 30, 10, 0);
	expect_add(f->cal, wed, WD, 1, CST(2026, 10, 9, 0, 0));  /* Thu 10-08 */
	expect_add(f->cal, wed, WD, 2, CST(2026, 10, 10, 0, 0)); /* Fri 10-09 */
	expect_add(f->cal, wed, WD, 3, CST(2026, 10, 11, 0, 0)); /* Sat 10-10, makeup */
	expect_add(f->cal, wed, WD, 4, CST(2026, 10, 13, 0, 0)); /* Mon 10-12 */
	expect_add(f->cal, CST(2026, 9, 24, 15, 0), WD, 1, CST(2026, 9, 29, 0, 0)); /* Mon 09-28 */
	expect_add(f->cal, CST(2026, 9, 18, 15, 0), WD, 1, CST(2026, 9, 21, 0, 0)); /* Sun 09-20 works */
	/* business hours across the holiday: Wed 17:00 + 2 h = Thu 10-08 10:00 */
	expect_add(f->cal, CST(2026, 9, 30, 17, 0), BIZ, 2 * H, CST(2026, 10, 8, 10, 0));
}

static void turn_of_the_year(void **state)
{
	struct fixture *f = *state;
	/* 2026-01-01 .. 01-03 off, Sun 01-04 makeup */
	int64_t eve = CST(2025, 12, 31, 12, 0);
	expect_add(f->cal, eve, WD, 1, CST(2026, 1, 5, 0, 0));
	expect_add(f->cal, eve, WD, 2, CST(2026, 1, 6, 0, 0));
	expect_add(f->cal, eve, BIZ, 6 * H, CST(2026, 1, 4, 10, 30)); /* 4.5 h on 12-31, 1.5 h on 01-04 */
	int64_t el;
	assert_int_equal(telsvc_calendar_elapsed(&el, f->cal, BIZ, eve, CST(2026, 1, 5, 9, 0)), TELSVC_OK);
	assert_int_equal(el, 4 * H + 30 * MIN + 7 * H + 30 * MIN); /* 12:00-18:00 less lunch, and all of 01-04 */
}

static void business_hours_edges(void **state)
{
	struct fixture *f = *state;
	const telsvc_calendar *c = f->cal;
	int64_t tue = CST(2025, 9, 30, 0, 0);
	/* landing exactly at the close stays at the close, not the next opening */
	expect_add(c, tue + 17 * H, BIZ, 1 * H, tue + 18 * H);
	expect_add(c, tue + 17 * H, BIZ, 1 * H + 60, CST(2025, 10, 9, 9, 1));
	/* the lunch break does not count */
	expect_add(c, tue + 11 * H + 30 * MIN, BIZ, 1 * H, tue + 14 * H);
	expect_add(c, tue + 11 * H + 30 * MIN, BIZ, 30 * MIN, tue + 12 * H);
	/* starting on a holiday, after hours, before hours, at opening, in lunch */
	expect_add(c, CST(2025, 10, 3, 10, 0), BIZ, 1, CST(2025, 10, 9, 9, 0) + 1);
	expect_add(c, CST(2025, 10, 9, 20, 0), BIZ, 3 * H, CST(2025, 10, 10, 12, 0));
	expect_add(c, tue + 7 * H, BIZ, 1 * H, tue + 10 * H);
	expect_add(c, tue + 9 * H, BIZ, 3 * H, tue + 12 * H);
	expect_add(c, tue + 12 * H + 15 * MIN, BIZ, 1, tue + 13 * H + 30 * MIN + 1);
	/* a full working day of business hours: 7.5 h */
	expect_add(c, tue + 9 * H, BIZ, 7 * H + 30 * MIN, tue + 18 * H);
	expect_add(c, tue, BIZ, 0, tue);

	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 9 * H), 1);
	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 9 * H - 1), 0);
	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 12 * H), 0);
	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 12 * H - 1), 1);
	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 13 * H + 30 * MIN), 1);
	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 18 * H - 1), 1);
	assert_int_equal(telsvc_calendar_is_working_time(c, tue + 18 * H), 0);
	assert_int_equal(telsvc_calendar_is_working_time(c, CST(2025, 10, 11, 10, 0)), 1); /* makeup Saturday */

	int64_t open;
	assert_int_equal(telsvc_calendar_next_opening(&open, c, tue + 12 * H), TELSVC_OK);
	assert_int_equal(open, tue + 13 * H + 30 * MIN);
	assert_int_equal(telsvc_calendar_next_opening(&open, c, tue + 18 * H), TELSVC_OK);
	assert_int_equal(open, CST(2025, 10, 9, 9, 0));
	assert_int_equal(telsvc_calendar_next_opening(&open, c, CST(2025, 10, 11, 8, 0)), TELSVC_OK);
	assert_int_equal(open, CST(2025, 10, 11, 9, 0));
	assert_int_equal(telsvc_calendar_next_opening(&open, c, tue + 10 * H), TELSVC_OK);
	assert_int_equal(open, tue + 10 * H);

	int64_t el;
	assert_int_equal(telsvc_calendar_elapsed(&el, c, BIZ, tue + 17 * H, CST(2025, 10, 9, 10, 0)), TELSVC_OK);
	assert_int_equal(el, 2 * H);
	assert_int_equal(telsvc_calendar_elapsed(&el, c, BIZ, CST(2025, 10, 9, 10, 0), tue + 17 * H), TELSVC_OK);
	assert_int_equal(el, -2 * H);
	assert_int_equal(telsvc_calendar_elapsed(&el, c, TELSVC_CLOCK_WALL, tue, tue + 5), TELSVC_OK);
	assert_int_equal(el, 5);
	/* working-day time: Tue 09-30 is a working day, Oct 1-8 are not */
	assert_int_equal(telsvc_calendar_elapsed(&el, c, WD, tue + 12 * H, CST(2025, 10, 9, 6, 0)), TELSVC_OK);
	assert_int_equal(el, 12 * H + 6 * H);
}

static void end_of_range(void **state)
{
	struct fixture *f = *state;
	int64_t out;
	expect_add(f->cal, CST(2026, 12, 30, 10, 0), WD, 1, CST(2027, 1, 1, 0, 0)); /* Thu 12-31 */
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2026, 12, 30, 10, 0), WD, 2), TELSVC_ERANGE);
	assert_non_null(strstr(telsvc_error_last(), "calendar 'business'"));
	assert_non_null(strstr(telsvc_error_last(), "2026-12-31"));
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2026, 12, 31, 17, 0), BIZ, 2 * H), TELSVC_ERANGE);
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2027, 1, 4, 10, 0), BIZ, 1), TELSVC_ERANGE);
	assert_non_null(strstr(telsvc_error_last(), "2027-01-04"));
	assert_non_null(strstr(telsvc_error_last(), "2025-2026"));
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2024, 12, 31, 23, 59), WD, 1), TELSVC_ERANGE);
	assert_int_equal(telsvc_calendar_is_working_day(f->cal, CST(2027, 1, 4, 10, 0)), TELSVC_ERANGE);
	assert_int_equal(telsvc_calendar_is_working_time(f->cal, CST(2024, 6, 3, 10, 0)), TELSVC_ERANGE);
	assert_int_equal(telsvc_calendar_next_opening(&out, f->cal, CST(2026, 12, 31, 18, 0)), TELSVC_ERANGE);
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2026, 1, 5, 10, 0), WD, 100000), TELSVC_ERANGE);
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2026, 1, 5, 10, 0), BIZ, INT64_MAX), TELSVC_ERANGE);
	/* the wall clock needs no calendar days */
	expect_add(f->cal, CST(2027, 6, 1, 0, 0), TELSVC_CLOCK_WALL, 2 * H, CST(2027, 6, 1, 2, 0));
	assert_int_equal(telsvc_calendar_add(&out, f->cal, INT64_MAX - 1, TELSVC_CLOCK_WALL, 2), TELSVC_EINVAL);
	/* wall seconds between instants further apart than 64 bits hold (found by fuzz_calendar) */
	assert_int_equal(telsvc_calendar_elapsed(&out, f->cal, TELSVC_CLOCK_WALL, -2, INT64_MAX), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "overflows"));
	assert_int_equal(telsvc_calendar_elapsed(&out, f->cal, TELSVC_CLOCK_WALL, 1, INT64_MIN), TELSVC_EINVAL);
	assert_int_equal(telsvc_calendar_elapsed(&out, f->cal, TELSVC_CLOCK_WALL, -1, INT64_MAX - 1), TELSVC_OK);
	assert_true(out == INT64_MAX);
	assert_int_equal(telsvc_calendar_elapsed(&out, f->cal, TELSVC_CLOCK_WALL, 0, INT64_MIN), TELSVC_OK);
	assert_true(out == INT64_MIN);
	assert_int_equal(telsvc_calendar_add(&out, f->cal, 0, WD, -1), TELSVC_EINVAL);
	assert_int_equal(telsvc_calendar_add(NULL, f->cal, 0, WD, 1), TELSVC_EINVAL);
	assert_int_equal(telsvc_calendar_add(&out, f->cal, CST(2025, 3, 3, 0, 0), (telsvc_clock)9, 1), TELSVC_EINVAL);
}

static telsvc_policy *load(telsvc_ctx *ctx, const char *yaml)
{
	telsvc_policy *p;
	if (telsvc_policy_load(&p, ctx, yaml, strlen(yaml)) != TELSVC_OK)
		fail_msg("%s", telsvc_error_last());
	return p;
}

static void day_end_rules(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *base = "calendars:\n"
			   "  business:\n"
			   "    time_zone: \"+08:00\"\n"
			   "    years: 2025\n"
			   "    hours: {mon: [09:00-12:00, 13:30-18:00], tue: [09:00-12:00, 13:30-18:00],"
			   " wed: [09:00-12:00, 13:30-18:00], thu: [09:00-12:00, 13:30-18:00],"
			   " fri: [09:00-12:00, 13:30-18:00]}\n"
			   "    holidays: [2025-10-01..2025-10-08]\n"
			   "    makeup_days: [2025-10-11]\n"
			   "    working_days_end: ";
	char doc[1024];
	const telsvc_calendar *cal;
	int64_t received = CST(2025, 9, 30, 17, 0);

	snprintf(doc, sizeof(doc), "%s%s\n", base, "same_time");
	telsvc_policy *p = load(ctx, doc);
	assert_int_equal(telsvc_policy_calendar(&cal, p, "business"), TELSVC_OK);
	assert_int_equal(telsvc_calendar_day_end(cal), TELSVC_DAY_END_SAME_TIME);
	expect_add(cal, received, WD, 1, CST(2025, 10, 9, 17, 0));
	expect_add(cal, received, WD, 3, CST(2025, 10, 11, 17, 0));
	telsvc_policy_free(p);

	snprintf(doc, sizeof(doc), "%s%s\n", base, "close_of_business");
	p = load(ctx, doc);
	assert_int_equal(telsvc_policy_calendar(&cal, p, NULL), TELSVC_OK);
	expect_add(cal, received, WD, 1, CST(2025, 10, 9, 18, 0));
	expect_add(cal, received, WD, 5, CST(2025, 10, 14, 18, 0));
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

/* Central European Time: CET-1CEST,M3.5.0,M10.5.0/3. In 2025 summer time
 * starts Sun 03-30 at 02:00 CET (01:00 UTC) and ends Sun 10-26 at 03:00
 * CEST (01:00 UTC). */
static void daylight_saving(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load(ctx, "calendars:\n"
				     "  office:\n"
				     "    time_zone: CET-1CEST,M3.5.0,M10.5.0/3\n"
				     "    years: 2025\n"
				     "    hours: {mon: [09:00-17:00], tue: [09:00-17:00], wed: [09:00-17:00],"
				     " thu: [09:00-17:00], fri: [09:00-17:00]}\n"
				     "  plant:\n"
				     "    time_zone: CET-1CEST,M3.5.0,M10.5.0/3\n"
				     "    years: 2025\n"
				     "    working_days_end: same_time\n"
				     "    hours: {mon: [00:00-24:00], tue: [00:00-24:00], wed: [00:00-24:00],"
				     " thu: [00:00-24:00], fri: [00:00-24:00], sat: [00:00-24:00], sun: [00:00-24:00]}\n");
	const telsvc_calendar *office, *plant;
	assert_int_equal(telsvc_policy_calendar(&office, p, "office"), TELSVC_OK);
	assert_int_equal(telsvc_policy_calendar(&plant, p, "plant"), TELSVC_OK);

	int32_t off;
	int64_t spring = at(2025, 3, 30, 1, 0, 0), autumn = at(2025, 10, 26, 1, 0, 0);
	assert_int_equal(telsvc_calendar_utc_offset(&off, office, spring - 1), TELSVC_OK);
	assert_int_equal(off, 3600);
	assert_int_equal(telsvc_calendar_utc_offset(&off, office, spring), TELSVC_OK);
	assert_int_equal(off, 7200);
	assert_int_equal(telsvc_calendar_utc_offset(&off, office, autumn - 1), TELSVC_OK);
	assert_int_equal(off, 7200);
	assert_int_equal(telsvc_calendar_utc_offset(&off, office, autumn), TELSVC_OK);
	assert_int_equal(off, 3600);

	/* Fri 03-28 16:00 CET + 2 business hours = Mon 03-31 10:00 CEST */
	expect_add(office, at(2025, 3, 28, 16, 0, 1), BIZ, 2 * H, at(2025, 3, 31, 10, 0, 2));
	/* Fri 10-24 16:00 CEST + 2 business hours = Mon 10-27 10:00 CET */
	expect_add(office, at(2025, 10, 24, 16, 0, 2), BIZ, 2 * H, at(2025, 10, 27, 10, 0, 1));
	/* one working day from Fri 03-28 ends at midnight CEST after Mon 03-31 */
	expect_add(office, at(2025, 3, 28, 10, 0, 1), WD, 1, at(2025, 4, 1, 0, 0, 2));
	expect_add(office, at(2025, 10, 24, 10, 0, 2), WD, 1, at(2025, 10, 28, 0, 0, 1));

	/* round the clock: the spring Sunday has 23 business hours, the autumn one 25 */
	int64_t el;
	assert_int_equal(telsvc_calendar_elapsed(&el, plant, BIZ, at(2025, 3, 30, 0, 0, 1), at(2025, 3, 31, 0, 0, 2)),
			 TELSVC_OK);
	assert_int_equal(el, 23 * H);
	assert_int_equal(telsvc_calendar_elapsed(&el, plant, BIZ, at(2025, 10, 26, 0, 0, 2), at(2025, 10, 27, 0, 0, 1)),
			 TELSVC_OK);
	assert_int_equal(el, 25 * H);
	assert_int_equal(telsvc_calendar_elapsed(&el, plant, WD, at(2025, 10, 26, 0, 0, 2), at(2025, 10, 27, 0, 0, 1)),
			 TELSVC_OK);
	assert_int_equal(el, 86400); /* one working day, however long */
	/* same time of day on a day where that time does not exist: the transition instant */
	expect_add(plant, at(2025, 3, 29, 2, 30, 1), WD, 1, spring);
	/* and on the day it exists twice: the first occurrence (still summer time) */
	expect_add(plant, at(2025, 10, 25, 2, 30, 2), WD, 1, at(2025, 10, 26, 2, 30, 2));
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void limits_name_calendars(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load(ctx, "requests: {limits: {non_urgent: {limit: 2d, calendar: 24x7}}}\n");
	telsvc_limit lim = TELSVC_LIMIT_INIT;
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_REQUEST_NON_URGENT), TELSVC_OK);
	assert_string_equal(lim.calendar, "24x7");
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE), TELSVC_OK);
	assert_string_equal(lim.calendar, "business");
	/* a version-1 caller's struct is not written past its end */
	struct {
		telsvc_limit lim;
	} v1 = { { 1, 0, TELSVC_CLOCK_WALL, 0, (const char *)0x1 } };
	assert_int_equal(telsvc_policy_limit(&v1.lim, p, TELSVC_PARAM_REQUEST_NON_URGENT), TELSVC_OK);
	assert_ptr_equal(v1.lim.calendar, (const char *)0x1);
	assert_int_equal(v1.lim.amount, 2);

	assert_int_equal(telsvc_policy_calendar_count(p), 2);
	assert_string_equal(telsvc_calendar_name(telsvc_policy_calendar_at(p, 0)), "24x7");
	assert_string_equal(telsvc_calendar_name(telsvc_policy_calendar_at(p, 1)), "business");
	assert_null(telsvc_policy_calendar_at(p, 2));
	const telsvc_calendar *cal;
	assert_int_equal(telsvc_policy_calendar(&cal, p, "moon"), TELSVC_ENOTFOUND);
	assert_non_null(strstr(telsvc_error_last(), "moon"));
	int first, last;
	assert_int_equal(telsvc_policy_calendar(&cal, p, "business"), TELSVC_OK);
	assert_int_equal(telsvc_calendar_years(&first, &last, cal), TELSVC_OK);
	assert_int_equal(first, 2025);
	assert_int_equal(last, 2026);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void calendar_errors(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *head = "calendars:\n  x:\n    time_zone: \"+08:00\"\n    years: 2025\n";
	char doc[1024];
	struct {
		const char *tail;
		const char *frags[3];
	} cases[] = {
		{ "    hours: {mon: [09:00-12:00]}\n    color: red\n", { "calendars.x.color", "unknown key", NULL } },
		{ "    hours: {monday: [09:00-12:00]}\n", { "calendars.x.hours.monday", "mon, tue", NULL } },
		{ "    hours: {mon: [9:00-12:00]}\n", { "calendars.x.hours.mon[0]", "HH:MM-HH:MM", NULL } },
		{ "    hours: {mon: [12:00-09:00]}\n", { "ends before it starts", NULL } },
		{ "    hours: {mon: [09:00-12:00, 11:00-13:00]}\n", { "calendars.x.hours.mon[1]", "overlaps", NULL } },
		{ "    hours: {mon: [24:00-24:00]}\n", { "HH:MM-HH:MM", NULL } },
		{ "    hours: {mon: 09:00-12:00}\n", { "expected a sequence", NULL } },
		{ "    hours: {}\n    holidays: [2026-01-01]\n", { "calendars.x.holidays[0]", "outside", "2025..2025" } },
		{ "    hours: {}\n    holidays: [2025-02-30]\n", { "not a date", NULL } },
		{ "    hours: {}\n    holidays: [2025-03-05..2025-03-01]\n", { "ends before it starts", NULL } },
		{ "    hours: {}\n    holidays: [2025-10-01..2025-10-08]\n    makeup_days: [2025-10-03]\n",
		  { "calendars.x.makeup_days[0]", "also a holiday", NULL } },
		{ "    hours: {}\n    makeup_days: [2025-10-11, 2025-10-11]\n", { "listed twice", NULL } },
		{ "    hours: {}\n    special_hours: {2025-12-24: [09:00-25:00]}\n",
		  { "calendars.x.special_hours.2025-12-24[0]", NULL } },
		{ "    hours: {}\n    working_days_end: noon\n", { "calendars.x.working_days_end", "end_of_day", NULL } },
		{ "    hours: {mon: [01:00-02:00, 03:00-04:00, 05:00-06:00, 07:00-08:00, 09:00-10:00, 11:00-12:00,"
		  " 13:00-14:00, 15:00-16:00, 17:00-18:00]}\n",
		  { "calendars.x.hours.mon", "at most 8", NULL } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(doc, sizeof(doc), "%s%s", head, cases[i].tail);
		test_expect_policy_error(ctx, doc, TELSVC_EPOLICY, cases[i].frags[0],
					 cases[i].frags[1] ? cases[i].frags[1] : cases[i].frags[0],
					 cases[i].frags[2] ? cases[i].frags[2] : cases[i].frags[0]);
	}
	test_expect_policy_error(ctx, "calendars: {x: {years: 2025, hours: {}}}\n", TELSVC_EPOLICY, "calendars.x",
				 "missing required key 'time_zone'");
	test_expect_policy_error(ctx, "calendars: {x: {time_zone: CET, years: 2025, hours: {}}}\n", TELSVC_EPOLICY,
				 "calendars.x.time_zone");
	test_expect_policy_error(ctx, "calendars: {x: {time_zone: CET-1CEST, years: 2025, hours: {}}}\n",
				 TELSVC_EPOLICY, "no rule");
	test_expect_policy_error(ctx, "calendars: {x: {time_zone: \"+8\", years: 2025, hours: {}}}\n", TELSVC_EPOLICY,
				 "UTC offset");
	test_expect_policy_error(ctx, "calendars: {x: {time_zone: UTC, years: 2025..1990, hours: {}}}\n",
				 TELSVC_EPOLICY, "calendars.x.years");
	test_expect_policy_error(ctx, "calendars: {x: {time_zone: UTC, years: 1900..2300, hours: {}}}\n",
				 TELSVC_EPOLICY, "1970..2199");
	test_expect_policy_error(ctx, "calendars: {X: {time_zone: UTC, years: 2025, hours: {}}}\n", TELSVC_EPOLICY,
				 "not a calendar name");
	test_expect_policy_error(ctx, "default_calendar: moon\n", TELSVC_EPOLICY, "default_calendar",
				 "calendar 'moon'", "line 1, column 19");
	test_expect_policy_error(ctx, "requests: {limits: {general: {calendar: moon}}}\n", TELSVC_EPOLICY,
				 "requests.limits.general.calendar", "calendar 'moon'", "line 1, column 41");
	telsvc_ctx_free(ctx);
}

/* Properties over many random instants and amounts. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void properties(void **state)
{
	struct fixture *f = *state;
	const telsvc_calendar *c = f->cal;
	int64_t lo = CST(2025, 1, 1, 0, 0), span = CST(2026, 6, 1, 0, 0) - lo;
	for (int i = 0; i < 20000; i++) {
		int64_t t = lo + (int64_t)(rnd() % (uint64_t)span);
		int64_t n = (int64_t)(rnd() % (200 * H)) + 1;
		int64_t d, d1, el;
		/* add then measure gives the amount back, and lands in or at the end of business hours */
		assert_int_equal(telsvc_calendar_add(&d, c, t, BIZ, n), TELSVC_OK);
		assert_int_equal(telsvc_calendar_elapsed(&el, c, BIZ, t, d), TELSVC_OK);
		assert_int_equal(el, n);
		assert_int_equal(telsvc_calendar_is_working_time(c, d - 1), 1);
		/* deadlines grow with the amount */
		assert_int_equal(telsvc_calendar_add(&d1, c, t, BIZ, n + 1), TELSVC_OK);
		assert_true(d1 > d);
		/* elapsed time is additive */
		int64_t u = lo + (int64_t)(rnd() % (uint64_t)span), e1, e2, e3;
		assert_int_equal(telsvc_calendar_elapsed(&e1, c, BIZ, t, u), TELSVC_OK);
		assert_int_equal(telsvc_calendar_elapsed(&e2, c, BIZ, u, d), TELSVC_OK);
		assert_int_equal(telsvc_calendar_elapsed(&e3, c, BIZ, t, d), TELSVC_OK);
		assert_int_equal(e1 + e2, e3);
		/* working days: later with N, at 24:00 ending a working day, after the day of receipt */
		int64_t k = (int64_t)(rnd() % 30) + 1, w, w1;
		assert_int_equal(telsvc_calendar_add(&w, c, t, WD, k), TELSVC_OK);
		assert_int_equal(telsvc_calendar_add(&w1, c, t, WD, k + 1), TELSVC_OK);
		assert_true(w1 > w);
		assert_int_equal(telsvc_calendar_is_working_day(c, w - 1), 1);
		assert_int_equal((w + 8 * H) % 86400, 0);
		assert_true(w - t > 86400 * k - 86400); /* at least k - 1 full days later */
		/* the next opening is open, and nothing before it is */
		int64_t o, el0;
		assert_int_equal(telsvc_calendar_next_opening(&o, c, t), TELSVC_OK);
		assert_true(o >= t);
		assert_int_equal(telsvc_calendar_is_working_time(c, o), 1);
		assert_int_equal(telsvc_calendar_elapsed(&el0, c, BIZ, t, o), TELSVC_OK);
		assert_int_equal(el0, 0);
	}
}

/* Three intervals a day, and one day of a single minute, so the bucket
 * index is coarser than the shortest day: the slower lookup path. */
static void irregular_calendar_properties(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load(ctx, "calendars:\n"
				     "  shifts:\n"
				     "    time_zone: \"-03:30\"\n"
				     "    years: 2025\n"
				     "    hours: {mon: [06:00-08:00, 12:00-12:30, 20:00-24:00], wed: [00:00-24:00],"
				     " sat: [10:00-10:01]}\n"
				     "    special_hours: {2025-03-05: [11:00-11:01], 2025-03-10: []}\n");
	const telsvc_calendar *c;
	assert_int_equal(telsvc_policy_calendar(&c, p, "shifts"), TELSVC_OK);
	int64_t lo = at(2025, 1, 2, 0, 0, 0), span = at(2025, 11, 1, 0, 0, 0) - lo;
	for (int i = 0; i < 20000; i++) {
		int64_t t = lo + (int64_t)(rnd() % (uint64_t)span), n = (int64_t)(rnd() % (40 * H)) + 1, d, el;
		if (telsvc_calendar_add(&d, c, t, BIZ, n) != TELSVC_OK)
			fail_msg("add(%lld, %lld): %s", (long long)t, (long long)n, telsvc_error_last());
		assert_int_equal(telsvc_calendar_elapsed(&el, c, BIZ, t, d), TELSVC_OK);
		assert_int_equal(el, n);
		assert_int_equal(telsvc_calendar_is_working_time(c, d - 1), 1);
	}
	/* Mon 2025-03-03 07:30 (-03:30) + 1 h: 30 min to 08:00, 30 min at noon */
	expect_add(c, at(2025, 3, 3, 7, 30, 0) + 3 * H + 30 * MIN, BIZ, 1 * H, at(2025, 3, 3, 12, 30, 0) + 3 * H + 30 * MIN);
	/* Wed 03-05 has one minute of business */
	expect_add(c, at(2025, 3, 4, 0, 0, 0) + 3 * H + 30 * MIN, BIZ, 60, at(2025, 3, 5, 11, 1, 0) + 3 * H + 30 * MIN);
	assert_int_equal(c->grid, 0); /* minute edges: the per-day slots serve this calendar */
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

/* What a calendar answers at one instant on every query that reads its
 * business tables. */
struct answers {
	int rc_pos, rc_add, rc_open, working;
	int64_t pos, added, opening;
};

static struct answers ask(const telsvc_calendar *c, int64_t t, int64_t amount)
{
	struct answers a;
	memset(&a, 0, sizeof(a));
	a.rc_pos = telsvc_calendar_elapsed(&a.pos, c, BIZ, c->day_start[0], t);
	a.rc_add = telsvc_calendar_add(&a.added, c, t, BIZ, amount);
	a.rc_open = telsvc_calendar_next_opening(&a.opening, c, t);
	a.working = telsvc_calendar_is_working_time(c, t);
	return a;
}

/* The grid (one lookup each way) and the per-day slots must agree on
 * every cell edge, the seconds either side, beyond both ends of the
 * calendar, and at random instants with random amounts up to the
 * calendar's whole business time. */
static void expect_grid_matches_slots(const telsvc_calendar *cal)
{
	telsvc_calendar *c = (telsvc_calendar *)cal; /* the test switches the grid off and on */
	assert_true(c->grid > 0);
	int64_t lo = c->day_start[0], total = c->cum_business[c->ndays];
	size_t n = 0, cap = (size_t)c->ncells * 3 + 3 + 20000;
	int64_t *t = calloc(cap, sizeof(*t)), *amount = calloc(cap, sizeof(*amount));
	struct answers *grid = calloc(cap, sizeof(*grid));
	for (int64_t k = 0; k <= c->ncells; k++)
		for (int64_t e = -1; e <= 1; e++)
			t[n++] = lo + k * c->grid + e;
	while (n < cap)
		t[n++] = lo + (int64_t)(rnd() % (uint64_t)(c->ncells * c->grid));
	for (size_t i = 0; i < n; i++) {
		amount[i] = (int64_t)(rnd() % (i % 8 ? 60 * H : (uint64_t)total + 2)) + 1;
		grid[i] = ask(c, t[i], amount[i]);
	}
	int32_t cell = c->grid;
	c->grid = 0;
	for (size_t i = 0; i < n; i++) {
		struct answers slots = ask(c, t[i], amount[i]);
		if (memcmp(&slots, &grid[i], sizeof(slots)) != 0)
			fail_msg("'%s' at %lld + %lld: grid rc %d/%d/%d pos %lld add %lld open %lld working %d, slots rc "
				 "%d/%d/%d pos %lld add %lld open %lld working %d",
				 telsvc_calendar_name(c), (long long)t[i], (long long)amount[i], grid[i].rc_pos,
				 grid[i].rc_add, grid[i].rc_open, (long long)grid[i].pos, (long long)grid[i].added,
				 (long long)grid[i].opening, grid[i].working, slots.rc_pos, slots.rc_add, slots.rc_open,
				 (long long)slots.pos, (long long)slots.added, (long long)slots.opening, slots.working);
	}
	c->grid = cell;
	free(t);
	free(amount);
	free(grid);
}

static void grid_matches_slots(void **state)
{
	struct fixture *f = *state;
	expect_grid_matches_slots(f->cal);
	assert_int_equal(f->cal->grid, 5400); /* 09:00, 12:00, 13:30, 18:00: multiples of 1.5 h */
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load(ctx, "calendars:\n"
				     "  office:\n"
				     "    time_zone: CET-1CEST,M3.5.0,M10.5.0/3\n"
				     "    years: 2025..2026\n"
				     "    hours: {mon: [08:15-12:00, 13:00-17:45], sat: [00:00-24:00]}\n"
				     "    holidays: [2025-12-24..2026-01-01]\n"
				     "    special_hours: {2026-03-29: [01:00-04:00]}\n");
	const telsvc_calendar *office;
	assert_int_equal(telsvc_policy_calendar(&office, p, "office"), TELSVC_OK);
	expect_grid_matches_slots(office);
	assert_int_equal(office->grid, 900);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rules_md_example, setup_default, teardown),
		cmocka_unit_test_setup_teardown(spring_festival_2025, setup_default, teardown),
		cmocka_unit_test_setup_teardown(national_day_2026, setup_default, teardown),
		cmocka_unit_test_setup_teardown(turn_of_the_year, setup_default, teardown),
		cmocka_unit_test_setup_teardown(business_hours_edges, setup_default, teardown),
		cmocka_unit_test_setup_teardown(end_of_range, setup_default, teardown),
		cmocka_unit_test(day_end_rules),
		cmocka_unit_test(daylight_saving),
		cmocka_unit_test(limits_name_calendars),
		cmocka_unit_test(calendar_errors),
		cmocka_unit_test_setup_teardown(properties, setup_default, teardown),
		cmocka_unit_test(irregular_calendar_properties),
		cmocka_unit_test_setup_teardown(grid_matches_slots, setup_default, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
