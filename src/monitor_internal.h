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
#include "buf.h"
#include "object.h"
#include "registry.h"
#include "telsvc/monitor.h"

/* An event already delivered: its deadline (limit, problem, due) and type. */
typedef struct ts_fired {
	int64_t due;
	int32_t limit;
	int16_t problem;
	uint8_t type;
} ts_fired;

/* What was delivered for one object. Most objects have one open deadline,
 * three events: they are kept in the list itself (in the slot), so that
 * recording a delivery neither allocates nor touches another line of
 * memory; a longer list moves to the heap. */
#define TS_FIRED_LOCAL 3

typedef struct ts_fired_list {
	uint32_t count, cap; /* cap 0: the items are in local */
	union {
		ts_fired *heap;
		ts_fired local[TS_FIRED_LOCAL];
	} u;
} ts_fired_list;

static inline const ts_fired *ts_fired_items(const ts_fired_list *l)
{
	return l->cap ? l->u.heap : l->u.local;
}

static inline bool ts_fired_has(const ts_fired_list *l, const ts_fired *f)
{
	const ts_fired *items = ts_fired_items(l);
	for (size_t i = 0; i < l->count; i++) {
		const ts_fired *g = &items[i];
		if (g->due == f->due && g->limit == f->limit && g->problem == f->problem && g->type == f->type)
			return true;
	}
	return false;
}

/* Room for one more item: TELSVC_OK or TELSVC_ENOMEM, the list unchanged. */
int ts_fired_reserve(telsvc_ctx *ctx, ts_fired_list *l);

/* Append @f; ts_fired_reserve() made room. */
static inline void ts_fired_push(ts_fired_list *l, const ts_fired *f)
{
	(l->cap ? l->u.heap : l->u.local)[l->count++] = *f;
}

/* Free what the list holds on the heap; it is then empty. */
void ts_fired_free(telsvc_ctx *ctx, ts_fired_list *l);

typedef struct ts_slot {
	ts_object *obj; /* NULL: free */
	uint32_t gen;
	bool finished;  /* no open deadline when last indexed: its list is dead weight */
	ts_fired_list fired;
} ts_slot;

typedef struct ts_pending {
	int64_t at, due; /* when due (the sort key, first); the deadline */
	uint32_t slot, gen;
	int32_t limit;
	int16_t problem;
	uint8_t type;
} ts_pending;

/* What storage holds of deliveries (monitor_log.c, docs/monitoring.md):
 * records "@1", "@2" ... each listing events delivered, written one or
 * more per poll and rewritten together when compacted, and records
 * "<kind>:<number>" of one object each, as earlier versions wrote them,
 * read and emptied by the first compaction. */
typedef struct ts_legacy_row {
	char *id;
	uint64_t revision;
} ts_legacy_row;

/* The number of the event a record holds last: the next event's number is
 * written as the bytes it shares with it and the rest (monitor_log.c). A
 * longer number is not kept, and the next one is written whole. */
typedef struct ts_number_prev {
	size_t len; /* 0: none */
	char bytes[48];
} ts_number_prev;

typedef struct ts_delivery_log {
	ts_registry parked;     /* "<kind>:<number>" -> ts_parked: objects not in memory */
	uint64_t *revision;     /* [n]: of record "@n", 0: absent; [0] unused */
	size_t revision_cap;
	size_t top;             /* the highest n holding events; the next poll writes past it */
	ts_legacy_row *legacy;  /* per-object records holding events */
	size_t legacy_count, legacy_cap;
	size_t stored;          /* events the records hold, repeats included */
	size_t dead;            /* of them, those of finished objects */
	ts_sb poll;             /* this poll's events, encoded */
	ts_sb rec;              /* a poll record being put; its room kept, not fresh memory each poll */
	ts_number_prev prev;    /* of @poll's last event */
	size_t poll_count;
	size_t *cuts;           /* where each record of this poll begins in @poll */
	size_t cut_count, cut_cap;
} ts_delivery_log;

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
	uint32_t delivering; /* the slot whose event the host's callback has */
	ts_delivery_log log;
} ts_monitor;

/* ---- the delivery log (monitor_log.c) ---- */

/* Read every delivery record into the log's parked lists. */
int ts_mlog_load(telsvc_ctx *ctx);
/* Move what was delivered for slot @i's object out of the parked lists. */
int ts_mlog_claim(telsvc_ctx *ctx, uint32_t i);
/* Keep what was delivered for slot @i's object, which leaves memory,
 * unless it is finished; out of memory leaves the monitor stale. */
void ts_mlog_park(telsvc_ctx *ctx, uint32_t i);
/* Encode event @f of slot @i's object for this poll's records, before it
 * is delivered; ts_mlog_unnote(@mark) takes it back if it is refused. */
int ts_mlog_note(telsvc_ctx *ctx, uint32_t i, const ts_fired *f, size_t *mark);
void ts_mlog_unnote(telsvc_ctx *ctx, size_t mark);
/* Store this poll's events in one transaction; compact when more than
 * half of what the records hold is of finished objects. */
int ts_mlog_store(telsvc_ctx *ctx);
void ts_mlog_free(telsvc_ctx *ctx);

/* Hooks the object paths call; each is a no-op while monitoring is off.
 * A failure leaves the monitor stale, to be rebuilt by the next poll. */
void ts_monitor_attach(telsvc_ctx *ctx, ts_object *o, bool stored); /* created, found or loaded */
void ts_monitor_touch(telsvc_ctx *ctx, ts_object *o);                /* changed, or undone */
void ts_monitor_detach(telsvc_ctx *ctx, ts_object *o);               /* about to be freed */
void ts_monitor_reload(telsvc_ctx *ctx);                             /* every object replaced */
void ts_monitor_free(telsvc_ctx *ctx); /* the index and every list; monitoring stays on */

#endif
