/* SLA clocks: deadlines derived from the recorded history, pauses on each
 * clock, warnings, reclassification and policy changes. */
#include "helpers.h"

#include <telsvc/calendar.h>
#include <telsvc/sla.h>

#define H 3600
#define MIN 60

#define cst test_cst

static telsvc_policy *load(telsvc_ctx *ctx, const char *yaml)
{
	telsvc_policy *p;
	if (telsvc_policy_load(&p, ctx, yaml, strlen(yaml)) != TELSVC_OK)
		fail_msg("%s", telsvc_error_last());
	return p;
}

static int64_t deadline_of(const telsvc_sla *sla, const telsvc_policy *p)
{
	int64_t d = 0;
	int rc = telsvc_sla_deadline(&d, sla, p);
	if (rc)
		fail_msg("deadline: %s", telsvc_error_last());
	return d;
}

static void wall_clock(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	int64_t t0 = cst(2025, 9, 30, 17, 0);
	telsvc_sla *sla;
	assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_EMERGENCY, t0), TELSVC_OK); /* §2.1.2: 2 h */
	assert_int_equal(deadline_of(sla, p), t0 + 2 * H);
	int64_t w, el, rem;
	assert_int_equal(telsvc_sla_warning(&w, sla, p, 800000), TELSVC_OK);
	assert_int_equal(w, t0 + 96 * MIN);

	assert_int_equal(telsvc_sla_pause(sla, t0 + 1 * H), TELSVC_OK);
	assert_int_equal(telsvc_sla_state_of(sla), TELSVC_SLA_PAUSED);
	assert_int_equal(deadline_of(sla, p), TELSVC_NEVER);
	assert_int_equal(telsvc_sla_elapsed(&el, sla, p, t0 + 5 * H), TELSVC_OK);
	assert_int_equal(el, 1 * H); /* frozen while paused */
	assert_int_equal(telsvc_sla_resume(sla, t0 + 1 * H + 30 * MIN), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), t0 + 2 * H + 30 * MIN);
	assert_int_equal(telsvc_sla_warning(&w, sla, p, 800000), TELSVC_OK);
	assert_int_equal(w, t0 + 126 * MIN);
	assert_int_equal(telsvc_sla_elapsed(&el, sla, p, t0 + 1 * H + 45 * MIN), TELSVC_OK);
	assert_int_equal(el, 1 * H + 15 * MIN);
	assert_int_equal(telsvc_sla_remaining(&rem, sla, p, t0 + 1 * H + 45 * MIN), TELSVC_OK);
	assert_int_equal(rem, 45 * MIN);
	assert_int_equal(telsvc_sla_remaining(&rem, sla, p, t0 + 3 * H), TELSVC_OK);
	assert_int_equal(rem, -30 * MIN);
	/* a pause after the deadline does not move it */
	assert_int_equal(telsvc_sla_pause(sla, t0 + 4 * H), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), t0 + 2 * H + 30 * MIN);
	assert_int_equal(telsvc_sla_stop(sla, t0 + 5 * H), TELSVC_OK); /* closes the pause */
	assert_int_equal(telsvc_sla_state_of(sla), TELSVC_SLA_STOPPED);
	int64_t from, to;
	assert_int_equal(telsvc_sla_pause_count(sla), 2);
	assert_int_equal(telsvc_sla_pause_at(&from, &to, sla, 1), TELSVC_OK);
	assert_int_equal(from, t0 + 4 * H);
	assert_int_equal(to, t0 + 5 * H);
	assert_int_equal(telsvc_sla_elapsed(&el, sla, p, t0 + 9 * H), TELSVC_OK);
	assert_int_equal(el, 3 * H + 30 * MIN); /* 5 h less 1.5 h paused, frozen at the stop */
	telsvc_sla_free(sla);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void business_clock(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load(ctx, "requests: {limits: {general: {limit: 4h, clock: business}}}\n");
	int64_t t0 = cst(2025, 9, 30, 16, 0);
	telsvc_sla *sla;
	assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_GENERAL, t0), TELSVC_OK);
	/* Tue 16:00-18:00, then Oct 1-8 off, Thu 09:00-11:00 */
	assert_int_equal(deadline_of(sla, p), cst(2025, 10, 9, 11, 0));
	/* paused Tue 17:00 to Thu 10:00: 2 business hours */
	assert_int_equal(telsvc_sla_pause(sla, cst(2025, 9, 30, 17, 0)), TELSVC_OK);
	assert_int_equal(telsvc_sla_resume(sla, cst(2025, 10, 9, 10, 0)), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), cst(2025, 10, 9, 14, 30));
	int64_t el, w;
	assert_int_equal(telsvc_sla_elapsed(&el, sla, p, cst(2025, 10, 9, 12, 0)), TELSVC_OK);
	assert_int_equal(el, 1 * H + 2 * H);
	/* the warning falls in business hours: 3 h 12 min of 4 h */
	assert_int_equal(telsvc_sla_warning(&w, sla, p, 800000), TELSVC_OK);
	assert_int_equal(w, cst(2025, 10, 9, 13, 42));
	telsvc_sla_free(sla);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void working_days_clock(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	int64_t received = cst(2025, 9, 30, 17, 0);
	telsvc_sla *sla;
	/* §6.2 general complaint, closed loop in 5 working days: end of Tue 10-14 */
	assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, received), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), cst(2025, 10, 15, 0, 0));
	/* 80 % of the 37.5 business hours from Oct 9 to the deadline: the close of Mon 10-13 */
	int64_t w;
	assert_int_equal(telsvc_sla_warning(&w, sla, p, 800000), TELSVC_OK);
	assert_int_equal(w, cst(2025, 10, 13, 18, 0));
	/* a pause over the holiday covers no working day */
	assert_int_equal(telsvc_sla_pause(sla, cst(2025, 10, 3, 10, 0)), TELSVC_OK);
	assert_int_equal(telsvc_sla_resume(sla, cst(2025, 10, 5, 10, 0)), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), cst(2025, 10, 15, 0, 0));
	/* five hours of a working day count as a whole day */
	assert_int_equal(telsvc_sla_pause(sla, cst(2025, 10, 9, 10, 0)), TELSVC_OK);
	assert_int_equal(telsvc_sla_resume(sla, cst(2025, 10, 9, 15, 0)), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), cst(2025, 10, 16, 0, 0));
	int64_t el, rem;
	assert_int_equal(telsvc_sla_elapsed(&el, sla, p, cst(2025, 10, 10, 12, 0)), TELSVC_OK);
	assert_int_equal(el, 86400 - 5 * H + 12 * H); /* Oct 9 less the pause, half of Oct 10 */
	assert_int_equal(telsvc_sla_remaining(&rem, sla, p, cst(2025, 10, 10, 12, 0)), TELSVC_OK);
	assert_int_equal(rem, 5 * 86400 - el);
	/* on the day of receipt nothing has run yet */
	assert_int_equal(telsvc_sla_elapsed(&el, sla, p, cst(2025, 9, 30, 23, 0)), TELSVC_OK);
	assert_int_equal(el, 0);
	telsvc_sla_free(sla);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

/* A change of class recomputes from the history, paused time kept. */
static void reclassification_and_policy_change(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	int64_t t0 = cst(2025, 9, 30, 9, 0);
	telsvc_sla *sla;
	assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_GENERAL, t0), TELSVC_OK);
	assert_int_equal(telsvc_sla_pause(sla, t0 + 30 * MIN), TELSVC_OK);
	assert_int_equal(telsvc_sla_resume(sla, t0 + 50 * MIN), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), t0 + 8 * H + 20 * MIN);
	assert_int_equal(telsvc_sla_set_limit(sla, TELSVC_PARAM_REQUEST_EMERGENCY), TELSVC_OK);
	assert_int_equal(telsvc_sla_limit(sla), TELSVC_PARAM_REQUEST_EMERGENCY);
	assert_int_equal(deadline_of(sla, p), t0 + 2 * H + 20 * MIN);
	assert_int_equal(telsvc_sla_set_limit(sla, TELSVC_PARAM_COMPLAINT_SERIOUS_FIRST), TELSVC_OK);
	assert_int_equal(deadline_of(sla, p), cst(2025, 10, 11, 0, 0)); /* 2 working days: Oct 9, 10 */
	assert_int_equal(telsvc_sla_set_limit(sla, TELSVC_PARAM_QUALITY_SATISFACTION), TELSVC_EINVAL);

	/* a new policy: a calendar with Oct 9 as a holiday too */
	telsvc_policy *q = load(ctx, "calendars:\n"
				     "  business:\n"
				     "    time_zone: \"+08:00\"\n"
				     "    years: 2025\n"
				     "    hours: {mon: [09:00-18:00], tue: [09:00-18:00], wed: [09:00-18:00],"
				     " thu: [09:00-18:00], fri: [09:00-18:00]}\n"
				     "    holidays: [2025-10-01..2025-10-09]\n"
				     "    makeup_days: [2025-10-11]\n");
	assert_int_equal(deadline_of(sla, q), cst(2025, 10, 12, 0, 0)); /* Oct 10, 11 */
	/* and a policy that sets no limit */
	telsvc_policy *none = load(ctx, "complaints: {limits: {serious: {first_handling: {limit: none}}}}\n");
	assert_int_equal(deadline_of(sla, none), TELSVC_NEVER);
	int64_t rem, w;
	assert_int_equal(telsvc_sla_remaining(&rem, sla, none, t0), TELSVC_OK);
	assert_int_equal(rem, TELSVC_NEVER);
	assert_int_equal(telsvc_sla_warning(&w, sla, none, 800000), TELSVC_OK);
	assert_int_equal(w, TELSVC_NEVER);
	telsvc_policy_free(none);
	telsvc_policy_free(q);
	telsvc_sla_free(sla);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void refused_events(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_sla *sla = (telsvc_sla *)0x1;
	int64_t t0 = 1759222800;
	assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_RETENTION_AUDIT, t0), TELSVC_EINVAL);
	assert_null(sla);
	assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_GENERAL, t0), TELSVC_OK);
	assert_int_equal(telsvc_sla_resume(sla, t0 + 1), TELSVC_ETRANSITION);
	assert_non_null(strstr(telsvc_error_last(), "running"));
	assert_int_equal(telsvc_sla_pause(sla, t0 - 1), TELSVC_ETRANSITION);
	assert_non_null(strstr(telsvc_error_last(), "precedes"));
	assert_int_equal(telsvc_sla_pause(sla, t0 + 10), TELSVC_OK);
	assert_int_equal(telsvc_sla_pause(sla, t0 + 20), TELSVC_ETRANSITION);
	assert_int_equal(telsvc_sla_resume(sla, t0 + 5), TELSVC_ETRANSITION);
	assert_int_equal(telsvc_sla_resume(sla, t0 + 10), TELSVC_OK); /* a zero-length pause */
	assert_int_equal(telsvc_sla_stop(sla, t0 + 30), TELSVC_OK);
	assert_int_equal(telsvc_sla_stop(sla, t0 + 40), TELSVC_ETRANSITION);
	assert_int_equal(telsvc_sla_pause(sla, t0 + 40), TELSVC_ETRANSITION);
	assert_non_null(strstr(telsvc_error_last(), "stopped"));
	assert_int_equal(telsvc_sla_stopped_at(sla), t0 + 30);
	assert_int_equal(telsvc_sla_start(sla), t0);
	int64_t a, b;
	assert_int_equal(telsvc_sla_pause_at(&a, &b, sla, 1), TELSVC_EINVAL);
	assert_int_equal(telsvc_sla_deadline(NULL, sla, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_sla_state_of(NULL), TELSVC_EINVAL);
	telsvc_sla_free(sla);
	telsvc_sla_free(NULL);
	telsvc_ctx_free(ctx);
}

static uint64_t rng = 88172645463325252u;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Pausing for d business seconds moves the deadline by exactly d business
 * seconds; warnings always fall in working time. */
static void pause_properties(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load(ctx, "requests: {limits: {general: {limit: 16h, clock: business}}}\n");
	const telsvc_calendar *cal;
	assert_int_equal(telsvc_policy_calendar(&cal, p, NULL), TELSVC_OK);
	int64_t lo = cst(2025, 1, 1, 0, 0), span = cst(2026, 6, 1, 0, 0) - lo;
	for (int i = 0; i < 5000; i++) {
		int64_t t = lo + (int64_t)(rnd() % (uint64_t)span);
		telsvc_sla *sla;
		assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_GENERAL, t), TELSVC_OK);
		int64_t d0 = deadline_of(sla, p);
		int64_t ps = t + (int64_t)(rnd() % (uint64_t)(d0 - t)), pe = ps + (int64_t)(rnd() % (5 * 86400));
		int64_t paused, moved, w;
		assert_int_equal(telsvc_sla_pause(sla, ps), TELSVC_OK);
		assert_int_equal(telsvc_sla_resume(sla, pe), TELSVC_OK);
		int64_t d1 = deadline_of(sla, p);
		assert_int_equal(telsvc_calendar_elapsed(&paused, cal, TELSVC_CLOCK_BUSINESS, ps, pe), TELSVC_OK);
		assert_int_equal(telsvc_calendar_elapsed(&moved, cal, TELSVC_CLOCK_BUSINESS, d0, d1), TELSVC_OK);
		assert_int_equal(moved, paused);
		assert_int_equal(telsvc_sla_warning(&w, sla, p, 800000), TELSVC_OK);
		assert_true(w > t && w < d1);
		assert_int_equal(telsvc_calendar_is_working_time(cal, w - 1), 1);
		telsvc_sla_free(sla);

		/* working days: the warning, too, falls in business hours */
		assert_int_equal(telsvc_sla_new(&sla, ctx, TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE, t), TELSVC_OK);
		assert_int_equal(telsvc_sla_warning(&w, sla, p, 800000), TELSVC_OK);
		assert_int_equal(telsvc_calendar_is_working_time(cal, w - 1), 1);
		assert_true(w < deadline_of(sla, p));
		telsvc_sla_free(sla);
	}
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wall_clock),
		cmocka_unit_test(business_clock),
		cmocka_unit_test(working_days_clock),
		cmocka_unit_test(reclassification_and_policy_change),
		cmocka_unit_test(refused_events),
		cmocka_unit_test(pause_properties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
