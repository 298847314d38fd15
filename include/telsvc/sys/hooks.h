/**
 * @file telsvc/sys/hooks.h
 * @brief Interfaces a host implements: allocator, clock and log hooks.
 *
 * These are passed to telsvc_ctx_new() in ::telsvc_ctx_options. They are
 * part of the stable ABI: ::telsvc_allocator is complete and frozen (a
 * different allocator interface would be a new type), the function types
 * never change.
 */
#ifndef TELSVC_SYS_HOOKS_H
#define TELSVC_SYS_HOOKS_H

#include "../common.h"

TELSVC_BEGIN_DECLS

/**
 * Allocator hooks. Every allocation the library makes goes through them.
 * Set all three functions or none (all NULL selects the C library's
 * malloc, realloc and free). A hook that cannot allocate returns NULL; the
 * library then fails the call with #TELSVC_ENOMEM and changes nothing.
 */
typedef struct telsvc_allocator {
	/** Allocate @p size bytes (never called with 0). */
	void *(*malloc_fn)(size_t size, void *payload);
	/** Resize @p ptr (never NULL) to @p size bytes (never 0), as realloc(). */
	void *(*realloc_fn)(void *ptr, size_t size, void *payload);
	/** Release @p ptr (never NULL). */
	void (*free_fn)(void *ptr, void *payload);
	/** Passed to each hook unchanged. */
	void *payload;
} telsvc_allocator;

/**
 * Clock hook: the current time as seconds since the Unix epoch, UTC.
 * The library asks it for "now" whenever it records an event time the
 * caller did not give. NULL selects the system clock.
 */
typedef int64_t (*telsvc_clock_fn)(void *payload);

/** Severity of a log message, most severe first. */
typedef enum telsvc_log_level {
	TELSVC_LOG_ERROR = 1, /**< An operation failed. */
	TELSVC_LOG_WARN = 2,  /**< Something the host should look at. */
	TELSVC_LOG_INFO = 3,  /**< Milestones: a policy loaded, a context created. */
	TELSVC_LOG_DEBUG = 4  /**< Detail for diagnosing the library. */
} telsvc_log_level;

/**
 * Log hook. Called synchronously, on the thread that made the library
 * call, for messages at or above the context's log level.
 *
 * @param level the message's ::telsvc_log_level
 * @param message NUL-terminated text, valid only during the call
 * @param payload the payload given in the options
 */
typedef void (*telsvc_log_fn)(int level, const char *message, void *payload);

TELSVC_END_DECLS

#endif
