/* SHA-256 and HMAC-SHA-256; see sha256.h. */
#include "sha256.h"

#include <stdatomic.h>
#include <string.h>

static const uint32_t K[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
	0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
	0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
	0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
	0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
	0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
	0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
	0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static inline uint32_t ror(uint32_t x, int n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void blocks_portable(uint32_t h[8], const uint8_t *p, size_t blocks)
{
	for (; blocks--; p += TS_SHA256_BLOCK) {
		uint32_t w[64];
		for (int t = 0; t < 16; t++)
			w[t] = load_be32(p + 4 * t);
		for (int t = 16; t < 64; t++) {
			uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
			uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
			w[t] = w[t - 16] + s0 + w[t - 7] + s1;
		}
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
		for (int t = 0; t < 64; t++) {
			uint32_t t1 = hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
			uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
			hh = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
		}
		h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

/* The SHA extensions keep the state as ABEF and CDGH and do two rounds an
 * instruction; the message schedule takes two more per four words. */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_shani(uint32_t h[8], const uint8_t *p,
									size_t blocks)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xb1); /* CDAB */
	__m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1b); /* EFGH */
	__m128i s0 = _mm_alignr_epi8(t, s1, 8);                                        /* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xf0);                                             /* CDGH */
	for (; blocks--; p += TS_SHA256_BLOCK) {
		__m128i abef = s0, cdgh = s1, w[4];
#pragma GCC unroll 16
		for (int i = 0; i < 16; i++) {
			__m128i m;
			if (i < 4)
				m = w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
			else
				m = w[i & 3] = _mm_sha256msg2_epu32(
					_mm_add_epi32(_mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]),
						      _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4)),
					w[(i + 3) & 3]);
			m = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0e));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1b);  /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1); /* DCHG */
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, s1, 0xf0)); /* DCBA */
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(s1, t, 8));   /* HGFE */
}

static bool cpu_has_sha(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

typedef void (*blocks_fn)(uint32_t h[8], const uint8_t *p, size_t blocks);

static _Atomic(blocks_fn) chosen;

static blocks_fn pick(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (cpu_has_sha())
		return blocks_shani;
#endif
	return blocks_portable;
}

/* The block function, chosen on first use; every thread picks the same. */
static inline blocks_fn block_function(void)
{
	blocks_fn fn = atomic_load_explicit(&chosen, memory_order_relaxed);
	if (!fn) {
		fn = pick();
		atomic_store_explicit(&chosen, fn, memory_order_relaxed);
	}
	return fn;
}

static inline void blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	block_function()(h, p, n);
}

const char *ts_sha256_impl(void)
{
	return block_function() == blocks_portable ? "portable" : "sha-ni";
}

void ts_sha256_force_portable(bool on)
{
	atomic_store_explicit(&chosen, on ? blocks_portable : pick(), memory_order_relaxed);
}

void ts_sha256_init(ts_sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
					0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u };
	memcpy(s->h, iv, sizeof(iv));
	s->length = 0;
	s->fill = 0;
}

void ts_sha256_update(ts_sha256 *s, const void *data, size_t size)
{
	const uint8_t *p = data;
	if (!size)
		return;
	s->length += size;
	if (s->fill) {
		size_t take = TS_SHA256_BLOCK - s->fill < size ? TS_SHA256_BLOCK - s->fill : size;
		memcpy(s->block + s->fill, p, take);
		s->fill += take, p += take, size -= take;
		if (s->fill < TS_SHA256_BLOCK)
			return;
		blocks(s->h, s->block, 1);
		s->fill = 0;
	}
	if (size >= TS_SHA256_BLOCK) {
		blocks(s->h, p, size / TS_SHA256_BLOCK);
		p += size - size % TS_SHA256_BLOCK;
		size %= TS_SHA256_BLOCK;
	}
	if (size) {
		memcpy(s->block, p, size);
		s->fill = size;
	}
}

void ts_sha256_final(ts_sha256 *s, uint8_t out[TS_SHA256_SIZE])
{
	uint64_t bits = s->length * 8;
	uint8_t pad[TS_SHA256_BLOCK + 8] = { 0x80 };
	size_t n = (s->fill < 56 ? 56 : 120) - s->fill;
	for (int i = 0; i < 8; i++)
		pad[n + (size_t)i] = (uint8_t)(bits >> (56 - 8 * i));
	ts_sha256_update(s, pad, n + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

void ts_sha256_of(const void *data, size_t size, uint8_t out[TS_SHA256_SIZE])
{
	ts_sha256 s;
	ts_sha256_init(&s);
	ts_sha256_update(&s, data, size);
	ts_sha256_final(&s, out);
}

void ts_wipe(void *p, size_t size)
{
	volatile uint8_t *v = p;
	while (size--)
		*v++ = 0;
}

void ts_hmac_init(ts_hmac *h, const uint8_t *key, size_t size)
{
	uint8_t k[TS_SHA256_BLOCK] = { 0 }, pad[TS_SHA256_BLOCK];
	if (size > TS_SHA256_BLOCK)
		ts_sha256_of(key, size, k); /* a long key is hashed first */
	else if (size)
		memcpy(k, key, size);
	for (int i = 0; i < TS_SHA256_BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	ts_sha256_init(&h->inner);
	ts_sha256_update(&h->inner, pad, sizeof(pad));
	for (int i = 0; i < TS_SHA256_BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	ts_sha256_init(&h->outer);
	ts_sha256_update(&h->outer, pad, sizeof(pad));
	ts_wipe(k, sizeof(k));
	ts_wipe(pad, sizeof(pad));
}

void ts_hmac_mac2(const ts_hmac *h, const void *a, size_t a_size, const void *b, size_t b_size,
		  uint8_t out[TS_SHA256_SIZE])
{
	ts_sha256 s = h->inner;
	ts_sha256_update(&s, a, a_size);
	ts_sha256_update(&s, b, b_size);
	uint8_t inner[TS_SHA256_SIZE];
	ts_sha256_final(&s, inner);
	s = h->outer;
	ts_sha256_update(&s, inner, sizeof(inner));
	ts_sha256_final(&s, out);
}

bool ts_digest_equal(const uint8_t *a, const uint8_t *b, size_t size)
{
	uint8_t diff = 0;
	for (size_t i = 0; i < size; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}
