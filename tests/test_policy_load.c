/* Loading policy documents: overrides of a subset, and errors that name
 * the key path and the line and column. */
#include "helpers.h"

static telsvc_policy *load_ok(telsvc_ctx *ctx, const char *yaml)
{
	telsvc_policy *p = NULL;
	int rc = telsvc_policy_load(&p, ctx, yaml, strlen(yaml));
	if (rc != TELSVC_OK)
		fail_msg("load failed: %s (%s)", telsvc_status_name(rc), telsvc_error_last());
	return p;
}

static void empty_document_gives_defaults(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *def, *p;
	assert_int_equal(telsvc_policy_default(&def, ctx), TELSVC_OK);
	const char *docs[] = { "", "# only a comment\n", "---\n", "version: 1\n", "requests:\n" };
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		p = load_ok(ctx, docs[i]);
		assert_int_equal(telsvc_policy_equal(p, def), 1);
		telsvc_policy_free(p);
	}
	assert_int_equal(telsvc_policy_load(&p, ctx, NULL, 0), TELSVC_OK);
	assert_int_equal(telsvc_policy_equal(p, def), 1);
	telsvc_policy_free(p);
	telsvc_policy_free(def);
	telsvc_ctx_free(ctx);
}

static void override_changes_only_what_it_names(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *def, *p;
	assert_int_equal(telsvc_policy_default(&def, ctx), TELSVC_OK);
	p = load_ok(ctx, "name: branch-42\n"
			 "requests:\n"
			 "  limits:\n"
			 "    emergency: {limit: 1h30min}\n"
			 "    non_urgent: {limit: 16h, clock: business}\n"
			 "complaints:\n"
			 "  limits: {major: {closed_loop: {limit: 8d}}}\n"
			 "quality: {satisfaction_target: 92.5%}\n"
			 "retention: {requests: 2y}\n");
	assert_string_equal(telsvc_policy_name(p), "branch-42");
	telsvc_limit lim = TELSVC_LIMIT_INIT;
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_REQUEST_EMERGENCY), TELSVC_OK);
	assert_int_equal(lim.amount, 5400);
	assert_int_equal(lim.clock, TELSVC_CLOCK_WALL); /* clock kept from the default */
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_REQUEST_NON_URGENT), TELSVC_OK);
	assert_int_equal(lim.amount, 16 * 3600);
	assert_int_equal(lim.clock, TELSVC_CLOCK_BUSINESS);
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE), TELSVC_OK);
	assert_int_equal(lim.amount, 8);
	assert_int_equal(lim.clock, TELSVC_CLOCK_WORKING_DAYS);
	int64_t v;
	assert_int_equal(telsvc_policy_value(&v, p, TELSVC_PARAM_QUALITY_SATISFACTION), TELSVC_OK);
	assert_int_equal(v, 925000);
	assert_int_equal(telsvc_policy_value(&v, p, TELSVC_PARAM_RETENTION_REQUESTS), TELSVC_OK);
	assert_int_equal(v, 24);

	/* everything else is untouched */
	for (int id = 1; id <= telsvc_param_count(); id++) {
		telsvc_param param = (telsvc_param)id;
		if (param == TELSVC_PARAM_REQUEST_EMERGENCY || param == TELSVC_PARAM_REQUEST_NON_URGENT ||
		    param == TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE || param == TELSVC_PARAM_QUALITY_SATISFACTION ||
		    param == TELSVC_PARAM_RETENTION_REQUESTS || telsvc_param_type_of(param) >= TELSVC_PARAM_TYPE_ROLE)
			continue;
		int64_t a, b;
		assert_int_equal(telsvc_policy_value(&a, p, param), TELSVC_OK);
		assert_int_equal(telsvc_policy_value(&b, def, param), TELSVC_OK);
		assert_int_equal(a, b);
	}
	assert_int_equal(telsvc_policy_equal(p, def), 0);
	telsvc_policy_free(p);
	telsvc_policy_free(def);
	telsvc_ctx_free(ctx);
}

static void limit_none_and_back(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load_ok(ctx, "execution:\n"
					"  grades:\n"
					"    minor: {limit: 3h}\n"
					"    major: {limit: none}\n");
	telsvc_limit lim = TELSVC_LIMIT_INIT;
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_EXECUTION_MINOR), TELSVC_OK);
	assert_true(lim.is_set);
	assert_int_equal(lim.amount, 3 * 3600);
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_EXECUTION_MAJOR), TELSVC_OK);
	assert_false(lim.is_set);
	assert_int_equal(lim.amount, 0);
	telsvc_policy_free(p);

	/* switching to working days needs a new limit given beside it */
	p = load_ok(ctx, "delivery: {basic: {limit: 2d, clock: working_days}}\n");
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_DELIVERY_BASIC), TELSVC_OK);
	assert_int_equal(lim.clock, TELSVC_CLOCK_WORKING_DAYS);
	assert_int_equal(lim.amount, 2);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void roles_replace_and_are_referenced(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = load_ok(ctx, "roles:\n"
					"  clerk: {title: \"营业员 counter clerk\"}\n"
					"  lead: {}\n"
					"  director:\n"
					"requests: {preprocessing: {signatures: [clerk, lead]}}\n"
					"execution: {report_to: lead}\n"
					"monitoring: {escalation_levels: [clerk, lead, director]}\n");
	/* the eight default roles stay, the three named are added */
	assert_int_equal(telsvc_policy_role_count(p), 8 + 3);
	assert_string_equal(telsvc_policy_role_name(p, 0), "agent");
	assert_string_equal(telsvc_policy_role_name(p, 8), "clerk");
	assert_string_equal(telsvc_policy_role_title(p, 8), "营业员 counter clerk");
	assert_string_equal(telsvc_policy_role_title(p, 9), "");
	assert_null(telsvc_policy_role_name(p, 11));
	assert_int_equal(telsvc_policy_names_count(p, TELSVC_PARAM_REQUEST_SIGNATURES), 2);
	assert_string_equal(telsvc_policy_names(p, TELSVC_PARAM_EXECUTION_REPORT_TO, 0), "lead");
	telsvc_policy_free(p);
	/* a request records its report's signatures in 32 bits: a 33rd signing
	 * role would never be asked for, so the list is refused */
	char yaml[2048] = "roles: {";
	for (int i = 0; i < 33; i++)
		snprintf(yaml + strlen(yaml), sizeof(yaml) - strlen(yaml), "r%02d: {}, ", i);
	strcat(yaml, "}\nrequests: {preprocessing: {signatures: [");
	for (int i = 0; i < 33; i++)
		snprintf(yaml + strlen(yaml), sizeof(yaml) - strlen(yaml), "%sr%02d", i ? ", " : "", i);
	strcat(yaml, "]}}\n");
	test_expect_policy_error(ctx, yaml, TELSVC_EPOLICY, "requests.preprocessing.signatures",
				 "33 roles; at most 32 sign a report");
	strcpy(strstr(yaml, ", r32]"), "]}}\n"); /* 32 are accepted */
	p = load_ok(ctx, yaml);
	assert_int_equal(telsvc_policy_names_count(p, TELSVC_PARAM_REQUEST_SIGNATURES), 32);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void errors_name_path_line_and_column(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	/* unknown key, with the keys that are allowed there */
	test_expect_policy_error(ctx, "requests:\n  limits:\n    urgent: {limit: 2h}\n", TELSVC_EPOLICY,
				 "requests.limits.urgent", "unknown key", "emergency, important, general, non_urgent",
				 "line 3, column 5");
	test_expect_policy_error(ctx, "complaint: {}\n", TELSVC_EPOLICY, "complaint", "unknown key", "complaints",
				 "line 1, column 1");
	test_expect_policy_error(ctx, "requests: {limits: {general: {limit: 2h, hours: 3}}}\n", TELSVC_EPOLICY,
				 "requests.limits.general.hours", "expected one of: limit, clock");
	/* wrong type */
	test_expect_policy_error(ctx, "requests: {limits: {general: 8h}}\n", TELSVC_EPOLICY, "requests.limits.general",
				 "expected a mapping", "got a scalar", "line 1, column 30");
	test_expect_policy_error(ctx, "quality: [90%]\n", TELSVC_EPOLICY, "quality", "expected a mapping",
				 "got a sequence");
	test_expect_policy_error(ctx, "quality: {satisfaction_target: {a: 1}}\n", TELSVC_EPOLICY,
				 "quality.satisfaction_target", "expected a percentage");
	test_expect_policy_error(ctx, "quality: {satisfaction_target: 90}\n", TELSVC_EPOLICY,
				 "quality.satisfaction_target", "% sign is required");
	test_expect_policy_error(ctx, "requests: {preprocessing: {signatures: agent}}\n", TELSVC_EPOLICY,
				 "requests.preprocessing.signatures", "expected a sequence");
	test_expect_policy_error(ctx, "delivery: {basic: {clock: hourly}}\n", TELSVC_EPOLICY, "delivery.basic.clock",
				 "'hourly' is not a clock");
	/* out of range and negative */
	test_expect_policy_error(ctx, "version: 1\nrequests:\n  limits:\n    emergency: {limit: -2h}\n", TELSVC_EPOLICY,
				 "requests.limits.emergency.limit", "negative", "line 4, column 24");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 0h}}}\n", TELSVC_EPOLICY, "zero");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 1.5h}}}\n", TELSVC_EPOLICY,
				 "fraction");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 87601h}}}\n", TELSVC_EPOLICY,
				 "ten years");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 99999999999999999h}}}\n",
				 TELSVC_EPOLICY, "requests.limits.emergency.limit", "too large");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 30min2h}}}\n", TELSVC_EPOLICY,
				 "largest first");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 2}}}\n", TELSVC_EPOLICY, "unit");
	test_expect_policy_error(ctx, "quality: {availability_target: 100.1%}\n", TELSVC_EPOLICY, "more than 100%");
	test_expect_policy_error(ctx, "quality: {availability_target: 99.99999%}\n", TELSVC_EPOLICY,
				 "four decimal places");
	test_expect_policy_error(ctx, "quality: {fault_rate_max: -1%}\n", TELSVC_EPOLICY, "negative");
	test_expect_policy_error(ctx, "retention: {audit_log: 0y}\n", TELSVC_EPOLICY, "retention.audit_log", "zero");
	test_expect_policy_error(ctx, "retention: {audit_log: 3 years}\n", TELSVC_EPOLICY, "mo, y");
	test_expect_policy_error(ctx, "retention: {audit_log: 101y}\n", TELSVC_EPOLICY, "100 years");
	test_expect_policy_error(ctx, "network: {voice_response: 1d}\n", TELSVC_EPOLICY, "network.voice_response",
				 "working days");
	/* a limit's unit must fit its clock */
	test_expect_policy_error(ctx, "complaints:\n  limits:\n    major:\n      closed_loop: {limit: 10h}\n",
				 TELSVC_EPOLICY, "complaints.limits.major.closed_loop.limit", "clock is working_days",
				 "line 4, column 28");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 3d}}}\n", TELSVC_EPOLICY,
				 "counts working days but the clock is wall");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {clock: working_days}}}\n", TELSVC_EPOLICY,
				 "requests.limits.emergency.clock", "needs a new limit");
	test_expect_policy_error(ctx, "requests: {limits: {emergency: {limit: 1d2h, clock: working_days}}}\n",
				 TELSVC_EPOLICY, "mixes working days");
	/* missing references */
	test_expect_policy_error(ctx, "requests:\n  preprocessing:\n    signatures: [agent, boss]\n", TELSVC_EPOLICY,
				 "requests.preprocessing.signatures[1]", "role 'boss'", "line 3, column 25");
	test_expect_policy_error(ctx, "execution: {report_to: chief}\n", TELSVC_EPOLICY, "execution.report_to",
				 "role 'chief'");
	/* naming an existing role changes its title only */
	telsvc_policy *retitled;
	const char *doc = "roles: {agent: {title: 坐席}}\n";
	assert_int_equal(telsvc_policy_load(&retitled, ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(telsvc_policy_role_count(retitled), 8);
	assert_string_equal(telsvc_policy_role_title(retitled, 0), "坐席");
	telsvc_policy_free(retitled);
	test_expect_policy_error(ctx, "requests: {preprocessing: {signatures: [agent, agent]}}\n", TELSVC_EPOLICY,
				 "signatures[1]", "listed twice");
	test_expect_policy_error(ctx, "roles: {Agent: {}}\n", TELSVC_EPOLICY, "roles.Agent", "not a role name");
	test_expect_policy_error(ctx, "roles: {agent: {title: x, rank: 1}}\n", TELSVC_EPOLICY, "roles.agent.rank",
				 "unknown key");
	test_expect_policy_error(ctx, "roles: [agent]\n", TELSVC_EPOLICY, "roles", "expected a mapping");
	/* §6.1 keyword lists: texts, not role names; distinct, non-empty, one line */
	telsvc_policy *kw;
	const char *kwdoc = "complaints: {keywords: {network: [\"没信号\", \"No Signal\"]}}\n";
	assert_int_equal(telsvc_policy_load(&kw, ctx, kwdoc, strlen(kwdoc)), TELSVC_OK);
	assert_int_equal(telsvc_policy_names_count(kw, TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK), 2);
	assert_string_equal(telsvc_policy_names(kw, TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK, 1), "No Signal");
	telsvc_policy_free(kw);
	test_expect_policy_error(ctx, "complaints: {keywords: {billing: [扣费, 扣费]}}\n", TELSVC_EPOLICY,
				 "complaints.keywords.billing[1]", "listed twice");
	test_expect_policy_error(ctx, "complaints: {keywords: {billing: [\"\"]}}\n", TELSVC_EPOLICY,
				 "complaints.keywords.billing[0]", "not a keyword");
	test_expect_policy_error(ctx, "complaints: {keywords: {billing: 扣费}}\n", TELSVC_EPOLICY,
				 "complaints.keywords.billing", "expected a sequence of texts");
	/* numbering patterns */
	test_expect_policy_error(ctx, "requests: {number_pattern: \"SR-{yyyy}\"}\n", TELSVC_EPOLICY,
				 "requests.number_pattern", "needs a {seq}");
	test_expect_policy_error(ctx, "requests: {number_pattern: \"SR-{year}-{seq}\"}\n", TELSVC_EPOLICY,
				 "unknown placeholder");
	test_expect_policy_error(ctx, "requests: {number_pattern: \"SR {seq}\"}\n", TELSVC_EPOLICY, "only letters");
	test_expect_policy_error(ctx, "requests: {number_pattern: \"{seq:13}\"}\n", TELSVC_EPOLICY, "1..12");
	test_expect_policy_error(ctx, "requests: {number_pattern: \"{seq\"}\n", TELSVC_EPOLICY, "unclosed");
	test_expect_policy_error(ctx, "requests: {number_pattern: [a]}\n", TELSVC_EPOLICY, "expected a text");
	/* top level */
	test_expect_policy_error(ctx, "version: 2\n", TELSVC_EVERSION, "version", "'2'", "line 1, column 10");
	test_expect_policy_error(ctx, "version: one\n", TELSVC_EPOLICY, "version");
	test_expect_policy_error(ctx, "version: 99999999999\n", TELSVC_EPOLICY, "version");
	telsvc_policy *v01;
	assert_int_equal(telsvc_policy_load(&v01, ctx, "version: 01\n", 12), TELSVC_OK);
	telsvc_policy_free(v01);
	test_expect_policy_error(ctx, "name: \"\"\n", TELSVC_EPOLICY, "name", "1 to 128");
	test_expect_policy_error(ctx, "- a\n- b\n", TELSVC_EPOLICY, "expected a mapping at the top level");
	test_expect_policy_error(ctx, "just text\n", TELSVC_EPOLICY, "top level");
	/* syntax errors carry the position */
	test_expect_policy_error(ctx, "requests: {limits: [}\n", TELSVC_EPOLICY, "policy: line 1");
	test_expect_policy_error(ctx, "a: b\n c: d\n", TELSVC_EPOLICY, "policy: line 2");
	telsvc_ctx_free(ctx);
}

static void invalid_arguments(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_load(NULL, ctx, "", 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_load(&p, NULL, "", 0), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_load(&p, ctx, NULL, 3), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_default(NULL, ctx), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);

	telsvc_limit lim = TELSVC_LIMIT_INIT;
	int64_t v;
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_QUALITY_SATISFACTION), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "quality.satisfaction_target"));
	assert_int_equal(telsvc_policy_limit(&lim, p, (telsvc_param)999), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_limit(&lim, NULL, TELSVC_PARAM_REQUEST_GENERAL), TELSVC_EINVAL);
	lim.version = 99;
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_REQUEST_GENERAL), TELSVC_EVERSION);
	lim.version = 0;
	assert_int_equal(telsvc_policy_limit(&lim, p, TELSVC_PARAM_REQUEST_GENERAL), TELSVC_EVERSION);
	assert_int_equal(telsvc_policy_value(&v, p, TELSVC_PARAM_REQUEST_SIGNATURES), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_value(NULL, p, TELSVC_PARAM_REQUEST_GENERAL), TELSVC_EINVAL);
	assert_int_equal(telsvc_policy_names_count(p, TELSVC_PARAM_REQUEST_GENERAL), TELSVC_EINVAL);
	assert_null(telsvc_policy_names(p, TELSVC_PARAM_REQUEST_GENERAL, 0));
	assert_int_equal(telsvc_policy_equal(p, NULL), TELSVC_EINVAL);

	telsvc_param param;
	assert_int_equal(telsvc_param_lookup(&param, "requests.limits"), TELSVC_ENOTFOUND);
	assert_int_equal(telsvc_param_lookup(&param, "complaints.limits.major.closed_loop"), TELSVC_OK);
	assert_int_equal(param, TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE);
	assert_int_equal(telsvc_param_type_of((telsvc_param)0), TELSVC_EINVAL);
	assert_int_equal(telsvc_param_type_of(TELSVC_PARAM_RETENTION_AUDIT), TELSVC_PARAM_TYPE_PERIOD);
	assert_null(telsvc_policy_name(NULL));
	assert_int_equal(telsvc_policy_role_count(NULL), 0);
	telsvc_policy_free(NULL);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void failed_load_clears_out_and_sets_status(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p = (telsvc_policy *)0x1;
	assert_int_equal(telsvc_policy_load(&p, ctx, "x: 1\n", 5), TELSVC_EPOLICY);
	assert_null(p);
	assert_int_equal(telsvc_error_last_status(), TELSVC_EPOLICY);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_document_gives_defaults),
		cmocka_unit_test(override_changes_only_what_it_names),
		cmocka_unit_test(limit_none_and_back),
		cmocka_unit_test(roles_replace_and_are_referenced),
		cmocka_unit_test(errors_name_path_line_and_column),
		cmocka_unit_test(invalid_arguments),
		cmocka_unit_test(failed_load_clears_out_and_sets_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
