/* The indicators pass shared by telsvc_indicators_compute() and the
 * quality report (report.c). */
#ifndef TS_INDICATORS_INTERNAL_H
#define TS_INDICATORS_INTERNAL_H

#include "common.h"
#include "telsvc/indicators.h"

/* Measure every case in memory once into @all (the slice; NULL: every
 * case) and, when @kinds is not NULL, into kinds[k] for each kind k of
 * 1..TS_KIND_MAX as well. Versions are the caller's to check; @fn names
 * it in errors. Availability and the fault rate go to @all only. */
int ts_indicators_run(telsvc_ctx *ctx, const telsvc_slice *slice, telsvc_indicators *all, telsvc_indicators *kinds,
		      const char *fn);

#endif
