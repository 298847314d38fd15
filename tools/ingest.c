/* One event at a time into the library: find the op, check the keys,
 * translate names to the library's values, find the case by the host's
 * reference, and call the library, which enforces the handbook. */
#include "ingest.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"

/* A host reference and the case it names; @obj is found on first use. */
typedef struct ref_entry {
	char *ref;
	char *number;
	void *obj;
	uint64_t hash;
	int kind;
} ref_entry;

struct ingest {
	cli_db *db;
	ref_entry *refs;
	size_t cap, count; /* open addressing, at most half full */
	const char **finished; /* references of the cases the open batch finished */
	size_t finished_count, finished_cap;
};

static uint64_t hash_of(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3u;
	return h | 1; /* 0 marks an empty slot */
}

static ref_entry *slot(ingest *in, const char *ref, uint64_t h)
{
	size_t i = (size_t)h & (in->cap - 1);
	while (in->refs[i].hash && (in->refs[i].hash != h || strcmp(in->refs[i].ref, ref) != 0))
		i = (i + 1) & (in->cap - 1);
	return &in->refs[i];
}

static int grow_refs(ingest *in)
{
	size_t cap = in->cap ? in->cap * 2 : 4096;
	ref_entry *old = in->refs, *refs = calloc(cap, sizeof(*refs));
	if (!refs)
		return -1;
	size_t old_cap = in->cap;
	in->refs = refs;
	in->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].hash)
			*slot(in, old[i].ref, old[i].hash) = old[i];
	free(old);
	return 0;
}

static ref_entry *add_ref(ingest *in, const char *ref, uint64_t h, int kind, const char *number, void *obj)
{
	if ((in->count + 1) * 2 > in->cap && grow_refs(in))
		return NULL;
	ref_entry *e = slot(in, ref, h);
	e->ref = strdup(ref);
	e->number = strdup(number);
	if (!e->ref || !e->number) {
		free(e->ref);
		free(e->number);
		e->ref = e->number = NULL;
		return NULL;
	}
	e->hash = h;
	e->kind = kind;
	e->obj = obj;
	in->count++;
	return e;
}

static int known_ref(void *payload, const char *ref, int kind, const char *number)
{
	return add_ref(payload, ref, hash_of(ref), kind, number, NULL) ? 0 : 1;
}

ingest *ingest_new(cli_db *db)
{
	ingest *in = calloc(1, sizeof(*in));
	int rc = in && grow_refs(in) == 0 ? 0 : 1;
	if (rc == 0) {
		in->db = db;
		rc = db->sql->each_ref(db->sql, known_ref, in);
	}
	if (rc == 0)
		return in;
	fprintf(stderr, "telsvc: ingest: %s\n", rc > 0 ? "out of memory" : db->sql->error);
	ingest_free(in);
	return NULL;
}

void ingest_free(ingest *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->cap; i++) {
		free(in->refs[i].ref);
		free(in->refs[i].number);
	}
	free(in->refs);
	free(in->finished);
	free(in);
}

/* ---- reading values ---- */

typedef struct call {
	ingest *in;
	const ev_event *ev;
	const char *op;
	char *why;
	size_t why_size;
} call;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int say(call *c, int outcome, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, c->why_size, fmt, ap);
	va_end(ap);
	return outcome;
}

static const char *text(const call *c, ev_key k)
{
	return c->ev->v[k].s;
}

static int name_value(call *c, ev_key k, const name_set *set, int *out)
{
	const char *s = text(c, k);
	if (!s)
		return 0;
	if ((*out = name_find(set, s)) >= 0)
		return 0;
	char list[256] = "";
	for (int i = 0; i < set->count; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", set->names[i]);
	return say(c, IN_MALFORMED, "%s: '%s': '%.60s' is not %s (%s)", c->op, ev_key_names[k], s, set->what, list);
}

static int int_value(call *c, ev_key k, int64_t min, int64_t max, int64_t *out)
{
	const char *s = text(c, k);
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno || v < min || v > max)
		return say(c, IN_MALFORMED, "%s: '%s': '%.60s' is not an integer from %" PRId64 " to %" PRId64, c->op,
			   ev_key_names[k], s, min, max);
	*out = v;
	return 0;
}

static int time_value(call *c, ev_key k, int64_t *out)
{
	const char *s = text(c, k);
	if (!s || cli_parse_time(out, s, c->in->db->calendar) == 0)
		return 0;
	return say(c, IN_MALFORMED, "%s: '%s': '%.60s' is not a time such as 2025-07-01T09:12:00+08:00", c->op,
		   ev_key_names[k], s);
}

static int flags_value(call *c, const name_set *set, unsigned *out)
{
	const ev_value *v = &c->ev->v[K_FLAGS];
	const char *s = v->s;
	*out = 0;
	for (unsigned i = 0; i < v->count; i++, s += strlen(s) + 1) {
		int bit = name_find(set, s);
		if (bit < 0)
			return say(c, IN_MALFORMED, "%s: 'flags': '%.60s' is not %s", c->op, s, set->what);
		*out |= 1u << bit;
	}
	return 0;
}

/* ---- the library's answer ---- */

static int library_said(call *c, int rc, const char *who)
{
	if (rc == TELSVC_OK)
		return IN_APPLIED;
	bool fatal = rc == TELSVC_ESTORAGE || rc == TELSVC_ECONFLICT || rc == TELSVC_ENOMEM || rc == TELSVC_ECORRUPT;
	return say(c, fatal ? IN_FATAL : IN_REFUSED, "%s %s: %s", c->op, who, telsvc_error_last());
}

static int remember(call *c, int kind, const char *number, void *obj)
{
	ingest *in = c->in;
	cli_sql *s = in->db->sql;
	const char *ref = text(c, K_REF);
	if (s->add_ref(s, ref, kind, number))
		return say(c, IN_FATAL, "%s %s: storing the reference: %s", c->op, ref, s->error);
	if (!add_ref(in, ref, hash_of(ref), kind, number, obj))
		return say(c, IN_FATAL, "out of memory");
	return IN_APPLIED;
}

/* ---- creating ---- */

static int create(call *c, int kind, const telsvc_actor *actor, int64_t at)
{
	ingest *in = c->in;
	const char *ref = text(c, K_REF);
	if (!ref)
		return say(c, IN_MALFORMED, "%s: 'ref' is required: the host's id of the new case", c->op);
	if (strlen(ref) > 200)
		return say(c, IN_MALFORMED, "%s: 'ref' is longer than 200 bytes", c->op);
	if (text(c, K_NUMBER))
		return say(c, IN_MALFORMED, "%s: 'number' is given by the library, not the event", c->op);
	ref_entry *known = slot(in, ref, hash_of(ref));
	if (known->hash)
		return say(c, IN_REFUSED, "%s %s: the reference is already used by %s %s", c->op, ref,
			   kind_noun(known->kind), known->number);
	int rc = 0;
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_intake it = TELSVC_INTAKE_INIT;
		int64_t affected = 0;
		if ((rc = name_value(c, K_CHANNEL, &ns_channel, &it.channel)) ||
		    (rc = name_value(c, K_CONTENT_TYPE, &ns_content, &it.content_type)) ||
		    (rc = name_value(c, K_PRIORITY, &ns_priority, &it.priority)) ||
		    (rc = name_value(c, K_DELIVERY, &ns_delivery, &it.delivery)) ||
		    (rc = flags_value(c, &ns_request_flag, &it.flags)) ||
		    (rc = int_value(c, K_AFFECTED, 0, INT64_MAX, &affected)))
			return rc;
		it.requester = text(c, K_REQUESTER);
		it.contact = text(c, K_CONTACT);
		it.content = text(c, K_CONTENT);
		it.service_type = text(c, K_SERVICE_TYPE);
		it.affected = affected;
		it.received_at = at;
		telsvc_request *r;
		if ((rc = library_said(c, telsvc_request_create(&r, in->db->ctx, &it, actor), ref)))
			return rc;
		return remember(c, kind, telsvc_request_number(r), r);
	}
	if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint_intake it = TELSVC_COMPLAINT_INTAKE_INIT;
		if ((rc = name_value(c, K_CHANNEL, &ns_complaint_channel, &it.channel)) ||
		    (rc = name_value(c, K_CATEGORY, &ns_category, &it.category)) ||
		    (rc = name_value(c, K_SEVERITY, &ns_severity, &it.severity)) ||
		    (rc = flags_value(c, &ns_complaint_flag, &it.flags)))
			return rc;
		it.customer = text(c, K_CUSTOMER);
		it.contact = text(c, K_CONTACT);
		it.content = text(c, K_CONTENT);
		it.service_type = text(c, K_SERVICE_TYPE);
		it.received_at = at;
		telsvc_complaint *p;
		if ((rc = library_said(c, telsvc_complaint_create(&p, in->db->ctx, &it, actor), ref)))
			return rc;
		return remember(c, kind, telsvc_complaint_number(p), p);
	}
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	if ((rc = name_value(c, K_SOURCE, &ns_source, &d.source)) ||
	    (rc = name_value(c, K_TYPE, &ns_incident_type, &d.type)) || (rc = time_value(c, K_OCCURRED_AT, &d.occurred_at)))
		return rc;
	d.description = text(c, K_DESCRIPTION);
	d.scope = text(c, K_SCOPE);
	d.reporter = text(c, K_REPORTER);
	d.detected_at = at;
	telsvc_incident *i;
	if ((rc = library_said(c, telsvc_incident_create(&i, in->db->ctx, &d, actor), ref)))
		return rc;
	return remember(c, kind, telsvc_incident_number(i), i);
}

/* ---- changing ---- */

static int find_case(telsvc_ctx *ctx, int kind, const char *number, void **obj)
{
	if (kind == TELSVC_KIND_REQUEST)
		return telsvc_request_find((telsvc_request **)obj, ctx, number);
	if (kind == TELSVC_KIND_COMPLAINT)
		return telsvc_complaint_find((telsvc_complaint **)obj, ctx, number);
	return telsvc_incident_find((telsvc_incident **)obj, ctx, number);
}

/* The case the event names, by reference (@entry is set) or by number. */
static int locate(call *c, int kind, void **obj, const char **who, ref_entry **entry)
{
	const char *ref = text(c, K_REF), *number = text(c, K_NUMBER);
	*entry = NULL;
	if (!ref == !number)
		return say(c, IN_MALFORMED, "%s: give the case's 'ref' or its 'number' (one of them)", c->op);
	*who = ref ? ref : number;
	ref_entry *e = NULL;
	if (ref) {
		e = slot(c->in, ref, hash_of(ref));
		if (!e->hash)
			return say(c, IN_REFUSED, "%s %s: no case has this reference", c->op, ref);
		if (e->kind != kind)
			return say(c, IN_REFUSED, "%s %s: the reference names %s %s, not a %s", c->op, ref,
				   kind_noun(e->kind), e->number, kind_noun(kind));
		*entry = e;
		if (e->obj) {
			*obj = e->obj;
			return IN_APPLIED;
		}
		number = e->number;
	}
	int rc = find_case(c->in->db->ctx, kind, number, obj);
	if (rc == TELSVC_ENOTFOUND || rc == TELSVC_EINVAL)
		return say(c, IN_REFUSED, "%s %s: %s", c->op, *who, telsvc_error_last());
	if (rc)
		return library_said(c, rc, *who);
	if (e)
		e->obj = *obj;
	return IN_APPLIED;
}

static int argument(call *c, op_arg arg, int64_t *out)
{
	int v = 0, rc = 0;
	int key = op_arg_key(arg);
	*out = 0;
	if (arg == A_NONE)
		return 0;
	if (!text(c, (ev_key)key))
		return say(c, IN_MALFORMED, "%s: '%s' is required", c->op, ev_key_names[key]);
	switch (arg) {
	case A_SCORE:
		return int_value(c, K_SCORE, 0, 100, out);
	case A_PROBLEM:
		return int_value(c, K_PROBLEM, 0, INT32_MAX, out);
	case A_PRIORITY:
		rc = name_value(c, K_PRIORITY, &ns_priority, &v);
		break;
	case A_PROBLEM_GRADE:
		rc = name_value(c, K_GRADE, &ns_problem_grade, &v);
		break;
	case A_CHANNEL:
		rc = name_value(c, K_CHANNEL, &ns_complaint_channel, &v);
		break;
	case A_SEVERITY:
		rc = name_value(c, K_SEVERITY, &ns_severity, &v);
		break;
	case A_CATEGORY:
		rc = name_value(c, K_CATEGORY, &ns_category, &v);
		break;
	default:
		rc = name_value(c, K_GRADE, &ns_incident_grade, &v);
		break;
	}
	*out = v;
	return rc;
}

static int finish(call *c, const char *ref);

static int change(call *c, const op_def *d, const telsvc_actor *actor, int64_t at)
{
	void *obj;
	const char *who = "";
	ref_entry *entry;
	int64_t arg;
	int rc = locate(c, d->kind, &obj, &who, &entry);
	if (rc == IN_APPLIED)
		rc = argument(c, d->arg, &arg);
	if (rc != IN_APPLIED)
		return rc;
	const char *note = text(c, K_NOTE);
	int state = 0;
	bool finished;
	if (d->kind == TELSVC_KIND_REQUEST) {
		rc = telsvc_request_apply_note(obj, (telsvc_request_action)d->action, actor, at, arg, note);
		state = telsvc_request_state_of(obj);
		finished = state == TELSVC_REQUEST_CLOSED || state == TELSVC_REQUEST_CANCELLED;
	} else if (d->kind == TELSVC_KIND_COMPLAINT) {
		rc = telsvc_complaint_apply(obj, (telsvc_complaint_action)d->action, actor, at, arg, note);
		state = telsvc_complaint_state_of(obj);
		finished = state == TELSVC_COMPLAINT_CLOSED || state == TELSVC_COMPLAINT_WITHDRAWN;
	} else {
		rc = telsvc_incident_apply(obj, (telsvc_incident_action)d->action, actor, at, arg, note);
		state = telsvc_incident_state_of(obj);
		finished = state == TELSVC_INCIDENT_CLOSED || state == TELSVC_INCIDENT_DISMISSED;
	}
	if ((rc = library_said(c, rc, who)) == IN_APPLIED && finished && entry)
		rc = finish(c, entry->ref);
	return rc;
}

/* Note a case the batch finished, to release once the batch commits. */
static int finish(call *c, const char *ref)
{
	ingest *in = c->in;
	if (in->finished_count == in->finished_cap) {
		size_t cap = in->finished_cap ? in->finished_cap * 2 : 256;
		const char **p = realloc(in->finished, cap * sizeof(*p));
		if (!p)
			return say(c, IN_FATAL, "out of memory");
		in->finished = p;
		in->finished_cap = cap;
	}
	in->finished[in->finished_count++] = ref;
	return IN_APPLIED;
}

void ingest_committed(ingest *in)
{
	for (size_t i = 0; i < in->finished_count; i++) {
		ref_entry *e = slot(in, in->finished[i], hash_of(in->finished[i]));
		if (!e->obj)
			continue; /* finished twice in the batch */
		if (e->kind == TELSVC_KIND_REQUEST)
			telsvc_request_release(e->obj);
		else if (e->kind == TELSVC_KIND_COMPLAINT)
			telsvc_complaint_release(e->obj);
		else
			telsvc_incident_release(e->obj);
		e->obj = NULL;
	}
	in->finished_count = 0;
}

/* ---- outages (§5.2) ---- */

static int outage(call *c, int64_t start)
{
	int64_t end = TELSVC_NEVER, units = 1;
	int rc;
	const char *ref = text(c, K_REF);
	if (!ref)
		return say(c, IN_MALFORMED, "outage: 'ref' is required");
	if ((rc = time_value(c, K_END, &end)) || (rc = int_value(c, K_UNITS, 1, INT64_MAX, &units)))
		return rc;
	if (end != TELSVC_NEVER && end < start)
		return say(c, IN_REFUSED, "outage %s: it ends before it starts", ref);
	if ((uint64_t)units > c->in->db->units)
		return say(c, IN_REFUSED, "outage %s: it takes down %lld units of the %llu in service (telsvc init --units)",
			   ref, (long long)units, (unsigned long long)c->in->db->units);
	cli_sql *s = c->in->db->sql;
	const telsvc_outage o = { start, end, (uint64_t)units, text(c, K_SERVICE_TYPE) };
	int stored = s->add_outage(s, ref, &o);
	if (stored < 0)
		return say(c, IN_FATAL, "outage %s: %s", ref, s->error);
	if (!stored)
		return say(c, IN_REFUSED, "outage %s: already recorded%s", ref,
			   end == TELSVC_NEVER ? "" : " with its end");
	return IN_APPLIED;
}

int ingest_apply(ingest *in, const ev_event *ev, char *why, size_t why_size)
{
	call c = { in, ev, ev->v[K_OP].s, why, why_size };
	op_def d;
	if (!c.op)
		return say(&c, IN_MALFORMED, "'op' is required");
	if (ev->v[K_OP].list || op_find(&d, c.op))
		return say(&c, IN_MALFORMED, "'%.60s' is not an op (docs/events.md)", ev->v[K_OP].list ? "[list]" : c.op);
	for (int k = 0; k < K_COUNT; k++) {
		const ev_value *v = &ev->v[k];
		if (!v->s)
			continue;
		if (!(d.keys >> k & 1))
			return say(&c, IN_MALFORMED, "%s takes no '%s'", c.op, ev_key_names[k]);
		if (v->list && k != K_FLAGS)
			return say(&c, IN_MALFORMED, "%s: '%s' takes one value, not a list", c.op, ev_key_names[k]);
		if (!v->list && k == K_FLAGS)
			return say(&c, IN_MALFORMED, "%s: 'flags' is a list", c.op);
	}
	int64_t at;
	int rc;
	if (!text(&c, K_AT))
		return say(&c, IN_MALFORMED, "%s: 'at' is required", c.op);
	if ((rc = time_value(&c, K_AT, &at)))
		return rc;
	if (d.kind == 0)
		return outage(&c, at);
	telsvc_actor actor = { text(&c, K_ACTOR), text(&c, K_ROLE) };
	if (!actor.id || !actor.role)
		return say(&c, IN_MALFORMED, "%s: 'actor' and 'role' are required", c.op);
	return d.action == 0 ? create(&c, d.kind, &actor, at) : change(&c, &d, &actor, at);
}
