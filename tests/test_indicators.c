/* Quality indicators (§5.2) against figures computed by hand on a small
 * dataset: three requests and two complaints received on Tue 2025-09-30
 * 17:00 +08:00, measured at T0 + 40 h. */
#include "quality_data.h"

static const telsvc_limit_stats *limit_of(const telsvc_indicators *ind, telsvc_param p)
{
	for (size_t i = 0; i < ind->limit_count; i++)
		if (ind->limits[i].limit == p)
			return &ind->limits[i];
	fail_msg("no figures for limit %d", p);
	return NULL;
}

static void limit_is(const telsvc_indicators *ind, telsvc_param p, uint64_t on_time, uint64_t late, uint64_t overdue,
		     uint64_t pending)
{
	const telsvc_limit_stats *l = limit_of(ind, p);
	if (l->on_time != on_time || l->late != late || l->overdue != overdue || l->pending != pending)
		fail_msg("limit %d: %llu on time, %llu late, %llu overdue, %llu pending", p, (unsigned long long)l->on_time,
			 (unsigned long long)l->late, (unsigned long long)l->overdue, (unsigned long long)l->pending);
}

static void hand_computed(void **state)
{
	env *e = *state;
	quality_dataset(e);

	telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
	telsvc_slice sl = TELSVC_SLICE_INIT;
	sl.now = T0 + 40 * H;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 5);
	assert_int_equal(ind.finished, 1);
	/* responses: 1 h, 2 h, 1 h, 30 h; the third request has none */
	assert_int_equal(ind.respond_wall.count, 4);
	assert_int_equal(ind.respond_wall.mean, (3600 + 7200 + 3600 + 108000) / 4);
	assert_int_equal(ind.respond_wall.median, 3600);
	assert_int_equal(ind.respond_wall.p90, 108000);
	/* handled: deliveries after 5 h and 10 h, a closure after 2 h */
	assert_int_equal(ind.handle_wall.count, 3);
	assert_int_equal(ind.handle_wall.mean, (18000 + 36000 + 7200) / 3);
	assert_int_equal(ind.handle_wall.median, 18000);
	assert_int_equal(ind.handle_wall.p90, 36000);
	/* on the business clock every one of them saw only 17:00-18:00 of Sep 30 (Oct 1-8 are off),
	 * but the second complaint's response ran to Oct 1 23:00 */
	assert_int_equal(ind.handle_business.count, 3);
	assert_int_equal(ind.handle_business.p90, 3600);
	assert_int_equal(ind.respond_business.p90, 3600);
	/* satisfaction: 90 and 70 against the 90 % target */
	assert_int_equal(ind.satisfaction_count, 2);
	assert_int_equal(ind.satisfaction_mean, 8000);
	assert_int_equal(ind.satisfied, 1);
	/* limits */
	limit_is(&ind, TELSVC_PARAM_REQUEST_GENERAL, 1, 1, 1, 0);
	limit_is(&ind, TELSVC_PARAM_COMPLAINT_VERIFICATION, 1, 1, 0, 0);
	limit_is(&ind, TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, 2, 0, 0, 0);
	limit_is(&ind, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, 1, 0, 0, 1);
	assert_int_equal(ind.breaches, 3);
	/* §5.1 third level at 150 % of the limit: the untouched request (due T0 + 8 h) from T0 + 12 h;
	 * the late delivery at T0 + 10 h and the verification at T0 + 30 h (from T0 + 36 h) came before */
	assert_int_equal(ind.escalations, 1);
	assert_int_equal(limit_of(&ind, TELSVC_PARAM_REQUEST_GENERAL)->escalated, 1);
	assert_int_equal(limit_of(&ind, TELSVC_PARAM_COMPLAINT_VERIFICATION)->escalated, 0);
	assert_int_equal(ind.availability, -1);
	assert_int_equal(ind.fault_rate, -1);
	assert_int_equal(ind.complaints_by_category[TELSVC_COMPLAINT_NETWORK], 2);
	for (size_t i = 1; i < ind.limit_count; i++)
		assert_true(ind.limits[i - 1].limit < ind.limits[i].limit);

	sl.now = T0 + 12 * H;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.escalations, 0);
	sl.now = T0 + 12 * H + 1;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.escalations, 1);
	sl.now = T0 + 40 * H;

	/* slices */
	sl.kind = TELSVC_KIND_COMPLAINT;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 2);
	assert_int_equal(ind.breaches, 1);
	sl.kind = 0, sl.channel = TELSVC_CHANNEL_ONLINE;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 1);
	limit_is(&ind, TELSVC_PARAM_REQUEST_GENERAL, 0, 0, 1, 0);
	sl.channel = 0, sl.service_type = "broadband";
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 2);
	sl.service_type = NULL, sl.klass = TELSVC_PRIORITY_GENERAL, sl.kind = TELSVC_KIND_REQUEST;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 3);
	sl = (telsvc_slice)TELSVC_SLICE_INIT;
	sl.from = T0 + 1, sl.to = T0 + 100 * H, sl.now = T0 + 40 * H;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 0);
	assert_int_equal(ind.respond_wall.count, 0);
	assert_int_equal(ind.respond_wall.mean, 0);
	sl.from = T0;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 5);
	/* a cancellation is not a deadline met */
	telsvc_request *r = request(e, TELSVC_CHANNEL_FAX);
	ok(telsvc_request_apply(r, TELSVC_ACTION_CANCEL, &sup, T0 + 60, 0));
	sl.channel = TELSVC_CHANNEL_FAX;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 1);
	assert_int_equal(ind.finished, 1);
	assert_int_equal(ind.limit_count, 0);
	/* errors */
	ind.version = 9;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, NULL), TELSVC_EVERSION);
	ind.version = TELSVC_INDICATORS_VERSION;
	sl.version = 0;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_EVERSION);
	assert_int_equal(telsvc_indicators_compute(NULL, e->ctx, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, NULL), TELSVC_OK);
	assert_int_equal(ind.cases, 6);
}

/* Availability and fault rate (§5.2) from recorded outages over [T0, T0 + 100 h), taken at T0 + 60 h. */
static void outages(void **state)
{
	env *e = *state;
	const telsvc_outage down[] = {
		{ T0 - 1 * H, T0 + 1 * H, 10, "broadband" }, /* began before the period: 1 h of 10 units inside */
		{ T0 + 50 * H, TELSVC_NEVER, 0, NULL },       /* still down: 10 h of 1 unit by now */
		{ T0 + 70 * H, T0 + 71 * H, 5, "voice" },     /* after now */
	};
	telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
	telsvc_slice sl = TELSVC_SLICE_INIT;
	sl.from = T0, sl.to = T0 + 100 * H, sl.now = T0 + 60 * H;
	sl.units = 1000, sl.outages = down, sl.outage_count = 3;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.outages, 2);
	assert_int_equal(ind.downtime, 10 * H + 1 * 10 * H);
	/* 72,000 of 216,000,000 unit-seconds lost: 333.3 ppm, rounded up */
	assert_int_equal(ind.availability, 1000000 - 334);
	/* one outage began in the period, over 1000 units */
	assert_int_equal(ind.fault_rate, 1000);

	sl.service_type = "broadband"; /* the unattributed outage does not count */
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.outages, 1);
	assert_int_equal(ind.availability, 1000000 - 167);
	assert_int_equal(ind.fault_rate, 0);

	sl.service_type = NULL, sl.outage_count = 0; /* units alone: nothing was lost */
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.availability, 1000000);

	/* bad input is named */
	sl.outage_count = 3, sl.from = sl.to = 0;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "period"));
	sl.from = T0, sl.to = T0 + 100 * H, sl.units = 5;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "outage 0 takes down 10 units of 5"));
	const telsvc_outage backwards = { T0 + 2 * H, T0 + 1 * H, 0, NULL };
	sl.outages = &backwards, sl.outage_count = 1;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "outage 0 ends before it starts"));
	sl.outages = NULL;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_EINVAL);
}

/* Cases received at the end of the last year the built-in calendar knows
 * (2026, CALENDAR-CN.md): a limit in working days then runs past the
 * calendar, so it has no deadline: exported as null, measured as pending
 * and never as a breach, however late @now is; wall-clock limits still
 * count. */
static void deadlines_past_the_calendar(void **state)
{
	env *e = *state;
	const int64_t at = cst(2026, 12, 31, 13, 30);
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "r", in.contact = "c", in.content = "new line";
	in.content_type = TELSVC_CONTENT_VOICE, in.service_type = "voice", in.received_at = at;
	in.priority = TELSVC_PRIORITY_NON_URGENT; /* 5 working days */
	telsvc_request *r;
	ok(telsvc_request_create(&r, e->ctx, &in, &agent));
	telsvc_complaint_intake ci = TELSVC_COMPLAINT_INTAKE_INIT;
	ci.channel = TELSVC_CHANNEL_PHONE, ci.customer = "k", ci.contact = "c", ci.content = "the bill is wrong";
	ci.received_at = at;
	telsvc_complaint *c;
	ok(telsvc_complaint_create(&c, e->ctx, &ci, &agent));

	telsvc_buf *doc;
	ok(telsvc_buf_new(&doc, e->ctx));
	ok(telsvc_export_json(doc, e->ctx, TELSVC_KIND_REQUEST, telsvc_request_number(r), NULL));
	assert_non_null(strstr(telsvc_buf_data(doc), "{\"limit\":\"requests.limits.non_urgent\",\"due\":null"));
	ok(telsvc_export_json(doc, e->ctx, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(c), NULL));
	assert_non_null(strstr(telsvc_buf_data(doc), "{\"limit\":\"complaints.verification\",\"due\":\"2027-01-01T13:30"));
	assert_non_null(
		strstr(telsvc_buf_data(doc), "{\"limit\":\"complaints.limits.general.first_handling\",\"due\":null"));
	telsvc_buf_free(doc);

	telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
	telsvc_slice sl = TELSVC_SLICE_INIT;
	sl.now = cst(2027, 6, 1, 0, 0);
	ok(telsvc_indicators_compute(&ind, e->ctx, &sl));
	assert_int_equal(ind.cases, 2);
	limit_is(&ind, TELSVC_PARAM_REQUEST_NON_URGENT, 0, 0, 0, 1);
	limit_is(&ind, TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, 0, 0, 0, 1);
	limit_is(&ind, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, 0, 0, 0, 1);
	limit_is(&ind, TELSVC_PARAM_COMPLAINT_VERIFICATION, 0, 0, 1, 0); /* 24 h on the wall clock */
	assert_int_equal(ind.breaches, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hand_computed, setup, teardown),
		cmocka_unit_test_setup_teardown(outages, setup, teardown),
		cmocka_unit_test_setup_teardown(deadlines_past_the_calendar, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
