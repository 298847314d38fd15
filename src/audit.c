/* The audit log's records, their seals and the sealing key's epochs. */
#include "audit.h"
#include "context.h"
#include "record.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

/* ---- parsing ---- */

static int corrupt(uint64_t seq, const char *fault)
{
	return ts_error(TELSVC_ECORRUPT, "audit record %llu: %s", (unsigned long long)seq, fault);
}

/* Where the integer field @tag goes. */
static uint64_t *number(ts_audit_view *v, unsigned tag)
{
	switch (tag) {
	case TS_AT_SEQ:
		return &v->seq;
	case TS_AT_EPOCH:
		return &v->epoch;
	case TS_AT_TIME:
		return (uint64_t *)&v->at;
	case TS_AT_KIND:
		return &v->kind;
	case TS_AT_ACTION:
		return &v->action;
	case TS_AT_FROM:
		return &v->from;
	case TS_AT_TO:
		return &v->to;
	case TS_AT_REVISION:
		return &v->revision;
	case TS_AT_SEALED:
		return &v->sealed;
	case TS_AT_EPOCH_RECORDS:
		return &v->epoch_records;
	case TS_AT_CHECKPOINT_RECORDS:
		return &v->checkpoint_records;
	case TS_AT_PURGED_SEQ:
		return &v->purged_seq;
	default:
		return &v->head_seq;
	}
}

static const char what[] = "audit record";

/* The record reader's message, with the record's number: named only on
 * failure, since verifying parses every record. */
static int named(int rc, uint64_t seq)
{
	char fault[512];
	snprintf(fault, sizeof(fault), "%s", telsvc_error_last() + sizeof(what) - 1);
	return ts_error(rc, "%s %llu%s", what, (unsigned long long)seq, fault);
}

int ts_audit_parse(const void *data, size_t size, uint64_t seq, ts_audit_view *v)
{
	ts_rec_reader r;
	int rc = ts_rec_open_header(&r, data, size, what);
	if (rc)
		return named(rc, seq);
	if (r.kind != 0)
		return corrupt(seq, "not an audit record");
	memset(v, 0, sizeof(*v));
	v->header = r.p;
	const uint8_t *header_end = r.p;
	unsigned last = 0;
	ts_field f;
	while ((rc = ts_rec_next_checked(&r, &f)) == 1) {
		if (f.tag <= last)
			return corrupt(seq, "fields out of order");
		last = f.tag;
		bool integer = f.type == TS_F_U64 || f.type == TS_F_I64;
		if (f.tag < TS_AT_BODY)
			header_end = r.p; /* just past this field */
		switch (f.tag) {
		case TS_AT_ID:
		case TS_AT_ROLE:
			if (f.type != TS_F_TEXT)
				return corrupt(seq, "a name is not text");
			*(f.tag == TS_AT_ID ? &v->id : &v->role) = (const char *)f.data;
			*(f.tag == TS_AT_ID ? &v->id_size : &v->role_size) = f.size;
			break;
		case TS_AT_BODY_DIGEST:
		case TS_AT_HEAD_MAC:
		case TS_AT_MAC:
			if (f.type != TS_F_BYTES || f.size != TS_SHA256_SIZE)
				return corrupt(seq, "a digest or seal is not 32 bytes");
			*(f.tag == TS_AT_BODY_DIGEST ? &v->body_digest : f.tag == TS_AT_HEAD_MAC ? &v->head_mac : &v->mac) =
				f.data;
			break;
		case TS_AT_BODY:
			if (f.type != TS_F_BYTES)
				return corrupt(seq, "the body is not bytes");
			v->body = f.data;
			v->body_size = f.size;
			break;
		default:
			if (f.tag > TS_AT_BODY)
				return corrupt(seq, "unknown field after the header");
			if (f.tag > TS_AT_PURGED_SEQ)
				break; /* a later header field: sealed, but not read here */
			if (!integer)
				return corrupt(seq, "a number is not an integer field");
			*number(v, f.tag) = ts_field_u64(&f);
		}
	}
	if (rc)
		return named(rc, seq);
	if (v->seq == 0)
		return corrupt(seq, "no sequence number");
	v->header_size = (size_t)(header_end - v->header);
	return TELSVC_OK;
}

/* ---- keys ---- */

void ts_audit_key_set(ts_audit_key *k, const uint8_t *key, size_t size, uint64_t epoch)
{
	memcpy(k->key, key, size);
	k->size = size;
	k->epoch = epoch;
	ts_hmac_init(&k->hmac, k->key, k->size);
}

void ts_audit_key_evolve(ts_audit_key *k)
{
	static const char label[] = "telsvc audit key evolution";
	uint8_t next[TS_SHA256_SIZE];
	ts_hmac_mac2(&k->hmac, label, sizeof(label) - 1, NULL, 0, next);
	ts_wipe(k->key, sizeof(k->key));
	ts_audit_key_set(k, next, sizeof(next), k->epoch + 1);
	ts_wipe(next, sizeof(next));
}

void ts_audit_key_wipe(ts_audit_key *k)
{
	ts_wipe(k, sizeof(*k));
}

void ts_audit_seal(const ts_audit_key *k, const uint8_t prev[TELSVC_AUDIT_MAC_SIZE], const uint8_t *header,
		   size_t header_size, uint8_t out[TELSVC_AUDIT_MAC_SIZE])
{
	ts_hmac_mac2(&k->hmac, prev, TELSVC_AUDIT_MAC_SIZE, header, header_size, out);
}

int telsvc_ctx_set_audit_key(telsvc_ctx *ctx, const telsvc_audit_options *o)
{
	const char *fn = "telsvc_ctx_set_audit_key";
	if (!ctx || !o)
		return ts_error(TELSVC_EINVAL, "%s: %s is NULL", fn, ctx ? "options" : "ctx");
	int rc = ts_check_version(fn, "options", o->version, TELSVC_AUDIT_OPTIONS_VERSION);
	if (rc)
		return rc;
	if (!o->key || o->key_size < TELSVC_AUDIT_KEY_MIN || o->key_size > TELSVC_AUDIT_KEY_MAX)
		return ts_error(TELSVC_EINVAL, "%s: the key must be %d to %d bytes", fn, TELSVC_AUDIT_KEY_MIN,
				TELSVC_AUDIT_KEY_MAX);
	if (ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "%s: a transaction is open", fn);
	ts_audit *a = &ctx->audit;
	if (a->log.started && !a->log.sealed)
		return ts_error(TELSVC_EINVAL, "%s: the audit log was begun without a key and cannot be sealed now",
				fn);
	ts_audit_key_wipe(&a->key);
	ts_audit_key_set(&a->key, o->key, o->key_size, o->epoch);
	a->keyed = true;
	a->new_epoch_records = o->epoch_records ? o->epoch_records : TS_AUDIT_DEFAULT_EPOCH;
	a->new_checkpoint_records = o->checkpoint_records ? o->checkpoint_records : TS_AUDIT_DEFAULT_CHECKPOINT;
	a->key_evolved = o->key_evolved;
	a->key_payload = o->payload;
	return TELSVC_OK;
}

int telsvc_audit_head(telsvc_audit_anchor *out, const telsvc_ctx *ctx)
{
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_audit_head: %s is NULL", out ? "ctx" : "out");
	if (!ctx->audit.log.sealed) /* a sealed log holds its genesis record at least */
		return ts_error(TELSVC_ENOTFOUND, "telsvc_audit_head: the audit log is %s",
				ctx->audit.log.seq ? "not sealed" : "empty");
	out->seq = ctx->audit.log.seq;
	memcpy(out->mac, ctx->audit.log.head, sizeof(out->mac));
	return TELSVC_OK;
}

void ts_audit_free(ts_audit *a)
{
	ts_audit_key_wipe(&a->key);
	ts_audit_key_wipe(&a->before);
}

/* ---- appending ---- */

static uint64_t epoch_of(const ts_audit_state *log, uint64_t seq)
{
	return log->sealed ? (seq - 1) / log->epoch_records : 0;
}

/* Bring the key to @epoch, keeping the one the transaction began with. */
static int key_for(ts_audit *a, uint64_t epoch)
{
	if (a->key.epoch > epoch)
		return ts_error(TELSVC_EINVAL,
				"audit: the key set is of epoch %llu, but the next record is in epoch %llu; keys only "
				"evolve forward",
				(unsigned long long)a->key.epoch, (unsigned long long)epoch);
	if (a->key.epoch < epoch && !a->evolved) {
		a->before = a->key;
		a->evolved = true;
	}
	while (a->key.epoch < epoch)
		ts_audit_key_evolve(&a->key);
	return TELSVC_OK;
}

/* Write one record into @sb and append it as the log's next. */
static int append_one(telsvc_ctx *ctx, const ts_audit_entry *e, bool log_record, ts_sb *sb)
{
	ts_audit *a = &ctx->audit;
	ts_audit_state *log = &a->log;
	uint64_t seq = log->seq + 1, epoch = epoch_of(log, seq);
	int rc;
	if (log->sealed && (rc = key_for(a, epoch)))
		return rc;
	ts_sb_truncate(sb, 0);
	ts_rec_begin(sb, 0);
	ts_rec_u64(sb, TS_AT_SEQ, seq);
	ts_rec_u64(sb, TS_AT_EPOCH, epoch);
	ts_rec_i64(sb, TS_AT_TIME, e->at);
	ts_rec_u64(sb, TS_AT_KIND, (uint64_t)e->kind);
	ts_rec_text(sb, TS_AT_ID, e->id);
	ts_rec_u64(sb, TS_AT_ACTION, (uint64_t)e->action);
	ts_rec_u64(sb, TS_AT_FROM, (uint64_t)e->from);
	ts_rec_u64(sb, TS_AT_TO, (uint64_t)e->to);
	ts_rec_u64(sb, TS_AT_REVISION, e->revision);
	ts_rec_text(sb, TS_AT_ROLE, e->role);
	if (log->sealed) {
		uint8_t digest[TS_SHA256_SIZE];
		ts_sha256_of(e->body, e->body_size, digest);
		ts_rec_bytes(sb, TS_AT_BODY_DIGEST, digest, sizeof(digest));
	}
	if (log_record) { /* genesis settings, or the checkpointed head */
		if (e->action == TS_AUDIT_GENESIS) {
			ts_rec_u64(sb, TS_AT_SEALED, log->sealed);
			ts_rec_u64(sb, TS_AT_EPOCH_RECORDS, log->epoch_records);
			ts_rec_u64(sb, TS_AT_CHECKPOINT_RECORDS, log->checkpoint_records);
		} else if (e->action == TS_AUDIT_CHECKPOINT) {
			ts_rec_u64(sb, TS_AT_HEAD_SEQ, log->seq);
			ts_rec_bytes(sb, TS_AT_HEAD_MAC, log->head, sizeof(log->head));
		} else {
			ts_rec_u64(sb, TS_AT_PURGED_SEQ, e->purged_seq);
		}
	}
	size_t header_end = sb->size;
	ts_rec_bytes(sb, TS_AT_BODY, e->body, e->body_size);
	uint8_t mac[TELSVC_AUDIT_MAC_SIZE] = { 0 };
	if (log->sealed && !sb->failed) {
		ts_audit_seal(&a->key, log->head, (const uint8_t *)sb->ptr + TS_REC_HEADER, header_end - TS_REC_HEADER,
			      mac);
		ts_rec_bytes(sb, TS_AT_MAC, mac, sizeof(mac));
	}
	if ((rc = ts_rec_finish(sb)))
		return rc;
	const telsvc_storage *st = &ctx->storage;
	if ((rc = st->audit_append(st->payload, seq, sb->ptr, sb->size))) {
		char object[96];
		snprintf(object, sizeof(object), "audit record %llu", (unsigned long long)seq);
		return ts_storage_status(rc, "append", object);
	}
	log->seq = seq;
	memcpy(log->head, mac, sizeof(mac));
	return TELSVC_OK;
}

int ts_audit_append(telsvc_ctx *ctx, const ts_audit_entry *e, ts_sb *scratch)
{
	ts_audit *a = &ctx->audit;
	ts_audit_state *log = &a->log;
	int rc;
	if (!log->started) {
		if (a->keyed && a->key.epoch != 0)
			return ts_error(TELSVC_EINVAL, "audit: a new log begins with the key of epoch 0, not %llu",
					(unsigned long long)a->key.epoch);
		log->started = true;
		log->sealed = a->keyed;
		log->epoch_records = a->keyed ? a->new_epoch_records : 0;
		log->checkpoint_records = a->keyed ? a->new_checkpoint_records : 0;
		ts_audit_entry genesis = { .at = e->at, .id = "", .action = TS_AUDIT_GENESIS, .role = "" };
		if ((rc = append_one(ctx, &genesis, true, scratch)))
			return rc;
	} else if (log->sealed != a->keyed) {
		return ts_error(TELSVC_EINVAL, "audit: %s",
				log->sealed ? "the audit log is sealed; set its key first (telsvc_ctx_set_audit_key)"
					    : "the audit log was begun without a key and cannot be sealed now");
	}
	if ((rc = append_one(ctx, e, e->kind == 0, scratch)))
		return rc;
	if (log->sealed && log->seq % log->checkpoint_records == 0) {
		ts_audit_entry cp = { .at = e->at, .id = "", .action = TS_AUDIT_CHECKPOINT, .role = "" };
		rc = append_one(ctx, &cp, true, scratch);
	}
	return rc;
}

void ts_audit_committed(telsvc_ctx *ctx)
{
	ts_audit *a = &ctx->audit;
	if (!a->evolved)
		return;
	ts_audit_key_wipe(&a->before);
	a->evolved = false;
	if (a->key_evolved)
		a->key_evolved(a->key_payload, a->key.key, a->key.size, a->key.epoch);
}

void ts_audit_rolled_back(telsvc_ctx *ctx, const ts_audit_state *saved)
{
	ts_audit *a = &ctx->audit;
	a->log = *saved;
	if (a->evolved) {
		ts_audit_key_wipe(&a->key);
		a->key = a->before;
		ts_audit_key_wipe(&a->before);
		a->evolved = false;
	}
}

/* ---- reading the head back ---- */

/* What reading the log teaches a context: its head, and the numbers the
 * objects created in it took, so that a context that never loaded (and
 * shares the store with other writers) numbers its next objects after them. */
typedef struct scan {
	ts_audit_state log;
	uint64_t seqs[TS_KIND_MAX + 1];
} scan;

/* The sequence number a creation's body gives its object; 0 if none. */
static uint64_t created_seq(const ts_audit_view *v)
{
	const ts_kind_ops *ops = ts_kind_get((int)v->kind);
	if (!ops || v->revision != 1 || !v->body)
		return 0;
	ts_rec_reader r = { v->body, v->body + v->body_size, v->body, ops->kind, "audit record body" };
	ts_field f = { 0 };
	while (ts_rec_next_checked(&r, &f) == 1)
		if (f.tag == ops->seq_tag && f.type == TS_F_U64)
			return f.value;
	return 0;
}

static int scan_one(uint64_t seq, const void *data, size_t size, void *payload)
{
	scan *s = payload;
	ts_audit_state *log = &s->log;
	if (seq != log->seq + 1)
		return ts_error(TELSVC_ECORRUPT, "storage: audit record %llu follows %llu", (unsigned long long)seq,
				(unsigned long long)log->seq);
	ts_audit_view v;
	int rc = ts_audit_parse(data, size, seq, &v);
	if (rc)
		return rc;
	if (v.seq != seq)
		return corrupt(seq, "its sequence number differs from where it is stored");
	if (seq == 1) {
		if (v.kind != 0 || v.action != TS_AUDIT_GENESIS)
			return corrupt(seq, "the log does not begin with its genesis record");
		log->started = true;
		log->sealed = v.sealed != 0;
		log->epoch_records = v.epoch_records;
		log->checkpoint_records = v.checkpoint_records;
		if (log->sealed && (!log->epoch_records || !log->checkpoint_records))
			return corrupt(seq, "the genesis record lacks its epoch or checkpoint length");
	}
	if (log->sealed && !v.mac)
		return corrupt(seq, "a record of a sealed log has no seal");
	log->seq = seq;
	if (v.mac)
		memcpy(log->head, v.mac, sizeof(log->head));
	uint64_t created = created_seq(&v);
	if (created > 0 && created > s->seqs[v.kind])
		s->seqs[v.kind] = created;
	return TELSVC_OK;
}

int ts_audit_scan(telsvc_ctx *ctx, uint64_t from)
{
	scan s = { .log = ctx->audit.log };
	if (from <= 1)
		s.log = (ts_audit_state){ 0 };
	int rc = ctx->storage.audit_iterate(ctx->storage.payload, from, scan_one, &s);
	if (rc)
		return rc;
	ctx->audit.log = s.log;
	ctx->audit.unknown = false;
	for (int kind = 1; kind <= TS_KIND_MAX; kind++)
		ts_store_learn_seq(ctx, kind, s.seqs[kind]);
	return TELSVC_OK;
}
