/* The context's policy and storage, loading, host transactions, and the
 * write path every change takes (docs/storage.md). */
#include "request_internal.h"
#include "store.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

int telsvc_ctx_set_policy(telsvc_ctx *ctx, const telsvc_policy *policy)
{
	if (!ctx || !policy)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_set_policy: %s is NULL", ctx ? "policy" : "ctx");
	ctx->policy = policy;
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
	if (ctx->in_txn || ctx->requests.count)
		return ts_error(TELSVC_EINVAL, "%s: the context %s; use a new context for another store", fn,
				ctx->in_txn ? "has a transaction open" : "already holds objects");
	/* a table of an earlier version is shorter: copy only what it has */
	size_t size = st->version >= 2 ? sizeof(*st) : offsetof(telsvc_storage, audit_replace);
	memset(&ctx->storage, 0, sizeof(ctx->storage));
	memcpy(&ctx->storage, st, size);
	ctx->has_storage = true;
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
	return ts_error(TELSVC_ESTORAGE, "storage: %s of %s failed (%s)", call, object,
			telsvc_status_name((telsvc_status)rc));
}

/* The same for a call about request @number: named only when it failed. */
static int request_status(int rc, const char *call, const char *number)
{
	char object[96];
	snprintf(object, sizeof(object), "request %s", number);
	return ts_storage_status(rc, call, object);
}

static void undo_host_txn(telsvc_ctx *ctx)
{
	while (ctx->undo_count) {
		ts_undo *u = &ctx->undos[--ctx->undo_count];
		ts_request_rollback(ctx, u->req, &u->mark);
	}
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

int ts_store_audit_head(telsvc_ctx *ctx)
{
	if (!ctx->audit.unknown)
		return TELSVC_OK;
	int rc = ts_audit_scan(ctx, ctx->audit.log.seq + 1);
	if (rc && rc != TELSVC_ECORRUPT && rc != TELSVC_ENOMEM)
		rc = ts_storage_status(rc, "audit iterate", "the audit log");
	return rc;
}

int ts_store_change(telsvc_ctx *ctx, telsvc_request *req, const ts_req_mark *mark, const ts_sb *record,
		    const ts_audit_entry *entry)
{
	const telsvc_storage *st = &ctx->storage;
	bool own = !ctx->in_txn;
	int rc;

	/* room to undo it later, reserved before anything is stored */
	if (!own && ts_grow(ctx, &ctx->undos, &ctx->undo_cap, ctx->undo_count, sizeof(ts_undo), 16)) {
		ts_request_rollback(ctx, req, mark);
		return abort_host_txn(ctx, TELSVC_ENOMEM);
	}
	if (own && (rc = ts_store_audit_head(ctx)) != TELSVC_OK) {
		ts_request_rollback(ctx, req, mark);
		return rc;
	}
	if (own && (rc = st->begin(st->payload)) != TELSVC_OK) {
		rc = request_status(rc, "begin", req->number);
		ts_request_rollback(ctx, req, mark);
		return rc;
	}
	/* the audit record is built in the context's scratch space, which it
	 * hands back afterwards, so a change allocates nothing for it */
	ts_sb scratch = { .ctx = ctx, .ptr = ctx->scratch, .cap = ctx->scratch_cap };
	ctx->scratch = NULL;
	ctx->scratch_cap = 0;
	ts_audit_state saved = ctx->audit.log;
	rc = st->put(st->payload, TELSVC_KIND_REQUEST, req->number, mark->revision, record->ptr, record->size);
	if (rc == TELSVC_OK)
		rc = ts_audit_append(ctx, entry, &scratch);
	else
		rc = request_status(rc, "put", req->number);
	ctx->scratch = scratch.ptr;
	ctx->scratch_cap = scratch.cap;
	if (rc) {
		ts_request_rollback(ctx, req, mark);
		if (!own)
			return abort_host_txn(ctx, rc);
		st->rollback(st->payload);
		ts_audit_rolled_back(ctx, &saved);
		return rc;
	}
	if (own && (rc = st->commit(st->payload)) != TELSVC_OK) {
		/* the outcome is unknown: report failure, and refuse writes until reloaded */
		rc = request_status(rc, "commit", req->number);
		bool created = mark->created;
		ts_request_rollback(ctx, req, mark);
		if (!created)
			req->poisoned = true;
		ts_audit_rolled_back(ctx, &saved);
		ctx->audit.unknown = true;
		return rc;
	}
	if (own)
		ts_audit_committed(ctx);
	req->revision = mark->revision + 1;
	if (!own)
		ctx->undos[ctx->undo_count++] = (ts_undo){ req, *mark };
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
	if ((rc = ctx->storage.begin(ctx->storage.payload)))
		return ts_storage_status(rc, "begin", "a transaction");
	ctx->in_txn = true;
	ctx->undo_count = 0;
	ctx->txn_audit = ctx->audit.log;
	return TELSVC_OK;
}

int telsvc_txn_commit(telsvc_ctx *ctx)
{
	if (!ctx || !ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "telsvc_txn_commit: no transaction is open");
	ctx->in_txn = false;
	int rc = ctx->storage.commit(ctx->storage.payload);
	if (rc == TELSVC_OK) {
		ctx->undo_count = 0;
		ts_audit_committed(ctx);
		return TELSVC_OK;
	}
	rc = ts_storage_status(rc, "commit", "a transaction");
	/* outcome unknown: memory returns to before, and the touched objects
	 * refuse writes until reloaded */
	for (size_t i = 0; i < ctx->undo_count; i++)
		if (!ctx->undos[i].mark.created)
			ctx->undos[i].req->poisoned = true;
	undo_host_txn(ctx);
	ts_audit_rolled_back(ctx, &ctx->txn_audit);
	ctx->audit.unknown = true;
	return rc;
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

int ts_store_fetch(telsvc_ctx *ctx, const char *number, telsvc_request **out)
{
	const telsvc_storage *st = &ctx->storage;
	telsvc_buf *buf = NULL;
	telsvc_request *req = NULL;
	uint64_t revision = 0;
	int rc = telsvc_buf_new(&buf, ctx);
	if (rc == TELSVC_OK && (rc = st->get(st->payload, TELSVC_KIND_REQUEST, number, &revision, buf)) != TELSVC_OK) {
		rc = rc == TELSVC_ENOTFOUND ? ts_error(TELSVC_ENOTFOUND, "no request %s", number)
					    : request_status(rc, "get", number);
	}
	if (rc == TELSVC_OK)
		rc = ts_request_decode(ctx, number, revision, telsvc_buf_data(buf), telsvc_buf_size(buf), &req);
	telsvc_buf_free(buf);
	if (rc == TELSVC_OK && (rc = ts_registry_put(ctx, &ctx->requests, req->number, req)) != TELSVC_OK)
		ts_request_free(req);
	if (rc)
		return rc;
	if (req->seq > ctx->request_seq)
		ctx->request_seq = req->seq; /* stored by another context since this one loaded */
	*out = req;
	return TELSVC_OK;
}

typedef struct loading {
	telsvc_ctx *ctx;
	ts_registry reg;
	uint64_t max_seq;
} loading;

static void free_registry(telsvc_ctx *ctx, ts_registry *reg)
{
	for (size_t i = 0; i < reg->cap; i++)
		if (reg->keys[i])
			ts_request_free(reg->values[i]);
	ts_registry_free(ctx, reg);
}

static int load_request(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	loading *l = payload;
	telsvc_request *req;
	if (kind != TELSVC_KIND_REQUEST || !id)
		return ts_error(TELSVC_ECORRUPT, "storage: iterate returned an object of kind %d", kind);
	int rc = ts_request_decode(l->ctx, id, revision, data, size, &req);
	if (rc)
		return rc;
	if (ts_registry_get(&l->reg, req->number)) {
		ts_request_free(req);
		return ts_error(TELSVC_ECORRUPT, "storage: request %s returned twice", id);
	}
	if ((rc = ts_registry_put(l->ctx, &l->reg, req->number, req))) {
		ts_request_free(req);
		return rc;
	}
	l->max_seq = req->seq > l->max_seq ? req->seq : l->max_seq;
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
	rc = ctx->storage.iterate(ctx->storage.payload, TELSVC_KIND_REQUEST, load_request, &l);
	if (rc == TELSVC_OK)
		rc = ts_audit_scan(ctx, 1);
	if (rc) {
		if (rc != TELSVC_ECORRUPT && rc != TELSVC_ENOMEM)
			rc = ts_storage_status(rc, "loading", "the store");
		free_registry(ctx, &l.reg);
		ctx->audit.log = before;
		return rc;
	}
	free_registry(ctx, &ctx->requests);
	ctx->requests = l.reg;
	ctx->request_seq = l.max_seq;
	ts_log(ctx, TELSVC_LOG_INFO, "loaded %zu requests and %llu audit records", ctx->requests.count,
	       (unsigned long long)ctx->audit.log.seq);
	return TELSVC_OK;
}

void ts_ctx_free_objects(telsvc_ctx *ctx)
{
	if (ctx->in_txn) {
		ctx->storage.rollback(ctx->storage.payload);
		undo_host_txn(ctx);
	}
	free_registry(ctx, &ctx->requests);
	ts_intern_free(ctx, &ctx->names);
	ts_audit_free(&ctx->audit);
	ts_free(ctx, ctx->undos);
	ts_free(ctx, ctx->scratch);
}
