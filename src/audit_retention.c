/* Retention of the audit log's bodies: what is due for purge, and the
 * purge itself (docs/audit.md, "Retention"). */
#include "audit.h"
#include "civil.h"
#include "context.h"
#include "policy_internal.h"
#include "record.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

/* The handbook's record type of a request's change, as its retention. */
static telsvc_param retention_of(uint64_t action)
{
	switch (action) {
	case TELSVC_ACTION_PREPROCESS:
	case TELSVC_ACTION_WRITE_REPORT:
	case TELSVC_ACTION_SIGN_REPORT:
		return TELSVC_PARAM_RETENTION_PREPROCESSING;
	case TELSVC_ACTION_START:
	case TELSVC_ACTION_PROGRESS:
	case TELSVC_ACTION_FEEDBACK:
	case TELSVC_ACTION_CLOSE:
		return TELSVC_PARAM_RETENTION_SERVICE;
	case TELSVC_ACTION_PROBLEM_DISCOVER:
	case TELSVC_ACTION_PROBLEM_REPORT:
	case TELSVC_ACTION_PROBLEM_ARRANGE:
	case TELSVC_ACTION_PROBLEM_HANDLED:
	case TELSVC_ACTION_PROBLEM_FEEDBACK:
	case TELSVC_ACTION_PROBLEM_POSTMORTEM:
		return TELSVC_PARAM_RETENTION_EXECUTION;
	case TELSVC_ACTION_DELIVER:
	case TELSVC_ACTION_ACCEPT:
	case TELSVC_ACTION_REJECT:
		return TELSVC_PARAM_RETENTION_ACCEPTANCE;
	default: /* the intake, waiting, class changes, cancellation */
		return TELSVC_PARAM_RETENTION_REQUESTS;
	}
}

/* @t plus @months calendar months (UTC dates; the day of the month kept,
 * or the month's last day when it has fewer). */
static int64_t add_months(int64_t t, int64_t months)
{
	int64_t days = ts_floor_div(t, TS_DAY), second = t - days * TS_DAY;
	ts_date d = ts_civil_from_days(days);
	int64_t m = (int64_t)d.year * 12 + (d.month - 1) + months;
	int year = (int)ts_floor_div(m, 12), month = (int)(m - (int64_t)year * 12) + 1;
	int last = ts_days_in_month(year, month);
	return ts_days_from_civil(year, month, d.day < last ? d.day : last) * TS_DAY + second;
}

/* When the body of @v may go, and by which parameter. Both periods are
 * minimums, and the body is both a record of its type and part of the
 * audit log, so the longer one applies. */
static int64_t due_of(const telsvc_policy *p, const ts_audit_view *v, telsvc_param *param)
{
	telsvc_param type = retention_of(v->action);
	int64_t months = p->values[type].amount, log = p->values[TELSVC_PARAM_RETENTION_AUDIT].amount;
	*param = months >= log ? type : TELSVC_PARAM_RETENTION_AUDIT;
	return add_months(v->at, months >= log ? months : log);
}

typedef struct listing {
	const telsvc_policy *policy;
	int64_t now;
	telsvc_audit_due_fn visit;
	void *payload;
} listing;

static int list_one(uint64_t seq, const void *data, size_t size, void *payload)
{
	listing *l = payload;
	ts_audit_view v;
	int rc = ts_audit_parse(data, size, seq, &v);
	if (rc || v.kind != TELSVC_KIND_REQUEST || !v.body)
		return rc;
	telsvc_param param;
	int64_t due = due_of(l->policy, &v, &param);
	return due <= l->now ? l->visit(l->payload, seq, due, param) : TELSVC_OK;
}

static int ready(telsvc_ctx *ctx, int64_t *now, const char *fn)
{
	int rc = ts_store_ready(ctx, fn);
	if (rc == TELSVC_OK && !*now)
		telsvc_ctx_now(now, ctx);
	return rc;
}

int telsvc_audit_purge_due(telsvc_ctx *ctx, int64_t now, telsvc_audit_due_fn visit, void *payload)
{
	const char *fn = "telsvc_audit_purge_due";
	if (!ctx || !visit)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, ctx ? "visit" : "ctx");
	int rc = ready(ctx, &now, fn);
	if (rc)
		return rc;
	listing l = { ctx->policy, now, visit, payload };
	return ctx->storage.audit_iterate(ctx->storage.payload, 1, list_one, &l);
}

/* A copy of record @want, read through the storage. */
typedef struct fetch {
	uint64_t want;
	ts_sb bytes;
	bool found;
} fetch;

#define FOUND 1

static int fetch_one(uint64_t seq, const void *data, size_t size, void *payload)
{
	fetch *f = payload;
	if (seq != f->want)
		return TELSVC_OK;
	ts_sb_append(&f->bytes, data, size);
	f->found = true;
	return FOUND;
}

static int purge_refused(const ts_audit_view *v, uint64_t seq, const telsvc_policy *p, int64_t now)
{
	telsvc_param param;
	int64_t due = due_of(p, v, &param);
	if (due <= now)
		return TELSVC_OK;
	char date[16];
	ts_format_date(date, ts_floor_div(due, TS_DAY));
	return ts_error(TELSVC_EPERM, "audit record %llu: its body is kept until %s (UTC): %s, %lld months (%s)",
			(unsigned long long)seq, date, telsvc_param_key(param), (long long)p->values[param].amount,
			telsvc_param_clause(param));
}

/* The record without its body: the same header and seal. */
static void without_body(const ts_audit_view *v, ts_sb *out)
{
	ts_rec_begin(out, 0);
	ts_sb_append(out, (const char *)v->header, v->header_size);
	if (v->mac)
		ts_rec_bytes(out, TS_AT_MAC, v->mac, TELSVC_AUDIT_MAC_SIZE);
}

/* May @role purge? permissions.audit.purge (§7.2) decides. */
static int may_purge(const telsvc_policy *p, const char *role, const char *fn)
{
	char allowed[256];
	if (ts_policy_permits(p, TELSVC_PARAM_PERMIT_AUDIT_PURGE, role, allowed, sizeof(allowed)))
		return TELSVC_OK;
	return ts_error(TELSVC_EPERM, "%s: the %s may not purge; %s allows: %s (%s)", fn, role,
			telsvc_param_key(TELSVC_PARAM_PERMIT_AUDIT_PURGE), allowed,
			telsvc_param_clause(TELSVC_PARAM_PERMIT_AUDIT_PURGE));
}

typedef struct replacement {
	uint64_t seq;
	const ts_sb *record;
} replacement;

static int replace_record(telsvc_ctx *ctx, void *arg)
{
	const replacement *r = arg;
	const telsvc_storage *st = &ctx->storage;
	int rc = st->audit_replace(st->payload, r->seq, r->record->ptr, r->record->size);
	return rc ? ts_storage_status(rc, "replace", "an audit record") : TELSVC_OK;
}

int telsvc_audit_purge(telsvc_ctx *ctx, uint64_t seq, int64_t now, const telsvc_actor *actor)
{
	const char *fn = "telsvc_audit_purge";
	if (!ctx)
		return ts_error(TELSVC_EINVAL, "%s: ctx is NULL", fn);
	int rc = ready(ctx, &now, fn);
	if (rc)
		return rc;
	if (!actor || !actor->id || !actor->id[0] || !actor->role || !ts_policy_has_role(ctx->policy, actor->role))
		return ts_error(TELSVC_EINVAL, "%s: the actor needs an id and one of the policy's roles", fn);
	if ((rc = may_purge(ctx->policy, actor->role, fn)))
		return rc;
	if (ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "%s: a purge is a transaction of its own; end the open one first", fn);
	if (!ctx->storage.audit_replace)
		return ts_error(TELSVC_EINVAL, "%s: the storage cannot replace audit records (audit_replace, table "
				"version 2)", fn);
	fetch f = { .want = seq };
	ts_sb_init(&f.bytes, ctx);
	rc = seq ? ctx->storage.audit_iterate(ctx->storage.payload, seq, fetch_one, &f) : TELSVC_OK;
	ts_sb purged;
	ts_sb_init(&purged, ctx);
	ts_audit_view v;
	if (rc != TELSVC_OK && rc != FOUND)
		rc = rc == TELSVC_ENOMEM ? rc : ts_storage_status(rc, "audit iterate", "the audit log");
	else if (f.bytes.failed)
		rc = TELSVC_ENOMEM;
	else if (!f.found)
		rc = ts_error(TELSVC_ENOTFOUND, "%s: no audit record %llu", fn, (unsigned long long)seq);
	else if ((rc = ts_audit_parse(f.bytes.ptr, f.bytes.size, seq, &v)) == TELSVC_OK) {
		if (v.kind == 0)
			rc = ts_error(TELSVC_EINVAL, "%s: audit record %llu is the log's own and has no body to purge", fn,
				      (unsigned long long)seq);
		else if (!v.body)
			rc = ts_error(TELSVC_EINVAL, "%s: audit record %llu was purged already", fn,
				      (unsigned long long)seq);
		else if ((rc = purge_refused(&v, seq, ctx->policy, now)) == TELSVC_OK) {
			without_body(&v, &purged);
			if ((rc = ts_rec_finish(&purged)) == TELSVC_OK) {
				ts_audit_entry e = { .at = now,
						     .id = "",
						     .action = TS_AUDIT_PURGE,
						     .role = actor->role,
						     .body = actor->id,
						     .body_size = strlen(actor->id),
						     .purged_seq = seq };
				replacement r = { seq, &purged };
				rc = ts_store_log(ctx, &e, replace_record, &r, "a purge");
			}
		}
	}
	ts_sb_free(&purged);
	ts_sb_free(&f.bytes);
	return rc;
}
