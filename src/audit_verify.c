/* The audit log's verifier: streams the records through the storage and
 * names the first one that is wrong, and how (docs/audit.md). A record
 * whose seal fails, or that jumps ahead, is held until the next one shows
 * whether it was inserted, moved or stands for a missing one. */
#include "audit.h"
#include "context.h"
#include "store.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Why a record is held back. */
enum { HELD_SEAL = 1, HELD_GAP = 2 };

typedef struct verifier {
	telsvc_ctx *ctx;
	telsvc_audit_report *r;
	const telsvc_audit_anchor *anchor;
	ts_audit_key key;
	uint64_t expect; /* the next sequence number */
	uint8_t prev[TELSVC_AUDIT_MAC_SIZE];
	ts_audit_state log;
	/* the held record: a copy of its bytes, and what was wrong */
	uint8_t *held;
	size_t held_size;
	int held_why, held_verdict;
	char held_detail[128];
	/* records whose bodies are gone, until their purge record shows up */
	uint64_t *unpurged;
	size_t unpurged_count, unpurged_cap;
	int status; /* a failure of the verifier itself */
} verifier;

#define STOP 1 /* ends the walk: a verdict was reached */

static int verdict(verifier *w, int v, uint64_t seq, const char *fmt, ...) TS_PRINTF(4, 5);

static int verdict(verifier *w, int v, uint64_t seq, const char *fmt, ...)
{
	w->r->verdict = v;
	w->r->first_bad = seq;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->r->detail, sizeof(w->r->detail), fmt, ap);
	va_end(ap);
	return STOP;
}

/* The seal of @v checked as record @seq following @prev: TELSVC_AUDIT_OK
 * or what is wrong with it. */
static int check_seal(verifier *w, const ts_audit_view *v, uint64_t seq, const uint8_t *prev)
{
	uint64_t epoch = (seq - 1) / w->log.epoch_records;
	if (v->seq != seq)
		return TELSVC_AUDIT_MODIFIED;
	if (v->epoch != epoch)
		return TELSVC_AUDIT_WRONG_EPOCH;
	if (!v->mac)
		return TELSVC_AUDIT_MAC_STRIPPED;
	if (w->key.epoch > epoch)
		return TELSVC_AUDIT_MODIFIED; /* cannot happen in order; never trusted */
	while (w->key.epoch < epoch)
		ts_audit_key_evolve(&w->key);
	uint8_t mac[TELSVC_AUDIT_MAC_SIZE];
	ts_audit_seal(&w->key, prev, v->header, v->header_size, mac);
	return ts_digest_equal(mac, v->mac, sizeof(mac)) ? TELSVC_AUDIT_OK : TELSVC_AUDIT_MODIFIED;
}

static const char *seal_fault(int why)
{
	return why == TELSVC_AUDIT_WRONG_EPOCH    ? "claims another epoch than its sequence number's"
	       : why == TELSVC_AUDIT_MAC_STRIPPED ? "has no seal"
						  : "its seal does not verify";
}

/* Take the log's settings from its genesis record; false if it is not one. */
static bool take_genesis(verifier *w, const ts_audit_view *v)
{
	if (v->kind != 0 || v->action != TS_AUDIT_GENESIS || !v->sealed || !v->epoch_records ||
	    !v->checkpoint_records)
		return false;
	w->log.started = w->log.sealed = true;
	w->log.epoch_records = v->epoch_records;
	w->log.checkpoint_records = v->checkpoint_records;
	return true;
}

/* Settle a held record now that @next (NULL: the end of the log) shows
 * what the chain does after it. */
static int settle(verifier *w, const ts_audit_view *next)
{
	uint64_t e = w->expect;
	ts_audit_view h;
	ts_audit_parse(w->held, w->held_size, e, &h); /* parsed before: cannot fail */
	if (e == 1 && next && !take_genesis(w, next))
		next = NULL; /* the log must begin with its genesis record */
	bool genuine = next && check_seal(w, next, e, w->prev) == TELSVC_AUDIT_OK;
	if (w->held_why == HELD_SEAL)
		return genuine ? verdict(w, TELSVC_AUDIT_INSERTED, e,
					 "a record that is not in the chain stands before record %llu",
					 (unsigned long long)e)
			       : verdict(w, w->held_verdict, e, "%s", w->held_detail);
	if (!genuine)
		return verdict(w, TELSVC_AUDIT_MISSING, e, "record %llu is missing: the log goes on with %llu",
			       (unsigned long long)e, (unsigned long long)h.seq);
	if (h.seq == e + 1 && check_seal(w, &h, e + 1, next->mac) == TELSVC_AUDIT_OK)
		return verdict(w, TELSVC_AUDIT_REORDERED, e, "records %llu and %llu are in each other's place",
			       (unsigned long long)e, (unsigned long long)(e + 1));
	return verdict(w, TELSVC_AUDIT_INSERTED, e, "a record that is not in the chain stands before record %llu",
		       (unsigned long long)e);
}

/* Only one record is ever held: settling it ends the walk. */
static int hold(verifier *w, const void *data, size_t size, int why, int v, const char *detail)
{
	if (!(w->held = ts_malloc(w->ctx, size))) {
		w->status = TELSVC_ENOMEM;
		return STOP;
	}
	memcpy(w->held, data, size);
	w->held_size = size;
	w->held_why = why;
	w->held_verdict = v;
	snprintf(w->held_detail, sizeof(w->held_detail), "%s", detail);
	return TELSVC_OK;
}

/* Record @e, in place and sealed: the rest of what it must satisfy. */
static int accept(verifier *w, const ts_audit_view *v, uint64_t stored)
{
	uint64_t e = w->expect;
	if (v->body) {
		uint8_t digest[TS_SHA256_SIZE];
		ts_sha256_of(v->body, v->body_size, digest);
		if (!v->body_digest || !ts_digest_equal(digest, v->body_digest, sizeof(digest)))
			return verdict(w, TELSVC_AUDIT_MODIFIED, e, "record %llu: its body differs from its digest",
				       (unsigned long long)e);
	} else if (v->kind != 0) { /* must be followed by its purge record */
		if (ts_grow(w->ctx, &w->unpurged, &w->unpurged_cap, w->unpurged_count, sizeof(uint64_t), 16)) {
			w->status = TELSVC_ENOMEM;
			return STOP;
		}
		w->unpurged[w->unpurged_count++] = e;
		w->r->purged++;
	} else {
		return verdict(w, TELSVC_AUDIT_MODIFIED, e, "record %llu: the log's own record has lost its body",
			       (unsigned long long)e);
	}
	if (v->kind == 0 && v->action == TS_AUDIT_PURGE) {
		size_t i = 0;
		while (i < w->unpurged_count && w->unpurged[i] != v->purged_seq)
			i++;
		if (i == w->unpurged_count)
			return verdict(w, TELSVC_AUDIT_MODIFIED, e,
				       "purge record %llu names record %llu, whose body is not missing",
				       (unsigned long long)e, (unsigned long long)v->purged_seq);
		memmove(&w->unpurged[i], &w->unpurged[i + 1], (w->unpurged_count - i - 1) * sizeof(uint64_t));
		w->unpurged_count--;
	}
	if (stored != e)
		return verdict(w, TELSVC_AUDIT_MODIFIED, e, "record %llu is stored under sequence number %llu",
			       (unsigned long long)e, (unsigned long long)stored);
	if (v->kind == 0 && v->action == TS_AUDIT_CHECKPOINT &&
	    (v->head_seq != e - 1 || !v->head_mac || !ts_digest_equal(v->head_mac, w->prev, sizeof(w->prev))))
		return verdict(w, TELSVC_AUDIT_MODIFIED, e, "checkpoint %llu does not hold the head before it",
			       (unsigned long long)e);
	if (w->anchor && e == w->anchor->seq && !ts_digest_equal(v->mac, w->anchor->mac, sizeof(w->prev)))
		return verdict(w, TELSVC_AUDIT_TRUNCATED, e,
			       "record %llu is not the anchored one: the log was cut and written again",
			       (unsigned long long)e);
	memcpy(w->prev, v->mac, sizeof(w->prev));
	w->expect++;
	w->r->records++;
	return TELSVC_OK;
}

static int genesis(verifier *w, const ts_audit_view *v)
{
	if (v->kind != 0 || v->action != TS_AUDIT_GENESIS)
		return verdict(w, TELSVC_AUDIT_MODIFIED, 1, "the log does not begin with its genesis record");
	if (!v->sealed)
		return verdict(w, TELSVC_AUDIT_UNSEALED, 1,
			       "the log was written without a key: its records are not sealed");
	if (!take_genesis(w, v))
		return verdict(w, TELSVC_AUDIT_MODIFIED, 1, "the genesis record lacks its epoch or checkpoint length");
	return TELSVC_OK;
}

static int visit(uint64_t stored, const void *data, size_t size, void *payload)
{
	verifier *w = payload;
	uint64_t e = w->expect;
	ts_audit_view v;
	bool parsed = ts_audit_parse(data, size, stored, &v) == TELSVC_OK;
	if (w->held_why)
		return settle(w, parsed ? &v : NULL);
	if (!parsed)
		return verdict(w, TELSVC_AUDIT_MODIFIED, e, "%s", telsvc_error_last());
	if (v.seq < e)
		return v.seq + 1 == e && v.mac && ts_digest_equal(v.mac, w->prev, sizeof(w->prev))
			       ? verdict(w, TELSVC_AUDIT_DUPLICATED, e, "record %llu appears again where %llu belongs",
					 (unsigned long long)v.seq, (unsigned long long)e)
			       : verdict(w, TELSVC_AUDIT_REORDERED, e, "record %llu appears where %llu belongs",
					 (unsigned long long)v.seq, (unsigned long long)e);
	if (v.seq > e)
		return hold(w, data, size, HELD_GAP, TELSVC_AUDIT_MISSING, "");
	int rc;
	if (e == 1 && (rc = genesis(w, &v)))
		return rc;
	int seal = check_seal(w, &v, e, w->prev);
	if (seal != TELSVC_AUDIT_OK) {
		char detail[128];
		snprintf(detail, sizeof(detail), "record %llu %s", (unsigned long long)e, seal_fault(seal));
		return hold(w, data, size, HELD_SEAL, seal, detail);
	}
	return accept(w, &v, stored);
}

/* The verdict at the end of the log, when nothing was wrong in it. */
static void at_end(verifier *w)
{
	const telsvc_audit_anchor *a = w->anchor;
	uint64_t last = w->expect - 1;
	if (w->unpurged_count) {
		verdict(w, TELSVC_AUDIT_MODIFIED, w->unpurged[0], "record %llu: its body was removed without a purge record",
			(unsigned long long)w->unpurged[0]);
	} else if (a && last < a->seq) {
		verdict(w, TELSVC_AUDIT_TRUNCATED, last + 1, "the log ends at record %llu, before the anchor at %llu",
			(unsigned long long)last, (unsigned long long)a->seq);
	} else if (a && last == a->seq) {
		verdict(w, TELSVC_AUDIT_OK, 0, "%llu records verified through the anchor", (unsigned long long)last);
		w->r->anchored = a->seq;
	} else {
		verdict(w, TELSVC_AUDIT_UNANCHORED, 0,
			last == 0 ? "the log is empty; without an anchor nothing shows whether records were removed"
			: a	  ? "records after the anchor are not anchored: removing them could not be seen"
				  : "no anchor given: removing records from the end could not be seen");
		w->r->anchored = a ? a->seq : 0;
	}
}

int telsvc_audit_verify(telsvc_audit_report *report, telsvc_ctx *ctx, const unsigned char *key, size_t key_size,
			const telsvc_audit_anchor *anchor)
{
	const char *fn = "telsvc_audit_verify";
	if (!report || !ctx || !key)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, !report ? "report" : !ctx ? "ctx" : "key");
	int rc = ts_check_version(fn, "report", report->version, TELSVC_AUDIT_REPORT_VERSION);
	if (rc)
		return rc;
	if (key_size < TELSVC_AUDIT_KEY_MIN || key_size > TELSVC_AUDIT_KEY_MAX)
		return ts_error(TELSVC_EINVAL, "%s: the key must be %d to %d bytes", fn, TELSVC_AUDIT_KEY_MIN,
				TELSVC_AUDIT_KEY_MAX);
	if (!ctx->has_storage)
		return ts_error(TELSVC_EINVAL, "%s: the context has no storage (telsvc_ctx_set_storage)", fn);
	if (anchor && anchor->seq == 0)
		return ts_error(TELSVC_EINVAL, "%s: an anchor's sequence number starts at 1", fn);
	unsigned version = report->version;
	memset(report, 0, sizeof(*report));
	report->version = version;
	verifier w = { .ctx = ctx, .r = report, .anchor = anchor, .expect = 1 };
	w.log.epoch_records = 1; /* until the genesis record says */
	ts_audit_key_set(&w.key, key, key_size, 0);
	rc = ctx->storage.audit_iterate(ctx->storage.payload, 1, visit, &w);
	if (rc == TELSVC_OK) {
		if (w.held_why)
			settle(&w, NULL);
		else
			at_end(&w);
	} else if (rc == STOP) {
		rc = w.status;
	} else {
		rc = ts_storage_status(rc, "audit iterate", "the audit log");
	}
	ts_audit_key_wipe(&w.key);
	ts_free(ctx, w.held);
	ts_free(ctx, w.unpurged);
	return rc;
}

const char *telsvc_audit_verdict_name(int verdict)
{
	static const char *const names[] = { "ok",	 "unanchored",	"modified",    "missing",
					     "reordered", "duplicated", "inserted",    "wrong epoch",
					     "mac stripped", "truncated", "unsealed" };
	return verdict >= 0 && verdict < (int)TS_ARRAY_LEN(names) ? names[verdict] : NULL;
}
