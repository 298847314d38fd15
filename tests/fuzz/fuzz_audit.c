/* The audit verifier on tampered logs. A sealed log is written once by
 * the library (a request, a complaint and an incident through their first
 * steps: genesis, three epochs, checkpoints); each input then edits a copy
 * of it by instructions decoded from its bytes (flip a bit, delete,
 * duplicate, swap, insert, renumber, truncate, re-seal a checksum,
 * overwrite, splice) and verifies it, with the anchor of the intact log
 * when its first bit says so. What must hold (docs/audit.md): the log is
 * read and a verdict given; an unchanged log is ok with the anchor and
 * unanchored without; a changed log given the anchor is never ok nor
 * unanchored. */
#include "fuzz.h"
#include "fuzz_store.h"

#include "record.h"

#include <string.h>

#define MAX_EDITS 16

static const unsigned char key[32] = "thirty-two bytes of a fuzz key!";
static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" },
			  officer = { "s.xu", "security_officer" };

static fuzz_store base;
static telsvc_audit_anchor anchor;
static int64_t now = FUZZ_T0;

static int copy_record(uint64_t seq, const void *data, size_t size, void *payload)
{
	fuzz_store *fs = payload;
	fuzz_store_log_insert(fs, fs->log_count, seq, data, size);
	return TELSVC_OK;
}

static void write_log(void)
{
	telsvc_ctx *ctx = fuzz_ctx(&now);
	telsvc_policy *policy;
	telsvc_memstore *ms;
	telsvc_storage st;
	FUZZ_CHECK(telsvc_policy_default(&policy, ctx) == TELSVC_OK);
	FUZZ_CHECK(telsvc_memstore_new(&ms, ctx) == TELSVC_OK);
	FUZZ_CHECK(telsvc_memstore_storage(&st, ms) == TELSVC_OK);
	FUZZ_CHECK(telsvc_ctx_set_policy(ctx, policy) == TELSVC_OK);
	FUZZ_CHECK(telsvc_ctx_set_storage(ctx, &st) == TELSVC_OK);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key), ao.epoch_records = 4, ao.checkpoint_records = 3;
	FUZZ_CHECK(telsvc_ctx_set_audit_key(ctx, &ao) == TELSVC_OK);

	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138 0000 0000";
	in.content = "new leased line", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "leased line";
	telsvc_request *r;
	FUZZ_CHECK(telsvc_request_create(&r, ctx, &in, &agent) == TELSVC_OK);
	int64_t t = FUZZ_T0;
	FUZZ_CHECK(telsvc_request_apply(r, TELSVC_ACTION_PREPROCESS, &pre, t += 60, 0) == TELSVC_OK);
	FUZZ_CHECK(telsvc_request_apply_note(r, TELSVC_ACTION_WRITE_REPORT, &pre, t += 60, 0, "route survey") ==
		   TELSVC_OK);
	const telsvc_actor *signers[] = { &pre, &owner, &qm };
	for (int i = 0; i < 3; i++)
		FUZZ_CHECK(telsvc_request_apply(r, TELSVC_ACTION_SIGN_REPORT, signers[i], t += 60, 0) == TELSVC_OK);
	FUZZ_CHECK(telsvc_request_apply(r, TELSVC_ACTION_START, &agent, t += 60, 0) == TELSVC_OK);

	telsvc_complaint_intake ci = TELSVC_COMPLAINT_INTAKE_INIT;
	ci.channel = TELSVC_CHANNEL_ONLINE, ci.customer = "Li Si", ci.contact = "li@example.com";
	ci.content = "billed twice", ci.received_at = t += 60;
	telsvc_complaint *c;
	FUZZ_CHECK(telsvc_complaint_create(&c, ctx, &ci, &agent) == TELSVC_OK);
	FUZZ_CHECK(telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, t += 60, 0, NULL) == TELSVC_OK);

	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_LOGS, d.type = TELSVC_INCIDENT_INTRUSION, d.description = "odd logins";
	d.detected_at = t += 60;
	telsvc_incident *inc;
	FUZZ_CHECK(telsvc_incident_create(&inc, ctx, &d, &agent) == TELSVC_OK);
	FUZZ_CHECK(telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, t += 60, TELSVC_GRADE_GENERAL,
					 "one host") == TELSVC_OK);

	FUZZ_CHECK(telsvc_audit_head(&anchor, ctx) == TELSVC_OK);
	FUZZ_CHECK(st.audit_iterate(st.payload, 1, copy_record, &base) == TELSVC_OK);
	FUZZ_CHECK(base.log_count > 12);
	telsvc_memstore_free(ms);
	telsvc_policy_free(policy);
	telsvc_ctx_free(ctx);
}

/* Apply one edit to @log; false when the input is used up. */
static bool edit(fuzz_store *log, fuzz_in *in)
{
	if (!in->left)
		return false;
	unsigned op = fuzz_u8(in) % 10;
	size_t n = log->log_count;
	if (n == 0) { /* all deleted: a record of input bytes */
		size_t len = in->left < 64 ? in->left : 64;
		fuzz_store_log_insert(log, 0, 1, in->p, len);
		in->p += len, in->left -= len;
		return true;
	}
	size_t i = fuzz_u8(in) % n;
	fuzz_entry *e = &log->log[i];
	switch (op) {
	case 0: /* flip a bit */
		if (e->rec.size) {
			size_t at = fuzz_u16(in) % e->rec.size;
			e->rec.data[at] ^= (uint8_t)(1u << (fuzz_u8(in) & 7));
		}
		break;
	case 1:
		fuzz_store_log_remove(log, i);
		break;
	case 2: /* the same record again after it */
		fuzz_store_log_insert(log, i + 1, e->stored, e->rec.data, e->rec.size);
		break;
	case 3: /* neighbours exchange their bytes, each stored where the other was */
		if (i + 1 < n) {
			fuzz_bytes b = e->rec;
			e->rec = log->log[i + 1].rec;
			log->log[i + 1].rec = b;
		}
		break;
	case 4: { /* a record made of input bytes */
		size_t len = fuzz_u8(in);
		len = len < in->left ? len : in->left;
		fuzz_store_log_insert(log, i, e->stored, in->p, len);
		in->p += len, in->left -= len;
		break;
	}
	case 5: /* stored under another sequence number */
		e->stored += (uint64_t)(int64_t)(int8_t)fuzz_u8(in);
		break;
	case 6: /* the tail cut */
		while (log->log_count > i)
			fuzz_store_log_remove(log, log->log_count - 1);
		break;
	case 7: /* the checksum made right again, so that the fields are read */
		if (e->rec.size >= TS_REC_HEADER + TS_REC_TRAILER) {
			uint32_t crc = ts_rec_checksum(e->rec.data, e->rec.size - TS_REC_TRAILER);
			for (int k = 0; k < 4; k++)
				e->rec.data[e->rec.size - TS_REC_TRAILER + k] = (uint8_t)(crc >> (8 * k));
		}
		break;
	case 8: /* bytes overwritten with input bytes */
		if (e->rec.size) {
			size_t at = fuzz_u16(in) % e->rec.size, len = fuzz_u8(in) % 16;
			for (size_t k = 0; k < len && at + k < e->rec.size && in->left; k++, in->p++, in->left--)
				e->rec.data[at + k] = in->p[0];
		}
		break;
	default: { /* another record's bytes in its place */
		const fuzz_entry *src = &log->log[fuzz_u8(in) % n];
		fuzz_store_log_insert(log, i, e->stored, src->rec.data, src->rec.size);
		fuzz_store_log_remove(log, i + 1);
		break;
	}
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!base.log_count)
		write_log();
	fuzz_in in = { data, size };
	bool anchored = fuzz_u8(&in) & 1;
	fuzz_store log;
	fuzz_store_copy(&log, &base);
	for (int k = 0; k < MAX_EDITS && edit(&log, &in); k++)
		;
	telsvc_ctx *ctx = fuzz_ctx(&now);
	telsvc_storage st;
	fuzz_store_storage(&log, &st);
	FUZZ_CHECK(telsvc_ctx_set_storage(ctx, &st) == TELSVC_OK);
	telsvc_audit_report report = { .version = TELSVC_AUDIT_REPORT_VERSION };
	FUZZ_CHECK(telsvc_audit_verify(&report, ctx, key, sizeof(key), anchored ? &anchor : NULL) == TELSVC_OK);
	FUZZ_CHECK(telsvc_audit_verdict_name(report.verdict) != NULL);
	/* the verifier reads from record 1: one stored under 0 is not in the log */
	if (fuzz_store_log_equal(&log, &base, 1))
		FUZZ_CHECK(report.verdict == (anchored ? TELSVC_AUDIT_OK : TELSVC_AUDIT_UNANCHORED));
	else if (anchored)
		FUZZ_CHECK(report.verdict != TELSVC_AUDIT_OK && report.verdict != TELSVC_AUDIT_UNANCHORED);
	telsvc_ctx_free(ctx);
	fuzz_store_free(&log);
	return 0;
}
