/* The deadline monitor (telsvc/monitor.h, docs/monitoring.md): a heap of
 * the next pending event of every open deadline, drained in time order,
 * with what was delivered stored per object (kind TELSVC_KIND_DELIVERED). */
#include "context.h"
#include "monitor_internal.h"
#include "policy_internal.h"
#include "record.h"
#include "sla_internal.h"
#include "store.h"
#include "telsvc/monitor.h"

#include <stdio.h>
#include <string.h>

/* Fields of a delivery record: one group per delivered event. */
enum { TAG_LIMIT = 1, TAG_PROBLEM = 2, TAG_TYPE = 3, TAG_DUE = 4 };

#define WATCHES 64 /* on the stack; an object with more is read into the heap */

/* ---- the heap ---- */

static bool before(const ts_pending *a, const ts_pending *b)
{
	if (a->at != b->at)
		return a->at < b->at;
	return a->slot != b->slot ? a->slot < b->slot : a->type < b->type;
}

static int heap_push(telsvc_ctx *ctx, ts_monitor *m, const ts_pending *p)
{
	if (ts_grow(ctx, &m->heap, &m->heap_cap, m->heap_count, sizeof(ts_pending), 64))
		return TELSVC_ENOMEM;
	size_t i = m->heap_count++;
	while (i > 0 && before(p, &m->heap[(i - 1) / 2])) {
		m->heap[i] = m->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	m->heap[i] = *p;
	return TELSVC_OK;
}

static void heap_pop(ts_monitor *m)
{
	ts_pending last = m->heap[--m->heap_count];
	size_t i = 0, n = m->heap_count;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && before(&m->heap[c + 1], &m->heap[c]))
			c++;
		if (!before(&m->heap[c], &last))
			break;
		m->heap[i] = m->heap[c];
		i = c;
	}
	if (n)
		m->heap[i] = last;
}

/* Drop stale entries from the top: the top is then live, or the heap empty. */
static void heap_clean(ts_monitor *m)
{
	while (m->heap_count) {
		const ts_pending *p = &m->heap[0];
		const ts_slot *s = &m->slots[p->slot];
		if (s->obj && s->gen == p->gen)
			return;
		heap_pop(m);
	}
}

/* ---- what is pending for an object ---- */

static bool fired(const ts_slot *s, int32_t limit, int16_t problem, int64_t due, int type)
{
	for (size_t i = 0; i < s->fired_count; i++) {
		const ts_fired *f = &s->fired[i];
		if (f->due == due && f->limit == limit && f->problem == problem && f->type == type)
			return true;
	}
	return false;
}

/* Push the first event of @p's deadline from type @p->type on that has
 * not been delivered. */
static int push_next(telsvc_ctx *ctx, ts_monitor *m, ts_pending p, int64_t warn)
{
	const ts_slot *s = &m->slots[p.slot];
	for (; p.type <= TELSVC_EVENT_ESCALATION; p.type++) {
		p.at = p.type == TELSVC_EVENT_WARNING ? warn : p.type == TELSVC_EVENT_BREACH ? p.due : p.esc;
		if (p.at != TELSVC_NEVER && !fired(s, p.limit, p.problem, p.due, p.type))
			return heap_push(ctx, m, &p);
	}
	return TELSVC_OK;
}

/* Index object @o in slot @i afresh: a new generation, and the next
 * event of each of its open deadlines. */
static int index_object(telsvc_ctx *ctx, uint32_t i)
{
	ts_monitor *m = &ctx->monitor;
	ts_slot *s = &m->slots[i];
	const telsvc_policy *p = ctx->policy;
	s->gen++;
	ts_watch stack[WATCHES], *w = stack;
	size_t n = s->obj->ops->watches(s->obj, w, WATCHES);
	if (n > WATCHES) {
		if (!(w = ts_malloc(ctx, n * sizeof(*w))))
			return TELSVC_ENOMEM;
		s->obj->ops->watches(s->obj, w, n);
	}
	int64_t warn_ppm = p->values[TELSVC_PARAM_MONITORING_WARNING].amount;
	int64_t esc_ppm = TS_PPM + p->values[TELSVC_PARAM_MONITORING_ESCALATE_AFTER].amount;
	int rc = TELSVC_OK;
	for (size_t k = 0; k < n && rc == TELSVC_OK; k++) {
		telsvc_sla view;
		const telsvc_sla *sla = w[k].sla;
		if (!sla) {
			ts_sla_view(&view, ctx, w[k].limit, w[k].start, TELSVC_NEVER);
			sla = &view;
		}
		ts_pending e = { .slot = i, .gen = s->gen, .limit = w[k].limit, .problem = (int16_t)w[k].problem,
				 .type = TELSVC_EVENT_WARNING };
		int64_t warn;
		/* a limit set to none, or a calendar the policy lacks, raises nothing */
		if (telsvc_sla_deadline(&e.due, sla, p) != TELSVC_OK || e.due == TELSVC_NEVER ||
		    ts_sla_point(&warn, sla, p, warn_ppm) != TELSVC_OK || ts_sla_point(&e.esc, sla, p, esc_ppm) != TELSVC_OK)
			continue;
		rc = push_next(ctx, m, e, warn);
	}
	if (w != stack)
		ts_free(ctx, w);
	return rc;
}

/* ---- slots ---- */

static int slot_new(telsvc_ctx *ctx, ts_object *o)
{
	ts_monitor *m = &ctx->monitor;
	if (!m->slot_count)
		m->slot_count = 1; /* slot 0 means none */
	/* room for every slot on the free list, so that a release never fails */
	if (ts_grow(ctx, &m->free_slots, &m->free_cap, m->slot_count, sizeof(uint32_t), 64))
		return TELSVC_ENOMEM;
	uint32_t i;
	if (m->free_count) {
		i = m->free_slots[--m->free_count];
	} else {
		if (ts_grow(ctx, &m->slots, &m->slot_cap, m->slot_count, sizeof(ts_slot), 64))
			return TELSVC_ENOMEM;
		i = (uint32_t)m->slot_count++;
		m->slots[i] = (ts_slot){ 0 };
	}
	ts_slot *s = &m->slots[i];
	*s = (ts_slot){ .obj = o, .gen = s->gen, .fired = s->fired, .fired_cap = s->fired_cap };
	o->slot = i;
	return TELSVC_OK;
}

void ts_monitor_detach(telsvc_ctx *ctx, ts_object *o)
{
	ts_monitor *m = &ctx->monitor;
	if (!o->slot)
		return;
	ts_slot *s = &m->slots[o->slot];
	s->obj = NULL;
	s->gen++;
	s->fired_count = 0;
	m->free_slots[m->free_count++] = o->slot; /* room was made when the slot was taken */
	o->slot = 0;
}

/* ---- delivery records ---- */

static void record_id(char *out, size_t cap, const ts_object *o)
{
	snprintf(out, cap, "%d:%s", o->ops->kind, o->id);
}

static int decode_delivered(ts_slot *s, telsvc_ctx *ctx, const char *id, const void *data, size_t size)
{
	ts_rec_reader r;
	int rc = ts_rec_open(&r, data, size, id);
	if (rc)
		return rc;
	if (r.kind != TELSVC_KIND_DELIVERED)
		return ts_error(TELSVC_ECORRUPT, "delivery record %s: the record is of another kind", id);
	ts_fired f = { 0 };
	int seen = 0;
	ts_field fd;
	while (ts_rec_next(&r, &fd)) {
		if (fd.type != TS_F_U64 && fd.type != TS_F_I64)
			continue;
		int64_t v = (int64_t)ts_field_u64(&fd);
		if (fd.tag == TAG_LIMIT && seen == 0)
			f.limit = (int32_t)v, seen = 1;
		else if (fd.tag == TAG_PROBLEM && seen == 1)
			f.problem = (int16_t)v, seen = 2;
		else if (fd.tag == TAG_TYPE && seen == 2 && v >= TELSVC_EVENT_WARNING && v <= TELSVC_EVENT_ESCALATION)
			f.type = (uint8_t)v, seen = 3;
		else if (fd.tag == TAG_DUE && seen == 3) {
			f.due = v, seen = 0;
			if (ts_grow(ctx, &s->fired, &s->fired_cap, s->fired_count, sizeof(ts_fired), 4))
				return TELSVC_ENOMEM;
			s->fired[s->fired_count++] = f;
		} else
			return ts_error(TELSVC_ECORRUPT, "delivery record %s: its events are malformed", id);
	}
	return seen ? ts_error(TELSVC_ECORRUPT, "delivery record %s: its last event is incomplete", id) : TELSVC_OK;
}

/* Read slot @i's delivery record, if storage has one. */
static int read_delivered(telsvc_ctx *ctx, uint32_t i)
{
	const telsvc_storage *st = &ctx->storage;
	ts_slot *s = &ctx->monitor.slots[i];
	char id[160];
	record_id(id, sizeof(id), s->obj);
	telsvc_buf *buf;
	int rc = telsvc_buf_new(&buf, ctx);
	if (rc)
		return rc;
	rc = st->get(st->payload, TELSVC_KIND_DELIVERED, id, &s->revision, buf);
	if (rc == TELSVC_ENOTFOUND)
		rc = TELSVC_OK, s->revision = 0;
	else if (rc)
		rc = ts_storage_status(rc, "get", "a delivery record");
	else
		rc = decode_delivered(s, ctx, id, telsvc_buf_data(buf), telsvc_buf_size(buf));
	telsvc_buf_free(buf);
	return rc;
}

static void encode_delivered(const ts_slot *s, ts_sb *sb)
{
	ts_rec_begin(sb, TELSVC_KIND_DELIVERED);
	for (size_t i = 0; i < s->fired_count; i++) {
		const ts_fired *f = &s->fired[i];
		ts_rec_u64(sb, TAG_LIMIT, (uint64_t)f->limit);
		ts_rec_i64(sb, TAG_PROBLEM, f->problem);
		ts_rec_u64(sb, TAG_TYPE, f->type);
		ts_rec_i64(sb, TAG_DUE, f->due);
	}
}

/* Store the records of every slot with deliveries not yet stored, in one
 * transaction. Slots are marked stored as they go: on any failure the
 * caller rebuilds the monitor from what storage holds. */
static int store_delivered(telsvc_ctx *ctx)
{
	ts_monitor *m = &ctx->monitor;
	const telsvc_storage *st = &ctx->storage;
	int rc = st->begin(st->payload);
	if (rc)
		return ts_storage_status(rc, "begin", "storing deliveries");
	ts_sb sb;
	ts_sb_init(&sb, ctx);
	char id[160];
	for (size_t k = 0; k < m->dirty_count && rc == TELSVC_OK; k++) {
		ts_slot *s = &m->slots[m->dirty[k]];
		if (!s->obj || !s->dirty)
			continue; /* released since, or listed twice after its slot was reused */
		ts_sb_truncate(&sb, 0);
		encode_delivered(s, &sb);
		if ((rc = ts_rec_finish(&sb)))
			break;
		record_id(id, sizeof(id), s->obj);
		if ((rc = st->put(st->payload, TELSVC_KIND_DELIVERED, id, s->revision, sb.ptr, sb.size)))
			rc = ts_storage_status(rc, "put", "a delivery record");
		s->dirty = false;
		s->revision++;
	}
	ts_sb_free(&sb);
	m->dirty_count = 0;
	if (rc) {
		st->rollback(st->payload);
		return rc;
	}
	if ((rc = st->commit(st->payload)))
		return ts_storage_status(rc, "commit", "storing deliveries");
	return TELSVC_OK;
}

/* ---- (re)building ---- */

static void clear(telsvc_ctx *ctx)
{
	ts_monitor *m = &ctx->monitor;
	for (size_t i = 1; i < m->slot_count; i++) {
		if (m->slots[i].obj)
			m->slots[i].obj->slot = 0;
		ts_free(ctx, m->slots[i].fired);
	}
	ts_free(ctx, m->slots);
	ts_free(ctx, m->free_slots);
	ts_free(ctx, m->heap);
	ts_free(ctx, m->dirty);
	bool on = m->on;
	*m = (ts_monitor){ .on = on };
}

/* Every object in memory, what storage says was delivered, the heap. */
static int rebuild(telsvc_ctx *ctx)
{
	ts_monitor *m = &ctx->monitor;
	clear(ctx);
	int rc = TELSVC_OK;
	for (int kind = 1; kind <= TS_KIND_MAX && rc == TELSVC_OK; kind++) {
		const ts_registry *reg = &ctx->objects[kind];
		for (size_t i = 0; i < reg->cap && rc == TELSVC_OK; i++) {
			if (!reg->keys[i])
				continue;
			ts_object *o = reg->values[i];
			if ((rc = slot_new(ctx, o)) == TELSVC_OK && (rc = read_delivered(ctx, o->slot)) == TELSVC_OK)
				rc = index_object(ctx, o->slot);
		}
	}
	m->stale = rc != TELSVC_OK;
	return rc;
}

void ts_monitor_attach(telsvc_ctx *ctx, ts_object *o, bool stored)
{
	ts_monitor *m = &ctx->monitor;
	if (!m->on || m->stale)
		return;
	int rc = slot_new(ctx, o);
	if (rc == TELSVC_OK && stored)
		rc = read_delivered(ctx, o->slot);
	if (rc == TELSVC_OK)
		rc = index_object(ctx, o->slot);
	m->stale = rc != TELSVC_OK;
}

void ts_monitor_touch(telsvc_ctx *ctx, ts_object *o)
{
	ts_monitor *m = &ctx->monitor;
	if (m->on && !m->stale && o->slot && index_object(ctx, o->slot) != TELSVC_OK)
		m->stale = true;
}

void ts_monitor_reload(telsvc_ctx *ctx)
{
	if (ctx->monitor.on)
		rebuild(ctx);
}

void ts_monitor_free(telsvc_ctx *ctx)
{
	clear(ctx);
}

/* ---- the API ---- */

static int ready(telsvc_ctx *ctx, const char *fn)
{
	if (!ctx)
		return ts_error(TELSVC_EINVAL, "%s: ctx is NULL", fn);
	int rc = ts_store_ready(ctx, fn);
	if (rc == TELSVC_OK && !ctx->monitor.on)
		rc = ts_error(TELSVC_EINVAL, "%s: monitoring is not enabled (telsvc_monitor_enable)", fn);
	if (rc == TELSVC_OK && ctx->monitor.stale)
		rc = rebuild(ctx);
	return rc;
}

int telsvc_monitor_enable(telsvc_ctx *ctx)
{
	const char *fn = "telsvc_monitor_enable";
	if (!ctx)
		return ts_error(TELSVC_EINVAL, "%s: ctx is NULL", fn);
	int rc = ts_store_ready(ctx, fn);
	if (rc)
		return rc;
	ctx->monitor.on = true;
	if ((rc = rebuild(ctx)) != TELSVC_OK) {
		clear(ctx);
		ctx->monitor.on = false;
	}
	return rc;
}

int telsvc_monitor_recompute(telsvc_ctx *ctx)
{
	int rc = ready(ctx, "telsvc_monitor_recompute");
	if (rc)
		return rc;
	for (size_t i = 1; i < ctx->monitor.slot_count && rc == TELSVC_OK; i++)
		if (ctx->monitor.slots[i].obj)
			rc = index_object(ctx, (uint32_t)i);
	ctx->monitor.stale = rc != TELSVC_OK;
	return rc;
}

int telsvc_monitor_next(int64_t *out, telsvc_ctx *ctx)
{
	if (!out)
		return ts_error(TELSVC_EINVAL, "telsvc_monitor_next: out is NULL");
	int rc = ready(ctx, "telsvc_monitor_next");
	if (rc)
		return rc;
	heap_clean(&ctx->monitor);
	*out = ctx->monitor.heap_count ? ctx->monitor.heap[0].at : TELSVC_NEVER;
	return TELSVC_OK;
}

static const char *const type_keys[] = { "?", "warning", "breach", "escalation" };

/* Deliver @p to @fn; record it as delivered and queue the next event of
 * its deadline. */
static int deliver(telsvc_ctx *ctx, ts_pending p, telsvc_monitor_fn fn, void *payload)
{
	ts_monitor *m = &ctx->monitor;
	ts_slot *s = &m->slots[p.slot];
	const ts_strlist *levels = &ctx->policy->values[TELSVC_PARAM_MONITORING_ESCALATION].names;
	char id[256];
	snprintf(id, sizeof(id), "%d:%s:%s:%d:%s:%lld", s->obj->ops->kind, s->obj->id, telsvc_param_key(p.limit),
		 (int)p.problem, type_keys[p.type], (long long)p.due);
	telsvc_monitor_event ev = { .version = TELSVC_MONITOR_EVENT_VERSION,
				    .type = p.type,
				    .kind = s->obj->ops->kind,
				    .number = s->obj->id,
				    .limit = p.limit,
				    .problem = p.problem,
				    .level = p.type,
				    .role = (size_t)p.type <= levels->count ? levels->items[p.type - 1] : NULL,
				    .at = p.at,
				    .due = p.due,
				    .id = id };
	if (fn(&ev, payload) != 0)
		return TELSVC_EUSER;
	if (ts_grow(ctx, &s->fired, &s->fired_cap, s->fired_count, sizeof(ts_fired), 4) ||
	    (!s->dirty && ts_grow(ctx, &m->dirty, &m->dirty_cap, m->dirty_count, sizeof(uint32_t), 64)))
		return TELSVC_ENOMEM;
	s->fired[s->fired_count++] = (ts_fired){ p.due, p.limit, p.problem, p.type };
	if (!s->dirty)
		m->dirty[m->dirty_count++] = p.slot;
	s->dirty = true;
	p.type++;
	return push_next(ctx, m, p, TELSVC_NEVER);
}

int telsvc_monitor_poll(telsvc_ctx *ctx, int64_t now, telsvc_monitor_fn fn, void *payload, size_t *delivered)
{
	const char *fn_name = "telsvc_monitor_poll";
	if (delivered)
		*delivered = 0;
	if (!fn)
		return ts_error(TELSVC_EINVAL, "%s: fn is NULL", fn_name);
	int rc = ready(ctx, fn_name);
	if (rc)
		return rc;
	if (ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "%s: deliveries are stored in a transaction of their own; end the open "
					       "one first", fn_name);
	ts_monitor *m = &ctx->monitor;
	size_t n = 0;
	bool any = false;
	for (;;) {
		heap_clean(m);
		if (!m->heap_count || m->heap[0].at > now)
			break;
		ts_pending p = m->heap[0];
		heap_pop(m);
		if ((rc = deliver(ctx, p, fn, payload)) == TELSVC_EUSER) {
			if (heap_push(ctx, m, &p)) /* it was taken off; it is still pending */
				m->stale = true;
			break;
		}
		any = true;
		n++;
		if (rc)
			break;
	}
	int stored = any ? store_delivered(ctx) : TELSVC_OK;
	if (stored != TELSVC_OK) {
		/* nothing of this poll is stored: forget it, so its events come again */
		rebuild(ctx);
		return stored;
	}
	if (delivered)
		*delivered = n;
	if (rc == TELSVC_EUSER)
		return ts_error(TELSVC_EUSER, "%s: the callback stopped the poll after %zu events", fn_name, n);
	if (rc)
		m->stale = true;
	return rc;
}
