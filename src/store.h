/* The write path every object shares: one change is a put and an audit
 * append in a transaction (the object's own, or the host's), and memory
 * follows storage. */
#ifndef TS_STORE_H
#define TS_STORE_H

#include "audit.h"
#include "buf.h"
#include "context.h"
#include "case.h"
#include "request_internal.h"

/* Any kind's undo mark. */
typedef union ts_mark {
	ts_mark_head h;
	ts_req_mark request;
	ts_case_mark kase;
} ts_mark;

/* An undo entry of a host transaction. */
typedef struct ts_undo {
	ts_object *obj;
	ts_mark mark;
	telsvc_change change; /* told at the commit */
} ts_undo;

/* Store a change to object (@kind, @id) whose stored revision is
 * @expected: @record is the object's new bytes, @entry what the audit
 * record says of the change.
 * On failure the change is undone in memory (with @mark) and, inside a
 * host transaction, so is the whole transaction. A commit that fails
 * leaves the object refusing writes until reloaded. */
int ts_store_change(telsvc_ctx *ctx, ts_object *obj, const void *mark, const ts_sb *record,
		    const ts_audit_entry *entry);

/* The status @rc of a change (a creation or an action) that failed. Out
 * of memory before the change reached storage ends the host transaction
 * too, as every failure of storage or memory does (docs/integration.md). */
int ts_store_failed(telsvc_ctx *ctx, int rc);

/* Persist the change that appended event @e to object @o: the event is
 * added to @o's cached record @enc (of @before bytes before the change,
 * @crc its running checksum), which is sealed for the put, and the audit
 * record's body is exactly what the change added — the intake fields and
 * first event for a new object, the event otherwise — so the log alone
 * can rebuild every object. @from and @to are its states before and
 * after. On failure the change is undone (with @mark). */
int ts_store_event(ts_object *o, const ts_event *e, ts_sb *enc, ts_rec_crc *crc, size_t before, int from, int to,
		   const void *mark);

/* After a commit whose outcome was unknown, the stored audit log may hold
 * that commit's records or not: read on from what the context knew,
 * before anything is appended. TELSVC_OK at once when nothing is unknown. */
int ts_store_audit_head(telsvc_ctx *ctx);

/* Before numbering a new object: on a shared store outside a host
 * transaction, read what other writers appended, so that the number
 * follows the ones they took (inside a transaction begin() did). */
int ts_store_sync_numbers(telsvc_ctx *ctx);

/* Learn that the store holds number @seq of @kind: the next new object of
 * that kind is numbered past it, even if the host transaction is undone. */
void ts_store_learn_seq(telsvc_ctx *ctx, int kind, uint64_t seq);

/* Store a record of the log's own (@e, object kind 0) in a transaction of
 * its own, after @step (may be NULL) has done its part in it. @what names
 * the operation in storage errors. */
int ts_store_log(telsvc_ctx *ctx, const ts_audit_entry *e, int (*step)(telsvc_ctx *ctx, void *arg), void *arg,
		 const char *what);

/* A callback's status as the caller sees it (docs/storage.md, Statuses). */
int ts_storage_status(int rc, const char *call, const char *object);

/* Find object (@kind, @id) in the context's memory, or else read it from
 * storage into the context: ENOTFOUND when neither holds it; nothing is
 * registered on any failure. @fn names the caller in messages. */
int ts_object_find(ts_object **out, telsvc_ctx *ctx, int kind, const char *id, const char *fn);

/* Drop @o from the context's memory (it stays in storage); refused while
 * it has changes in the open host transaction. */
int ts_object_release(ts_object *o, const char *fn);

/* Check the context can store: policy and storage set. */
int ts_store_ready(const telsvc_ctx *ctx, const char *fn);

#endif
