/* What the monitor has delivered, as storage keeps it (docs/monitoring.md,
 * "Delivery records"): each poll appends its events to records "@n" of
 * kind TELSVC_KIND_DELIVERED, one transaction and a record per 4,096
 * events, so recording costs a put per poll rather than one per object
 * touched. Once most of what they hold is of finished objects, a
 * compaction rewrites the rest into "@1", "@2" ... and empties the
 * others, keeping the records in proportion to the events of unfinished
 * objects. Objects in memory hold their own lists (their
 * slots); the lists of objects not in memory are parked here, by key. */
#include "context.h"
#include "monitor_internal.h"
#include "record.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fields of a delivery record: per event, its object (poll records only:
 * kind, then the number whole, or the length it shares with the previous
 * event's and the rest), then limit, problem, type and deadline. */
enum {
	TAG_LIMIT = 1,
	TAG_PROBLEM = 2,
	TAG_TYPE = 3,
	TAG_DUE = 4,
	TAG_KIND = 5,
	TAG_NUMBER = 6,
	TAG_SHARED = 7,
	TAG_TAIL = 8,
};

/* A number shares at least this much with the previous one to be written
 * as shared and tail: below it, the second field costs what it saves. */
#define SHARED_MIN 3

#define EVENTS_PER_RECORD 4096
#define COMPACT_MIN 4096 /* dead events worth a compaction */
#define KEY_MAX 160

/* The list of an object not in memory, under "<kind>:<number>". */
typedef struct ts_parked {
	ts_fired_list list;
	int kind;
	char key[]; /* the number from key + 2 */
} ts_parked;

/* "<kind>:<number>", a parked list's key, in @buf (KEY_MAX bytes) or, when
 * longer, in memory of its own; NULL when out of memory. The kind is one
 * digit. */
static char *key_of(telsvc_ctx *ctx, char *buf, int kind, const char *number, size_t len)
{
	char *key = len + 3 <= KEY_MAX ? buf : ts_malloc(ctx, len + 3);
	if (key) {
		key[0] = (char)('0' + kind), key[1] = ':';
		memcpy(key + 2, number, len);
		key[len + 2] = '\0';
	}
	return key;
}

static void key_free(telsvc_ctx *ctx, const char *buf, char *key)
{
	if (key != buf)
		ts_free(ctx, key);
}

static int list_add(telsvc_ctx *ctx, ts_fired_list *l, const ts_fired *f)
{
	if (ts_fired_has(l, f))
		return TELSVC_OK;
	if (ts_fired_reserve(ctx, l))
		return TELSVC_ENOMEM;
	ts_fired_push(l, f);
	return TELSVC_OK;
}

static void parked_free(telsvc_ctx *ctx, ts_parked *p)
{
	ts_fired_free(ctx, &p->list);
	ts_free(ctx, p);
}

/* The parked list under @kind and @number (of @len bytes), made empty if
 * there is none; NULL when out of memory. */
static ts_parked *parked_get(telsvc_ctx *ctx, int kind, const char *number, size_t len)
{
	ts_delivery_log *log = &ctx->monitor.log;
	char buf[KEY_MAX], *key = key_of(ctx, buf, kind, number, len);
	if (!key)
		return NULL;
	ts_parked *p = ts_registry_get(&log->parked, key);
	if (!p && (p = ts_malloc(ctx, sizeof(*p) + len + 3))) {
		*p = (ts_parked){ .kind = kind };
		memcpy(p->key, key, len + 3);
		if (ts_registry_put(ctx, &log->parked, p->key, p)) {
			ts_free(ctx, p);
			p = NULL;
		}
	}
	key_free(ctx, buf, key);
	return p;
}

/* ---- reading ---- */

/* Room in the revisions for record "@@n". */
static int reserve(telsvc_ctx *ctx, size_t n)
{
	ts_delivery_log *log = &ctx->monitor.log;
	if (n < log->revision_cap)
		return TELSVC_OK;
	size_t cap = log->revision_cap ? log->revision_cap : 16;
	while (cap <= n)
		cap *= 2;
	uint64_t *grown = ts_reallocarray(ctx, log->revision, cap, sizeof(uint64_t));
	if (!grown)
		return TELSVC_ENOMEM;
	memset(grown + log->revision_cap, 0, (cap - log->revision_cap) * sizeof(uint64_t));
	log->revision = grown, log->revision_cap = cap;
	return TELSVC_OK;
}

/* A record read: a poll record's revision, or an earlier version's record
 * holding events, to be emptied by the next compaction. */
static int remember_row(telsvc_ctx *ctx, const char *id, uint64_t revision, bool poll_row, size_t n,
			size_t events)
{
	ts_delivery_log *log = &ctx->monitor.log;
	if (poll_row) {
		if (reserve(ctx, n))
			return TELSVC_ENOMEM;
		log->revision[n] = revision;
		if (events && n > log->top)
			log->top = n;
		return TELSVC_OK;
	}
	if (ts_grow(ctx, &log->legacy, &log->legacy_cap, log->legacy_count, sizeof(ts_legacy_row), 16))
		return TELSVC_ENOMEM;
	char *copy = ts_strdup(ctx, id);
	if (!copy)
		return TELSVC_ENOMEM;
	log->legacy[log->legacy_count++] = (ts_legacy_row){ copy, revision };
	return TELSVC_OK;
}

/* "@n" with n a positive decimal number: a poll record; its n into *@n. */
static bool poll_row_id(const char *id, size_t *n)
{
	if (id[0] != '@' || id[1] < '1' || id[1] > '9')
		return false;
	char *end;
	unsigned long long v = strtoull(id + 1, &end, 10);
	if (*end || v > (1ull << 40))
		return false;
	*n = (size_t)v;
	return true;
}

/* "<kind>:<number>" of an earlier version's record: the kind into *@kind, the number returned. */
static const char *legacy_row_id(const char *id, int *kind)
{
	if (id[0] < '1' || id[0] > '0' + TS_KIND_MAX || id[1] != ':' || !id[2])
		return NULL;
	*kind = id[0] - '0';
	return id + 2;
}

static ts_ftype field_type(int tag)
{
	switch (tag) {
	case TAG_NUMBER:
		return TS_F_TEXT;
	case TAG_TAIL:
		return TS_F_BYTES; /* part of a number: it may cut a character */
	case TAG_PROBLEM:
	case TAG_DUE:
		return TS_F_I64;
	default:
		return TS_F_U64;
	}
}

/* Keep @number (@len bytes) as the one the next event's may share bytes with. */
static void number_prev_set(ts_number_prev *prev, const char *number, size_t len)
{
	prev->len = len <= sizeof(prev->bytes) ? len : 0;
	memcpy(prev->bytes, number, prev->len);
}

/* Add the events of record @id to the parked lists. Events name their
 * object (poll records) or the record does (an earlier version's). */
static int read_row(telsvc_ctx *ctx, const char *id, const void *data, size_t size, bool poll_row, int kind,
		    const char *number, size_t *events)
{
	ts_rec_reader r;
	int rc = ts_rec_open(&r, data, size, id);
	if (rc)
		return rc;
	if (r.kind != TELSVC_KIND_DELIVERED)
		return ts_error(TELSVC_ECORRUPT, "delivery record %s: the record is of another kind", id);
	size_t number_len = number ? strlen(number) : 0, shared = 0;
	ts_number_prev prev = { 0 };
	char joined[sizeof(prev.bytes)];
	ts_fired f = { 0 };
	int first = poll_row ? TAG_KIND : TAG_LIMIT, want = first;
	ts_field fd;
	while (ts_rec_next(&r, &fd)) {
		if (fd.tag > TAG_TAIL)
			continue; /* a later version's addition */
		if (fd.tag != want && !(want == TAG_NUMBER && fd.tag == TAG_SHARED))
			return ts_error(TELSVC_ECORRUPT, "delivery record %s: its events are malformed", id);
		int64_t v = (int64_t)fd.value;
		bool ok = fd.type == field_type(fd.tag);
		if (fd.tag == TAG_KIND)
			ok = ok && v >= 1 && v <= TS_KIND_MAX, kind = (int)v;
		else if (fd.tag == TAG_NUMBER)
			ok = ok && fd.size > 0, number = (const char *)fd.data, number_len = fd.size;
		else if (fd.tag == TAG_SHARED)
			ok = ok && fd.value >= 1 && fd.value <= prev.len, shared = (size_t)fd.value;
		else if (fd.tag == TAG_TAIL) {
			ok = ok && shared + fd.size <= sizeof(joined) && !memchr(fd.data, '\0', fd.size);
			if (ok) {
				memcpy(joined, prev.bytes, shared);
				memcpy(joined + shared, fd.data, fd.size);
				number = joined, number_len = shared + fd.size;
			}
		} else if (fd.tag == TAG_LIMIT)
			ok = ok && v >= 0 && v <= INT32_MAX, f.limit = (int32_t)v;
		else if (fd.tag == TAG_PROBLEM)
			ok = ok && v >= INT16_MIN && v <= INT16_MAX, f.problem = (int16_t)v;
		else if (fd.tag == TAG_TYPE)
			ok = ok && v >= TELSVC_EVENT_WARNING && v <= TELSVC_EVENT_ESCALATION, f.type = (uint8_t)v;
		else
			f.due = v;
		if (!ok)
			return ts_error(TELSVC_ECORRUPT, "delivery record %s: its events are malformed", id);
		if (fd.tag == TAG_NUMBER || fd.tag == TAG_TAIL)
			number_prev_set(&prev, number, number_len);
		if (fd.tag != TAG_DUE) {
			want = fd.tag == TAG_KIND     ? TAG_NUMBER
			       : fd.tag == TAG_SHARED ? TAG_TAIL
			       : fd.tag >= TAG_NUMBER ? TAG_LIMIT
						      : fd.tag + 1;
			continue;
		}
		want = first;
		ts_parked *p = parked_get(ctx, kind, number, number_len);
		if (!p || list_add(ctx, &p->list, &f))
			return TELSVC_ENOMEM;
		++*events;
	}
	return want != first ? ts_error(TELSVC_ECORRUPT, "delivery record %s: its last event is incomplete", id)
			     : TELSVC_OK;
}

static int visit_row(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	telsvc_ctx *ctx = payload;
	(void)kind;
	size_t n = 0, events = 0;
	int object_kind = 0;
	bool poll_row = poll_row_id(id, &n);
	const char *number = poll_row ? NULL : legacy_row_id(id, &object_kind);
	if (!poll_row && !number)
		return ts_error(TELSVC_ECORRUPT, "delivery record %s: the id names no object and no poll", id);
	int rc = read_row(ctx, id, data, size, poll_row, object_kind, number, &events);
	if (rc == TELSVC_OK && (poll_row || events))
		rc = remember_row(ctx, id, revision, poll_row, n, events);
	ctx->monitor.log.stored += events;
	return rc;
}

int ts_mlog_load(telsvc_ctx *ctx)
{
	const telsvc_storage *st = &ctx->storage;
	int rc = st->iterate(st->payload, TELSVC_KIND_DELIVERED, visit_row, ctx);
	if (rc && rc != TELSVC_ECORRUPT && rc != TELSVC_ENOMEM)
		rc = ts_storage_status(rc, "iterate", "the delivery records");
	return rc;
}

int ts_mlog_claim(telsvc_ctx *ctx, uint32_t i)
{
	ts_monitor *m = &ctx->monitor;
	ts_slot *s = &m->slots[i];
	if (!m->log.parked.count)
		return TELSVC_OK;
	char buf[KEY_MAX], *key = key_of(ctx, buf, s->obj->ops->kind, s->obj->id, strlen(s->obj->id));
	if (!key)
		return TELSVC_ENOMEM;
	ts_parked *p = ts_registry_get(&m->log.parked, key);
	key_free(ctx, buf, key);
	if (p) {
		ts_registry_remove(&m->log.parked, p->key);
		ts_fired_free(ctx, &s->fired);
		s->fired = p->list;
		ts_free(ctx, p);
	}
	return TELSVC_OK;
}

void ts_mlog_park(telsvc_ctx *ctx, uint32_t i)
{
	ts_monitor *m = &ctx->monitor;
	ts_slot *s = &m->slots[i];
	/* a finished object raises nothing more: what it was delivered can go */
	if (!s->fired.count || m->stale || s->finished)
		return;
	ts_parked *p = parked_get(ctx, s->obj->ops->kind, s->obj->id, strlen(s->obj->id));
	if (p && !p->list.count) {
		ts_fired_free(ctx, &p->list);
		p->list = s->fired;
		s->fired = (ts_fired_list){ 0 };
		return;
	}
	/* another context's deliveries were parked under the same number: add ours */
	for (size_t k = 0; p && k < s->fired.count; k++)
		if (list_add(ctx, &p->list, &ts_fired_items(&s->fired)[k]))
			p = NULL;
	if (!p)
		m->stale = true; /* the next use reads storage again */
}

/* ---- writing ---- */

/* Encode event @f of case @kind:@number after the event whose number is
 * @prev, which then holds @number. */
static void encode_event(ts_sb *sb, ts_number_prev *prev, int kind, const char *number, const ts_fired *f)
{
	size_t len = strlen(number), shared = 0, most = len < prev->len ? len : prev->len;
	while (shared < most && number[shared] == prev->bytes[shared])
		shared++;
	ts_rec_u64(sb, TAG_KIND, (uint64_t)kind);
	if (shared >= SHARED_MIN) {
		ts_rec_u64(sb, TAG_SHARED, shared);
		ts_rec_bytes(sb, TAG_TAIL, number + shared, len - shared);
	} else {
		ts_rec_put_field(sb, TAG_NUMBER, TS_F_TEXT, number, len);
	}
	number_prev_set(prev, number, len);
	ts_rec_u64(sb, TAG_LIMIT, (uint64_t)f->limit);
	ts_rec_i64(sb, TAG_PROBLEM, f->problem);
	ts_rec_u64(sb, TAG_TYPE, f->type);
	ts_rec_i64(sb, TAG_DUE, f->due);
}

int ts_mlog_note(telsvc_ctx *ctx, uint32_t i, const ts_fired *f, size_t *mark)
{
	ts_delivery_log *log = &ctx->monitor.log;
	const ts_object *o = ctx->monitor.slots[i].obj;
	if (!log->poll.ctx)
		ts_sb_init(&log->poll, ctx);
	*mark = log->poll.size;
	if (log->poll_count % EVENTS_PER_RECORD == 0) {
		if (ts_grow(ctx, &log->cuts, &log->cut_cap, log->cut_count, sizeof(size_t), 8))
			return TELSVC_ENOMEM;
		log->cuts[log->cut_count++] = *mark;
		log->prev.len = 0; /* a record's first number is whole */
	}
	log->poll_count++;
	encode_event(&log->poll, &log->prev, o->ops->kind, o->id, f);
	if (log->poll.failed) {
		ts_mlog_unnote(ctx, *mark);
		return TELSVC_ENOMEM;
	}
	return TELSVC_OK;
}

void ts_mlog_unnote(telsvc_ctx *ctx, size_t mark)
{
	ts_delivery_log *log = &ctx->monitor.log;
	log->poll_count--;
	ts_sb_truncate(&log->poll, mark);
	log->prev.len = 0; /* the event before is not kept: the next number is whole */
	if (log->cut_count && log->cuts[log->cut_count - 1] == mark)
		log->cut_count--; /* the event began a record */
}

/* Put delivery record @id, at @revision, with body @body of @size bytes,
 * built in @rec. */
static int put_record(telsvc_ctx *ctx, const char *id, uint64_t revision, ts_sb *rec, const char *body, size_t size)
{
	const telsvc_storage *st = &ctx->storage;
	ts_sb_truncate(rec, 0);
	ts_rec_begin(rec, TELSVC_KIND_DELIVERED);
	ts_sb_append(rec, body, size);
	int rc = ts_rec_finish(rec);
	if (rc == TELSVC_OK && (rc = st->put(st->payload, TELSVC_KIND_DELIVERED, id, revision, rec->ptr, rec->size)))
		rc = ts_storage_status(rc, "put", "a delivery record");
	return rc;
}

/* Put record "@@n", rewriting whatever it held; its revision has room (reserve). */
static int put_row(telsvc_ctx *ctx, size_t n, ts_sb *rec, const char *body, size_t size)
{
	char id[32];
	snprintf(id, sizeof(id), "@%zu", n);
	return put_record(ctx, id, ctx->monitor.log.revision[n], rec, body, size);
}

static int txn_begin(telsvc_ctx *ctx, const char *what)
{
	const telsvc_storage *st = &ctx->storage;
	int rc = st->begin(st->payload);
	return rc ? ts_storage_status(rc, "begin", what) : TELSVC_OK;
}

/* Commit, or roll back after @rc. */
static int txn_end(telsvc_ctx *ctx, int rc, const char *what)
{
	const telsvc_storage *st = &ctx->storage;
	if (rc) {
		st->rollback(st->payload);
		return rc;
	}
	if ((rc = st->commit(st->payload)))
		return ts_storage_status(rc, "commit", what);
	return TELSVC_OK;
}

static int compact(telsvc_ctx *ctx);

int ts_mlog_store(telsvc_ctx *ctx)
{
	ts_delivery_log *log = &ctx->monitor.log;
	const char *what = "storing deliveries";
	/* the poll's records follow the last one holding events; those above hold nothing */
	size_t events = log->poll_count, records = log->cut_count, first = log->top + 1;
	/* room to count the records first: nothing can fail after the commit */
	int rc = reserve(ctx, first + records - 1);
	if (rc == TELSVC_OK && (rc = txn_begin(ctx, what)) == TELSVC_OK) {
		if (!log->rec.ctx)
			ts_sb_init(&log->rec, ctx);
		for (size_t k = 0; k < records && rc == TELSVC_OK; k++) {
			size_t to = k + 1 < records ? log->cuts[k + 1] : log->poll.size;
			rc = put_row(ctx, first + k, &log->rec, log->poll.ptr + log->cuts[k], to - log->cuts[k]);
		}
		rc = txn_end(ctx, rc, what);
	}
	ts_sb_truncate(&log->poll, 0);
	log->poll_count = log->cut_count = 0;
	if (rc)
		return rc;
	for (size_t k = 0; k < records; k++) /* after the commit, each one revision on */
		log->revision[first + k]++;
	log->top = first + records - 1;
	log->stored += events;
	/* a stale monitor's lists are not what storage holds: compacting from
	 * them could drop or add events; the rebuild at its next use reads them */
	if (!ctx->monitor.stale && log->dead >= COMPACT_MIN && log->dead > log->stored / 2 && compact(ctx) != TELSVC_OK)
		ctx->monitor.stale = true; /* storage is as before or unknown: read it again next time */
	return TELSVC_OK;
}

/* ---- compaction ---- */

typedef struct compactor {
	telsvc_ctx *ctx;
	ts_sb body, rec;
	ts_number_prev prev; /* of @body's last event */
	size_t n, in_body, events;
	int rc;
} compactor;

static void flush(compactor *c)
{
	if (c->rc == TELSVC_OK && c->in_body && (c->rc = reserve(c->ctx, ++c->n)) == TELSVC_OK)
		c->rc = put_row(c->ctx, c->n, &c->rec, c->body.ptr, c->body.size);
	ts_sb_truncate(&c->body, 0);
	c->in_body = 0;
	c->prev.len = 0;
}

static void keep_list(compactor *c, int kind, const char *number, const ts_fired_list *l)
{
	for (size_t i = 0; i < l->count && c->rc == TELSVC_OK; i++) {
		encode_event(&c->body, &c->prev, kind, number, &ts_fired_items(l)[i]);
		c->events++;
		if (++c->in_body == EVENTS_PER_RECORD)
			flush(c);
	}
	if (c->body.failed)
		c->rc = TELSVC_ENOMEM;
}

/* Rewrite the events still needed — those of unfinished objects in
 * memory and every parked list — into "@1", "@2" ..., and empty every
 * other delivery record, in one transaction. */
static int compact(telsvc_ctx *ctx)
{
	ts_monitor *m = &ctx->monitor;
	ts_delivery_log *log = &m->log;
	const char *what = "compacting the delivery records";
	compactor c = { .ctx = ctx };
	ts_sb_init(&c.body, ctx);
	ts_sb_init(&c.rec, ctx);
	c.rc = txn_begin(ctx, what);
	for (size_t i = 1; i < m->slot_count && c.rc == TELSVC_OK; i++) {
		ts_slot *s = &m->slots[i];
		if (s->obj && s->fired.count && !s->finished)
			keep_list(&c, s->obj->ops->kind, s->obj->id, &s->fired);
	}
	for (size_t i = 0; i < log->parked.cap && c.rc == TELSVC_OK; i++)
		if (log->parked.keys[i]) {
			const ts_parked *p = log->parked.values[i];
			keep_list(&c, p->kind, p->key + 2, &p->list);
		}
	flush(&c);
	size_t written = c.n;
	for (size_t n = written + 1; n <= log->top && c.rc == TELSVC_OK; n++)
		if (log->revision[n])
			c.rc = put_row(ctx, n, &c.rec, "", 0);
	for (size_t k = 0; k < log->legacy_count && c.rc == TELSVC_OK; k++)
		c.rc = put_record(ctx, log->legacy[k].id, log->legacy[k].revision, &c.rec, "", 0);
	ts_sb_free(&c.body);
	ts_sb_free(&c.rec);
	int rc = txn_end(ctx, c.rc, what);
	if (rc)
		return rc;
	/* the records written and those emptied are one revision on */
	for (size_t n = 1; n <= log->top || n <= written; n++)
		if (n <= written || log->revision[n])
			log->revision[n]++;
	log->top = written;
	for (size_t k = 0; k < log->legacy_count; k++)
		ts_free(ctx, log->legacy[k].id);
	log->legacy_count = 0;
	for (size_t i = 1; i < m->slot_count; i++)
		if (m->slots[i].finished)
			m->slots[i].fired.count = 0;
	log->stored = c.events;
	log->dead = 0;
	return TELSVC_OK;
}

void ts_mlog_free(telsvc_ctx *ctx)
{
	ts_delivery_log *log = &ctx->monitor.log;
	for (size_t i = 0; i < log->parked.cap; i++)
		if (log->parked.keys[i])
			parked_free(ctx, log->parked.values[i]);
	ts_registry_free(ctx, &log->parked);
	for (size_t k = 0; k < log->legacy_count; k++)
		ts_free(ctx, log->legacy[k].id);
	ts_free(ctx, log->legacy);
	ts_free(ctx, log->revision);
	ts_free(ctx, log->cuts);
	if (log->poll.ctx)
		ts_sb_free(&log->poll);
	if (log->rec.ctx)
		ts_sb_free(&log->rec);
	*log = (ts_delivery_log){ 0 };
}
