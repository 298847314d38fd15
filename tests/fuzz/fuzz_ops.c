/* API operation sequences with storage failures. The input decodes into
 * at most 64 operations on one context over the memory store wrapped in
 * the fault store: create a request, complaint or incident; apply any
 * action as any of a cast of people, later by a chosen number of minutes;
 * open, commit or roll back a host transaction; release, find, reload;
 * arm a fault (fail the Nth call of any method or of one, once or from
 * then on, with a chosen status, a commit possibly ambiguous); check.
 * What must hold (docs/storage.md):
 * - a call whose commit failed never reports success, and the objects it
 *   touched refuse changes until read again from storage;
 * - after any failure, and whenever asked, memory and store agree: a
 *   fresh context loads the store, and every object the context holds
 *   whose last commit is known exports alike in both; the store holds no
 *   object the context does not know of, but for creations whose commit
 *   was ambiguous; finding or reloading never meets a corrupt record;
 * - at the end, with faults off, the context reloads, the audit log
 *   verifies against its head, and replaying it diverges from nothing. */
#include "fuzz.h"
#include "fuzz_ops.h"

#define CHECK_EVERY 8

static const telsvc_actor cast[] = {
	{ "a.li", "agent" },          { "e.wu", "agent" },           { "f.sun", "supervisor" },
	{ "b.wang", "preprocessor" }, { "c.zhao", "service_owner" }, { "d.chen", "quality_monitor" },
	{ "s.xu", "security_officer" }, { "t.he", "security_officer" }, { "g.ma", "management" },
	{ "cust-1", "customer" },     { "x.x", "intruder" },
};
#define CAST (sizeof(cast) / sizeof(cast[0]))

static const telsvc_actor *who(fuzz_in *in)
{
	return &cast[fuzz_u8(in) % CAST];
}

static int create(ops_run *run, int kind, fuzz_in *in)
{
	unsigned a = fuzz_u8(in), b = fuzz_u8(in), flags = fuzz_u8(in);
	const telsvc_actor *actor = who(in);
	const char *number = NULL;
	int rc;
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_intake in_ = TELSVC_INTAKE_INIT;
		in_.channel = 1 + (int)(a % 5), in_.requester = "Zhang San", in_.contact = "138 0000 0000";
		in_.content = "no signal at home", in_.content_type = 1 + (int)(b % 6), in_.service_type = "mobile";
		in_.priority = (int)(a / 5 % 5), in_.flags = flags & 7, in_.delivery = (int)(b / 6 % 3);
		telsvc_request *r;
		if ((rc = telsvc_request_create(&r, run->ctx, &in_, actor)) == TELSVC_OK)
			number = telsvc_request_number(r);
	} else if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint_intake ci = TELSVC_COMPLAINT_INTAKE_INIT;
		ci.channel = 1 + (int)(a % 4), ci.customer = "Li Si", ci.contact = "li@example.com";
		ci.content = a & 0x80 ? "charged twice, again" : "rude staff at the hall";
		ci.category = (int)(b % 6), ci.severity = (int)(b / 6 % 4), ci.flags = flags & 7;
		telsvc_complaint *c;
		if ((rc = telsvc_complaint_create(&c, run->ctx, &ci, actor)) == TELSVC_OK)
			number = telsvc_complaint_number(c);
	} else {
		telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
		d.source = 1 + (int)(a % 3), d.type = 1 + (int)(b % 5), d.description = "odd logins";
		d.reporter = flags & 1 ? "Wang Wu" : NULL;
		telsvc_incident *inc;
		if ((rc = telsvc_incident_create(&inc, run->ctx, &d, actor)) == TELSVC_OK)
			number = telsvc_incident_number(inc);
	}
	if (number)
		ops_track(run, kind, number);
	else if (run->watch.commit_failed)
		run->maybe_created[kind]++;
	return rc;
}

static int apply(ops_run *run, fuzz_in *in)
{
	unsigned index = fuzz_u8(in), action = fuzz_u8(in), minutes = fuzz_u8(in), arg = fuzz_u8(in);
	const telsvc_actor *actor = who(in);
	const char *note = arg & 0x80 ? "measures taken" : NULL;
	run->now += (int64_t)minutes * 60;
	if (!run->count)
		return TELSVC_OK;
	ops_object *o = &run->objects[index % run->count];
	if (!o->in_memory)
		return TELSVC_OK;
	int rc;
	arg &= 0x7f;
	if (o->kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		FUZZ_CHECK(telsvc_request_find(&r, run->ctx, o->number) == TELSVC_OK);
		rc = telsvc_request_apply_note(r, (telsvc_request_action)(action % 22), actor, run->now, arg, note);
	} else if (o->kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		FUZZ_CHECK(telsvc_complaint_find(&c, run->ctx, o->number) == TELSVC_OK);
		rc = telsvc_complaint_apply(c, (telsvc_complaint_action)(action % 15), actor, run->now, arg, note);
	} else {
		telsvc_incident *inc;
		FUZZ_CHECK(telsvc_incident_find(&inc, run->ctx, o->number) == TELSVC_OK);
		rc = telsvc_incident_apply(inc, (telsvc_incident_action)(action % 14), actor, run->now, arg % 6, note);
	}
	FUZZ_CHECK(o->known || rc != TELSVC_OK); /* refused until read again */
	if (rc == TELSVC_OK && run->in_txn)
		o->touched_in_txn = true;
	if (rc != TELSVC_OK && run->watch.commit_failed)
		o->known = false; /* its commit's outcome is unknown: it refuses writes until read again */
	return rc;
}

static void release(ops_run *run, unsigned index)
{
	if (!run->count)
		return;
	ops_object *o = &run->objects[index % run->count];
	if (!o->in_memory)
		return;
	int rc;
	if (o->kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		FUZZ_CHECK(telsvc_request_find(&r, run->ctx, o->number) == TELSVC_OK);
		rc = telsvc_request_release(r);
	} else if (o->kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		FUZZ_CHECK(telsvc_complaint_find(&c, run->ctx, o->number) == TELSVC_OK);
		rc = telsvc_complaint_release(c);
	} else {
		telsvc_incident *inc;
		FUZZ_CHECK(telsvc_incident_find(&inc, run->ctx, o->number) == TELSVC_OK);
		rc = telsvc_incident_release(inc);
	}
	if (rc == TELSVC_OK)
		o->in_memory = false;
}

static void find(ops_run *run, unsigned index)
{
	if (!run->count)
		return;
	ops_object *o = &run->objects[index % run->count];
	if (o->in_memory)
		return;
	int rc = fuzz_find(run->ctx, o->kind, o->number);
	FUZZ_CHECK(rc != TELSVC_ECORRUPT);
	if (rc == TELSVC_OK)
		o->in_memory = o->known = true;
}

static void arm(ops_run *run, fuzz_in *in)
{
	static const int statuses[] = { TELSVC_ESTORAGE, TELSVC_ECONFLICT, TELSVC_EUSER, TELSVC_ENOMEM };
	unsigned method = fuzz_u8(in), nth = fuzz_u8(in), flags = fuzz_u8(in);
	fault_store *fs = &run->watch.fs;
	fs->method = (enum fault_method)(method % (FAULT_AUDIT_REPLACE + 1));
	fs->calls = 0;
	fs->fail_at = nth % 16; /* 0 turns faults off */
	fs->persistent = flags & 1;
	fs->ambiguous_commit = (flags >> 1) & 1;
	fs->status = statuses[(flags >> 2) & 3];
}

/* The host transaction ended, committed or undone. */
static void txn_ended(ops_run *run, bool committed)
{
	for (size_t i = run->count; i-- > 0;) {
		ops_object *o = &run->objects[i];
		if (!committed && o->created_in_txn) {
			if (run->watch.commit_failed)
				run->maybe_created[o->kind]++;
			run->objects[i] = run->objects[--run->count];
			continue;
		}
		if (!committed && o->touched_in_txn && run->watch.commit_failed)
			o->known = false;
		o->created_in_txn = o->touched_in_txn = false;
	}
	run->in_txn = false;
}

static void step(ops_run *run, fuzz_in *in)
{
	unsigned op = fuzz_u8(in) % 12;
	run->watch.commit_failed = false;
	long failures = run->watch.fs.failures;
	int rc = TELSVC_OK;
	switch (op) {
	case 0:
	case 1:
	case 2:
		rc = create(run, TELSVC_KIND_REQUEST + (int)op, in);
		break;
	case 3:
		rc = apply(run, in);
		break;
	case 4:
		if ((rc = telsvc_txn_begin(run->ctx)) == TELSVC_OK)
			run->in_txn = true;
		break;
	case 5:
		if (run->in_txn) {
			rc = telsvc_txn_commit(run->ctx);
			txn_ended(run, rc == TELSVC_OK);
		}
		break;
	case 6:
		if (run->in_txn) {
			rc = telsvc_txn_rollback(run->ctx);
			txn_ended(run, false);
		}
		break;
	case 7:
		release(run, fuzz_u8(in));
		break;
	case 8:
		find(run, fuzz_u8(in));
		break;
	case 9:
		rc = telsvc_ctx_load(run->ctx);
		FUZZ_CHECK(rc != TELSVC_ECORRUPT);
		if (rc == TELSVC_OK)
			ops_track_store(run);
		break;
	case 10:
		arm(run, in);
		break;
	default:
		break;
	}
	/* a call inside a host transaction that failed for storage or memory rolled it back */
	if (run->in_txn && !telsvc_txn_active(run->ctx))
		txn_ended(run, false);
	FUZZ_CHECK(rc != TELSVC_OK || !run->watch.commit_failed); /* never success for an unknown outcome */
	bool faulted = run->watch.fs.failures != failures;
	if (!run->in_txn && (faulted || op == 11 || ++run->steps % CHECK_EVERY == 0))
		ops_check_agree(run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ops_run run;
	ops_open(&run);
	fuzz_in in = { data, size };
	for (int k = 0; k < OPS_MAX && in.left; k++)
		step(&run, &in);
	run.watch.fs.fail_at = 0;
	if (run.in_txn) {
		FUZZ_CHECK(telsvc_txn_rollback(run.ctx) == TELSVC_OK);
		txn_ended(&run, false);
	}
	ops_finish(&run);
	return 0;
}
