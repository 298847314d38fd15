/* Complaints (§6): classification of real texts, the working-day limits on
 * the 2025 calendar, every transition allowed and refused, roles and
 * separation of duties, reopening and pauses, persistence and reload,
 * storage failure at every callback, and the audit log. */
#include "record_edit.h"
#include "store_env.h"

#include <stdbool.h>

#define H 3600
#define D 86400
#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

#define cst test_cst

static const telsvc_actor agent = { "a.li", "agent" };
static const telsvc_actor agent2 = { "e.sun", "agent" };
static const telsvc_actor supervisor = { "s.zhou", "supervisor" };
static const telsvc_actor monitor = { "d.chen", "quality_monitor" };
static const telsvc_actor customer = { "cust-881", "customer" };

static telsvc_complaint_intake intake(const char *text, int severity)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE;
	in.customer = "Zhang San";
	in.contact = "+86 138 0000 0000";
	in.content = text;
	in.service_type = "broadband";
	in.severity = severity;
	in.received_at = T0;
	return in;
}

static telsvc_complaint *create(env *e, int severity)
{
	telsvc_complaint_intake in = intake("家里宽带断网了", severity);
	telsvc_complaint *c;
	if (telsvc_complaint_create(&c, e->ctx, &in, &agent) != TELSVC_OK)
		fail_msg("create: %s", telsvc_error_last());
	return c;
}

/* The note and argument an action takes in these tests. */
static const char *note_for(int action)
{
	switch (action) {
	case TELSVC_COMPLAINT_PROGRESS:
		return "line tested; port reset at the exchange";
	case TELSVC_COMPLAINT_FEEDBACK:
		return "result: the port was faulty and replaced; service restored";
	case TELSVC_COMPLAINT_REOPEN:
		return "the line dropped again the next evening";
	case TELSVC_COMPLAINT_SET_SEVERITY:
	case TELSVC_COMPLAINT_SET_CATEGORY:
		return "the customer runs a shop on this line";
	case TELSVC_COMPLAINT_RETURN_VISIT:
		return "satisfied with the repair";
	default:
		return NULL;
	}
}

static int64_t arg_for(int action, const telsvc_complaint *c)
{
	switch (action) {
	case TELSVC_COMPLAINT_FEEDBACK:
		return TELSVC_CHANNEL_PHONE;
	case TELSVC_COMPLAINT_RETURN_VISIT:
		return 90;
	case TELSVC_COMPLAINT_SET_SEVERITY:
		return telsvc_complaint_severity_of(c) == TELSVC_SEVERITY_MAJOR ? TELSVC_SEVERITY_GENERAL
										 : TELSVC_SEVERITY_MAJOR;
	case TELSVC_COMPLAINT_SET_CATEGORY:
		return telsvc_complaint_category_of(c) == TELSVC_COMPLAINT_BILLING ? TELSVC_COMPLAINT_NETWORK
										    : TELSVC_COMPLAINT_BILLING;
	default:
		return 0;
	}
}

/* Who may do each action by default: a return visit by someone other
 * than who gave the feedback, a closure of a major one by a supervisor. */
static const telsvc_actor *who_for(int action)
{
	switch (action) {
	case TELSVC_COMPLAINT_RETURN_VISIT:
		return &monitor;
	case TELSVC_COMPLAINT_CLOSE:
		return &supervisor;
	default:
		return &agent;
	}
}

static int try(telsvc_complaint *c, int action, int64_t at)
{
	return telsvc_complaint_apply(c, action, who_for(action), at, arg_for(action, c), note_for(action));
}

static void ok(telsvc_complaint *c, int action, int64_t at)
{
	int rc = try(c, action, at);
	if (rc != TELSVC_OK)
		fail_msg("action %d: %s (%s)", action, telsvc_status_name(rc), telsvc_error_last());
}

static void refused_as(telsvc_complaint *c, int action, const telsvc_actor *who, int64_t arg, const char *note,
		       int status, const char *fragment)
{
	size_t before = telsvc_complaint_history_count(c);
	int state = telsvc_complaint_state_of(c);
	int rc = telsvc_complaint_apply(c, action, who, 0, arg, note);
	if (rc != status)
		fail_msg("action %d: got %s, want %s (%s)", action, telsvc_status_name(rc), telsvc_status_name(status),
			 telsvc_error_last());
	if (fragment && !strstr(telsvc_error_last(), fragment))
		fail_msg("'%s' lacks '%s'", telsvc_error_last(), fragment);
	assert_int_equal(telsvc_complaint_history_count(c), before);
	assert_int_equal(telsvc_complaint_state_of(c), state);
}

static int64_t due(const telsvc_complaint *c, size_t index)
{
	telsvc_param limit;
	int64_t d, done;
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, index), TELSVC_OK);
	return d;
}

/* ---- classification (§6.1) ---- */

static void classifies_real_texts(void **state)
{
	env *e = *state;
	const struct {
		const char *text;
		unsigned flags;
		int category, severity;
		const char *why;
	} cases[] = {
		{ "家里宽带又断网了，已经第三次了", 0, TELSVC_COMPLAINT_NETWORK, TELSVC_SEVERITY_SERIOUS, "断网" },
		{ "手机在家里没有信号，打电话经常掉线", 0, TELSVC_COMPLAINT_NETWORK, TELSVC_SEVERITY_GENERAL, "信号" },
		{ "上个月话费被乱扣了50元，要求退费", 0, TELSVC_COMPLAINT_BILLING, TELSVC_SEVERITY_GENERAL, "话费" },
		{ "营业厅工作人员态度很差，排队两个小时", 0, TELSVC_COMPLAINT_SERVICE, TELSVC_SEVERITY_GENERAL, "营业厅" },
		{ "光猫设置后无法登录管理页面", 0, TELSVC_COMPLAINT_TECHNICAL, TELSVC_SEVERITY_GENERAL, "光猫" },
		{ "我要向工信部投诉，你们乱扣费", 0, TELSVC_COMPLAINT_BILLING, TELSVC_SEVERITY_MAJOR, "乱扣" },
		{ "No signal at home since Monday, dropped calls all the time", 0, TELSVC_COMPLAINT_NETWORK,
		  TELSVC_SEVERITY_GENERAL, "no signal" },
		{ "I was CHARGED twice on my bill and want a refund", 0, TELSVC_COMPLAINT_BILLING,
		  TELSVC_SEVERITY_GENERAL, "charge" },
		{ "The staff at the store were rude to my mother", 0, TELSVC_COMPLAINT_SERVICE, TELSVC_SEVERITY_GENERAL,
		  "staff" },
		{ "The router shows an error since the install, third time I call", 0, TELSVC_COMPLAINT_TECHNICAL,
		  TELSVC_SEVERITY_SERIOUS, "router" },
		{ "My lawyer will contact you about the outage", 0, TELSVC_COMPLAINT_NETWORK, TELSVC_SEVERITY_MAJOR,
		  "outage" },
		{ "请帮我查询一下积分", 0, TELSVC_COMPLAINT_OTHER, TELSVC_SEVERITY_GENERAL, "no category" },
		{ "请帮我查询一下积分", TELSVC_COMPLAINT_REPEAT, TELSVC_COMPLAINT_OTHER, TELSVC_SEVERITY_SERIOUS,
		  "no category" },
		{ "小区整片断网", TELSVC_COMPLAINT_MASS, TELSVC_COMPLAINT_NETWORK, TELSVC_SEVERITY_MAJOR, "断网" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		telsvc_complaint_intake in = intake(cases[i].text, 0);
		in.flags = cases[i].flags;
		telsvc_complaint_class cls = { .version = TELSVC_COMPLAINT_CLASS_VERSION };
		assert_int_equal(telsvc_complaint_classify(&cls, e->policy, &in), TELSVC_OK);
		if (cls.category != cases[i].category || cls.severity != cases[i].severity)
			fail_msg("'%s': got %d/%d (%s; %s), want %d/%d", cases[i].text, cls.category, cls.severity,
				 cls.category_reason, cls.severity_reason, cases[i].category, cases[i].severity);
		if (!strstr(cls.category_reason, cases[i].why))
			fail_msg("'%s': the reason '%s' lacks '%s'", cases[i].text, cls.category_reason, cases[i].why);
		/* create records the same result, and its rule */
		telsvc_complaint *c;
		assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_OK);
		assert_int_equal(telsvc_complaint_category_of(c), cases[i].category);
		assert_int_equal(telsvc_complaint_severity_of(c), cases[i].severity);
		assert_string_equal(telsvc_complaint_category_reason(c), cls.category_reason);
		assert_string_equal(telsvc_complaint_severity_reason(c), cls.severity_reason);
		assert_string_equal(telsvc_complaint_content(c), cases[i].text);
	}
	/* the flags name their rule; a given class is kept */
	telsvc_complaint_intake in = intake("电视信号不好", 0);
	in.flags = TELSVC_COMPLAINT_MEDIA;
	telsvc_complaint_class cls = { .version = TELSVC_COMPLAINT_CLASS_VERSION };
	assert_int_equal(telsvc_complaint_classify(&cls, e->policy, &in), TELSVC_OK);
	assert_int_equal(cls.severity, TELSVC_SEVERITY_MAJOR);
	assert_non_null(strstr(cls.severity_reason, "media"));
	in.category = TELSVC_COMPLAINT_BILLING, in.severity = TELSVC_SEVERITY_GENERAL;
	assert_int_equal(telsvc_complaint_classify(&cls, e->policy, &in), TELSVC_OK);
	assert_int_equal(cls.category, TELSVC_COMPLAINT_BILLING);
	assert_int_equal(cls.severity, TELSVC_SEVERITY_GENERAL);
	assert_string_equal(cls.category_reason, "given at intake");
	/* the policy's keywords decide */
	telsvc_policy *own;
	const char *doc = "complaints: {keywords: {service: [\"积分\"]}}\n";
	assert_int_equal(telsvc_policy_load(&own, e->store_ctx, doc, strlen(doc)), TELSVC_OK);
	in = intake("请帮我查询一下积分", 0);
	assert_int_equal(telsvc_complaint_classify(&cls, own, &in), TELSVC_OK);
	assert_int_equal(cls.category, TELSVC_COMPLAINT_SERVICE);
	telsvc_policy_free(own);
	/* a keyword written with capitals matches any case; a long text is read to its end */
	doc = "complaints: {keywords: {billing: [\"VIP Fee\"]}}\n";
	assert_int_equal(telsvc_policy_load(&own, e->store_ctx, doc, strlen(doc)), TELSVC_OK);
	static char long_text[4096];
	memset(long_text, 'x', sizeof(long_text) - 1);
	memcpy(long_text + sizeof(long_text) - 12, "the vip fee", 11);
	in = intake(long_text, 0);
	assert_int_equal(telsvc_complaint_classify(&cls, own, &in), TELSVC_OK);
	assert_int_equal(cls.category, TELSVC_COMPLAINT_BILLING);
	assert_non_null(strstr(cls.category_reason, "'VIP Fee'"));
	memcpy(long_text + sizeof(long_text) - 12, "the vip fe ", 11);
	assert_int_equal(telsvc_complaint_classify(&cls, own, &in), TELSVC_OK);
	assert_int_equal(cls.category, TELSVC_COMPLAINT_OTHER);
	telsvc_policy_free(own);
	/* a tie goes to the category mentioned first */
	in = intake("扣费之后就断网了", 0);
	assert_int_equal(telsvc_complaint_classify(&cls, e->policy, &in), TELSVC_OK);
	assert_int_equal(cls.category, TELSVC_COMPLAINT_BILLING);
	cls.version = 99;
	assert_int_equal(telsvc_complaint_classify(&cls, e->policy, &in), TELSVC_EVERSION);
}

/* ---- the working-day limits (§6.2) ---- */

static void deadlines_on_the_2025_calendar(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
	assert_string_equal(telsvc_complaint_number(c), "CP-20250930-000001");
	assert_int_equal(telsvc_complaint_deadline_count(c), 3);
	/* verification and registration within 24 hours of receipt */
	assert_int_equal(due(c, 0), T0 + 24 * H);
	/* general: first handling by the end of Thu 10-09 (Oct 1-8 are off),
	 * closed by the end of Tue 10-14 (Sat 10-11 is a makeup day) */
	assert_int_equal(due(c, 1), cst(2025, 10, 10, 0, 0));
	assert_int_equal(due(c, 2), cst(2025, 10, 15, 0, 0));
	telsvc_param limit;
	int64_t d, done;
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 2), TELSVC_OK);
	assert_int_equal(limit, TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE);
	assert_int_equal(done, TELSVC_NEVER);
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 3), TELSVC_EINVAL);

	/* raising the severity recomputes from receipt: serious 2 / 7, major 3 / 10 */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_SET_SEVERITY, &agent, T0 + H,
						TELSVC_SEVERITY_SERIOUS, "repeat caller"),
			 TELSVC_OK);
	assert_int_equal(due(c, 1), cst(2025, 10, 11, 0, 0));
	assert_int_equal(due(c, 2), cst(2025, 10, 17, 0, 0));
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_SET_SEVERITY, &supervisor, T0 + 2 * H,
						TELSVC_SEVERITY_MAJOR, "a journalist called"),
			 TELSVC_OK);
	assert_int_equal(due(c, 1), cst(2025, 10, 12, 0, 0));
	assert_int_equal(due(c, 2), cst(2025, 10, 22, 0, 0));
	assert_string_equal(telsvc_complaint_severity_reason(c), "a journalist called");
	/* and lowering it gives the general limits back */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_SET_SEVERITY, &supervisor, T0 + 3 * H,
						TELSVC_SEVERITY_GENERAL, "duplicate of an older complaint"),
			 TELSVC_OK);
	assert_int_equal(due(c, 1), cst(2025, 10, 10, 0, 0));
	assert_int_equal(due(c, 2), cst(2025, 10, 15, 0, 0));

	/* each limit is met by its step */
	ok(c, TELSVC_COMPLAINT_VERIFY, T0 + 4 * H);
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 0), TELSVC_OK);
	assert_int_equal(done, T0 + 4 * H);
	ok(c, TELSVC_COMPLAINT_CLASSIFY, T0 + 5 * H);
	ok(c, TELSVC_COMPLAINT_HANDLE, cst(2025, 10, 9, 9, 0));
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 1), TELSVC_OK);
	assert_int_equal(done, cst(2025, 10, 9, 9, 0));
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 2), TELSVC_OK);
	assert_int_equal(done, TELSVC_NEVER);
}

/* Waiting for the customer pauses every running clock (RULES.md DEFAULTS). */
static void waiting_pauses(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
	ok(c, TELSVC_COMPLAINT_VERIFY, T0 + H);
	ok(c, TELSVC_COMPLAINT_WAIT_CUSTOMER, cst(2025, 10, 9, 10, 0));
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_WAITING);
	assert_int_equal(due(c, 1), TELSVC_NEVER);
	assert_int_equal(due(c, 2), TELSVC_NEVER);
	ok(c, TELSVC_COMPLAINT_RESUME, cst(2025, 10, 10, 10, 0));
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_VERIFIED);
	/* the pause took 24 hours of working days, which moves each limit by
	 * one working day (a part of a day counts as a whole one) */
	assert_int_equal(due(c, 1), cst(2025, 10, 11, 0, 0));
	assert_int_equal(due(c, 2), cst(2025, 10, 16, 0, 0));
	/* the stopped verification clock did not move */
	assert_int_equal(due(c, 0), T0 + 24 * H);
}

/* A stored complaint received after its own first events, so that waiting
 * for the customer would pause its clocks before they started, is corrupt,
 * not a refused change (found by fuzz_record). */
static void clock_before_receipt_corrupt(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
	ok(c, TELSVC_COMPLAINT_WAIT_CUSTOMER, T0 + 60);
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_complaint_number(c));
	assert_int_equal(telsvc_complaint_release(c), TELSVC_OK);
	record_restamp(&e->fs.inner, e->store_ctx, TELSVC_KIND_COMPLAINT, number, 18, T0, T0 + H); /* 18: receipt */
	record_expect_corrupt(e->ctx, TELSVC_KIND_COMPLAINT, number, "stored history breaks the rules");
}

/* ---- the flow (§6.2, §6.3) ---- */

static void to_state(telsvc_complaint *c, int state, int64_t *t)
{
	static const int path[] = { 0, 0, TELSVC_COMPLAINT_VERIFY, TELSVC_COMPLAINT_CLASSIFY, TELSVC_COMPLAINT_HANDLE,
				    TELSVC_COMPLAINT_FEEDBACK };
	int target = state == TELSVC_COMPLAINT_CLOSED ? TELSVC_COMPLAINT_FED_BACK
		     : state == TELSVC_COMPLAINT_WAITING || state == TELSVC_COMPLAINT_WITHDRAWN ? TELSVC_COMPLAINT_CLASSIFIED
											     : state;
	for (int s = 2; s <= target; s++)
		ok(c, path[s], ++*t);
	if (state == TELSVC_COMPLAINT_CLOSED) {
		ok(c, TELSVC_COMPLAINT_RETURN_VISIT, ++*t);
		ok(c, TELSVC_COMPLAINT_CLOSE, ++*t);
	} else if (state == TELSVC_COMPLAINT_WAITING) {
		ok(c, TELSVC_COMPLAINT_WAIT_CUSTOMER, ++*t);
	} else if (state == TELSVC_COMPLAINT_WITHDRAWN) {
		ok(c, TELSVC_COMPLAINT_WITHDRAW, ++*t);
	}
	assert_int_equal(telsvc_complaint_state_of(c), state);
}

/* From every state, every action: allowed exactly where the lifecycle
 * says, to the state it says; refused otherwise, changing nothing. */
static void every_transition(void **state)
{
	env *e = *state;
	enum { R = TELSVC_COMPLAINT_RECEIVED, V, C, HD, F, X, W, WD };
	/* next[state][action]: the state after it, or 0 where refused; -1: unchanged */
	static const int next[9][14] = {
		[R] = { [1] = V, [9] = W, [11] = WD, [12] = -1, [13] = -1 },
		[V] = { [2] = C, [9] = W, [11] = WD, [12] = -1, [13] = -1 },
		[C] = { [3] = HD, [9] = W, [11] = WD, [12] = -1, [13] = -1 },
		[HD] = { [4] = -1, [5] = F, [9] = W, [11] = WD, [12] = -1, [13] = -1 },
		[F] = { [6] = -1, [8] = HD, [9] = W, [11] = WD, [12] = -1, [13] = -1 },
		[X] = { [6] = -1, [8] = HD },
		[W] = { [10] = C, [11] = WD, [12] = -1, [13] = -1 },
		[WD] = { 0 },
	};
	int64_t t = T0;
	for (int s = R; s <= WD; s++) {
		for (int a = 1; a <= TELSVC_COMPLAINT_SET_CATEGORY; a++) {
			telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
			to_state(c, s, &t);
			size_t events = telsvc_complaint_history_count(c);
			int rc = try(c, a, ++t);
			int want = next[s][a];
			if (want == 0) {
				if (rc != TELSVC_ETRANSITION)
					fail_msg("state %d action %d: got %s, want refusal", s, a, telsvc_status_name(rc));
				assert_non_null(strstr(telsvc_error_last(), "cannot"));
				assert_int_equal(telsvc_complaint_state_of(c), s);
				assert_int_equal(telsvc_complaint_history_count(c), events);
				continue;
			}
			if (rc != TELSVC_OK)
				fail_msg("state %d action %d: %s", s, a, telsvc_error_last());
			assert_int_equal(telsvc_complaint_state_of(c), want < 0 ? s : want);
			assert_int_equal(telsvc_complaint_history_count(c), events + 1);
		}
	}
	/* closing needs a return visit since the feedback */
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
	to_state(c, TELSVC_COMPLAINT_FED_BACK, &t);
	refused_as(c, TELSVC_COMPLAINT_CLOSE, &agent, 0, NULL, TELSVC_ETRANSITION, "return visit");
}

static void lifecycle_with_reopen(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
	int64_t t = cst(2025, 10, 9, 9, 0);
	ok(c, TELSVC_COMPLAINT_VERIFY, T0 + H);
	ok(c, TELSVC_COMPLAINT_CLASSIFY, T0 + 2 * H);
	ok(c, TELSVC_COMPLAINT_HANDLE, t);
	ok(c, TELSVC_COMPLAINT_PROGRESS, t + H);
	ok(c, TELSVC_COMPLAINT_FEEDBACK, t + 2 * H);
	assert_int_equal(telsvc_complaint_satisfaction(c), -1);
	ok(c, TELSVC_COMPLAINT_RETURN_VISIT, t + 3 * H);
	assert_int_equal(telsvc_complaint_satisfaction(c), 90);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_CLOSE, &agent, cst(2025, 10, 9, 14, 0), 0, NULL),
			 TELSVC_OK);
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_CLOSED);
	assert_int_equal(due(c, 2), cst(2025, 10, 15, 0, 0));
	/* the customer is dissatisfied the next day: the closed loop runs on
	 * from where it stopped; the 20 closed hours of Oct 9 and 10 are not
	 * counted, which moves the limit by one working day */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_REOPEN, &customer, cst(2025, 10, 10, 10, 0), 0,
						note_for(TELSVC_COMPLAINT_REOPEN)),
			 TELSVC_OK);
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_HANDLING);
	assert_int_equal(telsvc_complaint_reopen_count(c), 1);
	assert_int_equal(telsvc_complaint_satisfaction(c), -1);
	assert_int_equal(due(c, 2), cst(2025, 10, 16, 0, 0));
	telsvc_param limit;
	int64_t d, done;
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 2), TELSVC_OK);
	assert_int_equal(done, TELSVC_NEVER);
	/* and closes again through feedback and a return visit */
	ok(c, TELSVC_COMPLAINT_FEEDBACK, cst(2025, 10, 13, 9, 0));
	refused_as(c, TELSVC_COMPLAINT_CLOSE, &agent, 0, NULL, TELSVC_ETRANSITION, "§6.3");
	ok(c, TELSVC_COMPLAINT_RETURN_VISIT, cst(2025, 10, 13, 10, 0));
	ok(c, TELSVC_COMPLAINT_CLOSE, cst(2025, 10, 13, 11, 0));
	assert_int_equal(telsvc_complaint_deadline_at(&limit, &d, &done, c, 2), TELSVC_OK);
	assert_int_equal(done, cst(2025, 10, 13, 11, 0));
	/* a return visit after closure is recorded too (§6.3) */
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_RETURN_VISIT, &monitor, cst(2025, 10, 20, 9, 0), 95,
						"very satisfied"),
			 TELSVC_OK);
	assert_int_equal(telsvc_complaint_satisfaction(c), 95);
	size_t n = telsvc_complaint_history_count(c);
	assert_int_equal(telsvc_complaint_history_arg(c, n - 1), 95);
	assert_string_equal(telsvc_complaint_history_note(c, n - 1), "very satisfied");
	int action;
	int64_t at;
	const char *who, *role;
	assert_int_equal(telsvc_complaint_history_at(c, 0, &action, &at, &who, &role), TELSVC_OK);
	assert_int_equal(action, 0);
	assert_int_equal(at, T0);
	assert_string_equal(who, "a.li");
	assert_int_equal(telsvc_complaint_history_at(c, n, &action, &at, &who, &role), TELSVC_EINVAL);
}

/* Roles decide who acts; refusals name the permission and its clause. */
static void roles_and_separation_of_duties(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_MAJOR);
	refused_as(c, TELSVC_COMPLAINT_VERIFY, &customer, 0, NULL, TELSVC_EPERM, "permissions.complaints.verify");
	ok(c, TELSVC_COMPLAINT_VERIFY, T0 + 1);
	ok(c, TELSVC_COMPLAINT_CLASSIFY, T0 + 2);
	ok(c, TELSVC_COMPLAINT_HANDLE, T0 + 3);
	ok(c, TELSVC_COMPLAINT_FEEDBACK, T0 + 4); /* by a.li */
	/* the return visit is not made by who gave the feedback */
	refused_as(c, TELSVC_COMPLAINT_RETURN_VISIT, &agent, 80, NULL, TELSVC_EPERM, "separation of duties");
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_RETURN_VISIT, &agent2, T0 + 5, 80, NULL), TELSVC_OK);
	/* only a supervisor closes a major complaint */
	refused_as(c, TELSVC_COMPLAINT_CLOSE, &agent, 0, NULL, TELSVC_EPERM, "permissions.complaints.close_major");
	assert_non_null(strstr(telsvc_error_last(), "§6.2"));
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_CLOSE, &supervisor, T0 + 6, 0, NULL), TELSVC_OK);
	/* a customer may not register, and unknown roles are refused */
	telsvc_complaint_intake in = intake("断网", 0);
	telsvc_complaint *x;
	assert_int_equal(telsvc_complaint_create(&x, e->ctx, &in, &customer), TELSVC_EPERM);
	assert_non_null(strstr(telsvc_error_last(), "permissions.complaints.create"));
	const telsvc_actor nobody = { "x", "janitor" };
	assert_int_equal(telsvc_complaint_create(&x, e->ctx, &in, &nobody), TELSVC_EPERM);
	assert_int_equal(telsvc_complaint_count(e->ctx), 1);
	/* overrides need a reason, a real value and a change */
	c = create(e, 0);
	refused_as(c, TELSVC_COMPLAINT_SET_CATEGORY, &agent, TELSVC_COMPLAINT_BILLING, NULL, TELSVC_EINVAL, "reason");
	refused_as(c, TELSVC_COMPLAINT_SET_CATEGORY, &agent, 9, "x", TELSVC_EINVAL, "not a category");
	refused_as(c, TELSVC_COMPLAINT_SET_CATEGORY, &agent, TELSVC_COMPLAINT_NETWORK, "x", TELSVC_ETRANSITION,
		   "already");
	refused_as(c, TELSVC_COMPLAINT_SET_CATEGORY, &customer, TELSVC_COMPLAINT_BILLING, "x", TELSVC_EPERM,
		   "permissions.complaints.reclassify");
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_SET_CATEGORY, &monitor, T0 + 1,
						TELSVC_COMPLAINT_BILLING, "the outage was a billing suspension"),
			 TELSVC_OK);
	assert_int_equal(telsvc_complaint_category_of(c), TELSVC_COMPLAINT_BILLING);
	assert_string_equal(telsvc_complaint_category_reason(c), "the outage was a billing suspension");
	/* other argument checks */
	ok(c, TELSVC_COMPLAINT_VERIFY, T0 + 2);
	ok(c, TELSVC_COMPLAINT_CLASSIFY, T0 + 3);
	ok(c, TELSVC_COMPLAINT_HANDLE, T0 + 4);
	refused_as(c, TELSVC_COMPLAINT_PROGRESS, &agent, 0, NULL, TELSVC_EINVAL, "measure");
	refused_as(c, TELSVC_COMPLAINT_FEEDBACK, &agent, TELSVC_CHANNEL_FAX, "r", TELSVC_EINVAL, "channels");
	refused_as(c, TELSVC_COMPLAINT_FEEDBACK, &agent, TELSVC_CHANNEL_EMAIL, NULL, TELSVC_EINVAL, "result");
	refused_as(c, 99, &agent, 0, NULL, TELSVC_EINVAL, "unknown action");
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_PROGRESS, &agent, T0, 0, "late"), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_apply(NULL, TELSVC_COMPLAINT_PROGRESS, &agent, 0, 0, "x"), TELSVC_EINVAL);
}

static void intake_is_checked(void **state)
{
	env *e = *state;
	telsvc_complaint *c = (telsvc_complaint *)0x1;
	telsvc_complaint_intake in = intake("断网", 0);
	in.channel = TELSVC_CHANNEL_FAX;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "intake.channel"));
	assert_null(c);
	in = intake("断网", 0), in.customer = "";
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "intake.customer is required"));
	in = intake(NULL, 0);
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "intake.content"));
	in = intake("断网", 4);
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "intake.severity"));
	in = intake("断网", 0), in.flags = 0x80;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EINVAL);
	in = intake("断网", 0), in.version = 7;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EVERSION);
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, NULL, &agent), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_count(e->ctx), 0);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
}

/* ---- persistence ---- */

static void describe(const telsvc_complaint *c, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s s%d c%d v%d r%llu sat%d re%d [%s|%s]:", telsvc_complaint_number(c),
			 telsvc_complaint_state_of(c), telsvc_complaint_category_of(c), telsvc_complaint_severity_of(c),
			 (unsigned long long)telsvc_complaint_revision(c), telsvc_complaint_satisfaction(c),
			 telsvc_complaint_reopen_count(c), telsvc_complaint_category_reason(c),
			 telsvc_complaint_severity_reason(c));
	for (size_t i = 0; i < telsvc_complaint_history_count(c) && n > 0 && (size_t)n < cap; i++) {
		int action;
		int64_t at;
		const char *who, *role;
		telsvc_complaint_history_at(c, i, &action, &at, &who, &role);
		n += snprintf(out + n, cap - (size_t)n, " %d@%lld/%s/%s/%lld/%s", action, (long long)at, who, role,
			      (long long)telsvc_complaint_history_arg(c, i), telsvc_complaint_history_note(c, i));
	}
	for (size_t i = 0; i < telsvc_complaint_deadline_count(c) && n > 0 && (size_t)n < cap; i++) {
		telsvc_param limit;
		int64_t d, done;
		telsvc_complaint_deadline_at(&limit, &d, &done, c, i);
		n += snprintf(out + n, cap - (size_t)n, " D%d/%lld/%lld", limit, (long long)d, (long long)done);
	}
}

static void reload_reproduces(void **state)
{
	env *e = *state;
	telsvc_complaint *a = create(e, 0), *b = create(e, TELSVC_SEVERITY_SERIOUS);
	int64_t t = T0;
	to_state(a, TELSVC_COMPLAINT_CLOSED, &t);
	assert_int_equal(telsvc_complaint_apply(a, TELSVC_COMPLAINT_REOPEN, &customer, ++t, 0, "again"), TELSVC_OK);
	ok(b, TELSVC_COMPLAINT_WAIT_CUSTOMER, ++t);
	ok(b, TELSVC_COMPLAINT_SET_SEVERITY, ++t);
	/* a request in the same store is untouched by complaints */
	telsvc_intake rin = TELSVC_INTAKE_INIT;
	rin.channel = TELSVC_CHANNEL_PHONE, rin.requester = "Li Si", rin.contact = "li@example.cn";
	rin.content = "new line", rin.content_type = TELSVC_CONTENT_DATA, rin.service_type = "broadband";
	rin.received_at = T0;
	telsvc_request *req;
	assert_int_equal(telsvc_request_create(&req, e->ctx, &rin, &agent), TELSVC_OK);
	char before_a[4096], before_b[4096], after[4096];
	describe(a, before_a, sizeof(before_a));
	describe(b, before_b, sizeof(before_b));

	telsvc_ctx *ctx2 = reloaded_ctx(e);
	assert_int_equal(telsvc_complaint_count(ctx2), 2);
	assert_int_equal(telsvc_request_count(ctx2), 1);
	telsvc_complaint *a2, *b2;
	assert_int_equal(telsvc_complaint_find(&a2, ctx2, telsvc_complaint_number(a)), TELSVC_OK);
	assert_int_equal(telsvc_complaint_find(&b2, ctx2, telsvc_complaint_number(b)), TELSVC_OK);
	describe(a2, after, sizeof(after));
	assert_string_equal(after, before_a);
	describe(b2, after, sizeof(after));
	assert_string_equal(after, before_b);
	/* numbering continues; a released complaint is read back from storage */
	telsvc_complaint *c;
	telsvc_complaint_intake in = intake("信号差", 0);
	assert_int_equal(telsvc_complaint_create(&c, ctx2, &in, &agent), TELSVC_OK);
	assert_string_equal(telsvc_complaint_number(c), "CP-20250930-000003");
	assert_int_equal(telsvc_complaint_release(a2), TELSVC_OK);
	assert_int_equal(telsvc_complaint_count(ctx2), 2);
	assert_int_equal(telsvc_complaint_find(&a2, ctx2, telsvc_complaint_number(a)), TELSVC_OK);
	describe(a2, after, sizeof(after));
	assert_string_equal(after, before_a);
	assert_int_equal(telsvc_complaint_find(&a2, ctx2, "CP-nope"), TELSVC_ENOTFOUND);
	assert_int_equal(telsvc_complaint_find(&a2, ctx2, telsvc_request_number(req)), TELSVC_ENOTFOUND);
	/* the stale copy in the first context conflicts */
	assert_int_equal(telsvc_complaint_apply(b, TELSVC_COMPLAINT_RESUME, &agent, ++t, 0, NULL), TELSVC_ECONFLICT);
	describe(b, after, sizeof(after));
	assert_string_equal(after, before_b);
	telsvc_ctx_free(ctx2);
}

/* Fail the k-th storage call of each operation, for every k: memory and
 * store stay as before; with faults off the same call succeeds. */
static void storage_failure_everywhere(void **state)
{
	env *e = *state;
	char before[4096], after[4096], reloaded[4096];
	static const int steps[] = { TELSVC_COMPLAINT_VERIFY,	      TELSVC_COMPLAINT_SET_SEVERITY,
				     TELSVC_COMPLAINT_CLASSIFY,	      TELSVC_COMPLAINT_WAIT_CUSTOMER,
				     TELSVC_COMPLAINT_RESUME,	      TELSVC_COMPLAINT_HANDLE,
				     TELSVC_COMPLAINT_PROGRESS,	      TELSVC_COMPLAINT_FEEDBACK,
				     TELSVC_COMPLAINT_RETURN_VISIT,   TELSVC_COMPLAINT_CLOSE,
				     TELSVC_COMPLAINT_REOPEN,	      TELSVC_COMPLAINT_SET_CATEGORY,
				     TELSVC_COMPLAINT_WITHDRAW };
	for (long k = 1;; k++) {
		e->fs.method = FAULT_ANY, e->fs.fail_at = k, e->fs.persistent = 1, e->fs.calls = 0, e->fs.failures = 0;
		telsvc_complaint_intake in = intake("断网", 0);
		telsvc_complaint *c = (telsvc_complaint *)0x1;
		int rc = telsvc_complaint_create(&c, e->ctx, &in, &agent);
		if (e->fs.failures == 0) {
			assert_int_equal(rc, TELSVC_OK);
			break;
		}
		assert_int_equal(rc, TELSVC_ESTORAGE);
		assert_null(c);
		assert_int_equal(telsvc_complaint_count(e->ctx), 0);
		assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
		assert_int_equal(telsvc_memstore_audit_count(e->mem), 0);
	}
	e->fs.fail_at = 0;
	telsvc_complaint *c;
	assert_int_equal(telsvc_complaint_find(&c, e->ctx, "CP-20250930-000001"), TELSVC_OK);
	int64_t t = T0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		describe(c, before, sizeof(before));
		uint64_t audit = telsvc_memstore_audit_count(e->mem);
		t++;
		for (long k = 1;; k++) {
			e->fs.fail_at = k, e->fs.calls = 0, e->fs.failures = 0;
			int rc = try(c, steps[i], t);
			if (e->fs.failures == 0) {
				if (rc != TELSVC_OK)
					fail_msg("step %zu: %s", i, telsvc_error_last());
				break;
			}
			assert_int_equal(rc, TELSVC_ESTORAGE);
			describe(c, after, sizeof(after));
			assert_string_equal(after, before);
			assert_int_equal(telsvc_memstore_audit_count(e->mem), audit);
			e->fs.fail_at = 0;
			if (telsvc_ctx_load(e->ctx) != TELSVC_OK)
				fail_msg("step %zu, k %ld: reload: %s", i, k, telsvc_error_last());
			assert_int_equal(telsvc_complaint_find(&c, e->ctx, "CP-20250930-000001"), TELSVC_OK);
			describe(c, reloaded, sizeof(reloaded));
			assert_string_equal(reloaded, before);
		}
		e->fs.fail_at = 0;
	}
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_WITHDRAWN);
}

/* A commit whose outcome is unknown: the complaint refuses writes until read again. */
static void ambiguous_commit(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, 0);
	e->fs.method = FAULT_COMMIT, e->fs.fail_at = 1, e->fs.ambiguous_commit = 1, e->fs.calls = 0;
	assert_int_equal(try(c, TELSVC_COMPLAINT_VERIFY, T0 + 1), TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_RECEIVED);
	refused_as(c, TELSVC_COMPLAINT_VERIFY, &agent, 0, NULL, TELSVC_ESTORAGE, "telsvc_complaint_release");
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_complaint_number(c));
	assert_int_equal(telsvc_complaint_release(c), TELSVC_OK);
	assert_int_equal(telsvc_complaint_find(&c, e->ctx, number), TELSVC_OK);
	assert_int_equal(telsvc_complaint_state_of(c), TELSVC_COMPLAINT_VERIFIED); /* it had been stored */
	ok(c, TELSVC_COMPLAINT_CLASSIFY, T0 + 2);
}

/* Every change is audited; the log alone rebuilds every complaint. */
static void every_change_audited(void **state)
{
	env *e = *state;
	telsvc_complaint *a = create(e, 0), *b = create(e, TELSVC_SEVERITY_MAJOR);
	int64_t t = T0;
	to_state(a, TELSVC_COMPLAINT_CLOSED, &t);
	to_state(b, TELSVC_COMPLAINT_WAITING, &t);
	size_t changes = telsvc_complaint_history_count(a) + telsvc_complaint_history_count(b);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 /* genesis */ + changes);
	telsvc_replay_report r = { .version = TELSVC_REPLAY_REPORT_VERSION };
	assert_int_equal(telsvc_audit_replay(&r, e->ctx), TELSVC_OK);
	assert_int_equal(r.objects, 2);
	assert_int_equal(r.matched, 2);
	assert_int_equal(r.diverged, 0);
	/* inside a host transaction: all or nothing, with requests too */
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	telsvc_complaint *c = create(e, 0);
	ok(c, TELSVC_COMPLAINT_VERIFY, T0 + 1);
	ok(a, TELSVC_COMPLAINT_REOPEN, ++t);
	assert_int_equal(telsvc_complaint_release(c), TELSVC_EINVAL);
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_complaint_count(e->ctx), 2);
	assert_int_equal(telsvc_complaint_state_of(a), TELSVC_COMPLAINT_CLOSED);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + changes);
	assert_int_equal(telsvc_audit_replay(&r, e->ctx), TELSVC_OK);
	assert_int_equal(r.matched, 2);
}

/* Every field of the intake just past each of its bounds is refused, and
 * every accessor given NULL or an index past the end answers with its
 * neutral value (NULL, 0, -1) or TELSVC_EINVAL. */
static void arguments_out_of_range(void **state)
{
	env *e = *state;
	telsvc_complaint *c;
	for (int k = 0; k < 8; k++) {
		telsvc_complaint_intake in = intake("断网", 0);
		int want = TELSVC_EINVAL;
		switch (k) {
		case 0: in.version = 0, want = TELSVC_EVERSION; break;
		case 1: in.channel = TELSVC_CHANNEL_PHONE - 1; break;
		case 2: in.category = -1; break;
		case 3: in.category = TELSVC_COMPLAINT_OTHER + 1; break;
		case 4: in.severity = -1; break;
		case 5: in.contact = ""; break;
		case 6: in.content = NULL; break;
		default: want = TELSVC_OK;
		}
		if (telsvc_complaint_create(&c, e->ctx, &in, &agent) != want)
			fail_msg("case %d: %s", k, telsvc_error_last());
	}
	telsvc_complaint_intake in = intake("断网", 0);
	assert_int_equal(telsvc_complaint_create(NULL, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_create(&c, NULL, &in, &agent), TELSVC_EINVAL);
	telsvc_complaint_class cls = { .version = TELSVC_COMPLAINT_CLASS_VERSION };
	assert_int_equal(telsvc_complaint_classify(NULL, e->policy, &in), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_classify(&cls, NULL, &in), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_classify(&cls, e->policy, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_count(e->ctx), 1);

	int a;
	int64_t t, u;
	const char *s1, *s2;
	telsvc_param p;
	assert_int_equal(telsvc_complaint_find(NULL, e->ctx, telsvc_complaint_number(c)), TELSVC_OK); /* it exists */
	assert_int_equal(telsvc_complaint_apply(NULL, TELSVC_COMPLAINT_VERIFY, &agent, 0, 0, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_apply(c, 0, &agent, 0, 0, NULL), TELSVC_EINVAL); /* no such action */
	/* an override past either end, or to what it already is */
	const struct {
		int action;
		int64_t arg;
		int status;
	} overrides[] = {
		{ TELSVC_COMPLAINT_SET_SEVERITY, 0, TELSVC_EINVAL },
		{ TELSVC_COMPLAINT_SET_SEVERITY, TELSVC_SEVERITY_MAJOR + 1, TELSVC_EINVAL },
		{ TELSVC_COMPLAINT_SET_SEVERITY, telsvc_complaint_severity_of(c), TELSVC_ETRANSITION },
		{ TELSVC_COMPLAINT_SET_CATEGORY, TELSVC_COMPLAINT_OTHER + 1, TELSVC_EINVAL },
		{ TELSVC_COMPLAINT_SET_CATEGORY, telsvc_complaint_category_of(c), TELSVC_ETRANSITION },
	};
	for (size_t i = 0; i < sizeof(overrides) / sizeof(overrides[0]); i++)
		assert_int_equal(telsvc_complaint_apply(c, overrides[i].action, &supervisor, T0 + 60, overrides[i].arg,
							"override"),
				 overrides[i].status);
	assert_int_equal(telsvc_complaint_release(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_count(NULL), 0);
	assert_null(telsvc_complaint_number(NULL));
	assert_int_equal(telsvc_complaint_state_of(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_category_of(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_severity_of(NULL), TELSVC_EINVAL);
	assert_null(telsvc_complaint_category_reason(NULL));
	assert_null(telsvc_complaint_severity_reason(NULL));
	assert_null(telsvc_complaint_content(NULL));
	assert_int_equal(telsvc_complaint_channel(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_received_at(NULL), 0);
	assert_int_equal(telsvc_complaint_satisfaction(NULL), -1);
	assert_int_equal(telsvc_complaint_reopen_count(NULL), 0);
	assert_int_equal(telsvc_complaint_deadline_count(NULL), 0);
	assert_int_equal(telsvc_complaint_deadline_at(NULL, &t, &u, c, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_deadline_at(&p, NULL, &u, c, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_deadline_at(&p, &t, NULL, c, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_deadline_at(&p, &t, &u, NULL, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_deadline_at(&p, &t, &u, c, 99), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_history_count(NULL), 0);
	assert_int_equal(telsvc_complaint_history_at(NULL, 0, &a, &t, &s1, &s2), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_history_at(c, 0, NULL, &t, &s1, &s2), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_history_at(c, 0, &a, NULL, &s1, &s2), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_history_at(c, 0, &a, &t, NULL, &s2), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_history_at(c, 0, &a, &t, &s1, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_complaint_history_at(c, 1, &a, &t, &s1, &s2), TELSVC_EINVAL);
	assert_null(telsvc_complaint_history_note(NULL, 0));
	assert_null(telsvc_complaint_history_note(c, 1));
	assert_int_equal(telsvc_complaint_history_arg(NULL, 0), 0);
	assert_int_equal(telsvc_complaint_history_arg(c, 1), 0);
	assert_int_equal(telsvc_complaint_revision(NULL), 0);
}

/* §6.3: the satisfaction score of a return visit runs from 0 to 100;
 * past either end it is refused and nothing is recorded. */
static void return_visit_score_out_of_range(void **state)
{
	env *e = *state;
	telsvc_complaint *c = create(e, TELSVC_SEVERITY_GENERAL);
	int64_t t = T0;
	to_state(c, TELSVC_COMPLAINT_FED_BACK, &t);
	refused_as(c, TELSVC_COMPLAINT_RETURN_VISIT, &monitor, -1, NULL, TELSVC_EINVAL,
		   "satisfaction score -1 is outside 0..100");
	refused_as(c, TELSVC_COMPLAINT_RETURN_VISIT, &monitor, 101, NULL, TELSVC_EINVAL,
		   "satisfaction score 101 is outside 0..100");
	assert_int_equal(telsvc_complaint_satisfaction(c), -1);
	refused_as(c, TELSVC_COMPLAINT_CLOSE, &agent, 0, NULL, TELSVC_ETRANSITION, "return visit");
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_RETURN_VISIT, &monitor, ++t, 100, NULL), TELSVC_OK);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_RETURN_VISIT, &monitor, ++t, 0, NULL), TELSVC_OK);
	assert_int_equal(telsvc_complaint_satisfaction(c), 0);
}

/* §5.2: a complaint with only its creation has neither a response nor a
 * resolution to measure; its three limits are pending. */
static void figures_of_a_complaint_just_received(void **state)
{
	env *e = *state;
	create(e, TELSVC_SEVERITY_GENERAL);
	telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
	telsvc_slice sl = TELSVC_SLICE_INIT;
	sl.kind = TELSVC_KIND_COMPLAINT, sl.now = T0 + H;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 1);
	assert_int_equal(ind.finished, 0);
	assert_int_equal(ind.respond_wall.count, 0);
	assert_int_equal(ind.handle_wall.count, 0);
	assert_int_equal(ind.satisfaction_count, 0);
	assert_int_equal(ind.complaints_by_category[TELSVC_COMPLAINT_NETWORK], 1);
	assert_int_equal(ind.by_class[TELSVC_SEVERITY_GENERAL], 1);
	assert_int_equal(ind.limit_count, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(ind.limits[i].pending, 1);
	assert_int_equal(ind.breaches, 0);
}

/* §6.4: content longer than 64 KiB is refused, naming the field; nothing
 * is created. Exactly 64 KiB is accepted. */
static void content_over_64_kib_refused(void **state)
{
	env *e = *state;
	static char text[65536 + 2];
	memset(text, 'x', 65536 + 1);
	telsvc_complaint_intake in = intake(text, TELSVC_SEVERITY_GENERAL);
	telsvc_complaint *c = (telsvc_complaint *)0x1;
	test_expect_error(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_EINVAL,
			  "telsvc_complaint_create: intake.content is longer than 64 KiB");
	assert_null(c);
	assert_int_equal(telsvc_complaint_count(e->ctx), 0);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
	text[65536] = '\0';
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_OK);
	assert_int_equal(strlen(telsvc_complaint_content(c)), 65536);
}

/* An empty optional text is no text: a service type of "" is not stored
 * nor exported, like NULL; an empty note where one is required is
 * refused like NULL. */
static void empty_texts_are_none(void **state)
{
	env *e = *state;
	telsvc_complaint_intake in = intake("家里宽带断网了", TELSVC_SEVERITY_GENERAL);
	in.service_type = "";
	telsvc_complaint *c;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_OK);
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(&buf, e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(c), NULL),
			 TELSVC_OK);
	assert_null(strstr(telsvc_buf_data(buf), "service_type"));
	telsvc_buf_free(buf);
	telsvc_slice sl = TELSVC_SLICE_INIT;
	telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
	sl.service_type = "", sl.now = T0 + H;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	assert_int_equal(ind.cases, 0); /* it has no service type, not an empty one */
	int64_t t = T0;
	to_state(c, TELSVC_COMPLAINT_HANDLING, &t);
	refused_as(c, TELSVC_COMPLAINT_PROGRESS, &agent, 0, "", TELSVC_EINVAL, "the measure taken");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(classifies_real_texts, setup, teardown),
		cmocka_unit_test_setup_teardown(deadlines_on_the_2025_calendar, setup, teardown),
		cmocka_unit_test_setup_teardown(waiting_pauses, setup, teardown),
		cmocka_unit_test_setup_teardown(clock_before_receipt_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(every_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(lifecycle_with_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(roles_and_separation_of_duties, setup, teardown),
		cmocka_unit_test_setup_teardown(intake_is_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(reload_reproduces, setup, teardown),
		cmocka_unit_test_setup_teardown(storage_failure_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(ambiguous_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(every_change_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(arguments_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(return_visit_score_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(figures_of_a_complaint_just_received, setup, teardown),
		cmocka_unit_test_setup_teardown(content_over_64_kib_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_texts_are_none, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
