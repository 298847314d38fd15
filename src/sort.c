/* In-place most-significant-digit radix sort (an "American flag" sort,
 * sort.h): 8 bits a level over the span the keys cover, each level
 * counting its buckets and then swapping every item straight into its
 * own, small buckets finished by insertion. */
#include "sort.h"

#include <string.h>

enum { BITS = 8, BUCKETS = 1 << BITS, SMALL = 24 };

static uint64_t key_of(const unsigned char *item, bool is_signed)
{
	uint64_t k;
	memcpy(&k, item, sizeof(k));
	return is_signed ? k ^ (UINT64_C(1) << 63) : k; /* order-preserving as unsigned */
}

static void swap(unsigned char *a, unsigned char *b, size_t size)
{
	unsigned char t[TS_SORT_ITEM_MAX];
	memcpy(t, a, size);
	memcpy(a, b, size);
	memcpy(b, t, size);
}

static void insertion(unsigned char *a, size_t n, size_t size, bool is_signed)
{
	unsigned char t[TS_SORT_ITEM_MAX];
	for (size_t i = 1; i < n; i++) {
		uint64_t k = key_of(a + i * size, is_signed);
		size_t j = i;
		if (key_of(a + (j - 1) * size, is_signed) <= k)
			continue;
		memcpy(t, a + i * size, size);
		for (; j > 0 && key_of(a + (j - 1) * size, is_signed) > k; j--)
			memcpy(a + j * size, a + (j - 1) * size, size);
		memcpy(a + j * size, t, size);
	}
}

/* Sort by the bits of (key - @lo) from @shift + BITS - 1 down; the bits
 * above are equal within @a. */
static void level(unsigned char *a, size_t n, size_t size, bool is_signed, uint64_t lo, unsigned shift)
{
	if (n <= SMALL) {
		insertion(a, n, size, is_signed);
		return;
	}
	size_t count[BUCKETS] = { 0 }, next[BUCKETS], end[BUCKETS];
	for (size_t i = 0; i < n; i++)
		count[((key_of(a + i * size, is_signed) - lo) >> shift) & (BUCKETS - 1)]++;
	for (size_t d = 0, at = 0; d < BUCKETS; d++) {
		next[d] = at;
		at += count[d];
		end[d] = at;
	}
	for (size_t d = 0; d < BUCKETS; d++)
		while (next[d] < end[d]) {
			unsigned char *item = a + next[d] * size;
			size_t e = ((key_of(item, is_signed) - lo) >> shift) & (BUCKETS - 1);
			if (e == d)
				next[d]++;
			else
				swap(item, a + next[e]++ * size, size);
		}
	if (shift == 0)
		return;
	unsigned below = shift > BITS ? shift - BITS : 0;
	for (size_t d = 0, at = 0; d < BUCKETS; at += count[d++])
		if (count[d] > 1)
			level(a + at * size, count[d], size, is_signed, lo, below);
}

void ts_sort_by_key(void *items, size_t n, size_t size, bool is_signed)
{
	if (n < 2)
		return;
	unsigned char *a = items;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_of(a + i * size, is_signed);
		lo = k < lo ? k : lo;
		hi = k > hi ? k : hi;
	}
	unsigned bits = 0;
	while (bits < 64 && (hi - lo) >> bits)
		bits++;
	level(a, n, size, is_signed, lo, bits > BITS ? bits - BITS : 0);
}
