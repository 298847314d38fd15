/* What objects do with their SLA clocks beyond the public API. */
#ifndef TS_SLA_INTERNAL_H
#define TS_SLA_INTERNAL_H

#include "common.h"
#include "telsvc/sla.h"

/* Save and restore a clock around a change (undo). */
void ts_sla_mark(const telsvc_sla *sla, size_t *pauses, int64_t *last_to, int64_t *stop, telsvc_param *limit);
void ts_sla_restore(telsvc_sla *sla, size_t pauses, int64_t last_to, int64_t stop, telsvc_param limit);

/* Run a stopped clock again from @at, the time it stood stopped counting
 * as a pause: a reopened case resumes its limit where it stopped. */
int ts_sla_reopen(telsvc_sla *sla, int64_t at);

#endif
