"""The library's enumerations as IntEnum, with the headers' explicit values.

Each class is named after its C type (telsvc_request_state ->
RequestState) and each member after its constant less the common prefix
(TELSVC_REQUEST_IN_PROGRESS -> RequestState.IN_PROGRESS). The intake flags,
which are macros in C, are IntFlag. A newer library may return a value
these classes do not name: the bindings then hand back the plain int.
tests/test_ffi.py checks every member against the headers.
"""

from enum import IntEnum, IntFlag


class Status(IntEnum):
    """telsvc_status (errors.h): Status returned by every fallible function.
    The values are explicit and append-only within a major version.
    """

    OK = 0
    ENOMEM = -1
    EINVAL = -2
    EPOLICY = -3
    ETRANSITION = -4
    EPERM = -5
    ECONFLICT = -6
    ECORRUPT = -7
    ESTORAGE = -8
    ERANGE = -9
    EUSER = -10
    EVERSION = -11
    ENOTFOUND = -12


class LogLevel(IntEnum):
    """telsvc_log_level (sys/hooks.h): Severity of a log message, most severe
    first.
    """

    ERROR = 1
    WARN = 2
    INFO = 3
    DEBUG = 4


class Kind(IntEnum):
    """telsvc_kind (sys/storage.h): Kinds of stored object."""

    REQUEST = 1
    COMPLAINT = 2
    INCIDENT = 3
    DELIVERED = 4


class Clock(IntEnum):
    """telsvc_clock (policy.h): The clock a time limit is measured on."""

    WALL = 0
    BUSINESS = 1
    WORKING_DAYS = 2


class ParamType(IntEnum):
    """telsvc_param_type (policy.h): What kind of value a parameter holds."""

    LIMIT = 1
    DURATION = 2
    PERCENT = 3
    PERIOD = 4
    ROLE = 5
    ROLE_LIST = 6
    TEXT = 7
    TEXT_LIST = 8


class Param(IntEnum):
    """telsvc_param (policy.h): The policy's parameters. Values are explicit
    and append-only; they run from 1 to telsvc_param_count(). The comment of
    each gives its YAML key and the clause of RULES.md it enforces.
    """

    NETWORK_VOICE_RESPONSE = 1
    NETWORK_DATA_RESPONSE = 2
    QUALITY_SATISFACTION = 3
    QUALITY_AVAILABILITY = 4
    QUALITY_FAULT_RATE = 5
    QUALITY_EVALUATION_PERIOD = 6
    REQUEST_EMERGENCY = 7
    REQUEST_IMPORTANT = 8
    REQUEST_GENERAL = 9
    REQUEST_NON_URGENT = 10
    REQUEST_SIGNATURES = 11
    SERVICE_RESPONSE = 12
    SERVICE_FAULT_HANDLING = 13
    EXECUTION_REPORT = 14
    EXECUTION_ARRANGE = 15
    EXECUTION_FEEDBACK = 16
    EXECUTION_POSTMORTEM = 17
    EXECUTION_MAJOR = 18
    EXECUTION_GENERAL = 19
    EXECUTION_MINOR = 20
    EXECUTION_REPORT_TO = 21
    DELIVERY_BASIC = 22
    DELIVERY_LEASED_LINE = 23
    SLA_FAULT_RECOVERY = 24
    SLA_INTERRUPTION = 25
    COMPLAINT_VERIFICATION = 26
    COMPLAINT_GENERAL_FIRST = 27
    COMPLAINT_GENERAL_CLOSE = 28
    COMPLAINT_SERIOUS_FIRST = 29
    COMPLAINT_SERIOUS_CLOSE = 30
    COMPLAINT_MAJOR_FIRST = 31
    COMPLAINT_MAJOR_CLOSE = 32
    INCIDENT_REPORT_GENERAL = 33
    INCIDENT_REPORT_LARGER = 34
    INCIDENT_REPORT_MAJOR = 35
    SECURITY_ASSESSMENT = 36
    MONITORING_WARNING = 37
    MONITORING_ESCALATION = 38
    RETENTION_REQUESTS = 39
    RETENTION_PREPROCESSING = 40
    RETENTION_SERVICE = 41
    RETENTION_EXECUTION = 42
    RETENTION_ACCEPTANCE = 43
    RETENTION_COMPLAINTS = 44
    RETENTION_INCIDENTS = 45
    RETENTION_AUDIT = 46
    PERMIT_CREATE = 47
    PERMIT_PREPROCESS = 48
    PERMIT_START = 49
    PERMIT_PROGRESS = 50
    PERMIT_DELIVER = 51
    PERMIT_ACCEPT = 52
    PERMIT_REJECT = 53
    PERMIT_FEEDBACK = 54
    PERMIT_CLOSE = 55
    PERMIT_WAIT_CUSTOMER = 56
    PERMIT_RESUME = 57
    PERMIT_CANCEL = 58
    PERMIT_RECLASSIFY = 59
    PERMIT_PROBLEM_DISCOVER = 60
    PERMIT_PROBLEM_REPORT = 61
    PERMIT_PROBLEM_HANDLED = 62
    PERMIT_PROBLEM_FEEDBACK = 63
    PERMIT_PROBLEM_POSTMORTEM = 64
    PERMIT_WRITE_REPORT = 65
    REQUEST_NUMBER_PATTERN = 66
    PERMIT_AUDIT_PURGE = 67
    COMPLAINT_NUMBER_PATTERN = 68
    COMPLAINT_KEYWORDS_SERVICE = 69
    COMPLAINT_KEYWORDS_NETWORK = 70
    COMPLAINT_KEYWORDS_BILLING = 71
    COMPLAINT_KEYWORDS_TECHNICAL = 72
    COMPLAINT_KEYWORDS_SERIOUS = 73
    COMPLAINT_KEYWORDS_MAJOR = 74
    PERMIT_COMPLAINT_CREATE = 75
    PERMIT_COMPLAINT_VERIFY = 76
    PERMIT_COMPLAINT_CLASSIFY = 77
    PERMIT_COMPLAINT_HANDLE = 78
    PERMIT_COMPLAINT_PROGRESS = 79
    PERMIT_COMPLAINT_FEEDBACK = 80
    PERMIT_COMPLAINT_RETURN_VISIT = 81
    PERMIT_COMPLAINT_CLOSE = 82
    PERMIT_COMPLAINT_CLOSE_MAJOR = 83
    PERMIT_COMPLAINT_REOPEN = 84
    PERMIT_COMPLAINT_WAIT_CUSTOMER = 85
    PERMIT_COMPLAINT_RESUME = 86
    PERMIT_COMPLAINT_WITHDRAW = 87
    PERMIT_COMPLAINT_RECLASSIFY = 88
    INCIDENT_NUMBER_PATTERN = 89
    INCIDENT_REPORT_PARTICULARLY_MAJOR = 90
    PERMIT_INCIDENT_CREATE = 91
    PERMIT_INCIDENT_CONFIRM = 92
    PERMIT_INCIDENT_DISMISS = 93
    PERMIT_INCIDENT_REPORT = 94
    PERMIT_INCIDENT_RESPOND = 95
    PERMIT_INCIDENT_ANALYSE = 96
    PERMIT_INCIDENT_RECTIFY = 97
    PERMIT_INCIDENT_POSTMORTEM = 98
    PERMIT_INCIDENT_CLOSE = 99
    PERMIT_INCIDENT_REGRADE = 100
    PERMIT_INCIDENT_PROGRESS = 101
    PERMIT_DISCLOSE = 102
    MONITORING_ESCALATE_AFTER = 103


class DayEnd(IntEnum):
    """telsvc_day_end (calendar.h): Where a period of N working days ends on
    its last day.
    """

    END_OF_DAY = 0
    SAME_TIME = 1
    CLOSE_OF_BUSINESS = 2


class SlaState(IntEnum):
    """telsvc_sla_state (sla.h): Where an SLA clock stands."""

    RUNNING = 1
    PAUSED = 2
    STOPPED = 3


class Channel(IntEnum):
    """telsvc_channel (request.h): Intake channels (§2.1.1)."""

    PHONE = 1
    ONLINE = 2
    ONSITE = 3
    EMAIL = 4
    FAX = 5


class Content(IntEnum):
    """telsvc_content (request.h): Content types of a request (§2.2.1)."""

    NETWORK = 1
    VOICE = 2
    DATA = 3
    CUSTOMER_SERVICE = 4
    FAULT = 5
    PACKAGE_CHANGE = 6


class Priority(IntEnum):
    """telsvc_priority (request.h): Priority classes (§2.1.2), each with its
    handling limit in the policy.
    """

    EMERGENCY = 1
    IMPORTANT = 2
    GENERAL = 3
    NON_URGENT = 4


class RequestState(IntEnum):
    """telsvc_request_state (request.h): Where a request stands (docs/request-
    lifecycle.md).
    """

    RECEIVED = 1
    PREPROCESSING = 2
    IN_PROGRESS = 3
    DELIVERED = 4
    RECTIFICATION = 5
    FEEDBACK = 6
    CLOSED = 7
    WAITING = 8
    CANCELLED = 9


class RequestAction(IntEnum):
    """telsvc_request_action (request.h): What can happen to a request."""

    PREPROCESS = 1
    SIGN_REPORT = 2
    START = 3
    PROGRESS = 4
    DELIVER = 5
    ACCEPT = 6
    REJECT = 7
    FEEDBACK = 8
    CLOSE = 9
    WAIT_CUSTOMER = 10
    RESUME = 11
    CANCEL = 12
    RECLASSIFY = 13
    PROBLEM_DISCOVER = 14
    PROBLEM_REPORT = 15
    PROBLEM_ARRANGE = 16
    PROBLEM_HANDLED = 17
    PROBLEM_FEEDBACK = 18
    PROBLEM_POSTMORTEM = 19
    WRITE_REPORT = 20


class ProblemGrade(IntEnum):
    """telsvc_problem_grade (request.h): Grades of an execution problem (§3.3).

    """

    MAJOR = 1
    GENERAL = 2
    MINOR = 3


class ProblemStage(IntEnum):
    """telsvc_problem_stage (request.h): How far an execution problem has come
    (§3.3: discover, report, handle, feedback).
    """

    DISCOVERED = 1
    REPORTED = 2
    ARRANGED = 3
    HANDLED = 4
    FED_BACK = 5
    REVIEWED = 6


class Delivery(IntEnum):
    """telsvc_delivery (request.h): What a request delivers, for the §4.1
    delivery limits.
    """

    NONE = 0
    BASIC = 1
    LEASED_LINE = 2


class ComplaintCategory(IntEnum):
    """telsvc_complaint_category (complaint.h): Categories by content (§6.1).

    """

    SERVICE = 1
    NETWORK = 2
    BILLING = 3
    TECHNICAL = 4
    OTHER = 5


class ComplaintSeverity(IntEnum):
    """telsvc_complaint_severity (complaint.h): Severities (§6.1), each with
    its limits in the policy (§6.2).
    """

    GENERAL = 1
    SERIOUS = 2
    MAJOR = 3


class ComplaintState(IntEnum):
    """telsvc_complaint_state (complaint.h): Where a complaint stands
    (docs/complaint-lifecycle.md).
    """

    RECEIVED = 1
    VERIFIED = 2
    CLASSIFIED = 3
    HANDLING = 4
    FED_BACK = 5
    CLOSED = 6
    WAITING = 7
    WITHDRAWN = 8


class ComplaintAction(IntEnum):
    """telsvc_complaint_action (complaint.h): What can happen to a complaint.

    """

    VERIFY = 1
    CLASSIFY = 2
    HANDLE = 3
    PROGRESS = 4
    FEEDBACK = 5
    RETURN_VISIT = 6
    CLOSE = 7
    REOPEN = 8
    WAIT_CUSTOMER = 9
    RESUME = 10
    WITHDRAW = 11
    SET_SEVERITY = 12
    SET_CATEGORY = 13


class IncidentSource(IntEnum):
    """telsvc_incident_source (incident.h): Where an incident was detected
    (§7.3).
    """

    LOGS = 1
    THREAT_DETECTION = 2
    USER_REPORT = 3


class IncidentType(IntEnum):
    """telsvc_incident_type (incident.h): Types of security incident (§7.3's
    examples).
    """

    DATA_LEAK = 1
    INTRUSION = 2
    ATTACK_OUTAGE = 3
    MALWARE = 4
    OTHER = 5


class IncidentGrade(IntEnum):
    """telsvc_incident_grade (incident.h): Grades (§7.3), each with its report
    limit in the policy.
    """

    GENERAL = 1
    LARGER = 2
    MAJOR = 3
    PARTICULARLY_MAJOR = 4


class IncidentState(IntEnum):
    """telsvc_incident_state (incident.h): Where an incident stands
    (docs/incident-lifecycle.md).
    """

    DETECTED = 1
    CONFIRMED = 2
    REPORTED = 3
    ISOLATED = 4
    REPAIRED = 5
    RECOVERED = 6
    ANALYSED = 7
    RECTIFIED = 8
    REVIEWED = 9
    CLOSED = 10
    DISMISSED = 11


class IncidentAction(IntEnum):
    """telsvc_incident_action (incident.h): What can happen to an incident.
    Every action but TELSVC_INCIDENT_CLOSE needs a note.
    """

    CONFIRM = 1
    REPORT = 2
    ISOLATE = 3
    REPAIR = 4
    RECOVER = 5
    ANALYSE = 6
    RECTIFY = 7
    POSTMORTEM = 8
    CLOSE = 9
    DISMISS = 10
    REGRADE = 11
    PROGRESS = 12


class AuditVerdict(IntEnum):
    """telsvc_audit_verdict (audit.h): What the verifier found. Explicit
    values; append-only.
    """

    OK = 0
    UNANCHORED = 1
    MODIFIED = 2
    MISSING = 3
    REORDERED = 4
    DUPLICATED = 5
    INSERTED = 6
    WRONG_EPOCH = 7
    MAC_STRIPPED = 8
    TRUNCATED = 9
    UNSEALED = 10


class EventType(IntEnum):
    """telsvc_event_type (monitor.h): What a monitoring event says."""

    WARNING = 1
    BREACH = 2
    ESCALATION = 3


class ProblemClass(IntEnum):
    """telsvc_problem_class (report.h): The class of a quality problem (§5.3).

    """

    TECHNICAL = 1
    PROCESS = 2
    PEOPLE = 3
    EXTERNAL = 4


class ImprovementState(IntEnum):
    """telsvc_improvement_state (report.h): Where an improvement item stands at
    the report's now.
    """

    OPEN = 1
    OVERDUE = 2
    DONE = 3
    VERIFIED = 4


class Verdict(IntEnum):
    """telsvc_verdict (report.h): How an indicator compares with its target."""

    MET = 1
    MISSED = 2
    NO_DATA = 3


class Evaluated(IntEnum):
    """telsvc_evaluated (report.h): What an evaluation measures."""

    AVAILABILITY = 1
    FAULT_RATE = 2
    SATISFACTION = 3
    ON_TIME = 4


class SqliteSync(IntEnum):
    """telsvc_sqlite_sync (sqlite.h): How hard a commit waits for the disk
    (SQLite's PRAGMA synchronous).
    """

    NORMAL = 1
    FULL = 2
    OFF = 3


class IntakeFlag(IntFlag):
    """Facts at intake that make a request urgent (TELSVC_INTAKE_*, §2.1.2)."""

    SAFETY = 0x1
    OUTAGE = 0x2
    DEGRADATION = 0x4


class ComplaintFlag(IntFlag):
    """Facts at intake that raise a complaint's severity (TELSVC_COMPLAINT_*)."""

    REPEAT = 0x1
    MEDIA = 0x2
    MASS = 0x4


def coerce(cls, value):
    """``cls(value)``, or the plain int when this version does not name it."""
    try:
        return cls(value)
    except ValueError:
        return int(value)


__all__ = [
    name
    for name, value in list(globals().items())
    if isinstance(value, type) and issubclass(value, (IntEnum, IntFlag)) and value not in (IntEnum, IntFlag)
]
