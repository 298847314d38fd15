/* The operation-sequence target's run: one context over the memory store
 * behind the fault store, what the target knows of each object it made,
 * and the checks that memory and store agree. */
#ifndef TS_FUZZ_OPS_H
#define TS_FUZZ_OPS_H

#include "../fault_store.h"

#include <telsvc/telsvc.h>

#include <stdbool.h>

/* Operations a run takes, and so the objects it can make. */
#define OPS_MAX 64

typedef struct ops_object {
	int kind;
	char number[64];
	bool in_memory;      /* the context holds it (not released) */
	bool known;          /* no commit of unknown outcome since it was last read or stored */
	bool created_in_txn; /* in the host transaction open now */
	bool touched_in_txn;
} ops_object;

/* The fault store, and whether a commit failed during the current call. */
typedef struct ops_watch {
	fault_store fs; /* first: the fault store's callbacks take the watch as theirs */
	int (*commit)(void *payload);
	bool commit_failed;
} ops_watch;

typedef struct ops_run {
	ops_watch watch;
	telsvc_ctx *ctx;       /* the context under test, over the fault store */
	telsvc_ctx *store_ctx; /* the memory store's */
	telsvc_memstore *ms;
	telsvc_storage raw; /* the memory store's own table */
	int64_t now;
	ops_object objects[OPS_MAX];
	size_t count;
	unsigned maybe_created[TELSVC_KIND_INCIDENT + 1]; /* creations whose commit was ambiguous */
	bool in_txn;
	unsigned steps;
} ops_run;

void ops_open(ops_run *run);
/* Track object @number of @kind, held in memory and known. */
void ops_track(ops_run *run, int kind, const char *number);
/* After a reload: track what the store holds, all of it known. */
void ops_track_store(ops_run *run);
/* Memory and store agree (no host transaction may be open). */
void ops_check_agree(ops_run *run);
/* Faults off: the context reloads, the log verifies and replays; then free. */
void ops_finish(ops_run *run);

#endif
