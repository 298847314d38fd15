/* Times on the command line and in event streams (tools/cli_time.c;
 * docs/events.md, "Every event"): the forms taken, what each means in
 * the default calendar's zone (Asia/Shanghai, +08:00), and the forms
 * refused. Each input is parsed from a heap copy of its exact size, so
 * that the address sanitizer sees a parser reading past its end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../tools/cli.h"

static telsvc_ctx *ctx;
static telsvc_policy *policy;
static const telsvc_calendar *cal;

static int setup(void **state)
{
	(void)state;
	if (telsvc_ctx_new(&ctx, NULL) != TELSVC_OK || telsvc_policy_default(&policy, ctx) != TELSVC_OK ||
	    telsvc_policy_calendar(&cal, policy, NULL) != TELSVC_OK)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	telsvc_policy_free(policy);
	telsvc_ctx_free(ctx);
	return 0;
}

static int parse(int64_t *out, const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = malloc(n);
	assert_non_null(copy);
	memcpy(copy, s, n);
	int rc = cli_parse_time(out, copy, cal);
	free(copy);
	return rc;
}

static void parses_to(const char *s, int64_t want)
{
	int64_t t = 0;
	if (parse(&t, s) != 0)
		fail_msg("'%s' refused", s);
	if (t != want)
		fail_msg("'%s' gives %lld, not %lld", s, (long long)t, (long long)want);
}

/* 2025-09-30 17:00 +08:00 is 1759222800 seconds after the epoch. */
#define T0 INT64_C(1759222800)

static void forms_taken(void **state)
{
	(void)state;
	parses_to("2025-09-30T17:00:00+08:00", T0);
	parses_to("2025-09-30T09:00:00Z", T0);
	parses_to("2025-09-30T09:00:00z", T0);
	parses_to("2025-09-30T04:30:00-04:30", T0);
	parses_to("2025-09-30T17:00+08:00", T0); /* seconds may be left out */
	parses_to("2025-09-30 17:00", T0);	  /* local: the calendar's zone */
	parses_to("2025-09-30T17:00:00", T0);
	parses_to("2025-09-30 17:00:59", T0 + 59);
	parses_to("2025-09-30", T0 - 17 * 3600);
	parses_to("2024-02-29 00:00Z", INT64_C(1709164800));
	parses_to("2000-02-29Z", INT64_C(951782400));
	parses_to("1970-01-01T00:00:00Z", 0);
}

static void forms_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"2025",
		"2025-09",
		"2025-09-3",
		"2025-13-01",
		"2025-00-10",
		"2025-02-29",	 /* not a leap year */
		"1900-02-29",	 /* nor a century not divisible by 400 */
		"2025-09-31",	 /* September has 30 days */
		"2025-09-30T",	 /* the parser stops at the end, not past it */
		"2025-09-30T1",
		"2025-09-30T17",
		"2025-09-30T17:",
		"2025-09-30T17:0",
		"2025-09-30T24:00",
		"2025-09-30T17:60",
		"2025-09-30T17:00:",
		"2025-09-30T17:00:6",
		"2025-09-30T17:00:60",
		"2025-09-30T17:00+",
		"2025-09-30T17:00+0",
		"2025-09-30T17:00+08",
		"2025-09-30T17:00+08:",
		"2025-09-30T17:00+08:0",
		"2025-09-30T17:00+0800",
		"2025-09-30T17:00+24:00",
		"2025-09-30T17:00+08:00 ",
		"2025-09-30T17:00Zx",
		"2025-09-30X17:00",
		"2025/09/30",
		"２025-09-30",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = 42;
		if (parse(&t, bad[i]) != -1)
			fail_msg("'%s' taken as %lld", bad[i], (long long)t);
	}
}

/* What cli_format_time() writes, cli_parse_time() reads back. */
static void format_reads_back(void **state)
{
	(void)state;
	char buf[CLI_TIME_SIZE];
	assert_string_equal(cli_format_time(buf, cal, T0), "2025-09-30T17:00:00+08:00");
	assert_string_equal(cli_format_time(buf, cal, TELSVC_NEVER), "never");
	for (int64_t t = -86400 * 400; t < INT64_C(4102444800); t += 86400 * 37 + 3607) {
		int64_t back = 0;
		cli_format_time(buf, cal, t);
		if (parse(&back, buf) != 0 || back != t)
			fail_msg("%lld written as '%s' reads back as %lld", (long long)t, buf, (long long)back);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forms_taken),
		cmocka_unit_test(forms_refused),
		cmocka_unit_test(format_reads_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
