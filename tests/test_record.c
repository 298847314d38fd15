/* The record encoding: round trips, and every corruption detected. */
#include "helpers.h"

#include "buf.h"
#include "record.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crc32c_vectors),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(every_corruption_detected),
		cmocka_unit_test(malformed_but_checksummed),
		cmocka_unit_test(random_bytes_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
