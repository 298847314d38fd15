/**
 * @file telsvc/memstore.h
 * @brief A reference storage backend that keeps everything in memory.
 *
 * It implements the whole ::telsvc_storage contract (transactions with
 * rollback, compare-and-swap puts, the audit stream) for tests,
 * benchmarks, short-lived tools, and as a model for hosts writing their
 * own backend. Nothing survives the process: it does not claim
 * #TELSVC_STORAGE_CAP_DURABLE.
 *
 * A memory store may be used by one thread at a time.
 */
#ifndef TELSVC_MEMSTORE_H
#define TELSVC_MEMSTORE_H

#include "common.h"
#include "sys/storage.h"

TELSVC_BEGIN_DECLS

/** An in-memory store. Opaque. */
typedef struct telsvc_memstore telsvc_memstore;

/**
 * Create an empty store.
 * @param out receives the store, owned by the caller (telsvc_memstore_free())
 * @param ctx the context it allocates from; must outlive the store
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_memstore_new(telsvc_memstore **out, telsvc_ctx *ctx);

/** Free a store; an open transaction is discarded. Accepts NULL. */
TELSVC_API void telsvc_memstore_free(telsvc_memstore *store);

/**
 * Fill @p out with the callbacks of @p store (payload included).
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_memstore_storage(telsvc_storage *out, telsvc_memstore *store);

/** The number of objects stored (committed or in the open transaction). */
TELSVC_API size_t telsvc_memstore_object_count(const telsvc_memstore *store);

/** The number of audit records stored. */
TELSVC_API uint64_t telsvc_memstore_audit_count(const telsvc_memstore *store);

TELSVC_END_DECLS

#endif
