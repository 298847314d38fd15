/* The handbook's numbers: every parameter of the policy with its clause,
 * key path and built-in default (../shared/handbook/RULES.md). The order
 * is the order of the dump; entries sharing a key prefix stay together. */
#include "policy_internal.h"

#include <stdatomic.h>
#include <stdint.h>

#define H (3600)
#define MIN (60)

#define LIMIT_WALL(secs) .set = true, .clock = TELSVC_CLOCK_WALL, .amount = (secs)
#define LIMIT_DAYS(days) .set = true, .clock = TELSVC_CLOCK_WORKING_DAYS, .amount = (days)
#define LIMIT_NONE .set = false, .clock = TELSVC_CLOCK_WALL, .amount = 0
#define MONTHS(n) .amount = (n), .unit = TS_PERIOD_MONTHS
#define YEARS(n) .amount = (n)*12, .unit = TS_PERIOD_YEARS
#define PERCENT(whole, frac4) .amount = (int64_t)(whole)*10000 + (frac4)

static const char *const signatures[] = { "preprocessor", "service_owner", "quality_monitor", NULL };
static const char *const escalation[] = { "agent", "supervisor", "management", NULL };
static const char *const supervisor[] = { "supervisor", NULL };
static const char *const permit_create[] = { "agent", "supervisor", NULL };
static const char *const permit_audit_purge[] = { "security_officer", NULL };
static const char *const permit_preprocess[] = { "preprocessor", "agent", "supervisor", NULL };
static const char *const permit_start[] = { "agent", "supervisor", NULL };
static const char *const permit_progress[] = { "agent", "supervisor", NULL };
static const char *const permit_deliver[] = { "agent", "supervisor", NULL };
static const char *const permit_accept[] = { "customer", NULL };
static const char *const permit_reject[] = { "customer", "quality_monitor", NULL };
static const char *const permit_feedback[] = { "customer", "agent", NULL };
static const char *const permit_close[] = { "agent", "supervisor", NULL };
static const char *const permit_wait_customer[] = { "agent", "supervisor", NULL };
static const char *const permit_resume[] = { "agent", "supervisor", "customer", NULL };
static const char *const permit_cancel[] = { "agent", "supervisor", "customer", NULL };
static const char *const permit_reclassify[] = { "agent", "supervisor", "quality_monitor", NULL };
static const char *const permit_problem_discover[] = { "agent", "supervisor", "quality_monitor", NULL };
static const char *const permit_problem_report[] = { "agent", NULL };
static const char *const permit_problem_handled[] = { "agent", "supervisor", NULL };
static const char *const permit_problem_feedback[] = { "agent", "supervisor", NULL };
static const char *const permit_problem_postmortem[] = { "supervisor", "quality_monitor", NULL };
static const char *const permit_write_report[] = { "preprocessor", NULL };
static const char *const staff[] = { "agent", "supervisor", NULL };
static const char *const staff_quality[] = { "agent", "supervisor", "quality_monitor", NULL };
static const char *const staff_customer[] = { "agent", "supervisor", "customer", NULL };
static const char *const incident_create[] = { "agent", "supervisor", "security_officer", NULL };
static const char *const security[] = { "security_officer", NULL };
static const char *const security_staff[] = { "security_officer", "agent", "supervisor", NULL };
static const char *const security_management[] = { "security_officer", "management", NULL };
static const char *const disclose[] = { "supervisor", "security_officer", NULL };

/* §6.1 categories and severities from a complaint's text (project
 * defaults): ASCII matched without regard to case, any other text as is. */
static const char *const kw_service[] = { "态度", "服务差", "客服", "营业厅", "排队", "推诿", "不理", "承诺",
					  "rude", "attitude", "staff", "customer service", "waited", "no one answered",
					  NULL };
static const char *const kw_network[] = { "断网", "信号", "网速", "掉线", "上不了网", "无法上网", "通话中断", "网络",
					  "no signal", "signal", "outage", "slow internet", "disconnect", "dropped call",
					  "no internet", "network", NULL };
static const char *const kw_billing[] = { "扣费", "费用", "话费", "账单", "收费", "多收", "退费", "乱扣", "charge",
					  "bill", "refund", "fee", "overcharg", NULL };
static const char *const kw_technical[] = { "故障", "无法登录", "登录不了", "设置", "光猫", "路由器", "报错", "安装",
					    "error", "cannot log in", "can't log in", "router", "modem", "install",
					    "configur", "app crash", NULL };
static const char *const kw_serious[] = { "多次", "反复", "再次", "第二次", "第三次", "屡次", "一直没解决", "again",
					  "repeatedly", "several times", "second time", "third time", "still not",
					  NULL };
static const char *const kw_major[] = { "媒体", "曝光", "记者", "工信部", "监管", "律师", "起诉", "法院", "集体",
					"media", "journalist", "regulator", "lawyer", "lawsuit", "court", NULL };

const ts_default_role ts_default_roles[] = {
	{ "agent", "front-line agent who takes and handles cases" },
	{ "supervisor", "supervisor who arranges handling (§3.3)" },
	{ "preprocessor", "staff who preprocesses a request (§2.4)" },
	{ "service_owner", "owner of the service concerned (§2.4)" },
	{ "quality_monitor", "quality monitor (§2.4, §5)" },
	{ "security_officer", "security officer (§7.3)" },
	{ "management", "management: third escalation level (§5.1, §7.3)" },
	{ "customer", "the customer: signs off acceptance, gives feedback (§4.2, §6.3)" },
};
const size_t ts_default_role_count = TS_ARRAY_LEN(ts_default_roles);

const ts_section_info ts_sections[] = {
	{ "network", "§1.2 network response targets" },
	{ "quality", "§1.2, §4.1, §5.2 quality indicators and their targets" },
	{ "requests", "§2 service requests" },
	{ "service", "§3.1, §3.2 service provision and monitoring" },
	{ "execution", "§3.3 problems found while serving a request" },
	{ "delivery", "§4.1 delivery limits" },
	{ "sla", "§4.1 service level agreement defaults" },
	{ "complaints", "§6 complaints (limits in working days from receipt)" },
	{ "incidents", "§7.3 security incidents" },
	{ "security", "§7.1 security and privacy" },
	{ "monitoring", "§3.2, §5.1 early warning and escalation" },
	{ "retention", "§2.1.3, §2.4, §3.1, §3.4, §4.4, §6.4 minimum retention of records" },
	{ "permissions", "which roles may change a service request, a complaint or an incident, action by action (§2.4, §3.3 and §4.2 fix three), purge the audit log's personal data, and see it in plain text" },
};
const size_t ts_section_count = TS_ARRAY_LEN(ts_sections);

const ts_param_info ts_params[TS_PARAM_COUNT] = {
	{ TELSVC_PARAM_NETWORK_VOICE_RESPONSE, "network.voice_response", TELSVC_PARAM_TYPE_DURATION, "§1.2", false,
	  "network response target for voice", .amount = 30 },
	{ TELSVC_PARAM_NETWORK_DATA_RESPONSE, "network.data_response", TELSVC_PARAM_TYPE_DURATION, "§1.2", false,
	  "network response target for data", .amount = 1 },

	{ TELSVC_PARAM_QUALITY_SATISFACTION, "quality.satisfaction_target", TELSVC_PARAM_TYPE_PERCENT, "§1.2, §5.2",
	  false, "customer satisfaction target (at least)", PERCENT(90, 0) },
	{ TELSVC_PARAM_QUALITY_AVAILABILITY, "quality.availability_target", TELSVC_PARAM_TYPE_PERCENT, "§4.1, §5.2",
	  false, "service availability target (at least)", PERCENT(99, 9000) },
	{ TELSVC_PARAM_QUALITY_FAULT_RATE, "quality.fault_rate_max", TELSVC_PARAM_TYPE_PERCENT, "§5.2", false,
	  "fault occurrence rate (below)", PERCENT(0, 1000) },
	{ TELSVC_PARAM_QUALITY_EVALUATION_PERIOD, "quality.evaluation_period", TELSVC_PARAM_TYPE_PERIOD, "§5.2", false,
	  "indicators are evaluated quarterly (or half-yearly)", MONTHS(3) },

	{ TELSVC_PARAM_REQUEST_EMERGENCY, "requests.limits.emergency", TELSVC_PARAM_TYPE_LIMIT, "§2.1.2", false,
	  "handling limit of an emergency request, from receipt", LIMIT_WALL(2 * H) },
	{ TELSVC_PARAM_REQUEST_IMPORTANT, "requests.limits.important", TELSVC_PARAM_TYPE_LIMIT, "§2.1.2", false,
	  "handling limit of an important request, from receipt", LIMIT_WALL(4 * H) },
	{ TELSVC_PARAM_REQUEST_GENERAL, "requests.limits.general", TELSVC_PARAM_TYPE_LIMIT, "§2.1.2", false,
	  "handling limit of a general request, from receipt", LIMIT_WALL(8 * H) },
	{ TELSVC_PARAM_REQUEST_NON_URGENT, "requests.limits.non_urgent", TELSVC_PARAM_TYPE_LIMIT, "§2.1.2", true,
	  "handling limit of a non-urgent request (the handbook sets none)", LIMIT_DAYS(5) },
	{ TELSVC_PARAM_REQUEST_NUMBER_PATTERN, "requests.number_pattern", TELSVC_PARAM_TYPE_TEXT, "§2.1.1", true,
	  "request numbers: {yyyy} {mm} {dd} of receipt, {seq:N} the store's running count", .text = "SR-{yyyy}{mm}{dd}-{seq:6}" },
	{ TELSVC_PARAM_REQUEST_SIGNATURES, "requests.preprocessing.signatures", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§2.2.3, §2.4", false, "roles that must sign a preprocessing report", .names = signatures },

	{ TELSVC_PARAM_SERVICE_RESPONSE, "service.response", TELSVC_PARAM_TYPE_LIMIT, "§3.2", false,
	  "service response limit", LIMIT_WALL(20 * MIN) },
	{ TELSVC_PARAM_SERVICE_FAULT_HANDLING, "service.fault_handling", TELSVC_PARAM_TYPE_LIMIT, "§3.2", false,
	  "fault handling limit", LIMIT_WALL(4 * H) },

	{ TELSVC_PARAM_EXECUTION_REPORT, "execution.report", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "staff report a problem to their supervisor, from discovery", LIMIT_WALL(10 * MIN) },
	{ TELSVC_PARAM_EXECUTION_ARRANGE, "execution.arrange", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "the supervisor arranges handling, from the report", LIMIT_WALL(2 * H) },
	{ TELSVC_PARAM_EXECUTION_FEEDBACK, "execution.feedback", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "closed-loop feedback", LIMIT_WALL(48 * H) },
	{ TELSVC_PARAM_EXECUTION_POSTMORTEM, "execution.postmortem", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "post-mortem report, after handling", LIMIT_DAYS(3) },
	{ TELSVC_PARAM_EXECUTION_REPORT_TO, "execution.report_to", TELSVC_PARAM_TYPE_ROLE, "§3.3", false,
	  "role a problem is reported to", .names = supervisor },
	{ TELSVC_PARAM_EXECUTION_MAJOR, "execution.grades.major", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "a major problem is responded to and handled", LIMIT_WALL(2 * H) },
	{ TELSVC_PARAM_EXECUTION_GENERAL, "execution.grades.general", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "a general problem is handled", LIMIT_WALL(24 * H) },
	{ TELSVC_PARAM_EXECUTION_MINOR, "execution.grades.minor", TELSVC_PARAM_TYPE_LIMIT, "§3.3", false,
	  "a minor problem is handled by staff themselves, no limit", LIMIT_NONE },

	{ TELSVC_PARAM_DELIVERY_BASIC, "delivery.basic", TELSVC_PARAM_TYPE_LIMIT, "§4.1", false,
	  "delivery of a basic communication service", LIMIT_WALL(24 * H) },
	{ TELSVC_PARAM_DELIVERY_LEASED_LINE, "delivery.leased_line", TELSVC_PARAM_TYPE_LIMIT, "§4.1", false,
	  "delivery of a leased line", LIMIT_WALL(72 * H) },

	{ TELSVC_PARAM_SLA_FAULT_RECOVERY, "sla.fault_recovery", TELSVC_PARAM_TYPE_LIMIT, "§4.1", false,
	  "fault recovery", LIMIT_WALL(4 * H) },
	{ TELSVC_PARAM_SLA_INTERRUPTION, "sla.interruption_max", TELSVC_PARAM_TYPE_DURATION, "§4.1", false,
	  "longest service interruption", .amount = 1 * H },

	{ TELSVC_PARAM_COMPLAINT_VERIFICATION, "complaints.verification", TELSVC_PARAM_TYPE_LIMIT, "§6.2", false,
	  "initial verification and registration, from receipt", LIMIT_WALL(24 * H) },
	{ TELSVC_PARAM_COMPLAINT_GENERAL_FIRST, "complaints.limits.general.first_handling", TELSVC_PARAM_TYPE_LIMIT,
	  "§6.2", false, "first handling of a general complaint", LIMIT_DAYS(1) },
	{ TELSVC_PARAM_COMPLAINT_GENERAL_CLOSE, "complaints.limits.general.closed_loop", TELSVC_PARAM_TYPE_LIMIT,
	  "§6.2", false, "closed loop of a general complaint", LIMIT_DAYS(5) },
	{ TELSVC_PARAM_COMPLAINT_SERIOUS_FIRST, "complaints.limits.serious.first_handling", TELSVC_PARAM_TYPE_LIMIT,
	  "§6.2", false, "first handling of a serious complaint", LIMIT_DAYS(2) },
	{ TELSVC_PARAM_COMPLAINT_SERIOUS_CLOSE, "complaints.limits.serious.closed_loop", TELSVC_PARAM_TYPE_LIMIT,
	  "§6.2", false, "closed loop of a serious complaint", LIMIT_DAYS(7) },
	{ TELSVC_PARAM_COMPLAINT_MAJOR_FIRST, "complaints.limits.major.first_handling", TELSVC_PARAM_TYPE_LIMIT,
	  "§6.2", false, "first handling of a major complaint", LIMIT_DAYS(3) },
	{ TELSVC_PARAM_COMPLAINT_MAJOR_CLOSE, "complaints.limits.major.closed_loop", TELSVC_PARAM_TYPE_LIMIT, "§6.2",
	  false, "closed loop of a major complaint", LIMIT_DAYS(10) },

	{ TELSVC_PARAM_COMPLAINT_NUMBER_PATTERN, "complaints.number_pattern", TELSVC_PARAM_TYPE_TEXT, "§6.2", true,
	  "complaint numbers, as requests.number_pattern", .text = "CP-{yyyy}{mm}{dd}-{seq:6}" },
	{ TELSVC_PARAM_COMPLAINT_KEYWORDS_SERVICE, "complaints.keywords.service", TELSVC_PARAM_TYPE_TEXT_LIST, "§6.1",
	  true, "words in a complaint's text that make it a service complaint", .names = kw_service },
	{ TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK, "complaints.keywords.network", TELSVC_PARAM_TYPE_TEXT_LIST, "§6.1",
	  true, "words that make it a network complaint", .names = kw_network },
	{ TELSVC_PARAM_COMPLAINT_KEYWORDS_BILLING, "complaints.keywords.billing", TELSVC_PARAM_TYPE_TEXT_LIST, "§6.1",
	  true, "words that make it a billing complaint", .names = kw_billing },
	{ TELSVC_PARAM_COMPLAINT_KEYWORDS_TECHNICAL, "complaints.keywords.technical", TELSVC_PARAM_TYPE_TEXT_LIST,
	  "§6.1", true, "words that make it a technical complaint", .names = kw_technical },
	{ TELSVC_PARAM_COMPLAINT_KEYWORDS_SERIOUS, "complaints.severity_keywords.serious", TELSVC_PARAM_TYPE_TEXT_LIST,
	  "§6.1", true, "words that make a complaint at least serious", .names = kw_serious },
	{ TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR, "complaints.severity_keywords.major", TELSVC_PARAM_TYPE_TEXT_LIST,
	  "§6.1", true, "words that make a complaint major", .names = kw_major },

	{ TELSVC_PARAM_INCIDENT_REPORT_GENERAL, "incidents.report.general", TELSVC_PARAM_TYPE_LIMIT, "§7.3", true,
	  "report a general incident to management, from confirmation", LIMIT_WALL(24 * H) },
	{ TELSVC_PARAM_INCIDENT_REPORT_LARGER, "incidents.report.larger", TELSVC_PARAM_TYPE_LIMIT, "§7.3", true,
	  "report a larger incident to management, from confirmation", LIMIT_WALL(1 * H) },
	{ TELSVC_PARAM_INCIDENT_REPORT_MAJOR, "incidents.report.major", TELSVC_PARAM_TYPE_LIMIT, "§7.3", true,
	  "report a major incident to management, from confirmation", LIMIT_WALL(1 * H) },
	{ TELSVC_PARAM_INCIDENT_REPORT_PARTICULARLY_MAJOR, "incidents.report.particularly_major", TELSVC_PARAM_TYPE_LIMIT,
	  "§7.3", true, "report a particularly major incident; none: the handbook's three grades only", LIMIT_NONE },
	{ TELSVC_PARAM_INCIDENT_NUMBER_PATTERN, "incidents.number_pattern", TELSVC_PARAM_TYPE_TEXT, "§7.3", true,
	  "incident numbers, as requests.number_pattern", .text = "SI-{yyyy}{mm}{dd}-{seq:6}" },

	{ TELSVC_PARAM_SECURITY_ASSESSMENT, "security.assessment_interval", TELSVC_PARAM_TYPE_PERIOD, "§7.1", false,
	  "security assessment every quarter", MONTHS(3) },

	{ TELSVC_PARAM_MONITORING_WARNING, "monitoring.warning_at", TELSVC_PARAM_TYPE_PERCENT, "§3.2", true,
	  "early warning when this share of a limit has run, on the limit's clock", PERCENT(80, 0) },
	{ TELSVC_PARAM_MONITORING_ESCALATION, "monitoring.escalation_levels", TELSVC_PARAM_TYPE_ROLE_LIST, "§5.1",
	  false, "the three-level response: roles a problem escalates through", .names = escalation },
	{ TELSVC_PARAM_MONITORING_ESCALATE_AFTER, "monitoring.escalate_after", TELSVC_PARAM_TYPE_PERCENT, "§5.1", true,
	  "the third level is alerted when this share of the limit has run past the deadline", PERCENT(50, 0) },

	{ TELSVC_PARAM_RETENTION_REQUESTS, "retention.requests", TELSVC_PARAM_TYPE_PERIOD, "§2.1.3", false,
	  "service request records", MONTHS(12) },
	{ TELSVC_PARAM_RETENTION_PREPROCESSING, "retention.preprocessing_reports", TELSVC_PARAM_TYPE_PERIOD, "§2.4",
	  false, "preprocessing reports", MONTHS(12) },
	{ TELSVC_PARAM_RETENTION_SERVICE, "retention.service_records", TELSVC_PARAM_TYPE_PERIOD, "§3.1", false,
	  "service records", YEARS(3) },
	{ TELSVC_PARAM_RETENTION_EXECUTION, "retention.execution_records", TELSVC_PARAM_TYPE_PERIOD, "§3.4", false,
	  "execution records", YEARS(3) },
	{ TELSVC_PARAM_RETENTION_ACCEPTANCE, "retention.acceptance_records", TELSVC_PARAM_TYPE_PERIOD, "§4.4", false,
	  "acceptance records", YEARS(5) },
	{ TELSVC_PARAM_RETENTION_COMPLAINTS, "retention.complaints", TELSVC_PARAM_TYPE_PERIOD, "§6.4", false,
	  "complaint records", YEARS(3) },
	{ TELSVC_PARAM_RETENTION_INCIDENTS, "retention.incidents", TELSVC_PARAM_TYPE_PERIOD, "§7.3", true,
	  "security incident records", YEARS(3) },
	{ TELSVC_PARAM_RETENTION_AUDIT, "retention.audit_log", TELSVC_PARAM_TYPE_PERIOD, "§7.4", true,
	  "audit log", YEARS(3) },

	{ TELSVC_PARAM_PERMIT_CREATE, "permissions.requests.create", TELSVC_PARAM_TYPE_ROLE_LIST, "§2.1", true,
	  "roles that may register a request", .names = permit_create },
	{ TELSVC_PARAM_PERMIT_PREPROCESS, "permissions.requests.preprocess", TELSVC_PARAM_TYPE_ROLE_LIST, "§2.2", true,
	  "roles that may start preprocessing", .names = permit_preprocess },
	{ TELSVC_PARAM_PERMIT_START, "permissions.requests.start", TELSVC_PARAM_TYPE_ROLE_LIST, "§3.1", true,
	  "roles that may start handling", .names = permit_start },
	{ TELSVC_PARAM_PERMIT_PROGRESS, "permissions.requests.progress", TELSVC_PARAM_TYPE_ROLE_LIST, "§2.3", true,
	  "roles that may confirm progress", .names = permit_progress },
	{ TELSVC_PARAM_PERMIT_DELIVER, "permissions.requests.deliver", TELSVC_PARAM_TYPE_ROLE_LIST, "§4.1", true,
	  "roles that may deliver", .names = permit_deliver },
	{ TELSVC_PARAM_PERMIT_ACCEPT, "permissions.requests.accept", TELSVC_PARAM_TYPE_ROLE_LIST, "§4.2", false,
	  "roles that may sign off acceptance", .names = permit_accept },
	{ TELSVC_PARAM_PERMIT_REJECT, "permissions.requests.reject", TELSVC_PARAM_TYPE_ROLE_LIST, "§4.2", true,
	  "roles that may fail acceptance", .names = permit_reject },
	{ TELSVC_PARAM_PERMIT_FEEDBACK, "permissions.requests.feedback", TELSVC_PARAM_TYPE_ROLE_LIST, "§1.3", true,
	  "roles that may record the customer's feedback", .names = permit_feedback },
	{ TELSVC_PARAM_PERMIT_CLOSE, "permissions.requests.close", TELSVC_PARAM_TYPE_ROLE_LIST, "§1.3", true,
	  "roles that may close", .names = permit_close },
	{ TELSVC_PARAM_PERMIT_WAIT_CUSTOMER, "permissions.requests.wait_customer", TELSVC_PARAM_TYPE_ROLE_LIST, "§5.1", true,
	  "roles that may wait for the customer", .names = permit_wait_customer },
	{ TELSVC_PARAM_PERMIT_RESUME, "permissions.requests.resume", TELSVC_PARAM_TYPE_ROLE_LIST, "§5.1", true,
	  "roles that may resume", .names = permit_resume },
	{ TELSVC_PARAM_PERMIT_CANCEL, "permissions.requests.cancel", TELSVC_PARAM_TYPE_ROLE_LIST, "§2.3", true,
	  "roles that may cancel", .names = permit_cancel },
	{ TELSVC_PARAM_PERMIT_RECLASSIFY, "permissions.requests.reclassify", TELSVC_PARAM_TYPE_ROLE_LIST, "§2.1.2", true,
	  "roles that may reclassify", .names = permit_reclassify },
	{ TELSVC_PARAM_PERMIT_PROBLEM_DISCOVER, "permissions.requests.problem_discover", TELSVC_PARAM_TYPE_ROLE_LIST, "§3.3", true,
	  "roles that may record an execution problem", .names = permit_problem_discover },
	{ TELSVC_PARAM_PERMIT_PROBLEM_REPORT, "permissions.requests.problem_report", TELSVC_PARAM_TYPE_ROLE_LIST, "§3.3", false,
	  "roles that may report a problem to the supervisor", .names = permit_problem_report },
	{ TELSVC_PARAM_PERMIT_PROBLEM_HANDLED, "permissions.requests.problem_handled", TELSVC_PARAM_TYPE_ROLE_LIST, "§3.3", true,
	  "roles that may mark a problem handled", .names = permit_problem_handled },
	{ TELSVC_PARAM_PERMIT_PROBLEM_FEEDBACK, "permissions.requests.problem_feedback", TELSVC_PARAM_TYPE_ROLE_LIST, "§3.3", true,
	  "roles that may give closed-loop feedback on a problem", .names = permit_problem_feedback },
	{ TELSVC_PARAM_PERMIT_PROBLEM_POSTMORTEM, "permissions.requests.problem_postmortem", TELSVC_PARAM_TYPE_ROLE_LIST, "§3.3", true,
	  "roles that may file a problem's post-mortem", .names = permit_problem_postmortem },
	{ TELSVC_PARAM_PERMIT_WRITE_REPORT, "permissions.requests.write_report", TELSVC_PARAM_TYPE_ROLE_LIST, "§2.2.3", false,
	  "roles that may write the preprocessing report", .names = permit_write_report },
	{ TELSVC_PARAM_PERMIT_AUDIT_PURGE, "permissions.audit.purge", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.2", true,
	  "roles that may purge personal data from the audit log after its retention period",
	  .names = permit_audit_purge },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_CREATE, "permissions.complaints.create", TELSVC_PARAM_TYPE_ROLE_LIST, "§6.2",
	  true, "roles that may register a complaint", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_VERIFY, "permissions.complaints.verify", TELSVC_PARAM_TYPE_ROLE_LIST, "§6.2",
	  true, "roles that may verify and register it", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_CLASSIFY, "permissions.complaints.classify", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§6.1, §6.2", true, "roles that may confirm its classification", .names = staff_quality },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_HANDLE, "permissions.complaints.handle", TELSVC_PARAM_TYPE_ROLE_LIST, "§6.2",
	  true, "roles that may start handling it", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_PROGRESS, "permissions.complaints.progress", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§6.3", true, "roles that may record a measure taken", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_FEEDBACK, "permissions.complaints.feedback", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§6.3", true, "roles that may give the customer the result", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_RETURN_VISIT, "permissions.complaints.return_visit",
	  TELSVC_PARAM_TYPE_ROLE_LIST, "§6.3", true, "roles that may record a return visit", .names = staff_quality },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE, "permissions.complaints.close", TELSVC_PARAM_TYPE_ROLE_LIST, "§6.2",
	  true, "roles that may close a general or serious complaint", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_CLOSE_MAJOR, "permissions.complaints.close_major", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§6.2", true, "roles that may close a major complaint", .names = supervisor },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_REOPEN, "permissions.complaints.reopen", TELSVC_PARAM_TYPE_ROLE_LIST, "§6.3",
	  true, "roles that may reopen it for a dissatisfied customer", .names = staff_customer },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_WAIT_CUSTOMER, "permissions.complaints.wait_customer",
	  TELSVC_PARAM_TYPE_ROLE_LIST, "§6.2", true, "roles that may wait for the customer", .names = staff },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_RESUME, "permissions.complaints.resume", TELSVC_PARAM_TYPE_ROLE_LIST, "§6.2",
	  true, "roles that may resume it", .names = staff_customer },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_WITHDRAW, "permissions.complaints.withdraw", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§6.2", true, "roles that may record its withdrawal", .names = staff_customer },
	{ TELSVC_PARAM_PERMIT_COMPLAINT_RECLASSIFY, "permissions.complaints.reclassify", TELSVC_PARAM_TYPE_ROLE_LIST,
	  "§6.1", true, "roles that may override its category or severity", .names = staff_quality },
	{ TELSVC_PARAM_PERMIT_INCIDENT_CREATE, "permissions.incidents.create", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may record a detected incident", .names = incident_create },
	{ TELSVC_PARAM_PERMIT_INCIDENT_CONFIRM, "permissions.incidents.confirm", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may confirm an incident: time, type, scope, grade", .names = security },
	{ TELSVC_PARAM_PERMIT_INCIDENT_DISMISS, "permissions.incidents.dismiss", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may dismiss a detection that is no incident", .names = security },
	{ TELSVC_PARAM_PERMIT_INCIDENT_REPORT, "permissions.incidents.report", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may record the report to management", .names = security },
	{ TELSVC_PARAM_PERMIT_INCIDENT_RESPOND, "permissions.incidents.respond", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may record the emergency response: isolate, repair, recover", .names = security },
	{ TELSVC_PARAM_PERMIT_INCIDENT_ANALYSE, "permissions.incidents.analyse", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may record the analysis of cause and impact", .names = security },
	{ TELSVC_PARAM_PERMIT_INCIDENT_RECTIFY, "permissions.incidents.rectify", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may record the rectification", .names = security_staff },
	{ TELSVC_PARAM_PERMIT_INCIDENT_POSTMORTEM, "permissions.incidents.postmortem", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may file the post-mortem", .names = security },
	{ TELSVC_PARAM_PERMIT_INCIDENT_CLOSE, "permissions.incidents.close", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may close an incident after its post-mortem", .names = security_management },
	{ TELSVC_PARAM_PERMIT_INCIDENT_REGRADE, "permissions.incidents.regrade", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may change an incident's grade", .names = security_management },
	{ TELSVC_PARAM_PERMIT_INCIDENT_PROGRESS, "permissions.incidents.progress", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.3", true,
	  "roles that may add a note of work done", .names = security_staff },
	{ TELSVC_PARAM_PERMIT_DISCLOSE, "permissions.personal_data.disclose", TELSVC_PARAM_TYPE_ROLE_LIST, "§7.2", true,
	  "roles that may export personal data in plain text (each export is audited)", .names = disclose },
};

/* Where each parameter sits in the table, plus one, 0: not looked up yet.
 * The table is in dump order, not by id, and every deadline and every
 * monitoring event looks a parameter up: each id's place is found once.
 * Threads racing to fill an entry store the same value. */
static _Atomic(uint8_t) place_of[TS_PARAM_COUNT + 1];

_Static_assert(TS_PARAM_COUNT < UINT8_MAX, "a place fits in place_of");

const ts_param_info *ts_param_info_get(int id)
{
	if (id < 1 || id > TS_PARAM_COUNT)
		return NULL;
	unsigned place = atomic_load_explicit(&place_of[id], memory_order_relaxed);
	if (place)
		return &ts_params[place - 1];
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++)
		if ((int)ts_params[i].id == id) {
			atomic_store_explicit(&place_of[id], (uint8_t)(i + 1), memory_order_relaxed);
			return &ts_params[i];
		}
	return NULL;
}
