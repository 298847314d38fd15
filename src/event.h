/* One change in an object's history, and its place in the stored record.
 * Requests, complaints and incidents keep their history as events; the
 * history is the source of truth, everything else is derived from it. */
#ifndef TS_EVENT_H
#define TS_EVENT_H

#include "buf.h"
#include "common.h"
#include "record.h"

/* The longest note, or free text at intake, an object holds: 64 KiB. */
#define TS_TEXT_MAX 65536

typedef struct ts_event {
	int action; /* 0: the intake */
	int64_t at;
	const char *actor; /* interned in the context (ts_intern) */
	const char *role;
	int64_t arg;
	char *note; /* owned; NULL: none */
} ts_event;

/* Record tags of an event (docs/record-format.md): action, at, actor,
 * role, then an optional note, and the argument, which ends the event.
 * Tags below TS_TAG_EV_ACTION hold the object's intake fields. */
enum {
	TS_TAG_EV_ACTION = 20,
	TS_TAG_EV_AT,
	TS_TAG_EV_ACTOR,
	TS_TAG_EV_ROLE,
	TS_TAG_EV_ARG,
	TS_TAG_EV_NOTE,
};

/* A history: a growing array of events. */
typedef struct ts_history {
	ts_event *items;
	size_t count, cap;
} ts_history;

/* Append an event, interning its actor and role and copying its note;
 * TELSVC_ENOMEM leaves the history unchanged. */
int ts_history_push(telsvc_ctx *ctx, ts_history *h, int action, int64_t at, const char *actor, const char *role,
		    int64_t arg, const char *note);
/* Drop the events from @count on. */
void ts_history_truncate(telsvc_ctx *ctx, ts_history *h, size_t count);
void ts_history_free(telsvc_ctx *ctx, ts_history *h);

void ts_event_encode(const ts_event *e, ts_sb *sb);

/* May a stored event (@action at @at) come next in @h? The intake first,
 * and never back in time; ECORRUPT names @noun @id. */
int ts_history_check_next(const ts_history *h, int action, int64_t at, const char *noun, const char *id);

/* Reads the events of a record, field by field. */
typedef struct ts_event_reader {
	int action; /* -1 between events */
	int64_t at, arg;
	char *actor, *role, *note; /* owned until the event is taken */
} ts_event_reader;

#define TS_EVENT_READER_INIT { -1, 0, 0, NULL, NULL, NULL }

/* Feed field @f (tag >= TS_TAG_EV_ACTION) of object @what. Returns
 * TELSVC_OK, 1 when the field completed an event (then in @r until the
 * next call), or TELSVC_ECORRUPT / TELSVC_ENOMEM. Unknown tags are skipped. */
int ts_event_read(telsvc_ctx *ctx, ts_event_reader *r, const ts_field *f, const char *what, int max_action);
/* Free what @r holds and make it ready for the next event. */
void ts_event_reader_clear(telsvc_ctx *ctx, ts_event_reader *r);

#endif
