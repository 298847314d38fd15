/* The quality report's allocation (report.c), read by its writers
 * (report_write.c). */
#ifndef TS_REPORT_INTERNAL_H
#define TS_REPORT_INTERNAL_H

#include "common.h"
#include "object.h"
#include "telsvc/report.h"

#include <stddef.h>

typedef struct ts_report_block {
	telsvc_ctx *ctx; /* whose allocator freed it, and the writers use */
	telsvc_report r;
	telsvc_indicators kinds[TS_KIND_MAX + 1];
	telsvc_evaluation evaluations[3 + TELSVC_INDICATORS_LIMITS];
	/* then the items, then their strings */
} ts_report_block;

static inline ts_report_block *ts_report_block_of(const telsvc_report *r)
{
	return (ts_report_block *)((char *)r - offsetof(ts_report_block, r));
}

#endif
