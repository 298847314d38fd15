/**
 * @file telsvc/sys/storage.h
 * @brief The storage interface a host implements: a versioned table of callbacks.
 *
 * The library never does I/O. Everything it stores — service requests,
 * complaints, incidents, and the audit stream — goes through these
 * callbacks, which the host implements over its own database. The contract
 * (docs/storage.md) in brief:
 *
 * - Every mutating library call is one transaction: begin, then puts and
 *   audit appends, then commit; on any failure the library calls rollback.
 * - put() is a compare-and-swap on the object's revision: it succeeds only
 *   when the stored revision equals the expected one (0: the object must
 *   not exist), and the stored revision becomes expected + 1. Otherwise it
 *   returns #TELSVC_ECONFLICT and stores nothing.
 * - Bytes handed back (get) go through telsvc_buf_set(), so neither side
 *   frees the other's memory. Records are opaque, versioned, checksummed
 *   bytes (docs/record-format.md); the host stores them as they are.
 * - A callback returns #TELSVC_OK or a negative status. #TELSVC_ECONFLICT,
 *   #TELSVC_ENOTFOUND and #TELSVC_EUSER (with telsvc_error_set()) pass back
 *   to the caller unchanged; anything else is reported as #TELSVC_ESTORAGE.
 * - A NULL method means "not supported"; begin, commit, rollback, put,
 *   get, iterate, audit_append and audit_iterate are required.
 *
 * Stability: this table is part of the ABI. It is only ever appended to;
 * the library reads only the members that the declared version defines.
 */
#ifndef TELSVC_SYS_STORAGE_H
#define TELSVC_SYS_STORAGE_H

#include "../buf.h"
#include "../common.h"

TELSVC_BEGIN_DECLS

/** The ::telsvc_storage layout this header describes. */
#define TELSVC_STORAGE_VERSION 2

/** Kinds of stored object. */
typedef enum telsvc_kind {
	TELSVC_KIND_REQUEST = 1,   /**< A service request (§2-§4). */
	TELSVC_KIND_COMPLAINT = 2, /**< A complaint (§6). */
	TELSVC_KIND_INCIDENT = 3,  /**< A security incident (§7.3). */
	TELSVC_KIND_DELIVERED = 4  /**< Monitoring events delivered (telsvc/monitor.h, docs/monitoring.md). */
} telsvc_kind;

/** Capability: commit applies every put and append of the transaction, or none. */
#define TELSVC_STORAGE_CAP_ATOMIC 0x1u
/** Capability: a successful commit survives a crash of the host. */
#define TELSVC_STORAGE_CAP_DURABLE 0x2u
/**
 * Capability: other processes write to the same store, and begin() makes
 * the transaction the only one appending to the audit log until it ends
 * (a lock). The library then reads, inside each transaction, the audit
 * records others appended since, and numbers and seals its own after
 * them instead of conflicting on the log's head (docs/storage.md). Such
 * a store may keep a transaction's audit appends back and report a number
 * taken meanwhile (only a writer that ignores the lock can take one) as
 * #TELSVC_ECONFLICT from commit, having rolled the transaction back.
 */
#define TELSVC_STORAGE_CAP_SHARED 0x4u

/**
 * Called by iterate() for each stored object.
 * @return #TELSVC_OK to go on; anything else stops the iteration, and
 *         iterate() returns it
 */
typedef int (*telsvc_storage_visit_fn)(int kind, const char *id, uint64_t revision, const void *data, size_t size,
				       void *payload);

/**
 * Called by audit_iterate() for each audit record, in sequence order.
 * @return #TELSVC_OK to go on; anything else stops the iteration
 */
typedef int (*telsvc_audit_visit_fn)(uint64_t seq, const void *data, size_t size, void *payload);

/**
 * Storage callbacks. Initialise with #TELSVC_STORAGE_INIT, set the
 * methods, and hand it to the library, which copies it. Each method
 * receives @ref telsvc_storage::payload first.
 */
typedef struct telsvc_storage {
	/** Must be #TELSVC_STORAGE_VERSION (or older). */
	unsigned int version;
	/** #TELSVC_STORAGE_CAP_ATOMIC, #TELSVC_STORAGE_CAP_DURABLE ... */
	unsigned int capabilities;
	/** Passed to every method. */
	void *payload;
	/** Open a transaction. Transactions do not nest. */
	int (*begin)(void *payload);
	/** Make the transaction's changes permanent. A failure leaves the outcome unknown. */
	int (*commit)(void *payload);
	/** Discard the transaction's changes. */
	int (*rollback)(void *payload);
	/**
	 * Store @p size bytes as object (@p kind, @p id) if its stored revision is
	 * @p expected_revision (0: absent); the new revision is expected + 1.
	 * @return #TELSVC_OK, #TELSVC_ECONFLICT, or another negative status
	 */
	int (*put)(void *payload, int kind, const char *id, uint64_t expected_revision, const void *data, size_t size);
	/**
	 * Read object (@p kind, @p id): its bytes into @p out with telsvc_buf_set()
	 * and its revision into @p revision.
	 * @return #TELSVC_OK, #TELSVC_ENOTFOUND, or another negative status
	 */
	int (*get)(void *payload, int kind, const char *id, uint64_t *revision, telsvc_buf *out);
	/** Visit every object of @p kind (any order), to load them at start-up. */
	int (*iterate)(void *payload, int kind, telsvc_storage_visit_fn visit, void *visit_payload);
	/**
	 * Append audit record @p seq (1, 2, 3 ... without gaps) in the current
	 * transaction. An existing @p seq is a #TELSVC_ECONFLICT.
	 */
	int (*audit_append)(void *payload, uint64_t seq, const void *data, size_t size);
	/** Visit the audit records from @p from_seq on, in order. */
	int (*audit_iterate)(void *payload, uint64_t from_seq, telsvc_audit_visit_fn visit, void *visit_payload);
	/**
	 * Version 2. Replace the bytes of existing audit record @p seq in the
	 * current transaction: the library purges a record's body after its
	 * retention period (docs/audit.md). #TELSVC_ENOTFOUND if there is no
	 * such record. May be NULL: purging is then refused.
	 */
	int (*audit_replace)(void *payload, uint64_t seq, const void *data, size_t size);
} telsvc_storage;

/** Static initialiser for ::telsvc_storage. */
#define TELSVC_STORAGE_INIT { TELSVC_STORAGE_VERSION, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }

TELSVC_END_DECLS

#endif
