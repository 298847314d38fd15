/* Internal declarations shared by every source file. */
#ifndef TS_COMMON_H
#define TS_COMMON_H

#include "telsvc/telsvc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define TS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define TS_COLD __attribute__((cold, noinline))
#define TS_PREFETCH(p) __builtin_prefetch(p)
/* For helpers that only prefetch: GCC takes such a function for one with
 * no effect and drops its calls, unless it is inlined first. */
#define TS_PREFETCHER __attribute__((always_inline)) inline
#else
#define TS_PRINTF(f, a)
#define TS_COLD
#define TS_PREFETCH(p) ((void)(p))
#define TS_PREFETCHER inline
#endif

/* Record a failure for the calling thread and return its status, so that
 * call sites read `return ts_error(TELSVC_EPOLICY, "...")`. */
int ts_error(int status, const char *fmt, ...) TS_PRINTF(2, 3);
int ts_error_v(int status, const char *fmt, va_list ap) TS_PRINTF(2, 0);

/* Record the out-of-memory failure; never allocates. */
int ts_error_nomem(void);
/* TELSVC_OK when 1 <= @version <= @known, else TELSVC_EVERSION naming
 * @fn and @what: a versioned struct from a newer (or garbled) caller. */
int ts_check_version(const char *fn, const char *what, unsigned version, unsigned known);

/* Allocation through the context's hooks. Each failure records
 * TELSVC_ENOMEM; sizes are checked for overflow. */
void *ts_malloc(telsvc_ctx *ctx, size_t size);
void *ts_calloc(telsvc_ctx *ctx, size_t count, size_t size);
void *ts_reallocarray(telsvc_ctx *ctx, void *ptr, size_t count, size_t size);
/* Room for one more item in the array whose pointer is at @items, holding
 * @count items of @size bytes in room for *@cap: doubled (from @initial)
 * when full. TELSVC_ENOMEM leaves the array and *@cap as they were. */
int ts_grow_full(telsvc_ctx *ctx, void *items, size_t *cap, size_t size, size_t initial);
static inline int ts_grow(telsvc_ctx *ctx, void *items, size_t *cap, size_t count, size_t size, size_t initial)
{
	return count < *cap ? TELSVC_OK : ts_grow_full(ctx, items, cap, size, initial); /* inline while there is room */
}
void ts_free(telsvc_ctx *ctx, void *ptr);
char *ts_strndup(telsvc_ctx *ctx, const char *s, size_t len);
char *ts_strdup(telsvc_ctx *ctx, const char *s);

/* Log through the context's hook when @level passes its threshold. */
void ts_log(const telsvc_ctx *ctx, int level, const char *fmt, ...) TS_PRINTF(3, 4);

#endif
