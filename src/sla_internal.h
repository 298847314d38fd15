/* What objects do with their SLA clocks beyond the public API. */
#ifndef TS_SLA_INTERNAL_H
#define TS_SLA_INTERNAL_H

#include "common.h"
#include "telsvc/sla.h"

typedef struct pause_iv {
	int64_t from, to; /* to == TELSVC_NEVER while in progress */
} pause_iv;

struct telsvc_sla {
	telsvc_ctx *ctx;
	telsvc_param limit;
	int64_t start;
	int64_t stop; /* TELSVC_NEVER while not stopped */
	pause_iv *pauses;
	size_t count, cap;
};

/* A clock without pauses in the caller's storage, for a deadline that
 * runs from @start and was met at @stop (TELSVC_NEVER: not yet); nothing
 * to free. */
void ts_sla_view(telsvc_sla *sla, telsvc_ctx *ctx, telsvc_param limit, int64_t start, int64_t stop);

/* The instant by which @ppm millionths of the limit have run, as
 * telsvc_sla_warning(), for any share: 1500000 is half the limit again
 * after the deadline. */
int ts_sla_point(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t ppm);

/* Save and restore a clock around a change (undo). */
void ts_sla_mark(const telsvc_sla *sla, size_t *pauses, int64_t *last_to, int64_t *stop, telsvc_param *limit);
void ts_sla_restore(telsvc_sla *sla, size_t pauses, int64_t last_to, int64_t stop, telsvc_param limit);

/* Run a stopped clock again from @at, the time it stood stopped counting
 * as a pause: a reopened case resumes its limit where it stopped. */
int ts_sla_reopen(telsvc_sla *sla, int64_t at);

#endif
