/**
 * @file telsvc/store.h
 * @brief The context's policy, storage, loading, and host transactions.
 *
 * Objects (service requests, complaints, security incidents) live in
 * their context. The context follows one policy and stores through one
 * ::telsvc_storage table (docs/storage.md). Each mutating call is its own
 * transaction, unless the host opens one with telsvc_txn_begin() to group
 * several calls: then all of them are stored or none, and memory follows.
 */
#ifndef TELSVC_STORE_H
#define TELSVC_STORE_H

#include "common.h"
#include "policy.h"
#include "sys/storage.h"

TELSVC_BEGIN_DECLS

/**
 * Give the context the policy its objects follow. The policy is borrowed:
 * it must outlive the context or be replaced first.
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_ctx_set_policy(telsvc_ctx *ctx, const telsvc_policy *policy);

/**
 * Give the context its storage (the table is copied), before it holds
 * any object: set storage first, then load or create.
 * @return #TELSVC_OK; #TELSVC_EINVAL (a required method is missing, or the
 *         context already holds objects); #TELSVC_EVERSION (an unknown
 *         table version)
 */
TELSVC_API int telsvc_ctx_set_storage(telsvc_ctx *ctx, const telsvc_storage *storage);

/**
 * Load every object from the context's storage, replacing those in
 * memory. All or nothing: on failure the context keeps what it had.
 * @return #TELSVC_OK, #TELSVC_ECORRUPT (naming the object), #TELSVC_ESTORAGE,
 *         #TELSVC_ENOMEM or #TELSVC_EINVAL (no storage set)
 */
TELSVC_API int telsvc_ctx_load(telsvc_ctx *ctx);

/**
 * Open a transaction that groups the following mutating calls.
 * @return #TELSVC_OK, #TELSVC_EINVAL (no storage, or one already open) or
 *         the storage's status
 */
TELSVC_API int telsvc_txn_begin(telsvc_ctx *ctx);

/**
 * Commit the open transaction. On failure every change made in it is
 * undone in memory too; when the commit's outcome is unknown the objects
 * it touched refuse writes until telsvc_ctx_load() reloads them.
 * @return #TELSVC_OK, #TELSVC_EINVAL (none open), or the storage's status
 */
TELSVC_API int telsvc_txn_commit(telsvc_ctx *ctx);

/**
 * Roll back the open transaction: storage and memory return to where
 * they were at telsvc_txn_begin().
 * @return #TELSVC_OK, #TELSVC_EINVAL (none open), or the storage's status
 */
TELSVC_API int telsvc_txn_rollback(telsvc_ctx *ctx);

/**
 * Whether a host transaction is open: after a call inside one failed, this
 * tells a refusal (the transaction goes on) from a failure of storage or
 * memory (the library rolled it back).
 * @return 1 while one is open, 0 otherwise (and for a NULL @p ctx)
 */
TELSVC_API int telsvc_txn_active(const telsvc_ctx *ctx);

TELSVC_END_DECLS

#endif
