/* The context's layout, shared by the files that allocate and log. */
#ifndef TS_CONTEXT_H
#define TS_CONTEXT_H

#include "audit.h"
#include "common.h"
#include "object.h"
#include "monitor_internal.h"
#include "registry.h"

struct telsvc_ctx {
	telsvc_allocator alloc;
	telsvc_clock_fn clock_fn;
	void *clock_payload;
	telsvc_log_fn log_fn;
	void *log_payload;
	int log_level;
	/* objects, their policy and storage (store.c) */
	const telsvc_policy *policy;
	telsvc_storage storage;
	bool has_storage;
	ts_registry objects[TS_KIND_MAX + 1]; /* by telsvc_kind: id -> object */
	ts_registry names;    /* actor and role names, interned (registry.c) */
	ts_audit audit;       /* the audit log's state and sealing key (audit.c) */
	ts_audit_state txn_audit; /* the log's state when the host transaction began */
	ts_monitor monitor;   /* the deadline monitor (monitor.c) */
	telsvc_change_fn change_fn; /* told of each committed change (store.c) */
	void *change_payload;
	uint64_t seqs[TS_KIND_MAX + 1]; /* by kind: the last number's sequence */
	uint64_t txn_seqs[TS_KIND_MAX + 1]; /* seqs to return to if the host transaction is undone */
	bool in_txn;          /* a host transaction is open */
	struct ts_undo *undos;
	size_t undo_count, undo_cap;
	ts_hmac pseudonym;   /* the operator's pseudonym key, absorbed (export.c) */
	bool has_pseudonym;
	/* scratch space for the audit record of each change, reused */
	char *scratch;
	size_t scratch_cap;
};

/* Free every object of the context (store.c). */
void ts_ctx_free_objects(telsvc_ctx *ctx);
/* Does the context hold any object in memory? */
bool ts_ctx_holds_objects(const telsvc_ctx *ctx);

#endif
