/* The built-in default policy is the handbook. The expected numbers here
 * are typed from RULES.md, clause by clause, not read from the code. */
#include "helpers.h"

#define H 3600
#define MIN 60
#define WALL TELSVC_CLOCK_WALL
#define DAYS TELSVC_CLOCK_WORKING_DAYS

struct expected_limit {
	telsvc_param param;
	const char *clause;
	int is_set;
	telsvc_clock clock;
	int64_t amount;
};

static const struct expected_limit handbook_limits[] = {
	/* §2.1.2 priority classes, wall-clock hours from receipt */
	{ TELSVC_PARAM_REQUEST_EMERGENCY, "§2.1.2", 1, WALL, 2 * H },
	{ TELSVC_PARAM_REQUEST_IMPORTANT, "§2.1.2", 1, WALL, 4 * H },
	{ TELSVC_PARAM_REQUEST_GENERAL, "§2.1.2", 1, WALL, 8 * H },
	/* DEFAULTS: non-urgent requests 5 working days */
	{ TELSVC_PARAM_REQUEST_NON_URGENT, "§2.1.2", 1, DAYS, 5 },
	/* §3.2 response within 20 minutes, fault handling within 4 hours */
	{ TELSVC_PARAM_SERVICE_RESPONSE, "§3.2", 1, WALL, 20 * MIN },
	{ TELSVC_PARAM_SERVICE_FAULT_HANDLING, "§3.2", 1, WALL, 4 * H },
	/* §3.3 execution problems */
	{ TELSVC_PARAM_EXECUTION_REPORT, "§3.3", 1, WALL, 10 * MIN },
	{ TELSVC_PARAM_EXECUTION_ARRANGE, "§3.3", 1, WALL, 2 * H },
	{ TELSVC_PARAM_EXECUTION_FEEDBACK, "§3.3", 1, WALL, 48 * H },
	{ TELSVC_PARAM_EXECUTION_POSTMORTEM, "§3.3", 1, DAYS, 3 },
	{ TELSVC_PARAM_EXECUTION_MAJOR, "§3.3", 1, WALL, 2 * H },
	{ TELSVC_PARAM_EXECUTION_GENERAL, "§3.3", 1, WALL, 24 * H },
	{ TELSVC_PARAM_EXECUTION_MINOR, "§3.3", 0, WALL, 0 },
	/* §4.1 delivery 24 h / 72 h, fault recovery <= 4 h */
	{ TELSVC_PARAM_DELIVERY_BASIC, "§4.1", 1, WALL, 24 * H },
	{ TELSVC_PARAM_DELIVERY_LEASED_LINE, "§4.1", 1, WALL, 72 * H },
	{ TELSVC_PARAM_SLA_FAULT_RECOVERY, "§4.1", 1, WALL, 4 * H },
	/* §6.2 verification 24 h; working days from receipt */
	{ TELSVC_PARAM_COMPLAINT_VERIFICATION, "§6.2", 1, WALL, 24 * H },
	{ TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, "§6.2", 1, DAYS, 1 },
	{ TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, "§6.2", 1, DAYS, 5 },
	{ TELSVC_PARAM_COMPLAINT_SERIOUS_FIRST, "§6.2", 1, DAYS, 2 },
	{ TELSVC_PARAM_COMPLAINT_SERIOUS_CLOSE, "§6.2", 1, DAYS, 7 },
	{ TELSVC_PARAM_COMPLAINT_MAJOR_FIRST, "§6.2", 1, DAYS, 3 },
	{ TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE, "§6.2", 1, DAYS, 10 },
	/* DEFAULTS: incident reporting, from confirmation */
	{ TELSVC_PARAM_INCIDENT_REPORT_GENERAL, "§7.3", 1, WALL, 24 * H },
	{ TELSVC_PARAM_INCIDENT_REPORT_LARGER, "§7.3", 1, WALL, 1 * H },
	{ TELSVC_PARAM_INCIDENT_REPORT_MAJOR, "§7.3", 1, WALL, 1 * H },
};

struct expected_value {
	telsvc_param param;
	const char *clause;
	int64_t value; /* seconds, parts per million or months */
};

static const struct expected_value handbook_values[] = {
	{ TELSVC_PARAM_NETWORK_VOICE_RESPONSE, "§1.2", 30 },      /* voice <= 30 s */
	{ TELSVC_PARAM_NETWORK_DATA_RESPONSE, "§1.2", 1 },        /* data <= 1 s */
	{ TELSVC_PARAM_QUALITY_SATISFACTION, "§5.2", 900000 },    /* >= 90 % */
	{ TELSVC_PARAM_QUALITY_AVAILABILITY, "§5.2", 999000 },    /* >= 99.9 % */
	{ TELSVC_PARAM_QUALITY_FAULT_RATE, "§5.2", 1000 },        /* < 0.1 % */
	{ TELSVC_PARAM_QUALITY_EVALUATION_PERIOD, "§5.2", 3 },    /* quarterly */
	{ TELSVC_PARAM_SLA_INTERRUPTION, "§4.1", 3600 },          /* <= 1 h */
	{ TELSVC_PARAM_SECURITY_ASSESSMENT, "§7.1", 3 },          /* every quarter */
	{ TELSVC_PARAM_MONITORING_WARNING, "§3.2", 800000 },      /* project default 80 % */
	{ TELSVC_PARAM_RETENTION_REQUESTS, "§2.1.3", 12 },        /* >= 12 months */
	{ TELSVC_PARAM_RETENTION_PREPROCESSING, "§2.4", 12 },     /* >= 12 months */
	{ TELSVC_PARAM_RETENTION_SERVICE, "§3.1", 36 },           /* >= 3 years */
	{ TELSVC_PARAM_RETENTION_EXECUTION, "§3.4", 36 },         /* >= 3 years */
	{ TELSVC_PARAM_RETENTION_ACCEPTANCE, "§4.4", 60 },        /* >= 5 years */
	{ TELSVC_PARAM_RETENTION_COMPLAINTS, "§6.4", 36 },        /* >= 3 years */
	{ TELSVC_PARAM_RETENTION_INCIDENTS, "§7.3", 36 },         /* DEFAULTS 3 years */
	{ TELSVC_PARAM_RETENTION_AUDIT, "§7.4", 36 },             /* DEFAULTS 3 years */
};

/* Parameters whose default is the project's choice (RULES.md DEFAULTS),
 * and the permissions the handbook does not fix. */
static const telsvc_param project_defaults[] = {
	TELSVC_PARAM_REQUEST_NON_URGENT,      TELSVC_PARAM_INCIDENT_REPORT_GENERAL, TELSVC_PARAM_INCIDENT_REPORT_LARGER,
	TELSVC_PARAM_INCIDENT_REPORT_MAJOR,   TELSVC_PARAM_MONITORING_WARNING,      TELSVC_PARAM_RETENTION_INCIDENTS,
	TELSVC_PARAM_RETENTION_AUDIT,         TELSVC_PARAM_PERMIT_CREATE,           TELSVC_PARAM_PERMIT_PREPROCESS,
	TELSVC_PARAM_PERMIT_START,            TELSVC_PARAM_PERMIT_PROGRESS,         TELSVC_PARAM_PERMIT_DELIVER,
	TELSVC_PARAM_PERMIT_REJECT,           TELSVC_PARAM_PERMIT_FEEDBACK,         TELSVC_PARAM_PERMIT_CLOSE,
	TELSVC_PARAM_PERMIT_WAIT_CUSTOMER,    TELSVC_PARAM_PERMIT_RESUME,           TELSVC_PARAM_PERMIT_CANCEL,
	TELSVC_PARAM_PERMIT_RECLASSIFY,       TELSVC_PARAM_PERMIT_PROBLEM_DISCOVER, TELSVC_PARAM_PERMIT_PROBLEM_HANDLED,
	TELSVC_PARAM_PERMIT_PROBLEM_FEEDBACK, TELSVC_PARAM_PERMIT_PROBLEM_POSTMORTEM, TELSVC_PARAM_REQUEST_NUMBER_PATTERN,
	TELSVC_PARAM_PERMIT_AUDIT_PURGE,      TELSVC_PARAM_COMPLAINT_NUMBER_PATTERN,
	TELSVC_PARAM_COMPLAINT_KEYWORDS_SERVICE, TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK,
	TELSVC_PARAM_COMPLAINT_KEYWORDS_BILLING, TELSVC_PARAM_COMPLAINT_KEYWORDS_TECHNICAL,
	TELSVC_PARAM_COMPLAINT_KEYWORDS_SERIOUS, TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR,
	TELSVC_PARAM_PERMIT_COMPLAINT_CREATE, TELSVC_PARAM_PERMIT_COMPLAINT_VERIFY,
	TELSVC_PARAM_PERMIT_COMPLAINT_CLASSIFY, TELSVC_PARAM_PERMIT_COMPLAINT_HANDLE,
	TELSVC_PARAM_PERMIT_COMPLAINT_PROGRESS, TELSVC_PARAM_PERMIT_COMPLAINT_FEEDBACK,
	TELSVC_PARAM_PERMIT_COMPLAINT_RETURN_VISIT, TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE,
	TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE_MAJOR, TELSVC_PARAM_PERMIT_COMPLAINT_REOPEN,
	TELSVC_PARAM_PERMIT_COMPLAINT_WAIT_CUSTOMER, TELSVC_PARAM_PERMIT_COMPLAINT_RESUME,
	TELSVC_PARAM_PERMIT_COMPLAINT_WITHDRAW, TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY,
	TELSVC_PARAM_INCIDENT_NUMBER_PATTERN, TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR,
	TELSVC_PARAM_PERMIT_INCIDENT_CREATE, TELSVC_PARAM_PERMIT_INCIDENT_CONFIRM, TELSVC_PARAM_PERMIT_INCIDENT_DISMISS,
	TELSVC_PARAM_PERMIT_INCIDENT_REPORT, TELSVC_PARAM_PERMIT_INCIDENT_RESPOND, TELSVC_PARAM_PERMIT_INCIDENT_ANALYSE,
	TELSVC_PARAM_PERMIT_INCIDENT_RECTIFY, TELSVC_PARAM_PERMIT_INCIDENT_POSTMORTEM, TELSVC_PARAM_PERMIT_INCIDENT_CLOSE,
	TELSVC_PARAM_PERMIT_INCIDENT_REGRADE, TELSVC_PARAM_PERMIT_INCIDENT_PROGRESS, TELSVC_PARAM_PERMIT_DISCLOSE,
	TELSVC_PARAM_MONITORING_ESCALATE_AFTER,
};

/* The permission parameters, from create to write_report. */
#define PERMISSIONS (TELSVC_PARAM_PERMIT_WRITE_REPORT - TELSVC_PARAM_PERMIT_CREATE + 1)
#define COMPLAINT_PERMISSIONS (TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY - TELSVC_PARAM_PERMIT_COMPLAINT_CREATE + 1)
#define INCIDENT_PERMISSIONS (TELSVC_PARAM_PERMIT_INCIDENT_PROGRESS - TELSVC_PARAM_PERMIT_INCIDENT_CREATE + 1)
#define KEYWORD_LISTS (TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR - TELSVC_PARAM_COMPLAINT_KEYWORDS_SERVICE + 1)

static void defaults_match_handbook_limits(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	for (size_t i = 0; i < sizeof(handbook_limits) / sizeof(handbook_limits[0]); i++) {
		const struct expected_limit *e = &handbook_limits[i];
		telsvc_limit lim = TELSVC_LIMIT_INIT;
		assert_int_equal(telsvc_policy_limit(&lim, p, e->param), TELSVC_OK);
		if (lim.is_set != e->is_set || lim.clock != e->clock || lim.amount != e->amount)
			fail_msg("%s: got set=%d clock=%d amount=%lld, handbook says set=%d clock=%d amount=%lld",
				 telsvc_param_key(e->param), lim.is_set, lim.clock, (long long)lim.amount, e->is_set,
				 e->clock, (long long)e->amount);
		assert_non_null(strstr(telsvc_param_clause(e->param), e->clause));
	}
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void defaults_match_handbook_values(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	for (size_t i = 0; i < sizeof(handbook_values) / sizeof(handbook_values[0]); i++) {
		const struct expected_value *e = &handbook_values[i];
		int64_t v = -1;
		assert_int_equal(telsvc_policy_value(&v, p, e->param), TELSVC_OK);
		if (v != e->value)
			fail_msg("%s: got %lld, handbook says %lld", telsvc_param_key(e->param), (long long)v,
				 (long long)e->value);
		assert_non_null(strstr(telsvc_param_clause(e->param), e->clause));
	}
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void assert_names(const telsvc_policy *p, telsvc_param param, const char *const *want, int n)
{
	assert_int_equal(telsvc_policy_names_count(p, param), n);
	for (int i = 0; i < n; i++)
		assert_string_equal(telsvc_policy_names(p, param, (size_t)i), want[i]);
	assert_null(telsvc_policy_names(p, param, (size_t)n));
}

static void defaults_match_handbook_roles(void **state)
{
	(void)state;
	/* §2.4: signed by the preprocessor, the service owner and the quality monitor */
	static const char *const signers[] = { "preprocessor", "service_owner", "quality_monitor" };
	/* §5.1: three-level response */
	static const char *const levels[] = { "agent", "supervisor", "management" };
	/* §3.3: staff report to a supervisor */
	static const char *const report_to[] = { "supervisor" };
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	assert_names(p, TELSVC_PARAM_REQUEST_SIGNATURES, signers, 3);
	assert_names(p, TELSVC_PARAM_MONITORING_ESCALATION, levels, 3);
	assert_names(p, TELSVC_PARAM_EXECUTION_REPORT_TO, report_to, 1);
	/* §4.2: the customer signs off; §3.3: staff report problems; §2.4: the preprocessor writes the report */
	static const char *const customer[] = { "customer" }, *const staff[] = { "agent" },
				 *const writer[] = { "preprocessor" };
	assert_names(p, TELSVC_PARAM_PERMIT_ACCEPT, customer, 1);
	assert_names(p, TELSVC_PARAM_PERMIT_PROBLEM_REPORT, staff, 1);
	assert_names(p, TELSVC_PARAM_PERMIT_WRITE_REPORT, writer, 1);
	/* purging personal data from the audit log (§7.2): the project's choice */
	static const char *const officer[] = { "security_officer" };
	assert_names(p, TELSVC_PARAM_PERMIT_AUDIT_PURGE, officer, 1);
	/* every permission names roles the policy defines */
	for (int id = TELSVC_PARAM_PERMIT_CREATE; id <= TELSVC_PARAM_PERMIT_WRITE_REPORT; id++) {
		assert_true(telsvc_policy_names_count(p, (telsvc_param)id) >= 1);
		assert_int_equal(telsvc_param_type_of((telsvc_param)id), TELSVC_PARAM_TYPE_ROLE_LIST);
		assert_non_null(strstr(telsvc_param_key((telsvc_param)id), "permissions.requests."));
	}
	/* §6.2: only a supervisor closes a major complaint (the project's reading) */
	static const char *const supervisor[] = { "supervisor" };
	assert_names(p, TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE_MAJOR, supervisor, 1);
	for (int id = TELSVC_PARAM_PERMIT_COMPLAINT_CREATE; id <= TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY; id++) {
		assert_true(telsvc_policy_names_count(p, (telsvc_param)id) >= 1);
		assert_int_equal(telsvc_param_type_of((telsvc_param)id), TELSVC_PARAM_TYPE_ROLE_LIST);
		assert_non_null(strstr(telsvc_param_key((telsvc_param)id), "permissions.complaints."));
	}
	/* §7.3: only a security officer confirms an incident (the project's reading) */
	static const char *const officers[] = { "security_officer" };
	assert_names(p, TELSVC_PARAM_PERMIT_INCIDENT_CONFIRM, officers, 1);
	for (int id = TELSVC_PARAM_PERMIT_INCIDENT_CREATE; id <= TELSVC_PARAM_PERMIT_INCIDENT_PROGRESS; id++) {
		assert_true(telsvc_policy_names_count(p, (telsvc_param)id) >= 1);
		assert_non_null(strstr(telsvc_param_key((telsvc_param)id), "permissions.incidents."));
	}
	/* the national standard's fourth grade is off unless the policy sets its limit */
	telsvc_limit fourth = TELSVC_LIMIT_INIT;
	assert_int_equal(telsvc_policy_limit(&fourth, p, TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR), TELSVC_OK);
	assert_false(fourth.is_set);
	assert_string_equal(telsvc_policy_text(p, TELSVC_PARAM_INCIDENT_NUMBER_PATTERN), "SI-{yyyy}{mm}{dd}-{seq:6}");
	/* §6.1: keywords in Chinese and English, read through the names getter */
	for (int id = TELSVC_PARAM_COMPLAINT_KEYWORDS_SERVICE; id <= TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR; id++) {
		assert_int_equal(telsvc_param_type_of((telsvc_param)id), TELSVC_PARAM_TYPE_TEXT_LIST);
		assert_true(telsvc_policy_names_count(p, (telsvc_param)id) >= 5);
	}
	assert_string_equal(telsvc_policy_names(p, TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK, 0), "断网");
	assert_string_equal(telsvc_policy_text(p, TELSVC_PARAM_COMPLAINT_NUMBER_PATTERN), "CP-{yyyy}{mm}{dd}-{seq:6}");
	assert_string_equal(telsvc_policy_name(p), "handbook");
	/* §2.1.1: every request gets a number; the pattern is the project's */
	assert_string_equal(telsvc_policy_text(p, TELSVC_PARAM_REQUEST_NUMBER_PATTERN), "SR-{yyyy}{mm}{dd}-{seq:6}");
	assert_null(telsvc_policy_text(p, TELSVC_PARAM_REQUEST_GENERAL));
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void defaults_mark_project_choices(void **state)
{
	(void)state;
	int marked = 0;
	for (int id = 1; id <= telsvc_param_count(); id++)
		marked += telsvc_param_is_project_default((telsvc_param)id);
	for (size_t i = 0; i < sizeof(project_defaults) / sizeof(project_defaults[0]); i++)
		assert_int_equal(telsvc_param_is_project_default(project_defaults[i]), 1);
	assert_int_equal(marked, (int)(sizeof(project_defaults) / sizeof(project_defaults[0])));
}

/* Every parameter is covered above, so a new one cannot go unchecked. */
static void defaults_cover_every_parameter(void **state)
{
	(void)state;
	int covered = (int)(sizeof(handbook_limits) / sizeof(handbook_limits[0]) +
			    sizeof(handbook_values) / sizeof(handbook_values[0])) + 3 /* the three role parameters */
		      + PERMISSIONS + 1 /* the numbering pattern */ + 1 /* and who may purge the audit log */
		      + COMPLAINT_PERMISSIONS + KEYWORD_LISTS + 1 /* the complaints' numbering pattern */
		      + INCIDENT_PERMISSIONS + 2 /* the incidents' pattern and their optional fourth grade */
		      + 1 /* who may see personal data in plain text */
		      + 1; /* when the third level is alerted */
	assert_int_equal(telsvc_param_count(), covered);
	for (int id = 1; id <= telsvc_param_count(); id++) {
		telsvc_param param = (telsvc_param)id, back;
		const char *key = telsvc_param_key(param);
		assert_non_null(key);
		assert_int_equal(telsvc_param_lookup(&back, key), TELSVC_OK);
		assert_int_equal(back, param);
		assert_ptr_equal(telsvc_param_key(param), key); /* looked up again: from the place kept */
		assert_true(strncmp(telsvc_param_clause(param), "§", strlen("§")) == 0);
		assert_true(strlen(telsvc_param_description(param)) > 5);
	}
	assert_null(telsvc_param_key((telsvc_param)0));
	assert_null(telsvc_param_key((telsvc_param)(telsvc_param_count() + 1)));
}

/* Dumping the defaults shows every number with its clause on its line. */
static void dump_shows_every_number_with_clause(void **state)
{
	(void)state;
	static const struct {
		const char *line_start;
		const char *clause;
	} lines[] = {
		{ "    emergency: {limit: 2h, clock: wall}", "§2.1.2" },
		{ "    important: {limit: 4h, clock: wall}", "§2.1.2" },
		{ "    general: {limit: 8h, clock: wall}", "§2.1.2" },
		{ "    non_urgent: {limit: 5d, clock: working_days}", "§2.1.2 (project default)" },
		{ "  report: {limit: 10min, clock: wall}", "§3.3" },
		{ "  feedback: {limit: 48h, clock: wall}", "§3.3" },
		{ "  postmortem: {limit: 3d, clock: working_days}", "§3.3" },
		{ "      first_handling: {limit: 1d, clock: working_days}", "§6.2" },
		{ "      closed_loop: {limit: 10d, clock: working_days}", "§6.2" },
		{ "  leased_line: {limit: 72h, clock: wall}", "§4.1" },
		{ "  satisfaction_target: 90%", "§1.2, §5.2" },
		{ "  availability_target: 99.9%", "§4.1, §5.2" },
		{ "  acceptance_records: 5y", "§4.4" },
		{ "  requests: 12mo", "§2.1.3" },
	};
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	telsvc_buf *buf;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	assert_int_equal(telsvc_buf_new(&buf, ctx), TELSVC_OK);
	assert_int_equal(telsvc_policy_dump(buf, p), TELSVC_OK);
	const char *text = telsvc_buf_data(buf);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *at = strstr(text, lines[i].line_start);
		if (!at)
			fail_msg("dump lacks '%s'", lines[i].line_start);
		const char *eol = strchr(at, '\n');
		const char *clause = strstr(at, lines[i].clause);
		if (!clause || clause > eol)
			fail_msg("line '%s' lacks clause %s", lines[i].line_start, lines[i].clause);
	}
	/* and every parameter appears with its clause */
	for (int id = 1; id <= telsvc_param_count(); id++) {
		const char *key = telsvc_param_key((telsvc_param)id);
		char leaf[80];
		snprintf(leaf, sizeof(leaf), " %s: ", strrchr(key, '.') + 1);
		int found = 0;
		for (const char *at = strstr(text, leaf); at && !found; at = strstr(at + 1, leaf)) {
			const char *eol = strchr(at, '\n');
			const char *clause = strstr(at, telsvc_param_clause((telsvc_param)id));
			found = clause && clause < eol;
		}
		if (!found)
			fail_msg("dump shows no line for %s with clause %s", key, telsvc_param_clause((telsvc_param)id));
	}
	telsvc_buf_free(buf);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_match_handbook_limits),
		cmocka_unit_test(defaults_match_handbook_values),
		cmocka_unit_test(defaults_match_handbook_roles),
		cmocka_unit_test(defaults_mark_project_choices),
		cmocka_unit_test(defaults_cover_every_parameter),
		cmocka_unit_test(dump_shows_every_number_with_clause),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
