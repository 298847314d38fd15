#include "pg_workload.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const telsvc_actor agent = { "a.li", "agent" };

static int new_request(telsvc_ctx *ctx, telsvc_request **r)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "Zhang San", in.contact = "138";
	in.content = "line down", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "broadband";
	return telsvc_request_create(r, ctx, &in, &agent);
}

int pg_workload_prepare(telsvc_ctx *ctx, size_t n, char (*numbers)[PG_NUMBER_SIZE])
{
	static const telsvc_actor pre = { "b.wang", "preprocessor" }, owner = { "c.zhao", "service_owner" },
				  monitor = { "d.sun", "quality_monitor" };
	const struct {
		telsvc_request_action action;
		const telsvc_actor *who;
	} steps[] = {
		{ TELSVC_ACTION_PREPROCESS, &pre },   { TELSVC_ACTION_WRITE_REPORT, &pre },
		{ TELSVC_ACTION_SIGN_REPORT, &pre },  { TELSVC_ACTION_SIGN_REPORT, &owner },
		{ TELSVC_ACTION_SIGN_REPORT, &monitor }, { TELSVC_ACTION_START, &agent },
	};
	int rc = telsvc_txn_begin(ctx);
	for (size_t i = 0; rc == TELSVC_OK && i < n; i++) {
		telsvc_request *r;
		rc = new_request(ctx, &r);
		for (size_t s = 0; rc == TELSVC_OK && s < sizeof(steps) / sizeof(steps[0]); s++)
			rc = telsvc_request_apply_note(r, steps[s].action, steps[s].who, 0, 0, "plan");
		if (rc == TELSVC_OK)
			snprintf(numbers[i], PG_NUMBER_SIZE, "%s", telsvc_request_number(r));
	}
	if (rc != TELSVC_OK) {
		if (telsvc_txn_active(ctx))
			telsvc_txn_rollback(ctx);
		return rc;
	}
	return telsvc_txn_commit(ctx);
}

static int say(const pg_writer *w, const char *what)
{
	fprintf(stderr, "writer %d: %s: %s\n", w->id, what, telsvc_error_last());
	return -1;
}

static int ack(const pg_writer *w, char op, const char *text)
{
	if (w->ack_fd < 0)
		return 0;
	pg_ack a = { .op = op };
	snprintf(a.text, sizeof(a.text), "%s", text);
	return write(w->ack_fd, &a, sizeof(a)) == (ssize_t)sizeof(a) ? 0 : -1;
}

/* One call, retried after each conflict: a new request, or a progress
 * note on a request re-read from storage when another writer changed it. */
static int one_call(const pg_writer *w, telsvc_ctx *ctx, long i, unsigned *seed, pg_counts *out)
{
	char note[PG_NUMBER_SIZE];
	snprintf(note, sizeof(note), "w%d-%ld", w->id, i);
	bool create = i % 10 == 9;
	const char *number = w->numbers[(size_t)rand_r(seed) % w->cases];
	for (;;) {
		telsvc_request *r;
		int rc = create ? new_request(ctx, &r) : telsvc_request_find(&r, ctx, number);
		if (rc == TELSVC_OK && create)
			return ack(w, 'C', telsvc_request_number(r)) || telsvc_request_release(r) ? -1 : 0;
		if (rc == TELSVC_OK)
			rc = telsvc_request_apply_note(r, TELSVC_ACTION_PROGRESS, &agent, 0, 0, note);
		if (rc == TELSVC_OK) /* a stateless server keeps no case between calls */
			return telsvc_request_release(r) == TELSVC_OK ? ack(w, 'P', note) : say(w, "release");
		if (rc != TELSVC_ECONFLICT)
			return say(w, create ? "create" : number);
		out->conflicts++;
		if (!create && telsvc_request_release(r) != TELSVC_OK)
			return say(w, "release");
	}
}

int pg_workload_run(const pg_writer *w, pg_counts *out)
{
	*out = (pg_counts){ 0, 0 };
	telsvc_pg_options o = TELSVC_PG_OPTIONS_INIT;
	o.schema = w->schema, o.must_exist = 1;
	telsvc_pg *db = NULL;
	telsvc_ctx *ctx = NULL;
	telsvc_storage st;
	int status = 0;
	if (telsvc_pg_open(&db, w->conninfo, &o) || telsvc_pg_storage(&st, db) || telsvc_ctx_new(&ctx, NULL) ||
	    telsvc_ctx_set_policy(ctx, w->policy) || telsvc_ctx_set_storage(ctx, &st))
		status = say(w, "opening");
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = w->key, ao.key_size = w->key_size;
	if (status == 0 && telsvc_ctx_set_audit_key(ctx, &ao))
		status = say(w, "the audit key");
	char go = 'r';
	if (status == 0 && w->ready_fd >= 0 && write(w->ready_fd, &go, 1) != 1)
		status = say(w, "saying it is ready");
	if (status == 0 && w->start_fd >= 0 && read(w->start_fd, &go, 1) < 0)
		status = say(w, "waiting for the start");
	unsigned seed = (unsigned)w->id * 7919u + 1u;
	for (long i = 0; status == 0 && i < w->ops; i++, out->acked++)
		status = one_call(w, ctx, i, &seed, out);
	char counts[PG_NUMBER_SIZE];
	snprintf(counts, sizeof(counts), "%ld %ld", out->acked, out->conflicts);
	if (status == 0)
		status = ack(w, 'S', counts);
	telsvc_ctx_free(ctx);
	telsvc_pg_close(db);
	return status;
}
