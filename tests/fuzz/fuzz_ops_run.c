/* The operation-sequence target's run: setting up, tracking, and checking
 * that memory and store agree (fuzz_ops.h). */
#include "fuzz.h"
#include "fuzz_ops.h"

static const unsigned char audit_key[32] = "thirty-two bytes of a fuzz key!";
static const unsigned char pseudonym_key[16] = "fuzz pseudonyms";

/* The default policy, shared by every run (policies are read-only). */
static const telsvc_policy *policy(void)
{
	static int64_t now = FUZZ_T0;
	static telsvc_policy *p;
	if (!p)
		FUZZ_CHECK(telsvc_policy_default(&p, fuzz_ctx(&now)) == TELSVC_OK);
	return p;
}

static int watched_commit(void *payload)
{
	ops_watch *w = payload;
	int rc = w->commit(payload);
	w->commit_failed |= rc != TELSVC_OK;
	return rc;
}

/* A context on @st with the run's clock, policy and keys. */
static telsvc_ctx *ctx_on(ops_run *run, const telsvc_storage *st)
{
	telsvc_ctx *ctx = fuzz_ctx(&run->now);
	FUZZ_CHECK(telsvc_ctx_set_policy(ctx, policy()) == TELSVC_OK);
	FUZZ_CHECK(telsvc_ctx_set_storage(ctx, st) == TELSVC_OK);
	FUZZ_CHECK(telsvc_ctx_set_pseudonym_key(ctx, pseudonym_key, sizeof(pseudonym_key)) == TELSVC_OK);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = audit_key, ao.key_size = sizeof(audit_key), ao.epoch_records = 4, ao.checkpoint_records = 3;
	FUZZ_CHECK(telsvc_ctx_set_audit_key(ctx, &ao) == TELSVC_OK);
	return ctx;
}

void ops_open(ops_run *run)
{
	*run = (ops_run){ .now = FUZZ_T0 };
	run->store_ctx = fuzz_ctx(&run->now);
	FUZZ_CHECK(telsvc_memstore_new(&run->ms, run->store_ctx) == TELSVC_OK);
	FUZZ_CHECK(telsvc_memstore_storage(&run->raw, run->ms) == TELSVC_OK);
	telsvc_storage faulty;
	fault_store_init(&run->watch.fs, &run->raw, &faulty);
	run->watch.commit = faulty.commit;
	faulty.commit = watched_commit;
	run->ctx = ctx_on(run, &faulty);
}

void ops_track(ops_run *run, int kind, const char *number)
{
	ops_object *o = &run->objects[run->count++];
	*o = (ops_object){ .kind = kind, .in_memory = true, .known = true, .created_in_txn = run->in_txn };
	snprintf(o->number, sizeof(o->number), "%s", number);
}

static ops_object *tracked(ops_run *run, int kind, const char *number)
{
	for (size_t i = 0; i < run->count; i++)
		if (run->objects[i].kind == kind && strcmp(run->objects[i].number, number) == 0)
			return &run->objects[i];
	return NULL;
}

static int track_stored(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)revision, (void)data, (void)size;
	ops_track(payload, kind, id);
	return TELSVC_OK;
}

void ops_track_store(ops_run *run)
{
	run->count = 0;
	for (int kind = TELSVC_KIND_REQUEST; kind <= TELSVC_KIND_INCIDENT; kind++) {
		run->maybe_created[kind] = 0;
		FUZZ_CHECK(run->raw.iterate(run->raw.payload, kind, track_stored, run) == TELSVC_OK);
	}
}

typedef struct agreement {
	ops_run *run;
	telsvc_ctx *fresh;
	unsigned untracked[TELSVC_KIND_INCIDENT + 1];
} agreement;

static int compare_stored(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *payload)
{
	(void)revision, (void)data, (void)size;
	agreement *a = payload;
	const ops_object *o = tracked(a->run, kind, id);
	if (!o)
		a->untracked[kind]++;
	else if (o->in_memory && o->known)
		fuzz_same_export(a->run->ctx, a->fresh, kind, id);
	return TELSVC_OK;
}

void ops_check_agree(ops_run *run)
{
	agreement a = { .run = run, .fresh = ctx_on(run, &run->raw) };
	FUZZ_CHECK(telsvc_ctx_load(a.fresh) == TELSVC_OK);
	for (int kind = TELSVC_KIND_REQUEST; kind <= TELSVC_KIND_INCIDENT; kind++) {
		FUZZ_CHECK(run->raw.iterate(run->raw.payload, kind, compare_stored, &a) == TELSVC_OK);
		FUZZ_CHECK(a.untracked[kind] <= run->maybe_created[kind]);
	}
	for (size_t i = 0; i < run->count; i++) {
		const ops_object *o = &run->objects[i];
		if (o->in_memory && o->known)
			FUZZ_CHECK(fuzz_find(a.fresh, o->kind, o->number) == TELSVC_OK);
	}
	telsvc_ctx_free(a.fresh);
}

void ops_finish(ops_run *run)
{
	ops_check_agree(run);
	FUZZ_CHECK(telsvc_ctx_load(run->ctx) == TELSVC_OK);
	ops_track_store(run);
	ops_check_agree(run);
	telsvc_audit_anchor head;
	int rc = telsvc_audit_head(&head, run->ctx);
	FUZZ_CHECK(rc == TELSVC_OK || rc == TELSVC_ENOTFOUND);
	telsvc_audit_report report = { .version = TELSVC_AUDIT_REPORT_VERSION };
	FUZZ_CHECK(telsvc_audit_verify(&report, run->ctx, audit_key, sizeof(audit_key),
				       rc == TELSVC_OK ? &head : NULL) == TELSVC_OK);
	if (report.verdict != (rc == TELSVC_OK ? TELSVC_AUDIT_OK : TELSVC_AUDIT_UNANCHORED))
		fprintf(stderr, "audit: %s at %llu: %s\n", telsvc_audit_verdict_name(report.verdict),
			(unsigned long long)report.first_bad, report.detail);
	FUZZ_CHECK(report.verdict == (rc == TELSVC_OK ? TELSVC_AUDIT_OK : TELSVC_AUDIT_UNANCHORED));
	telsvc_replay_report replay = { .version = TELSVC_REPLAY_REPORT_VERSION };
	FUZZ_CHECK(telsvc_audit_replay(&replay, run->ctx) == TELSVC_OK);
	if (replay.diverged)
		fprintf(stderr, "replay: %s: %s\n", replay.first, replay.detail);
	FUZZ_CHECK(replay.diverged == 0 && replay.unreplayable == 0);
	telsvc_ctx_free(run->ctx);
	telsvc_memstore_free(run->ms);
	telsvc_ctx_free(run->store_ctx);
}
