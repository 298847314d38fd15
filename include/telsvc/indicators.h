/**
 * @file telsvc/indicators.h
 * @brief Quality indicators (§5.2) over the cases a context holds.
 *
 * For a period and a slice (the kind of case, its class, a complaint's
 * category, the channel, the service type), telsvc_indicators_compute()
 * counts the cases received in the period and measures them: the on-time
 * rate of each limit, the time to respond and to handle on the wall and
 * business clocks (mean, median, 90th percentile), satisfaction against
 * its target (§1.2, §5.2: 90 %), breaches, complaints per category and
 * execution problems per grade, escalations (§5.1), and, from the outages
 * the host records, availability and the fault rate. docs/indicators.md
 * defines each figure.
 *
 * The figures cover the cases in the context's memory: a host computes
 * them after telsvc_ctx_load(), or keeps the cases of the period in memory.
 */
#ifndef TELSVC_INDICATORS_H
#define TELSVC_INDICATORS_H

#include "common.h"
#include "policy.h"

TELSVC_BEGIN_DECLS

/** The ::telsvc_slice layout this header describes. */
#define TELSVC_SLICE_VERSION 1

/**
 * An outage of a service, as the host records it, for availability and the
 * fault rate (§5.2). An element of an array: its layout never changes
 * within major version 1.
 */
typedef struct telsvc_outage {
	/** When the service went down. */
	int64_t start;
	/** When it came back; #TELSVC_NEVER while it is still down. */
	int64_t end;
	/** How many of the slice's units it took down; 0 means 1. */
	uint64_t units;
	/** The service type it hit; NULL: counted only in slices without a service type. */
	const char *service_type;
} telsvc_outage;

/** Which cases to measure. Initialise with #TELSVC_SLICE_INIT; 0 or NULL means any. */
typedef struct telsvc_slice {
	/** #TELSVC_SLICE_VERSION. */
	unsigned int version;
	/** A ::telsvc_kind, or 0 for every kind. */
	int kind;
	/** The class: a request's ::telsvc_priority, a complaint's ::telsvc_complaint_severity, an incident's grade. */
	int klass;
	/** A complaint's ::telsvc_complaint_category (other kinds never match a category). */
	int category;
	/** A ::telsvc_channel (incidents have none and never match). */
	int channel;
	/** The service type, exactly (incidents have none and never match). */
	const char *service_type;
	/** The period: cases received (detected) at or after @p from and before @p to; 0 and 0 for all time. */
	int64_t from;
	/** See @p from. */
	int64_t to;
	/** The instant the figures are taken at: open deadlines past it count as breached. 0: the context's clock. */
	int64_t now;
	/** Units of service in operation in the period (lines, circuits), for availability; 0 means 1. */
	uint64_t units;
	/** The outages of the period, or NULL: availability and the fault rate need a period (@p from, @p to). */
	const telsvc_outage *outages;
	/** How many @p outages. */
	size_t outage_count;
} telsvc_slice;

/** Static initialiser for ::telsvc_slice. */
#define TELSVC_SLICE_INIT { TELSVC_SLICE_VERSION, 0, 0, 0, 0, NULL, 0, 0, 0, 0, NULL, 0 }

/** A distribution of durations, in seconds. */
typedef struct telsvc_duration_stats {
	/** How many durations. */
	uint64_t count;
	/** Their mean, rounded down; 0 when there are none. */
	int64_t mean;
	/** The median (the lower middle of an even count). */
	int64_t median;
	/** The 90th percentile (nearest rank). */
	int64_t p90;
} telsvc_duration_stats;

/** How one limit fared. */
typedef struct telsvc_limit_stats {
	/** The limit. */
	telsvc_param limit;
	/** Deadlines met by their deadline. */
	uint64_t on_time;
	/** Deadlines met after their deadline. */
	uint64_t late;
	/** Deadlines not met whose deadline has passed at the slice's @c now. */
	uint64_t overdue;
	/** Deadlines not met, not yet due. */
	uint64_t pending;
	/** Of the late and overdue, those that reached the third level of the response (§5.1): still
	 *  unmet when monitoring.escalate_after of the limit had run past the deadline. */
	uint64_t escalated;
} telsvc_limit_stats;

/** The most limits a ::telsvc_indicators reports. */
#define TELSVC_INDICATORS_LIMITS 32

/** The ::telsvc_indicators layout this header describes. */
#define TELSVC_INDICATORS_VERSION 1

/** The figures of §5.2 for a slice. Set @c version before the call. */
typedef struct telsvc_indicators {
	/** Set by the caller to #TELSVC_INDICATORS_VERSION. */
	unsigned int version;
	/** Cases in the slice. */
	uint64_t cases;
	/** Of them, finished (closed, cancelled, withdrawn, dismissed). */
	uint64_t finished;
	/** From receipt to the first change after it (the response), wall clock. */
	telsvc_duration_stats respond_wall;
	/** The same on the business clock of the default calendar. */
	telsvc_duration_stats respond_business;
	/** From receipt to resolution (a request's delivery, a complaint's closure, an incident's closure), wall clock. */
	telsvc_duration_stats handle_wall;
	/** The same on the business clock. */
	telsvc_duration_stats handle_business;
	/** Satisfaction scores recorded (a request's feedback, a complaint's return visit). */
	uint64_t satisfaction_count;
	/** Their mean, in hundredths of a point (8950 = 89.50). */
	int64_t satisfaction_mean;
	/** How many scored at or above quality.satisfaction_target. */
	uint64_t satisfied;
	/** Deadlines missed: met late, or overdue at @c now. */
	uint64_t breaches;
	/** Complaints per ::telsvc_complaint_category (index 1 to 5). */
	uint64_t complaints_by_category[6];
	/** Execution problems per ::telsvc_problem_grade (index 1 to 3). */
	uint64_t problems_by_grade[4];
	/** How many entries of @c limits are used. */
	size_t limit_count;
	/** Each limit that occurred, in the order of ::telsvc_param. */
	telsvc_limit_stats limits[TELSVC_INDICATORS_LIMITS];
	/** Deadlines escalated to the third level: the sum of @c limits[].escalated. */
	uint64_t escalations;
	/** Outages of the slice that overlap the period. */
	uint64_t outages;
	/** Unit-seconds of service lost in the period: each outage's units times its length within it. */
	int64_t downtime;
	/** Availability in parts per million: 1000000 less @c downtime over units times the period
	 *  (up to @c now); -1 when the slice gives neither units nor outages. */
	int64_t availability;
	/** Fault rate in parts per million: outages starting in the period per unit; -1 as for @c availability. */
	int64_t fault_rate;
	/** Cases per class (index 1 to 4): a request's priority, a complaint's severity, an incident's grade;
	 *  read it in a slice of one kind. */
	uint64_t by_class[5];
	/** Follow-ups still open: execution problems handled without their post-mortem (§3.3),
	 *  incidents analysed but not closed (§7.3). */
	uint64_t reviews_pending;
} telsvc_indicators;

/**
 * Compute the indicators of a slice.
 * @param out the figures; set @c out->version first
 * @param ctx a context with a policy
 * @param slice which cases; NULL for every case in memory
 * @return #TELSVC_OK; #TELSVC_EINVAL; #TELSVC_EVERSION; #TELSVC_ENOMEM;
 *         the status of the calendar arithmetic
 */
TELSVC_API int telsvc_indicators_compute(telsvc_indicators *out, telsvc_ctx *ctx, const telsvc_slice *slice);

TELSVC_END_DECLS

#endif
