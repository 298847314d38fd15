/* Test seams: a counting allocator that can fail the Nth allocation, a
 * fixed clock, and file loading for the shipped policy. */
#ifndef TS_TEST_HELPERS_H
#define TS_TEST_HELPERS_H

#include <telsvc/telsvc.h>

#include <execinfo.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

typedef struct test_alloc {
	long calls;      /* allocations attempted (malloc and realloc) */
	long live;       /* blocks currently allocated */
	long fail_at;    /* fail the fail_at-th attempt (1-based); 0 = never */
	int persistent;  /* keep failing after fail_at */
	long failures;   /* how many attempts failed */
} test_alloc;

/* Header in front of each block so free can keep `live` exact. */
#define TEST_ALLOC_HDR 16

/* With TELSVC_OOM_SITES naming a file, each failed allocation appends its
 * call stack there: this program's path, then each return address as an
 * offset into it, for tools/oom_sites.py to resolve into source lines. */
static inline void test_alloc_note_site(void)
{
	static FILE *out;
	static char self[1024];
	extern char __executable_start[];
	const char *path = getenv("TELSVC_OOM_SITES");
	if (!path)
		return;
	if (!out) {
		if (!(out = fopen(path, "a")))
			return;
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = '\0';
	}
	void *frames[16];
	int depth = backtrace(frames, 16);
	fprintf(out, "%s", self);
	for (int i = 1; i < depth; i++)
		fprintf(out, " %#lx", (unsigned long)((char *)frames[i] - __executable_start - 1));
	fputc('\n', out);
	fflush(out);
}

static inline int test_alloc_should_fail(test_alloc *a)
{
	a->calls++;
	if (a->fail_at && (a->calls == a->fail_at || (a->persistent && a->calls > a->fail_at))) {
		a->failures++;
		test_alloc_note_site();
		return 1;
	}
	return 0;
}

static inline void *test_malloc_fn(size_t size, void *payload)
{
	test_alloc *a = payload;
	if (test_alloc_should_fail(a))
		return NULL;
	char *p = malloc(size + TEST_ALLOC_HDR);
	if (!p)
		return NULL;
	a->live++;
	return p + TEST_ALLOC_HDR;
}

static inline void *test_realloc_fn(void *ptr, size_t size, void *payload)
{
	test_alloc *a = payload;
	if (test_alloc_should_fail(a))
		return NULL;
	char *p = realloc((char *)ptr - TEST_ALLOC_HDR, size + TEST_ALLOC_HDR);
	/* cppcheck-suppress memleak ; the block is returned, past its header */
	return p ? p + TEST_ALLOC_HDR : NULL;
}

static inline void test_free_fn(void *ptr, void *payload)
{
	test_alloc *a = payload;
	a->live--;
	free((char *)ptr - TEST_ALLOC_HDR);
}

static inline telsvc_ctx *test_ctx_with_alloc(test_alloc *a)
{
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	opts.allocator.malloc_fn = test_malloc_fn;
	opts.allocator.realloc_fn = test_realloc_fn;
	opts.allocator.free_fn = test_free_fn;
	opts.allocator.payload = a;
	telsvc_ctx *ctx = NULL;
	assert_int_equal(telsvc_ctx_new(&ctx, &opts), TELSVC_OK);
	return ctx;
}

/* An instant of China Standard Time (+08:00, no daylight saving). */
static inline int64_t test_cst(int y, int mo, int d, int h, int mi)
{
	int64_t yy = y - (mo <= 2);
	int64_t era = yy / 400, yoe = yy - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	return days * 86400 + h * 3600 + mi * 60 - 8 * 3600;
}

static inline telsvc_ctx *test_ctx(void)
{
	telsvc_ctx *ctx = NULL;
	assert_int_equal(telsvc_ctx_new(&ctx, NULL), TELSVC_OK);
	return ctx;
}

/* Read a file of the source tree into a malloc'd, NUL-terminated buffer. */
static inline char *test_read_source_file(const char *relative, size_t *size)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", TELSVC_SOURCE_DIR, relative);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)len + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	data[len] = '\0';
	fclose(f);
	*size = (size_t)len;
	return data;
}

/* A call returned @rc: it must be @status, with a message holding @fragment. */
static inline void test_expect_error(int rc, int status, const char *fragment)
{
	if (rc != status)
		fail_msg("got %s, want %s (%s)", telsvc_status_name(rc), telsvc_status_name(status), telsvc_error_last());
	if (!strstr(telsvc_error_last(), fragment))
		fail_msg("'%s' lacks '%s'", telsvc_error_last(), fragment);
}

/* Load @yaml expecting failure with @status; the message must contain
 * every one of the fragments given after @status (a typed array, not a
 * NULL-ended variadic list, whose end C leaves undefined). */
#define test_expect_policy_error(ctx, yaml, status, ...) \
	test_expect_policy_error_in((ctx), (yaml), (status), (const char *const[]){ __VA_ARGS__, NULL })

static inline void test_expect_policy_error_in(telsvc_ctx *ctx, const char *yaml, int status,
					       const char *const *frags)
{
	telsvc_policy *p = (telsvc_policy *)0x1;
	int rc = telsvc_policy_load(&p, ctx, yaml, strlen(yaml));
	if (rc != status)
		fail_msg("expected %s, got %s (%s) for:\n%s", telsvc_status_name(status), telsvc_status_name(rc),
			 telsvc_error_last(), yaml);
	assert_null(p);
	for (; *frags; frags++)
		if (!strstr(telsvc_error_last(), *frags))
			fail_msg("message '%s' lacks '%s'", telsvc_error_last(), *frags);
}

/* The document parses as JSON (with the standard library's parser), and
 * no object repeats a member. */
static inline void test_assert_json(const char *doc)
{
	FILE *p = popen("python3 -c 'import json, sys\n"
			"def once(pairs):\n"
			"    keys = [k for k, _ in pairs]\n"
			"    assert len(keys) == len(set(keys)), keys\n"
			"    return dict(pairs)\n"
			"json.load(sys.stdin, object_pairs_hook=once)'",
			"w");
	assert_non_null(p);
	fputs(doc, p);
	int status = pclose(p);
	if (status != 0)
		fail_msg("not valid JSON:\n%s", doc);
}

#endif
