/**
 * @file telsvc/complaint.h
 * @brief Complaints (§6): intake, classification, working-day limits, the flow.
 *
 * A complaint is registered at intake with a number and classified into a
 * category and a severity (§6.1), from the intake's structured fields and
 * from its text by the policy's keywords; the result names the rule that
 * matched, and an agent may override it (recorded in the history). It then
 * moves through the handbook's flow (§6.2, docs/complaint-lifecycle.md):
 * verification and registration within 24 hours of receipt,
 * classification, handling, feedback to the customer (§6.3), a return
 * visit, closure. A dissatisfied customer reopens it; waiting for the
 * customer pauses its clocks. Its limits run in working days from receipt
 * on the working-day clock (general 1 / 5, serious 2 / 7, major 3 / 10 for
 * first handling / closed loop); a change of severity recomputes them from
 * the history.
 *
 * Complaints live in their context like requests: the pointers returned
 * here are borrowed and stay valid until the complaint is released, or the
 * context is freed or reloaded.
 */
#ifndef TELSVC_COMPLAINT_H
#define TELSVC_COMPLAINT_H

#include "common.h"
#include "policy.h"
#include "store.h"

TELSVC_BEGIN_DECLS

/** A complaint, owned by its context. Opaque. */
typedef struct telsvc_complaint telsvc_complaint;

/** Categories by content (§6.1). */
typedef enum telsvc_complaint_category {
	TELSVC_COMPLAINT_SERVICE = 1,   /**< Service: staff, attitude, waiting, promises. */
	TELSVC_COMPLAINT_NETWORK = 2,   /**< Network: signal, outage, speed. */
	TELSVC_COMPLAINT_BILLING = 3,   /**< Billing (费用): charges, bills, refunds. */
	TELSVC_COMPLAINT_TECHNICAL = 4, /**< Technical: equipment, installation, configuration. */
	TELSVC_COMPLAINT_OTHER = 5      /**< Anything else. */
} telsvc_complaint_category;

/** Severities (§6.1), each with its limits in the policy (§6.2). */
typedef enum telsvc_complaint_severity {
	TELSVC_SEVERITY_GENERAL = 1, /**< 一般: first handling 1, closed loop 5 working days. */
	TELSVC_SEVERITY_SERIOUS = 2, /**< 较严重: 2 and 7 working days. */
	TELSVC_SEVERITY_MAJOR = 3    /**< 重大: 3 and 10 working days. */
} telsvc_complaint_severity;

/** Facts at intake that raise the severity (§6.1; the project's rules, docs/complaint-lifecycle.md). */
#define TELSVC_COMPLAINT_REPEAT 0x1u /**< the customer complained of the same matter before: at least serious */
#define TELSVC_COMPLAINT_MEDIA 0x2u  /**< media, a regulator or legal action is involved: major */
#define TELSVC_COMPLAINT_MASS 0x4u   /**< many customers are affected: major */

/** Where a complaint stands (docs/complaint-lifecycle.md). */
typedef enum telsvc_complaint_state {
	TELSVC_COMPLAINT_RECEIVED = 1,   /**< Received, to be verified and registered (§6.2, 24 h). */
	TELSVC_COMPLAINT_VERIFIED = 2,   /**< Verified and registered; to be classified. */
	TELSVC_COMPLAINT_CLASSIFIED = 3, /**< Classification confirmed; to be handled. */
	TELSVC_COMPLAINT_HANDLING = 4,   /**< Being handled: first handling done. */
	TELSVC_COMPLAINT_FED_BACK = 5,   /**< The result was given to the customer (§6.3); return visit due. */
	TELSVC_COMPLAINT_CLOSED = 6,     /**< Closed: the loop is closed. */
	TELSVC_COMPLAINT_WAITING = 7,    /**< Waiting for the customer; clocks paused. */
	TELSVC_COMPLAINT_WITHDRAWN = 8   /**< Withdrawn by the customer. */
} telsvc_complaint_state;

/** What can happen to a complaint. */
typedef enum telsvc_complaint_action {
	TELSVC_COMPLAINT_VERIFY = 1,        /**< RECEIVED -> VERIFIED: initial verification and registration (§6.2). */
	TELSVC_COMPLAINT_CLASSIFY = 2,      /**< VERIFIED -> CLASSIFIED: the classification is confirmed (§6.2). */
	TELSVC_COMPLAINT_HANDLE = 3,        /**< CLASSIFIED -> HANDLING: first handling (§6.2); the note says what was done. */
	TELSVC_COMPLAINT_PROGRESS = 4,      /**< A measure taken while handling; note required (§6.3: process). */
	TELSVC_COMPLAINT_FEEDBACK = 5,      /**< HANDLING -> FED_BACK: the result told to the customer; note required; arg: the ::telsvc_channel used (§6.3). */
	TELSVC_COMPLAINT_RETURN_VISIT = 6,  /**< In FED_BACK or CLOSED: the customer's satisfaction score 0..100 (arg) and comments (note) (§6.3). */
	TELSVC_COMPLAINT_CLOSE = 7,         /**< FED_BACK -> CLOSED, once a return visit confirmed the result (§6.2, §6.3). */
	TELSVC_COMPLAINT_REOPEN = 8,        /**< FED_BACK or CLOSED -> HANDLING: the customer is dissatisfied; note required. */
	TELSVC_COMPLAINT_WAIT_CUSTOMER = 9, /**< Any open state -> WAITING: clocks pause. */
	TELSVC_COMPLAINT_RESUME = 10,       /**< WAITING -> the state it left: clocks resume. */
	TELSVC_COMPLAINT_WITHDRAW = 11,     /**< Any open or waiting state -> WITHDRAWN. */
	TELSVC_COMPLAINT_SET_SEVERITY = 12, /**< Override the severity (arg); the reason in the note; limits recomputed. */
	TELSVC_COMPLAINT_SET_CATEGORY = 13  /**< Override the category (arg); the reason in the note. */
} telsvc_complaint_action;

/** The ::telsvc_complaint_intake layout this header describes. */
#define TELSVC_COMPLAINT_INTAKE_VERSION 1

/**
 * What is known at intake (§6.1, §6.4). Initialise with
 * #TELSVC_COMPLAINT_INTAKE_INIT. Strings are copied.
 */
typedef struct telsvc_complaint_intake {
	/** #TELSVC_COMPLAINT_INTAKE_VERSION. */
	unsigned int version;
	/** The channel (§6.1): phone, e-mail, online or on site (a ::telsvc_channel but fax). Required. */
	int channel;
	/** The customer (personal data, §7.2). Required. */
	const char *customer;
	/** How to reach the customer (personal data, §7.2). Required. */
	const char *contact;
	/** The complaint in the customer's words, UTF-8. Required. */
	const char *content;
	/** The service concerned (§1.1), such as "broadband"; optional. */
	const char *service_type;
	/** A ::telsvc_complaint_category, or 0 to classify from the text. */
	int category;
	/** A ::telsvc_complaint_severity, or 0 to classify from the flags and the text. */
	int severity;
	/** #TELSVC_COMPLAINT_REPEAT, #TELSVC_COMPLAINT_MEDIA, #TELSVC_COMPLAINT_MASS. */
	unsigned int flags;
	/** Receipt time; 0 means the context's clock. */
	int64_t received_at;
} telsvc_complaint_intake;

/** Static initialiser for ::telsvc_complaint_intake. */
#define TELSVC_COMPLAINT_INTAKE_INIT { TELSVC_COMPLAINT_INTAKE_VERSION, 0, NULL, NULL, NULL, NULL, 0, 0, 0, 0 }

/** The ::telsvc_complaint_class layout this header describes. */
#define TELSVC_COMPLAINT_CLASS_VERSION 1

/** A classification and why (§6.1). */
typedef struct telsvc_complaint_class {
	/** Set by the caller to #TELSVC_COMPLAINT_CLASS_VERSION. */
	unsigned int version;
	/** The ::telsvc_complaint_category. */
	int category;
	/** The ::telsvc_complaint_severity. */
	int severity;
	/** The rule that gave the category, e.g. "§6.1: the text mentions '断网' (complaints.keywords.network)". */
	char category_reason[256];
	/** The rule that gave the severity. */
	char severity_reason[256];
} telsvc_complaint_class;

/**
 * Classify an intake by the policy's rules without registering anything:
 * what telsvc_complaint_create() would decide.
 * A given category or severity is kept. Otherwise the category is the one
 * whose keywords (complaints.keywords.*) the text mentions most, a tie
 * going to the one mentioned first, and "other" when none is; the severity
 * is major for #TELSVC_COMPLAINT_MEDIA, #TELSVC_COMPLAINT_MASS or a word of
 * complaints.severity_keywords.major, serious for #TELSVC_COMPLAINT_REPEAT
 * or a word of complaints.severity_keywords.serious, general otherwise.
 * Keywords match ASCII letters regardless of case, other text as written.
 * @return #TELSVC_OK; #TELSVC_EINVAL naming the bad field; #TELSVC_EVERSION
 */
TELSVC_API int telsvc_complaint_classify(telsvc_complaint_class *out, const telsvc_policy *policy,
					 const telsvc_complaint_intake *intake);

/**
 * Register a complaint: validates the intake, numbers it by
 * complaints.number_pattern, classifies it, starts its clocks
 * (verification from receipt, then first handling and closed loop in
 * working days), and stores it with its audit record in one transaction.
 * @param out receives the complaint, borrowed from @p ctx
 * @param ctx a context with a policy and storage
 * @param intake what is known at intake
 * @param actor who registers it, in a role of permissions.complaints.create
 * @return #TELSVC_OK; #TELSVC_EINVAL naming the missing or bad field;
 *         #TELSVC_EPERM; a storage status; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_complaint_create(telsvc_complaint **out, telsvc_ctx *ctx, const telsvc_complaint_intake *intake,
				       const telsvc_actor *actor);

/**
 * Apply an action, with a note recorded in the history (the measures taken,
 * the result, the customer's comments, the reason for an override). The
 * note is required for #TELSVC_COMPLAINT_PROGRESS, #TELSVC_COMPLAINT_FEEDBACK,
 * #TELSVC_COMPLAINT_REOPEN and the overrides.
 * @param c the complaint
 * @param action a ::telsvc_complaint_action
 * @param actor who acts, and in which role (permissions.complaints.*)
 * @param at when (0: the context's clock); not before the last change
 * @param arg the action's argument: the new severity or category, the
 *        satisfaction score 0..100, the feedback channel; 0 otherwise
 * @param note UTF-8 text, copied; NULL or "" for none; at most 64 KiB
 * @return #TELSVC_OK; #TELSVC_ETRANSITION naming the rule and clause;
 *         #TELSVC_EPERM naming the permission; #TELSVC_EINVAL; a storage
 *         status; #TELSVC_ENOMEM. On any failure the complaint is exactly
 *         as before; after a failed commit it refuses changes until read
 *         again from storage, as telsvc_request_apply() describes.
 */
TELSVC_API int telsvc_complaint_apply(telsvc_complaint *c, telsvc_complaint_action action, const telsvc_actor *actor,
				      int64_t at, int64_t arg, const char *note);

/**
 * Find a complaint by its number, in the context's memory or else in its
 * storage, as telsvc_request_find() does.
 * @return #TELSVC_OK, #TELSVC_ENOTFOUND, #TELSVC_EINVAL, #TELSVC_ECORRUPT,
 *         #TELSVC_ENOMEM or the storage's status
 */
TELSVC_API int telsvc_complaint_find(telsvc_complaint **out, telsvc_ctx *ctx, const char *number);

/**
 * Drop a complaint from the context's memory; it stays in storage.
 * @return #TELSVC_OK; #TELSVC_EINVAL if @p c is NULL or has changes in the
 *         open host transaction
 */
TELSVC_API int telsvc_complaint_release(telsvc_complaint *c);

/** The number of complaints in the context's memory. */
TELSVC_API size_t telsvc_complaint_count(const telsvc_ctx *ctx);

/** The complaint's number, borrowed. */
TELSVC_API const char *telsvc_complaint_number(const telsvc_complaint *c);

/** The complaint's ::telsvc_complaint_state, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_complaint_state_of(const telsvc_complaint *c);

/** The complaint's ::telsvc_complaint_category, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_complaint_category_of(const telsvc_complaint *c);

/** The complaint's ::telsvc_complaint_severity, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_complaint_severity_of(const telsvc_complaint *c);

/**
 * Why the complaint has its category: the rule that matched at intake, or
 * after an override the reason given in its note; borrowed.
 */
TELSVC_API const char *telsvc_complaint_category_reason(const telsvc_complaint *c);

/** Why the complaint has its severity, as telsvc_complaint_category_reason(). */
TELSVC_API const char *telsvc_complaint_severity_reason(const telsvc_complaint *c);

/** The complaint's content as received (UTF-8), borrowed. */
TELSVC_API const char *telsvc_complaint_content(const telsvc_complaint *c);

/** The intake channel (a ::telsvc_channel), or #TELSVC_EINVAL. */
TELSVC_API int telsvc_complaint_channel(const telsvc_complaint *c);

/** The receipt time, or 0 for NULL. */
TELSVC_API int64_t telsvc_complaint_received_at(const telsvc_complaint *c);

/** The satisfaction score of the last return visit since the last feedback, 0..100, or -1 for none. */
TELSVC_API int telsvc_complaint_satisfaction(const telsvc_complaint *c);

/** How many times the complaint was reopened. */
TELSVC_API int telsvc_complaint_reopen_count(const telsvc_complaint *c);

/**
 * The number of deadlines a complaint runs: 3 — verification (index 0),
 * first handling (1) and closed loop (2).
 */
TELSVC_API size_t telsvc_complaint_deadline_count(const telsvc_complaint *c);

/**
 * One deadline of the complaint under the context's policy.
 * @param limit receives the ::telsvc_param of the limit, which follows the severity
 * @param due receives the deadline (#TELSVC_NEVER: none, or paused)
 * @param done receives when it was met, or #TELSVC_NEVER if not yet
 * @param c the complaint
 * @param index 0 .. telsvc_complaint_deadline_count() - 1
 * @return #TELSVC_OK, #TELSVC_EINVAL, or the status of the calendar arithmetic
 */
TELSVC_API int telsvc_complaint_deadline_at(telsvc_param *limit, int64_t *due, int64_t *done,
					    const telsvc_complaint *c, size_t index);

/** The number of changes in the complaint's history (intake included). */
TELSVC_API size_t telsvc_complaint_history_count(const telsvc_complaint *c);

/**
 * One change of the history, as telsvc_request_history_at().
 * @param c the complaint
 * @param index 0 .. telsvc_complaint_history_count() - 1
 * @param action receives the ::telsvc_complaint_action (0 for the intake)
 * @param at receives when
 * @param actor_id receives who (borrowed)
 * @param role receives in which role (borrowed)
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_complaint_history_at(const telsvc_complaint *c, size_t index, int *action, int64_t *at,
					   const char **actor_id, const char **role);

/** The note of the @p index-th change (borrowed; "" for none), or NULL out of range. */
TELSVC_API const char *telsvc_complaint_history_note(const telsvc_complaint *c, size_t index);

/** The argument of the @p index-th change (score, channel, severity ...), or 0 out of range. */
TELSVC_API int64_t telsvc_complaint_history_arg(const telsvc_complaint *c, size_t index);

/** The storage revision of the complaint (1 after intake). */
TELSVC_API uint64_t telsvc_complaint_revision(const telsvc_complaint *c);

TELSVC_END_DECLS

#endif
