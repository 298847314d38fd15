/* Hostile and malformed documents are refused with a specific error, and
 * in bounded work: each case here would take libyaml's document loader
 * minutes or unbounded memory. */
#include "helpers.h"

static char *repeat(const char *prefix, const char *unit, size_t times, const char *suffix)
{
	size_t pl = strlen(prefix), ul = strlen(unit), sl = strlen(suffix);
	char *s = malloc(pl + ul * times + sl + 1);
	assert_non_null(s);
	memcpy(s, prefix, pl);
	for (size_t i = 0; i < times; i++)
		memcpy(s + pl + i * ul, unit, ul);
	memcpy(s + pl + ul * times, suffix, sl + 1);
	return s;
}

static void expect_refused(telsvc_ctx *ctx, const char *doc, size_t len, const char *fragment)
{
	telsvc_policy *p = NULL;
	int rc = telsvc_policy_load(&p, ctx, doc, len);
	if (rc != TELSVC_EPOLICY)
		fail_msg("expected TELSVC_EPOLICY, got %s (%s)", telsvc_status_name(rc), telsvc_error_last());
	assert_null(p);
	if (!strstr(telsvc_error_last(), fragment))
		fail_msg("message '%s' lacks '%s'", telsvc_error_last(), fragment);
}

static void deep_nesting(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *units[] = { "[", "{a: ", "- " };
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		/* as many as fit in the size limit, up to a million */
		size_t times = ((size_t)1 << 20) / strlen(units[i]);
		char *doc = repeat("", units[i], times < 1000000 ? times : 1000000, "");
		expect_refused(ctx, doc, strlen(doc), "deeper than 64");
		free(doc);
	}
	/* 65 levels of block mappings */
	char *doc = malloc(65 * 200);
	size_t len = 0;
	for (int d = 0; d < 66; d++)
		len += (size_t)sprintf(doc + len, "%*sk%d:\n", 2 * d, "", d);
	expect_refused(ctx, doc, len, "deeper than 64");
	free(doc);
	/* exactly at the limit is a structural, not a depth, error */
	doc = repeat("", "[", 64, "");
	telsvc_policy *p;
	assert_int_equal(telsvc_policy_load(&p, ctx, doc, strlen(doc)), TELSVC_EPOLICY);
	assert_null(strstr(telsvc_error_last(), "deeper"));
	free(doc);
	telsvc_ctx_free(ctx);
}

static void aliases_and_anchors(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
			     "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
			     "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
			     "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
	expect_refused(ctx, laughs, strlen(laughs), "anchors (&) are not supported");
	expect_refused(ctx, "&a [*a]\n", 8, "anchors");
	expect_refused(ctx, "a: *x\n", 6, "line 1, column 4");
	expect_refused(ctx, "quality: &q {satisfaction_target: 90%}\n", 39, "anchors");
	telsvc_ctx_free(ctx);
}

static void tags_and_documents(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *tagged = "name: !!python/object:os.system ls\n";
	expect_refused(ctx, tagged, strlen(tagged), "tags (!) are not supported");
	const char *tagged_map = "quality: !custom {}\n";
	expect_refused(ctx, tagged_map, strlen(tagged_map), "tags");
	const char *two = "name: a\n---\nname: b\n";
	expect_refused(ctx, two, strlen(two), "more than one document");
	const char *complex_key = "? [a, b]\n: c\n";
	expect_refused(ctx, complex_key, strlen(complex_key), "mapping key must be a scalar");
	telsvc_ctx_free(ctx);
}

static void size_limits(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	/* over 1 MiB, refused before parsing */
	char *big = repeat("# ", "x", (1 << 20), "\n");
	expect_refused(ctx, big, strlen(big), "the limit is 1048576");
	free(big);
	/* a scalar longer than 64 KiB */
	char *longname = repeat("name: ", "n", 70000, "\n");
	expect_refused(ctx, longname, strlen(longname), "longer than 65536");
	free(longname);
	/* too many nodes inside the size limit */
	char *many = repeat("x: [", "1,", 150000, "1]\n");
	expect_refused(ctx, many, strlen(many), "too many nodes");
	free(many);
	telsvc_ctx_free(ctx);
}

static void duplicate_keys(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char *dup = "quality: {satisfaction_target: 95%}\nquality: {}\n";
	expect_refused(ctx, dup, strlen(dup), "duplicate key 'quality'");
	expect_refused(ctx, dup, strlen(dup), "line 2, column 1");
	expect_refused(ctx, dup, strlen(dup), "first at line 1, column 1");
	const char *quoted = "name: a\n\"name\": b\n";
	expect_refused(ctx, quoted, strlen(quoted), "duplicate key 'name'");
	/* many distinct keys then one repeat: found without quadratic work */
	size_t n = 40000;
	char *doc = malloc(n * 12 + 32);
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(doc + len, "k%zu: 1\n", i);
	len += (size_t)sprintf(doc + len, "k17: 2\n");
	expect_refused(ctx, doc, len, "duplicate key 'k17'");
	free(doc);
	telsvc_ctx_free(ctx);
}

static void bad_bytes(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	const char bad_utf8[] = "name: \xff\xfe\n";
	telsvc_policy *p = NULL;
	assert_int_equal(telsvc_policy_load(&p, ctx, bad_utf8, sizeof(bad_utf8) - 1), TELSVC_EPOLICY);
	assert_non_null(strstr(telsvc_error_last(), "policy:"));
	const char nul[] = "name: a\0b\n";
	assert_int_equal(telsvc_policy_load(&p, ctx, nul, sizeof(nul) - 1), TELSVC_EPOLICY);
	const char quoted_nul[] = "name: \"a\\0b\"\n";
	expect_refused(ctx, quoted_nul, sizeof(quoted_nul) - 1, "NUL");
	assert_null(p);
	telsvc_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deep_nesting),   cmocka_unit_test(aliases_and_anchors), cmocka_unit_test(tags_and_documents),
		cmocka_unit_test(size_limits),    cmocka_unit_test(duplicate_keys),      cmocka_unit_test(bad_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
