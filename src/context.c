/* Context creation and the allocation, clock and log services it provides. */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *libc_malloc(size_t size, void *payload)
{
	(void)payload;
	return malloc(size);
}

static void *libc_realloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	return realloc(ptr, size);
}

static void libc_free(void *ptr, void *payload)
{
	(void)payload;
	free(ptr);
}

static int64_t system_clock(void *payload)
{
	(void)payload;
	return (int64_t)time(NULL);
}

int telsvc_ctx_options_init(telsvc_ctx_options *opts, unsigned int version)
{
	if (!opts)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_options_init: opts is NULL");
	int rc = ts_check_version("telsvc_ctx_options_init", "options", version, TELSVC_CTX_OPTIONS_VERSION);
	if (rc)
		return rc;
	const telsvc_ctx_options defaults = TELSVC_CTX_OPTIONS_INIT;
	*opts = defaults;
	opts->version = version;
	return TELSVC_OK;
}

int telsvc_ctx_new(telsvc_ctx **out, const telsvc_ctx_options *opts)
{
	const telsvc_ctx_options defaults = TELSVC_CTX_OPTIONS_INIT;

	if (!out)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_new: out is NULL");
	*out = NULL;
	if (!opts)
		opts = &defaults;
	int rc = ts_check_version("telsvc_ctx_new", "options", opts->version, TELSVC_CTX_OPTIONS_VERSION);
	if (rc)
		return rc;

	const telsvc_allocator *a = &opts->allocator;
	int hooks = !!a->malloc_fn + !!a->realloc_fn + !!a->free_fn;
	if (hooks != 0 && hooks != 3)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_new: allocator: set malloc_fn, realloc_fn and free_fn together, or none");
	if (opts->log_level < 0 || opts->log_level > TELSVC_LOG_DEBUG)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_new: log_level %d is not a telsvc_log_level", opts->log_level);

	telsvc_ctx proto = {
		.alloc = hooks ? *a : (telsvc_allocator){ libc_malloc, libc_realloc, libc_free, NULL },
		.clock_fn = opts->clock_fn ? opts->clock_fn : system_clock,
		.clock_payload = opts->clock_payload,
		.log_fn = opts->log_fn,
		.log_payload = opts->log_payload,
		.log_level = opts->log_level ? opts->log_level : TELSVC_LOG_INFO,
	};
	telsvc_ctx *ctx = ts_malloc(&proto, sizeof(*ctx));
	if (!ctx)
		return TELSVC_ENOMEM;
	*ctx = proto;
	*out = ctx;
	return TELSVC_OK;
}

void telsvc_ctx_free(telsvc_ctx *ctx)
{
	if (!ctx)
		return;
	ts_ctx_free_objects(ctx);
	ts_wipe(&ctx->pseudonym, sizeof(ctx->pseudonym));
	ts_free(ctx, ctx);
}

int telsvc_ctx_now(int64_t *out, const telsvc_ctx *ctx)
{
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_now: %s is NULL", out ? "ctx" : "out");
	*out = ctx->clock_fn(ctx->clock_payload);
	return TELSVC_OK;
}

void *ts_malloc(telsvc_ctx *ctx, size_t size)
{
	void *p = ctx->alloc.malloc_fn(size ? size : 1, ctx->alloc.payload);
	if (!p)
		ts_error_nomem();
	return p;
}

void *ts_calloc(telsvc_ctx *ctx, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		ts_error_nomem();
		return NULL;
	}
	void *p = ts_malloc(ctx, count * size);
	if (p)
		memset(p, 0, (count * size) != 0 ? count * size : 1);
	return p;
}

void *ts_reallocarray(telsvc_ctx *ctx, void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size) {
		ts_error_nomem();
		return NULL;
	}
	size_t bytes = (count * size) != 0 ? count * size : 1;
	void *p = ptr ? ctx->alloc.realloc_fn(ptr, bytes, ctx->alloc.payload)
		      : ctx->alloc.malloc_fn(bytes, ctx->alloc.payload);
	if (!p)
		ts_error_nomem();
	return p;
}

int ts_grow_full(telsvc_ctx *ctx, void *items, size_t *cap, size_t size, size_t initial)
{
	void *old, *grown;
	memcpy(&old, items, sizeof(old));
	size_t n = *cap ? *cap * 2 : initial;
	if (!(grown = ts_reallocarray(ctx, old, n, size)))
		return TELSVC_ENOMEM;
	memcpy(items, &grown, sizeof(grown));
	*cap = n;
	return TELSVC_OK;
}

void ts_free(telsvc_ctx *ctx, void *ptr)
{
	if (ptr)
		ctx->alloc.free_fn(ptr, ctx->alloc.payload);
}

char *ts_strndup(telsvc_ctx *ctx, const char *s, size_t len)
{
	char *p = ts_malloc(ctx, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *ts_strdup(telsvc_ctx *ctx, const char *s)
{
	return ts_strndup(ctx, s, strlen(s));
}

void ts_log(const telsvc_ctx *ctx, int level, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	if (!ctx->log_fn || level > ctx->log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	ctx->log_fn(level, message, ctx->log_payload);
}
