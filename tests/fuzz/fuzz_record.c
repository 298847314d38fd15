/* Decoding what storage hands back (docs/record-format.md, "Decoding is
 * defensive"). The first byte picks the kind (its low two bits: request,
 * complaint, incident, delivery record) and whether to re-seal the
 * checksum over the rest (its high bit), so that mutations reach the
 * field checks; the rest is the stored record, served by a storage
 * table of its own. What must hold:
 * - a request, complaint or incident read by find (get) and by a load
 *   (iterate) gives TELSVC_OK or TELSVC_ECORRUPT, the same both ways, and
 *   when it decodes both contexts export it alike;
 * - a decoded object that takes a change stores a record that decodes
 *   again, to what the context holds in memory;
 * - a delivery record, of a poll or of the request it names, read when
 *   monitoring starts, gives TELSVC_OK or TELSVC_ECORRUPT; after one that
 *   decodes, a poll stores records that decode again, and from which
 *   nothing due is delivered twice. */
#include "fuzz.h"
#include "fuzz_store.h"

#include "record.h"

static const char *const numbers[] = { NULL, "SR-20250930-000001", "CP-20250930-000001", "SI-20250930-000001" };
static const char *const delivery_ids[] = { "1:SR-20250930-000001", "@1" };
static const unsigned char pseudonym_key[16] = "fuzz pseudonyms";
static const telsvc_actor agent = { "a.li", "agent" }, officer = { "s.xu", "security_officer" };

/* Shared by every run: the default policy, and a request as stored. */
static telsvc_ctx *policy_ctx;
static telsvc_policy *policy;
static fuzz_store with_request;
static int64_t now = FUZZ_T0;

static telsvc_ctx *ctx_on(fuzz_store *fs)
{
	telsvc_ctx *ctx = fuzz_ctx(&now);
	telsvc_storage st;
	fuzz_store_storage(fs, &st);
	FUZZ_CHECK(telsvc_ctx_set_policy(ctx, policy) == TELSVC_OK);
	FUZZ_CHECK(telsvc_ctx_set_storage(ctx, &st) == TELSVC_OK);
	FUZZ_CHECK(telsvc_ctx_set_pseudonym_key(ctx, pseudonym_key, sizeof(pseudonym_key)) == TELSVC_OK);
	return ctx;
}

static void setup(void)
{
	policy_ctx = fuzz_ctx(&now);
	FUZZ_CHECK(telsvc_policy_default(&policy, policy_ctx) == TELSVC_OK);
	telsvc_ctx *ctx = ctx_on(&with_request);
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138 0000 0000";
	in.content = "broadband down", in.content_type = TELSVC_CONTENT_FAULT, in.service_type = "broadband";
	in.flags = TELSVC_INTAKE_OUTAGE;
	telsvc_request *r;
	FUZZ_CHECK(telsvc_request_create(&r, ctx, &in, &agent) == TELSVC_OK);
	FUZZ_CHECK(strcmp(telsvc_request_number(r), numbers[TELSVC_KIND_REQUEST]) == 0);
	telsvc_ctx_free(ctx);
}

/* A change each kind takes in any open state, at its last change's time. */
static int change(telsvc_ctx *ctx, int kind)
{
	int action;
	int64_t at;
	const char *who, *role;
	if (kind == TELSVC_KIND_REQUEST) {
		telsvc_request *r;
		FUZZ_CHECK(telsvc_request_find(&r, ctx, numbers[kind]) == TELSVC_OK);
		FUZZ_CHECK(telsvc_request_history_at(r, telsvc_request_history_count(r) - 1, &action, &at, &who,
						     &role) == TELSVC_OK);
		return telsvc_request_apply(r, TELSVC_ACTION_CANCEL, &agent, at, 0);
	}
	if (kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint *c;
		FUZZ_CHECK(telsvc_complaint_find(&c, ctx, numbers[kind]) == TELSVC_OK);
		FUZZ_CHECK(telsvc_complaint_history_at(c, telsvc_complaint_history_count(c) - 1, &action, &at, &who,
						       &role) == TELSVC_OK);
		return telsvc_complaint_apply(c, TELSVC_COMPLAINT_WITHDRAW, &agent, at, 0, "withdrawn");
	}
	telsvc_incident *inc;
	FUZZ_CHECK(telsvc_incident_find(&inc, ctx, numbers[kind]) == TELSVC_OK);
	FUZZ_CHECK(telsvc_incident_history_at(inc, telsvc_incident_history_count(inc) - 1, &action, &at, &who,
					      &role) == TELSVC_OK);
	return telsvc_incident_apply(inc, TELSVC_INCIDENT_PROGRESS, &officer, at, 0, "checked");
}

static void decode_case(int kind, const uint8_t *rec, size_t size)
{
	fuzz_store fs = { 0 };
	fuzz_store_put(&fs, kind, numbers[kind], rec, size);
	telsvc_ctx *found = ctx_on(&fs), *loaded = ctx_on(&fs);
	int rc = fuzz_find(found, kind, numbers[kind]);
	FUZZ_CHECK(rc == TELSVC_OK || rc == TELSVC_ECORRUPT);
	FUZZ_CHECK(telsvc_ctx_load(loaded) == rc);
	if (rc == TELSVC_OK) {
		fuzz_same_export(found, loaded, kind, numbers[kind]);
		if (change(found, kind) == TELSVC_OK) {
			telsvc_ctx *again = ctx_on(&fs);
			FUZZ_CHECK(fuzz_find(again, kind, numbers[kind]) == TELSVC_OK);
			fuzz_same_export(found, again, kind, numbers[kind]);
			telsvc_ctx_free(again);
		}
	}
	telsvc_ctx_free(loaded);
	telsvc_ctx_free(found);
	fuzz_store_free(&fs);
}

static int count_event(const telsvc_monitor_event *ev, void *payload)
{
	(void)ev;
	++*(size_t *)payload;
	return 0;
}

/* Monitoring started on the request with @fs's delivery record. */
static telsvc_ctx *monitored(fuzz_store *fs, int *rc)
{
	telsvc_ctx *ctx = ctx_on(fs);
	FUZZ_CHECK(telsvc_ctx_load(ctx) == TELSVC_OK);
	*rc = telsvc_monitor_enable(ctx);
	FUZZ_CHECK(*rc == TELSVC_OK || *rc == TELSVC_ECORRUPT);
	return ctx;
}

static void decode_delivery(const uint8_t *rec, size_t size, bool poll_record)
{
	fuzz_store fs;
	fuzz_store_copy(&fs, &with_request);
	fuzz_store_put(&fs, TELSVC_KIND_DELIVERED, delivery_ids[poll_record], rec, size);
	int rc;
	telsvc_ctx *ctx = monitored(&fs, &rc);
	if (rc == TELSVC_OK) {
		int64_t later = FUZZ_T0 + 30 * 86400;
		size_t events = 0, delivered = 0;
		FUZZ_CHECK(telsvc_monitor_poll(ctx, later, count_event, &events, &delivered) == TELSVC_OK);
		telsvc_ctx *again = monitored(&fs, &rc);
		FUZZ_CHECK(rc == TELSVC_OK);
		events = 0;
		FUZZ_CHECK(telsvc_monitor_poll(again, later, count_event, &events, &delivered) == TELSVC_OK);
		FUZZ_CHECK(events == 0 && delivered == 0);
		telsvc_ctx_free(again);
	}
	telsvc_ctx_free(ctx);
	fuzz_store_free(&fs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!policy)
		setup();
	int kind = (data[0] & 3) + 1;
	size_t len = size - 1;
	uint8_t *rec = malloc(len ? len : 1);
	FUZZ_CHECK(rec != NULL);
	memcpy(rec, data + 1, len);
	if ((data[0] & 0x80) && len >= TS_REC_HEADER + TS_REC_TRAILER) {
		uint32_t crc = ts_rec_checksum(rec, len - TS_REC_TRAILER);
		for (int i = 0; i < 4; i++)
			rec[len - TS_REC_TRAILER + i] = (uint8_t)(crc >> (8 * i));
	}
	if (kind == TELSVC_KIND_DELIVERED)
		decode_delivery(rec, len, (data[0] & 0x40) != 0);
	else
		decode_case(kind, rec, len);
	free(rec);
	return 0;
}
