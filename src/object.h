/* What every stored object shares. Requests, complaints and incidents
 * begin with a ts_object, so the write path, loading, fetching and replay
 * handle any kind through its ts_kind_ops. */
#ifndef TS_OBJECT_H
#define TS_OBJECT_H

#include "common.h"
#include "telsvc/sla.h"

typedef struct ts_object ts_object;
struct ts_export;

/* One open deadline of an object, as the monitor watches it. */
typedef struct ts_watch {
	telsvc_param limit;
	int problem;           /* a request's execution problem, or -1 */
	const telsvc_sla *sla; /* the clock measuring it; NULL: runs from start without pauses */
	int64_t start;
} ts_watch;

/* What the indicators measure of an object (indicators.c): a deadline
 * and its clock, as in ts_watch, to place its escalation point. */
typedef struct ts_fact {
	telsvc_param limit;
	int64_t due, done;     /* TELSVC_NEVER: none (paused, no limit) / not met */
	const telsvc_sla *sla; /* NULL: runs from @start without pauses */
	int64_t start;
	uint8_t outcome;       /* set by indicators.c */
	bool escalated;
} ts_fact;

typedef struct ts_measure {
	int64_t received, responded, handled; /* TELSVC_NEVER: not yet */
	int klass, category, channel;          /* 0: none */
	const char *service_type;              /* NULL: none */
	bool finished;
	int satisfaction;         /* -1: none */
	uint64_t problems[4];     /* by grade */
	uint64_t reviews_pending; /* post-mortems and rectifications not yet done */
	ts_fact *facts;           /* its deadlines, met or not */
	size_t fact_count, fact_cap;
	telsvc_ctx *ctx;          /* to grow @facts */
} ts_measure;

/* Prefetch @size bytes from @p, a cache line at a time. */
static TS_PREFETCHER void ts_prefetch_range(const void *p, size_t size)
{
	for (size_t at = 0; at < size; at += 64)
		TS_PREFETCH((const char *)p + at);
}

/* Add a deadline to @m; TELSVC_ENOMEM when it cannot grow. */
int ts_measure_fact(ts_measure *m, const ts_fact *f);

/* Add @w to @out (of @cap) at *@n, counting what does not fit. */
static inline void ts_watch_put(ts_watch *out, size_t cap, size_t *n, ts_watch w)
{
	if (*n < cap)
		out[*n] = w;
	(*n)++;
}

/* The start of every kind's undo mark: what the write path itself reads. */
typedef struct ts_mark_head {
	uint64_t revision; /* the stored revision before the change */
	bool created;      /* the change created the object: undo removes it */
} ts_mark_head;

typedef struct ts_kind_ops {
	int kind;          /* a telsvc_kind */
	const char *noun;  /* "request", for messages */
	size_t mark_size;  /* of the kind's mark, which starts with a ts_mark_head */
	/* Rebuild a stored object (replaying its history), not registered. */
	int (*decode)(const struct ts_kind_ops *ops, telsvc_ctx *ctx, const char *id, uint64_t revision,
		      const void *data, size_t size, ts_object **out);
	void (*free)(ts_object *o);
	/* Return @o to @mark, a change that did not create it. */
	void (*undo)(ts_object *o, const void *mark);
	/* Write the object's members of its JSON export (export.c). */
	void (*export_json)(const ts_object *o, struct ts_export *x);
	/* The same as a TMF621 TroubleTicket; NULL: the kind has no such form. */
	void (*export_tmf621)(const ts_object *o, struct ts_export *x);
	/* Its deadlines not yet met, at most @cap into @out; returns how many
	 * there are. None once the object is finished. */
	size_t (*watches)(const ts_object *o, ts_watch *out, size_t cap);
	/* Fill @m (its facts emptied by the caller). */
	int (*measure)(const ts_object *o, ts_measure *m);
	/* Ask for the memory measure() reads to be fetched: stage 0 the
	 * object's own, stage 1 (a few objects later, once the object is in
	 * the cache) what it points to. A scan over many objects is bound by
	 * these misses, not by the arithmetic. */
	void (*prefetch)(const ts_object *o, int stage);
	/* The keys of its classes 1..class_max (priority, severity, grade). */
	const char *const *class_keys;
	int class_max;
	/* The record tag of the object's place in its kind's numbering. */
	uint16_t seq_tag;
} ts_kind_ops;

struct ts_object {
	const ts_kind_ops *ops;
	telsvc_ctx *ctx;
	char *id;          /* its number, the storage key */
	uint64_t revision; /* its stored revision */
	uint64_t seq;      /* its place in the kind's numbering */
	bool poisoned;     /* a commit's outcome is unknown: reload first */
	uint32_t slot;     /* its place in the context's monitor, 0: none (monitor.c) */
};

/* The kinds, indexed by telsvc_kind; NULL where none. */
#define TS_KIND_MAX 3
const ts_kind_ops *ts_kind_get(int kind);

/* Free a registered object (it leaves the monitor first). */
void ts_object_free(ts_object *o);

/* Undo a failed change: an object the change created leaves the context
 * and is freed. */
void ts_object_rollback(ts_object *o, const void *mark);

/* The error for a write to an object whose last commit is unknown. */
int ts_object_poisoned(const ts_object *o);

/* What every change checks before its kind's rules: a policy and storage,
 * a known actor, no commit of unknown outcome, a note of at most
 * TS_TEXT_MAX bytes, and a time (*@at, 0 for the context's clock, which
 * it then holds) not before the object's last change @last. */
int ts_object_change_ready(const ts_object *o, const telsvc_actor *actor, const char *note, int64_t *at,
			   int64_t last, const char *fn);

/* Check @actor names someone in one of the policy's roles. */
int ts_check_actor(const telsvc_ctx *ctx, const telsvc_actor *actor, const char *fn);

/* May @role do @what (an action's name) to object @noun @id, under the
 * role list @param? 0 for @param means no list decides. The refusal names
 * the rule and its clause. */
int ts_object_permitted(const telsvc_policy *p, telsvc_param param, const char *noun, const char *id,
			const char *what, const char *role);

/* The number of a new object by the policy's pattern @param: the receipt
 * date in the default calendar's zone and the running sequence @seq. */
void ts_object_number(const telsvc_ctx *ctx, telsvc_param pattern, int64_t received_at, uint64_t seq, char *out,
		      size_t cap);

#endif
