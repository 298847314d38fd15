/**
 * @file telsvc/incident.h
 * @brief Security incidents (§7.3): detection, confirmation, report, response, review.
 *
 * A security incident is recorded when detected (from logs, threat
 * detection or a user's report) and follows the handbook's flow
 * (docs/incident-lifecycle.md): confirmation with its time, type, scope and
 * grade; the report to management within the policy's limit for its grade
 * (incidents.report.*, from confirmation); the emergency response —
 * isolate, repair, recover; the analysis of cause and impact;
 * rectification; the post-mortem; closure. Each step records what the
 * handbook lists for it in its note.
 *
 * Incidents live in their context like requests and complaints: the
 * pointers returned here are borrowed and stay valid until the incident is
 * released, or the context is freed or reloaded.
 */
#ifndef TELSVC_INCIDENT_H
#define TELSVC_INCIDENT_H

#include "common.h"
#include "policy.h"
#include "store.h"

TELSVC_BEGIN_DECLS

/** A security incident, owned by its context. Opaque. */
typedef struct telsvc_incident telsvc_incident;

/** Where an incident was detected (§7.3). */
typedef enum telsvc_incident_source {
	TELSVC_SOURCE_LOGS = 1,             /**< Log analysis. */
	TELSVC_SOURCE_THREAT_DETECTION = 2, /**< A threat detection system. */
	TELSVC_SOURCE_USER_REPORT = 3       /**< A user's report. */
} telsvc_incident_source;

/** Types of security incident (§7.3's examples). */
typedef enum telsvc_incident_type {
	TELSVC_INCIDENT_DATA_LEAK = 1,     /**< Data leak. */
	TELSVC_INCIDENT_INTRUSION = 2,     /**< Intrusion. */
	TELSVC_INCIDENT_ATTACK_OUTAGE = 3, /**< Service outage from an attack. */
	TELSVC_INCIDENT_MALWARE = 4,       /**< Malware. */
	TELSVC_INCIDENT_OTHER = 5          /**< Anything else. */
} telsvc_incident_type;

/** Grades (§7.3), each with its report limit in the policy. */
typedef enum telsvc_incident_grade {
	TELSVC_GRADE_GENERAL = 1,           /**< 一般: incidents.report.general (24 h). */
	TELSVC_GRADE_LARGER = 2,            /**< 较大: incidents.report.larger (1 h). */
	TELSVC_GRADE_MAJOR = 3,             /**< 重大: incidents.report.major (1 h). */
	TELSVC_GRADE_PARTICULARLY_MAJOR = 4 /**< 特别重大: only when the policy sets incidents.report.particularly_major. */
} telsvc_incident_grade;

/** Where an incident stands (docs/incident-lifecycle.md). */
typedef enum telsvc_incident_state {
	TELSVC_INCIDENT_DETECTED = 1,   /**< Detected, to be confirmed. */
	TELSVC_INCIDENT_CONFIRMED = 2,  /**< Confirmed: time, type, scope, grade. */
	TELSVC_INCIDENT_REPORTED = 3,   /**< Reported to management. */
	TELSVC_INCIDENT_ISOLATED = 4,   /**< Emergency response: isolated. */
	TELSVC_INCIDENT_REPAIRED = 5,   /**< Emergency response: repaired. */
	TELSVC_INCIDENT_RECOVERED = 6,  /**< Emergency response: service recovered. */
	TELSVC_INCIDENT_ANALYSED = 7,   /**< Cause and impact analysed. */
	TELSVC_INCIDENT_RECTIFIED = 8,  /**< Rectified. */
	TELSVC_INCIDENT_REVIEWED = 9,   /**< Post-mortem filed. */
	TELSVC_INCIDENT_CLOSED = 10,    /**< Closed. */
	TELSVC_INCIDENT_DISMISSED = 11  /**< Dismissed: the detection was no incident. */
} telsvc_incident_state;

/** What can happen to an incident. Every action but #TELSVC_INCIDENT_CLOSE needs a note. */
typedef enum telsvc_incident_action {
	TELSVC_INCIDENT_CONFIRM = 1,    /**< DETECTED -> CONFIRMED; arg: the ::telsvc_incident_grade; note: the scope. */
	TELSVC_INCIDENT_REPORT = 2,     /**< CONFIRMED -> REPORTED, or recorded while ISOLATED: the report to management. */
	TELSVC_INCIDENT_ISOLATE = 3,    /**< CONFIRMED or REPORTED -> ISOLATED: containment may precede the report. */
	TELSVC_INCIDENT_REPAIR = 4,     /**< ISOLATED -> REPAIRED, once reported. */
	TELSVC_INCIDENT_RECOVER = 5,    /**< REPAIRED -> RECOVERED. */
	TELSVC_INCIDENT_ANALYSE = 6,    /**< RECOVERED -> ANALYSED: cause and impact. */
	TELSVC_INCIDENT_RECTIFY = 7,    /**< ANALYSED -> RECTIFIED: the measures. */
	TELSVC_INCIDENT_POSTMORTEM = 8, /**< RECTIFIED -> REVIEWED: cause, lessons, improvement. */
	TELSVC_INCIDENT_CLOSE = 9,      /**< REVIEWED -> CLOSED, by someone other than the post-mortem's author. */
	TELSVC_INCIDENT_DISMISS = 10,   /**< DETECTED -> DISMISSED: not an incident; the note says why. */
	TELSVC_INCIDENT_REGRADE = 11,   /**< Change the grade (arg) of a confirmed incident; the report limit follows. */
	TELSVC_INCIDENT_PROGRESS = 12   /**< A note of work done, in any open state. */
} telsvc_incident_action;

/** The ::telsvc_incident_detection layout this header describes. */
#define TELSVC_INCIDENT_DETECTION_VERSION 1

/** What is known on detection. Initialise with #TELSVC_INCIDENT_DETECTION_INIT; strings are copied. */
typedef struct telsvc_incident_detection {
	/** #TELSVC_INCIDENT_DETECTION_VERSION. */
	unsigned int version;
	/** A ::telsvc_incident_source. Required. */
	int source;
	/** A ::telsvc_incident_type, as far as known. Required. */
	int type;
	/** What was seen, UTF-8. Required. */
	const char *description;
	/** Systems or services affected, as far as known; optional. */
	const char *scope;
	/** Who reported it, for a user's report (personal data, §7.2); optional. */
	const char *reporter;
	/** When the incident began, as far as known; 0: unknown. */
	int64_t occurred_at;
	/** When it was detected; 0 means the context's clock. */
	int64_t detected_at;
} telsvc_incident_detection;

/** Static initialiser for ::telsvc_incident_detection. */
#define TELSVC_INCIDENT_DETECTION_INIT { TELSVC_INCIDENT_DETECTION_VERSION, 0, 0, NULL, NULL, NULL, 0, 0 }

/**
 * Record a detected incident: numbered by incidents.number_pattern and
 * stored with its audit record in one transaction.
 * @param out receives the incident, borrowed from @p ctx
 * @param ctx a context with a policy and storage
 * @param detection what is known
 * @param actor who records it, in a role of permissions.incidents.create
 * @return #TELSVC_OK; #TELSVC_EINVAL naming the bad field; #TELSVC_EPERM;
 *         a storage status; #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_incident_create(telsvc_incident **out, telsvc_ctx *ctx,
				      const telsvc_incident_detection *detection, const telsvc_actor *actor);

/**
 * Apply an action with its note (what the handbook lists for the step:
 * the scope, whom the report went to, what was isolated, repaired and
 * recovered, the cause and impact, the measures, the lessons).
 * @param inc the incident
 * @param action a ::telsvc_incident_action
 * @param actor who acts, in a role of permissions.incidents.*
 * @param at when (0: the context's clock); not before the last change
 * @param arg the grade for #TELSVC_INCIDENT_CONFIRM and #TELSVC_INCIDENT_REGRADE; 0 otherwise
 * @param note UTF-8 text, copied; at most 64 KiB
 * @return #TELSVC_OK; #TELSVC_ETRANSITION naming the rule; #TELSVC_EPERM;
 *         #TELSVC_EINVAL (a missing note, a grade the policy does not
 *         define); a storage status; #TELSVC_ENOMEM. On any failure the
 *         incident is exactly as before; after a failed commit it refuses
 *         changes until read again from storage.
 */
TELSVC_API int telsvc_incident_apply(telsvc_incident *inc, telsvc_incident_action action, const telsvc_actor *actor,
				     int64_t at, int64_t arg, const char *note);

/**
 * Find an incident by its number, in memory or else in storage.
 * @return #TELSVC_OK, #TELSVC_ENOTFOUND, #TELSVC_EINVAL, #TELSVC_ECORRUPT,
 *         #TELSVC_ENOMEM or the storage's status
 */
TELSVC_API int telsvc_incident_find(telsvc_incident **out, telsvc_ctx *ctx, const char *number);

/**
 * Drop an incident from the context's memory; it stays in storage.
 * @return #TELSVC_OK; #TELSVC_EINVAL if @p inc is NULL or has changes in
 *         the open host transaction
 */
TELSVC_API int telsvc_incident_release(telsvc_incident *inc);

/** The number of incidents in the context's memory. */
TELSVC_API size_t telsvc_incident_count(const telsvc_ctx *ctx);

/** The incident's number, borrowed. */
TELSVC_API const char *telsvc_incident_number(const telsvc_incident *inc);

/** The incident's ::telsvc_incident_state, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_incident_state_of(const telsvc_incident *inc);

/** The incident's ::telsvc_incident_grade, 0 before confirmation, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_incident_grade_of(const telsvc_incident *inc);

/** The incident's ::telsvc_incident_type, or #TELSVC_EINVAL. */
TELSVC_API int telsvc_incident_type_of(const telsvc_incident *inc);

/** Where it was detected (::telsvc_incident_source), or #TELSVC_EINVAL. */
TELSVC_API int telsvc_incident_source_of(const telsvc_incident *inc);

/** The description given on detection, borrowed. */
TELSVC_API const char *telsvc_incident_description(const telsvc_incident *inc);

/** The confirmed scope (the confirmation's note), or the scope known on detection; "" if none. */
TELSVC_API const char *telsvc_incident_scope(const telsvc_incident *inc);

/** When it was detected, or 0 for NULL. */
TELSVC_API int64_t telsvc_incident_detected_at(const telsvc_incident *inc);

/** When it was confirmed, or 0 before. */
TELSVC_API int64_t telsvc_incident_confirmed_at(const telsvc_incident *inc);

/**
 * The report deadline (§7.3): confirmation plus the limit of its grade.
 * @param limit receives the ::telsvc_param of the limit (0 before confirmation)
 * @param due receives the deadline, #TELSVC_NEVER before confirmation or
 *        when the policy sets no limit
 * @param done receives when the report was recorded, #TELSVC_NEVER if not yet
 * @param inc the incident
 * @return #TELSVC_OK, #TELSVC_EINVAL, or the status of the calendar arithmetic
 */
TELSVC_API int telsvc_incident_report_deadline(telsvc_param *limit, int64_t *due, int64_t *done,
					       const telsvc_incident *inc);

/** The number of changes in the incident's history (detection included). */
TELSVC_API size_t telsvc_incident_history_count(const telsvc_incident *inc);

/**
 * One change of the history.
 * @param inc the incident
 * @param index 0 .. telsvc_incident_history_count() - 1
 * @param action receives the ::telsvc_incident_action (0 for the detection)
 * @param at receives when
 * @param actor_id receives who (borrowed)
 * @param role receives in which role (borrowed)
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_incident_history_at(const telsvc_incident *inc, size_t index, int *action, int64_t *at,
					  const char **actor_id, const char **role);

/** The note of the @p index-th change (borrowed; "" for none), or NULL out of range. */
TELSVC_API const char *telsvc_incident_history_note(const telsvc_incident *inc, size_t index);

/** The storage revision of the incident (1 after detection). */
TELSVC_API uint64_t telsvc_incident_revision(const telsvc_incident *inc);

TELSVC_END_DECLS

#endif
