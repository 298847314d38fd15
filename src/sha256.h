/* SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) for the audit chain.
 * The block function uses the CPU's SHA extensions where it has them,
 * chosen once at run time, and portable C everywhere else; both pass the
 * same vectors (tests/test_sha256.c). */
#ifndef TS_SHA256_H
#define TS_SHA256_H

#include "common.h"

#define TS_SHA256_SIZE 32
#define TS_SHA256_BLOCK 64

typedef struct ts_sha256 {
	uint32_t h[8];
	uint64_t length; /* bytes hashed so far */
	uint8_t block[TS_SHA256_BLOCK];
	size_t fill; /* bytes waiting in block */
} ts_sha256;

void ts_sha256_init(ts_sha256 *s);
void ts_sha256_update(ts_sha256 *s, const void *data, size_t size);
/* Write the digest; @s is spent. */
void ts_sha256_final(ts_sha256 *s, uint8_t out[TS_SHA256_SIZE]);
void ts_sha256_of(const void *data, size_t size, uint8_t out[TS_SHA256_SIZE]);

/* HMAC-SHA-256 with its key already absorbed into the inner and outer
 * states, so each MAC costs only its message's blocks and one more. */
typedef struct ts_hmac {
	ts_sha256 inner, outer;
} ts_hmac;

void ts_hmac_init(ts_hmac *h, const uint8_t *key, size_t size);
/* The MAC of @a followed by @b (either may be empty). */
void ts_hmac_mac2(const ts_hmac *h, const void *a, size_t a_size, const void *b, size_t b_size,
		  uint8_t out[TS_SHA256_SIZE]);
/* Overwrite @size bytes at @p with zeros in a way the compiler keeps. */
void ts_wipe(void *p, size_t size);

/* Compare in time independent of where they differ. */
bool ts_digest_equal(const uint8_t *a, const uint8_t *b, size_t size);

/* Which block function runs: "sha-ni" or "portable". For reports. */
const char *ts_sha256_impl(void);
/* Force the portable block function (tests compare the two). */
void ts_sha256_force_portable(bool on);

#endif
