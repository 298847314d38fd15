/* Out of memory at every allocation site of the operations so far: each
 * call returns OK or TELSVC_ENOMEM, never crashes, leaks nothing, leaves
 * the output untouched on failure, and succeeds once injection stops. */
#include "helpers.h"

typedef int (*operation)(telsvc_ctx *ctx, const char *doc, size_t size);

static int op_default(telsvc_ctx *ctx, const char *doc, size_t size)
{
	(void)doc, (void)size;
	telsvc_policy *p = (telsvc_policy *)0x1;
	int rc = telsvc_policy_default(&p, ctx);
	if (rc)
		assert_null(p);
	telsvc_policy_free(p);
	return rc;
}

static int op_load(telsvc_ctx *ctx, const char *doc, size_t size)
{
	telsvc_policy *p = (telsvc_policy *)0x1;
	int rc = telsvc_policy_load(&p, ctx, doc, size);
	if (rc)
		assert_null(p);
	telsvc_policy_free(p);
	return rc;
}

/* Dump into a buffer holding "previous": on failure it must still hold it. */
static int op_dump(telsvc_ctx *ctx, const char *doc, size_t size)
{
	telsvc_policy *p;
	telsvc_buf *buf;
	int rc = telsvc_policy_load(&p, ctx, doc, size);
	if (rc)
		return rc;
	if ((rc = telsvc_buf_new(&buf, ctx)) == TELSVC_OK) {
		if ((rc = telsvc_buf_set(buf, "previous", 8)) == TELSVC_OK) {
			rc = telsvc_policy_dump(buf, p);
			if (rc)
				assert_string_equal(telsvc_buf_data(buf), "previous");
			else
				assert_non_null(strstr(telsvc_buf_data(buf), "version: 1"));
		}
		telsvc_buf_free(buf);
	}
	telsvc_policy_free(p);
	return rc;
}

/* An SLA clock growing its pause list: on failure nothing is recorded. */
static int op_sla(telsvc_ctx *ctx, const char *doc, size_t size)
{
	(void)doc, (void)size;
	telsvc_sla *sla = (telsvc_sla *)0x1;
	int64_t t = 1759222800;
	int rc = telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_GENERAL, t);
	if (rc) {
		assert_null(sla);
		return rc;
	}
	for (int i = 0; i < 10 && rc == TELSVC_OK; i++) {
		size_t before = telsvc_sla_pause_count(sla);
		rc = telsvc_sla_pause(sla, t + 100 * i);
		if (rc) {
			assert_int_equal(telsvc_sla_pause_count(sla), before);
			assert_int_equal(telsvc_sla_state_of(sla), TELSVC_SLA_RUNNING);
		} else {
			assert_int_equal(telsvc_sla_resume(sla, t + 100 * i + 50), TELSVC_OK);
		}
	}
	telsvc_sla_free(sla);
	return rc;
}

/* Run @op failing allocation 1, 2, ... until a run sees no failure.
 * Returns the number of allocation sites exercised. */
static long exhaust(operation op, const char *doc, size_t size, int persistent)
{
	for (long n = 1;; n++) {
		test_alloc a = { .fail_at = n, .persistent = persistent };
		telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
		opts.allocator = (telsvc_allocator){ test_malloc_fn, test_realloc_fn, test_free_fn, &a };
		telsvc_ctx *ctx;
		/* the context is allocation 1: exhaust it first */
		int rc = telsvc_ctx_new(&ctx, &opts);
		if (rc) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			assert_int_equal(a.live, 0);
			continue;
		}
		rc = op(ctx, doc, size);
		if (rc != TELSVC_OK && rc != TELSVC_ENOMEM)
			fail_msg("allocation %ld failed: got %s (%s)", n, telsvc_status_name(rc), telsvc_error_last());
		long failures = a.failures;
		if (rc == TELSVC_ENOMEM) {
			assert_string_equal(telsvc_error_last(), "out of memory");
			/* the same call on the same context succeeds once injection stops */
			a.fail_at = 0;
			assert_int_equal(op(ctx, doc, size), TELSVC_OK);
		}
		telsvc_ctx_free(ctx);
		if (a.live != 0)
			fail_msg("allocation %ld: %ld blocks leaked", n, a.live);
		if (failures == 0) {
			assert_int_equal(rc, TELSVC_OK);
			return n - 1;
		}
	}
}

static void oom_everywhere(void **state)
{
	(void)state;
	size_t size;
	char *handbook = test_read_source_file("policy/handbook.yaml", &size);
	const char *custom = "name: x\nroles: {a: {title: t}, b: {}}\n"
			     "requests: {preprocessing: {signatures: [a, b]}}\n"
			     "execution: {report_to: a}\nmonitoring: {escalation_levels: [b, a]}\n";
	const struct {
		const char *name;
		operation op;
		const char *doc;
		size_t size;
	} cases[] = {
		{ "default", op_default, "", 0 },
		{ "load handbook.yaml", op_load, handbook, size },
		{ "load custom roles", op_load, custom, strlen(custom) },
		{ "dump", op_dump, custom, strlen(custom) },
		{ "sla pauses", op_sla, "", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int persistent = 0; persistent < 2; persistent++) {
			long sites = exhaust(cases[i].op, cases[i].doc, cases[i].size, persistent);
			print_message("%s (%s): %ld allocations failed one by one, all clean\n", cases[i].name,
				      persistent ? "fail from then on" : "fail once", sites);
			assert_true(sites >= 1);
		}
	}
	free(handbook);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oom_everywhere),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
