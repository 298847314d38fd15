/* Status names and texts, and the per-thread last-failure message. */
#include "helpers.h"

#include "common.h"

#include <pthread.h>

static void every_status_has_a_name_and_text(void **state)
{
	(void)state;
	const char *seen[32] = { 0 };
	for (int s = 0; s >= TELSVC_ENOTFOUND; s--) {
		const char *name = telsvc_status_name((telsvc_status)s);
		const char *text = telsvc_strerror((telsvc_status)s);
		assert_string_not_equal(name, "TELSVC_UNKNOWN");
		assert_string_not_equal(text, "unknown status");
		assert_true(strncmp(name, "TELSVC_", 7) == 0);
		for (int j = 0; j < -s; j++)
			assert_string_not_equal(seen[j], name);
		seen[-s] = name;
	}
	assert_string_equal(telsvc_status_name(TELSVC_EPOLICY), "TELSVC_EPOLICY");
	assert_string_equal(telsvc_strerror(TELSVC_ENOMEM), "out of memory");
	assert_string_equal(telsvc_strerror(TELSVC_ERANGE), "out of calendar range");
	assert_string_equal(telsvc_status_name((telsvc_status)1), "TELSVC_UNKNOWN");
	assert_string_equal(telsvc_strerror((telsvc_status)-1000), "unknown status");
}

/* The values are ABI: they must never change. */
static void status_values_are_fixed(void **state)
{
	(void)state;
	assert_int_equal(TELSVC_OK, 0);
	assert_int_equal(TELSVC_ENOMEM, -1);
	assert_int_equal(TELSVC_EINVAL, -2);
	assert_int_equal(TELSVC_EPOLICY, -3);
	assert_int_equal(TELSVC_ETRANSITION, -4);
	assert_int_equal(TELSVC_EPERM, -5);
	assert_int_equal(TELSVC_ECONFLICT, -6);
	assert_int_equal(TELSVC_ECORRUPT, -7);
	assert_int_equal(TELSVC_ESTORAGE, -8);
	assert_int_equal(TELSVC_ERANGE, -9);
	assert_int_equal(TELSVC_EUSER, -10);
	assert_int_equal(TELSVC_EVERSION, -11);
	assert_int_equal(TELSVC_ENOTFOUND, -12);
}

static void set_clear_and_last(void **state)
{
	(void)state;
	telsvc_error_clear();
	assert_string_equal(telsvc_error_last(), "");
	assert_int_equal(telsvc_error_last_status(), TELSVC_OK);
	telsvc_error_set(TELSVC_EUSER, "host storage is read-only");
	assert_string_equal(telsvc_error_last(), "host storage is read-only");
	assert_int_equal(telsvc_error_last_status(), TELSVC_EUSER);
	telsvc_error_set(TELSVC_EUSER, NULL);
	assert_string_equal(telsvc_error_last(), "");
	char longmsg[4000];
	memset(longmsg, 'x', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	telsvc_error_set(TELSVC_EUSER, longmsg);
	assert_int_equal(strlen(telsvc_error_last()), 1023);
	/* cut to the buffer, but never inside a UTF-8 character */
	char wide[1 + 3 * 500 + 1] = "x"; /* 1 + 3k bytes never ends at 1023 on a boundary */
	for (int i = 0; i < 500; i++)
		strcat(wide, "投");
	telsvc_error_set(TELSVC_EUSER, wide);
	assert_int_equal((strlen(telsvc_error_last()) - 1) % 3, 0);
	assert_true(strlen(telsvc_error_last()) >= 1020);
	assert_memory_equal(telsvc_error_last(), wide, strlen(telsvc_error_last()));
	telsvc_error_clear();
	assert_string_equal(telsvc_error_last(), "");
}

/* A message may quote the one before it (a stored history the rules
 * refuse is reported with the refusal's words), and a host may pass the
 * message back: neither garbles it. */
static void message_quotes_the_last(void **state)
{
	(void)state;
	telsvc_error_set(TELSVC_ETRANSITION, "CLOSE needs the feedback first (§1.3)");
	ts_error(TELSVC_ECORRUPT, "request SR-1: stored history breaks the rules: %s", telsvc_error_last());
	assert_string_equal(telsvc_error_last(),
			    "request SR-1: stored history breaks the rules: CLOSE needs the feedback first (§1.3)");
	assert_int_equal(telsvc_error_last_status(), TELSVC_ECORRUPT);
	telsvc_error_set(TELSVC_EUSER, telsvc_error_last() + strlen("request SR-1: "));
	assert_string_equal(telsvc_error_last(),
			    "stored history breaks the rules: CLOSE needs the feedback first (§1.3)");
	telsvc_error_clear();
}

static void *fail_in_thread(void *arg)
{
	telsvc_ctx *ctx = arg;
	telsvc_policy *p;
	int rc = telsvc_policy_load(&p, ctx, "bogus: 1\n", 9);
	assert_int_equal(rc, TELSVC_EPOLICY);
	assert_non_null(strstr(telsvc_error_last(), "bogus"));
	return NULL;
}

static void messages_are_per_thread(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_error_set(TELSVC_EUSER, "main thread's failure");
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, fail_in_thread, ctx), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_string_equal(telsvc_error_last(), "main thread's failure");
	assert_int_equal(telsvc_error_last_status(), TELSVC_EUSER);
	telsvc_ctx_free(ctx);
}

static void version_matches_headers(void **state)
{
	(void)state;
	assert_int_equal(telsvc_version(), TELSVC_VERSION_NUMBER);
	assert_string_equal(telsvc_version_string(), TELSVC_VERSION_STRING);
	char expect[32];
	snprintf(expect, sizeof(expect), "%d.%d.%d", TELSVC_VERSION_MAJOR, TELSVC_VERSION_MINOR, TELSVC_VERSION_PATCH);
	assert_string_equal(expect, TELSVC_VERSION_STRING);
	assert_int_equal(TELSVC_VERSION_NUMBER / 1000000, TELSVC_VERSION_MAJOR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_status_has_a_name_and_text),
		cmocka_unit_test(status_values_are_fixed),
		cmocka_unit_test(set_clear_and_last),
		cmocka_unit_test(message_quotes_the_last),
		cmocka_unit_test(messages_are_per_thread),
		cmocka_unit_test(version_matches_headers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
