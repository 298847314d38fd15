/* What every fuzz target shares: the libFuzzer entry point, a reader that
 * turns the input into numbers and texts, a fixed clock, and the check
 * that stops on a broken invariant (an abort, which libFuzzer and the
 * replay driver both report). */
#ifndef TS_FUZZ_H
#define TS_FUZZ_H

#include <telsvc/telsvc.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

static inline void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant broken: %s (last error: %s)\n", file, line, what, telsvc_error_last());
	abort();
}

#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

/* The input, consumed from the front; reads past its end give zeros. */
typedef struct fuzz_in {
	const uint8_t *p;
	size_t left;
} fuzz_in;

static inline uint64_t fuzz_bytes_le(fuzz_in *in, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n && in->left; i++, in->p++, in->left--)
		v |= (uint64_t)in->p[0] << (8 * i);
	return v;
}

static inline unsigned fuzz_u8(fuzz_in *in)
{
	return (unsigned)fuzz_bytes_le(in, 1);
}

static inline unsigned fuzz_u16(fuzz_in *in)
{
	return (unsigned)fuzz_bytes_le(in, 2);
}

/* A context whose clock stands at @now (kept by the caller). */
static inline int64_t fuzz_clock(void *payload)
{
	return *(const int64_t *)payload;
}

static inline telsvc_ctx *fuzz_ctx(int64_t *now)
{
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	opts.clock_fn = fuzz_clock;
	opts.clock_payload = now;
	telsvc_ctx *ctx = NULL;
	FUZZ_CHECK(telsvc_ctx_new(&ctx, &opts) == TELSVC_OK);
	return ctx;
}

/* Find object @number of @kind, as its kind's find does. */
static inline int fuzz_find(telsvc_ctx *ctx, int kind, const char *number)
{
	telsvc_request *r;
	telsvc_complaint *c;
	telsvc_incident *inc;
	switch (kind) {
	case TELSVC_KIND_REQUEST:
		return telsvc_request_find(&r, ctx, number);
	case TELSVC_KIND_COMPLAINT:
		return telsvc_complaint_find(&c, ctx, number);
	default:
		return telsvc_incident_find(&inc, ctx, number);
	}
}

static inline telsvc_buf *fuzz_export(telsvc_ctx *ctx, int kind, const char *number)
{
	telsvc_buf *buf = NULL;
	FUZZ_CHECK(telsvc_buf_new(&buf, ctx) == TELSVC_OK);
	FUZZ_CHECK(telsvc_export_json(buf, ctx, kind, number, NULL) == TELSVC_OK);
	return buf;
}

/* Object @number exports alike from contexts @a and @b. */
static inline void fuzz_same_export(telsvc_ctx *a, telsvc_ctx *b, int kind, const char *number)
{
	telsvc_buf *x = fuzz_export(a, kind, number), *y = fuzz_export(b, kind, number);
	if (telsvc_buf_size(x) != telsvc_buf_size(y) || memcmp(telsvc_buf_data(x), telsvc_buf_data(y), telsvc_buf_size(x)))
		fprintf(stderr, "exports differ:\n%s%s", telsvc_buf_data(x), telsvc_buf_data(y));
	FUZZ_CHECK(telsvc_buf_size(x) == telsvc_buf_size(y));
	FUZZ_CHECK(memcmp(telsvc_buf_data(x), telsvc_buf_data(y), telsvc_buf_size(x)) == 0);
	telsvc_buf_free(x);
	telsvc_buf_free(y);
}

#endif
