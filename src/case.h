/* Complaints and incidents share one engine: fields fixed at intake, a
 * history of events that drives the kind's state machine, SLA clocks, and
 * the record, undo, storage and decoding every change goes through. A
 * kind gives its fields and rules in a ts_case_kind. */
#ifndef TS_CASE_H
#define TS_CASE_H

#include "buf.h"
#include "event.h"
#include "object.h"
#include "record.h"
#include "sla_internal.h"
#include "telsvc/policy.h"

#define TS_CASE_FIELDS 16
#define TS_CASE_CLOCKS 4
#define TS_CASE_DERIVED 128

/* Record tags (docs/record-format.md): 1 the number, 2 + i field i,
 * then the receipt time and the sequence; events from TS_TAG_EV_ACTION. */
enum { TS_CASE_TAG_NUMBER = 1, TS_CASE_TAG_RECEIVED = 18, TS_CASE_TAG_SEQ = 19 };

typedef struct ts_case ts_case;

typedef struct ts_case_field {
	const char *name; /* the intake member it comes from, for messages */
	bool text;        /* text, or an integer */
	bool required;    /* text: present and not empty */
	bool personal;    /* §7.2: personal data */
	bool internal;    /* kept for the record; the kind exports what it means */
} ts_case_field;

typedef struct ts_case_kind {
	ts_kind_ops ops; /* first, so a case's o.ops leads back here */
	const ts_case_field *fields;
	size_t field_count;
	size_t object_size;  /* of the kind's object, which starts with a ts_case */
	size_t derived_offset, derived_size; /* its derived state within the object */
	size_t clock_count;
	int max_action;
	const char *const *action_names; /* by action; [0] the intake */
	const char *const *state_keys;   /* by state, for exports: "fed_back" */
	const char *const *action_keys;  /* by action, for exports: "return_visit" */
	telsvc_param number_pattern;
	telsvc_param permit_create;
	/* Check the fields of a stored case (ECORRUPT is the engine's). */
	bool (*valid)(const ts_case *c);
	/* Derive the state at intake and start the clocks from the fields. */
	int (*start)(ts_case *c);
	int (*state)(const ts_case *c);
	/* May @e happen now? @replay: a stored event, judged by the rules that
	 * do not depend on the policy of the day. */
	int (*check)(const ts_case *c, const telsvc_policy *p, const ts_event *e, bool replay);
	/* The role list that permits @action now (0: none decides). */
	telsvc_param (*permit)(const ts_case *c, int action);
	/* Apply an allowed event (the last in the history). May fail only for
	 * memory, or for a stored history whose times the clocks refuse; the
	 * engine then undoes. */
	int (*apply)(ts_case *c, const telsvc_policy *p, const ts_event *e);
	/* Write the kind's own members of an export (class, reasons ...). */
	void (*export_extra)(const ts_case *c, struct ts_export *x);
} ts_case_kind;

struct ts_case {
	ts_object o;
	const ts_case_kind *kind;
	char *text[TS_CASE_FIELDS];
	int64_t num[TS_CASE_FIELDS];
	int64_t received_at;
	telsvc_sla *clocks[TS_CASE_CLOCKS];
	ts_history history;
	/* the stored record without its checksum: a change appends its event */
	ts_sb enc;
	ts_rec_crc enc_crc;
};

typedef struct ts_clock_mark {
	size_t pauses;
	int64_t last_to, stop;
	telsvc_param limit;
} ts_clock_mark;

typedef struct ts_case_mark {
	ts_mark_head h;
	size_t events, enc_size;
	ts_rec_crc enc_crc;
	int state; /* before the change, for its audit record */
	ts_clock_mark clocks[TS_CASE_CLOCKS];
	unsigned char derived[TS_CASE_DERIVED];
} ts_case_mark;

/* A new case of kind @k in memory, its fields empty. */
int ts_case_new(ts_case **out, const ts_case_kind *k, telsvc_ctx *ctx);
/* Copy @text into text field @i. */
int ts_case_set_text(ts_case *c, size_t i, const char *text);
/* Number a case made by ts_case_new and filled, derive its state, and
 * store it with its intake event by @actor; on any failure it is freed. */
int ts_case_submit(ts_case *c, const telsvc_actor *actor, const char *fn);
/* Apply @action to @c: the engine's checks, then the kind's, stored. */
int ts_case_apply(ts_case *c, int action, const telsvc_actor *actor, int64_t at, int64_t arg, const char *note,
		  const char *fn);

/* The kind ops every case kind uses. */
int ts_case_decode(const ts_kind_ops *ops, telsvc_ctx *ctx, const char *id, uint64_t revision, const void *data,
		   size_t size, ts_object **out);
void ts_case_free(ts_object *o);
void ts_case_undo(ts_object *o, const void *mark);
void ts_case_export(const ts_object *o, struct ts_export *x);
/* Every clock still running or paused. */
size_t ts_case_watches(const ts_object *o, ts_watch *out, size_t cap);
void ts_case_prefetch(const ts_object *o, int stage);

/* Getters shared by the kinds' public functions. */
int ts_case_history_at(const ts_case *c, size_t index, int *action, int64_t *at, const char **actor_id,
		       const char **role, const char *fn);
const char *ts_case_history_note(const ts_case *c, size_t index);
/* Clock @index's limit, deadline and when it was met. */
int ts_case_deadline_at(telsvc_param *limit, int64_t *due, int64_t *done, const ts_case *c, size_t index,
			const char *fn);

#endif
