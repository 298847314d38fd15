/* SHA-256 against the FIPS 180-2 examples and HMAC-SHA-256 against
 * RFC 4231, through both block functions (the CPU's SHA extensions where
 * present, and the portable one), whole and in pieces. */
#include "helpers.h"

#include "sha256.h"

static void hex(const char *text, uint8_t *out, size_t size)
{
	for (size_t i = 0; i < size; i++)
		sscanf(text + 2 * i, "%2hhx", &out[i]);
}

static void expect_digest(const uint8_t *got, const char *want_hex, size_t size, const char *what)
{
	uint8_t want[TS_SHA256_SIZE];
	hex(want_hex, want, size);
	if (memcmp(got, want, size) != 0)
		fail_msg("%s (%s block function): digest differs from %s", what, ts_sha256_impl(), want_hex);
}

static const struct {
	const char *message; /* NULL: one million 'a' */
	const char *digest;
} nist[] = {
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopq"
	  "rstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ NULL, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

static void nist_vectors_once(void)
{
	uint8_t d[TS_SHA256_SIZE];
	for (size_t i = 0; i < sizeof(nist) / sizeof(nist[0]); i++) {
		if (nist[i].message) {
			ts_sha256_of(nist[i].message, strlen(nist[i].message), d);
			expect_digest(d, nist[i].digest, sizeof(d), nist[i].message);
			/* one byte at a time: every buffering path */
			ts_sha256 s;
			ts_sha256_init(&s);
			for (const char *p = nist[i].message; *p; p++)
				ts_sha256_update(&s, p, 1);
			ts_sha256_final(&s, d);
			expect_digest(d, nist[i].digest, sizeof(d), "byte by byte");
		} else {
			/* a million 'a', in uneven pieces */
			char chunk[1100]; /* steps reach 1057 bytes */
			memset(chunk, 'a', sizeof(chunk));
			ts_sha256 s;
			ts_sha256_init(&s);
			size_t left = 1000000, step = 1;
			while (left) {
				size_t n = step < left ? step : left;
				ts_sha256_update(&s, chunk, n);
				left -= n;
				step = step % 997 + 61;
			}
			ts_sha256_final(&s, d);
			expect_digest(d, nist[i].digest, sizeof(d), "one million 'a'");
		}
	}
}

static void sha256_vectors(void **state)
{
	(void)state;
	print_message("block function here: %s\n", ts_sha256_impl());
	nist_vectors_once();
	ts_sha256_force_portable(true);
	nist_vectors_once();
	ts_sha256_force_portable(false);
}

/* The two block functions agree on every length around block edges. */
static void block_functions_agree(void **state)
{
	(void)state;
	uint8_t data[1100], a[TS_SHA256_SIZE], b[TS_SHA256_SIZE];
	uint32_t x = 0x12345678u;
	for (size_t i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (uint8_t)(x >> 24);
	}
	for (size_t n = 0; n <= sizeof(data); n++) {
		ts_sha256_of(data, n, a);
		ts_sha256_force_portable(true);
		ts_sha256_of(data, n, b);
		ts_sha256_force_portable(false);
		if (memcmp(a, b, sizeof(a)) != 0)
			fail_msg("length %zu: %s and portable differ", n, ts_sha256_impl());
	}
}

static void hmac_rfc4231_once(void)
{
	uint8_t k3[20], d3[50], k4[25], d4[50], k6[131];
	memset(k3, 0xaa, sizeof(k3)), memset(d3, 0xdd, sizeof(d3));
	for (int i = 0; i < 25; i++)
		k4[i] = (uint8_t)(i + 1);
	memset(d4, 0xcd, sizeof(d4)), memset(k6, 0xaa, sizeof(k6));
	const uint8_t k1[20] = { 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
				 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b };
	const uint8_t k5[20] = { 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c,
				 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x0c };
	const char *d7 = "This is a test using a larger than block-size key and a larger than block-size data. The key "
			 "needs to be hashed before being used by the HMAC algorithm.";
	const struct {
		const uint8_t *key;
		size_t key_size;
		const void *data;
		size_t data_size;
		size_t out; /* bytes compared: case 5 is truncated to 128 bits */
		const char *mac;
	} cases[] = {
		{ k1, 20, "Hi There", 8, 32, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		{ (const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28, 32,
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
		{ k3, 20, d3, 50, 32, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
		{ k4, 25, d4, 50, 32, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
		{ k5, 20, "Test With Truncation", 20, 16, "a3b6167473100ee06e0c796c2955552b" },
		{ k6, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 54, 32,
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
		{ k6, 131, d7, strlen(d7), 32, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ts_hmac h;
		ts_hmac_init(&h, cases[i].key, cases[i].key_size);
		/* the message split in two at every point gives the same MAC */
		for (size_t cut = 0; cut <= cases[i].data_size; cut++) {
			uint8_t mac[TS_SHA256_SIZE];
			const uint8_t *d = cases[i].data;
			ts_hmac_mac2(&h, d, cut, d + cut, cases[i].data_size - cut, mac);
			char what[64];
			snprintf(what, sizeof(what), "RFC 4231 case %zu, cut at %zu", i + 1, cut);
			expect_digest(mac, cases[i].mac, cases[i].out, what);
		}
	}
}

static void hmac_vectors(void **state)
{
	(void)state;
	hmac_rfc4231_once();
	ts_sha256_force_portable(true);
	hmac_rfc4231_once();
	ts_sha256_force_portable(false);
}

static void digest_comparison(void **state)
{
	(void)state;
	uint8_t a[TS_SHA256_SIZE], b[TS_SHA256_SIZE];
	ts_sha256_of("x", 1, a);
	memcpy(b, a, sizeof(b));
	assert_true(ts_digest_equal(a, b, sizeof(a)));
	for (size_t i = 0; i < sizeof(a); i++)
		for (int bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1 << bit);
			assert_false(ts_digest_equal(a, b, sizeof(a)));
			b[i] ^= (uint8_t)(1 << bit);
		}
	uint8_t w[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, z[8] = { 0 };
	ts_wipe(w, sizeof(w));
	assert_memory_equal(w, z, sizeof(w));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_vectors),
		cmocka_unit_test(block_functions_agree),
		cmocka_unit_test(hmac_vectors),
		cmocka_unit_test(digest_comparison),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
