/* The record encoding: round trips, and every corruption detected; and
 * stored complaints and incidents the library would never write, each
 * refused as corrupt. */
#include "record_edit.h"

#include "case.h"
#include "complaint_internal.h"
#include "event.h"
#include "incident_internal.h"

static void crc32c_vectors(void **state)
{
	(void)state;
	/* the check value of CRC-32C (RFC 3720 B.4; the "123456789" catalogue value) */
	assert_int_equal(ts_crc32c(0, "123456789", 9), 0xe3069283u);
	uint8_t zeros[32] = { 0 }, ones[32];
	memset(ones, 0xff, sizeof(ones));
	assert_int_equal(ts_crc32c(0, zeros, 32), 0x8a9136aau); /* RFC 3720 B.4: 32 bytes of zeros */
	assert_int_equal(ts_crc32c(0, ones, 32), 0x62a8ab43u);  /* RFC 3720 B.4: 32 bytes of 0xff */
	/* the portable path agrees with the one this CPU takes, on every length */
	assert_int_equal(~ts_crc32c_table(~0u, (const uint8_t *)"123456789", 9), 0xe3069283u);
	uint8_t buf[300];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (size_t len = 0; len <= sizeof(buf); len++)
		assert_int_equal(ts_crc32c(0, buf, len), ~ts_crc32c_table(~0u, buf, len));
	/* incremental equals one-shot */
	assert_int_equal(ts_crc32c(ts_crc32c(0, "12345", 5), "6789", 4), 0xe3069283u);
}

static ts_sb build(telsvc_ctx *ctx)
{
	ts_sb sb;
	ts_sb_init(&sb, ctx);
	ts_rec_begin(&sb, 2);
	ts_rec_u64(&sb, 1, 0x0102030405060708u);
	ts_rec_i64(&sb, 2, -1759222800);
	ts_rec_text(&sb, 3, "投诉 complaint");
	ts_rec_bytes(&sb, 4, "\0\1\2", 3);
	ts_rec_text(&sb, 5, "");
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	return sb;
}

static void round_trip(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	ts_sb sb = build(ctx);
	ts_rec_reader r;
	ts_field f;
	assert_int_equal(ts_rec_open(&r, sb.ptr, sb.size, "test"), TELSVC_OK);
	assert_int_equal(r.kind, 2);
	assert_int_equal(ts_rec_next(&r, &f), 1);
	assert_int_equal(f.tag, 1);
	assert_int_equal(f.type, TS_F_U64);
	assert_true(ts_field_u64(&f) == 0x0102030405060708u);
	assert_int_equal(ts_rec_next(&r, &f), 1);
	assert_int_equal(f.type, TS_F_I64);
	assert_true((int64_t)ts_field_u64(&f) == -1759222800);
	assert_int_equal(ts_rec_next(&r, &f), 1);
	assert_int_equal(f.size, strlen("投诉 complaint"));
	assert_memory_equal(f.data, "投诉 complaint", f.size);
	assert_int_equal(ts_rec_next(&r, &f), 1);
	assert_int_equal(f.type, TS_F_BYTES);
	assert_memory_equal(f.data, "\0\1\2", 3);
	assert_int_equal(ts_rec_next(&r, &f), 1);
	assert_int_equal(f.size, 0);
	assert_int_equal(ts_rec_next(&r, &f), 0);
	ts_sb_free(&sb);
	telsvc_ctx_free(ctx);
}

/* Every single-bit flip, every truncation and every extension is refused. */
static void every_corruption_detected(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	ts_sb sb = build(ctx);
	uint8_t *copy = malloc(sb.size + 8);
	ts_rec_reader r;
	for (size_t byte = 0; byte < sb.size; byte++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(copy, sb.ptr, sb.size);
			copy[byte] ^= (uint8_t)(1u << bit);
			if (ts_rec_open(&r, copy, sb.size, "test") != TELSVC_ECORRUPT)
				fail_msg("flip of bit %d of byte %zu not detected", bit, byte);
			assert_non_null(strstr(telsvc_error_last(), "test: "));
		}
	}
	for (size_t len = 0; len < sb.size; len++)
		assert_int_equal(ts_rec_open(&r, sb.ptr, len, "test"), TELSVC_ECORRUPT);
	memcpy(copy, sb.ptr, sb.size);
	copy[sb.size] = 0;
	assert_int_equal(ts_rec_open(&r, copy, sb.size + 1, "test"), TELSVC_ECORRUPT);
	assert_int_equal(ts_rec_open(&r, NULL, 0, "test"), TELSVC_ECORRUPT);
	free(copy);
	ts_sb_free(&sb);
	telsvc_ctx_free(ctx);
}

/* Re-seal @buf's checksum after tampering, to reach the field checks. */
static void reseal(uint8_t *buf, size_t size)
{
	uint32_t crc = ts_rec_checksum(buf, size - 4);
	for (int i = 0; i < 4; i++)
		buf[size - 4 + i] = (uint8_t)(crc >> (8 * i));
}

static void malformed_but_checksummed(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	ts_sb sb = build(ctx);
	uint8_t *copy = malloc(sb.size);
	ts_rec_reader r;
	struct {
		size_t at;
		uint8_t value;
		const char *fault;
	} cases[] = {
		/* build()'s body: field 1 is key 0x09 at 12 and a nine-byte number
		 * (13..21); field 2 key 0x12 at 22 and five bytes; field 3 key 0x1b
		 * at 28, its length at 29 */
		{ 4, 2, "record format 2" },
		{ 6, 1, "reserved" },
		{ 12, 0x0f, "unknown field type" },      /* type 7 */
		{ 12, 0x01, "field tag out of range" },  /* tag 0 */
		{ 21, 0x81, "malformed number" },        /* runs on into field 2's key */
		{ 29, 0x7f, "runs past the record" },
	};
	assert_int_equal((uint8_t)sb.ptr[12], 0x09);
	assert_int_equal((uint8_t)sb.ptr[22], 0x12);
	assert_int_equal((uint8_t)sb.ptr[28], 0x1b);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(copy, sb.ptr, sb.size);
		copy[cases[i].at] = cases[i].value;
		reseal(copy, sb.size);
		assert_int_equal(ts_rec_open(&r, copy, sb.size, "request R1"), TELSVC_ECORRUPT);
		if (!strstr(telsvc_error_last(), cases[i].fault) || !strstr(telsvc_error_last(), "request R1"))
			fail_msg("case %zu: '%s' lacks '%s'", i, telsvc_error_last(), cases[i].fault);
	}
	/* a field key that runs off the end of the body */
	ts_sb key;
	ts_sb_init(&key, ctx);
	ts_rec_begin(&key, 2);
	ts_sb_append(&key, "\x80", 1);
	assert_int_equal(ts_rec_finish(&key), TELSVC_OK);
	assert_int_equal(ts_rec_open(&r, key.ptr, key.size, "x"), TELSVC_ECORRUPT);
	assert_non_null(strstr(telsvc_error_last(), "malformed field key"));
	ts_sb_free(&key);
	/* a NUL inside a text field */
	memcpy(copy, sb.ptr, sb.size);
	uint8_t *text = NULL;
	for (size_t i = 0; i + 9 <= sb.size && !text; i++)
		if (memcmp(copy + i, "complaint", 9) == 0)
			text = copy + i;
	assert_non_null(text);
	text[0] = 0;
	reseal(copy, sb.size);
	assert_int_equal(ts_rec_open(&r, copy, sb.size, "x"), TELSVC_ECORRUPT);
	assert_non_null(strstr(telsvc_error_last(), "NUL"));
	free(copy);
	ts_sb_free(&sb);
	telsvc_ctx_free(ctx);
}

static void random_bytes_refused(void **state)
{
	(void)state;
	uint64_t x = 0x2545f4914f6cdd1du;
	uint8_t buf[256];
	ts_rec_reader r;
	for (int i = 0; i < 100000; i++) {
		size_t len = (size_t)(x % sizeof(buf));
		for (size_t j = 0; j < len; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[j] = (uint8_t)x;
		}
		if (len >= 4 && i % 2)
			memcpy(buf, "TSVR", 4); /* half of them get past the magic */
		assert_int_equal(ts_rec_open(&r, buf, len, "fuzz"), TELSVC_ECORRUPT);
	}
}

/* ---- stored complaints and incidents it would never write ---- */

#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */
#define MAX_FIELDS 64

/* A kind of case, through the public API. */
typedef struct kind_api {
	int kind;
	int (*find)(void **out, telsvc_ctx *ctx, const char *number);
	size_t (*count)(const telsvc_ctx *ctx);
	size_t (*events)(const void *o);
	/* the integer intake fields with a range: tag, lowest, highest */
	int64_t bounds[3][3];
	size_t bound_count;
} kind_api;

static int find_complaint(void **out, telsvc_ctx *ctx, const char *number)
{
	telsvc_complaint *c = NULL;
	int rc = telsvc_complaint_find(&c, ctx, number);
	*out = c;
	return rc;
}

static size_t complaint_events(const void *o)
{
	return telsvc_complaint_history_count(o);
}

static int find_incident(void **out, telsvc_ctx *ctx, const char *number)
{
	telsvc_incident *inc = NULL;
	int rc = telsvc_incident_find(&inc, ctx, number);
	*out = inc;
	return rc;
}

static size_t incident_events(const void *o)
{
	return telsvc_incident_history_count(o);
}

static const kind_api complaints = {
	TELSVC_KIND_COMPLAINT, find_complaint, telsvc_complaint_count, complaint_events,
	{ { 2 + CF_CHANNEL, TELSVC_CHANNEL_PHONE, TELSVC_CHANNEL_EMAIL },
	  { 2 + CF_CATEGORY, TELSVC_COMPLAINT_SERVICE, TELSVC_COMPLAINT_OTHER },
	  { 2 + CF_SEVERITY, TELSVC_SEVERITY_GENERAL, TELSVC_SEVERITY_MAJOR } },
	3,
};

static const kind_api incidents = {
	TELSVC_KIND_INCIDENT, find_incident, telsvc_incident_count, incident_events,
	{ { 2 + IF_SOURCE, TELSVC_SOURCE_LOGS, TELSVC_SOURCE_USER_REPORT },
	  { 2 + IF_TYPE, TELSVC_INCIDENT_DATA_LEAK, TELSVC_INCIDENT_OTHER } },
	2,
};

/* The store, the context that wrote to it, and two cases of one kind in
 * it: one kept good, one whose record is taken apart to be edited. */
typedef struct bench {
	const kind_api *k;
	telsvc_ctx *ctx, *store_ctx;
	telsvc_policy *policy;
	telsvc_memstore *mem;
	telsvc_storage st;
	char good[64], bad[64];
	ts_sb raw; /* the record of bad, which orig's fields point into */
	size_t n;
	ts_field orig[MAX_FIELDS];
} bench;

/* A case received at T0 and taken one step on an hour later; @number. */
static void add_case(bench *b, char *number, size_t size)
{
	static const telsvc_actor agent = { "a.li", "agent" };
	static const telsvc_actor officer = { "o.xu", "security_officer" };
	if (b->k->kind == TELSVC_KIND_COMPLAINT) {
		telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_PHONE;
		in.customer = "Zhang San";
		in.contact = "+86 138 0000 0000";
		in.content = "家里宽带断网了";
		in.service_type = "broadband";
		in.severity = TELSVC_SEVERITY_GENERAL;
		in.received_at = T0;
		telsvc_complaint *c;
		if (telsvc_complaint_create(&c, b->ctx, &in, &agent) != TELSVC_OK ||
		    telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, T0 + 3600, 0, NULL) != TELSVC_OK)
			fail_msg("complaint: %s", telsvc_error_last());
		snprintf(number, size, "%s", telsvc_complaint_number(c));
		return;
	}
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_THREAT_DETECTION;
	d.type = TELSVC_INCIDENT_INTRUSION;
	d.description = "IDS alert: repeated root logins on billing-db-2";
	d.scope = "billing-db-2";
	d.occurred_at = T0 - 3600;
	d.detected_at = T0;
	telsvc_incident *inc;
	if (telsvc_incident_create(&inc, b->ctx, &d, &agent) != TELSVC_OK ||
	    telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, T0 + 3600, TELSVC_GRADE_MAJOR,
				  "billing-db-2 only") != TELSVC_OK)
		fail_msg("incident: %s", telsvc_error_last());
	snprintf(number, size, "%s", telsvc_incident_number(inc));
}

static void bench_open(bench *b, const kind_api *k)
{
	*b = (bench){ .k = k, .ctx = test_ctx(), .store_ctx = test_ctx() };
	assert_int_equal(telsvc_policy_default(&b->policy, b->store_ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_new(&b->mem, b->store_ctx), TELSVC_OK);
	telsvc_memstore_storage(&b->st, b->mem);
	assert_int_equal(telsvc_ctx_set_policy(b->ctx, b->policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(b->ctx, &b->st), TELSVC_OK);
	add_case(b, b->good, sizeof(b->good));
	add_case(b, b->bad, sizeof(b->bad));
	record_get(&b->raw, &b->st, b->ctx, k->kind, b->bad);
	assert_int_equal(ts_rec_finish(&b->raw), TELSVC_OK);
	ts_rec_reader r;
	assert_int_equal(ts_rec_open(&r, b->raw.ptr, b->raw.size, "test"), TELSVC_OK);
	for (ts_field f; ts_rec_next(&r, &f); b->orig[b->n++] = f)
		assert_true(b->n < MAX_FIELDS);
}

static void bench_close(bench *b)
{
	ts_sb_free(&b->raw);
	telsvc_ctx_free(b->ctx);
	telsvc_memstore_free(b->mem);
	telsvc_policy_free(b->policy);
	telsvc_ctx_free(b->store_ctx);
}

/* Store @n fields @f as the record of the bad case. */
static void bench_put(const bench *b, const ts_field *f, size_t n)
{
	ts_sb rec;
	uint64_t revision = record_get(&rec, &b->st, b->ctx, b->k->kind, b->bad);
	ts_sb_truncate(&rec, 0);
	ts_rec_begin(&rec, b->k->kind);
	for (size_t i = 0; i < n; i++) {
		char text[256];
		switch (f[i].type) {
		case TS_F_TEXT:
			assert_true(f[i].size < sizeof(text));
			snprintf(text, sizeof(text), "%.*s", (int)f[i].size, (const char *)f[i].data);
			ts_rec_text(&rec, f[i].tag, text);
			break;
		case TS_F_I64:
			ts_rec_i64(&rec, f[i].tag, (int64_t)f[i].value);
			break;
		default:
			assert_int_equal(f[i].type, TS_F_U64);
			ts_rec_u64(&rec, f[i].tag, f[i].value);
		}
	}
	record_put(&rec, &b->st, b->k->kind, b->bad, revision);
}

/* What an edit does to the field it names. */
enum edit_op {
	KEEP,         /* nothing: the record as stored */
	SET_INT,      /* an integer @value (text becomes I64) */
	SET_TEXT,     /* its text less its last @drop bytes, then @text */
	DROP,         /* removed */
	REPEAT,       /* followed by a copy of itself */
	INSERT,       /* before it, a new integer field whose tag is @value */
	APPEND,       /* a copy of it at the end */
	TRUNCATE,     /* removed, and every field after it */
	REPEAT_EVENT, /* the event it begins repeated at the end */
};

typedef struct edit {
	const char *what;
	enum edit_op op;
	uint16_t tag[2]; /* the field, in a complaint and in an incident */
	int nth;         /* which field of that tag; -1 the last */
	int64_t value;
	size_t drop;
	const char *text;
	const char *why; /* the refusal's message holds it; NULL: the record is accepted */
} edit;

/* The index of field @nth (-1: the last) with @tag among @n fields @f. */
static size_t field_index(const ts_field *f, size_t n, uint16_t tag, int nth)
{
	size_t at = n;
	int seen = 0;
	for (size_t i = 0; i < n && (nth < 0 || at == n); i++)
		if (f[i].tag == tag && (nth < 0 || seen++ == nth))
			at = i;
	if (at == n)
		fail_msg("no field %d of tag %u", nth, tag);
	return at;
}

/* Apply @e to the @*n fields @f; text it makes goes into @buf. */
static void apply_edit(const edit *e, uint16_t tag, ts_field *f, size_t *n, char *buf, size_t cap)
{
	if (e->op == KEEP)
		return;
	size_t i = field_index(f, *n, tag, e->nth), keep;
	assert_true(*n + 4 < MAX_FIELDS);
	switch (e->op) {
	case SET_INT:
		f[i].type = f[i].type == TS_F_U64 ? TS_F_U64 : TS_F_I64;
		f[i].value = (uint64_t)e->value;
		break;
	case SET_TEXT:
		keep = f[i].type == TS_F_TEXT && f[i].size > e->drop ? f[i].size - e->drop : 0;
		snprintf(buf, cap, "%.*s%s", (int)keep, (const char *)f[i].data, e->text);
		f[i] = (ts_field){ .tag = tag, .type = TS_F_TEXT, .data = (const uint8_t *)buf, .size = strlen(buf) };
		break;
	case DROP:
		memmove(f + i, f + i + 1, (--*n - i) * sizeof(*f));
		break;
	case REPEAT:
	case INSERT:
		memmove(f + i + 1, f + i, (*n - i) * sizeof(*f));
		++*n;
		if (e->op == INSERT)
			f[i] = (ts_field){ .tag = (uint16_t)e->value, .type = TS_F_U64, .value = 1 };
		break;
	case APPEND:
		f[(*n)++] = f[i];
		break;
	case TRUNCATE:
		*n = i;
		break;
	default: /* REPEAT_EVENT */
		for (size_t j = i, end = *n; j < end; j++)
			f[(*n)++] = f[j];
	}
}

/* @rc, from @how on the bad case, is what @e expects. */
static void check_outcome(const bench *b, const edit *e, int rc, const char *how)
{
	if (!e->why) {
		if (rc != TELSVC_OK)
			fail_msg("%s: %s refused it: %s", e->what, how, telsvc_error_last());
		return;
	}
	const char *msg = telsvc_error_last();
	if (rc != TELSVC_ECORRUPT || !strstr(msg, e->why) || !strstr(msg, b->bad))
		fail_msg("%s: %s gave %s '%s', want ECORRUPT '%s'", e->what, how, telsvc_status_name(rc), msg, e->why);
}

/* The bad case, stored as @e makes it, is refused as @e says by a find
 * and by a load on a fresh context, which keeps the good case it holds
 * and frees all it took. */
static void run_edit(const bench *b, const edit *e)
{
	ts_field f[MAX_FIELDS];
	size_t n = b->n;
	char text[256];
	memcpy(f, b->orig, n * sizeof(*f));
	apply_edit(e, e->tag[b->k->kind != TELSVC_KIND_COMPLAINT], f, &n, text, sizeof(text));
	bench_put(b, f, n);

	test_alloc a = { 0 };
	telsvc_ctx *ctx = test_ctx_with_alloc(&a);
	assert_int_equal(telsvc_ctx_set_policy(ctx, b->policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, &b->st), TELSVC_OK);
	void *good, *bad, *again;
	assert_int_equal(b->k->find(&good, ctx, b->good), TELSVC_OK);
	size_t events = b->k->events(good), held = e->why ? 1 : 2;
	check_outcome(b, e, b->k->find(&bad, ctx, b->bad), "a find");
	assert_int_equal(b->k->count(ctx), held);
	check_outcome(b, e, telsvc_ctx_load(ctx), "a load");
	assert_int_equal(b->k->count(ctx), held);
	assert_int_equal(b->k->find(&again, ctx, b->good), TELSVC_OK);
	if (e->why)
		assert_ptr_equal(again, good); /* a failed load keeps what memory held */
	assert_int_equal(b->k->events(again), events);
	telsvc_ctx_free(ctx);
	assert_int_equal(a.live, 0);
}

#define BOTH(tag) { tag, tag }
#define NUMBER BOTH(TS_CASE_TAG_NUMBER)
#define REQUIRED_TEXT { 2 + CF_CONTENT, 2 + IF_DESCRIPTION }
#define OPTIONAL_TEXT { 2 + CF_SERVICE_TYPE, 2 + IF_SCOPE }
#define INTEGER { 2 + CF_CHANNEL, 2 + IF_SOURCE }
#define OTHER_NUMBER "the stored number differs from the object's id"
#define BAD_INTEGER "a number field is malformed"
#define BAD_TEXT "a text field is malformed or repeated"
#define NO_REQUIRED "a required field is missing"
#define NO_INTAKE "the history does not start with the intake"

/* Each on the case as stored: intake, then one step an hour later. */
static const edit edits[] = {
	{ "the record as stored", KEEP, NUMBER, .why = NULL },
	{ "the number longer", SET_TEXT, NUMBER, .text = "7", .why = OTHER_NUMBER },
	{ "the number shorter", SET_TEXT, NUMBER, .drop = 1, .text = "", .why = OTHER_NUMBER },
	{ "a byte of the number changed", SET_TEXT, NUMBER, .drop = 1, .text = "X", .why = OTHER_NUMBER },
	{ "the number an integer", SET_INT, NUMBER, .value = 7, .why = OTHER_NUMBER },
	{ "no number", DROP, NUMBER, .why = "the record has no number" },
	{ "the number repeated", REPEAT, NUMBER, .why = "the number is repeated" },
	{ "the receipt as text", SET_TEXT, BOTH(TS_CASE_TAG_RECEIVED), .text = "1759222800", .why = BAD_INTEGER },
	{ "the sequence as text", SET_TEXT, BOTH(TS_CASE_TAG_SEQ), .text = "2", .why = BAD_INTEGER },
	{ "an integer intake field as text", SET_TEXT, INTEGER, .text = "1", .why = BAD_INTEGER },
	{ "a text intake field as an integer", SET_INT, REQUIRED_TEXT, .value = 1, .why = BAD_TEXT },
	{ "a text intake field repeated", REPEAT, REQUIRED_TEXT, .why = BAD_TEXT },
	{ "a required field empty", SET_TEXT, REQUIRED_TEXT, .drop = SIZE_MAX, .text = "", .why = NO_REQUIRED },
	{ "a required field missing", DROP, REQUIRED_TEXT, .why = NO_REQUIRED },
	{ "an optional field empty", SET_TEXT, OPTIONAL_TEXT, .drop = SIZE_MAX, .text = "" },
	{ "an optional field missing", DROP, OPTIONAL_TEXT, .why = NULL },
	{ "a later format's intake field", INSERT, BOTH(TS_CASE_TAG_RECEIVED), .value = 17 },
	{ "the history begun by a step", SET_INT, BOTH(TS_TAG_EV_ACTION), .value = 1, .why = NO_INTAKE },
	{ "a second intake", SET_INT, BOTH(TS_TAG_EV_ACTION), .nth = 1, .value = 0, .why = NO_INTAKE },
	{ "a step before the intake", SET_INT, BOTH(TS_TAG_EV_AT), .nth = 1, .value = T0 - 1,
	  .why = "the history goes back in time" },
	{ "a step at the intake's time", SET_INT, BOTH(TS_TAG_EV_AT), .nth = 1, .value = T0 },
	{ "a step the rules refuse", REPEAT_EVENT, BOTH(TS_TAG_EV_ACTION), .nth = -1,
	  .why = "stored history breaks the rules" },
	{ "no history", TRUNCATE, BOTH(TS_TAG_EV_ACTION), .why = "the record holds no history" },
	{ "the last step without its argument", DROP, BOTH(TS_TAG_EV_ARG), .nth = -1,
	  .why = "the last event is incomplete" },
	{ "an intake field after the history", APPEND, BOTH(TS_CASE_TAG_SEQ),
	  .why = "an intake field follows the history" },
};

/* Each edit on a case of kind @k, then each integer intake field with a
 * range just inside and just outside it. */
static void run_edits(const kind_api *k)
{
	bench b;
	bench_open(&b, k);
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++)
		run_edit(&b, &edits[i]);
	for (size_t i = 0; i < k->bound_count; i++) {
		const int64_t *field = k->bounds[i];
		const int64_t values[] = { field[1] - 1, field[1], field[2], field[2] + 1 };
		for (size_t j = 0; j < 4; j++) {
			char what[64];
			uint16_t tag = (uint16_t)field[0];
			snprintf(what, sizeof(what), "field %u holding %lld", tag, (long long)values[j]);
			edit e = { what, SET_INT, { tag, tag }, .value = values[j],
				   .why = j % 3 ? NULL : "the intake fields are invalid" };
			run_edit(&b, &e);
		}
	}
	bench_close(&b);
}

static void stored_complaints_refused(void **state)
{
	(void)state;
	run_edits(&complaints);
}

static void stored_incidents_refused(void **state)
{
	(void)state;
	run_edits(&incidents);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc32c_vectors),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(every_corruption_detected),
		cmocka_unit_test(malformed_but_checksummed),
		cmocka_unit_test(random_bytes_refused),
		cmocka_unit_test(stored_complaints_refused),
		cmocka_unit_test(stored_incidents_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
