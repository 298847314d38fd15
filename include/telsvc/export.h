/**
 * @file telsvc/export.h
 * @brief Exports of a case as JSON, with personal data pseudonymised (§7.2).
 *
 * The fields that hold personal data — a requester's or customer's name,
 * contact details, an incident's reporter — are marked as such in each
 * kind's field table (docs/personal-data.md). Exports show them
 * pseudonymised by default: a keyed hash of the value under the operator's
 * pseudonym key, the same for the same value in every object and every
 * export, so analysts can still count and join without seeing who it is.
 * Plain values come only when the caller asks for them, in a role of
 * permissions.personal_data.disclose, with a purpose; each such export is
 * first recorded in the audit log, and fails if it cannot be.
 */
#ifndef TELSVC_EXPORT_H
#define TELSVC_EXPORT_H

#include "buf.h"
#include "common.h"

TELSVC_BEGIN_DECLS

/** The size of a pseudonym with its NUL: "p:" and 20 hex digits. */
#define TELSVC_PSEUDONYM_SIZE 23

/**
 * Set the operator's pseudonym key (copied; at least 16 bytes). Without
 * one, exports replace personal data with "redacted" rather than a
 * pseudonym. Keep the key as secret as the data: whoever holds it can test
 * guesses against pseudonyms.
 * @return #TELSVC_OK or #TELSVC_EINVAL (a NULL or short key)
 */
TELSVC_API int telsvc_ctx_set_pseudonym_key(telsvc_ctx *ctx, const void *key, size_t size);

/**
 * The pseudonym of @p value: "p:" and the first 80 bits of
 * HMAC-SHA-256(key, value) in hex. Hosts use it to pseudonymise their own
 * join keys the same way.
 * @param out receives the pseudonym
 * @param cap the size of @p out, at least #TELSVC_PSEUDONYM_SIZE
 * @param ctx a context with a pseudonym key
 * @param value UTF-8 text
 * @return #TELSVC_OK; #TELSVC_EINVAL (no key set, a NULL argument, @p cap
 *         too small)
 */
TELSVC_API int telsvc_pseudonym(char *out, size_t cap, const telsvc_ctx *ctx, const char *value);

/** Export personal data in plain text: needs an actor and a purpose. */
#define TELSVC_EXPORT_PLAIN 0x1u
/**
 * Export a request or complaint as a TM Forum TMF621 TroubleTicket
 * resource instead of the library's own document (docs/export.md,
 * "TMF621"); personal data follows the same rules.
 */
#define TELSVC_EXPORT_TMF621 0x2u

/** The ::telsvc_export_options layout this header describes. */
#define TELSVC_EXPORT_OPTIONS_VERSION 1

/** How to export. Initialise with #TELSVC_EXPORT_OPTIONS_INIT. */
typedef struct telsvc_export_options {
	/** #TELSVC_EXPORT_OPTIONS_VERSION. */
	unsigned int version;
	/** #TELSVC_EXPORT_PLAIN (else pseudonyms), #TELSVC_EXPORT_TMF621. */
	unsigned int flags;
	/** For #TELSVC_EXPORT_PLAIN: who asks, in a role of permissions.personal_data.disclose. */
	const telsvc_actor *actor;
	/** For #TELSVC_EXPORT_PLAIN: why, recorded in the audit log (§7.2 purpose limitation). */
	const char *purpose;
	/** For #TELSVC_EXPORT_PLAIN: when, for the audit record; 0 means the context's clock. */
	int64_t at;
} telsvc_export_options;

/** Static initialiser for ::telsvc_export_options. */
#define TELSVC_EXPORT_OPTIONS_INIT { TELSVC_EXPORT_OPTIONS_VERSION, 0, NULL, NULL, 0 }

/**
 * Export one object as a JSON document (docs/export.md): its fields, its
 * state and class, its deadlines and its history, times in the default
 * calendar's offset; the personal-data fields pseudonymised unless
 * #TELSVC_EXPORT_PLAIN is given. Free texts (a complaint's content, notes)
 * are exported as written: keep personal data out of them, or export
 * them only to those who may see it.
 * @param out receives the document (its previous content is replaced)
 * @param ctx the context
 * @param kind a ::telsvc_kind
 * @param number the object's number (found as telsvc_request_find() does)
 * @param opts NULL for the defaults
 * @return #TELSVC_OK; #TELSVC_ENOTFOUND; #TELSVC_EINVAL (a bad kind, a
 *         plain export without actor or purpose, or inside an open host
 *         transaction; TMF621 for an incident); #TELSVC_EPERM; #TELSVC_EVERSION; a storage status
 *         (the audit record of a plain export could not be stored: nothing
 *         is disclosed); #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_export_json(telsvc_buf *out, telsvc_ctx *ctx, int kind, const char *number,
				  const telsvc_export_options *opts);

TELSVC_END_DECLS

#endif
