/**
 * @file telsvc/audit.h
 * @brief The tamper-evident audit log: sealing keys, the head, verification.
 *
 * Every change the library stores appends an audit record in the same
 * storage transaction (§7.4): sequence number, time, object, action, the
 * states before and after, the role, and a body holding the changed fields
 * (personal data: who acted, what they wrote). With a key set by
 * telsvc_ctx_set_audit_key(), each record is sealed: an HMAC-SHA-256 over
 * the previous record's seal and this record's header, where the header
 * carries the SHA-256 digest of the body. The key evolves forward every
 * few records (an epoch): the next key is a one-way function of the
 * current one, and the library erases the old one, so a key stolen today
 * cannot re-seal records of an earlier epoch. Each record's epoch follows
 * from its sequence number, and the verifier checks each seal against the
 * key of that epoch.
 *
 * The verifier (telsvc_audit_verify()) reads the log through the storage
 * callbacks with the key the log began with and reports the first record
 * that is modified, missing, out of order, duplicated, inserted, sealed
 * with the wrong epoch's key or stripped of its seal. Records removed from
 * the end are found only against an anchor: a sequence number and seal the
 * host published elsewhere earlier (telsvc_audit_head(), and the
 * checkpoint records the log carries). Without one the verifier says the
 * tail is unanchored, never plain success. See docs/audit.md.
 */
#ifndef TELSVC_AUDIT_H
#define TELSVC_AUDIT_H

#include "common.h"
#include "policy.h"
#include "request.h"

TELSVC_BEGIN_DECLS

/** Bytes in a seal (HMAC-SHA-256) and in an anchor's hash. */
#define TELSVC_AUDIT_MAC_SIZE 32
/** Shortest and longest sealing key accepted, in bytes. */
#define TELSVC_AUDIT_KEY_MIN 16
/** @copydoc TELSVC_AUDIT_KEY_MIN */
#define TELSVC_AUDIT_KEY_MAX 64

/**
 * Called with each new key when the key evolves into a new epoch, so that
 * the host can replace its stored copy (and destroy the older one). The
 * bytes are valid during the call only.
 */
typedef void (*telsvc_audit_key_fn)(void *payload, const unsigned char *key, size_t size, uint64_t epoch);

/** The ::telsvc_audit_options layout this header describes. */
#define TELSVC_AUDIT_OPTIONS_VERSION 1

/** How a context seals its audit records. Versioned: set @ref telsvc_audit_options::version. */
typedef struct telsvc_audit_options {
	/** #TELSVC_AUDIT_OPTIONS_VERSION. */
	unsigned int version;
	/** The sealing key of epoch @ref telsvc_audit_options::epoch; copied. */
	const unsigned char *key;
	/** Its length: #TELSVC_AUDIT_KEY_MIN to #TELSVC_AUDIT_KEY_MAX bytes. */
	size_t key_size;
	/** The epoch the key belongs to: 0 for the key a new log begins with. */
	uint64_t epoch;
	/** Records per epoch for a new log (0: 1024); a log keeps the value it began with. */
	uint64_t epoch_records;
	/** A checkpoint record after every this many records of a new log (0: 1024). */
	uint64_t checkpoint_records;
	/** Told each evolved key; may be NULL. */
	telsvc_audit_key_fn key_evolved;
	/** Passed to @ref telsvc_audit_options::key_evolved. */
	void *payload;
} telsvc_audit_options;

/** Options with the current version and everything else zero. */
#define TELSVC_AUDIT_OPTIONS_INIT { TELSVC_AUDIT_OPTIONS_VERSION, NULL, 0, 0, 0, 0, NULL, NULL }

/**
 * Seal the context's audit records from now on. Set it before the first
 * change, or before telsvc_ctx_load(): a log begun with a key must be
 * continued with one, and a log begun without cannot be sealed later. The
 * key may belong to an earlier epoch than the log has reached (it is
 * evolved forward), never a later one.
 * @param ctx the context
 * @param options the key and its epoch
 * @return #TELSVC_OK; #TELSVC_EINVAL naming what is wrong; #TELSVC_EVERSION
 */
TELSVC_API int telsvc_ctx_set_audit_key(telsvc_ctx *ctx, const telsvc_audit_options *options);

/** A point of the log a host publishes elsewhere: a sequence number and its seal. */
typedef struct telsvc_audit_anchor {
	/** Sequence number of the record. */
	uint64_t seq;
	/** Its seal. */
	unsigned char mac[TELSVC_AUDIT_MAC_SIZE];
} telsvc_audit_anchor;

/**
 * The last record the context stored: an anchor to publish.
 * @param out the anchor
 * @param ctx the context
 * @return #TELSVC_OK; #TELSVC_ENOTFOUND if the log is empty or unsealed;
 *         #TELSVC_EINVAL
 */
TELSVC_API int telsvc_audit_head(telsvc_audit_anchor *out, const telsvc_ctx *ctx);

/** What the verifier found. Explicit values; append-only. */
typedef enum telsvc_audit_verdict {
	/** Every record verified, through the anchor, and the log ends there. */
	TELSVC_AUDIT_OK = 0,
	/** Every record verified, but those after the anchor (all, without one) are not anchored: removing them could not be seen. */
	TELSVC_AUDIT_UNANCHORED = 1,
	/** A record's bytes were changed: its checksum, seal or body digest does not match. */
	TELSVC_AUDIT_MODIFIED = 2,
	/** A record is missing: the sequence jumps over it. */
	TELSVC_AUDIT_MISSING = 3,
	/** Records are out of order. */
	TELSVC_AUDIT_REORDERED = 4,
	/** A record appears twice. */
	TELSVC_AUDIT_DUPLICATED = 5,
	/** A record that the chain does not contain was inserted. */
	TELSVC_AUDIT_INSERTED = 6,
	/** A record claims an epoch other than its sequence number's. */
	TELSVC_AUDIT_WRONG_EPOCH = 7,
	/** A record of a sealed log carries no seal. */
	TELSVC_AUDIT_MAC_STRIPPED = 8,
	/** The log ends before the anchor, or differs from it at the anchor. */
	TELSVC_AUDIT_TRUNCATED = 9,
	/** The log was written without a key, so it proves nothing. */
	TELSVC_AUDIT_UNSEALED = 10
} telsvc_audit_verdict;

/** The ::telsvc_audit_report layout this header describes. */
#define TELSVC_AUDIT_REPORT_VERSION 1

/** The verifier's findings. Versioned: set @ref telsvc_audit_report::version. */
typedef struct telsvc_audit_report {
	/** #TELSVC_AUDIT_REPORT_VERSION, set by the caller. */
	unsigned int version;
	/** A ::telsvc_audit_verdict. */
	int verdict;
	/** The sequence number where the log first goes wrong; 0 when it does not. */
	uint64_t first_bad;
	/** Records that verified before the first bad one (all, when none is bad). */
	uint64_t records;
	/** The last sequence number the anchor covers; 0 without an anchor. */
	uint64_t anchored;
	/** Records whose bodies were purged, and verified by their digests. */
	uint64_t purged;
	/** What was found, for people. */
	char detail[256];
} telsvc_audit_report;

/**
 * Verify the audit log in the context's storage, streaming it through the
 * storage's audit_iterate.
 * @param report what was found; set @ref telsvc_audit_report::version first
 * @param ctx a context with storage (its own records are not consulted)
 * @param key the key the log began with (epoch 0)
 * @param key_size its length
 * @param anchor a published anchor, or NULL
 * @return #TELSVC_OK when the log could be read, whatever the verdict;
 *         #TELSVC_EINVAL, #TELSVC_EVERSION, #TELSVC_ENOMEM or the storage's
 *         status otherwise
 */
TELSVC_API int telsvc_audit_verify(telsvc_audit_report *report, telsvc_ctx *ctx, const unsigned char *key,
				   size_t key_size, const telsvc_audit_anchor *anchor);

/** The ::telsvc_replay_report layout this header describes. */
#define TELSVC_REPLAY_REPORT_VERSION 1

/** What replaying the audit log found. Versioned: set @ref telsvc_replay_report::version. */
typedef struct telsvc_replay_report {
	/** #TELSVC_REPLAY_REPORT_VERSION, set by the caller. */
	unsigned int version;
	/** Audit records read. */
	uint64_t records;
	/** Objects rebuilt from the log. */
	uint64_t objects;
	/** Rebuilt objects identical to what storage holds. */
	uint64_t matched;
	/** Objects that differ, exist on one side only, or whose logged history the rules refuse. */
	uint64_t diverged;
	/** Objects that cannot be rebuilt because a body of theirs was purged. */
	uint64_t unreplayable;
	/** The id of the first object that diverged (in byte order); empty if none. */
	char first[96];
	/** What was wrong with it, for people. */
	char detail[256];
} telsvc_replay_report;

/**
 * Rebuild every object from the audit log alone and compare it with the
 * stored records. An audit record's body is exactly what its change added
 * to the object's record, so the bodies of an object's records, in order,
 * are its record: the rebuilt bytes must equal the stored bytes, the
 * stored revision the number of changes, and the history must pass the
 * state machine again. This shows that the stored objects are what the
 * process produced. The log is not verified here: see
 * telsvc_audit_verify().
 * @param report what was found; set @ref telsvc_replay_report::version first
 * @param ctx a context with a policy and storage (its objects in memory are
 *        not consulted)
 * @return #TELSVC_OK when the comparison ran, whatever it found;
 *         #TELSVC_EINVAL, #TELSVC_EVERSION, #TELSVC_ECORRUPT (an audit
 *         record that does not decode), #TELSVC_ENOMEM or the storage's
 *         status otherwise
 */
TELSVC_API int telsvc_audit_replay(telsvc_replay_report *report, telsvc_ctx *ctx);

/**
 * Called for each audit record whose body may be purged.
 * @param payload the caller's pointer
 * @param seq the record's sequence number
 * @param due when its retention period ended
 * @param retention the policy parameter that set the period
 * @return 0 to go on; any other value stops the listing and is returned
 */
typedef int (*telsvc_audit_due_fn)(void *payload, uint64_t seq, int64_t due, telsvc_param retention);

/**
 * List the audit records whose bodies are due for purge at @p now. A body
 * is a record of its change's type and part of the audit log, and both
 * periods are minimums, so the longer applies, counted from the record's
 * time: `retention.audit_log` (§7.4), or the type's when it is longer.
 * Request changes have the handbook's record types: intake, waiting and
 * class changes `retention.requests` (§2.1.3), preprocessing
 * `retention.preprocessing_reports` (§2.4), handling, feedback and
 * closure `retention.service_records` (§3.1), execution problems
 * `retention.execution_records` (§3.4), delivery and acceptance
 * `retention.acceptance_records` (§4.4). Bodies already purged, and the
 * log's own records, are not listed.
 * @param ctx a context with a policy and storage
 * @param now the time to judge by (0: the context's clock)
 * @param visit called for each record due, in sequence order
 * @param payload passed to @p visit
 * @return #TELSVC_OK, what @p visit returned, #TELSVC_EINVAL,
 *         #TELSVC_ECORRUPT or the storage's status
 */
TELSVC_API int telsvc_audit_purge_due(telsvc_ctx *ctx, int64_t now, telsvc_audit_due_fn visit, void *payload);

/**
 * Purge the body of audit record @p seq: the record keeps its header, its
 * body digest and its seal, so the chain still verifies, and a purge
 * record naming it and the actor is appended in the same transaction.
 * Needs a storage table of version 2 with audit_replace.
 * @param ctx a context with a policy and storage, not in a transaction
 * @param seq the record
 * @param now the time of the purge (0: the context's clock)
 * @param actor who purges, in a role `permissions.audit.purge` allows
 *         (the security officer by default, §7.2)
 * @return #TELSVC_OK; #TELSVC_EPERM naming the period and clause when the
 *         record's retention has not run, or the parameter when the role
 *         may not purge; #TELSVC_ENOTFOUND; #TELSVC_EINVAL
 *         (the log's own record, already purged, no audit_replace);
 *         #TELSVC_ECORRUPT; a storage status. On failure nothing changes.
 */
TELSVC_API int telsvc_audit_purge(telsvc_ctx *ctx, uint64_t seq, int64_t now, const telsvc_actor *actor);

/** The name of a ::telsvc_audit_verdict ("modified", ...), or NULL. */
TELSVC_API const char *telsvc_audit_verdict_name(int verdict);

TELSVC_END_DECLS

#endif
