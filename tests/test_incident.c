/* Security incidents (§7.3): the flow and every transition allowed and
 * refused, grades and report deadlines, roles and separation of duties,
 * persistence and reload, storage failure at every callback, the audit. */
#include "store_env.h"

#define H 3600
#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

static const telsvc_actor agent = { "a.li", "agent" };
static const telsvc_actor officer = { "o.xu", "security_officer" };
static const telsvc_actor officer2 = { "o.ma", "security_officer" };
static const telsvc_actor manager = { "m.gao", "management" };

static telsvc_incident_detection detection(void)
{
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_THREAT_DETECTION;
	d.type = TELSVC_INCIDENT_INTRUSION;
	d.description = "IDS alert: repeated root logins on billing-db-2 from an unknown address";
	d.scope = "billing-db-2";
	d.occurred_at = T0 - H;
	d.detected_at = T0;
	return d;
}

static telsvc_incident *create(env *e)
{
	telsvc_incident_detection d = detection();
	telsvc_incident *inc;
	if (telsvc_incident_create(&inc, e->ctx, &d, &agent) != TELSVC_OK)
		fail_msg("create: %s", telsvc_error_last());
	return inc;
}

static const telsvc_actor *who_for(int action)
{
	switch (action) {
	case TELSVC_INCIDENT_CLOSE:
		return &manager;
	case TELSVC_INCIDENT_PROGRESS:
		return &agent;
	default:
		return &officer;
	}
}

static int64_t arg_for(int action, const telsvc_incident *inc)
{
	if (action == TELSVC_INCIDENT_CONFIRM)
		return TELSVC_GRADE_MAJOR;
	if (action == TELSVC_INCIDENT_REGRADE)
		return telsvc_incident_grade_of(inc) == TELSVC_GRADE_LARGER ? TELSVC_GRADE_MAJOR : TELSVC_GRADE_LARGER;
	return 0;
}

static int try(telsvc_incident *inc, int action, int64_t at)
{
	return telsvc_incident_apply(inc, action, who_for(action), at, arg_for(action, inc),
				     action == TELSVC_INCIDENT_CLOSE ? NULL : "as recorded by the response team");
}

static void ok(telsvc_incident *inc, int action, int64_t at)
{
	int rc = try(inc, action, at);
	if (rc != TELSVC_OK)
		fail_msg("action %d: %s (%s)", action, telsvc_status_name(rc), telsvc_error_last());
}

static void refused_as(telsvc_incident *inc, int action, const telsvc_actor *who, int64_t arg, const char *note,
		       int status, const char *fragment)
{
	size_t before = telsvc_incident_history_count(inc);
	int state = telsvc_incident_state_of(inc);
	int rc = telsvc_incident_apply(inc, action, who, 0, arg, note);
	if (rc != status)
		fail_msg("action %d: got %s, want %s (%s)", action, telsvc_status_name(rc), telsvc_status_name(status),
			 telsvc_error_last());
	if (fragment && !strstr(telsvc_error_last(), fragment))
		fail_msg("'%s' lacks '%s'", telsvc_error_last(), fragment);
	assert_int_equal(telsvc_incident_history_count(inc), before);
	assert_int_equal(telsvc_incident_state_of(inc), state);
}

static void report_deadline(const telsvc_incident *inc, telsvc_param want_limit, int64_t want_due, int64_t want_done)
{
	telsvc_param limit;
	int64_t due, done;
	assert_int_equal(telsvc_incident_report_deadline(&limit, &due, &done, inc), TELSVC_OK);
	assert_int_equal(limit, want_limit);
	assert_int_equal(due, want_due);
	assert_int_equal(done, want_done);
}

static void full_flow(void **state)
{
	env *e = *state;
	telsvc_incident *inc = create(e);
	assert_string_equal(telsvc_incident_number(inc), "SI-20250930-000001");
	assert_int_equal(telsvc_incident_state_of(inc), TELSVC_INCIDENT_DETECTED);
	assert_int_equal(telsvc_incident_grade_of(inc), 0);
	assert_int_equal(telsvc_incident_source_of(inc), TELSVC_SOURCE_THREAT_DETECTION);
	assert_int_equal(telsvc_incident_type_of(inc), TELSVC_INCIDENT_INTRUSION);
	assert_string_equal(telsvc_incident_scope(inc), "billing-db-2");
	report_deadline(inc, 0, TELSVC_NEVER, TELSVC_NEVER);
	/* only a security officer confirms, with the scope */
	refused_as(inc, TELSVC_INCIDENT_CONFIRM, &agent, TELSVC_GRADE_MAJOR, "x", TELSVC_EPERM,
		   "permissions.incidents.confirm");
	refused_as(inc, TELSVC_INCIDENT_CONFIRM, &officer, TELSVC_GRADE_MAJOR, NULL, TELSVC_EINVAL, "scope");
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, T0 + 600, TELSVC_GRADE_MAJOR,
					       "billing-db-2 and its replica; 1.2 M customer records exposed"),
			 TELSVC_OK);
	assert_int_equal(telsvc_incident_confirmed_at(inc), T0 + 600);
	assert_string_equal(telsvc_incident_scope(inc), "billing-db-2 and its replica; 1.2 M customer records exposed");
	/* a major incident is reported to management within 1 hour of confirmation */
	report_deadline(inc, TELSVC_PARAM_INCIDENT_REPORT_MAJOR, T0 + 600 + H, TELSVC_NEVER);
	/* containment may come first; the repair waits for the report */
	ok(inc, TELSVC_INCIDENT_ISOLATE, T0 + 900);
	assert_int_equal(telsvc_incident_state_of(inc), TELSVC_INCIDENT_ISOLATED);
	refused_as(inc, TELSVC_INCIDENT_REPAIR, &officer, 0, "patched", TELSVC_ETRANSITION, "before the repair");
	ok(inc, TELSVC_INCIDENT_REPORT, T0 + 1200);
	assert_int_equal(telsvc_incident_state_of(inc), TELSVC_INCIDENT_ISOLATED);
	report_deadline(inc, TELSVC_PARAM_INCIDENT_REPORT_MAJOR, T0 + 600 + H, T0 + 1200);
	refused_as(inc, TELSVC_INCIDENT_REPORT, &officer, 0, "again", TELSVC_ETRANSITION, "already");
	ok(inc, TELSVC_INCIDENT_REPAIR, T0 + 2 * H);
	ok(inc, TELSVC_INCIDENT_RECOVER, T0 + 3 * H);
	refused_as(inc, TELSVC_INCIDENT_ANALYSE, &officer, 0, NULL, TELSVC_EINVAL, "cause and the impact");
	ok(inc, TELSVC_INCIDENT_ANALYSE, T0 + 4 * H);
	ok(inc, TELSVC_INCIDENT_PROGRESS, T0 + 5 * H);
	ok(inc, TELSVC_INCIDENT_RECTIFY, T0 + 6 * H);
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_POSTMORTEM, &officer2, T0 + 7 * H, 0,
					       "cause: a leaked key; lessons: rotate keys quarterly"),
			 TELSVC_OK);
	/* the post-mortem's author does not close it */
	refused_as(inc, TELSVC_INCIDENT_CLOSE, &officer2, 0, NULL, TELSVC_EPERM, "separation of duties");
	refused_as(inc, TELSVC_INCIDENT_CLOSE, &agent, 0, NULL, TELSVC_EPERM, "permissions.incidents.close");
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_CLOSE, &manager, T0 + 8 * H, 0, NULL), TELSVC_OK);
	assert_int_equal(telsvc_incident_state_of(inc), TELSVC_INCIDENT_CLOSED);
	assert_int_equal(telsvc_incident_history_count(inc), 11);
	int action;
	int64_t at;
	const char *who, *role;
	assert_int_equal(telsvc_incident_history_at(inc, 9, &action, &at, &who, &role), TELSVC_OK);
	assert_int_equal(action, TELSVC_INCIDENT_POSTMORTEM);
	assert_string_equal(who, "o.ma");
	assert_string_equal(telsvc_incident_history_note(inc, 9), "cause: a leaked key; lessons: rotate keys quarterly");
	assert_string_equal(telsvc_incident_history_note(inc, 10), "");
	assert_null(telsvc_incident_history_note(inc, 11));
}

/* The report limit follows the grade; the fourth grade needs the policy. */
static void grades_and_report_limits(void **state)
{
	env *e = *state;
	telsvc_incident *inc = create(e);
	refused_as(inc, TELSVC_INCIDENT_CONFIRM, &officer, TELSVC_GRADE_PARTICULARLY_MAJOR, "all", TELSVC_EINVAL,
		   "incidents.report.particularly_major");
	refused_as(inc, TELSVC_INCIDENT_CONFIRM, &officer, 7, "all", TELSVC_EINVAL, "not a grade");
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, T0, TELSVC_GRADE_GENERAL, "one host"),
			 TELSVC_OK);
	report_deadline(inc, TELSVC_PARAM_INCIDENT_REPORT_GENERAL, T0 + 24 * H, TELSVC_NEVER);
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_REGRADE, &manager, T0 + 60, TELSVC_GRADE_LARGER,
					       "the host holds customer data"),
			 TELSVC_OK);
	report_deadline(inc, TELSVC_PARAM_INCIDENT_REPORT_LARGER, T0 + H, TELSVC_NEVER);
	refused_as(inc, TELSVC_INCIDENT_REGRADE, &manager, TELSVC_GRADE_LARGER, "x", TELSVC_ETRANSITION, "already");
	refused_as(inc, TELSVC_INCIDENT_REGRADE, &agent, TELSVC_GRADE_MAJOR, "x", TELSVC_EPERM,
		   "permissions.incidents.regrade");

	/* a policy that adopts the national standard's fourth grade */
	telsvc_policy *four;
	const char *doc = "incidents: {report: {particularly_major: {limit: 30min, clock: wall}}}\n";
	assert_int_equal(telsvc_policy_load(&four, e->store_ctx, doc, strlen(doc)), TELSVC_OK);
	telsvc_ctx *ctx = test_ctx();
	telsvc_ctx_set_policy(ctx, four);
	telsvc_ctx_set_storage(ctx, &e->st);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	telsvc_incident_detection d = detection();
	telsvc_incident *big;
	assert_int_equal(telsvc_incident_create(&big, ctx, &d, &officer), TELSVC_OK);
	assert_int_equal(telsvc_incident_apply(big, TELSVC_INCIDENT_CONFIRM, &officer, T0 + 60,
					       TELSVC_GRADE_PARTICULARLY_MAJOR, "the whole province"),
			 TELSVC_OK);
	report_deadline(big, TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR, T0 + 60 + 1800, TELSVC_NEVER);
	/* read back under the default policy, the stored grade stands */
	telsvc_incident *again;
	assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_incident_find(&again, e->ctx, telsvc_incident_number(big)), TELSVC_OK);
	assert_int_equal(telsvc_incident_grade_of(again), TELSVC_GRADE_PARTICULARLY_MAJOR);
	report_deadline(again, TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR, TELSVC_NEVER, TELSVC_NEVER);
	telsvc_ctx_free(ctx);
	telsvc_policy_free(four);
}

static void to_state(telsvc_incident *inc, int state, int64_t *t)
{
	static const int path[] = { 0,
				    0,
				    TELSVC_INCIDENT_CONFIRM,
				    TELSVC_INCIDENT_REPORT,
				    TELSVC_INCIDENT_ISOLATE,
				    TELSVC_INCIDENT_REPAIR,
				    TELSVC_INCIDENT_RECOVER,
				    TELSVC_INCIDENT_ANALYSE,
				    TELSVC_INCIDENT_RECTIFY,
				    TELSVC_INCIDENT_POSTMORTEM,
				    TELSVC_INCIDENT_CLOSE };
	if (state == TELSVC_INCIDENT_DISMISSED) {
		ok(inc, TELSVC_INCIDENT_DISMISS, ++*t);
		return;
	}
	for (int s = 2; s <= state; s++)
		ok(inc, path[s], ++*t);
	assert_int_equal(telsvc_incident_state_of(inc), state);
}

/* From every state, every action: allowed exactly where the lifecycle
 * says, refused otherwise with nothing changed. */
static void every_transition(void **state)
{
	env *e = *state;
	enum { DT = 1, CF, RP, IS, RE, RC, AN, RT, RV, CL, DM };
	/* next[state][action]: the state after it; -1 unchanged; 0 refused */
	static const int next[12][13] = {
		[DT] = { [1] = CF, [10] = DM, [12] = -1 },
		[CF] = { [2] = RP, [3] = IS, [11] = -1, [12] = -1 },
		[RP] = { [3] = IS, [11] = -1, [12] = -1 },
		[IS] = { [4] = RE, [11] = -1, [12] = -1 }, /* reached through the report, so repair is open */
		[RE] = { [5] = RC, [11] = -1, [12] = -1 },
		[RC] = { [6] = AN, [11] = -1, [12] = -1 },
		[AN] = { [7] = RT, [11] = -1, [12] = -1 },
		[RT] = { [8] = RV, [11] = -1, [12] = -1 },
		[RV] = { [9] = CL, [11] = -1, [12] = -1 },
		[CL] = { 0 },
		[DM] = { 0 },
	};
	int64_t t = T0;
	for (int s = DT; s <= DM; s++) {
		for (int a = 1; a <= TELSVC_INCIDENT_PROGRESS; a++) {
			telsvc_incident *inc = create(e);
			to_state(inc, s, &t);
			size_t events = telsvc_incident_history_count(inc);
			int rc = try(inc, a, ++t);
			int want = next[s][a];
			if (want == 0) {
				if (rc != TELSVC_ETRANSITION)
					fail_msg("state %d action %d: got %s (%s), want refusal", s, a,
						 telsvc_status_name(rc), telsvc_error_last());
				assert_int_equal(telsvc_incident_state_of(inc), s);
				assert_int_equal(telsvc_incident_history_count(inc), events);
				continue;
			}
			if (rc != TELSVC_OK)
				fail_msg("state %d action %d: %s", s, a, telsvc_error_last());
			assert_int_equal(telsvc_incident_state_of(inc), want < 0 ? s : want);
			assert_int_equal(telsvc_incident_history_count(inc), events + 1);
		}
	}
}

static void detection_is_checked(void **state)
{
	env *e = *state;
	telsvc_incident *inc = (telsvc_incident *)0x1;
	telsvc_incident_detection d = detection();
	d.source = 9;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "detection.source"));
	assert_null(inc);
	d = detection(), d.type = 0;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_EINVAL);
	d = detection(), d.description = "";
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "detection.description is required"));
	d = detection(), d.occurred_at = T0 + 1;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_EINVAL);
	d = detection(), d.version = 2;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_EVERSION);
	const telsvc_actor customer = { "c1", "customer" };
	d = detection();
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &customer), TELSVC_EPERM);
	assert_non_null(strstr(telsvc_error_last(), "permissions.incidents.create"));
	assert_int_equal(telsvc_incident_count(e->ctx), 0);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
}

static void describe(const telsvc_incident *inc, char *out, size_t cap)
{
	telsvc_param limit;
	int64_t due, done;
	telsvc_incident_report_deadline(&limit, &due, &done, inc);
	int n = snprintf(out, cap, "%s s%d g%d t%d src%d r%llu [%s|%s] c%lld D%d/%lld/%lld:", telsvc_incident_number(inc),
			 telsvc_incident_state_of(inc), telsvc_incident_grade_of(inc), telsvc_incident_type_of(inc),
			 telsvc_incident_source_of(inc), (unsigned long long)telsvc_incident_revision(inc),
			 telsvc_incident_description(inc), telsvc_incident_scope(inc),
			 (long long)telsvc_incident_confirmed_at(inc), limit, (long long)due, (long long)done);
	for (size_t i = 0; i < telsvc_incident_history_count(inc) && n > 0 && (size_t)n < cap; i++) {
		int action;
		int64_t at;
		const char *who, *role;
		telsvc_incident_history_at(inc, i, &action, &at, &who, &role);
		n += snprintf(out + n, cap - (size_t)n, " %d@%lld/%s/%s/%s", action, (long long)at, who, role,
			      telsvc_incident_history_note(inc, i));
	}
}

static void reload_and_storage_failures(void **state)
{
	env *e = *state;
	char before[4096], after[4096];
	static const int steps[] = { TELSVC_INCIDENT_CONFIRM, TELSVC_INCIDENT_ISOLATE,	 TELSVC_INCIDENT_REPORT,
				     TELSVC_INCIDENT_REGRADE, TELSVC_INCIDENT_REPAIR,	 TELSVC_INCIDENT_RECOVER,
				     TELSVC_INCIDENT_ANALYSE, TELSVC_INCIDENT_RECTIFY,	 TELSVC_INCIDENT_PROGRESS,
				     TELSVC_INCIDENT_POSTMORTEM, TELSVC_INCIDENT_CLOSE };
	for (long k = 1;; k++) {
		e->fs.method = FAULT_ANY, e->fs.fail_at = k, e->fs.persistent = 1, e->fs.calls = 0, e->fs.failures = 0;
		telsvc_incident_detection d = detection();
		telsvc_incident *inc = (telsvc_incident *)0x1;
		int rc = telsvc_incident_create(&inc, e->ctx, &d, &agent);
		if (e->fs.failures == 0) {
			assert_int_equal(rc, TELSVC_OK);
			break;
		}
		assert_int_equal(rc, TELSVC_ESTORAGE);
		assert_null(inc);
		assert_int_equal(telsvc_incident_count(e->ctx), 0);
		assert_int_equal(telsvc_memstore_audit_count(e->mem), 0);
	}
	e->fs.fail_at = 0;
	telsvc_incident *inc;
	assert_int_equal(telsvc_incident_find(&inc, e->ctx, "SI-20250930-000001"), TELSVC_OK);
	int64_t t = T0;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		describe(inc, before, sizeof(before));
		uint64_t audit = telsvc_memstore_audit_count(e->mem);
		t++;
		for (long k = 1;; k++) {
			e->fs.fail_at = k, e->fs.calls = 0, e->fs.failures = 0;
			int rc = try(inc, steps[i], t);
			if (e->fs.failures == 0) {
				if (rc != TELSVC_OK)
					fail_msg("step %zu: %s", i, telsvc_error_last());
				break;
			}
			assert_int_equal(rc, TELSVC_ESTORAGE);
			describe(inc, after, sizeof(after));
			assert_string_equal(after, before);
			assert_int_equal(telsvc_memstore_audit_count(e->mem), audit);
			e->fs.fail_at = 0;
			assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_OK);
			assert_int_equal(telsvc_incident_find(&inc, e->ctx, "SI-20250930-000001"), TELSVC_OK);
			describe(inc, after, sizeof(after));
			assert_string_equal(after, before);
		}
		e->fs.fail_at = 0;
	}
	assert_int_equal(telsvc_incident_state_of(inc), TELSVC_INCIDENT_CLOSED);
	/* a fresh context reproduces it; the log alone rebuilds it */
	describe(inc, before, sizeof(before));
	telsvc_ctx *ctx2 = reloaded_ctx(e);
	telsvc_incident *copy;
	assert_int_equal(telsvc_incident_find(&copy, ctx2, "SI-20250930-000001"), TELSVC_OK);
	describe(copy, after, sizeof(after));
	assert_string_equal(after, before);
	assert_int_equal(telsvc_incident_release(copy), TELSVC_OK);
	assert_int_equal(telsvc_incident_count(ctx2), 0);
	assert_int_equal(telsvc_incident_find(&copy, ctx2, "SI-20250930-000001"), TELSVC_OK);
	telsvc_replay_report r = { .version = TELSVC_REPLAY_REPORT_VERSION };
	assert_int_equal(telsvc_audit_replay(&r, ctx2), TELSVC_OK);
	assert_int_equal(r.objects, 1);
	assert_int_equal(r.matched, 1);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), 1 + telsvc_incident_history_count(inc));
	telsvc_ctx_free(ctx2);
}

/* Every field of the detection just past each of its bounds is refused,
 * and every accessor given NULL or an index past the end answers with its
 * neutral value (NULL, 0) or TELSVC_EINVAL. */
static void arguments_out_of_range(void **state)
{
	env *e = *state;
	telsvc_incident *inc;
	for (int k = 0; k < 6; k++) {
		telsvc_incident_detection d = detection();
		int want = TELSVC_EINVAL;
		switch (k) {
		case 0: d.version = 0, want = TELSVC_EVERSION; break;
		case 1: d.source = TELSVC_SOURCE_LOGS - 1; break;
		case 2: d.type = TELSVC_INCIDENT_OTHER + 1; break;
		case 3: d.description = NULL; break;
		case 4: d.occurred_at = 0, d.scope = NULL; want = TELSVC_OK; break; /* unknown time, no scope */
		default: d.detected_at = 0, want = TELSVC_OK; /* the context's clock */
		}
		if (telsvc_incident_create(&inc, e->ctx, &d, &officer) != want)
			fail_msg("case %d: %s", k, telsvc_error_last());
	}
	assert_string_equal(telsvc_incident_scope(inc), "billing-db-2");
	telsvc_incident_detection d = detection();
	telsvc_incident *none;
	assert_int_equal(telsvc_incident_create(NULL, e->ctx, &d, &officer), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_create(&none, NULL, &d, &officer), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_create(&none, e->ctx, NULL, &officer), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_count(e->ctx), 2);

	int a;
	int64_t t, u;
	const char *s1, *s2;
	telsvc_param p;
	assert_int_equal(telsvc_incident_find(NULL, e->ctx, telsvc_incident_number(inc)), TELSVC_OK); /* it exists */
	assert_int_equal(telsvc_incident_apply(NULL, TELSVC_INCIDENT_CONFIRM, &officer, 0, 1, NULL), TELSVC_EINVAL);
	for (int64_t grade = TELSVC_GRADE_GENERAL - 1; grade <= TELSVC_GRADE_PARTICULARLY_MAJOR + 1; grade += 5)
		assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, T0 + 60, grade, "x"),
				 TELSVC_EINVAL); /* a grade past either end */
	assert_int_equal(telsvc_incident_release(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_count(NULL), 0);
	assert_null(telsvc_incident_number(NULL));
	assert_int_equal(telsvc_incident_state_of(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_grade_of(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_type_of(NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_source_of(NULL), TELSVC_EINVAL);
	assert_null(telsvc_incident_description(NULL));
	assert_null(telsvc_incident_scope(NULL));
	assert_int_equal(telsvc_incident_detected_at(NULL), 0);
	assert_int_equal(telsvc_incident_confirmed_at(NULL), 0);
	assert_int_equal(telsvc_incident_report_deadline(NULL, &t, &u, inc), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_report_deadline(&p, NULL, &u, inc), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_report_deadline(&p, &t, NULL, inc), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_report_deadline(&p, &t, &u, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_incident_history_count(NULL), 0);
	assert_int_equal(telsvc_incident_history_at(NULL, 0, &a, &t, &s1, &s2), TELSVC_EINVAL);
	assert_null(telsvc_incident_history_note(NULL, 0));
	assert_int_equal(telsvc_incident_revision(NULL), 0);
}

/* §5.2, §7.3 figures by state: one only detected (ungraded, no response
 * yet), one dismissed (finished, ungraded), one analysed (its
 * rectification and post-mortem pending), one closed; both confirmed ones
 * reported within the major grade's hour. */
static void indicators_by_incident_state(void **state)
{
	env *e = *state;
	int64_t t = T0;
	telsvc_incident *closed = create(e), *analysed = create(e), *dismissed = create(e);
	create(e);
	to_state(closed, TELSVC_INCIDENT_CLOSED, &t); /* confirmed T0 + 1, closed T0 + 9 */
	t = T0 + 100;
	to_state(analysed, TELSVC_INCIDENT_ANALYSED, &t); /* confirmed T0 + 101 */
	t = T0 + 200;
	to_state(dismissed, TELSVC_INCIDENT_DISMISSED, &t); /* T0 + 201 */
	telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
	telsvc_slice sl = TELSVC_SLICE_INIT;
	sl.kind = TELSVC_KIND_INCIDENT, sl.now = T0 + 40 * H;
	assert_int_equal(telsvc_indicators_compute(&ind, e->ctx, &sl), TELSVC_OK);
	const struct {
		const char *name;
		int64_t got, want;
	} figures[] = {
		{ "cases", (int64_t)ind.cases, 4 },
		{ "finished", (int64_t)ind.finished, 2 },
		{ "responses", (int64_t)ind.respond_wall.count, 3 },
		{ "mean response", ind.respond_wall.mean, (1 + 101 + 201) / 3 },
		{ "p90 response", ind.respond_wall.p90, 201 },
		{ "resolutions", (int64_t)ind.handle_wall.count, 1 },
		{ "mean resolution", ind.handle_wall.mean, 9 },
		{ "reviews pending", (int64_t)ind.reviews_pending, 1 },
		{ "major", (int64_t)ind.by_class[TELSVC_GRADE_MAJOR], 2 },
		{ "general", (int64_t)ind.by_class[TELSVC_GRADE_GENERAL], 0 },
		{ "limits", (int64_t)ind.limit_count, 1 },
		{ "the limit", ind.limits[0].limit, TELSVC_PARAM_INCIDENT_REPORT_MAJOR },
		{ "on time", (int64_t)ind.limits[0].on_time, 2 },
		{ "breaches", (int64_t)ind.breaches, 0 },
	};
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
		if (figures[i].got != figures[i].want)
			fail_msg("%s: %lld, want %lld", figures[i].name, (long long)figures[i].got, (long long)figures[i].want);
	/* the reported, dismissed and unconfirmed ones leave nothing to monitor */
	assert_int_equal(telsvc_monitor_enable(e->ctx), TELSVC_OK);
	int64_t next;
	assert_int_equal(telsvc_monitor_next(&next, e->ctx), TELSVC_OK);
	assert_true(next == TELSVC_NEVER);
}

/* §7.3: a text of the detection longer than 64 KiB is refused, naming the
 * field, and nothing is recorded; exactly 64 KiB is accepted. */
static void detection_text_over_64_kib_refused(void **state)
{
	env *e = *state;
	static char text[65536 + 2];
	memset(text, 'x', 65536 + 1);
	telsvc_incident *inc = (telsvc_incident *)0x1;
	static const char *const messages[] = { "detection.description is longer than 64 KiB",
						"detection.scope is longer than 64 KiB",
						"detection.reporter is longer than 64 KiB" };
	for (int k = 0; k < 3; k++) {
		telsvc_incident_detection d = detection();
		*(k == 0 ? &d.description : k == 1 ? &d.scope : &d.reporter) = text;
		test_expect_error(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_EINVAL, messages[k]);
		assert_null(inc);
	}
	assert_int_equal(telsvc_incident_count(e->ctx), 0);
	assert_int_equal(telsvc_memstore_object_count(e->mem), 0);
	text[65536] = '\0';
	telsvc_incident_detection d = detection();
	d.description = text;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_OK);
	assert_int_equal(strlen(telsvc_incident_description(inc)), 65536);
}

/* Empty optional texts are none: a scope and a reporter of "" are not
 * stored (the scope reads "", the export has neither), an ungraded
 * incident exports no report deadline, and an empty note where one is
 * required is refused like NULL. */
static void empty_texts_and_ungraded_export(void **state)
{
	env *e = *state;
	telsvc_incident_detection d = detection();
	d.scope = "", d.reporter = "";
	telsvc_incident *inc;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_OK);
	assert_string_equal(telsvc_incident_scope(inc), "");
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(&buf, e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_INCIDENT, telsvc_incident_number(inc), NULL),
			 TELSVC_OK);
	const char *doc = telsvc_buf_data(buf);
	assert_null(strstr(doc, "scope"));
	assert_null(strstr(doc, "reporter"));
	assert_non_null(strstr(doc, "\"grade\":null"));
	assert_null(strstr(doc, "deadlines"));
	telsvc_buf_free(buf);
	refused_as(inc, TELSVC_INCIDENT_DISMISS, &officer, 0, "", TELSVC_EINVAL, "why it is no incident is required");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(full_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(grades_and_report_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(every_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(detection_is_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(reload_and_storage_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(arguments_out_of_range, setup, teardown),
		cmocka_unit_test_setup_teardown(indicators_by_incident_state, setup, teardown),
		cmocka_unit_test_setup_teardown(detection_text_over_64_kib_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_texts_and_ungraded_export, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
