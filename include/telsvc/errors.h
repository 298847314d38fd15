/**
 * @file telsvc/errors.h
 * @brief Status codes and the detailed message of the last failure.
 *
 * Every fallible function returns #TELSVC_OK (0) or a negative
 * ::telsvc_status. The return value, never the message, decides whether a
 * call failed. On failure the library also records a message for the
 * calling thread that names what was wrong and where (the policy key path
 * with the YAML line and column, the field and rule of a refused
 * transition); read it with telsvc_error_last() before the next call on
 * the same thread.
 */
#ifndef TELSVC_ERRORS_H
#define TELSVC_ERRORS_H

#include "common.h"

TELSVC_BEGIN_DECLS

/**
 * Status returned by every fallible function. The values are explicit and
 * append-only within a major version.
 */
typedef enum telsvc_status {
	TELSVC_OK = 0,           /**< Success. */
	TELSVC_ENOMEM = -1,      /**< An allocation failed; nothing was changed. */
	TELSVC_EINVAL = -2,      /**< An argument was NULL, out of range or of the wrong kind. */
	TELSVC_EPOLICY = -3,     /**< A policy document was malformed, hostile or inconsistent. */
	TELSVC_ETRANSITION = -4, /**< The handbook does not allow this transition. */
	TELSVC_EPERM = -5,       /**< The actor's role may not perform this operation. */
	TELSVC_ECONFLICT = -6,   /**< Stored revision differs from the expected one. */
	TELSVC_ECORRUPT = -7,    /**< Data read back failed its checks. */
	TELSVC_ESTORAGE = -8,    /**< A storage callback failed. */
	TELSVC_ERANGE = -9,      /**< A date lies outside the calendar's covered years. */
	TELSVC_EUSER = -10,      /**< A host callback reported its own error; passed back untouched. */
	TELSVC_EVERSION = -11,   /**< A struct or document declared a version this library does not know. */
	TELSVC_ENOTFOUND = -12   /**< A named item (key, role, object) does not exist. */
} telsvc_status;

/**
 * The symbolic name of a status, e.g. "TELSVC_EPOLICY".
 * @param status a ::telsvc_status value
 * @return a static string; "TELSVC_UNKNOWN" for a value this version does not know
 */
TELSVC_API const char *telsvc_status_name(telsvc_status status);

/**
 * A short English description of a status, e.g. "bad policy".
 * @param status a ::telsvc_status value
 * @return a static string; "unknown status" for a value this version does not know
 */
TELSVC_API const char *telsvc_strerror(telsvc_status status);

/**
 * The detailed message of the last failure on the calling thread.
 *
 * @return a string owned by the library, valid until the next call into
 *         the library on this thread; "" when no failure was recorded.
 *         Never NULL.
 */
TELSVC_API const char *telsvc_error_last(void);

/**
 * The status of the last failure on the calling thread, or #TELSVC_OK
 * when none was recorded since the thread started or telsvc_error_clear().
 */
TELSVC_API int telsvc_error_last_status(void);

/** Forget the last failure recorded on the calling thread. */
TELSVC_API void telsvc_error_clear(void);

/**
 * Record a message for the calling thread, for use by host callbacks
 * that return #TELSVC_EUSER: the library passes both back untouched.
 *
 * @param status the status the callback is about to return
 * @param message the text to record (copied, truncated to 1023 bytes); NULL records ""
 */
TELSVC_API void telsvc_error_set(int status, const char *message);

TELSVC_END_DECLS

#endif
