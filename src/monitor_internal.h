/* The deadline monitor's state (monitor.c): a slot per watched object,
 * what has been delivered for it, and every pending event of each of its
 * deadlines. The events are kept in a run sorted when the index was last
 * built in bulk, drained from a cursor, and a heap of those added since;
 * the heap is merged into a new run when it grows large. Entries name
 * their object by slot and generation, so a change (which bumps the
 * generation) or a release (which frees the slot) leaves stale entries
 * behind that are skipped when they surface, instead of searching. */
#ifndef TS_MONITOR_INTERNAL_H
#define TS_MONITOR_INTERNAL_H

#include "common.h"
#include "object.h"
#include "telsvc/monitor.h"

/* An event already delivered: its deadline (limit, problem, due) and type. */
typedef struct ts_fired {
	int64_t due;
	int32_t limit;
	int16_t problem;
	uint8_t type;
} ts_fired;

typedef struct ts_slot {
	ts_object *obj; /* NULL: free */
	uint32_t gen;
	ts_fired *fired;
	size_t fired_count, fired_cap;
	uint64_t revision; /* of its stored delivery record, 0: none */
	bool dirty;        /* delivered events not yet stored */
} ts_slot;

typedef struct ts_pending {
	int64_t at, due; /* when due (the sort key, first); the deadline */
	uint32_t slot, gen;
	int32_t limit;
	int16_t problem;
	uint8_t type;
} ts_pending;

typedef struct ts_monitor {
	bool on;
	bool stale; /* an update failed: rebuild before the next use */
	ts_slot *slots; /* [0] unused */
	size_t slot_count, slot_cap;
	uint32_t *free_slots;
	size_t free_count, free_cap;
	ts_pending *run; /* sorted; run[run_at..run_count) still pending */
	size_t run_count, run_cap, run_at;
	bool bulk;       /* indexing everything: entries go to the run, sorted after */
	ts_pending *heap;
	size_t heap_count, heap_cap;
	uint32_t *dirty; /* slots with deliveries not yet stored */
	size_t dirty_count, dirty_cap;
} ts_monitor;

/* Hooks the object paths call; each is a no-op while monitoring is off.
 * A failure leaves the monitor stale, to be rebuilt by the next poll. */
void ts_monitor_attach(telsvc_ctx *ctx, ts_object *o, bool stored); /* created, found or loaded */
void ts_monitor_touch(telsvc_ctx *ctx, ts_object *o);                /* changed, or undone */
void ts_monitor_detach(telsvc_ctx *ctx, ts_object *o);               /* about to be freed */
void ts_monitor_reload(telsvc_ctx *ctx);                             /* every object replaced */
void ts_monitor_free(telsvc_ctx *ctx);

#endif
