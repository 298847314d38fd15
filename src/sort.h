/* Sorting the large arrays the monitor and the indicators order by a
 * 64-bit key: in place, in linear time, where qsort would take n log n
 * compares through a function pointer and a stable radix sort a second
 * array as large as the first. */
#ifndef TS_SORT_H
#define TS_SORT_H

#include "common.h"

/* The largest item ts_sort_by_key() moves. */
#define TS_SORT_ITEM_MAX 64

/* Sort @n items of @size bytes (at most TS_SORT_ITEM_MAX) at @items by
 * the 64-bit integer each begins with: int64_t when @is_signed, else
 * uint64_t. Items with equal keys end up in no particular order. */
void ts_sort_by_key(void *items, size_t n, size_t size, bool is_signed);

#endif
