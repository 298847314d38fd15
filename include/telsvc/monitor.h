/**
 * @file telsvc/monitor.h
 * @brief Deadline monitoring: early warnings, breaches and escalations (§3.2, §5.1).
 *
 * Once enabled, a context keeps an index of every open deadline of every
 * object it holds in memory: a request's handling, delivery and
 * execution-problem limits, a complaint's verification, first-handling
 * and closed-loop limits, an incident's report to management. Each
 * deadline raises up to three events, each for one level of the
 * three-level response (monitoring.escalation_levels, §5.1):
 *
 * - a **warning** when monitoring.warning_at of the limit has run, on the
 *   limit's own clock (level 1, e.g. the agent);
 * - a **breach** at the deadline (level 2, e.g. the supervisor);
 * - an **escalation** when monitoring.escalate_after of the limit has run
 *   past the deadline (level 3, e.g. management).
 *
 * telsvc_monitor_poll() hands the host every event that has become due,
 * in time order. Delivery is **at least once**: what was delivered is
 * recorded through the storage callbacks after the host's callback
 * returns, so neither a repeated poll nor a reload delivers it again; an
 * event delivered just before a crash or a failed commit is delivered
 * again after it, and hosts drop repeats by the event's id
 * (docs/monitoring.md). Deadlines follow every change of their object and
 * of the policy, so a warning moved by a pause or a reclassification
 * fires at its new instant.
 */
#ifndef TELSVC_MONITOR_H
#define TELSVC_MONITOR_H

#include "common.h"
#include "policy.h"

TELSVC_BEGIN_DECLS

/** What a monitoring event says. */
typedef enum telsvc_event_type {
	TELSVC_EVENT_WARNING = 1,   /**< monitoring.warning_at of the limit has run (§3.2). */
	TELSVC_EVENT_BREACH = 2,    /**< The deadline has passed. */
	TELSVC_EVENT_ESCALATION = 3 /**< monitoring.escalate_after past the deadline (§5.1). */
} telsvc_event_type;

/** The ::telsvc_monitor_event layout this header describes. */
#define TELSVC_MONITOR_EVENT_VERSION 1

/** One event, valid during the callback only. */
typedef struct telsvc_monitor_event {
	/** #TELSVC_MONITOR_EVENT_VERSION. */
	unsigned int version;
	/** A ::telsvc_event_type. */
	int type;
	/** The object's ::telsvc_kind. */
	int kind;
	/** The object's number. */
	const char *number;
	/** The limit concerned. */
	telsvc_param limit;
	/** For a request's execution problem, its index; -1 otherwise. */
	int problem;
	/** The response level, 1 to 3. */
	int level;
	/** The role of that level in monitoring.escalation_levels; NULL when the list is shorter. */
	const char *role;
	/** When the event became due. */
	int64_t at;
	/** The deadline it concerns. */
	int64_t due;
	/** A stable id: the same event always has the same id, so hosts drop repeats. */
	const char *id;
} telsvc_monitor_event;

/**
 * Receives one event. Return 0 to go on; anything else stops the poll
 * after recording what was delivered before this event.
 */
typedef int (*telsvc_monitor_fn)(const telsvc_monitor_event *event, void *payload);

/** The ::telsvc_change layout this header describes. */
#define TELSVC_CHANGE_VERSION 1

/** A change to a request, complaint or incident, as stored; valid during the callback only. */
typedef struct telsvc_change {
	/** #TELSVC_CHANGE_VERSION. */
	unsigned int version;
	/** The object's ::telsvc_kind. */
	int kind;
	/** The object's number. */
	const char *number;
	/** The kind's action (0: created). */
	int action;
	/** The state before (0 for a creation). */
	int from;
	/** The state after. */
	int to;
	/** When. */
	int64_t at;
	/** Who made the change. */
	const char *actor;
	/** In which role. */
	const char *role;
	/** The object's revision after the change. */
	uint64_t revision;
} telsvc_change;

/** Told of each change once it is stored (§5.1: changes are pushed in real time). */
typedef void (*telsvc_change_fn)(const telsvc_change *change, void *payload);

/**
 * Have @p fn told of every change once its transaction commits: at once
 * for a change in a transaction of its own, at telsvc_txn_commit() for the
 * changes of a host transaction (in the order they were made), never for a
 * change rolled back or whose commit failed.
 * @param ctx the context
 * @param fn the callback, or NULL to stop
 * @param payload passed to @p fn
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_ctx_set_change_fn(telsvc_ctx *ctx, telsvc_change_fn fn, void *payload);

/**
 * Start monitoring: index the deadlines of every object in memory and
 * read what was already delivered from storage. From then on the index
 * follows every change, creation, find, release and reload.
 * @return #TELSVC_OK; #TELSVC_EINVAL (no policy or storage); a storage
 *         status; #TELSVC_ECORRUPT; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_monitor_enable(telsvc_ctx *ctx);

/**
 * Deliver every event due at or before @p now not yet delivered, earliest
 * first, then record them in storage in one transaction.
 * @param ctx a context with monitoring enabled, and no host transaction open
 * @param now the present
 * @param fn called for each event
 * @param payload passed to @p fn
 * @param delivered receives how many events @p fn accepted and storage
 *        recorded as delivered; these never come again, even when the poll
 *        fails, while events of a failed poll beyond them do; may be NULL
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_EUSER when @p fn stopped the
 *         poll (what it accepted is recorded); a storage status: nothing of
 *         this poll is recorded, and its events come again unless storage
 *         shows them delivered (#TELSVC_ECONFLICT: another context polling
 *         the same store recorded some first); #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_monitor_poll(telsvc_ctx *ctx, int64_t now, telsvc_monitor_fn fn, void *payload,
				   size_t *delivered);

/**
 * The earliest instant an event is due, or #TELSVC_NEVER when none is
 * pending: when to poll next.
 * @return #TELSVC_OK or #TELSVC_EINVAL (monitoring not enabled)
 */
TELSVC_API int telsvc_monitor_next(int64_t *out, telsvc_ctx *ctx);

/**
 * Recompute every watched deadline: after the context's policy or its
 * calendars changed (telsvc_ctx_set_policy() does this by itself).
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_monitor_recompute(telsvc_ctx *ctx);

TELSVC_END_DECLS

#endif
