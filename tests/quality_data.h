/* The small dataset the quality tests compute by hand: requests and
 * complaints received on Tue 2025-09-30 17:00 +08:00 (T0). */
#ifndef TS_TEST_QUALITY_DATA_H
#define TS_TEST_QUALITY_DATA_H

#include "store_env.h"

#define H 3600
#define T0 1759222800
#define cst test_cst

static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" },
			  sup = { "s.zhou", "supervisor" };

static inline telsvc_request *request(env *e, int channel)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = channel, in.requester = "r", in.contact = "c", in.content = "new line";
	in.content_type = TELSVC_CONTENT_VOICE, in.service_type = "voice", in.received_at = T0;
	telsvc_request *r;
	assert_int_equal(telsvc_request_create(&r, e->ctx, &in, &agent), TELSVC_OK);
	return r;
}

static inline void ok(int rc)
{
	if (rc != TELSVC_OK)
		fail_msg("%s", telsvc_error_last());
}

/* Preprocess at @respond, start, deliver at @deliver. */
static inline void serve(telsvc_request *r, int64_t respond, int64_t deliver)
{
	ok(telsvc_request_apply(r, TELSVC_ACTION_PREPROCESS, &pre, respond, 0));
	ok(telsvc_request_apply_note(r, TELSVC_ACTION_WRITE_REPORT, &pre, respond, 0, "report"));
	ok(telsvc_request_apply(r, TELSVC_ACTION_SIGN_REPORT, &pre, respond, 0));
	ok(telsvc_request_apply(r, TELSVC_ACTION_SIGN_REPORT, &owner, respond, 0));
	ok(telsvc_request_apply(r, TELSVC_ACTION_SIGN_REPORT, &qm, respond, 0));
	ok(telsvc_request_apply(r, TELSVC_ACTION_START, &agent, respond + 60, 0));
	ok(telsvc_request_apply(r, TELSVC_ACTION_DELIVER, &agent, deliver, 0));
}

static inline telsvc_complaint *complaint(env *e)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.customer = "k", in.contact = "c", in.content = "宽带断网";
	in.service_type = "broadband", in.received_at = T0;
	telsvc_complaint *c;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_OK);
	return c;
}

static inline void through_feedback(telsvc_complaint *c, int64_t verify, int64_t handle, int score)
{
	ok(telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, verify, 0, NULL));
	ok(telsvc_complaint_apply(c, TELSVC_COMPLAINT_CLASSIFY, &agent, verify + 60, 0, NULL));
	ok(telsvc_complaint_apply(c, TELSVC_COMPLAINT_HANDLE, &agent, handle, 0, NULL));
	ok(telsvc_complaint_apply(c, TELSVC_COMPLAINT_FEEDBACK, &agent, handle + 60, 1, "fixed"));
	ok(telsvc_complaint_apply(c, TELSVC_COMPLAINT_RETURN_VISIT, &qm, handle + 120, score, NULL));
}

/* Three general requests and two general network complaints. */
static inline void quality_dataset(env *e)
{
	serve(request(e, TELSVC_CHANNEL_PHONE), T0 + 1 * H, T0 + 5 * H);  /* on time */
	serve(request(e, TELSVC_CHANNEL_PHONE), T0 + 2 * H, T0 + 10 * H); /* late: 8 h */
	request(e, TELSVC_CHANNEL_ONLINE);                                 /* untouched: overdue */
	telsvc_complaint *c1 = complaint(e), *c2 = complaint(e);
	through_feedback(c1, T0 + 1 * H, T0 + 1 * H + 600, 90);
	ok(telsvc_complaint_apply(c1, TELSVC_COMPLAINT_CLOSE, &agent, T0 + 2 * H, 0, NULL));
	through_feedback(c2, T0 + 30 * H, cst(2025, 10, 9, 10, 0), 70); /* verified late */
}

#endif
