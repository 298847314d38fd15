/* What fresh memory costs this machine: the time to touch every page of
 * N MiB of newly mapped memory once, as a process's heap does when it
 * first grows. The service-request benchmark's first phase pays this for
 * everything the memory store keeps (docs/performance.md).
 *
 * usage: bench_first_touch [mebibytes]   (default 1024) */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long mib = argc > 1 ? strtol(argv[1], NULL, 10) : 1024;
	if (mib < 1 || mib > 65536) {
		fprintf(stderr, "usage: bench_first_touch [mebibytes 1..65536]\n");
		return 2;
	}
	size_t size = (size_t)mib << 20, page = (size_t)sysconf(_SC_PAGESIZE);
	double t0 = now_seconds();
	volatile unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("bench_first_touch: mmap");
		return 1;
	}
	for (size_t at = 0; at < size; at += page)
		p[at] = 1;
	double t1 = now_seconds();
	/* touching it again costs no faults: the difference is the kernel's */
	for (size_t at = 0; at < size; at += page)
		p[at] = 2;
	double t2 = now_seconds();
	munmap((void *)p, size);
	printf("first touch of %ld MiB in %zu-byte pages: %.3f s (%.2f s per GiB, %.2f us per page); again: %.3f s\n",
	       mib, page, t1 - t0, (t1 - t0) * 1024.0 / (double)mib, (t1 - t0) * 1e6 / (double)(size / page),
	       t2 - t1);
	return 0;
}
