/* The context's policy and storage, loading, host transactions, and the
 * write path every change takes (docs/storage.md). */
#include "monitor_internal.h"
#include "store.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

int telsvc_ctx_set_policy(telsvc_ctx *ctx, const telsvc_policy *policy)
{
	if (!ctx || !policy)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_set_policy: %s is NULL", ctx ? "policy" : "ctx");
	ctx->policy = policy;
	if (ctx->monitor.on)
		ts_monitor_reload(ctx); /* every deadline under the new policy */
	return TELSVC_OK;
}

int telsvc_ctx_set_storage(telsvc_ctx *ctx, const telsvc_storage *st)
{
	const char *fn = "telsvc_ctx_set_storage";
	if (!ctx || !st)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, ctx ? "storage" : "ctx");
	int rc = ts_check_version(fn, "storage table", st->version, TELSVC_STORAGE_VERSION);
	if (rc)
		return rc;
	const char *missing = !st->begin ? "begin" : !st->commit ? "commit" : !st->rollback ? "rollback"
			      : !st->put ? "put" : !st->get ? "get" : !st->iterate ? "iterate"
			      : !st->audit_append ? "audit_append" : !st->audit_iterate ? "audit_iterate" : NULL;
	if (missing)
		return ts_error(TELSVC_EINVAL, "%s: the storage table lacks the required method %s", fn, missing);
	if (ctx->in_txn || ts_ctx_holds_objects(ctx))
		return ts_error(TELSVC_EINVAL, "%s: the context %s; use a new context for another store", fn,
				ctx->in_txn ? "has a transaction open" : "already holds objects");
	/* a table of an earlier version is shorter: copy only what it has */
	size_t size = st->version >= 2 ? sizeof(*st) : offsetof(telsvc_storage, audit_replace);
	memset(&ctx->storage, 0, sizeof(ctx->storage));
	memcpy(&ctx->storage, st, size);
	ctx->has_storage = true;
	/* the store may hold a log already: its head is read before the first
	 * write, so that a context that never loads continues it */
	ctx->audit.unknown = true;
	return TELSVC_OK;
}

int ts_store_ready(const telsvc_ctx *ctx, const char *fn)
{
	if (!ctx->policy)
		return ts_error(TELSVC_EINVAL, "%s: the context has no policy (telsvc_ctx_set_policy)", fn);
	if (!ctx->has_storage)
		return ts_error(TELSVC_EINVAL, "%s: the context has no storage (telsvc_ctx_set_storage)", fn);
	return TELSVC_OK;
}

int ts_storage_status(int rc, const char *call, const char *object)
{
	if (rc == TELSVC_ECONFLICT || rc == TELSVC_ENOTFOUND || rc == TELSVC_EUSER || rc == TELSVC_ENOMEM)
		return rc; /* with the callback's own message */
	if (rc == TELSVC_ESTORAGE && telsvc_error_last_status() == TELSVC_ESTORAGE) {
		char why[512]; /* the backend's own words (a database's error) */
		snprintf(why, sizeof(why), "%s", telsvc_error_last());
		return ts_error(TELSVC_ESTORAGE, "storage: %s of %s failed: %s", call, object, why);
	}
	return ts_error(TELSVC_ESTORAGE, "storage: %s of %s failed (%s)", call, object,
			telsvc_status_name((telsvc_status)rc));
}

/* The same for a call about object @o: named only when it failed. */
static int object_status(int rc, const char *call, const ts_object *o)
{
	char object[96];
	snprintf(object, sizeof(object), "%s %s", o->ops->noun, o->id);
	return ts_storage_status(rc, call, object);
}

/* Memory back to before the host transaction, numbering included, so
 * that the next new case takes the number an undone one took (§2.1). */
static void undo_host_txn(telsvc_ctx *ctx)
{
	while (ctx->undo_count) {
		ts_undo *u = &ctx->undos[--ctx->undo_count];
		ts_object_rollback(u->obj, &u->mark);
	}
	memcpy(ctx->seqs, ctx->txn_seqs, sizeof(ctx->seqs));
}

void ts_store_learn_seq(telsvc_ctx *ctx, int kind, uint64_t seq)
{
	if (seq > ctx->seqs[kind])
		ctx->seqs[kind] = seq;
	if (ctx->in_txn && seq > ctx->txn_seqs[kind])
		ctx->txn_seqs[kind] = seq;
}

/* Abort the host transaction after a failed call inside it. */
static int abort_host_txn(telsvc_ctx *ctx, int rc)
{
	char message[1024];
	snprintf(message, sizeof(message), "%s; the transaction was rolled back", telsvc_error_last());
	ctx->storage.rollback(ctx->storage.payload);
	undo_host_txn(ctx);
	ts_audit_rolled_back(ctx, &ctx->txn_audit);
	ctx->in_txn = false;
	telsvc_error_set(rc, message);
	return rc;
}

int ts_store_failed(telsvc_ctx *ctx, int rc)
{
	/* a call without a context fails before it can run out of memory */
	return rc == TELSVC_ENOMEM && ctx->in_txn ? abort_host_txn(ctx, rc) : rc;
}

/* Read the audit records appended since the head the context knows. */
static int read_tail(telsvc_ctx *ctx)
{
	int rc = ts_audit_scan(ctx, ctx->audit.log.seq + 1);
	if (rc && rc != TELSVC_ECORRUPT && rc != TELSVC_ENOMEM)
		rc = ts_storage_status(rc, "audit iterate", "the audit log");
	return rc;
}

int ts_store_audit_head(telsvc_ctx *ctx)
{
	return ctx->audit.unknown ? read_tail(ctx) : TELSVC_OK;
}

int ts_store_sync_numbers(telsvc_ctx *ctx)
{
	/* without storage the table is zeroed: not shared */
	bool shared = ctx->storage.capabilities & TELSVC_STORAGE_CAP_SHARED;
	return shared && !ctx->in_txn ? read_tail(ctx) : TELSVC_OK;
}

/* Begin a transaction for @obj (or @what). On a shared store it holds
 * the log's lock, so the records other writers appended are read inside
 * it and this one's follow them. */
static int begin(telsvc_ctx *ctx, const ts_object *obj, const char *what)
{
	const telsvc_storage *st = &ctx->storage;
	int rc = st->begin(st->payload);
	if (rc)
		return obj ? object_status(rc, "begin", obj) : ts_storage_status(rc, "begin", what);
	if ((st->capabilities & TELSVC_STORAGE_CAP_SHARED) && (rc = read_tail(ctx)) != TELSVC_OK)
		st->rollback(st->payload);
	return rc;
}

/* Append @e to the log. The record is built in the context's scratch
 * space, which it hands back afterwards, so a change allocates nothing
 * for it. */
static int append_audit(telsvc_ctx *ctx, const ts_audit_entry *e)
{
	ts_sb scratch = { .ctx = ctx, .ptr = ctx->scratch, .cap = ctx->scratch_cap };
	ctx->scratch = NULL;
	ctx->scratch_cap = 0;
	int rc = ts_audit_append(ctx, e, &scratch);
	ctx->scratch = scratch.ptr;
	ctx->scratch_cap = scratch.cap;
	return rc;
}

int ts_store_change(telsvc_ctx *ctx, ts_object *obj, const void *mark, const ts_sb *record,
		    const ts_audit_entry *entry)
{
	const ts_mark_head *head = mark;
	const telsvc_storage *st = &ctx->storage;
	bool own = !ctx->in_txn;
	int rc;

	/* room to undo it later, reserved before anything is stored */
	if (!own && ts_grow(ctx, &ctx->undos, &ctx->undo_cap, ctx->undo_count, sizeof(ts_undo), 16)) {
		ts_object_rollback(obj, mark);
		return abort_host_txn(ctx, TELSVC_ENOMEM);
	}
	if (own && (rc = ts_store_audit_head(ctx)) != TELSVC_OK) {
		ts_object_rollback(obj, mark);
		return rc;
	}
	if (own && (rc = begin(ctx, obj, "an object")) != TELSVC_OK) {
		ts_object_rollback(obj, mark);
		return rc;
	}
	ts_audit_state saved = ctx->audit.log;
	rc = st->put(st->payload, obj->ops->kind, obj->id, head->revision, record->ptr, record->size);
	if (rc == TELSVC_OK)
		rc = append_audit(ctx, entry);
	else
		rc = object_status(rc, "put", obj);
	if (rc) {
		if (rc == TELSVC_ECONFLICT) {
			/* another context wrote to this store: read the log's head
			 * again before the next write, and number the next new object
			 * past the one taken, so that retrying the call succeeds */
			ctx->audit.unknown = true;
			if (head->created)
				ts_store_learn_seq(ctx, obj->ops->kind, obj->seq);
		}
		ts_object_rollback(obj, mark);
		if (!own)
			return abort_host_txn(ctx, rc);
		st->rollback(st->payload);
		ts_audit_rolled_back(ctx, &saved);
		return rc;
	}
	if (own && (rc = st->commit(st->payload)) != TELSVC_OK) {
		/* the outcome is unknown: report failure, and refuse writes until reloaded */
		rc = object_status(rc, "commit", obj);
		bool created = head->created;
		ts_object_rollback(obj, mark);
		if (!created)
			obj->poisoned = true;
		ts_audit_rolled_back(ctx, &saved);
		ctx->audit.unknown = true;
		return rc;
	}
	obj->revision = head->revision + 1;
	telsvc_change change = { TELSVC_CHANGE_VERSION, entry->kind, obj->id, entry->action, entry->from, entry->to,
				 entry->at, entry->actor, entry->role, obj->revision };
	if (own)
		ts_audit_committed(ctx);
	if (own && ctx->change_fn)
		ctx->change_fn(&change, ctx->change_payload);
	if (head->created)
		ts_monitor_attach(ctx, obj, false);
	else
		ts_monitor_touch(ctx, obj);
	if (!own) {
		ts_undo *u = &ctx->undos[ctx->undo_count++];
		u->obj = obj;
		memcpy(&u->mark, mark, obj->ops->mark_size);
		u->change = change;
	}
	return TELSVC_OK;
}

int ts_store_event(ts_object *o, const ts_event *e, ts_sb *enc, ts_rec_crc *crc, size_t before, int from, int to,
		   const void *mark)
{
	const ts_mark_head *head = mark;
	ts_event_encode(e, enc);
	size_t start = before > TS_REC_HEADER ? before : TS_REC_HEADER;
	ts_audit_entry entry = { .at = e->at,
				 .kind = o->ops->kind,
				 .id = o->id,
				 .action = e->action,
				 .from = from,
				 .to = to,
				 .revision = head->revision + 1,
				 .role = e->role,
				 .actor = e->actor };
	int rc = ts_rec_finish_running(enc, crc);
	if (rc) {
		ts_object_rollback(o, mark);
		return rc;
	}
	entry.body = enc->ptr + start;
	entry.body_size = enc->size - TS_REC_TRAILER - start;
	rc = ts_store_change(o->ctx, o, mark, enc, &entry);
	if (rc == TELSVC_OK)
		ts_sb_truncate(enc, enc->size - TS_REC_TRAILER); /* open for the next event */
	return rc;
}

int ts_store_log(telsvc_ctx *ctx, const ts_audit_entry *e, int (*step)(telsvc_ctx *ctx, void *arg), void *arg,
		 const char *what)
{
	const telsvc_storage *st = &ctx->storage;
	int rc = ts_store_audit_head(ctx);
	if (rc)
		return rc;
	if ((rc = begin(ctx, NULL, what)))
		return rc;
	ts_audit_state saved = ctx->audit.log;
	rc = step ? step(ctx, arg) : TELSVC_OK;
	if (rc == TELSVC_OK)
		rc = append_audit(ctx, e);
	if (rc) {
		st->rollback(st->payload);
		ts_audit_rolled_back(ctx, &saved);
		return rc;
	}
	if ((rc = st->commit(st->payload))) {
		ts_audit_rolled_back(ctx, &saved);
		ctx->audit.unknown = true;
		return ts_storage_status(rc, "commit", what);
	}
	ts_audit_committed(ctx);
	return TELSVC_OK;
}

int telsvc_ctx_set_change_fn(telsvc_ctx *ctx, telsvc_change_fn fn, void *payload)
{
	if (!ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_set_change_fn: ctx is NULL");
	ctx->change_fn = fn;
	ctx->change_payload = payload;
	return TELSVC_OK;
}

int telsvc_txn_begin(telsvc_ctx *ctx)
{
	if (!ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_txn_begin: ctx is NULL");
	if (!ctx->has_storage || ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "telsvc_txn_begin: %s",
				ctx->in_txn ? "a transaction is already open" : "the context has no storage");
	int rc = ts_store_audit_head(ctx);
	if (rc)
		return rc;
	if ((rc = begin(ctx, NULL, "a transaction")))
		return rc;
	ctx->in_txn = true;
	ctx->undo_count = 0;
	ctx->txn_audit = ctx->audit.log;
	memcpy(ctx->txn_seqs, ctx->seqs, sizeof(ctx->seqs));
	return TELSVC_OK;
}

int telsvc_txn_commit(telsvc_ctx *ctx)
{
	if (!ctx || !ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "telsvc_txn_commit: no transaction is open");
	ctx->in_txn = false;
	int rc = ctx->storage.commit(ctx->storage.payload);
	if (rc == TELSVC_OK) {
		ts_audit_committed(ctx);
		for (size_t i = 0; i < ctx->undo_count && ctx->change_fn; i++)
			ctx->change_fn(&ctx->undos[i].change, ctx->change_payload);
		ctx->undo_count = 0;
		return TELSVC_OK;
	}
	rc = ts_storage_status(rc, "commit", "a transaction");
	/* outcome unknown: memory returns to before, and the touched objects
	 * refuse writes until reloaded */
	for (size_t i = 0; i < ctx->undo_count; i++)
		if (!ctx->undos[i].mark.h.created)
			ctx->undos[i].obj->poisoned = true;
	undo_host_txn(ctx);
	ts_audit_rolled_back(ctx, &ctx->txn_audit);
	ctx->audit.unknown = true;
	return rc;
}

int telsvc_txn_active(const telsvc_ctx *ctx)
{
	return ctx && ctx->in_txn;
}

int telsvc_txn_rollback(telsvc_ctx *ctx)
{
	if (!ctx || !ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "telsvc_txn_rollback: no transaction is open");
	ctx->in_txn = false;
	undo_host_txn(ctx);
	ts_audit_rolled_back(ctx, &ctx->txn_audit);
	int rc = ctx->storage.rollback(ctx->storage.payload);
	return rc ? ts_storage_status(rc, "rollback", "a transaction") : TELSVC_OK;
}


/* ---- loading ---- */

typedef struct loading {
	telsvc_ctx *ctx;
	const ts_kind_ops *ops;
	ts_registry reg[TS_KIND_MAX + 1];
	uint64_t max_seq[TS_KIND_MAX + 1];
} loading;

static void free_registry(telsvc_ctx *ctx, ts_registry *reg)
{
	for (size_t i = 0; i < reg->cap; i++)
		if (reg->keys[i]) {
			ts_object_free(reg->values[i]);
		}
	ts_registry_free(ctx, reg);
}

static int load_object(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	loading *l = payload;
	const ts_kind_ops *ops = l->ops;
	ts_object *o;
	if (kind != ops->kind || !id)
		return ts_error(TELSVC_ECORRUPT, "storage: iterate over %ss returned an object of kind %d", ops->noun,
				kind);
	int rc = ops->decode(ops, l->ctx, id, revision, data, size, &o);
	if (rc)
		return rc;
	ts_registry *reg = &l->reg[kind];
	if (ts_registry_get(reg, o->id)) {
		ops->free(o);
		return ts_error(TELSVC_ECORRUPT, "storage: %s %s returned twice", ops->noun, id);
	}
	if ((rc = ts_registry_put(l->ctx, reg, o->id, o))) {
		ops->free(o);
		return rc;
	}
	l->max_seq[kind] = o->seq > l->max_seq[kind] ? o->seq : l->max_seq[kind];
	return TELSVC_OK;
}

int telsvc_ctx_load(telsvc_ctx *ctx)
{
	const char *fn = "telsvc_ctx_load";
	if (!ctx)
		return ts_error(TELSVC_EINVAL, "%s: ctx is NULL", fn);
	int rc = ts_store_ready(ctx, fn);
	if (rc)
		return rc;
	if (ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "%s: a transaction is open", fn);
	loading l = { .ctx = ctx };
	ts_audit_state before = ctx->audit.log;
	for (int kind = 1; rc == TELSVC_OK && kind <= TS_KIND_MAX; kind++) {
		l.ops = ts_kind_get(kind); /* every kind up to TS_KIND_MAX has its ops */
		rc = ctx->storage.iterate(ctx->storage.payload, kind, load_object, &l);
	}
	if (rc == TELSVC_OK)
		rc = ts_audit_scan(ctx, 1);
	if (rc) {
		if (rc != TELSVC_ECORRUPT && rc != TELSVC_ENOMEM)
			rc = ts_storage_status(rc, "loading", "the store");
		for (int kind = 1; kind <= TS_KIND_MAX; kind++)
			free_registry(ctx, &l.reg[kind]);
		ctx->audit.log = before;
		return rc;
	}
	size_t total = 0;
	ts_monitor_free(ctx); /* rebuilt below; the objects replaced leave no lists behind */
	for (int kind = 1; kind <= TS_KIND_MAX; kind++) {
		free_registry(ctx, &ctx->objects[kind]);
		ctx->objects[kind] = l.reg[kind];
		ctx->seqs[kind] = l.max_seq[kind];
		total += ctx->objects[kind].count;
	}
	ts_monitor_reload(ctx);
	ts_log(ctx, TELSVC_LOG_INFO, "loaded %zu objects and %llu audit records", total,
	       (unsigned long long)ctx->audit.log.seq);
	return TELSVC_OK;
}

bool ts_ctx_holds_objects(const telsvc_ctx *ctx)
{
	for (int kind = 1; kind <= TS_KIND_MAX; kind++)
		if (ctx->objects[kind].count)
			return true;
	return false;
}

void ts_ctx_free_objects(telsvc_ctx *ctx)
{
	if (ctx->in_txn) {
		ctx->storage.rollback(ctx->storage.payload);
		undo_host_txn(ctx);
	}
	ts_monitor_free(ctx); /* first: objects then leave no lists behind */
	for (int kind = 1; kind <= TS_KIND_MAX; kind++)
		free_registry(ctx, &ctx->objects[kind]);
	ts_intern_free(ctx, &ctx->names);
	ts_audit_free(&ctx->audit);
	ts_free(ctx, ctx->undos);
	ts_free(ctx, ctx->scratch);
}
