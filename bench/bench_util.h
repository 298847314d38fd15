/* Small helpers the benchmarks share. */
#ifndef TS_BENCH_UTIL_H
#define TS_BENCH_UTIL_H

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

#endif
