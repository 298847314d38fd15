/* The case engine: intake, changes, undo, storage and decoding for every
 * kind described by a ts_case_kind. The same check and apply functions
 * serve live changes and the replay of a stored history, so a reloaded
 * case is identical to the one stored. */
#include "case.h"
#include "export.h"
#include "policy_internal.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

static void *derived_of(const ts_case *c)
{
	return (char *)c + c->kind->derived_offset;
}

int ts_case_new(ts_case **out, const ts_case_kind *k, telsvc_ctx *ctx)
{
	ts_case *c = ts_calloc(ctx, 1, k->object_size);
	if (!c)
		return TELSVC_ENOMEM;
	c->o.ops = &k->ops;
	c->o.ctx = ctx;
	c->kind = k;
	ts_sb_init(&c->enc, ctx);
	*out = c;
	return TELSVC_OK;
}

int ts_case_set_text(ts_case *c, size_t i, const char *text)
{
	char *copy = ts_strdup(c->o.ctx, text);
	if (!copy)
		return TELSVC_ENOMEM;
	ts_free(c->o.ctx, c->text[i]);
	c->text[i] = copy;
	return TELSVC_OK;
}

void ts_case_free(ts_object *o)
{
	ts_case *c = (ts_case *)o;
	if (!c)
		return;
	telsvc_ctx *ctx = o->ctx;
	for (size_t i = 0; i < TS_CASE_FIELDS; i++)
		ts_free(ctx, c->text[i]);
	for (size_t i = 0; i < TS_CASE_CLOCKS; i++)
		telsvc_sla_free(c->clocks[i]);
	ts_history_free(ctx, &c->history);
	ts_sb_free(&c->enc);
	ts_free(ctx, o->id);
	ts_free(ctx, c);
}

/* ---- undo ---- */

static void mark_of(const ts_case *c, ts_case_mark *m)
{
	m->h = (ts_mark_head){ .revision = c->o.revision };
	m->events = c->history.count;
	m->enc_size = c->enc.size;
	m->enc_crc = c->enc_crc;
	m->state = c->kind->state(c);
	for (size_t i = 0; i < c->kind->clock_count; i++) {
		ts_clock_mark *cm = &m->clocks[i];
		ts_sla_mark(c->clocks[i], &cm->pauses, &cm->last_to, &cm->stop, &cm->limit);
	}
	memcpy(m->derived, derived_of(c), c->kind->derived_size);
}

void ts_case_undo(ts_object *o, const void *mark)
{
	ts_case *c = (ts_case *)o;
	const ts_case_mark *m = mark;
	ts_history_truncate(o->ctx, &c->history, m->events);
	o->revision = m->h.revision;
	ts_sb_truncate(&c->enc, m->enc_size);
	c->enc_crc = m->enc_crc;
	for (size_t i = 0; i < c->kind->clock_count; i++) {
		const ts_clock_mark *cm = &m->clocks[i];
		ts_sla_restore(c->clocks[i], cm->pauses, cm->last_to, cm->stop, cm->limit);
	}
	memcpy(derived_of(c), m->derived, c->kind->derived_size);
}

/* ---- encoding and storing ---- */

static void encode_head(const ts_case *c, ts_sb *sb)
{
	const ts_case_kind *k = c->kind;
	ts_rec_begin(sb, k->ops.kind);
	ts_rec_text(sb, TS_CASE_TAG_NUMBER, c->o.id);
	for (size_t i = 0; i < k->field_count; i++) {
		uint16_t tag = (uint16_t)(2 + i);
		if (!k->fields[i].text)
			ts_rec_i64(sb, tag, c->num[i]);
		else if (c->text[i])
			ts_rec_text(sb, tag, c->text[i]);
	}
	ts_rec_i64(sb, TS_CASE_TAG_RECEIVED, c->received_at);
	ts_rec_u64(sb, TS_CASE_TAG_SEQ, c->o.seq);
}

/* Persist the change that appended the last event (ts_store_event). */
static int store(ts_case *c, const ts_case_mark *mark)
{
	if (c->enc.size == 0)
		encode_head(c, &c->enc);
	return ts_store_event(&c->o, &c->history.items[c->history.count - 1], &c->enc, &c->enc_crc, mark->enc_size,
			      mark->state, c->kind->state(c), mark);
}

/* ---- intake and changes ---- */

int ts_case_submit(ts_case *c, const telsvc_actor *actor, const char *fn)
{
	const ts_case_kind *k = c->kind;
	telsvc_ctx *ctx = c->o.ctx;
	const char *noun = k->ops.noun;
	char number[128];
	int rc = ts_store_ready(ctx, fn);
	if (rc == TELSVC_OK)
		rc = ts_check_actor(ctx, actor, fn);
	if (rc == TELSVC_OK)
		rc = ts_store_sync_numbers(ctx);
	if (rc == TELSVC_OK) {
		if (!c->received_at)
			telsvc_ctx_now(&c->received_at, ctx);
		c->o.seq = ctx->seqs[k->ops.kind] + 1;
		ts_object_number(ctx, k->number_pattern, c->received_at, c->o.seq, number, sizeof(number));
		rc = ts_object_permitted(ctx->policy, k->permit_create, noun, number, k->action_names[0], actor->role);
	}
	if (rc == TELSVC_OK && ts_registry_get(&ctx->objects[k->ops.kind], number))
		rc = ts_error(TELSVC_ECONFLICT, "%s: %s %s already exists", fn, noun, number);
	if (rc == TELSVC_OK && !(c->o.id = ts_strdup(ctx, number)))
		rc = TELSVC_ENOMEM;
	if (rc == TELSVC_OK)
		rc = k->start(c);
	if (rc == TELSVC_OK)
		rc = ts_history_push(ctx, &c->history, 0, c->received_at, actor->id, actor->role, 0, NULL);
	if (rc == TELSVC_OK)
		rc = ts_registry_put(ctx, &ctx->objects[k->ops.kind], c->o.id, c);
	if (rc) {
		ts_case_free(&c->o);
		return rc;
	}
	ts_case_mark mark;
	mark_of(c, &mark);
	mark.h.created = true;
	mark.state = 0; /* the audit record shows the change from nothing */
	if ((rc = store(c, &mark)))
		return rc; /* the undo removed and freed it */
	ctx->seqs[k->ops.kind]++;
	return TELSVC_OK;
}

static int apply(ts_case *c, int action, const telsvc_actor *actor, int64_t at, int64_t arg, const char *note,
		 const char *fn)
{
	if (!c)
		return ts_error(TELSVC_EINVAL, "%s: the object is NULL", fn);
	const ts_case_kind *k = c->kind;
	telsvc_ctx *ctx = c->o.ctx;
	int rc = ts_object_change_ready(&c->o, actor, note, &at, c->history.items[c->history.count - 1].at, fn);
	if (rc)
		return rc;
	if (action < 1 || action > k->max_action)
		return ts_error(TELSVC_EINVAL, "%s %s: unknown action %d", k->ops.noun, c->o.id, action);
	ts_event e = { action, at, actor->id, actor->role, arg, (char *)(note && note[0] ? note : NULL) };
	if ((rc = k->check(c, ctx->policy, &e, false)) ||
	    (rc = ts_object_permitted(ctx->policy, k->permit(c, action), k->ops.noun, c->o.id,
				      k->action_names[action], actor->role)))
		return rc;
	ts_case_mark mark;
	mark_of(c, &mark);
	if ((rc = ts_history_push(ctx, &c->history, action, at, actor->id, actor->role, arg, note)))
		return rc;
	if ((rc = k->apply(c, ctx->policy, &c->history.items[c->history.count - 1]))) {
		ts_case_undo(&c->o, &mark);
		return rc;
	}
	return store(c, &mark);
}

int ts_case_apply(ts_case *c, int action, const telsvc_actor *actor, int64_t at, int64_t arg, const char *note,
		  const char *fn)
{
	telsvc_ctx *ctx = c ? c->o.ctx : NULL; /* a failed change may free a case it created */
	return ts_store_failed(ctx, apply(c, action, actor, at, arg, note, fn));
}

/* ---- decoding: replay the stored history ---- */

static int corrupt(const ts_case_kind *k, const char *id, const char *what)
{
	return ts_error(TELSVC_ECORRUPT, "%s %s: %s", k->ops.noun, id, what);
}

/* A stored event the rules refuse, by the message of the refusal. */
static int broken_history(const ts_case_kind *k, const char *id)
{
	return ts_error(TELSVC_ECORRUPT, "%s %s: stored history breaks the rules: %s", k->ops.noun, id,
			telsvc_error_last());
}

/* Take intake field @f into @c. */
static int read_field(ts_case *c, const ts_field *f, const char *id)
{
	const ts_case_kind *k = c->kind;
	bool is_int = f->type == TS_F_U64 || f->type == TS_F_I64;
	if (f->tag == TS_CASE_TAG_NUMBER) {
		if (f->type != TS_F_TEXT || f->size != strlen(id) || memcmp(f->data, id, f->size) != 0)
			return corrupt(k, id, "the stored number differs from the object's id");
		if (c->o.id)
			return corrupt(k, id, "the number is repeated");
		c->o.id = ts_strdup(c->o.ctx, id);
		return c->o.id ? TELSVC_OK : TELSVC_ENOMEM;
	}
	if (f->tag == TS_CASE_TAG_RECEIVED || f->tag == TS_CASE_TAG_SEQ) {
		if (!is_int)
			return corrupt(k, id, "a number field is malformed");
		if (f->tag == TS_CASE_TAG_RECEIVED)
			c->received_at = (int64_t)ts_field_u64(f);
		else
			c->o.seq = ts_field_u64(f);
		return TELSVC_OK;
	}
	size_t i = (size_t)f->tag - 2;
	if (f->tag < 2 || i >= k->field_count)
		return TELSVC_OK; /* a later format's field */
	if (!k->fields[i].text) {
		if (!is_int)
			return corrupt(k, id, "a number field is malformed");
		c->num[i] = (int64_t)ts_field_u64(f);
		return TELSVC_OK;
	}
	if (f->type != TS_F_TEXT || c->text[i])
		return corrupt(k, id, "a text field is malformed or repeated");
	c->text[i] = ts_strndup(c->o.ctx, (const char *)f->data, f->size);
	return c->text[i] ? TELSVC_OK : TELSVC_ENOMEM;
}

/* The intake fields are read: check them and derive the starting state. */
static int begin_history(ts_case *c, const char *id)
{
	const ts_case_kind *k = c->kind;
	if (!c->o.id)
		return corrupt(k, id, "the record has no number");
	for (size_t i = 0; i < k->field_count; i++)
		if (k->fields[i].required && (!c->text[i] || !c->text[i][0]))
			return corrupt(k, id, "a required field is missing");
	if (!k->valid(c))
		return corrupt(k, id, "the intake fields are invalid");
	return k->start(c);
}

/* Replay one stored event. */
static int replay_event(ts_case *c, const ts_event_reader *ev, const char *id)
{
	const ts_case_kind *k = c->kind;
	telsvc_ctx *ctx = c->o.ctx;
	int rc = ts_history_check_next(&c->history, ev->action, ev->at, k->ops.noun, id);
	if (rc)
		return rc;
	bool first = c->history.count == 0;
	ts_event e = { ev->action, ev->at, ev->actor, ev->role, ev->arg, ev->note };
	if (!first && k->check(c, ctx->policy, &e, true) != TELSVC_OK)
		return broken_history(k, id);
	if ((rc = ts_history_push(ctx, &c->history, ev->action, ev->at, ev->actor, ev->role, ev->arg, ev->note)))
		return rc;
	/* applying can still refuse what the check could not see, such as a
	 * clock paused before the receipt it started at */
	if (!first && (rc = k->apply(c, ctx->policy, &c->history.items[c->history.count - 1])) != TELSVC_OK &&
	    rc != TELSVC_ENOMEM)
		return broken_history(k, id);
	return rc;
}

int ts_case_decode(const ts_kind_ops *ops, telsvc_ctx *ctx, const char *id, uint64_t revision, const void *data,
		   size_t size, ts_object **out)
{
	const ts_case_kind *k = (const ts_case_kind *)ops;
	char what[96];
	snprintf(what, sizeof(what), "%s %s", ops->noun, id);
	ts_rec_reader r;
	int rc = ts_rec_open(&r, data, size, what);
	if (rc)
		return rc;
	if (r.kind != ops->kind)
		return corrupt(k, id, "the record is of another kind");
	ts_case *c;
	if ((rc = ts_case_new(&c, k, ctx)))
		return rc;
	ts_event_reader ev = TS_EVENT_READER_INIT;
	bool started = false;
	ts_field f;
	while (rc == TELSVC_OK && ts_rec_next(&r, &f)) {
		if (f.tag < TS_TAG_EV_ACTION) {
			rc = started ? corrupt(k, id, "an intake field follows the history") : read_field(c, &f, id);
			continue;
		}
		if (!started && (rc = begin_history(c, id)))
			break;
		started = true;
		int got = ts_event_read(ctx, &ev, &f, what, k->max_action);
		if (got == 1) {
			rc = replay_event(c, &ev, id);
			ts_event_reader_clear(ctx, &ev);
		} else {
			rc = got;
		}
	}
	bool pending = ev.action >= 0;
	ts_event_reader_clear(ctx, &ev);
	if (rc == TELSVC_OK && (!c->history.count || pending))
		rc = corrupt(k, id, c->history.count ? "the last event is incomplete" : "the record holds no history");
	if (rc == TELSVC_OK) {
		c->o.revision = revision;
		ts_sb_append(&c->enc, data, size - TS_REC_TRAILER);
		if (c->enc.failed)
			rc = TELSVC_ENOMEM;
	}
	if (rc) {
		ts_case_free(&c->o);
		return rc;
	}
	*out = &c->o;
	return TELSVC_OK;
}

/* ---- getters ---- */

int ts_case_history_at(const ts_case *c, size_t index, int *action, int64_t *at, const char **actor_id,
		       const char **role, const char *fn)
{
	if (!action || !at || !actor_id || !role)
		return ts_error(TELSVC_EINVAL, "%s: an argument is NULL", fn);
	if (!c || index >= c->history.count)
		return ts_error(TELSVC_EINVAL, "%s: no change %zu", fn, index);
	const ts_event *e = &c->history.items[index];
	*action = e->action;
	*at = e->at;
	*actor_id = e->actor;
	*role = e->role;
	return TELSVC_OK;
}

const char *ts_case_history_note(const ts_case *c, size_t index)
{
	if (!c || index >= c->history.count)
		return NULL;
	return c->history.items[index].note ? c->history.items[index].note : "";
}

int ts_case_deadline_at(telsvc_param *limit, int64_t *due, int64_t *done, const ts_case *c, size_t index,
			const char *fn)
{
	if (!limit || !due || !done || !c || index >= c->kind->clock_count)
		return ts_error(TELSVC_EINVAL, "%s: no deadline %zu", fn, index);
	const telsvc_sla *sla = c->clocks[index];
	*limit = telsvc_sla_limit(sla);
	*done = telsvc_sla_stopped_at(sla);
	return telsvc_sla_deadline(due, sla, c->o.ctx->policy);
}

/* ---- export ---- */

void ts_case_export(const ts_object *o, ts_export *x)
{
	const ts_case *c = (const ts_case *)o;
	const ts_case_kind *k = c->kind;
	ts_sb_printf(x->sb, ",\"state\":\"%s\",\"received_at\":", k->state_keys[k->state(c)]);
	ts_json_instant(x->sb, x->policy, c->received_at);
	for (size_t i = 0; i < k->field_count; i++) {
		const ts_case_field *f = &k->fields[i];
		if (f->internal)
			continue;
		if (f->personal)
			ts_export_personal(x, f->name, c->text[i]);
		else if (f->text)
			ts_export_text(x, f->name, c->text[i]);
		else
			ts_sb_printf(x->sb, ",\"%s\":%lld", f->name, (long long)c->num[i]);
	}
	k->export_extra(c, x);
	if (k->clock_count) {
		ts_sb_puts(x->sb, ",\"deadlines\":[");
		for (size_t i = 0; i < k->clock_count; i++) {
			telsvc_param limit = 0;
			int64_t due, done = TELSVC_NEVER;
			if (ts_case_deadline_at(&limit, &due, &done, c, i, "export") != TELSVC_OK)
				due = TELSVC_NEVER; /* a calendar the policy lacks: no deadline to show */
			ts_export_deadline(x, limit, due, done, i == 0);
		}
		ts_sb_puts(x->sb, "]");
	}
	ts_export_history(x, &c->history, k->action_keys);
}

void ts_case_prefetch(const ts_object *o, int stage)
{
	const ts_case *c = (const ts_case *)o;
	if (stage == 0) {
		/* not c->kind->object_size: reading it would wait for the miss */
		ts_prefetch_range(c, sizeof(*c) + TS_CASE_DERIVED);
		return;
	}
	for (size_t i = 0; i < c->kind->clock_count; i++)
		TS_PREFETCH(c->clocks[i]);
	TS_PREFETCH(c->history.items);
	TS_PREFETCH(c->history.items + 1);
	TS_PREFETCH(c->history.items + c->history.count - 1);
}

size_t ts_case_watches(const ts_object *o, ts_watch *out, size_t cap)
{
	const ts_case *c = (const ts_case *)o;
	size_t n = 0;
	for (size_t i = 0; i < c->kind->clock_count; i++)
		if (telsvc_sla_state_of(c->clocks[i]) != TELSVC_SLA_STOPPED)
			ts_watch_put(out, cap, &n, (ts_watch){ telsvc_sla_limit(c->clocks[i]), -1, c->clocks[i], 0 });
	return n;
}
