/**
 * @file telsvc/policy.h
 * @brief The policy: the handbook's numbers as data.
 *
 * A policy holds every limit, target and retention period the handbook
 * sets, each with the clause it comes from. The built-in default policy
 * *is* the handbook (../shared/handbook/RULES.md); a YAML document
 * overrides any subset of it. Policies are parsed from memory: the host
 * owns file I/O. See docs/policy.md for the document format.
 *
 * Each scalar setting is a *parameter* named by a ::telsvc_param and by
 * its dotted key path in the YAML document (e.g.
 * "requests.limits.emergency").
 */
#ifndef TELSVC_POLICY_H
#define TELSVC_POLICY_H

#include "common.h"
#include "buf.h"

TELSVC_BEGIN_DECLS

/** A loaded policy. Immutable once created; opaque. */
typedef struct telsvc_policy telsvc_policy;

/** The clock a time limit is measured on. */
typedef enum telsvc_clock {
	TELSVC_CLOCK_WALL = 0,        /**< Elapsed wall-clock time ("wall"). */
	TELSVC_CLOCK_BUSINESS = 1,    /**< Business hours of the calendar ("business"). */
	TELSVC_CLOCK_WORKING_DAYS = 2 /**< Whole working days of the calendar ("working_days"). */
} telsvc_clock;

/** What kind of value a parameter holds. */
typedef enum telsvc_param_type {
	TELSVC_PARAM_TYPE_LIMIT = 1,    /**< A time limit on a clock, or none: telsvc_policy_limit(). */
	TELSVC_PARAM_TYPE_DURATION = 2, /**< A duration in seconds. */
	TELSVC_PARAM_TYPE_PERCENT = 3,  /**< A share in parts per million (90 % = 900000). */
	TELSVC_PARAM_TYPE_PERIOD = 4,   /**< A calendar period in months (3 years = 36). */
	TELSVC_PARAM_TYPE_ROLE = 5,     /**< One role name: telsvc_policy_names(). */
	TELSVC_PARAM_TYPE_ROLE_LIST = 6, /**< A list of role names: telsvc_policy_names(). */
	TELSVC_PARAM_TYPE_TEXT = 7,      /**< A text, such as a numbering pattern: telsvc_policy_text(). */
	TELSVC_PARAM_TYPE_TEXT_LIST = 8  /**< A list of texts, such as keywords: telsvc_policy_names(). */
} telsvc_param_type;

/**
 * The policy's parameters. Values are explicit and append-only; they run
 * from 1 to telsvc_param_count(). The comment of each gives its YAML key
 * and the clause of RULES.md it enforces.
 */
typedef enum telsvc_param {
	TELSVC_PARAM_NETWORK_VOICE_RESPONSE = 1,     /**< network.voice_response, §1.2 */
	TELSVC_PARAM_NETWORK_DATA_RESPONSE = 2,      /**< network.data_response, §1.2 */
	TELSVC_PARAM_QUALITY_SATISFACTION = 3,       /**< quality.satisfaction_target, §1.2 §5.2 */
	TELSVC_PARAM_QUALITY_AVAILABILITY = 4,       /**< quality.availability_target, §4.1 §5.2 */
	TELSVC_PARAM_QUALITY_FAULT_RATE = 5,         /**< quality.fault_rate_max, §5.2 */
	TELSVC_PARAM_QUALITY_EVALUATION_PERIOD = 6,  /**< quality.evaluation_period, §5.2 */
	TELSVC_PARAM_REQUEST_EMERGENCY = 7,          /**< requests.limits.emergency, §2.1.2 */
	TELSVC_PARAM_REQUEST_IMPORTANT = 8,          /**< requests.limits.important, §2.1.2 */
	TELSVC_PARAM_REQUEST_GENERAL = 9,            /**< requests.limits.general, §2.1.2 */
	TELSVC_PARAM_REQUEST_NON_URGENT = 10,        /**< requests.limits.non_urgent, §2.1.2 (project default) */
	TELSVC_PARAM_REQUEST_SIGNATURES = 11,        /**< requests.preprocessing.signatures, §2.2.3 §2.4 */
	TELSVC_PARAM_SERVICE_RESPONSE = 12,          /**< service.response, §3.2 */
	TELSVC_PARAM_SERVICE_FAULT_HANDLING = 13,    /**< service.fault_handling, §3.2 */
	TELSVC_PARAM_EXECUTION_REPORT = 14,          /**< execution.report, §3.3 */
	TELSVC_PARAM_EXECUTION_ARRANGE = 15,         /**< execution.arrange, §3.3 */
	TELSVC_PARAM_EXECUTION_FEEDBACK = 16,        /**< execution.feedback, §3.3 */
	TELSVC_PARAM_EXECUTION_POSTMORTEM = 17,      /**< execution.postmortem, §3.3 */
	TELSVC_PARAM_EXECUTION_MAJOR = 18,           /**< execution.grades.major, §3.3 */
	TELSVC_PARAM_EXECUTION_GENERAL = 19,         /**< execution.grades.general, §3.3 */
	TELSVC_PARAM_EXECUTION_MINOR = 20,           /**< execution.grades.minor, §3.3 */
	TELSVC_PARAM_EXECUTION_REPORT_TO = 21,       /**< execution.report_to, §3.3 */
	TELSVC_PARAM_DELIVERY_BASIC = 22,            /**< delivery.basic, §4.1 */
	TELSVC_PARAM_DELIVERY_LEASED_LINE = 23,      /**< delivery.leased_line, §4.1 */
	TELSVC_PARAM_SLA_FAULT_RECOVERY = 24,        /**< sla.fault_recovery, §4.1 */
	TELSVC_PARAM_SLA_INTERRUPTION = 25,          /**< sla.interruption_max, §4.1 */
	TELSVC_PARAM_COMPLAINT_VERIFICATION = 26,    /**< complaints.verification, §6.2 */
	TELSVC_PARAM_COMPLAINT_GENERAL_FIRST = 27,   /**< complaints.limits.general.first_handling, §6.2 */
	TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE = 28,   /**< complaints.limits.general.closed_loop, §6.2 */
	TELSVC_PARAM_COMPLAINT_SERIOUS_FIRST = 29,   /**< complaints.limits.serious.first_handling, §6.2 */
	TELSVC_PARAM_COMPLAINT_SERIOUS_CLOSE = 30,   /**< complaints.limits.serious.closed_loop, §6.2 */
	TELSVC_PARAM_COMPLAINT_MAJOR_FIRST = 31,     /**< complaints.limits.major.first_handling, §6.2 */
	TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE = 32,     /**< complaints.limits.major.closed_loop, §6.2 */
	TELSVC_PARAM_INCIDENT_REPORT_GENERAL = 33,   /**< incidents.report.general, §7.3 (project default) */
	TELSVC_PARAM_INCIDENT_REPORT_LARGER = 34,    /**< incidents.report.larger, §7.3 (project default) */
	TELSVC_PARAM_INCIDENT_REPORT_MAJOR = 35,     /**< incidents.report.major, §7.3 (project default) */
	TELSVC_PARAM_SECURITY_ASSESSMENT = 36,       /**< security.assessment_interval, §7.1 */
	TELSVC_PARAM_MONITORING_WARNING = 37,        /**< monitoring.warning_at, §3.2 (project default) */
	TELSVC_PARAM_MONITORING_ESCALATION = 38,     /**< monitoring.escalation_levels, §5.1 */
	TELSVC_PARAM_RETENTION_REQUESTS = 39,        /**< retention.requests, §2.1.3 */
	TELSVC_PARAM_RETENTION_PREPROCESSING = 40,   /**< retention.preprocessing_reports, §2.4 */
	TELSVC_PARAM_RETENTION_SERVICE = 41,         /**< retention.service_records, §3.1 */
	TELSVC_PARAM_RETENTION_EXECUTION = 42,       /**< retention.execution_records, §3.4 */
	TELSVC_PARAM_RETENTION_ACCEPTANCE = 43,      /**< retention.acceptance_records, §4.4 */
	TELSVC_PARAM_RETENTION_COMPLAINTS = 44,      /**< retention.complaints, §6.4 */
	TELSVC_PARAM_RETENTION_INCIDENTS = 45,       /**< retention.incidents, §7.3 (project default) */
	TELSVC_PARAM_RETENTION_AUDIT = 46,           /**< retention.audit_log, §7.4 (project default) */
	TELSVC_PARAM_PERMIT_CREATE = 47, /**< permissions.requests.create, §2.1 */
	TELSVC_PARAM_PERMIT_PREPROCESS = 48, /**< permissions.requests.preprocess, §2.2 */
	TELSVC_PARAM_PERMIT_START = 49, /**< permissions.requests.start, §3.1 */
	TELSVC_PARAM_PERMIT_PROGRESS = 50, /**< permissions.requests.progress, §2.3 */
	TELSVC_PARAM_PERMIT_DELIVER = 51, /**< permissions.requests.deliver, §4.1 */
	TELSVC_PARAM_PERMIT_ACCEPT = 52, /**< permissions.requests.accept, §4.2 */
	TELSVC_PARAM_PERMIT_REJECT = 53, /**< permissions.requests.reject, §4.2 */
	TELSVC_PARAM_PERMIT_FEEDBACK = 54, /**< permissions.requests.feedback, §1.3 */
	TELSVC_PARAM_PERMIT_CLOSE = 55, /**< permissions.requests.close, §1.3 */
	TELSVC_PARAM_PERMIT_WAIT_CUSTOMER = 56, /**< permissions.requests.wait_customer, §5.1 */
	TELSVC_PARAM_PERMIT_RESUME = 57, /**< permissions.requests.resume, §5.1 */
	TELSVC_PARAM_PERMIT_CANCEL = 58, /**< permissions.requests.cancel, §2.3 */
	TELSVC_PARAM_PERMIT_RECLASSIFY = 59, /**< permissions.requests.reclassify, §2.1.2 */
	TELSVC_PARAM_PERMIT_PROBLEM_DISCOVER = 60, /**< permissions.requests.problem_discover, §3.3 */
	TELSVC_PARAM_PERMIT_PROBLEM_REPORT = 61, /**< permissions.requests.problem_report, §3.3 */
	TELSVC_PARAM_PERMIT_PROBLEM_HANDLED = 62, /**< permissions.requests.problem_handled, §3.3 */
	TELSVC_PARAM_PERMIT_PROBLEM_FEEDBACK = 63, /**< permissions.requests.problem_feedback, §3.3 */
	TELSVC_PARAM_PERMIT_PROBLEM_POSTMORTEM = 64, /**< permissions.requests.problem_postmortem, §3.3 */
	TELSVC_PARAM_PERMIT_WRITE_REPORT = 65, /**< permissions.requests.write_report, §2.2.3 */
	TELSVC_PARAM_REQUEST_NUMBER_PATTERN = 66, /**< requests.number_pattern, §2.1.1 */
	TELSVC_PARAM_PERMIT_AUDIT_PURGE = 67,    /**< permissions.audit.purge, §7.2 */
	TELSVC_PARAM_COMPLAINT_NUMBER_PATTERN = 68, /**< complaints.number_pattern, §6.2 */
	TELSVC_PARAM_COMPLAINT_KEYWORDS_SERVICE = 69, /**< complaints.keywords.service, §6.1 */
	TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK = 70, /**< complaints.keywords.network, §6.1 */
	TELSVC_PARAM_COMPLAINT_KEYWORDS_BILLING = 71, /**< complaints.keywords.billing, §6.1 */
	TELSVC_PARAM_COMPLAINT_KEYWORDS_TECHNICAL = 72, /**< complaints.keywords.technical, §6.1 */
	TELSVC_PARAM_COMPLAINT_KEYWORDS_SERIOUS = 73, /**< complaints.severity_keywords.serious, §6.1 */
	TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR = 74, /**< complaints.severity_keywords.major, §6.1 */
	TELSVC_PARAM_PERMIT_COMPLAINT_CREATE = 75, /**< permissions.complaints.create, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_VERIFY = 76, /**< permissions.complaints.verify, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_CLASSIFY = 77, /**< permissions.complaints.classify, §6.1 §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_HANDLE = 78, /**< permissions.complaints.handle, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_PROGRESS = 79, /**< permissions.complaints.progress, §6.3 */
	TELSVC_PARAM_PERMIT_COMPLAINT_FEEDBACK = 80, /**< permissions.complaints.feedback, §6.3 */
	TELSVC_PARAM_PERMIT_COMPLAINT_RETURN_VISIT = 81, /**< permissions.complaints.return_visit, §6.3 */
	TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE = 82, /**< permissions.complaints.close, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE_MAJOR = 83, /**< permissions.complaints.close_major, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_REOPEN = 84, /**< permissions.complaints.reopen, §6.3 */
	TELSVC_PARAM_PERMIT_COMPLAINT_WAIT_CUSTOMER = 85, /**< permissions.complaints.wait_customer, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_RESUME = 86, /**< permissions.complaints.resume, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_WITHDRAW = 87, /**< permissions.complaints.withdraw, §6.2 */
	TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY = 88, /**< permissions.complaints.reclassify, §6.1 */
	TELSVC_PARAM_INCIDENT_NUMBER_PATTERN = 89, /**< incidents.number_pattern, §7.3 */
	TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR = 90, /**< incidents.report.particularly_major, §7.3 (none: three grades) */
	TELSVC_PARAM_PERMIT_INCIDENT_CREATE = 91, /**< permissions.incidents.create, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_CONFIRM = 92, /**< permissions.incidents.confirm, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_DISMISS = 93, /**< permissions.incidents.dismiss, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_REPORT = 94, /**< permissions.incidents.report, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_RESPOND = 95, /**< permissions.incidents.respond, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_ANALYSE = 96, /**< permissions.incidents.analyse, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_RECTIFY = 97, /**< permissions.incidents.rectify, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_POSTMORTEM = 98, /**< permissions.incidents.postmortem, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_CLOSE = 99, /**< permissions.incidents.close, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_REGRADE = 100, /**< permissions.incidents.regrade, §7.3 */
	TELSVC_PARAM_PERMIT_INCIDENT_PROGRESS = 101, /**< permissions.incidents.progress, §7.3 */
	TELSVC_PARAM_PERMIT_DISCLOSE = 102, /**< permissions.personal_data.disclose, §7.2 */
	TELSVC_PARAM_MONITORING_ESCALATE_AFTER = 103 /**< monitoring.escalate_after, §5.1 (project default) */
} telsvc_param;

/** The number of parameters this library knows; they run from 1 to this. */
TELSVC_API int telsvc_param_count(void);

/** The dotted YAML key path of a parameter, or NULL for an unknown one. Static. */
TELSVC_API const char *telsvc_param_key(telsvc_param param);

/** The handbook clause(s) a parameter enforces, e.g. "§2.1.2"; NULL for an unknown one. Static. */
TELSVC_API const char *telsvc_param_clause(telsvc_param param);

/** A one-line English description of a parameter; NULL for an unknown one. Static. */
TELSVC_API const char *telsvc_param_description(telsvc_param param);

/**
 * Whether a parameter's default is the project's own choice where the
 * handbook leaves the number open (RULES.md, DEFAULTS).
 * @return 1 for a project default, 0 for a handbook number, #TELSVC_EINVAL for an unknown parameter
 */
TELSVC_API int telsvc_param_is_project_default(telsvc_param param);

/** The ::telsvc_param_type of a parameter, or #TELSVC_EINVAL for an unknown one. */
TELSVC_API int telsvc_param_type_of(telsvc_param param);

/**
 * Find a parameter by its dotted key path.
 * @param out receives the parameter
 * @param key e.g. "complaints.limits.major.closed_loop"
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOTFOUND
 */
TELSVC_API int telsvc_param_lookup(telsvc_param *out, const char *key);

/**
 * Create the built-in default policy: every number of the handbook.
 * @param out receives the policy, owned by the caller (telsvc_policy_free())
 * @param ctx the context it allocates from; must outlive the policy
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_policy_default(telsvc_policy **out, telsvc_ctx *ctx);

/**
 * Load a policy from a YAML document in memory. The document overrides
 * any subset of the defaults; an empty document gives the defaults.
 *
 * The document is parsed under hard limits (docs/policy.md): at most
 * 1 MiB, nesting depth 64, no anchors or aliases, no tags, no duplicate or
 * unknown keys, one document. Any violation fails with #TELSVC_EPOLICY and
 * a message naming the key path and the line and column.
 *
 * @param out receives the policy, owned by the caller (telsvc_policy_free())
 * @param ctx the context it allocates from; must outlive the policy
 * @param yaml the document, UTF-8, not necessarily NUL-terminated; may be NULL when @p size is 0
 * @param size its length in bytes
 * @return #TELSVC_OK, #TELSVC_EINVAL, #TELSVC_EPOLICY, #TELSVC_EVERSION
 *         (a `version` this library does not know) or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_policy_load(telsvc_policy **out, telsvc_ctx *ctx, const char *yaml, size_t size);

/** Free a policy. Accepts NULL. */
TELSVC_API void telsvc_policy_free(telsvc_policy *policy);

/**
 * Write the effective policy as a YAML document that names every
 * parameter, with its clause in a comment. Loading the dump gives a policy
 * equal to @p policy (telsvc_policy_equal()).
 *
 * @param out receives the document (replacing its contents)
 * @param policy the policy
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOMEM (then @p out is unchanged)
 */
TELSVC_API int telsvc_policy_dump(telsvc_buf *out, const telsvc_policy *policy);

/**
 * Whether two policies set every value alike.
 * @return 1 if equal, 0 if not, #TELSVC_EINVAL if either is NULL
 */
TELSVC_API int telsvc_policy_equal(const telsvc_policy *a, const telsvc_policy *b);

/** The policy's `name`, borrowed from the policy; never NULL for a non-NULL @p policy. */
TELSVC_API const char *telsvc_policy_name(const telsvc_policy *policy);

/** The ::telsvc_limit layout this header describes. */
#define TELSVC_LIMIT_VERSION 2

/**
 * A time limit, filled by telsvc_policy_limit(). Set @ref telsvc_limit::version before
 * the call; the library fills only the fields that version defines.
 */
typedef struct telsvc_limit {
	/** Set by the caller to #TELSVC_LIMIT_VERSION (1 or later). */
	unsigned int version;
	/** 1 when the policy sets a limit, 0 when it sets none (`limit: none`). */
	int is_set;
	/** The clock the limit is measured on. */
	telsvc_clock clock;
	/** Seconds on the wall and business clocks; days on the working-day clock; 0 when not set. */
	int64_t amount;
	/** Version 2: the name of the calendar the limit runs on (its own, or the
	 *  policy's default calendar), borrowed from the policy. */
	const char *calendar;
} telsvc_limit;

/** Static initialiser for ::telsvc_limit. */
#define TELSVC_LIMIT_INIT { TELSVC_LIMIT_VERSION, 0, TELSVC_CLOCK_WALL, 0, NULL }

/**
 * Read a time limit.
 * @param out the limit to fill; its version must be set
 * @param policy the policy
 * @param param a parameter of type #TELSVC_PARAM_TYPE_LIMIT
 * @return #TELSVC_OK; #TELSVC_EINVAL for a NULL argument or a parameter of
 *         another type; #TELSVC_EVERSION for an unknown @p out version
 */
TELSVC_API int telsvc_policy_limit(telsvc_limit *out, const telsvc_policy *policy, telsvc_param param);

/**
 * Read a numeric parameter as one integer: seconds for a duration, parts
 * per million for a percentage, months for a period, and for a limit its
 * amount (0 when none is set).
 * @return #TELSVC_OK, or #TELSVC_EINVAL for a NULL argument or a role parameter
 */
TELSVC_API int telsvc_policy_value(int64_t *out, const telsvc_policy *policy, telsvc_param param);

/**
 * The number of names a role, role-list or text-list parameter holds.
 * @return the count, or #TELSVC_EINVAL for a NULL policy or another type
 */
TELSVC_API int telsvc_policy_names_count(const telsvc_policy *policy, telsvc_param param);

/**
 * The @p index-th name of a role, role-list or text-list parameter,
 * borrowed from the policy; NULL when out of range or of another type.
 */
TELSVC_API const char *telsvc_policy_names(const telsvc_policy *policy, telsvc_param param, size_t index);

/**
 * A text parameter, borrowed from the policy; NULL (with #TELSVC_EINVAL
 * recorded) for a NULL policy or a parameter of another type.
 */
TELSVC_API const char *telsvc_policy_text(const telsvc_policy *policy, telsvc_param param);

/** The number of roles the policy defines (section `roles`). */
TELSVC_API size_t telsvc_policy_role_count(const telsvc_policy *policy);

/** The @p index-th role's name, borrowed from the policy; NULL when out of range. */
TELSVC_API const char *telsvc_policy_role_name(const telsvc_policy *policy, size_t index);

/** The @p index-th role's title, borrowed from the policy; NULL when out of range. */
TELSVC_API const char *telsvc_policy_role_title(const telsvc_policy *policy, size_t index);

TELSVC_END_DECLS

#endif
