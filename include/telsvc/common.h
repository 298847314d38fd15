/**
 * @file telsvc/common.h
 * @brief Export macro and declarations shared by every public header.
 */
#ifndef TELSVC_COMMON_H
#define TELSVC_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def TELSVC_API
 * Marks a function as part of the public, exported ABI. The library is
 * built with hidden visibility by default; only functions declared with
 * this macro (and listed in the version script) are exported.
 */
#if defined(__GNUC__)
#define TELSVC_API __attribute__((visibility("default")))
#else
#define TELSVC_API
#endif

/** @cond INTERNAL */
#ifdef __cplusplus
#define TELSVC_BEGIN_DECLS extern "C" {
#define TELSVC_END_DECLS }
#else
#define TELSVC_BEGIN_DECLS
#define TELSVC_END_DECLS
#endif
/** @endcond */

/**
 * A context: the allocator, clock and log hooks every other object uses.
 * Opaque; see telsvc/context.h.
 */
typedef struct telsvc_ctx telsvc_ctx;

/** Who makes a change to a request, complaint or incident. */
typedef struct telsvc_actor {
	/** Who: a staff or customer identifier, never empty. */
	const char *id;
	/** In which role: one of the policy's roles. */
	const char *role;
} telsvc_actor;

#endif
