/* Histories of events: appending, undoing, encoding and reading back. */
#include "event.h"
#include "context.h"

int ts_history_push(telsvc_ctx *ctx, ts_history *h, int action, int64_t at, const char *actor, const char *role,
		    int64_t arg, const char *note)
{
	if (ts_grow(ctx, &h->items, &h->cap, h->count, sizeof(ts_event), 8))
		return TELSVC_ENOMEM;
	const char *a = ts_intern(ctx, &ctx->names, actor), *r = a ? ts_intern(ctx, &ctx->names, role) : NULL;
	char *n = r && note && note[0] ? ts_strdup(ctx, note) : NULL;
	if (!r || (note && note[0] && !n))
		return TELSVC_ENOMEM;
	h->items[h->count++] = (ts_event){ action, at, a, r, arg, n };
	return TELSVC_OK;
}

void ts_history_truncate(telsvc_ctx *ctx, ts_history *h, size_t count)
{
	while (h->count > count)
		ts_free(ctx, h->items[--h->count].note);
}

void ts_history_free(telsvc_ctx *ctx, ts_history *h)
{
	ts_history_truncate(ctx, h, 0);
	ts_free(ctx, h->items);
	*h = (ts_history){ 0 };
}

void ts_event_encode(const ts_event *e, ts_sb *sb)
{
	ts_rec_u64(sb, TS_TAG_EV_ACTION, (uint64_t)e->action);
	ts_rec_i64(sb, TS_TAG_EV_AT, e->at);
	ts_rec_text(sb, TS_TAG_EV_ACTOR, e->actor);
	ts_rec_text(sb, TS_TAG_EV_ROLE, e->role);
	if (e->note)
		ts_rec_text(sb, TS_TAG_EV_NOTE, e->note);
	ts_rec_i64(sb, TS_TAG_EV_ARG, e->arg);
}

int ts_history_check_next(const ts_history *h, int action, int64_t at, const char *noun, const char *id)
{
	bool first = h->count == 0;
	if (first != (action == 0))
		return ts_error(TELSVC_ECORRUPT, "%s %s: the history does not start with the intake", noun, id);
	if (!first && at < h->items[h->count - 1].at)
		return ts_error(TELSVC_ECORRUPT, "%s %s: the history goes back in time", noun, id);
	return TELSVC_OK;
}

static int corrupt(const char *what, const char *fault)
{
	return ts_error(TELSVC_ECORRUPT, "%s: %s", what, fault);
}

/* Take a text field into *slot, which must be empty. */
static int take_text(telsvc_ctx *ctx, char **slot, const ts_field *f, const char *what)
{
	if (f->type != TS_F_TEXT || *slot)
		return corrupt(what, "an event's text field is malformed or repeated");
	*slot = ts_strndup(ctx, (const char *)f->data, f->size);
	return *slot ? TELSVC_OK : TELSVC_ENOMEM;
}

int ts_event_read(telsvc_ctx *ctx, ts_event_reader *r, const ts_field *f, const char *what, int max_action)
{
	bool is_int = f->type == TS_F_U64 || f->type == TS_F_I64;
	uint64_t v = is_int ? ts_field_u64(f) : 0;
	/* an event begins with its action: a field held before one would be
	 * taken by the next event written after it, which could not be read */
	if (f->tag > TS_TAG_EV_ACTION && f->tag <= TS_TAG_EV_NOTE && r->action < 0)
		return corrupt(what, "an event's field comes before its action");
	switch (f->tag) {
	case TS_TAG_EV_ACTION:
		if (r->action >= 0 || !is_int || v > (uint64_t)max_action)
			return corrupt(what, "an event is malformed");
		r->action = (int)v;
		return TELSVC_OK;
	case TS_TAG_EV_AT:
		r->at = (int64_t)v;
		return TELSVC_OK;
	case TS_TAG_EV_ACTOR:
		return take_text(ctx, &r->actor, f, what);
	case TS_TAG_EV_ROLE:
		return take_text(ctx, &r->role, f, what);
	case TS_TAG_EV_NOTE:
		return take_text(ctx, &r->note, f, what);
	case TS_TAG_EV_ARG:
		if (!r->actor || !r->role)
			return corrupt(what, "an event is incomplete");
		r->arg = (int64_t)v;
		return 1;
	default:
		return TELSVC_OK; /* a later format's field */
	}
}

void ts_event_reader_clear(telsvc_ctx *ctx, ts_event_reader *r)
{
	ts_free(ctx, r->actor);
	ts_free(ctx, r->role);
	ts_free(ctx, r->note);
	*r = (ts_event_reader)TS_EVENT_READER_INIT;
}
