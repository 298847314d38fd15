/**
 * @file telsvc/report.h
 * @brief The quality report (§5.4): overview, problem analysis, indicator
 *        evaluation, improvement measures and their effect.
 *
 * telsvc_report_compute() gathers, for a slice and period, the indicators
 * of §5.2 over every kind and for each kind, evaluates them against the
 * policy's targets, and lists the improvement items of §5.3 the host
 * tracks with their state. The result is a ::telsvc_report the library
 * allocates; telsvc_report_json() and telsvc_report_csv() write it out.
 * Release a report before the context that made it.
 * docs/report.md describes each part and both formats.
 */
#ifndef TELSVC_REPORT_H
#define TELSVC_REPORT_H

#include "buf.h"
#include "common.h"
#include "indicators.h"

TELSVC_BEGIN_DECLS

/** The class of a quality problem (§5.3). */
typedef enum telsvc_problem_class {
	TELSVC_PROBLEM_CLASS_TECHNICAL = 1, /**< Technical. */
	TELSVC_PROBLEM_CLASS_PROCESS = 2,   /**< Process. */
	TELSVC_PROBLEM_CLASS_PEOPLE = 3,    /**< People. */
	TELSVC_PROBLEM_CLASS_EXTERNAL = 4   /**< External. */
} telsvc_problem_class;

/**
 * A quality problem and its improvement measure (§5.3), as the host tracks
 * it: problem, cause, measure, verification. An element of an array: its
 * layout never changes within major version 1.
 */
typedef struct telsvc_improvement {
	/** The problem found (required). */
	const char *problem;
	/** Its ::telsvc_problem_class. */
	int problem_class;
	/** Its root cause (5W1H), or NULL while unknown. */
	const char *cause;
	/** The improvement measure (required). */
	const char *measure;
	/** Who owns the measure, or NULL. */
	const char *owner;
	/** When the measure is due; 0 or #TELSVC_NEVER for no date (likewise below). */
	int64_t due;
	/** When it was put in place; 0 or #TELSVC_NEVER while not yet. */
	int64_t done;
	/** When its effect was verified; 0 or #TELSVC_NEVER while not yet. */
	int64_t verified;
	/** The effect found at verification, or NULL. */
	const char *effect;
} telsvc_improvement;

/** Where an improvement item stands at the report's @c now. */
typedef enum telsvc_improvement_state {
	TELSVC_IMPROVEMENT_OPEN = 1,     /**< Not yet in place, not past its due date. */
	TELSVC_IMPROVEMENT_OVERDUE = 2,  /**< Not yet in place, past its due date. */
	TELSVC_IMPROVEMENT_DONE = 3,     /**< In place, its effect not yet verified. */
	TELSVC_IMPROVEMENT_VERIFIED = 4  /**< In place and verified: the loop is closed. */
} telsvc_improvement_state;

/** How an indicator compares with its target. */
typedef enum telsvc_verdict {
	TELSVC_VERDICT_MET = 1,       /**< The target is met. */
	TELSVC_VERDICT_MISSED = 2,    /**< The target is missed. */
	TELSVC_VERDICT_NO_DATA = 3    /**< Nothing to measure in the slice. */
} telsvc_verdict;

/** What an evaluation measures. */
typedef enum telsvc_evaluated {
	TELSVC_EVALUATED_AVAILABILITY = 1, /**< Availability, at least quality.availability_target. */
	TELSVC_EVALUATED_FAULT_RATE = 2,   /**< Fault rate, below quality.fault_rate_max. */
	TELSVC_EVALUATED_SATISFACTION = 3, /**< Mean satisfaction, at least quality.satisfaction_target. */
	TELSVC_EVALUATED_ON_TIME = 4       /**< The on-time rate of one limit: every deadline met is the target. */
} telsvc_evaluated;

/** One indicator against its target. */
typedef struct telsvc_evaluation {
	/** A ::telsvc_evaluated. */
	int what;
	/** The policy parameter: the target's, or for #TELSVC_EVALUATED_ON_TIME the limit's. */
	telsvc_param param;
	/** The value in parts per million; -1 without data. */
	int64_t value;
	/** The target in parts per million. */
	int64_t target;
	/** A ::telsvc_verdict. */
	int verdict;
} telsvc_evaluation;

/** An improvement item in the report: a copy the report owns, and its state. */
typedef struct telsvc_report_item {
	/** The item; its strings belong to the report. */
	telsvc_improvement item;
	/** A ::telsvc_improvement_state. */
	int state;
} telsvc_report_item;

/** The ::telsvc_report_options layout this header describes. */
#define TELSVC_REPORT_OPTIONS_VERSION 1

/** What to report on. Initialise with #TELSVC_REPORT_OPTIONS_INIT. */
typedef struct telsvc_report_options {
	/** #TELSVC_REPORT_OPTIONS_VERSION. */
	unsigned int version;
	/** The slice and period, @c now, units and outages; NULL: every case, all time. */
	const telsvc_slice *slice;
	/** The host's improvement items (§5.3), or NULL. */
	const telsvc_improvement *improvements;
	/** How many @p improvements. */
	size_t improvement_count;
} telsvc_report_options;

/** Static initialiser for ::telsvc_report_options. */
#define TELSVC_REPORT_OPTIONS_INIT { TELSVC_REPORT_OPTIONS_VERSION, NULL, NULL, 0 }

/** The ::telsvc_report layout this header describes. */
#define TELSVC_REPORT_VERSION 1

/**
 * The quality report (§5.4). The library allocates it and only ever
 * appends members, so a host reads it but never allocates or copies one;
 * release it with telsvc_report_free().
 */
typedef struct telsvc_report {
	/** The #TELSVC_REPORT_VERSION of the library that made it. */
	unsigned int version;
	/** The period: from, to (0 and 0: all time) and the instant the figures are taken at. */
	int64_t from;
	/** See @c from. */
	int64_t to;
	/** See @c from. */
	int64_t now;
	/** Seconds east of UTC the JSON and CSV write instants in: the default calendar's at @c now. */
	int32_t utc_offset;
	/** Overview: the indicators over every kind of the slice. */
	telsvc_indicators overview;
	/** Problem analysis by kind: @c kinds[k] for ::telsvc_kind k, 1 to @c kind_count - 1. */
	const telsvc_indicators *kinds;
	/** How many entries @c kinds has (entry 0 is unused). */
	size_t kind_count;
	/** The indicators against the policy's targets. */
	const telsvc_evaluation *evaluations;
	/** How many @c evaluations. */
	size_t evaluation_count;
	/** Improvement measures and their effect, in the order given. */
	const telsvc_report_item *items;
	/** How many @c items. */
	size_t item_count;
	/** Items per ::telsvc_improvement_state (index 1 to 4). */
	uint64_t items_by_state[5];
	/** Items per ::telsvc_problem_class (index 1 to 4). */
	uint64_t items_by_class[5];
} telsvc_report;

/**
 * Compute the quality report.
 * @param out the report, to release with telsvc_report_free()
 * @param ctx a context with a policy
 * @param options what to report on; NULL: every case in memory, all time
 * @return #TELSVC_OK; #TELSVC_EINVAL naming a bad argument or item;
 *         #TELSVC_EVERSION; #TELSVC_ENOMEM; the status of
 *         telsvc_indicators_compute()
 */
TELSVC_API int telsvc_report_compute(telsvc_report **out, telsvc_ctx *ctx, const telsvc_report_options *options);

/** Release a report; NULL is ignored. */
TELSVC_API void telsvc_report_free(telsvc_report *report);

/**
 * Write a report as one JSON object (docs/report.md).
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_report_json(telsvc_buf *out, const telsvc_report *report);

/**
 * Write a report as CSV (RFC 4180), one figure a row:
 * section, subject, figure, value, target, verdict (docs/report.md).
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_report_csv(telsvc_buf *out, const telsvc_report *report);

TELSVC_END_DECLS

#endif
