/* Replay: every object rebuilt from the audit log alone, compared with
 * what storage holds (docs/audit.md, "Replay"). */
#include "audit.h"
#include "context.h"
#include "record.h"
#include "store.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One object as the log tells it. */
typedef struct rebuilt {
	const ts_kind_ops *ops;
	char *id;
	ts_sb record; /* the record the bodies make */
	uint64_t changes;
	bool purged; /* a body is gone: it cannot be rebuilt */
} rebuilt;

typedef struct replay {
	telsvc_ctx *ctx;
	telsvc_replay_report *r;
	ts_registry objects[TS_KIND_MAX + 1]; /* by kind: id -> rebuilt */
	telsvc_buf *stored;
} replay;

static void diverged(replay *p, const char *id, const char *fmt, ...) TS_PRINTF(3, 4);

static void diverged(replay *p, const char *id, const char *fmt, ...)
{
	telsvc_replay_report *r = p->r;
	r->diverged++;
	if (r->first[0] && strcmp(id, r->first) >= 0)
		return; /* report the first in byte order, whatever the order found */
	snprintf(r->first, sizeof(r->first), "%s", id);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

static int read_record(uint64_t seq, const void *data, size_t size, void *payload)
{
	replay *p = payload;
	ts_audit_view v;
	int rc = ts_audit_parse(data, size, seq, &v);
	if (rc)
		return rc;
	p->r->records++;
	const ts_kind_ops *ops = ts_kind_get((int)v.kind);
	if (!ops)
		return TELSVC_OK; /* the log's own records */
	char id[96];
	snprintf(id, sizeof(id), "%.*s", (int)v.id_size, v.id);
	ts_registry *objects = &p->objects[ops->kind];
	rebuilt *o = ts_registry_get(objects, id);
	if (!o) {
		o = ts_calloc(p->ctx, 1, sizeof(*o));
		if (!o || !(o->id = ts_strdup(p->ctx, id)) || ts_registry_put(p->ctx, objects, o->id, o)) {
			if (o)
				ts_free(p->ctx, o->id);
			ts_free(p->ctx, o);
			return TELSVC_ENOMEM;
		}
		o->ops = ops;
		ts_sb_init(&o->record, p->ctx);
		ts_rec_begin(&o->record, ops->kind);
		p->r->objects++;
	}
	o->changes++;
	if (!v.body)
		o->purged = true;
	else
		ts_sb_append(&o->record, (const char *)v.body, v.body_size);
	return o->record.failed ? TELSVC_ENOMEM : TELSVC_OK;
}

/* Compare one rebuilt object with the stored one. */
static int compare(replay *p, rebuilt *o)
{
	if (o->purged) {
		p->r->unreplayable++;
		return TELSVC_OK;
	}
	const telsvc_storage *st = &p->ctx->storage;
	const char *noun = o->ops->noun;
	uint64_t revision = 0;
	int rc = st->get(st->payload, o->ops->kind, o->id, &revision, p->stored);
	if (rc == TELSVC_ENOTFOUND) {
		diverged(p, o->id, "%s %s: in the audit log, not in storage", noun, o->id);
		return TELSVC_OK;
	}
	if (rc)
		return ts_storage_status(rc, "get", o->id);
	if ((rc = ts_rec_finish(&o->record)))
		return rc;
	const char *stored = telsvc_buf_data(p->stored);
	size_t size = telsvc_buf_size(p->stored);
	if (revision != o->changes) {
		diverged(p, o->id, "%s %s: storage is at revision %llu, the log has %llu changes", noun, o->id,
			 (unsigned long long)revision, (unsigned long long)o->changes);
		return TELSVC_OK;
	}
	if (size != o->record.size || memcmp(stored, o->record.ptr, size) != 0) {
		size_t at = 0;
		while (at < size && at < o->record.size && stored[at] == o->record.ptr[at])
			at++;
		diverged(p, o->id, "%s %s: the stored record differs from the log's from byte %zu", noun, o->id, at);
		return TELSVC_OK;
	}
	ts_object *obj = NULL;
	if ((rc = o->ops->decode(o->ops, p->ctx, o->id, revision, o->record.ptr, o->record.size, &obj)) != TELSVC_OK) {
		if (rc == TELSVC_ENOMEM)
			return rc;
		diverged(p, o->id, "%s", telsvc_error_last()); /* the rules refuse the logged history */
		return TELSVC_OK;
	}
	o->ops->free(obj);
	p->r->matched++;
	return TELSVC_OK;
}

/* Objects storage holds that the log never mentions. */
static int unlogged(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)revision, (void)data, (void)size;
	replay *p = payload;
	const ts_kind_ops *ops = ts_kind_get(kind);
	if (ops && !ts_registry_get(&p->objects[kind], id))
		diverged(p, id, "%s %s: in storage, not in the audit log", ops->noun, id);
	return TELSVC_OK;
}

int telsvc_audit_replay(telsvc_replay_report *report, telsvc_ctx *ctx)
{
	const char *fn = "telsvc_audit_replay";
	if (!report || !ctx)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, report ? "ctx" : "report");
	int rc = ts_check_version(fn, "report", report->version, TELSVC_REPLAY_REPORT_VERSION);
	if (rc || (rc = ts_store_ready(ctx, fn)))
		return rc;
	unsigned version = report->version;
	memset(report, 0, sizeof(*report));
	report->version = version;
	replay p = { .ctx = ctx, .r = report };
	const telsvc_storage *st = &ctx->storage;
	rc = telsvc_buf_new(&p.stored, ctx);
	if (rc == TELSVC_OK && (rc = st->audit_iterate(st->payload, 1, read_record, &p)) != TELSVC_OK &&
	    rc != TELSVC_ECORRUPT && rc != TELSVC_ENOMEM)
		rc = ts_storage_status(rc, "audit iterate", "the audit log");
	for (int kind = 1; kind <= TS_KIND_MAX; kind++) {
		const ts_registry *objects = &p.objects[kind];
		for (size_t i = 0; rc == TELSVC_OK && i < objects->cap; i++)
			if (objects->keys[i])
				rc = compare(&p, objects->values[i]);
		if (rc == TELSVC_OK && ts_kind_get(kind) &&
		    (rc = st->iterate(st->payload, kind, unlogged, &p)) != TELSVC_OK && rc != TELSVC_ENOMEM)
			rc = ts_storage_status(rc, "iterate", "the store");
	}
	for (int kind = 1; kind <= TS_KIND_MAX; kind++) {
		ts_registry *objects = &p.objects[kind];
		for (size_t i = 0; i < objects->cap; i++) {
			rebuilt *o = objects->values[i];
			if (!objects->keys[i])
				continue;
			ts_sb_free(&o->record);
			ts_free(ctx, o->id);
			ts_free(ctx, o);
		}
		ts_registry_free(ctx, objects);
	}
	telsvc_buf_free(p.stored);
	return rc;
}
