/* Context options and the allocator, clock and log hooks. */
#include "helpers.h"

static int64_t fixed_clock(void *payload)
{
	return *(const int64_t *)payload;
}

struct log_capture {
	int calls;
	int last_level;
	char last[512];
};

static void capture_log(int level, const char *message, void *payload)
{
	struct log_capture *c = payload;
	c->calls++;
	c->last_level = level;
	snprintf(c->last, sizeof(c->last), "%s", message);
}

static void options_are_checked(void **state)
{
	(void)state;
	telsvc_ctx *ctx = (telsvc_ctx *)0x1;
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;

	assert_int_equal(telsvc_ctx_new(NULL, &opts), TELSVC_EINVAL);
	opts.version = 0;
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_EVERSION);
	assert_null(ctx);
	opts.version = TELSVC_CTX_OPTIONS_VERSION + 1;
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_EVERSION);
	assert_non_null(strstr(telsvc_error_last(), "options version"));

	assert_int_equal(telsvc_ctx_options_init(&opts, TELSVC_CTX_OPTIONS_VERSION), TELSVC_OK);
	opts.allocator.malloc_fn = test_malloc_fn; /* only one hook */
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "allocator"));

	assert_int_equal(telsvc_ctx_options_init(&opts, TELSVC_CTX_OPTIONS_VERSION), TELSVC_OK);
	opts.log_level = 9;
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_EINVAL);

	assert_int_equal(telsvc_ctx_options_init(NULL, 1), TELSVC_EINVAL);
	assert_int_equal(telsvc_ctx_options_init(&opts, 2), TELSVC_EVERSION);
	assert_int_equal(telsvc_ctx_options_init(&opts, 0), TELSVC_EVERSION);

	assert_int_equal(telsvc_ctx_new(&ctx, NULL), TELSVC_OK);
	telsvc_ctx_free(ctx);
	telsvc_ctx_free(NULL);
}

static void every_allocation_uses_the_hooks(void **state)
{
	(void)state;
	test_alloc a = { 0 };
	telsvc_ctx *ctx = test_ctx_with_alloc(&a);
	assert_int_equal(a.live, 1); /* the context itself */
	telsvc_policy *p;
	telsvc_buf *buf;
	const char *doc = "roles: {agent: {}, supervisor: {}, management: {},"
			  " preprocessor: {}, service_owner: {}, quality_monitor: {}}\n";
	assert_int_equal(telsvc_policy_load(&p, ctx, doc, strlen(doc)), TELSVC_OK);
	assert_true(a.live > 1);
	assert_int_equal(telsvc_buf_new(&buf, ctx), TELSVC_OK);
	assert_int_equal(telsvc_policy_dump(buf, p), TELSVC_OK);
	telsvc_buf_free(buf);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
	assert_true(a.calls > 10);
}

static void clock_hook_gives_now(void **state)
{
	(void)state;
	int64_t when = 1759222800; /* 2025-09-30 17:00 +08:00 */
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	opts.clock_fn = fixed_clock;
	opts.clock_payload = &when;
	telsvc_ctx *ctx;
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_OK);
	int64_t now = 0;
	assert_int_equal(telsvc_ctx_now(&now, ctx), TELSVC_OK);
	assert_int_equal(now, when);
	when += 60;
	assert_int_equal(telsvc_ctx_now(&now, ctx), TELSVC_OK);
	assert_int_equal(now, when);
	assert_int_equal(telsvc_ctx_now(NULL, ctx), TELSVC_EINVAL);
	assert_int_equal(telsvc_ctx_now(&now, NULL), TELSVC_EINVAL);
	telsvc_ctx_free(ctx);

	/* the default is the system clock */
	assert_int_equal(telsvc_ctx_new(&ctx, NULL), TELSVC_OK);
	assert_int_equal(telsvc_ctx_now(&now, ctx), TELSVC_OK);
	assert_true(now > 1700000000);
	telsvc_ctx_free(ctx);
}

static void log_hook_respects_level(void **state)
{
	(void)state;
	struct log_capture cap = { 0 };
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	opts.log_fn = capture_log;
	opts.log_payload = &cap;
	telsvc_ctx *ctx;
	telsvc_policy *p;
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_OK);
	const char *doc = "name: branch\nquality: {satisfaction_target: 95%}\n";
	assert_int_equal(telsvc_policy_load(&p, ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(cap.calls, 1);
	assert_int_equal(cap.last_level, TELSVC_LOG_INFO);
	assert_non_null(strstr(cap.last, "policy 'branch' loaded"));
	assert_non_null(strstr(cap.last, "2 settings"));
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);

	cap.calls = 0;
	opts.log_level = TELSVC_LOG_WARN; /* INFO is below the threshold */
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_OK);
	assert_int_equal(telsvc_policy_load(&p, ctx, doc, strlen(doc)), TELSVC_OK);
	assert_int_equal(cap.calls, 0);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

static void buffers(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(NULL, ctx), TELSVC_EINVAL);
	assert_int_equal(telsvc_buf_new(&buf, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_buf_new(&buf, ctx), TELSVC_OK);
	assert_string_equal(telsvc_buf_data(buf), "");
	assert_int_equal(telsvc_buf_size(buf), 0);
	assert_int_equal(telsvc_buf_set(buf, "a\0b", 3), TELSVC_OK);
	assert_int_equal(telsvc_buf_size(buf), 3);
	assert_memory_equal(telsvc_buf_data(buf), "a\0b", 4); /* and the trailing NUL */
	assert_int_equal(telsvc_buf_set(buf, NULL, 1), TELSVC_EINVAL);
	assert_int_equal(telsvc_buf_size(buf), 3);
	assert_int_equal(telsvc_buf_set(buf, NULL, 0), TELSVC_OK);
	assert_int_equal(telsvc_buf_size(buf), 0);
	assert_null(telsvc_buf_data(NULL));
	assert_int_equal(telsvc_buf_size(NULL), 0);
	telsvc_buf_free(buf);
	telsvc_buf_free(NULL);
	telsvc_ctx_free(ctx);
}

/* A failed set keeps the old contents. */
static void buffer_set_failure_keeps_contents(void **state)
{
	(void)state;
	test_alloc a = { 0 };
	telsvc_ctx *ctx = test_ctx_with_alloc(&a);
	telsvc_buf *buf;
	assert_int_equal(telsvc_buf_new(&buf, ctx), TELSVC_OK);
	assert_int_equal(telsvc_buf_set(buf, "keep", 4), TELSVC_OK);
	a.fail_at = a.calls + 1;
	assert_int_equal(telsvc_buf_set(buf, "lost", 4), TELSVC_ENOMEM);
	assert_string_equal(telsvc_buf_data(buf), "keep");
	assert_string_equal(telsvc_error_last(), "out of memory");
	telsvc_buf_free(buf);
	telsvc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

/* A context with a policy but no storage holds nothing and has nowhere
 * to read from: find answers "not found" for every kind, naming the
 * number, and clears its out; creating a case is refused. */
static void without_storage(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_default(&p, ctx), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(ctx, p), TELSVC_OK);
	telsvc_request *r = (telsvc_request *)0x1;
	telsvc_complaint *c = (telsvc_complaint *)0x1;
	telsvc_incident *i = (telsvc_incident *)0x1;
	test_expect_error(telsvc_request_find(&r, ctx, "SR-20250930-000001"), TELSVC_ENOTFOUND,
			  "no request SR-20250930-000001");
	test_expect_error(telsvc_complaint_find(&c, ctx, "CP-20250930-000001"), TELSVC_ENOTFOUND,
			  "no complaint CP-20250930-000001");
	test_expect_error(telsvc_incident_find(&i, ctx, "SI-20250930-000001"), TELSVC_ENOTFOUND,
			  "no incident SI-20250930-000001");
	assert_null(r);
	assert_null(c);
	assert_null(i);
	assert_int_equal(telsvc_request_count(ctx), 0);

	/* nor can a case be created there: it has nowhere to go */
	static const telsvc_actor agent = { "a.li", "agent" }, officer = { "f.zhou", "security_officer" };
	telsvc_complaint_intake ci = TELSVC_COMPLAINT_INTAKE_INIT;
	ci.channel = TELSVC_CHANNEL_PHONE, ci.customer = "k", ci.contact = "c", ci.content = "the bill is wrong";
	test_expect_error(telsvc_complaint_create(&c, ctx, &ci, &agent), TELSVC_EINVAL, "the context has no storage");
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_LOGS, d.type = TELSVC_INCIDENT_INTRUSION, d.description = "root login";
	test_expect_error(telsvc_incident_create(&i, ctx, &d, &officer), TELSVC_EINVAL, "the context has no storage");
	assert_null(c);
	assert_null(i);
	assert_int_equal(telsvc_complaint_count(ctx) + telsvc_incident_count(ctx), 0);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_are_checked),
		cmocka_unit_test(every_allocation_uses_the_hooks),
		cmocka_unit_test(clock_hook_gives_now),
		cmocka_unit_test(log_hook_respects_level),
		cmocka_unit_test(buffers),
		cmocka_unit_test(buffer_set_failure_keeps_contents),
		cmocka_unit_test(without_storage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
