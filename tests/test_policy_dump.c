/* A dumped policy reloads to an equal policy, and the shipped
 * policy/handbook.yaml is exactly the dump of the defaults. */
#include "helpers.h"

static char *dump(telsvc_ctx *ctx, const telsvc_policy *p)
{
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(&buf, ctx), TELSVC_OK);
	assert_int_equal(telsvc_policy_dump(buf, p), TELSVC_OK);
	char *copy = strdup(telsvc_buf_data(buf));
	assert_int_equal(strlen(copy), telsvc_buf_size(buf));
	telsvc_buf_free(buf);
	return copy;
}

static void assert_round_trip(telsvc_ctx *ctx, const telsvc_policy *p)
{
	char *first = dump(ctx, p);
	telsvc_policy *again;
	int rc = telsvc_policy_load(&again, ctx, first, strlen(first));
	if (rc)
		fail_msg("dump does not reload: %s\n%s", telsvc_error_last(), first);
	assert_int_equal(telsvc_policy_equal(p, again), 1);
	char *second = dump(ctx, again);
	assert_string_equal(first, second);
	free(first);
	free(second);
	telsvc_policy_free(again);
}

static void default_round_trips(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	assert_round_trip(ctx, p);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void every_kind_of_value_round_trips(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *doc = "name: \"Branch \\\"North\\\" 北区\\tline\\\\2\"\n"
			  "roles:\n"
			  "  clerk: {title: \"营业员: counter clerk\"}\n"
			  "  lead: {title: \"line\\Nnext\\Lsep\\Ppara\"}\n"
			  "requests:\n"
			  "  limits:\n"
			  "    emergency: {limit: 1h30min15s}\n"
			  "    important: {limit: 45s}\n"
			  "    general: {limit: none}\n"
			  "    non_urgent: {limit: 36h, clock: business}\n"
			  "  preprocessing: {signatures: []}\n"
			  "execution: {report_to: lead, grades: {minor: {limit: 3d, clock: working_days}}}\n"
			  "monitoring: {escalation_levels: [clerk, lead], warning_at: 0.0001%}\n"
			  "quality: {availability_target: 99.99%, fault_rate_max: 0%, evaluation_period: 6mo}\n"
			  "retention: {requests: 18mo, audit_log: 7y}\n";
	telsvc_policy *p;
	int rc = telsvc_policy_load(&p, ctx, doc, strlen(doc));
	if (rc)
		fail_msg("%s", telsvc_error_last());
	assert_round_trip(ctx, p);
	char *text = dump(ctx, p);
	assert_non_null(strstr(text, "emergency: {limit: 1h30min15s, clock: wall}"));
	assert_non_null(strstr(text, "general: {limit: none, clock: wall}"));
	assert_non_null(strstr(text, "signatures: []"));
	assert_non_null(strstr(text, "warning_at: 0.0001%"));
	assert_non_null(strstr(text, "requests: 18mo"));
	assert_non_null(strstr(text, "audit_log: 7y"));
	free(text);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void added_role_round_trips(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *doc = "roles: {}\n"
			  "requests: {preprocessing: {signatures: []}}\n"
			  "execution: {report_to: null}\n";
	telsvc_policy *p;
	/* a single role parameter cannot be empty */
	assert_int_equal(telsvc_policy_load(&p, ctx, doc, strlen(doc)), TELSVC_EPOLICY);
	doc = "roles:\n"
	      "  only: {}\n"
	      "requests: {preprocessing: {signatures: []}}\n"
	      "execution: {report_to: only}\n"
	      "monitoring: {escalation_levels: []}\n";
	assert_int_equal(telsvc_policy_load(&p, ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(telsvc_policy_role_count(p), 8 + 1);
	assert_round_trip(ctx, p);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void shipped_handbook_yaml_is_the_default_dump(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	size_t size;
	char *file = test_read_source_file("policy/handbook.yaml", &size);
	telsvc_policy *def, *loaded;
	assert_int_equal(telsvc_policy_default(&def, ctx), TELSVC_OK);
	assert_int_equal(telsvc_policy_load(&loaded, ctx, file, size), TELSVC_OK);
	assert_int_equal(telsvc_policy_equal(def, loaded), 1);
	char *text = dump(ctx, def);
	if (strcmp(text, file) != 0)
		fail_msg("policy/handbook.yaml differs from the dump of the defaults; regenerate it with "
			 "`telsvc policy show > policy/handbook.yaml`");
	free(text);
	free(file);
	telsvc_policy_free(loaded);
	telsvc_policy_free(def);
	telsvc_ctx_free(ctx);
}

/* policy/calendars/ are the default policy's calendars. */
static void shipped_calendars_are_the_defaults(void **state)
{
	(void)state;
	const char *files[] = { "policy/calendars/cn-2025-2026.yaml", "policy/calendars/24x7.yaml" };
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *def;
	assert_int_equal(telsvc_policy_default(&def, ctx), TELSVC_OK);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t size;
		char *file = test_read_source_file(files[i], &size);
		telsvc_policy *loaded;
		assert_int_equal(telsvc_policy_load(&loaded, ctx, file, size), TELSVC_OK);
		assert_int_equal(telsvc_policy_equal(def, loaded), 1);
		telsvc_policy_free(loaded);
		free(file);
	}
	/* and a change to one of them is seen */
	telsvc_policy *other;
	const char *doc = "calendars:\n  24x7:\n    time_zone: \"+00:00\"\n    years: 2020..2059\n    hours: {}\n";
	assert_int_equal(telsvc_policy_load(&other, ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(telsvc_policy_equal(def, other), 0);
	assert_round_trip(ctx, other);
	telsvc_policy_free(other);
	telsvc_policy_free(def);
	telsvc_ctx_free(ctx);
}

static void dump_into_buffer_of_another_context(void **state)
{
	(void)state;
	test_alloc a = { 0 }, b = { 0 };
	telsvc_ctx *ca = test_ctx_with_alloc(&a), *cb = test_ctx_with_alloc(&b);
	telsvc_policy *p;
	telsvc_buf *buf;
	assert_int_equal(telsvc_policy_default(&p, ca), TELSVC_OK);
	assert_int_equal(telsvc_buf_new(&buf, cb), TELSVC_OK);
	assert_int_equal(telsvc_policy_dump(buf, p), TELSVC_OK);
	assert_non_null(strstr(telsvc_buf_data(buf), "version: 1"));
	telsvc_policy_free(p);
	telsvc_ctx_free(ca);
	assert_int_equal(a.live, 0); /* nothing of ca's is held by buf */
	telsvc_buf_free(buf);
	telsvc_ctx_free(cb);
	assert_int_equal(b.live, 0);
	assert_int_equal(telsvc_policy_dump(buf, NULL), TELSVC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_round_trips),
		cmocka_unit_test(every_kind_of_value_round_trips),
		cmocka_unit_test(added_role_round_trips),
		cmocka_unit_test(shipped_handbook_yaml_is_the_default_dump),
		cmocka_unit_test(shipped_calendars_are_the_defaults),
		cmocka_unit_test(dump_into_buffer_of_another_context),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
