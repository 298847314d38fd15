/* The kinds of stored object, and what the context does with any of
 * them: find (in memory, then in storage), release, undo. */
#include "civil.h"
#include "complaint_internal.h"
#include "incident_internal.h"
#include "monitor_internal.h"
#include "policy_internal.h"
#include "request_internal.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

static const ts_kind_ops *const kinds[TS_KIND_MAX + 1] = {
	[TELSVC_KIND_REQUEST] = &ts_request_ops,
	[TELSVC_KIND_COMPLAINT] = &ts_complaint_ops,
	[TELSVC_KIND_INCIDENT] = &ts_incident_ops,
};

const ts_kind_ops *ts_kind_get(int kind)
{
	return kind > 0 && kind <= TS_KIND_MAX ? kinds[kind] : NULL;
}

void ts_object_free(ts_object *o)
{
	ts_monitor_detach(o->ctx, o);
	o->ops->free(o);
}

void ts_object_rollback(ts_object *o, const void *mark)
{
	const ts_mark_head *head = mark;
	if (head->created) {
		ts_registry_remove(&o->ctx->objects[o->ops->kind], o->id);
		ts_object_free(o);
	} else {
		o->ops->undo(o, mark);
		ts_monitor_touch(o->ctx, o);
	}
}

int ts_object_poisoned(const ts_object *o)
{
	const char *noun = o->ops->noun;
	return ts_error(TELSVC_ESTORAGE,
			"%s %s: the outcome of its last commit is unknown; reload it first "
			"(telsvc_ctx_load, or telsvc_%s_release and telsvc_%s_find)",
			noun, o->id, noun, noun);
}

/* Read object (@kind, @id) from storage and register it. */
static int fetch(ts_object **out, telsvc_ctx *ctx, const ts_kind_ops *ops, const char *id)
{
	const telsvc_storage *st = &ctx->storage;
	telsvc_buf *buf = NULL;
	ts_object *o = NULL;
	uint64_t revision = 0;
	int rc = telsvc_buf_new(&buf, ctx);
	if (rc == TELSVC_OK && (rc = st->get(st->payload, ops->kind, id, &revision, buf)) != TELSVC_OK) {
		char what[96];
		snprintf(what, sizeof(what), "%s %s", ops->noun, id);
		rc = rc == TELSVC_ENOTFOUND ? ts_error(TELSVC_ENOTFOUND, "no %s", what)
					    : ts_storage_status(rc, "get", what);
	}
	if (rc == TELSVC_OK)
		rc = ops->decode(ops, ctx, id, revision, telsvc_buf_data(buf), telsvc_buf_size(buf), &o);
	telsvc_buf_free(buf);
	if (rc == TELSVC_OK && (rc = ts_registry_put(ctx, &ctx->objects[ops->kind], o->id, o)) != TELSVC_OK)
		ops->free(o);
	if (rc)
		return rc;
	ts_store_learn_seq(ctx, ops->kind, o->seq); /* stored by another context since this one loaded */
	ts_monitor_attach(ctx, o, true);
	*out = o;
	return TELSVC_OK;
}

int ts_object_find(ts_object **out, telsvc_ctx *ctx, int kind, const char *id, const char *fn)
{
	if (!ctx || !id) /* @out is the caller's own variable */
		return ts_error(TELSVC_EINVAL, "%s: an argument is NULL", fn);
	const ts_kind_ops *ops = ts_kind_get(kind);
	*out = ts_registry_get(&ctx->objects[kind], id);
	if (*out)
		return TELSVC_OK;
	if (!ctx->has_storage)
		return ts_error(TELSVC_ENOTFOUND, "no %s %s", ops->noun, id);
	return fetch(out, ctx, ops, id);
}

int ts_object_release(ts_object *o, const char *fn)
{
	if (!o)
		return ts_error(TELSVC_EINVAL, "%s: the object is NULL", fn);
	telsvc_ctx *ctx = o->ctx;
	for (size_t i = 0; i < ctx->undo_count && ctx->in_txn; i++)
		if (ctx->undos[i].obj == o)
			return ts_error(TELSVC_EINVAL,
					"%s: %s %s has changes in the open transaction; release it after the "
					"transaction ends",
					fn, o->ops->noun, o->id);
	ts_registry_remove(&ctx->objects[o->ops->kind], o->id);
	ts_object_free(o);
	return TELSVC_OK;
}

int ts_object_change_ready(const ts_object *o, const telsvc_actor *actor, const char *note, int64_t *at,
			   int64_t last, const char *fn)
{
	const telsvc_ctx *ctx = o->ctx;
	int rc = ts_store_ready(ctx, fn);
	if (rc || (rc = ts_check_actor(ctx, actor, fn)))
		return rc;
	if (o->poisoned)
		return ts_object_poisoned(o);
	if (note && strlen(note) > TS_TEXT_MAX)
		return ts_error(TELSVC_EINVAL, "%s %s: the note is longer than 64 KiB", o->ops->noun, o->id);
	if (!*at)
		telsvc_ctx_now(at, ctx);
	if (*at < last) {
		char a[24], b[24];
		ts_format_utc(a, *at);
		ts_format_utc(b, last);
		return ts_error(TELSVC_EINVAL, "%s %s: %s precedes its last change at %s", o->ops->noun, o->id, a, b);
	}
	return TELSVC_OK;
}

int ts_check_actor(const telsvc_ctx *ctx, const telsvc_actor *actor, const char *fn)
{
	if (!actor || !actor->id || !actor->id[0] || !actor->role)
		return ts_error(TELSVC_EINVAL, "%s: the actor needs an id and a role", fn);
	if (ts_policy_has_role(ctx->policy, actor->role))
		return TELSVC_OK;
	return ts_error(TELSVC_EPERM, "%s: role '%s' is not one of the policy's roles", fn, actor->role);
}

int ts_object_permitted(const telsvc_policy *p, telsvc_param param, const char *noun, const char *id,
			const char *what, const char *role)
{
	char allowed[256];
	if (!param || ts_policy_permits(p, param, role, allowed, sizeof(allowed)))
		return TELSVC_OK;
	return ts_error(TELSVC_EPERM, "%s %s: the %s may not %s; %s allows: %s (%s)", noun, id, role, what,
			telsvc_param_key(param), allowed, telsvc_param_clause(param));
}

void ts_object_number(const telsvc_ctx *ctx, telsvc_param pattern, int64_t received_at, uint64_t seq, char *out,
		      size_t cap)
{
	const telsvc_calendar *cal = NULL;
	int32_t offset = 0;
	if (telsvc_policy_calendar(&cal, ctx->policy, NULL) == TELSVC_OK)
		telsvc_calendar_utc_offset(&offset, cal, received_at);
	ts_date d = ts_civil_from_days(ts_floor_div(received_at + offset, TS_DAY));
	ts_format_number(out, cap, ctx->policy->values[pattern].text, d.year, d.month, d.day, seq);
}
