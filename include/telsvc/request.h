/**
 * @file telsvc/request.h
 * @brief Service requests: intake, classification, the lifecycle, deadlines.
 *
 * A service request (§2, §3, §4) is registered at intake with a number,
 * classified into a priority class (§2.1.2) and then moves through the
 * handbook's flow (§1.3): preprocessing with a report signed by three
 * distinct people (§2.4), handling, delivery and acceptance with the
 * customer's sign-off (§4.2), feedback and closure. Waiting for the
 * customer pauses its clocks. Every change names the actor and role, is
 * checked against the state machine (docs/request-lifecycle.md), and is
 * stored atomically through the context's storage with an audit record.
 *
 * Requests live in their context: the pointers returned here are borrowed
 * and stay valid until the request is released, or the context is freed
 * or reloaded. A context keeps every request it creates or finds until it
 * is told otherwise: a host that runs for long releases closed ones with
 * telsvc_request_release(), and telsvc_request_find() reads them back from
 * storage when asked for.
 */
#ifndef TELSVC_REQUEST_H
#define TELSVC_REQUEST_H

#include "common.h"
#include "policy.h"
#include "store.h"

TELSVC_BEGIN_DECLS

/** A service request, owned by its context. Opaque. */
typedef struct telsvc_request telsvc_request;

/** Intake channels (§2.1.1). */
typedef enum telsvc_channel {
	TELSVC_CHANNEL_PHONE = 1,  /**< Telephone. */
	TELSVC_CHANNEL_ONLINE = 2, /**< Online platform. */
	TELSVC_CHANNEL_ONSITE = 3, /**< On site, at a service hall. */
	TELSVC_CHANNEL_EMAIL = 4,  /**< E-mail. */
	TELSVC_CHANNEL_FAX = 5     /**< Fax. */
} telsvc_channel;

/** Content types of a request (§2.2.1). */
typedef enum telsvc_content {
	TELSVC_CONTENT_NETWORK = 1,          /**< Network service. */
	TELSVC_CONTENT_VOICE = 2,            /**< Voice. */
	TELSVC_CONTENT_DATA = 3,             /**< Data. */
	TELSVC_CONTENT_CUSTOMER_SERVICE = 4, /**< Customer service. */
	TELSVC_CONTENT_FAULT = 5,            /**< Fault handling. */
	TELSVC_CONTENT_PACKAGE_CHANGE = 6    /**< Package change. */
} telsvc_content;

/** Priority classes (§2.1.2), each with its handling limit in the policy. */
typedef enum telsvc_priority {
	TELSVC_PRIORITY_EMERGENCY = 1,  /**< 紧急: requests.limits.emergency (2 h). */
	TELSVC_PRIORITY_IMPORTANT = 2,  /**< 重要: requests.limits.important (4 h). */
	TELSVC_PRIORITY_GENERAL = 3,    /**< 一般: requests.limits.general (8 h). */
	TELSVC_PRIORITY_NON_URGENT = 4  /**< 非紧急: requests.limits.non_urgent (5 working days). */
} telsvc_priority;

/** Facts at intake that make a request urgent (§2.1.2). */
#define TELSVC_INTAKE_SAFETY 0x1u      /**< touches user safety */
#define TELSVC_INTAKE_OUTAGE 0x2u      /**< network outage */
#define TELSVC_INTAKE_DEGRADATION 0x4u /**< quality degradation */

/** Where a request stands (docs/request-lifecycle.md). */
typedef enum telsvc_request_state {
	TELSVC_REQUEST_RECEIVED = 1,      /**< Registered, receipt confirmed (§2.1, §2.3). */
	TELSVC_REQUEST_PREPROCESSING = 2, /**< Needs analysis and the preprocessing report (§2.2, §2.4). */
	TELSVC_REQUEST_IN_PROGRESS = 3,   /**< Being handled (§3.1). */
	TELSVC_REQUEST_DELIVERED = 4,     /**< Delivered, awaiting acceptance (§4.1, §4.2). */
	TELSVC_REQUEST_RECTIFICATION = 5, /**< Acceptance failed; being rectified (§4.2). */
	TELSVC_REQUEST_FEEDBACK = 6,      /**< Accepted; result confirmed, feedback awaited (§1.3, §2.3). */
	TELSVC_REQUEST_CLOSED = 7,        /**< Closed. */
	TELSVC_REQUEST_WAITING = 8,       /**< Waiting for the customer; clocks paused. */
	TELSVC_REQUEST_CANCELLED = 9      /**< Withdrawn. */
} telsvc_request_state;

/** What can happen to a request. */
typedef enum telsvc_request_action {
	TELSVC_ACTION_PREPROCESS = 1,    /**< RECEIVED -> PREPROCESSING (§2.2). */
	TELSVC_ACTION_SIGN_REPORT = 2,   /**< Sign the preprocessing report in one's role (§2.4). */
	TELSVC_ACTION_START = 3,         /**< PREPROCESSING -> IN_PROGRESS, once the report is fully signed. */
	TELSVC_ACTION_PROGRESS = 4,      /**< Confirm progress to the customer (§2.3). */
	TELSVC_ACTION_DELIVER = 5,       /**< IN_PROGRESS or RECTIFICATION -> DELIVERED (§4.1). */
	TELSVC_ACTION_ACCEPT = 6,        /**< DELIVERED -> FEEDBACK: acceptance passed, customer signed off (§4.2). */
	TELSVC_ACTION_REJECT = 7,        /**< DELIVERED -> RECTIFICATION: acceptance failed (§4.2). */
	TELSVC_ACTION_FEEDBACK = 8,      /**< Record the customer's satisfaction score (§1.3, §3.1). */
	TELSVC_ACTION_CLOSE = 9,         /**< FEEDBACK -> CLOSED, once feedback is recorded. */
	TELSVC_ACTION_WAIT_CUSTOMER = 10, /**< Any open state -> WAITING: clocks pause. */
	TELSVC_ACTION_RESUME = 11,       /**< WAITING -> the state it left: clocks resume. */
	TELSVC_ACTION_CANCEL = 12,       /**< Any open state -> CANCELLED. */
	TELSVC_ACTION_RECLASSIFY = 13,   /**< Change the priority class; the deadline follows from the history. */
	TELSVC_ACTION_PROBLEM_DISCOVER = 14,   /**< An execution problem is found while handling; arg: its ::telsvc_problem_grade (§3.3). */
	TELSVC_ACTION_PROBLEM_REPORT = 15,     /**< Staff report problem arg to the supervisor (§3.3, within 10 min). */
	TELSVC_ACTION_PROBLEM_ARRANGE = 16,    /**< The supervisor arranges handling of problem arg (§3.3, within 2 h). */
	TELSVC_ACTION_PROBLEM_HANDLED = 17,    /**< Problem arg is handled (§3.3: major 2 h, general 24 h). */
	TELSVC_ACTION_PROBLEM_FEEDBACK = 18,   /**< Closed-loop feedback on problem arg (§3.3, within 48 h). */
	TELSVC_ACTION_PROBLEM_POSTMORTEM = 19, /**< Post-mortem report on problem arg (§3.3, 3 working days after handling). */
	TELSVC_ACTION_WRITE_REPORT = 20        /**< Write (or amend) the preprocessing report; the note holds it (§2.2.3, §2.4). */
} telsvc_request_action;

/** Grades of an execution problem (§3.3). */
typedef enum telsvc_problem_grade {
	TELSVC_PROBLEM_MAJOR = 1,   /**< 重大: responded to and handled within execution.grades.major (2 h). */
	TELSVC_PROBLEM_GENERAL = 2, /**< 一般: handled within execution.grades.general (24 h). */
	TELSVC_PROBLEM_MINOR = 3    /**< 轻微: the staff member handles it; no report, no escalation. */
} telsvc_problem_grade;

/** How far an execution problem has come (§3.3: discover, report, handle, feedback). */
typedef enum telsvc_problem_stage {
	TELSVC_PROBLEM_DISCOVERED = 1, /**< Found. */
	TELSVC_PROBLEM_REPORTED = 2,   /**< Reported to the supervisor. */
	TELSVC_PROBLEM_ARRANGED = 3,   /**< Handling arranged by the supervisor. */
	TELSVC_PROBLEM_HANDLED = 4,    /**< Handled. */
	TELSVC_PROBLEM_FED_BACK = 5,   /**< Closed-loop feedback given. */
	TELSVC_PROBLEM_REVIEWED = 6    /**< Post-mortem report filed. */
} telsvc_problem_stage;

/** The ::telsvc_intake layout this header describes. */
#define TELSVC_INTAKE_VERSION 2

/**
 * What is known at intake (§2.1.3). Initialise with #TELSVC_INTAKE_INIT.
 * Strings are copied.
 */
typedef struct telsvc_intake {
	/** #TELSVC_INTAKE_VERSION. */
	unsigned int version;
	/** A ::telsvc_channel. Required. */
	int channel;
	/** The requester. Required. */
	const char *requester;
	/** Contact information. Required. */
	const char *contact;
	/** What is asked. Required. */
	const char *content;
	/** A ::telsvc_content. Required. */
	int content_type;
	/** The service concerned (§1.1), free text such as "broadband". Required. */
	const char *service_type;
	/** A ::telsvc_priority, or 0 to classify by the rules (§2.1.2). */
	int priority;
	/** #TELSVC_INTAKE_SAFETY, #TELSVC_INTAKE_OUTAGE, #TELSVC_INTAKE_DEGRADATION. */
	unsigned int flags;
	/** Impact scope: how many customers are affected (0 unknown). */
	int64_t affected;
	/** Receipt time; 0 means the context's clock. */
	int64_t received_at;
	/** Version 2: a ::telsvc_delivery, whose limit runs from receipt (§4.1); 0 for none. */
	int delivery;
} telsvc_intake;

/** What a request delivers, for the §4.1 delivery limits. */
typedef enum telsvc_delivery {
	TELSVC_DELIVERY_NONE = 0,       /**< Nothing to deliver (a question, a change of data). */
	TELSVC_DELIVERY_BASIC = 1,      /**< A basic communication service: delivery.basic (24 h). */
	TELSVC_DELIVERY_LEASED_LINE = 2 /**< A leased line: delivery.leased_line (72 h). */
} telsvc_delivery;

/** Static initialiser for ::telsvc_intake. */
#define TELSVC_INTAKE_INIT { TELSVC_INTAKE_VERSION, 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0, 0 }

/**
 * Register a new request: validates the intake (§2.1.3 required fields),
 * assigns its number, classifies it (§2.1.2), starts its handling clock,
 * and stores it with its audit record in one transaction.
 * @param out receives the request, borrowed from @p ctx
 * @param ctx a context with a policy and storage
 * @param intake what is known at intake
 * @param actor who registers it
 * @return #TELSVC_OK; #TELSVC_EINVAL naming the missing or bad field;
 *         #TELSVC_EPERM; a storage status; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_request_create(telsvc_request **out, telsvc_ctx *ctx, const telsvc_intake *intake,
				     const telsvc_actor *actor);

/**
 * Apply an action. @p arg carries what the action needs: the new
 * ::telsvc_priority for #TELSVC_ACTION_RECLASSIFY, the satisfaction score
 * 0..100 for #TELSVC_ACTION_FEEDBACK; 0 otherwise.
 * @param req the request
 * @param action a ::telsvc_request_action
 * @param actor who acts, and in which role
 * @param at when (0: the context's clock); not before the last change
 * @param arg the action's argument
 * @return #TELSVC_OK; #TELSVC_ETRANSITION naming the rule and clause;
 *         #TELSVC_EPERM; #TELSVC_EINVAL; a storage status; #TELSVC_ENOMEM.
 *         On any failure the request is exactly as before. When the
 *         storage's commit fails, whether the change was stored is
 *         unknown: the request then refuses changes (#TELSVC_ESTORAGE)
 *         until it is read again from storage, by telsvc_ctx_load() or by
 *         telsvc_request_release() and telsvc_request_find().
 */
TELSVC_API int telsvc_request_apply(telsvc_request *req, telsvc_request_action action, const telsvc_actor *actor,
				    int64_t at, int64_t arg);

/**
 * Apply an action with a note recorded in the history: the content of the
 * preprocessing report (§2.2.3: needs analysis, proposal, assignment), the
 * acceptance report (§4.2: results, problems, rectification), measures
 * taken, the customer's comments. #TELSVC_ACTION_WRITE_REPORT,
 * #TELSVC_ACTION_ACCEPT and #TELSVC_ACTION_REJECT require one.
 * @param req the request
 * @param action a ::telsvc_request_action
 * @param actor who acts, and in which role
 * @param at when (0: the context's clock)
 * @param arg the action's argument, as for telsvc_request_apply()
 * @param note UTF-8 text, copied; NULL or "" for none; at most 64 KiB
 * @return as telsvc_request_apply()
 */
TELSVC_API int telsvc_request_apply_note(telsvc_request *req, telsvc_request_action action, const telsvc_actor *actor,
					 int64_t at, int64_t arg, const char *note);

/**
 * Find a request by its number: in the context's memory, or else in its
 * storage (the storage's get), from where it is read, checked and kept in
 * the context.
 * @param out the request, borrowed
 * @param ctx the context
 * @param number the request's number
 * @return #TELSVC_OK; #TELSVC_ENOTFOUND when neither holds it;
 *         #TELSVC_EINVAL; or, reading from storage, #TELSVC_ECORRUPT,
 *         #TELSVC_ENOMEM or the storage's status (docs/storage.md)
 */
TELSVC_API int telsvc_request_find(telsvc_request **out, telsvc_ctx *ctx, const char *number);

/**
 * Drop a request from the context's memory; it stays in storage, and
 * telsvc_request_find() reads it back. The pointer is invalid afterwards.
 * Release frees memory a long-running host would otherwise keep for
 * every request it ever handled (a closed request is typically released
 * after its closing call), and re-reads a request whose commit failed
 * (see telsvc_request_apply()) without reloading the whole context.
 * @param req the request
 * @return #TELSVC_OK; #TELSVC_EINVAL if @p req is NULL or has changes in
 *         the host transaction still open (release it after the
 *         transaction ends)
 */
TELSVC_API int telsvc_request_release(telsvc_request *req);

/** The number of requests in the context's memory. */
TELSVC_API size_t telsvc_request_count(const telsvc_ctx *ctx);

/** The request's number, borrowed. */
TELSVC_API const char *telsvc_request_number(const telsvc_request *req);

/** The request's ::telsvc_request_state, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_request_state_of(const telsvc_request *req);

/** The request's ::telsvc_priority, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_request_priority(const telsvc_request *req);

/**
 * Why the request has its class: the rule that matched, e.g.
 * "§2.1.2: network outage is urgent"; borrowed.
 */
TELSVC_API const char *telsvc_request_class_reason(const telsvc_request *req);

/**
 * The handling deadline under the context's policy (§2.1.2), pauses
 * excluded; #TELSVC_NEVER while waiting for the customer (a wait that
 * began after the deadline leaves it as it was) or when the class has no
 * limit.
 * @return #TELSVC_OK or the status of the calendar arithmetic
 */
TELSVC_API int telsvc_request_deadline(int64_t *out, const telsvc_request *req);

/** The number of changes recorded in the request's history (intake included). */
TELSVC_API size_t telsvc_request_history_count(const telsvc_request *req);

/**
 * One change of the history.
 * @param req the request
 * @param index 0 .. telsvc_request_history_count() - 1
 * @param action receives the ::telsvc_request_action (0 for the intake)
 * @param at receives when
 * @param actor_id receives who (borrowed)
 * @param role receives in which role (borrowed)
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_request_history_at(const telsvc_request *req, size_t index, int *action, int64_t *at,
					 const char **actor_id, const char **role);

/** The note of the @p index-th change of the history (borrowed; "" for none), or NULL out of range. */
TELSVC_API const char *telsvc_request_history_note(const telsvc_request *req, size_t index);

/** The number of execution problems recorded on the request (§3.3). */
TELSVC_API size_t telsvc_request_problem_count(const telsvc_request *req);

/**
 * An execution problem.
 * @param grade receives its ::telsvc_problem_grade
 * @param stage receives its ::telsvc_problem_stage
 * @param req the request
 * @param index 0 .. telsvc_request_problem_count() - 1
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_request_problem_at(int *grade, int *stage, const telsvc_request *req, size_t index);

/**
 * The number of deadlines the request has run: its handling limit, then
 * those of each execution problem (report, arrangement, handling, closed-loop
 * feedback, post-mortem, as its grade requires).
 */
TELSVC_API size_t telsvc_request_deadline_count(const telsvc_request *req);

/**
 * One deadline of the request, under the context's policy.
 * @param limit receives the ::telsvc_param of the limit
 * @param problem receives the problem's index, or -1 for the request itself
 * @param due receives the deadline (#TELSVC_NEVER: none, or paused)
 * @param done receives when it was met, or #TELSVC_NEVER if not yet
 * @param req the request
 * @param index 0 .. telsvc_request_deadline_count() - 1
 * @return #TELSVC_OK, #TELSVC_EINVAL, or the status of the calendar arithmetic
 */
TELSVC_API int telsvc_request_deadline_at(telsvc_param *limit, int *problem, int64_t *due, int64_t *done,
					  const telsvc_request *req, size_t index);

/** The storage revision of the request (1 after intake), for diagnostics. */
TELSVC_API uint64_t telsvc_request_revision(const telsvc_request *req);

TELSVC_END_DECLS

#endif
