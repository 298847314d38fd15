/* Small helpers the benchmarks share. */
#ifndef TS_BENCH_UTIL_H
#define TS_BENCH_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Monotonic seconds, for timing phases. */
static inline double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* calloc that ends the benchmark when memory runs out. */
static inline void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fprintf(stderr, "benchmark: out of memory\n");
		exit(2);
	}
	return p;
}

#ifdef BENCH_NAME
/* A failed library call ends the run, naming the benchmark (BENCH_NAME),
 * the object it was working on (BENCH_ITEM and its index) and the call;
 * define both before including this header, after <telsvc/telsvc.h>. */
static inline void fail(int rc, const char *what, size_t item)
{
	fprintf(stderr, "%s: %s %zu: %s: %s (%s)\n", BENCH_NAME, BENCH_ITEM, item, what,
		telsvc_status_name((telsvc_status)rc), telsvc_error_last());
	exit(1);
}

#define CHECK(call, what, item)                 \
	do {                                    \
		int rc_ = (call);               \
		if (rc_ != TELSVC_OK)           \
			fail(rc_, (what), (item)); \
	} while (0)
#endif

/* ---- counting allocator: live bytes, with the size in a header ---- */

typedef struct counter {
	size_t live;       /* bytes the library asked for, live */
	size_t chunks;     /* the same allocations as glibc's malloc would size them */
	size_t allocs;     /* live allocations */
} counter;

#define HEADER 16 /* keeps the alignment of malloc; holds the size */

/* The chunk glibc's malloc uses for @size bytes on a 64-bit system:
 * 8 bytes of overhead, rounded up to 16, at least 32. */
static inline size_t glibc_chunk(size_t size)
{
	size_t c = (size + 8 + 15) & ~(size_t)15;
	return c < 32 ? 32 : c;
}

static inline void *count_malloc(size_t size, void *payload)
{
	counter *c = payload;
	size_t *h = malloc(size + HEADER);
	if (!h)
		return NULL;
	h[0] = size;
	c->live += size;
	c->chunks += glibc_chunk(size);
	c->allocs++;
	return (char *)h + HEADER;
}

static inline void *count_realloc(void *ptr, size_t size, void *payload)
{
	counter *c = payload;
	size_t *h = (size_t *)((char *)ptr - HEADER);
	size_t old = h[0];
	size_t *grown = realloc(h, size + HEADER);
	if (!grown)
		return NULL;
	grown[0] = size;
	c->live = c->live - old + size;
	c->chunks = c->chunks - glibc_chunk(old) + glibc_chunk(size);
	return (char *)grown + HEADER;
}

static inline void count_free(void *ptr, void *payload)
{
	counter *c = payload;
	size_t *h = (size_t *)((char *)ptr - HEADER);
	c->live -= h[0];
	c->chunks -= glibc_chunk(h[0]);
	c->allocs--;
	free(h);
}

#ifdef BENCH_NAME
/* A context allocating through @c when given (live bytes counted). */
static inline telsvc_ctx *new_ctx(counter *c)
{
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	if (c)
		opts.allocator = (telsvc_allocator){ count_malloc, count_realloc, count_free, c };
	telsvc_ctx *ctx;
	CHECK(telsvc_ctx_new(&ctx, &opts), "telsvc_ctx_new", 0);
	return ctx;
}
#endif

#endif
