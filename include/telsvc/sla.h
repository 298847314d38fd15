/**
 * @file telsvc/sla.h
 * @brief SLA clocks: one deadline, its pauses, and what has run of it.
 *
 * An SLA clock measures one time limit of the policy (a ::telsvc_param of
 * type #TELSVC_PARAM_TYPE_LIMIT) from a start instant. Waiting for the
 * customer pauses it (RULES.md DEFAULTS); the pauses are kept as
 * intervals, and the deadline is always derived from that history and the
 * policy given to each query. So a change of class (telsvc_sla_set_limit()),
 * of the limit's amount or clock, or of the calendar (a new policy)
 * recomputes the deadline without losing paused time.
 *
 * On the wall and business clocks a pause moves the deadline by exactly the
 * time it lasted on that clock. On the working-day clock it moves the
 * deadline by the working days it covered, a part of a day counting as a
 * whole one, so the deadline keeps the calendar's end-of-day rule.
 *
 * All instants are seconds since the Unix epoch, UTC. An SLA clock is a
 * plain value owned by the caller; it holds no reference to a policy.
 */
#ifndef TELSVC_SLA_H
#define TELSVC_SLA_H

#include "common.h"
#include "policy.h"

TELSVC_BEGIN_DECLS

/** An SLA clock. Opaque. */
typedef struct telsvc_sla telsvc_sla;

/** "No such instant": the deadline of a paused clock or of a limit set to none. */
#define TELSVC_NEVER INT64_MAX

/** Where an SLA clock stands. */
typedef enum telsvc_sla_state {
	TELSVC_SLA_RUNNING = 1, /**< Counting. */
	TELSVC_SLA_PAUSED = 2,  /**< Paused, e.g. waiting for the customer. */
	TELSVC_SLA_STOPPED = 3  /**< Stopped: the obligation was met or withdrawn. */
} telsvc_sla_state;

/**
 * Start an SLA clock.
 * @param out receives the clock, owned by the caller (telsvc_sla_free())
 * @param ctx the context it allocates from
 * @param limit a parameter of type #TELSVC_PARAM_TYPE_LIMIT
 * @param start the instant it starts (receipt, confirmation ...)
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_sla_new(telsvc_sla **out, telsvc_ctx *ctx, telsvc_param limit, int64_t start);

/** Free an SLA clock. Accepts NULL. */
TELSVC_API void telsvc_sla_free(telsvc_sla *sla);

/**
 * Pause a running clock at @p at, which may not precede its last event.
 * @return #TELSVC_OK; #TELSVC_ETRANSITION when it is not running or @p at
 *         is earlier than its last event; #TELSVC_EINVAL; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_sla_pause(telsvc_sla *sla, int64_t at);

/**
 * Resume a paused clock at @p at, not before the pause began.
 * @return #TELSVC_OK, #TELSVC_ETRANSITION or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_sla_resume(telsvc_sla *sla, int64_t at);

/**
 * Stop a running or paused clock at @p at (a pause in progress ends there).
 * @return #TELSVC_OK, #TELSVC_ETRANSITION or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_sla_stop(telsvc_sla *sla, int64_t at);

/**
 * Measure the clock against another limit from now on, keeping its start
 * and pauses: a change of class (priority, severity, grade).
 * @return #TELSVC_OK or #TELSVC_EINVAL (not a limit parameter)
 */
TELSVC_API int telsvc_sla_set_limit(telsvc_sla *sla, telsvc_param limit);

/** The limit the clock measures, or 0 for a NULL @p sla. */
TELSVC_API telsvc_param telsvc_sla_limit(const telsvc_sla *sla);

/** The clock's ::telsvc_sla_state, or #TELSVC_EINVAL for NULL. */
TELSVC_API int telsvc_sla_state_of(const telsvc_sla *sla);

/** The instant the clock started, or #TELSVC_NEVER for NULL. */
TELSVC_API int64_t telsvc_sla_start(const telsvc_sla *sla);

/** The instant the clock stopped, or #TELSVC_NEVER when it has not. */
TELSVC_API int64_t telsvc_sla_stopped_at(const telsvc_sla *sla);

/** The number of pauses recorded, the one in progress included. */
TELSVC_API size_t telsvc_sla_pause_count(const telsvc_sla *sla);

/**
 * The @p index-th pause.
 * @param from receives its start
 * @param to receives its end, #TELSVC_NEVER while it lasts
 * @param sla the clock
 * @param index 0 .. telsvc_sla_pause_count() - 1
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_sla_pause_at(int64_t *from, int64_t *to, const telsvc_sla *sla, size_t index);

/**
 * The deadline under @p policy: the instant by which the limit's amount
 * has run on its clock, pauses excluded. #TELSVC_NEVER while paused (if
 * the pause began before the deadline) or when the policy sets no limit.
 * @return #TELSVC_OK, #TELSVC_EINVAL, #TELSVC_ENOTFOUND (the limit's
 *         calendar is not in @p policy) or #TELSVC_ERANGE
 */
TELSVC_API int telsvc_sla_deadline(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy);

/**
 * The warning point (§3.2 early warning): the instant by which @p ppm
 * parts per million of the limit have run, on the limit's own clock, so a
 * warning never falls outside working time. For a working-day limit the
 * share is taken of the business hours between the start of counting and
 * the deadline. Pass the policy's #TELSVC_PARAM_MONITORING_WARNING for the
 * handbook's threshold.
 * @param out receives the instant, or #TELSVC_NEVER as for the deadline
 * @param sla the clock
 * @param policy the policy
 * @param ppm the share, 0 .. 1000000
 * @return as telsvc_sla_deadline(), or #TELSVC_EINVAL for @p ppm out of range
 */
TELSVC_API int telsvc_sla_warning(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t ppm);

/**
 * How much of the limit has run by @p now (or by the stop, if earlier),
 * pauses excluded: wall seconds, business seconds, or working-day seconds
 * (86400 per working day, counted from the day after the start).
 * @return as telsvc_sla_deadline()
 */
TELSVC_API int telsvc_sla_elapsed(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t now);

/**
 * What remains of the limit at @p now, in the units of telsvc_sla_elapsed():
 * negative once overrun; #TELSVC_NEVER when the policy sets no limit.
 * @return as telsvc_sla_deadline()
 */
TELSVC_API int telsvc_sla_remaining(int64_t *out, const telsvc_sla *sla, const telsvc_policy *policy, int64_t now);

TELSVC_END_DECLS

#endif
