/**
 * @file telsvc/context.h
 * @brief The context: hooks every other object allocates, timestamps and logs through.
 *
 * A context holds no global state and shares none with other contexts.
 * See docs/threading.md for which calls may run concurrently.
 */
#ifndef TELSVC_CONTEXT_H
#define TELSVC_CONTEXT_H

#include "common.h"
#include "sys/hooks.h"

TELSVC_BEGIN_DECLS

/** The ::telsvc_ctx_options layout this header describes. */
#define TELSVC_CTX_OPTIONS_VERSION 1

/**
 * Options for telsvc_ctx_new(). Initialise with #TELSVC_CTX_OPTIONS_INIT
 * or telsvc_ctx_options_init(), then set the fields you need. Fields are
 * only ever appended; the library reads only those the declared
 * @ref telsvc_ctx_options::version defines.
 */
typedef struct telsvc_ctx_options {
	/** Must be #TELSVC_CTX_OPTIONS_VERSION (or an older version). */
	unsigned int version;
	/** Allocator hooks; all NULL selects the C library. */
	telsvc_allocator allocator;
	/** Clock hook; NULL selects the system clock. */
	telsvc_clock_fn clock_fn;
	/** Passed to @ref telsvc_ctx_options::clock_fn. */
	void *clock_payload;
	/** Log hook; NULL discards log messages. */
	telsvc_log_fn log_fn;
	/** Passed to @ref telsvc_ctx_options::log_fn. */
	void *log_payload;
	/** Least severe ::telsvc_log_level passed to @ref telsvc_ctx_options::log_fn; 0 means #TELSVC_LOG_INFO. */
	int log_level;
} telsvc_ctx_options;

/** Static initialiser for ::telsvc_ctx_options. */
#define TELSVC_CTX_OPTIONS_INIT { TELSVC_CTX_OPTIONS_VERSION, { NULL, NULL, NULL, NULL }, NULL, NULL, NULL, NULL, 0 }

/**
 * Initialise @p opts to the defaults of layout @p version (for bindings
 * that cannot use #TELSVC_CTX_OPTIONS_INIT).
 *
 * @return #TELSVC_OK, #TELSVC_EINVAL if @p opts is NULL, or
 *         #TELSVC_EVERSION if @p version is unknown
 */
TELSVC_API int telsvc_ctx_options_init(telsvc_ctx_options *opts, unsigned int version);

/**
 * Create a context.
 *
 * @param out receives the new context, owned by the caller (telsvc_ctx_free())
 * @param opts options, or NULL for all defaults
 * @return #TELSVC_OK; #TELSVC_EINVAL for a NULL @p out or an allocator with
 *         only some hooks set; #TELSVC_EVERSION for an unknown options
 *         version; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_ctx_new(telsvc_ctx **out, const telsvc_ctx_options *opts);

/**
 * Free a context. Every object created from it must have been freed
 * before. Accepts NULL.
 */
TELSVC_API void telsvc_ctx_free(telsvc_ctx *ctx);

/**
 * The current time by the context's clock hook.
 *
 * @param out receives seconds since the Unix epoch, UTC
 * @param ctx the context
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_ctx_now(int64_t *out, const telsvc_ctx *ctx);

TELSVC_END_DECLS

#endif
