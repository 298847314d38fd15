/* Service requests: intake, classification, every transition allowed and
 * refused, deadlines, persistence and reload, storage failure at every
 * callback, host transactions. */
#include "record_edit.h"
#include "store_env.h"

#include <stdbool.h>

#define H 3600
#define MIN 60
#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

static const telsvc_actor agent = { "a.li", "agent" };
static const telsvc_actor preprocessor = { "b.wang", "preprocessor" };
static const telsvc_actor owner = { "c.zhao", "service_owner" };
static const telsvc_actor monitor = { "d.chen", "quality_monitor" };
static const telsvc_actor customer = { "cust-881", "customer" };

static telsvc_intake intake(unsigned flags, int content)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE;
	in.requester = "Zhang San";
	in.contact = "+86 138 0000 0000";
	in.content = "no signal at home since this morning";
	in.content_type = content;
	in.service_type = "mobile voice";
	in.flags = flags;
	in.received_at = T0;
	return in;
}

static telsvc_request *create(env *e, unsigned flags)
{
	telsvc_intake in = intake(flags, TELSVC_CONTENT_VOICE);
	telsvc_request *req;
	if (telsvc_request_create(&req, e->ctx, &in, &agent) != TELSVC_OK)
		fail_msg("create: %s", telsvc_error_last());
	return req;
}

/* The note an action records in these tests (required for three of them). */
static const char *note_for(int action)
{
	switch (action) {
	case TELSVC_ACTION_WRITE_REPORT:
		return "needs analysis: SIM fault; proposal: replace SIM; assignment: hall 3";
	case TELSVC_ACTION_ACCEPT:
		return "results: calls and data pass; problems: none";
	case TELSVC_ACTION_REJECT:
		return "results: no data service in the bedroom";
	default:
		return NULL;
	}
}

static void ok(telsvc_request *req, int action, const telsvc_actor *who, int64_t at, int64_t arg)
{
	int rc = telsvc_request_apply_note(req, action, who, at, arg, note_for(action));
	if (rc != TELSVC_OK)
		fail_msg("action %d: %s (%s)", action, telsvc_status_name(rc), telsvc_error_last());
}

static void refused(telsvc_request *req, int action, const telsvc_actor *who, int64_t at, int64_t arg, int status,
		    const char *fragment)
{
	size_t before = telsvc_request_history_count(req);
	int state = telsvc_request_state_of(req);
	int rc = telsvc_request_apply_note(req, action, who, at, arg, note_for(action));
	if (rc != status)
		fail_msg("action %d: got %s, want %s (%s)", action, telsvc_status_name(rc), telsvc_status_name(status),
			 telsvc_error_last());
	if (fragment && !strstr(telsvc_error_last(), fragment))
		fail_msg("'%s' lacks '%s'", telsvc_error_last(), fragment);
	assert_int_equal(telsvc_request_history_count(req), before);
	assert_int_equal(telsvc_request_state_of(req), state);
}

/* Drive a request to IN_PROGRESS. */
static void to_in_progress(telsvc_request *req)
{
	ok(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 5 * MIN, 0);
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 9 * MIN, 0);
	ok(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 10 * MIN, 0);
	ok(req, TELSVC_ACTION_SIGN_REPORT, &owner, T0 + 11 * MIN, 0);
	ok(req, TELSVC_ACTION_SIGN_REPORT, &monitor, T0 + 12 * MIN, 0);
	ok(req, TELSVC_ACTION_START, &agent, T0 + 13 * MIN, 0);
}

static void full_lifecycle(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, TELSVC_INTAKE_OUTAGE);
	assert_string_equal(telsvc_request_number(req), "SR-20250930-000001");
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECEIVED);
	assert_int_equal(telsvc_request_priority(req), TELSVC_PRIORITY_EMERGENCY);
	assert_non_null(strstr(telsvc_request_class_reason(req), "outage"));
	int64_t deadline;
	assert_int_equal(telsvc_request_deadline(&deadline, req), TELSVC_OK);
	assert_int_equal(deadline, T0 + 2 * H); /* §2.1.2 emergency: 2 h */
	to_in_progress(req);
	ok(req, TELSVC_ACTION_PROGRESS, &agent, T0 + 30 * MIN, 0);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 60 * MIN, 0);
	ok(req, TELSVC_ACTION_REJECT, &customer, T0 + 70 * MIN, 0);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECTIFICATION);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 90 * MIN, 0);
	ok(req, TELSVC_ACTION_ACCEPT, &customer, T0 + 100 * MIN, 0);
	ok(req, TELSVC_ACTION_FEEDBACK, &customer, T0 + 110 * MIN, 95);
	ok(req, TELSVC_ACTION_CLOSE, &agent, T0 + 120 * MIN, 0);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_CLOSED);
	assert_int_equal(telsvc_request_history_count(req), 14);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + 14); /* the log's genesis, one record per change */
	assert_int_equal(telsvc_request_revision(req), 14);
	assert_string_equal(telsvc_request_history_note(req, 2), note_for(TELSVC_ACTION_WRITE_REPORT));
	assert_string_equal(telsvc_request_history_note(req, 1), "");
	assert_null(telsvc_request_history_note(req, 14));
	int action;
	int64_t at;
	const char *who, *role;
	assert_int_equal(telsvc_request_history_at(req, 3, &action, &at, &who, &role), TELSVC_OK);
	assert_int_equal(action, TELSVC_ACTION_SIGN_REPORT);
	assert_int_equal(at, T0 + 10 * MIN);
	assert_string_equal(who, "b.wang");
	assert_string_equal(role, "preprocessor");
	assert_int_equal(telsvc_request_history_at(req, 14, &action, &at, &who, &role), TELSVC_EINVAL);
}

static void classification(void **state)
{
	env *e = *state;
	const struct {
		unsigned flags;
		int content, given, want;
		const char *why;
	} cases[] = {
		{ TELSVC_INTAKE_SAFETY, TELSVC_CONTENT_VOICE, 0, TELSVC_PRIORITY_EMERGENCY, "safety" },
		{ TELSVC_INTAKE_OUTAGE | TELSVC_INTAKE_DEGRADATION, TELSVC_CONTENT_DATA, 0, TELSVC_PRIORITY_EMERGENCY,
		  "outage" },
		{ TELSVC_INTAKE_DEGRADATION, TELSVC_CONTENT_DATA, 0, TELSVC_PRIORITY_IMPORTANT, "degradation" },
		{ 0, TELSVC_CONTENT_FAULT, 0, TELSVC_PRIORITY_IMPORTANT, "fault" },
		{ 0, TELSVC_CONTENT_PACKAGE_CHANGE, 0, TELSVC_PRIORITY_GENERAL, "no urgent fact" },
		{ TELSVC_INTAKE_OUTAGE, TELSVC_CONTENT_NETWORK, TELSVC_PRIORITY_NON_URGENT, TELSVC_PRIORITY_NON_URGENT,
		  "given at intake" },
	};
	/* §2.1.2 limits by class, typed from RULES.md; non-urgent is the project's 5 working days */
	const int64_t limits[] = { 0, 2 * H, 4 * H, 8 * H, 0 };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		telsvc_intake in = intake(cases[i].flags, cases[i].content);
		in.priority = cases[i].given;
		telsvc_request *req;
		assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_OK);
		assert_int_equal(telsvc_request_priority(req), cases[i].want);
		assert_non_null(strstr(telsvc_request_class_reason(req), cases[i].why));
		int64_t d;
		assert_int_equal(telsvc_request_deadline(&d, req), TELSVC_OK);
		if (cases[i].want == TELSVC_PRIORITY_NON_URGENT)
			assert_int_equal(d, T0 + 14 * 86400 + 7 * H); /* the end of Tue 10-14: Oct 9, 10, 11, 13, 14 */
		else
			assert_int_equal(d, T0 + limits[cases[i].want]);
	}
	assert_int_equal(telsvc_request_count(e->ctx), 6);
}

/* Every action in every state: allowed exactly where the lifecycle says. */
static void every_transition(void **state)
{
	env *e = *state;
	/* allowed[state][action], from docs/request-lifecycle.md */
	static const char *const allowed[] = {
		[TELSVC_REQUEST_RECEIVED] = "PWCR",        [TELSVC_REQUEST_PREPROCESSING] = "SWCR",
		[TELSVC_REQUEST_IN_PROGRESS] = "pDWCR",    [TELSVC_REQUEST_DELIVERED] = "AJWCR",
		[TELSVC_REQUEST_RECTIFICATION] = "pDWCR", [TELSVC_REQUEST_FEEDBACK] = "FWCR",
		[TELSVC_REQUEST_CLOSED] = "",              [TELSVC_REQUEST_WAITING] = "UCR",
		[TELSVC_REQUEST_CANCELLED] = "",
	};
	static const char letters[] = " PSspDAJFxWUCR"; /* by action value; x: CLOSE, checked separately */
	/* a request in each state */
	for (int st = TELSVC_REQUEST_RECEIVED; st <= TELSVC_REQUEST_CANCELLED; st++) {
		for (int action = TELSVC_ACTION_PREPROCESS; action <= TELSVC_ACTION_RECLASSIFY; action++) {
			telsvc_request *req = create(e, 0);
			int64_t t = T0;
			if (st >= TELSVC_REQUEST_PREPROCESSING && st <= TELSVC_REQUEST_FEEDBACK)
				ok(req, TELSVC_ACTION_PREPROCESS, &preprocessor, ++t, 0);
			if (st >= TELSVC_REQUEST_PREPROCESSING && st <= TELSVC_REQUEST_FEEDBACK)
				ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, ++t, 0);
			if (st >= TELSVC_REQUEST_IN_PROGRESS && st <= TELSVC_REQUEST_FEEDBACK) {
				ok(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, ++t, 0);
				ok(req, TELSVC_ACTION_SIGN_REPORT, &owner, ++t, 0);
				ok(req, TELSVC_ACTION_SIGN_REPORT, &monitor, ++t, 0);
				ok(req, TELSVC_ACTION_START, &agent, ++t, 0);
			}
			if (st >= TELSVC_REQUEST_DELIVERED && st <= TELSVC_REQUEST_FEEDBACK)
				ok(req, TELSVC_ACTION_DELIVER, &agent, ++t, 0);
			if (st == TELSVC_REQUEST_RECTIFICATION)
				ok(req, TELSVC_ACTION_REJECT, &customer, ++t, 0);
			if (st == TELSVC_REQUEST_FEEDBACK)
				ok(req, TELSVC_ACTION_ACCEPT, &customer, ++t, 0);
			if (st == TELSVC_REQUEST_CLOSED) {
				to_in_progress(req), t = T0 + 13 * MIN;
				ok(req, TELSVC_ACTION_DELIVER, &agent, ++t, 0);
				ok(req, TELSVC_ACTION_ACCEPT, &customer, ++t, 0);
				ok(req, TELSVC_ACTION_FEEDBACK, &customer, ++t, 80);
				ok(req, TELSVC_ACTION_CLOSE, &agent, ++t, 0);
			}
			if (st == TELSVC_REQUEST_WAITING)
				ok(req, TELSVC_ACTION_WAIT_CUSTOMER, &agent, ++t, 0);
			if (st == TELSVC_REQUEST_CANCELLED)
				ok(req, TELSVC_ACTION_CANCEL, &agent, ++t, 0);
			assert_int_equal(telsvc_request_state_of(req), st);

			const telsvc_actor *who = action == TELSVC_ACTION_ACCEPT || action == TELSVC_ACTION_REJECT ||
							  action == TELSVC_ACTION_FEEDBACK
						  ? &customer
					  : action == TELSVC_ACTION_SIGN_REPORT ? &preprocessor
										: &agent;
			int64_t arg = action == TELSVC_ACTION_FEEDBACK ? 90 : action == TELSVC_ACTION_RECLASSIFY ? 1 : 0;
			bool allow = strchr(allowed[st], letters[action]) != NULL;
			if (action == TELSVC_ACTION_CLOSE)
				allow = false; /* feedback not yet recorded: refused in FEEDBACK too */
			int rc = telsvc_request_apply_note(req, action, who, t + 1, arg, note_for(action));
			if (allow && rc != TELSVC_OK)
				fail_msg("state %d, action %d refused: %s", st, action, telsvc_error_last());
			if (!allow && rc != TELSVC_ETRANSITION)
				fail_msg("state %d, action %d: %s, want TELSVC_ETRANSITION", st, action,
					 telsvc_status_name(rc));
			if (!allow)
				assert_non_null(strstr(telsvc_error_last(), telsvc_request_number(req)));
		}
	}
}

static void guards_and_roles(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	ok(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0);
	/* §2.4: a report must exist, with its content, before anyone signs */
	refused(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 1, 0, TELSVC_ETRANSITION, "no preprocessing report");
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 1, 0), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "needs analysis, proposal, assignment"));
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 1, 0);
	ok(req, TELSVC_ACTION_SIGN_REPORT, &owner, T0 + 1, 0);
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 1, 0); /* amended: the signature lapses */
	/* §2.4: only the three signature roles sign, each once, by three distinct people */
	refused(req, TELSVC_ACTION_SIGN_REPORT, &agent, T0 + 2, 0, TELSVC_EPERM, "does not sign");
	ok(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 3, 0);
	refused(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 4, 0, TELSVC_ETRANSITION, "already signed");
	const telsvc_actor same_person = { "b.wang", "service_owner" };
	refused(req, TELSVC_ACTION_SIGN_REPORT, &same_person, T0 + 5, 0, TELSVC_ETRANSITION, "distinct people");
	refused(req, TELSVC_ACTION_START, &agent, T0 + 6, 0, TELSVC_ETRANSITION, "lacks the signature of the service_owner");
	ok(req, TELSVC_ACTION_SIGN_REPORT, &owner, T0 + 7, 0);
	refused(req, TELSVC_ACTION_START, &agent, T0 + 8, 0, TELSVC_ETRANSITION, "quality_monitor");
	ok(req, TELSVC_ACTION_SIGN_REPORT, &monitor, T0 + 9, 0);
	ok(req, TELSVC_ACTION_START, &agent, T0 + 10, 0);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 11, 0);
	/* §4.2: the customer signs off an acceptance report */
	refused(req, TELSVC_ACTION_ACCEPT, &agent, T0 + 12, 0, TELSVC_EPERM, "allows: customer (§4.2)");
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_ACCEPT, &customer, T0 + 12, 0), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "acceptance report"));
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_REJECT, &customer, T0 + 12, 0), TELSVC_EINVAL);
	ok(req, TELSVC_ACTION_ACCEPT, &customer, T0 + 13, 0);
	refused(req, TELSVC_ACTION_CLOSE, &agent, T0 + 14, 0, TELSVC_ETRANSITION, "feedback comes first");
	refused(req, TELSVC_ACTION_FEEDBACK, &customer, T0 + 15, 101, TELSVC_EINVAL, "0..100");
	ok(req, TELSVC_ACTION_FEEDBACK, &customer, T0 + 16, 0);
	/* time does not go back; unknown roles and empty actors are refused */
	refused(req, TELSVC_ACTION_CLOSE, &agent, T0 + 15, 0, TELSVC_EINVAL, "precedes");
	const telsvc_actor stranger = { "x", "janitor" }, nobody = { "", "agent" };
	refused(req, TELSVC_ACTION_CLOSE, &stranger, T0 + 17, 0, TELSVC_EPERM, "janitor");
	refused(req, TELSVC_ACTION_CLOSE, &nobody, T0 + 17, 0, TELSVC_EINVAL, "actor");
	refused(req, TELSVC_ACTION_CLOSE, NULL, T0 + 17, 0, TELSVC_EINVAL, NULL);
	refused(req, (telsvc_request_action)99, &agent, T0 + 17, 0, TELSVC_EINVAL, "unknown action");
	ok(req, TELSVC_ACTION_CLOSE, &agent, T0 + 17, 0);
}

/* The policy's permissions decide who may do what. */
static void permissions(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	refused(req, TELSVC_ACTION_PREPROCESS, &customer, T0 + 1, 0, TELSVC_EPERM,
		"the customer may not preprocess; permissions.requests.preprocess allows: preprocessor, agent, supervisor");
	to_in_progress(req);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 20 * MIN, 0);
	refused(req, TELSVC_ACTION_ACCEPT, &agent, T0 + 21 * MIN, 0, TELSVC_EPERM, "(§4.2)");
	telsvc_intake in = intake(0, TELSVC_CONTENT_VOICE);
	telsvc_request *none = (telsvc_request *)0x1;
	assert_int_equal(telsvc_request_create(&none, e->ctx, &in, &customer), TELSVC_EPERM);
	assert_non_null(strstr(telsvc_error_last(), "permissions.requests.create"));
	assert_null(none);

	/* an operator lets agents record the customer's sign-off taken by phone */
	const char *doc = "permissions: {requests: {accept: [customer, agent], cancel: []}}\n";
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_load(&p, e->store_ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, p), TELSVC_OK);
	ok(req, TELSVC_ACTION_ACCEPT, &agent, T0 + 22 * MIN, 0);
	/* and lets nobody cancel */
	refused(req, TELSVC_ACTION_CANCEL, &agent, T0 + 22 * MIN, 0, TELSVC_EPERM,
		"permissions.requests.cancel allows: no role");
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, e->policy), TELSVC_OK);
	telsvc_policy_free(p);
	/* a numbering pattern of the operator's; the sequence carries on over a reload */
	doc = "requests: {number_pattern: \"REQ/{yyyy}.{mm}/{seq}\"}\n";
	assert_int_equal(telsvc_policy_load(&p, e->store_ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, p), TELSVC_OK);
	telsvc_request *custom;
	assert_int_equal(telsvc_request_create(&custom, e->ctx, &in, &agent), TELSVC_OK);
	assert_string_equal(telsvc_request_number(custom), "REQ/2025.09/2");
	assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_request_create(&custom, e->ctx, &in, &agent), TELSVC_OK);
	assert_string_equal(telsvc_request_number(custom), "REQ/2025.09/3");
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, e->policy), TELSVC_OK);
	telsvc_policy_free(p);
	/* and a permission naming an undefined role is refused at load */
	doc = "permissions: {requests: {accept: [clerk]}}\n";
	assert_int_equal(telsvc_policy_load(&p, e->store_ctx, doc, strlen(doc)), TELSVC_EPOLICY);
	assert_non_null(strstr(telsvc_error_last(), "permissions.requests.accept[0]"));
}

static void waiting_and_reclassification(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, TELSVC_INTAKE_SAFETY); /* emergency: 2 h */
	ok(req, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + 30 * MIN, 0);
	int64_t d;
	assert_int_equal(telsvc_request_deadline(&d, req), TELSVC_OK);
	assert_int_equal(d, TELSVC_NEVER);
	ok(req, TELSVC_ACTION_RESUME, &agent, T0 + 60 * MIN, 0);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECEIVED);
	assert_int_equal(telsvc_request_deadline(&d, req), TELSVC_OK);
	assert_int_equal(d, T0 + 2 * H + 30 * MIN);
	/* to general (8 h): recomputed from the same history, the pause kept */
	refused(req, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 61 * MIN, 1, TELSVC_ETRANSITION, "already has");
	refused(req, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 61 * MIN, 7, TELSVC_EINVAL, "priority class");
	ok(req, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 61 * MIN, TELSVC_PRIORITY_GENERAL);
	assert_int_equal(telsvc_request_priority(req), TELSVC_PRIORITY_GENERAL);
	assert_string_equal(telsvc_request_class_reason(req), "reclassified");
	assert_int_equal(telsvc_request_deadline(&d, req), TELSVC_OK);
	assert_int_equal(d, T0 + 8 * H + 30 * MIN);
	/* waiting resumes into the state it left */
	ok(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 62 * MIN, 0);
	ok(req, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + 63 * MIN, 0);
	ok(req, TELSVC_ACTION_RESUME, &agent, T0 + 64 * MIN, 0);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_PREPROCESSING);
}

static void intake_is_checked(void **state)
{
	env *e = *state;
	telsvc_request *req = (telsvc_request *)0x1;
	telsvc_intake in = intake(0, TELSVC_CONTENT_VOICE);
	in.requester = "";
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "intake.requester is required (§2.1.3)"));
	assert_null(req);
	in = intake(0, TELSVC_CONTENT_VOICE), in.contact = NULL;
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "intake.contact"));
	in = intake(0, TELSVC_CONTENT_VOICE), in.channel = 9;
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "§2.1.1"));
	in = intake(0, 0);
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "§2.2.1"));
	in = intake(0x80, TELSVC_CONTENT_VOICE);
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EINVAL);
	in = intake(0, TELSVC_CONTENT_VOICE), in.version = 7;
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EVERSION);
	in = intake(0, TELSVC_CONTENT_VOICE);
	const telsvc_actor ghost = { "g", "ghost" };
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &ghost), TELSVC_EPERM);
	assert_int_equal(telsvc_request_count(e->ctx), 0);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
	/* a context without policy or storage refuses */
	telsvc_ctx *bare = test_ctx();
	assert_int_equal(telsvc_request_create(&req, bare, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "no policy"));
	telsvc_ctx_free(bare);
}

/* A digest of what a CRM screen shows of a request, to compare states. */
static void describe(const telsvc_request *req, char *out, size_t cap)
{
	int64_t d = 0;
	telsvc_request_deadline(&d, req);
	int n = snprintf(out, cap, "%s s%d p%d r%llu d%lld h%zu:", telsvc_request_number(req),
			 telsvc_request_state_of(req), telsvc_request_priority(req),
			 (unsigned long long)telsvc_request_revision(req), (long long)d, telsvc_request_history_count(req));
	for (size_t i = 0; i < telsvc_request_history_count(req) && n > 0 && (size_t)n < cap; i++) {
		int action;
		int64_t at;
		const char *who, *role;
		telsvc_request_history_at(req, i, &action, &at, &who, &role);
		n += snprintf(out + n, cap - (size_t)n, " %d@%lld/%s/%s", action, (long long)at, who, role);
	}
	for (size_t i = 0; i < telsvc_request_problem_count(req) && n > 0 && (size_t)n < cap; i++) {
		int grade, stage;
		telsvc_request_problem_at(&grade, &stage, req, i);
		n += snprintf(out + n, cap - (size_t)n, " P%d/%d", grade, stage);
	}
	for (size_t i = 0; i < telsvc_request_deadline_count(req) && n > 0 && (size_t)n < cap; i++) {
		telsvc_param limit;
		int problem;
		int64_t due, done;
		telsvc_request_deadline_at(&limit, &problem, &due, &done, req, i);
		n += snprintf(out + n, cap - (size_t)n, " D%d/%d/%lld/%lld", limit, problem, (long long)due,
			      (long long)done);
	}
}

/* A fresh context on the same store sees exactly the same requests. */
static void reload_reproduces(void **state)
{
	env *e = *state;
	telsvc_request *a = create(e, TELSVC_INTAKE_OUTAGE), *b = create(e, 0);
	to_in_progress(a);
	ok(a, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + 20 * MIN, 0);
	ok(b, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 1, TELSVC_PRIORITY_IMPORTANT);
	char before_a[2048], before_b[2048], after[2048];
	describe(a, before_a, sizeof(before_a));
	describe(b, before_b, sizeof(before_b));

	telsvc_ctx *ctx2 = reloaded_ctx(e);
	assert_int_equal(telsvc_request_count(ctx2), 2);
	telsvc_request *a2, *b2;
	assert_int_equal(telsvc_request_find(&a2, ctx2, telsvc_request_number(a)), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&b2, ctx2, telsvc_request_number(b)), TELSVC_OK);
	describe(a2, after, sizeof(after));
	assert_string_equal(after, before_a);
	describe(b2, after, sizeof(after));
	assert_string_equal(after, before_b);
	assert_string_equal(telsvc_request_class_reason(b2), "reclassified");
	/* and carries on: numbering continues, changes store */
	ok(a2, TELSVC_ACTION_RESUME, &agent, T0 + 30 * MIN, 0);
	telsvc_intake in = intake(0, TELSVC_CONTENT_DATA);
	telsvc_request *c;
	assert_int_equal(telsvc_request_create(&c, ctx2, &in, &agent), TELSVC_OK);
	assert_string_equal(telsvc_request_number(c), "SR-20250930-000003");
	/* the first context's copy is now stale: its write conflicts */
	int rc = telsvc_request_apply(a, TELSVC_ACTION_RESUME, &agent, T0 + 31 * MIN, 0);
	assert_int_equal(rc, TELSVC_ECONFLICT);
	describe(a, after, sizeof(after));
	assert_string_equal(after, before_a);
	telsvc_request *missing;
	assert_int_equal(telsvc_request_find(&missing, ctx2, "SR-nope"), TELSVC_ENOTFOUND);
	/* a context holding objects keeps its store */
	assert_int_equal(telsvc_ctx_set_storage(ctx2, &e->st), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "already holds objects"));
	telsvc_storage broken = e->st;
	broken.put = NULL;
	telsvc_ctx *ctx3 = test_ctx();
	assert_int_equal(telsvc_ctx_set_storage(ctx3, &broken), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "put"));
	broken = e->st, broken.audit_iterate = NULL;
	assert_int_equal(telsvc_ctx_set_storage(ctx3, &broken), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "audit_iterate"));
	broken = e->st, broken.version = 99;
	assert_int_equal(telsvc_ctx_set_storage(ctx3, &broken), TELSVC_EVERSION);
	assert_int_equal(telsvc_ctx_load(ctx3), TELSVC_EINVAL);
	telsvc_ctx_free(ctx3);
	telsvc_ctx_free(ctx2);
}

/* Fail the k-th storage call of each operation, for every k: the call
 * fails, memory is exactly as before, and the store holds the before
 * state; with faults off, the same call succeeds. */
static void storage_failure_everywhere(void **state)
{
	env *e = *state;
	char before[2048], after[2048], reloaded[2048];
	const struct {
		int action;
		const telsvc_actor *who;
		int64_t arg;
	} steps[] = {
		{ TELSVC_ACTION_PREPROCESS, &preprocessor, 0 }, { TELSVC_ACTION_WRITE_REPORT, &preprocessor, 0 },
		{ TELSVC_ACTION_SIGN_REPORT, &preprocessor, 0 },
		{ TELSVC_ACTION_SIGN_REPORT, &owner, 0 },       { TELSVC_ACTION_SIGN_REPORT, &monitor, 0 },
		{ TELSVC_ACTION_START, &agent, 0 },             { TELSVC_ACTION_WAIT_CUSTOMER, &agent, 0 },
		{ TELSVC_ACTION_RESUME, &agent, 0 },            { TELSVC_ACTION_DELIVER, &agent, 0 },
		{ TELSVC_ACTION_ACCEPT, &customer, 0 },         { TELSVC_ACTION_FEEDBACK, &customer, 88 },
		{ TELSVC_ACTION_CLOSE, &agent, 0 },
	};
	/* the intake itself */
	for (long k = 1;; k++) {
		e->fs.method = FAULT_ANY, e->fs.fail_at = k, e->fs.persistent = 1, e->fs.calls = 0, e->fs.failures = 0;
		telsvc_intake in = intake(0, TELSVC_CONTENT_VOICE);
		telsvc_request *req = (telsvc_request *)0x1;
		int rc = telsvc_request_create(&req, e->ctx, &in, &agent);
		if (e->fs.failures == 0) {
			assert_int_equal(rc, TELSVC_OK);
			break;
		}
		assert_true(rc == TELSVC_ESTORAGE);
		assert_null(req);
		assert_int_equal(telsvc_request_count(e->ctx), 0);
		assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
		assert_int_equal(telsvc_memstore_audit_count(e->mem), 0);
	}
	e->fs.fail_at = 0;
	telsvc_request *req;
	assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
	int64_t t = T0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		describe(req, before, sizeof(before));
		uint64_t audit = telsvc_memstore_audit_count(e->mem);
		for (long k = 1;; k++) {
			e->fs.fail_at = k, e->fs.calls = 0, e->fs.failures = 0;
			int rc = telsvc_request_apply_note(req, steps[i].action, steps[i].who, t + 1, steps[i].arg,
							   note_for(steps[i].action));
			if (e->fs.failures == 0) {
				assert_int_equal(rc, TELSVC_OK);
				break;
			}
			assert_int_equal(rc, TELSVC_ESTORAGE);
			describe(req, after, sizeof(after));
			assert_string_equal(after, before);
			assert_int_equal(telsvc_memstore_audit_count(e->mem), audit);
			/* the store holds the before state too: reload (which a failed
			 * commit requires anyway) and compare */
			e->fs.fail_at = 0;
			if (telsvc_ctx_load(e->ctx) != TELSVC_OK)
				fail_msg("step %zu, k %ld: reload: %s", i, k, telsvc_error_last());
			assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
			describe(req, reloaded, sizeof(reloaded));
			assert_string_equal(reloaded, before);
		}
		e->fs.fail_at = 0;
		t++;
	}
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_CLOSED);
}

/* A commit whose outcome is unknown: the request refuses writes until reloaded. */
static void ambiguous_commit(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	e->fs.method = FAULT_COMMIT, e->fs.fail_at = 1, e->fs.ambiguous_commit = 1, e->fs.calls = 0;
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0), TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECEIVED); /* never reports success */
	refused(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 2, 0, TELSVC_ESTORAGE, "reload");
	assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_PREPROCESSING); /* it had been stored */
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 3, 0);
}

static void host_transactions(void **state)
{
	env *e = *state;
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_EINVAL);
	telsvc_request *a = create(e, 0), *b = create(e, 0);
	ok(a, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0);
	ok(a, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 1, 0);
	assert_int_equal(telsvc_txn_commit(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 2);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + 4);
	(void)b;

	/* rolled back: memory and store return to the start */
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	char undone[64];
	snprintf(undone, sizeof(undone), "%s", telsvc_request_number(create(e, 0)));
	ok(a, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 2, 0);
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_request_count(e->ctx), 2);
	assert_int_equal(telsvc_request_history_count(a), 3);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 2);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + 4);
	ok(a, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 2, 0); /* and goes on */

	/* a refusal inside leaves the transaction open; a failure of storage
	 * rolls it all back */
	assert_int_equal(telsvc_txn_active(e->ctx), 0);
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_txn_active(e->ctx), 1);
	create(e, 0);
	assert_int_equal(telsvc_request_apply(a, TELSVC_ACTION_CLOSE, &agent, T0 + 3, 0), TELSVC_ETRANSITION);
	assert_int_equal(telsvc_txn_active(e->ctx), 1);
	ok(a, TELSVC_ACTION_SIGN_REPORT, &owner, T0 + 3, 0);
	e->fs.method = FAULT_PUT, e->fs.fail_at = 1, e->fs.calls = 0;
	assert_int_equal(telsvc_request_apply(a, TELSVC_ACTION_SIGN_REPORT, &monitor, T0 + 4, 0), TELSVC_ESTORAGE);
	assert_non_null(strstr(telsvc_error_last(), "rolled back"));
	assert_int_equal(telsvc_txn_active(e->ctx), 0);
	e->fs.fail_at = 0;
	assert_int_equal(telsvc_request_count(e->ctx), 2);
	assert_int_equal(telsvc_request_history_count(a), 4);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 2);
	assert_int_equal(telsvc_txn_commit(e->ctx), TELSVC_EINVAL); /* already ended */
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_EINVAL);
	assert_int_equal(telsvc_txn_active(NULL), 0);

	/* the numbers undone creations took are taken again: the store has no
	 * gap, and a context that loads it numbers the same */
	assert_string_equal(telsvc_request_number(create(e, 0)), undone);
}

static void corrupt_store_refused(void **state)
{
	env *e = *state;
	create(e, 0);
	telsvc_storage inner = e->fs.inner;
	/* a stored request whose bytes are damaged */
	assert_int_equal(inner.put(inner.payload, TELSVC_KIND_REQUEST, "SR-bad", 0, "TSVR garbage", 12), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_ECORRUPT);
	assert_non_null(strstr(telsvc_error_last(), "request SR-bad"));
	assert_int_equal(telsvc_request_count(e->ctx), 1); /* the context keeps what it had */
}

/* A stored request received after its own first events, so that waiting
 * for the customer would pause its clock before the clock started, is
 * corrupt, not a refused change (found by fuzz_record). */
static void clock_before_receipt_corrupt(void **state)
{
	env *e = *state;
	telsvc_request *r = create(e, 0);
	ok(r, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + MIN, 0);
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r));
	assert_int_equal(telsvc_request_release(r), TELSVC_OK);
	record_restamp(&e->fs.inner, e->store_ctx, TELSVC_KIND_REQUEST, number, 10, T0, T0 + H); /* 10: receipt */
	record_expect_corrupt(e->ctx, TELSVC_KIND_REQUEST, number, "stored history breaks the rules");
}

/* A stored request with an event's fields after its last event but no
 * action to begin them is corrupt: the next change appended to it would
 * make a record that cannot be read (found by fuzz_record). */
static void event_without_action_corrupt(void **state)
{
	env *e = *state;
	telsvc_request *r = create(e, 0);
	char number[64];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(r));
	assert_int_equal(telsvc_request_release(r), TELSVC_OK);
	record_append_text(&e->fs.inner, e->store_ctx, TELSVC_KIND_REQUEST, number, 22, "b.wang"); /* 22: an actor */
	record_expect_corrupt(e->ctx, TELSVC_KIND_REQUEST, number, "comes before its action");
}

/* A released request leaves memory, stays in storage, and comes back
 * from it unchanged when found. */
static void release_and_find(void **state)
{
	env *e = *state;
	telsvc_request *a = create(e, TELSVC_INTAKE_OUTAGE), *b = create(e, 0);
	to_in_progress(a);
	ok(a, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + 20 * MIN, 0);
	char number[64], before[2048], after[2048];
	snprintf(number, sizeof(number), "%s", telsvc_request_number(a));
	describe(a, before, sizeof(before));
	assert_int_equal(telsvc_request_release(a), TELSVC_OK);
	assert_int_equal(telsvc_request_count(e->ctx), 1);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 2);
	assert_int_equal(telsvc_request_find(&a, e->ctx, number), TELSVC_OK);
	assert_int_equal(telsvc_request_count(e->ctx), 2);
	describe(a, after, sizeof(after));
	assert_string_equal(after, before);
	ok(a, TELSVC_ACTION_RESUME, &agent, T0 + 30 * MIN, 0); /* its revision is the stored one */

	/* not while it has changes in an open host transaction */
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	ok(a, TELSVC_ACTION_PROGRESS, &agent, T0 + 31 * MIN, 0);
	assert_int_equal(telsvc_request_release(a), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "open transaction"));
	assert_int_equal(telsvc_request_release(b), TELSVC_OK); /* untouched by it */
	assert_int_equal(telsvc_txn_commit(e->ctx), TELSVC_OK);
	describe(a, before, sizeof(before));
	assert_int_equal(telsvc_request_release(a), TELSVC_OK);
	assert_int_equal(telsvc_request_count(e->ctx), 0);
	assert_int_equal(telsvc_request_find(&a, e->ctx, number), TELSVC_OK);
	describe(a, after, sizeof(after));
	assert_string_equal(after, before);

	/* what storage cannot give is refused, and nothing is kept */
	telsvc_request *none = (telsvc_request *)0x1;
	assert_int_equal(telsvc_request_find(&none, e->ctx, "SR-20991231-000042"), TELSVC_ENOTFOUND);
	assert_non_null(strstr(telsvc_error_last(), "no request SR-20991231-000042"));
	assert_null(none);
	e->fs.method = FAULT_GET, e->fs.fail_at = 1, e->fs.calls = 0;
	assert_int_equal(telsvc_request_find(&b, e->ctx, "SR-20250930-000002"), TELSVC_ESTORAGE);
	assert_non_null(strstr(telsvc_error_last(), "get of request SR-20250930-000002"));
	e->fs.fail_at = 0;
	telsvc_storage inner = e->fs.inner;
	assert_int_equal(inner.put(inner.payload, TELSVC_KIND_REQUEST, "SR-bad", 0, "TSVR garbage", 12), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&b, e->ctx, "SR-bad"), TELSVC_ECORRUPT);
	assert_int_equal(telsvc_request_count(e->ctx), 1);
	assert_int_equal(telsvc_request_find(&b, e->ctx, "SR-20250930-000002"), TELSVC_OK);
	assert_int_equal(telsvc_request_state_of(b), TELSVC_REQUEST_RECEIVED);
	assert_int_equal(telsvc_request_release(NULL), TELSVC_EINVAL);
}

/* A request whose commit had an unknown outcome is read again on its own. */
static void release_after_ambiguous_commit(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0), *other = create(e, 0);
	ok(other, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0);
	e->fs.method = FAULT_COMMIT, e->fs.fail_at = 1, e->fs.ambiguous_commit = 1, e->fs.calls = 0;
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0), TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	refused(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 2, 0, TELSVC_ESTORAGE, "telsvc_request_release");
	assert_int_equal(telsvc_request_release(req), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_PREPROCESSING); /* it had been stored */
	/* the audit log may or may not hold that commit's record: the next
	 * change counts it first, and fails cleanly if it cannot */
	e->fs.method = FAULT_AUDIT_ITERATE, e->fs.fail_at = 1, e->fs.ambiguous_commit = 0, e->fs.calls = 0;
	refused(other, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 3, 0, TELSVC_ESTORAGE, "audit iterate");
	e->fs.fail_at = 0;
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 3, 0);
	ok(other, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 3, 0); /* the other never left memory */
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + 6);

	/* the same after a host transaction's commit with an unknown outcome */
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	ok(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 4, 0);
	e->fs.method = FAULT_COMMIT, e->fs.fail_at = 1, e->fs.ambiguous_commit = 1, e->fs.calls = 0;
	assert_int_equal(telsvc_txn_commit(e->ctx), TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	ok(other, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 4, 0);
	assert_int_equal(telsvc_txn_commit(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + 8);
}

/* A change that failed to store, then a different one: the record that
 * is stored carries the second, and reads back intact (the cached
 * encoding and its running checksum were both rolled back). */
static void failed_change_then_another(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	e->fs.method = FAULT_PUT, e->fs.fail_at = 1, e->fs.calls = 0;
	assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0, "x"),
			 TELSVC_ESTORAGE);
	e->fs.fail_at = 0;
	const char *longer = "needs analysis: the line card in cabinet 7 is faulty; replace it and test the circuit";
	assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 2, 0, longer),
			 TELSVC_OK);
	assert_int_equal(telsvc_request_release(req), TELSVC_OK);
	if (telsvc_request_find(&req, e->ctx, "SR-20250930-000001") != TELSVC_OK)
		fail_msg("read back: %s", telsvc_error_last());
	assert_string_equal(telsvc_request_history_note(req, 1), longer);
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 3, 0);
}

static const telsvc_actor supervisor = { "e.sun", "supervisor" };

static void deadline_of(const telsvc_request *req, size_t i, telsvc_param want, int problem, int64_t due, int64_t done)
{
	telsvc_param limit;
	int p;
	int64_t d, k;
	assert_int_equal(telsvc_request_deadline_at(&limit, &p, &d, &k, req, i), TELSVC_OK);
	assert_int_equal(limit, want);
	assert_int_equal(p, problem);
	if (d != due || k != done)
		fail_msg("deadline %zu: due %lld done %lld, want %lld %lld", i, (long long)d, (long long)k,
			 (long long)due, (long long)done);
}

/* §3.3: a major problem reported within 10 min, arranged within 2 h,
 * handled within 2 h, feedback within 48 h, post-mortem within 3 working
 * days after handling; a minor one stays with the staff member. */
static void execution_problems(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0); /* general: 8 h */
	refused(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, T0 + 1, TELSVC_PROBLEM_MAJOR, TELSVC_ETRANSITION,
		"served");
	to_in_progress(req); /* up to T0 + 13 min */
	int64_t t = T0 + 20 * MIN; /* Tue 2025-09-30 17:20 +08:00 */
	refused(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, t, 9, TELSVC_EINVAL, "grade");
	ok(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, t, TELSVC_PROBLEM_MAJOR);
	ok(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, t + 1, TELSVC_PROBLEM_MINOR);
	assert_int_equal(telsvc_request_problem_count(req), 2);
	assert_int_equal(telsvc_request_deadline_count(req), 1 + 5 + 1);
	deadline_of(req, 1, TELSVC_PARAM_EXECUTION_REPORT, 0, t + 10 * MIN, TELSVC_NEVER);
	deadline_of(req, 2, TELSVC_PARAM_EXECUTION_ARRANGE, 0, TELSVC_NEVER, TELSVC_NEVER); /* not started */
	deadline_of(req, 3, TELSVC_PARAM_EXECUTION_MAJOR, 0, t + 2 * H, TELSVC_NEVER);
	deadline_of(req, 4, TELSVC_PARAM_EXECUTION_FEEDBACK, 0, t + 48 * H, TELSVC_NEVER);
	deadline_of(req, 6, TELSVC_PARAM_EXECUTION_MINOR, 1, TELSVC_NEVER, TELSVC_NEVER); /* minor: no limit */

	refused(req, TELSVC_ACTION_PROBLEM_REPORT, &agent, t + 2, 1, TELSVC_ETRANSITION, "minor");
	refused(req, TELSVC_ACTION_PROBLEM_ARRANGE, &supervisor, t + 2, 0, TELSVC_ETRANSITION, "in that order");
	refused(req, TELSVC_ACTION_PROBLEM_REPORT, &agent, t + 2, 5, TELSVC_EINVAL, "no execution problem 5");
	ok(req, TELSVC_ACTION_PROBLEM_REPORT, &agent, t + 5 * MIN, 0);
	deadline_of(req, 1, TELSVC_PARAM_EXECUTION_REPORT, 0, t + 10 * MIN, t + 5 * MIN);
	deadline_of(req, 2, TELSVC_PARAM_EXECUTION_ARRANGE, 0, t + 5 * MIN + 2 * H, TELSVC_NEVER);
	refused(req, TELSVC_ACTION_PROBLEM_ARRANGE, &agent, t + 6 * MIN, 0, TELSVC_EPERM, "supervisor");
	ok(req, TELSVC_ACTION_PROBLEM_ARRANGE, &supervisor, t + 30 * MIN, 0);
	ok(req, TELSVC_ACTION_PROBLEM_HANDLED, &agent, t + 90 * MIN, 0); /* Tue 18:50 */
	/* three working days after Tue 09-30: Oct 9, 10, 11 (makeup Saturday): the end of Sat 10-11 */
	deadline_of(req, 5, TELSVC_PARAM_EXECUTION_POSTMORTEM, 0, 1760198400, TELSVC_NEVER);
	ok(req, TELSVC_ACTION_PROBLEM_HANDLED, &agent, t + 91 * MIN, 1);
	refused(req, TELSVC_ACTION_PROBLEM_POSTMORTEM, &agent, t + 92 * MIN, 0, TELSVC_ETRANSITION, "in that order");

	/* the request cannot close while a problem's loop is open */
	ok(req, TELSVC_ACTION_DELIVER, &agent, t + 100 * MIN, 0);
	ok(req, TELSVC_ACTION_ACCEPT, &customer, t + 101 * MIN, 0);
	ok(req, TELSVC_ACTION_FEEDBACK, &customer, t + 102 * MIN, 90);
	refused(req, TELSVC_ACTION_CLOSE, &agent, t + 103 * MIN, 0, TELSVC_ETRANSITION, "problem 0 is still handled");
	ok(req, TELSVC_ACTION_PROBLEM_FEEDBACK, &agent, t + 104 * MIN, 0);
	ok(req, TELSVC_ACTION_CLOSE, &agent, t + 105 * MIN, 0);
	ok(req, TELSVC_ACTION_PROBLEM_POSTMORTEM, &supervisor, t + 106 * MIN, 0);
	int grade, stage;
	assert_int_equal(telsvc_request_problem_at(&grade, &stage, req, 0), TELSVC_OK);
	assert_int_equal(grade, TELSVC_PROBLEM_MAJOR);
	assert_int_equal(stage, TELSVC_PROBLEM_REVIEWED);
	assert_int_equal(telsvc_request_problem_at(&grade, &stage, req, 2), TELSVC_EINVAL);

	/* and a reload reproduces the problems and their deadlines */
	char before[4096], after[4096];
	describe(req, before, sizeof(before));
	assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
	describe(req, after, sizeof(after));
	assert_string_equal(after, before);
}

/* §4.1: basic service delivered within 24 h, a leased line within 72 h. */
static void delivery_limits(void **state)
{
	env *e = *state;
	const struct {
		int kind;
		telsvc_param param;
		int64_t limit;
	} cases[] = { { TELSVC_DELIVERY_BASIC, TELSVC_PARAM_DELIVERY_BASIC, 24 * H },
		      { TELSVC_DELIVERY_LEASED_LINE, TELSVC_PARAM_DELIVERY_LEASED_LINE, 72 * H } };
	for (size_t i = 0; i < 2; i++) {
		telsvc_intake in = intake(0, TELSVC_CONTENT_NETWORK);
		in.delivery = cases[i].kind;
		telsvc_request *req;
		assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_OK);
		assert_int_equal(telsvc_request_deadline_count(req), 2);
		deadline_of(req, 1, cases[i].param, -1, T0 + cases[i].limit, TELSVC_NEVER);
		to_in_progress(req);
		ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 20 * H, 0);
		ok(req, TELSVC_ACTION_REJECT, &customer, T0 + 21 * H, 0);
		ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 30 * H, 0);
		deadline_of(req, 1, cases[i].param, -1, T0 + cases[i].limit, T0 + 20 * H); /* the first delivery */
	}
	telsvc_intake in = intake(0, TELSVC_CONTENT_NETWORK);
	in.delivery = 3;
	telsvc_request *req;
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "§4.1"));
	in.version = 1; /* a caller built against the first layout: no delivery field is read */
	assert_int_equal(telsvc_request_create(&req, e->ctx, &in, &agent), TELSVC_OK);
	assert_int_equal(telsvc_request_deadline_count(req), 1);
}

/* Every field of the intake just past each of its bounds is refused, and
 * every accessor given NULL or an index past the end answers with its
 * neutral value (NULL, 0) or TELSVC_EINVAL. */
static void arguments_out_of_range(void **state)
{
	env *e = *state;
	telsvc_request *req;
	for (int c = 0; c < 10; c++) {
		telsvc_intake in = intake(0, TELSVC_CONTENT_VOICE);
		int want = TELSVC_EINVAL;
		switch (c) {
		case 0: in.version = 0, want = TELSVC_EVERSION; break;
		case 1: in.channel = TELSVC_CHANNEL_PHONE - 1; break;
		case 2: in.channel = TELSVC_CHANNEL_FAX + 1; break;
		case 3: in.content_type = TELSVC_CONTENT_PACKAGE_CHANGE + 1; break;
		case 4: in.priority = -1; break;
		case 5: in.priority = TELSVC_PRIORITY_NON_URGENT + 1; break;
		case 6: in.affected = -1; break;
		case 7: in.delivery = TELSVC_DELIVERY_NONE - 1; break;
		case 8: in.delivery = TELSVC_DELIVERY_LEASED_LINE + 1; break;
		default: in.version = 1, in.delivery = 99, want = TELSVC_OK; /* version 1 has no delivery */
		}
		if (telsvc_request_create(&req, e->ctx, &in, &agent) != want)
			fail_msg("case %d: %s", c, telsvc_error_last());
	}
	assert_int_equal(telsvc_request_create(&req, e->ctx, NULL, &agent), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_create(NULL, e->ctx, NULL, &agent), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_create(&req, NULL, NULL, &agent), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_count(e->ctx), 1);
	assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
	/* a class past either end */
	refused(req, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 1, TELSVC_PRIORITY_EMERGENCY - 1, TELSVC_EINVAL, NULL);
	refused(req, TELSVC_ACTION_RECLASSIFY, &agent, T0 + 1, TELSVC_PRIORITY_NON_URGENT + 1, TELSVC_EINVAL, NULL);

	int a, b;
	int64_t t, u;
	const char *s1, *s2;
	telsvc_param p;
	assert_int_equal(telsvc_request_find(NULL, e->ctx, "SR-20250930-000001"), TELSVC_OK); /* whether it exists */
	assert_int_equal(telsvc_request_find(&req, NULL, "SR-20250930-000001"), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_find(&req, e->ctx, NULL), TELSVC_EINVAL);
	assert_null(req); /* a failed find clears its out: find the request again for the checks below */
	assert_int_equal(telsvc_request_find(&req, e->ctx, "SR-20250930-000001"), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(NULL, TELSVC_ACTION_PREPROCESS, &preprocessor, 0, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_release(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_count(NULL), 0);
	assert_null(telsvc_request_number(NULL));
	assert_int_equal(telsvc_request_state_of(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_priority(NULL), TELSVC_EINVAL);
	assert_null(telsvc_request_class_reason(NULL));
	assert_int_equal(telsvc_request_deadline(NULL, req), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_deadline(&t, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_history_count(NULL), 0);
	assert_int_equal(telsvc_request_history_at(NULL, 0, &a, &t, &s1, &s2), TELSVC_EINVAL);
	assert_null(telsvc_request_history_note(NULL, 0));
	assert_int_equal(telsvc_request_revision(NULL), 0);
	assert_int_equal(telsvc_request_problem_count(NULL), 0);
	assert_int_equal(telsvc_request_problem_at(NULL, &b, req, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_problem_at(&a, NULL, req, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_problem_at(&a, &b, NULL, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_problem_at(&a, &b, req, 0), TELSVC_EINVAL); /* it has none */
	assert_int_equal(telsvc_request_deadline_count(NULL), 0);
	assert_int_equal(telsvc_request_deadline_at(NULL, &a, &t, &u, req, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_deadline_at(&p, NULL, &t, &u, req, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_deadline_at(&p, &a, NULL, &u, req, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_deadline_at(&p, &a, &t, NULL, req, 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_request_deadline_at(&p, &a, &t, &u, NULL, 0), TELSVC_EINVAL);
}

/* §1.3, §3.1: the satisfaction score runs from 0 to 100; a score below
 * that is refused and records nothing, so the request still cannot close. */
static void feedback_score_below_zero_refused(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	to_in_progress(req);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 20 * MIN, 0);
	ok(req, TELSVC_ACTION_ACCEPT, &customer, T0 + 21 * MIN, 0);
	refused(req, TELSVC_ACTION_FEEDBACK, &customer, T0 + 22 * MIN, -1, TELSVC_EINVAL,
		"satisfaction score -1 is outside 0..100");
	refused(req, TELSVC_ACTION_CLOSE, &agent, T0 + 23 * MIN, 0, TELSVC_ETRANSITION, "feedback comes first");
	ok(req, TELSVC_ACTION_FEEDBACK, &customer, T0 + 24 * MIN, 0); /* the lowest score is one */
	ok(req, TELSVC_ACTION_CLOSE, &agent, T0 + 25 * MIN, 0);
}

/* §3.3: every problem action refuses a negative problem index, and a
 * minor problem is neither arranged nor reviewed by the supervisor; the
 * problem stays where it was. */
static void problem_index_negative_and_minor_escalation_refused(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	to_in_progress(req);
	ok(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, T0 + 20 * MIN, TELSVC_PROBLEM_MINOR);
	for (int a = TELSVC_ACTION_PROBLEM_REPORT; a <= TELSVC_ACTION_PROBLEM_POSTMORTEM; a++)
		refused(req, a, &supervisor, T0 + 21 * MIN, -1, TELSVC_EINVAL, "has no execution problem -1");
	refused(req, TELSVC_ACTION_PROBLEM_ARRANGE, &supervisor, T0 + 21 * MIN, 0, TELSVC_ETRANSITION,
		"problem 0 is minor; §3.3");
	refused(req, TELSVC_ACTION_PROBLEM_POSTMORTEM, &supervisor, T0 + 21 * MIN, 0, TELSVC_ETRANSITION,
		"problem 0 is minor; §3.3");
	int grade, stage;
	assert_int_equal(telsvc_request_problem_at(&grade, &stage, req, 0), TELSVC_OK);
	assert_int_equal(stage, TELSVC_PROBLEM_DISCOVERED);
	assert_int_equal(telsvc_request_problem_count(req), 1);
}

/* §3.3, §4.2: a request being rectified is still served, so a problem
 * found then is recorded and its limits run; one awaiting acceptance is not. */
static void problem_found_during_rectification(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	to_in_progress(req);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 20 * MIN, 0);
	refused(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, T0 + 21 * MIN, TELSVC_PROBLEM_MAJOR, TELSVC_ETRANSITION,
		"while delivered: §3.3");
	ok(req, TELSVC_ACTION_REJECT, &customer, T0 + 22 * MIN, 0);
	ok(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, T0 + 25 * MIN, TELSVC_PROBLEM_MAJOR);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECTIFICATION);
	assert_int_equal(telsvc_request_problem_count(req), 1);
	deadline_of(req, 1, TELSVC_PARAM_EXECUTION_REPORT, 0, T0 + 35 * MIN, TELSVC_NEVER); /* 10 min */
}

/* TMF621 (docs/export.md): a request's resolutionDate is its first
 * delivery, absent before it. */
static void tmf621_resolution_is_the_delivery(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(&buf, e->ctx), TELSVC_OK);
	telsvc_export_options o = TELSVC_EXPORT_OPTIONS_INIT;
	o.flags = TELSVC_EXPORT_TMF621;
	to_in_progress(req);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_REQUEST, telsvc_request_number(req), &o), TELSVC_OK);
	assert_null(strstr(telsvc_buf_data(buf), "resolutionDate"));
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 60 * MIN, 0);
	ok(req, TELSVC_ACTION_REJECT, &customer, T0 + 70 * MIN, 0);
	ok(req, TELSVC_ACTION_DELIVER, &agent, T0 + 90 * MIN, 0);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_REQUEST, telsvc_request_number(req), &o), TELSVC_OK);
	assert_non_null(strstr(telsvc_buf_data(buf), "\"resolutionDate\":\"2025-09-30T18:00:00+08:00\""));
	telsvc_buf_free(buf);
}

/* A note longer than 64 KiB is refused, naming the note; one of exactly
 * 64 KiB is kept whole (telsvc_request_apply_note). */
static void note_over_64_kib_refused(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	static char note[65536 + 2];
	memset(note, 'x', 65536 + 1);
	assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0, note),
			 TELSVC_EINVAL);
	assert_string_equal(telsvc_error_last(), "request SR-20250930-000001: the note is longer than 64 KiB");
	assert_int_equal(telsvc_request_history_count(req), 1);
	assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECEIVED);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + 1);
	note[65536] = '\0';
	assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0, note),
			 TELSVC_OK);
	assert_int_equal(strlen(telsvc_request_history_note(req, 1)), 65536);
}

/* An actor needs an id and a role (telsvc_actor): without either, a
 * creation or a change is refused and nothing is stored. */
static void actor_without_id_or_role_refused(void **state)
{
	env *e = *state;
	const telsvc_actor no_id = { NULL, "agent" }, no_role = { "a.li", NULL }, *bad[] = { &no_id, &no_role };
	telsvc_intake in = intake(0, TELSVC_CONTENT_VOICE);
	telsvc_request *req = (telsvc_request *)0x1;
	for (size_t i = 0; i < 2; i++) {
		test_expect_error(telsvc_request_create(&req, e->ctx, &in, bad[i]), TELSVC_EINVAL,
				  "telsvc_request_create: the actor needs an id and a role");
		assert_null(req);
	}
	assert_int_equal(telsvc_request_count(e->ctx), 0);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
	req = create(e, 0);
	for (size_t i = 0; i < 2; i++)
		refused(req, TELSVC_ACTION_PREPROCESS, bad[i], T0 + 1, 0, TELSVC_EINVAL,
			"telsvc_request_apply: the actor needs an id and a role");
	assert_int_equal(telsvc_request_revision(req), 1);
}

/* An empty note is no note: where one is required ("" for the report's
 * content) it is refused like NULL; elsewhere nothing is stored, the
 * history gives "" and the export has no note. */
static void empty_note_is_no_note(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0, ""),
			 TELSVC_OK);
	assert_string_equal(telsvc_request_history_note(req, 1), "");
	test_expect_error(telsvc_request_apply_note(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 2, 0, ""),
			  TELSVC_EINVAL, "the report's content is required in the note");
	assert_int_equal(telsvc_request_history_count(req), 2);
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 2, 0);
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(&buf, e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_REQUEST, telsvc_request_number(req), NULL), TELSVC_OK);
	const char *event = strstr(telsvc_buf_data(buf), "{\"action\":\"preprocess\"");
	assert_non_null(event);
	assert_true(strstr(event, "\"note\"") > strchr(event, '}')); /* the first note is the report's */
	assert_non_null(strstr(event, "\"note\":\"needs analysis"));
	telsvc_buf_free(buf);
}

/* telsvc_request_history_at refuses each NULL out-pointer in turn, and
 * then writes none of the others. */
static void history_at_refuses_each_null_out(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	for (int k = 0; k < 4; k++) {
		int action = -7;
		int64_t at = -7;
		const char *who = "unset", *role = "unset";
		test_expect_error(telsvc_request_history_at(req, 0, k == 0 ? NULL : &action, k == 1 ? NULL : &at,
							    k == 2 ? NULL : &who, k == 3 ? NULL : &role),
				  TELSVC_EINVAL, "telsvc_request_history_at: an argument is NULL");
		assert_int_equal(action, -7);
		assert_int_equal(at, -7);
		assert_string_equal(who, "unset");
		assert_string_equal(role, "unset");
	}
}

/* A request without problems or delivery has one deadline, its handling
 * limit; the index after it is refused and nothing is written. */
static void deadline_at_past_the_last_refused(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	assert_int_equal(telsvc_request_deadline_count(req), 1);
	deadline_of(req, 0, TELSVC_PARAM_REQUEST_GENERAL, -1, T0 + 8 * H, TELSVC_NEVER);
	telsvc_param limit = 0;
	int problem = 7;
	int64_t due = 7, done = 7;
	test_expect_error(telsvc_request_deadline_at(&limit, &problem, &due, &done, req, 1), TELSVC_EINVAL,
			  "telsvc_request_deadline_at: no deadline 1");
	assert_int_equal(limit, 0);
	assert_int_equal(problem, 7);
	assert_int_equal(due, 7);
	assert_int_equal(done, 7);
}

/* §2.4: one person does not sign in a second role, however many other
 * changes came after their signature. */
static void second_signature_after_other_changes_refused(void **state)
{
	env *e = *state;
	telsvc_request *req = create(e, 0);
	ok(req, TELSVC_ACTION_PREPROCESS, &preprocessor, T0 + 1, 0);
	ok(req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, T0 + 2, 0);
	ok(req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, T0 + 3, 0);
	ok(req, TELSVC_ACTION_WAIT_CUSTOMER, &agent, T0 + 4, 0);
	ok(req, TELSVC_ACTION_RESUME, &agent, T0 + 5, 0);
	const telsvc_actor same_person = { "b.wang", "service_owner" };
	refused(req, TELSVC_ACTION_SIGN_REPORT, &same_person, T0 + 6, 0, TELSVC_ETRANSITION,
		"b.wang already signed the report as preprocessor; §2.4 needs distinct people");
	ok(req, TELSVC_ACTION_SIGN_REPORT, &owner, T0 + 7, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(full_lifecycle),     T(classification),        T(every_transition),
		T(guards_and_roles),   T(waiting_and_reclassification), T(intake_is_checked),
		T(reload_reproduces),  T(storage_failure_everywhere),   T(ambiguous_commit),
		T(host_transactions),  T(corrupt_store_refused),         T(execution_problems),
		T(delivery_limits),    T(permissions),                  T(release_and_find),
		T(release_after_ambiguous_commit), T(failed_change_then_another), T(clock_before_receipt_corrupt),
		T(event_without_action_corrupt), T(arguments_out_of_range),
		T(feedback_score_below_zero_refused), T(problem_index_negative_and_minor_escalation_refused),
		T(problem_found_during_rectification), T(tmf621_resolution_is_the_delivery),
		T(note_over_64_kib_refused), T(actor_without_id_or_role_refused), T(empty_note_is_no_note),
		T(history_at_refuses_each_null_out), T(deadline_at_past_the_last_refused),
		T(second_signature_after_other_changes_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
