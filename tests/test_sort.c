/* The in-place radix sort (src/sort.c) against qsort on keys of every
 * shape: random, a narrow span, all equal, negative, sorted and reversed,
 * at sizes on both sides of its insertion-sort cut-off. */
#include "helpers.h"
#include "sort.h"

#include <stdint.h>

typedef struct item {
	int64_t key;
	uint64_t tag; /* the item's original position, to check nothing is lost */
	char pad[16];
} item;

static uint64_t rng = 88172645463325252u;

static uint64_t next(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static int by_key(const void *a, const void *b)
{
	const item *x = a, *y = b;
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->tag > y->tag) - (x->tag < y->tag);
}

static int by_tag(const void *a, const void *b)
{
	const item *x = a, *y = b;
	return (x->tag > y->tag) - (x->tag < y->tag);
}

static void check(item *v, size_t n, const char *what)
{
	item *want = malloc((n ? n : 1) * sizeof(*want));
	assert_non_null(want);
	memcpy(want, v, n * sizeof(*v));
	qsort(want, n, sizeof(*want), by_key);
	ts_sort_by_key(v, n, sizeof(*v), true);
	for (size_t i = 0; i < n; i++)
		if (v[i].key != want[i].key)
			fail_msg("%s, %zu items: position %zu holds %lld, want %lld", what, n, i, (long long)v[i].key,
				 (long long)want[i].key);
	qsort(v, n, sizeof(*v), by_tag); /* the same items, none lost or repeated */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i].tag, i);
	free(want);
}

static void against_qsort(void **state)
{
	(void)state;
	const size_t sizes[] = { 0, 1, 2, 23, 24, 25, 300, 5000, 100000 };
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		size_t n = sizes[s];
		item *v = calloc(n ? n : 1, sizeof(*v));
		assert_non_null(v);
		for (int shape = 0; shape < 6; shape++) {
			for (size_t i = 0; i < n; i++) {
				uint64_t r = next();
				v[i].tag = i;
				v[i].key = shape == 0   ? (int64_t)r
					   : shape == 1 ? 1759222800 + (int64_t)(r % 86400) /* one day of instants */
					   : shape == 2 ? 42
					   : shape == 3 ? -(int64_t)(r % 1000000) - 1
					   : shape == 4 ? (int64_t)i
							: (int64_t)(n - i);
			}
			const char *const names[] = { "random", "one day", "equal", "negative", "sorted", "reversed" };
			check(v, n, names[shape]);
		}
		free(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(against_qsort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
