/* The deadline monitor (telsvc/monitor.h, docs/monitoring.md): every
 * pending event of every open deadline, in a sorted run and a heap
 * (monitor_internal.h), drained in time order, with what was delivered
 * stored by the delivery log (monitor_log.c). */
#include "context.h"
#include "monitor_internal.h"
#include "policy_internal.h"
#include "record.h"
#include "sla_internal.h"
#include "sort.h"
#include "store.h"
#include "telsvc/monitor.h"

#include <string.h>

#define WATCHES 64 /* on the stack; an object with more is read into the heap */

/* Append @n bytes of @s to @out at *@at, within @cap (the last byte kept for NUL). */
static void put_bytes(char *out, size_t cap, size_t *at, const char *s, size_t n)
{
	size_t room = cap - 1 - *at;
	n = n < room ? n : room;
	memcpy(out + *at, s, n);
	*at += n;
}

static void put_text(char *out, size_t cap, size_t *at, const char *s)
{
	put_bytes(out, cap, at, s, strlen(s));
}

/* Two digits a division: every event's id has a ten-digit time in it. */
static void put_int(char *out, size_t cap, size_t *at, int64_t v)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324"
				    "25262728293031323334353637383940414243444546474849"
				    "50515253545556575859606162636465666768697071727374"
				    "75767778798081828384858687888990919293949596979899";
	char digits[24], *d = digits + sizeof(digits);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	for (; u >= 100; u /= 100)
		memcpy(d -= 2, pairs + 2 * (u % 100), 2);
	if (u >= 10)
		memcpy(d -= 2, pairs + 2 * u, 2);
	else
		*--d = (char)('0' + u);
	if (v < 0)
		*--d = '-';
	put_bytes(out, cap, at, d, (size_t)(digits + sizeof(digits) - d));
}

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

static bool live(const ts_monitor *m, const ts_pending *p)
{
	const ts_slot *s = &m->slots[p->slot];
	return s->obj && s->gen == p->gen;
}

/* Drop stale entries from the top: the top is then live, or the heap empty. */
static void heap_clean(ts_monitor *m)
{
	while (m->heap_count && !live(m, &m->heap[0]))
		heap_pop(m);
}

/* ---- the run, and the next pending event ---- */

static int run_add(telsvc_ctx *ctx, ts_monitor *m, const ts_pending *p)
{
	if (ts_grow(ctx, &m->run, &m->run_cap, m->run_count, sizeof(ts_pending), 1024))
		return TELSVC_ENOMEM;
	m->run[m->run_count++] = *p;
	return TELSVC_OK;
}

/* A new pending event: into the run while indexing in bulk, else the heap. */
static int add(telsvc_ctx *ctx, ts_monitor *m, const ts_pending *p)
{
	return m->bulk ? run_add(ctx, m, p) : heap_push(ctx, m, p);
}

_Static_assert(sizeof(ts_pending) <= TS_SORT_ITEM_MAX, "run entries are sortable in place");

/* Order what is pending in the run by instant (equal instants in no
 * particular order: they are due together). */
static void run_sort(ts_monitor *m)
{
	if (m->run_at < m->run_count) /* an empty run may have no array: no pointer to offset */
		ts_sort_by_key(m->run + m->run_at, m->run_count - m->run_at, sizeof(ts_pending), true);
}

/* Once the heap holds more than a quarter of what is pending, fold it and
 * the rest of the run into a new run without the stale entries: draining
 * then reads memory in order instead of walking the heap's levels. */
static int consolidate(telsvc_ctx *ctx, ts_monitor *m)
{
	size_t rest = m->run_count - m->run_at;
	if (m->heap_count < 4096 || m->heap_count < rest / 4)
		return TELSVC_OK;
	size_t n = 0;
	for (size_t i = m->run_at; i < m->run_count; i++)
		if (live(m, &m->run[i]))
			m->run[n++] = m->run[i];
	m->run_count = n, m->run_at = 0;
	int rc = TELSVC_OK;
	for (size_t i = 0; i < m->heap_count && rc == TELSVC_OK; i++)
		if (live(m, &m->heap[i]))
			rc = run_add(ctx, m, &m->heap[i]);
	if (rc != TELSVC_OK) {
		m->run_count = n; /* as it was, less its stale entries; the heap holds the rest */
		return rc;
	}
	run_sort(m);
	m->heap_count = 0;
	return TELSVC_OK;
}

/* The next live pending event, stale ones dropped on the way; NULL: none. */
static const ts_pending *peek(ts_monitor *m)
{
	while (m->run_at < m->run_count && !live(m, &m->run[m->run_at]))
		m->run_at++;
	heap_clean(m);
	const ts_pending *r = m->run_at < m->run_count ? &m->run[m->run_at] : NULL;
	const ts_pending *h = m->heap_count ? &m->heap[0] : NULL;
	if (!r || !h)
		return r ? r : h;
	return before(h, r) ? h : r;
}

/* Ask for the slots and objects of the run's next entries: draining is
 * bound by these misses, not by the work per event. */
static TS_PREFETCHER void prefetch_ahead(const ts_monitor *m)
{
	enum { SLOT_AHEAD = 16, OBJECT_AHEAD = 8, NUMBER_AHEAD = 4 };
	if (m->run_at + SLOT_AHEAD < m->run_count)
		TS_PREFETCH(&m->slots[m->run[m->run_at + SLOT_AHEAD].slot]);
	if (m->run_at + OBJECT_AHEAD < m->run_count) {
		const ts_slot *s = &m->slots[m->run[m->run_at + OBJECT_AHEAD].slot];
		TS_PREFETCH(s->obj);
		if (s->fired.cap)
			TS_PREFETCH(s->fired.u.heap);
	}
	if (m->run_at + NUMBER_AHEAD < m->run_count) { /* its object fetched by now: the number it points to */
		const ts_slot *s = &m->slots[m->run[m->run_at + NUMBER_AHEAD].slot];
		if (s->obj)
			TS_PREFETCH(s->obj->id);
	}
}

/* Remove @p, which peek() returned. */
static void take(ts_monitor *m, const ts_pending *p)
{
	if (m->heap_count && p == &m->heap[0])
		heap_pop(m);
	else
		m->run_at++;
}

/* ---- what is pending for an object ---- */

/* Add each event of @p's deadline not yet delivered: the warning at
 * @warn, the breach at the deadline, the escalation at @esc. */
static int add_events(telsvc_ctx *ctx, ts_monitor *m, ts_pending p, int64_t warn, int64_t esc)
{
	const ts_slot *s = &m->slots[p.slot];
	int rc = TELSVC_OK;
	for (p.type = TELSVC_EVENT_WARNING; p.type <= TELSVC_EVENT_ESCALATION && rc == TELSVC_OK; p.type++) {
		p.at = p.type == TELSVC_EVENT_WARNING ? warn : p.type == TELSVC_EVENT_BREACH ? p.due : esc;
		ts_fired f = { p.due, p.limit, p.problem, p.type };
		if (p.at != TELSVC_NEVER && !ts_fired_has(&s->fired, &f))
			rc = add(ctx, m, &p);
	}
	return rc;
}

/* Index object @o in slot @i afresh: a new generation, and the events
 * of each of its open deadlines. */
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
	/* what a finished object was delivered is dead weight in storage until compacted */
	if ((n == 0) != s->finished) {
		size_t *dead = &m->log.dead;
		s->finished = n == 0;
		*dead = s->finished ? *dead + s->fired.count : *dead - (*dead < s->fired.count ? *dead : s->fired.count);
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
		ts_pending e = { .slot = i, .gen = s->gen, .limit = w[k].limit, .problem = (int16_t)w[k].problem };
		int64_t warn, esc;
		/* a limit set to none, or a calendar the policy lacks, raises nothing */
		if (telsvc_sla_deadline(&e.due, sla, p) != TELSVC_OK || e.due == TELSVC_NEVER ||
		    ts_sla_point(&warn, sla, p, warn_ppm) != TELSVC_OK || ts_sla_point(&esc, sla, p, esc_ppm) != TELSVC_OK)
			continue;
		rc = add_events(ctx, m, e, warn, esc);
	}
	if (w != stack)
		ts_free(ctx, w);
	return rc;
}

/* ---- what was delivered for an object ---- */

int ts_fired_reserve(telsvc_ctx *ctx, ts_fired_list *l)
{
	size_t cap = l->cap ? l->cap : TS_FIRED_LOCAL;
	if (l->count < cap)
		return TELSVC_OK;
	if (cap > UINT32_MAX / 2)
		return ts_error_nomem();
	ts_fired *heap = ts_reallocarray(ctx, l->cap ? l->u.heap : NULL, 2 * cap, sizeof(ts_fired));
	if (!heap)
		return TELSVC_ENOMEM;
	if (!l->cap)
		memcpy(heap, l->u.local, l->count * sizeof(ts_fired));
	l->u.heap = heap;
	l->cap = (uint32_t)(2 * cap);
	return TELSVC_OK;
}

void ts_fired_free(telsvc_ctx *ctx, ts_fired_list *l)
{
	if (l->cap)
		ts_free(ctx, l->u.heap);
	*l = (ts_fired_list){ 0 };
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
	ts_fired_list kept = s->fired; /* its room, for the next object */
	kept.count = 0;
	*s = (ts_slot){ .obj = o, .gen = s->gen, .fired = kept };
	o->slot = i;
	return TELSVC_OK;
}

void ts_monitor_detach(telsvc_ctx *ctx, ts_object *o)
{
	ts_monitor *m = &ctx->monitor;
	if (!o->slot)
		return;
	ts_slot *s = &m->slots[o->slot];
	/* released by the callback: parked with its event, as if accepted;
	 * deliver() learns of the release from delivering */
	if (m->delivering == o->slot)
		m->delivering = 0;
	ts_mlog_park(ctx, o->slot);
	s->obj = NULL;
	s->gen++;
	s->fired.count = 0;
	m->free_slots[m->free_count++] = o->slot; /* room was made when the slot was taken */
	o->slot = 0;
}

/* ---- (re)building ---- */

static void clear(telsvc_ctx *ctx)
{
	ts_monitor *m = &ctx->monitor;
	for (size_t i = 1; i < m->slot_count; i++) {
		if (m->slots[i].obj)
			m->slots[i].obj->slot = 0;
		ts_fired_free(ctx, &m->slots[i].fired);
	}
	ts_free(ctx, m->slots);
	ts_free(ctx, m->free_slots);
	ts_free(ctx, m->run);
	ts_free(ctx, m->heap);
	ts_mlog_free(ctx);
	bool on = m->on;
	*m = (ts_monitor){ .on = on };
}

/* An object and its place in its kind's numbering, to sort by. */
typedef struct numbered {
	uint64_t seq;
	ts_object *o;
} numbered;

/* Watch every object of @kind in the order it was numbered, not the
 * registry's (a hash's): the slots then lie in about the order the
 * deadlines fall due, and a drain reads them nearly in order instead of
 * one page of the array after another at random. */
static int watch_kind(telsvc_ctx *ctx, int kind)
{
	const ts_registry *reg = &ctx->objects[kind];
	if (!reg->count)
		return TELSVC_OK;
	numbered *order = ts_reallocarray(ctx, NULL, reg->count, sizeof(*order));
	if (!order)
		return TELSVC_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < reg->cap; i++)
		if (reg->keys[i]) {
			ts_object *o = reg->values[i];
			order[n++] = (numbered){ o->seq, o };
		}
	ts_sort_by_key(order, n, sizeof(*order), false);
	int rc = TELSVC_OK;
	for (size_t i = 0; i < n && rc == TELSVC_OK; i++) {
		ts_object *o = order[i].o;
		if ((rc = slot_new(ctx, o)) == TELSVC_OK && (rc = ts_mlog_claim(ctx, o->slot)) == TELSVC_OK)
			rc = index_object(ctx, o->slot);
	}
	ts_free(ctx, order);
	return rc;
}

/* What storage says was delivered, every object in memory, the run. */
static int rebuild(telsvc_ctx *ctx)
{
	ts_monitor *m = &ctx->monitor;
	clear(ctx);
	m->bulk = true;
	int rc = ts_mlog_load(ctx);
	for (int kind = 1; kind <= TS_KIND_MAX && rc == TELSVC_OK; kind++)
		rc = watch_kind(ctx, kind);
	m->bulk = false;
	if (rc == TELSVC_OK)
		run_sort(m);
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
		rc = ts_mlog_claim(ctx, o->slot);
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
	ts_monitor *m = &ctx->monitor;
	/* every generation changes: the entries there are all go stale */
	m->run_count = m->run_at = m->heap_count = 0;
	m->bulk = true;
	for (size_t i = 1; i < m->slot_count && rc == TELSVC_OK; i++)
		if (m->slots[i].obj)
			rc = index_object(ctx, (uint32_t)i);
	m->bulk = false;
	if (rc == TELSVC_OK)
		run_sort(m);
	m->stale = rc != TELSVC_OK;
	return rc;
}

int telsvc_monitor_next(int64_t *out, telsvc_ctx *ctx)
{
	if (!out)
		return ts_error(TELSVC_EINVAL, "telsvc_monitor_next: out is NULL");
	int rc = ready(ctx, "telsvc_monitor_next");
	if (rc)
		return rc;
	const ts_pending *p = peek(&ctx->monitor);
	*out = p ? p->at : TELSVC_NEVER;
	return TELSVC_OK;
}

static const char *const type_keys[] = { "?", "warning", "breach", "escalation" };

/* The event's id, "kind:number:limit:problem:type:due" (docs/monitoring.md),
 * written by hand: it is made for every event drained. */
static void event_id(char *out, size_t cap, const ts_object *o, const ts_pending *p)
{
	size_t at = 0;
	put_int(out, cap, &at, o->ops->kind);
	put_text(out, cap, &at, ":");
	put_text(out, cap, &at, o->id);
	put_text(out, cap, &at, ":");
	put_text(out, cap, &at, telsvc_param_key(p->limit));
	put_text(out, cap, &at, ":");
	put_int(out, cap, &at, p->problem);
	put_text(out, cap, &at, ":");
	put_text(out, cap, &at, type_keys[p->type]);
	put_text(out, cap, &at, ":");
	put_int(out, cap, &at, p->due);
	out[at] = '\0';
}

/* Deliver @p to @fn and record it as delivered. The room for the record
 * is taken first: an event given to @fn is always recorded, so that it
 * never comes twice. */
static int deliver(telsvc_ctx *ctx, ts_pending p, telsvc_monitor_fn fn, void *payload)
{
	ts_monitor *m = &ctx->monitor;
	ts_slot *s = &m->slots[p.slot];
	const ts_strlist *levels = &ctx->policy->values[TELSVC_PARAM_MONITORING_ESCALATION].names;
	char id[256];
	event_id(id, sizeof(id), s->obj, &p);
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
	ts_fired f = { p.due, p.limit, p.problem, p.type };
	size_t mark;
	if (ts_fired_reserve(ctx, &s->fired) || ts_mlog_note(ctx, p.slot, &f, &mark))
		return TELSVC_ENOMEM;
	/* counted delivered before the callback, so that a change it makes
	 * does not index the event again; a release parks it (detach) */
	ts_fired_push(&s->fired, &f);
	m->delivering = p.slot;
	int refused = fn(&ev, payload);
	if (refused) {
		/* a released case's list, parked with the event, is out of
		 * reach: read storage again, which will not hold the event */
		if (m->delivering)
			m->slots[p.slot].fired.count--;
		else
			m->stale = true;
		ts_mlog_unnote(ctx, mark);
	}
	m->delivering = 0;
	return refused ? TELSVC_EUSER : TELSVC_OK;
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
	(void)consolidate(ctx, m); /* an optimisation only: without memory for it, drain as things are */
	for (;;) {
		prefetch_ahead(m);
		const ts_pending *next = peek(m);
		if (!next || next->at > now)
			break;
		ts_pending p = *next;
		take(m, next);
		if ((rc = deliver(ctx, p, fn, payload)) == TELSVC_EUSER) {
			if (heap_push(ctx, m, &p)) /* it was taken off; it is still pending */
				m->stale = true;
			break;
		}
		if (rc)
			break; /* not delivered; the index, stale below, gives it again */
		any = true;
		n++;
	}
	int stored = any ? ts_mlog_store(ctx) : TELSVC_OK;
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
