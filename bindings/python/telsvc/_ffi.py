"""The C interface as ctypes declarations: constants, structs, callback
types, and one table of every exported function.

Everything here mirrors include/telsvc/*.h and include/telsvc/sys/*.h
exactly; tests/test_ffi.py reads those headers and fails on any difference.
Nothing here calls the library: _lib.py applies the table to the loaded
shared objects.
"""

from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_ubyte,
    c_uint,
    c_uint64,
    c_void_p,
)
from typing import NamedTuple, Optional, Tuple

# Integer macros of the headers, without their TELSVC_ prefix.
VERSION_MAJOR = 1
VERSION_MINOR = 0
VERSION_PATCH = 0
CTX_OPTIONS_VERSION = 1
LIMIT_VERSION = 2
STORAGE_VERSION = 2
STORAGE_CAP_ATOMIC = 0x1
STORAGE_CAP_DURABLE = 0x2
STORAGE_CAP_SHARED = 0x4
INTAKE_VERSION = 2
COMPLAINT_INTAKE_VERSION = 1
COMPLAINT_CLASS_VERSION = 1
INCIDENT_DETECTION_VERSION = 1
AUDIT_MAC_SIZE = 32
AUDIT_KEY_MIN = 16
AUDIT_KEY_MAX = 64
AUDIT_OPTIONS_VERSION = 1
AUDIT_REPORT_VERSION = 1
REPLAY_REPORT_VERSION = 1
PSEUDONYM_SIZE = 23
EXPORT_PLAIN = 0x1
EXPORT_TMF621 = 0x2
EXPORT_OPTIONS_VERSION = 1
MONITOR_EVENT_VERSION = 1
CHANGE_VERSION = 1
SLICE_VERSION = 1
INDICATORS_LIMITS = 32
INDICATORS_VERSION = 1
REPORT_OPTIONS_VERSION = 1
REPORT_VERSION = 1
SQLITE_OPTIONS_VERSION = 1
PG_OPTIONS_VERSION = 1
INTAKE_SAFETY = 0x1
INTAKE_OUTAGE = 0x2
INTAKE_DEGRADATION = 0x4
COMPLAINT_REPEAT = 0x1
COMPLAINT_MEDIA = 0x2
COMPLAINT_MASS = 0x4
#: TELSVC_NEVER: "no such instant" (INT64_MAX).
NEVER = 2**63 - 1

# Enumerations travel as int in every signature and struct.
ENUM = c_int

# --- sys/hooks.h -----------------------------------------------------------

MALLOC_FN = CFUNCTYPE(c_void_p, c_size_t, c_void_p)
REALLOC_FN = CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)
FREE_FN = CFUNCTYPE(None, c_void_p, c_void_p)
CLOCK_FN = CFUNCTYPE(c_int64, c_void_p)
LOG_FN = CFUNCTYPE(None, c_int, c_char_p, c_void_p)


class Allocator(Structure):
    """telsvc_allocator."""

    _fields_ = [
        ("malloc_fn", MALLOC_FN),
        ("realloc_fn", REALLOC_FN),
        ("free_fn", FREE_FN),
        ("payload", c_void_p),
    ]


# --- common.h, context.h -----------------------------------------------------


class Actor(Structure):
    """telsvc_actor."""

    _fields_ = [("id", c_char_p), ("role", c_char_p)]


class CtxOptions(Structure):
    """telsvc_ctx_options."""

    _fields_ = [
        ("version", c_uint),
        ("allocator", Allocator),
        ("clock_fn", CLOCK_FN),
        ("clock_payload", c_void_p),
        ("log_fn", LOG_FN),
        ("log_payload", c_void_p),
        ("log_level", c_int),
    ]


# --- policy.h ----------------------------------------------------------------


class Limit(Structure):
    """telsvc_limit."""

    _fields_ = [
        ("version", c_uint),
        ("is_set", c_int),
        ("clock", ENUM),
        ("amount", c_int64),
        ("calendar", c_char_p),
    ]


# --- sys/storage.h -------------------------------------------------------------

STORAGE_VISIT_FN = CFUNCTYPE(c_int, c_int, c_char_p, c_uint64, c_void_p, c_size_t, c_void_p)
AUDIT_VISIT_FN = CFUNCTYPE(c_int, c_uint64, c_void_p, c_size_t, c_void_p)
STORAGE_TXN_FN = CFUNCTYPE(c_int, c_void_p)
STORAGE_PUT_FN = CFUNCTYPE(c_int, c_void_p, c_int, c_char_p, c_uint64, c_void_p, c_size_t)
STORAGE_GET_FN = CFUNCTYPE(c_int, c_void_p, c_int, c_char_p, POINTER(c_uint64), c_void_p)
STORAGE_ITERATE_FN = CFUNCTYPE(c_int, c_void_p, c_int, STORAGE_VISIT_FN, c_void_p)
STORAGE_AUDIT_WRITE_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_void_p, c_size_t)
STORAGE_AUDIT_ITERATE_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, AUDIT_VISIT_FN, c_void_p)


class Storage(Structure):
    """telsvc_storage: the host's callback table."""

    _fields_ = [
        ("version", c_uint),
        ("capabilities", c_uint),
        ("payload", c_void_p),
        ("begin", STORAGE_TXN_FN),
        ("commit", STORAGE_TXN_FN),
        ("rollback", STORAGE_TXN_FN),
        ("put", STORAGE_PUT_FN),
        ("get", STORAGE_GET_FN),
        ("iterate", STORAGE_ITERATE_FN),
        ("audit_append", STORAGE_AUDIT_WRITE_FN),
        ("audit_iterate", STORAGE_AUDIT_ITERATE_FN),
        ("audit_replace", STORAGE_AUDIT_WRITE_FN),
    ]


# --- request.h, complaint.h, incident.h ------------------------------------------


class Intake(Structure):
    """telsvc_intake."""

    _fields_ = [
        ("version", c_uint),
        ("channel", c_int),
        ("requester", c_char_p),
        ("contact", c_char_p),
        ("content", c_char_p),
        ("content_type", c_int),
        ("service_type", c_char_p),
        ("priority", c_int),
        ("flags", c_uint),
        ("affected", c_int64),
        ("received_at", c_int64),
        ("delivery", c_int),
    ]


class ComplaintIntake(Structure):
    """telsvc_complaint_intake."""

    _fields_ = [
        ("version", c_uint),
        ("channel", c_int),
        ("customer", c_char_p),
        ("contact", c_char_p),
        ("content", c_char_p),
        ("service_type", c_char_p),
        ("category", c_int),
        ("severity", c_int),
        ("flags", c_uint),
        ("received_at", c_int64),
    ]


class ComplaintClass(Structure):
    """telsvc_complaint_class."""

    _fields_ = [
        ("version", c_uint),
        ("category", c_int),
        ("severity", c_int),
        ("category_reason", c_char * 256),
        ("severity_reason", c_char * 256),
    ]


class IncidentDetection(Structure):
    """telsvc_incident_detection."""

    _fields_ = [
        ("version", c_uint),
        ("source", c_int),
        ("type", c_int),
        ("description", c_char_p),
        ("scope", c_char_p),
        ("reporter", c_char_p),
        ("occurred_at", c_int64),
        ("detected_at", c_int64),
    ]


# --- audit.h -------------------------------------------------------------------------

AUDIT_KEY_FN = CFUNCTYPE(None, c_void_p, POINTER(c_ubyte), c_size_t, c_uint64)
AUDIT_DUE_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_int64, ENUM)


class AuditOptions(Structure):
    """telsvc_audit_options."""

    _fields_ = [
        ("version", c_uint),
        ("key", POINTER(c_ubyte)),
        ("key_size", c_size_t),
        ("epoch", c_uint64),
        ("epoch_records", c_uint64),
        ("checkpoint_records", c_uint64),
        ("key_evolved", AUDIT_KEY_FN),
        ("payload", c_void_p),
    ]


class AuditAnchor(Structure):
    """telsvc_audit_anchor."""

    _fields_ = [("seq", c_uint64), ("mac", c_ubyte * AUDIT_MAC_SIZE)]


class AuditReport(Structure):
    """telsvc_audit_report."""

    _fields_ = [
        ("version", c_uint),
        ("verdict", c_int),
        ("first_bad", c_uint64),
        ("records", c_uint64),
        ("anchored", c_uint64),
        ("purged", c_uint64),
        ("detail", c_char * 256),
    ]


class ReplayReport(Structure):
    """telsvc_replay_report."""

    _fields_ = [
        ("version", c_uint),
        ("records", c_uint64),
        ("objects", c_uint64),
        ("matched", c_uint64),
        ("diverged", c_uint64),
        ("unreplayable", c_uint64),
        ("first", c_char * 96),
        ("detail", c_char * 256),
    ]


# --- export.h ----------------------------------------------------------------------


class ExportOptions(Structure):
    """telsvc_export_options."""

    _fields_ = [
        ("version", c_uint),
        ("flags", c_uint),
        ("actor", POINTER(Actor)),
        ("purpose", c_char_p),
        ("at", c_int64),
    ]


# --- monitor.h -------------------------------------------------------------------


class MonitorEvent(Structure):
    """telsvc_monitor_event."""

    _fields_ = [
        ("version", c_uint),
        ("type", c_int),
        ("kind", c_int),
        ("number", c_char_p),
        ("limit", ENUM),
        ("problem", c_int),
        ("level", c_int),
        ("role", c_char_p),
        ("at", c_int64),
        ("due", c_int64),
        ("id", c_char_p),
    ]


class Change(Structure):
    """telsvc_change."""

    _fields_ = [
        ("version", c_uint),
        ("kind", c_int),
        ("number", c_char_p),
        ("action", c_int),
        ("from", c_int),
        ("to", c_int),
        ("at", c_int64),
        ("actor", c_char_p),
        ("role", c_char_p),
        ("revision", c_uint64),
    ]


MONITOR_FN = CFUNCTYPE(c_int, POINTER(MonitorEvent), c_void_p)
CHANGE_FN = CFUNCTYPE(None, POINTER(Change), c_void_p)

# --- indicators.h ------------------------------------------------------------------


class Outage(Structure):
    """telsvc_outage."""

    _fields_ = [
        ("start", c_int64),
        ("end", c_int64),
        ("units", c_uint64),
        ("service_type", c_char_p),
    ]


class Slice(Structure):
    """telsvc_slice."""

    _fields_ = [
        ("version", c_uint),
        ("kind", c_int),
        ("klass", c_int),
        ("category", c_int),
        ("channel", c_int),
        ("service_type", c_char_p),
        ("from", c_int64),
        ("to", c_int64),
        ("now", c_int64),
        ("units", c_uint64),
        ("outages", POINTER(Outage)),
        ("outage_count", c_size_t),
    ]


class DurationStats(Structure):
    """telsvc_duration_stats."""

    _fields_ = [
        ("count", c_uint64),
        ("mean", c_int64),
        ("median", c_int64),
        ("p90", c_int64),
    ]


class LimitStats(Structure):
    """telsvc_limit_stats."""

    _fields_ = [
        ("limit", ENUM),
        ("on_time", c_uint64),
        ("late", c_uint64),
        ("overdue", c_uint64),
        ("pending", c_uint64),
        ("escalated", c_uint64),
    ]


class Indicators(Structure):
    """telsvc_indicators."""

    _fields_ = [
        ("version", c_uint),
        ("cases", c_uint64),
        ("finished", c_uint64),
        ("respond_wall", DurationStats),
        ("respond_business", DurationStats),
        ("handle_wall", DurationStats),
        ("handle_business", DurationStats),
        ("satisfaction_count", c_uint64),
        ("satisfaction_mean", c_int64),
        ("satisfied", c_uint64),
        ("breaches", c_uint64),
        ("complaints_by_category", c_uint64 * 6),
        ("problems_by_grade", c_uint64 * 4),
        ("limit_count", c_size_t),
        ("limits", LimitStats * INDICATORS_LIMITS),
        ("escalations", c_uint64),
        ("outages", c_uint64),
        ("downtime", c_int64),
        ("availability", c_int64),
        ("fault_rate", c_int64),
        ("by_class", c_uint64 * 5),
        ("reviews_pending", c_uint64),
    ]


# --- report.h ------------------------------------------------------------------------


class Improvement(Structure):
    """telsvc_improvement."""

    _fields_ = [
        ("problem", c_char_p),
        ("problem_class", c_int),
        ("cause", c_char_p),
        ("measure", c_char_p),
        ("owner", c_char_p),
        ("due", c_int64),
        ("done", c_int64),
        ("verified", c_int64),
        ("effect", c_char_p),
    ]


class Evaluation(Structure):
    """telsvc_evaluation."""

    _fields_ = [
        ("what", c_int),
        ("param", ENUM),
        ("value", c_int64),
        ("target", c_int64),
        ("verdict", c_int),
    ]


class ReportItem(Structure):
    """telsvc_report_item."""

    _fields_ = [("item", Improvement), ("state", c_int)]


class ReportOptions(Structure):
    """telsvc_report_options."""

    _fields_ = [
        ("version", c_uint),
        ("slice", POINTER(Slice)),
        ("improvements", POINTER(Improvement)),
        ("improvement_count", c_size_t),
    ]


class Report(Structure):
    """telsvc_report: allocated and freed by the library, read here."""

    _fields_ = [
        ("version", c_uint),
        ("from", c_int64),
        ("to", c_int64),
        ("now", c_int64),
        ("utc_offset", c_int32),
        ("overview", Indicators),
        ("kinds", POINTER(Indicators)),
        ("kind_count", c_size_t),
        ("evaluations", POINTER(Evaluation)),
        ("evaluation_count", c_size_t),
        ("items", POINTER(ReportItem)),
        ("item_count", c_size_t),
        ("items_by_state", c_uint64 * 5),
        ("items_by_class", c_uint64 * 5),
    ]


# --- sqlite.h --------------------------------------------------------------------------


class SqliteOptions(Structure):
    """telsvc_sqlite_options."""

    _fields_ = [
        ("version", c_uint),
        ("sync", c_int),
        ("busy_timeout_ms", c_int),
        ("must_exist", c_int),
    ]


# --- pg.h ------------------------------------------------------------------------------


class PgOptions(Structure):
    """telsvc_pg_options."""

    _fields_ = [
        ("version", c_uint),
        ("schema", c_char_p),
        ("must_exist", c_int),
        ("lock_timeout_ms", c_int),
    ]


#: The C name of every public struct, for the header check and for messages.
STRUCTS = {
    "telsvc_allocator": Allocator,
    "telsvc_actor": Actor,
    "telsvc_ctx_options": CtxOptions,
    "telsvc_limit": Limit,
    "telsvc_storage": Storage,
    "telsvc_intake": Intake,
    "telsvc_complaint_intake": ComplaintIntake,
    "telsvc_complaint_class": ComplaintClass,
    "telsvc_incident_detection": IncidentDetection,
    "telsvc_audit_options": AuditOptions,
    "telsvc_audit_anchor": AuditAnchor,
    "telsvc_audit_report": AuditReport,
    "telsvc_replay_report": ReplayReport,
    "telsvc_export_options": ExportOptions,
    "telsvc_monitor_event": MonitorEvent,
    "telsvc_change": Change,
    "telsvc_outage": Outage,
    "telsvc_slice": Slice,
    "telsvc_duration_stats": DurationStats,
    "telsvc_limit_stats": LimitStats,
    "telsvc_indicators": Indicators,
    "telsvc_improvement": Improvement,
    "telsvc_evaluation": Evaluation,
    "telsvc_report_item": ReportItem,
    "telsvc_report_options": ReportOptions,
    "telsvc_report": Report,
    "telsvc_sqlite_options": SqliteOptions,
    "telsvc_pg_options": PgOptions,
}

#: The function-pointer typedefs of the headers.
CALLBACKS = {
    "telsvc_clock_fn": CLOCK_FN,
    "telsvc_log_fn": LOG_FN,
    "telsvc_storage_visit_fn": STORAGE_VISIT_FN,
    "telsvc_audit_visit_fn": AUDIT_VISIT_FN,
    "telsvc_audit_key_fn": AUDIT_KEY_FN,
    "telsvc_audit_due_fn": AUDIT_DUE_FN,
    "telsvc_monitor_fn": MONITOR_FN,
    "telsvc_change_fn": CHANGE_FN,
}

# --- the function table --------------------------------------------------------------


class Function(NamedTuple):
    """One exported function.

    ``status`` marks an ``int`` result that is a telsvc_status (or a count
    or flag, negative meaning failure): the loader makes a negative one
    raise. ``library`` is "telsvc", "telsvc-sqlite" or "telsvc-pg".
    """

    name: str
    restype: Optional[type]
    argtypes: Tuple[type, ...]
    status: bool
    library: str


def _status(name, *argtypes, library="telsvc"):
    return Function(name, c_int, argtypes, True, library)


def _plain(name, restype, *argtypes, library="telsvc"):
    return Function(name, restype, argtypes, False, library)


class Handle(c_void_p):
    """An opaque handle argument (telsvc_ctx *, telsvc_policy *, ...).

    Plain c_void_p also takes bytes and str, passing C a pointer into a
    Python object that it would then use as a handle; this takes only an
    address or None.
    """

    @classmethod
    def from_param(cls, value):
        if value is None or isinstance(value, c_void_p):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return c_void_p(value)
        raise TypeError("a telsvc handle, not %s" % type(value).__name__)


_p = POINTER
_handle = Handle
_out_handle = POINTER(c_void_p)  # where a new handle is written

FUNCTIONS = (
    # version.h
    _plain("telsvc_version", c_int),
    _plain("telsvc_version_string", c_char_p),
    # errors.h
    _plain("telsvc_status_name", c_char_p, ENUM),
    _plain("telsvc_strerror", c_char_p, ENUM),
    _plain("telsvc_error_last", c_char_p),
    _plain("telsvc_error_last_status", c_int),
    _plain("telsvc_error_clear", None),
    _plain("telsvc_error_set", None, c_int, c_char_p),
    # context.h
    _status("telsvc_ctx_options_init", _p(CtxOptions), c_uint),
    _status("telsvc_ctx_new", _out_handle, _p(CtxOptions)),
    _plain("telsvc_ctx_free", None, _handle),
    _status("telsvc_ctx_now", _p(c_int64), _handle),
    # buf.h
    _status("telsvc_buf_new", _out_handle, _handle),
    _plain("telsvc_buf_free", None, _handle),
    _plain("telsvc_buf_data", c_char_p, _handle),
    _plain("telsvc_buf_size", c_size_t, _handle),
    _status("telsvc_buf_set", _handle, c_void_p, c_size_t),
    # policy.h
    _plain("telsvc_param_count", c_int),
    _plain("telsvc_param_key", c_char_p, ENUM),
    _plain("telsvc_param_clause", c_char_p, ENUM),
    _plain("telsvc_param_description", c_char_p, ENUM),
    _status("telsvc_param_is_project_default", ENUM),
    _status("telsvc_param_type_of", ENUM),
    _status("telsvc_param_lookup", _p(ENUM), c_char_p),
    _status("telsvc_policy_default", _out_handle, _handle),
    _status("telsvc_policy_load", _out_handle, _handle, c_char_p, c_size_t),
    _plain("telsvc_policy_free", None, _handle),
    _status("telsvc_policy_dump", _handle, _handle),
    _status("telsvc_policy_equal", _handle, _handle),
    _plain("telsvc_policy_name", c_char_p, _handle),
    _status("telsvc_policy_limit", _p(Limit), _handle, ENUM),
    _status("telsvc_policy_value", _p(c_int64), _handle, ENUM),
    _status("telsvc_policy_names_count", _handle, ENUM),
    _plain("telsvc_policy_names", c_char_p, _handle, ENUM, c_size_t),
    _plain("telsvc_policy_text", c_char_p, _handle, ENUM),
    _plain("telsvc_policy_role_count", c_size_t, _handle),
    _plain("telsvc_policy_role_name", c_char_p, _handle, c_size_t),
    _plain("telsvc_policy_role_title", c_char_p, _handle, c_size_t),
    # calendar.h
    _status("telsvc_policy_calendar", _out_handle, _handle, c_char_p),
    _plain("telsvc_policy_calendar_count", c_size_t, _handle),
    _plain("telsvc_policy_calendar_at", c_void_p, _handle, c_size_t),
    _plain("telsvc_calendar_name", c_char_p, _handle),
    _status("telsvc_calendar_years", _p(c_int), _p(c_int), _handle),
    _plain("telsvc_calendar_day_end", ENUM, _handle),
    _status("telsvc_calendar_utc_offset", _p(c_int32), _handle, c_int64),
    _status("telsvc_calendar_add", _p(c_int64), _handle, c_int64, ENUM, c_int64),
    _status("telsvc_calendar_elapsed", _p(c_int64), _handle, ENUM, c_int64, c_int64),
    _status("telsvc_calendar_is_working_time", _handle, c_int64),
    _status("telsvc_calendar_is_working_day", _handle, c_int64),
    _status("telsvc_calendar_next_opening", _p(c_int64), _handle, c_int64),
    # sla.h
    _status("telsvc_sla_new", _out_handle, _handle, ENUM, c_int64),
    _plain("telsvc_sla_free", None, _handle),
    _status("telsvc_sla_pause", _handle, c_int64),
    _status("telsvc_sla_resume", _handle, c_int64),
    _status("telsvc_sla_stop", _handle, c_int64),
    _status("telsvc_sla_set_limit", _handle, ENUM),
    _plain("telsvc_sla_limit", ENUM, _handle),
    _status("telsvc_sla_state_of", _handle),
    _plain("telsvc_sla_start", c_int64, _handle),
    _plain("telsvc_sla_stopped_at", c_int64, _handle),
    _plain("telsvc_sla_pause_count", c_size_t, _handle),
    _status("telsvc_sla_pause_at", _p(c_int64), _p(c_int64), _handle, c_size_t),
    _status("telsvc_sla_deadline", _p(c_int64), _handle, _handle),
    _status("telsvc_sla_warning", _p(c_int64), _handle, _handle, c_int64),
    _status("telsvc_sla_elapsed", _p(c_int64), _handle, _handle, c_int64),
    _status("telsvc_sla_remaining", _p(c_int64), _handle, _handle, c_int64),
    # memstore.h
    _status("telsvc_memstore_new", _out_handle, _handle),
    _plain("telsvc_memstore_free", None, _handle),
    _status("telsvc_memstore_storage", _p(Storage), _handle),
    _plain("telsvc_memstore_object_count", c_size_t, _handle),
    _plain("telsvc_memstore_audit_count", c_uint64, _handle),
    # store.h
    _status("telsvc_ctx_set_policy", _handle, _handle),
    _status("telsvc_ctx_set_storage", _handle, _p(Storage)),
    _status("telsvc_ctx_load", _handle),
    _status("telsvc_txn_begin", _handle),
    _status("telsvc_txn_commit", _handle),
    _status("telsvc_txn_rollback", _handle),
    _plain("telsvc_txn_active", c_int, _handle),
    # request.h
    _status("telsvc_request_create", _out_handle, _handle, _p(Intake), _p(Actor)),
    _status("telsvc_request_apply", _handle, ENUM, _p(Actor), c_int64, c_int64),
    _status("telsvc_request_apply_note", _handle, ENUM, _p(Actor), c_int64, c_int64, c_char_p),
    _status("telsvc_request_find", _out_handle, _handle, c_char_p),
    _status("telsvc_request_release", _handle),
    _plain("telsvc_request_count", c_size_t, _handle),
    _plain("telsvc_request_number", c_char_p, _handle),
    _status("telsvc_request_state_of", _handle),
    _status("telsvc_request_priority", _handle),
    _plain("telsvc_request_class_reason", c_char_p, _handle),
    _status("telsvc_request_deadline", _p(c_int64), _handle),
    _plain("telsvc_request_history_count", c_size_t, _handle),
    _status(
        "telsvc_request_history_at",
        _handle, c_size_t, _p(c_int), _p(c_int64), _p(c_char_p), _p(c_char_p),
    ),
    _plain("telsvc_request_history_note", c_char_p, _handle, c_size_t),
    _plain("telsvc_request_problem_count", c_size_t, _handle),
    _status("telsvc_request_problem_at", _p(c_int), _p(c_int), _handle, c_size_t),
    _plain("telsvc_request_deadline_count", c_size_t, _handle),
    _status(
        "telsvc_request_deadline_at",
        _p(ENUM), _p(c_int), _p(c_int64), _p(c_int64), _handle, c_size_t,
    ),
    _plain("telsvc_request_revision", c_uint64, _handle),
    # complaint.h
    _status("telsvc_complaint_classify", _p(ComplaintClass), _handle, _p(ComplaintIntake)),
    _status("telsvc_complaint_create", _out_handle, _handle, _p(ComplaintIntake), _p(Actor)),
    _status("telsvc_complaint_apply", _handle, ENUM, _p(Actor), c_int64, c_int64, c_char_p),
    _status("telsvc_complaint_find", _out_handle, _handle, c_char_p),
    _status("telsvc_complaint_release", _handle),
    _plain("telsvc_complaint_count", c_size_t, _handle),
    _plain("telsvc_complaint_number", c_char_p, _handle),
    _status("telsvc_complaint_state_of", _handle),
    _status("telsvc_complaint_category_of", _handle),
    _status("telsvc_complaint_severity_of", _handle),
    _plain("telsvc_complaint_category_reason", c_char_p, _handle),
    _plain("telsvc_complaint_severity_reason", c_char_p, _handle),
    _plain("telsvc_complaint_content", c_char_p, _handle),
    _status("telsvc_complaint_channel", _handle),
    _plain("telsvc_complaint_received_at", c_int64, _handle),
    # -1 means "no score", not a failure.
    _plain("telsvc_complaint_satisfaction", c_int, _handle),
    _status("telsvc_complaint_reopen_count", _handle),
    _plain("telsvc_complaint_deadline_count", c_size_t, _handle),
    _status("telsvc_complaint_deadline_at", _p(ENUM), _p(c_int64), _p(c_int64), _handle, c_size_t),
    _plain("telsvc_complaint_history_count", c_size_t, _handle),
    _status(
        "telsvc_complaint_history_at",
        _handle, c_size_t, _p(c_int), _p(c_int64), _p(c_char_p), _p(c_char_p),
    ),
    _plain("telsvc_complaint_history_note", c_char_p, _handle, c_size_t),
    _plain("telsvc_complaint_history_arg", c_int64, _handle, c_size_t),
    _plain("telsvc_complaint_revision", c_uint64, _handle),
    # incident.h
    _status("telsvc_incident_create", _out_handle, _handle, _p(IncidentDetection), _p(Actor)),
    _status("telsvc_incident_apply", _handle, ENUM, _p(Actor), c_int64, c_int64, c_char_p),
    _status("telsvc_incident_find", _out_handle, _handle, c_char_p),
    _status("telsvc_incident_release", _handle),
    _plain("telsvc_incident_count", c_size_t, _handle),
    _plain("telsvc_incident_number", c_char_p, _handle),
    _status("telsvc_incident_state_of", _handle),
    _status("telsvc_incident_grade_of", _handle),
    _status("telsvc_incident_type_of", _handle),
    _status("telsvc_incident_source_of", _handle),
    _plain("telsvc_incident_description", c_char_p, _handle),
    _plain("telsvc_incident_scope", c_char_p, _handle),
    _plain("telsvc_incident_detected_at", c_int64, _handle),
    _plain("telsvc_incident_confirmed_at", c_int64, _handle),
    _status("telsvc_incident_report_deadline", _p(ENUM), _p(c_int64), _p(c_int64), _handle),
    _plain("telsvc_incident_history_count", c_size_t, _handle),
    _status(
        "telsvc_incident_history_at",
        _handle, c_size_t, _p(c_int), _p(c_int64), _p(c_char_p), _p(c_char_p),
    ),
    _plain("telsvc_incident_history_note", c_char_p, _handle, c_size_t),
    _plain("telsvc_incident_revision", c_uint64, _handle),
    # export.h
    _status("telsvc_ctx_set_pseudonym_key", _handle, c_void_p, c_size_t),
    _status("telsvc_pseudonym", _p(c_char), c_size_t, _handle, c_char_p),
    _status("telsvc_export_json", _handle, _handle, c_int, c_char_p, _p(ExportOptions)),
    # monitor.h
    _status("telsvc_ctx_set_change_fn", _handle, CHANGE_FN, c_void_p),
    _status("telsvc_monitor_enable", _handle),
    _status("telsvc_monitor_poll", _handle, c_int64, MONITOR_FN, c_void_p, _p(c_size_t)),
    _status("telsvc_monitor_next", _p(c_int64), _handle),
    _status("telsvc_monitor_recompute", _handle),
    # indicators.h
    _status("telsvc_indicators_compute", _p(Indicators), _handle, _p(Slice)),
    # report.h
    _status("telsvc_report_compute", _p(_p(Report)), _handle, _p(ReportOptions)),
    _plain("telsvc_report_free", None, _p(Report)),
    _status("telsvc_report_json", _handle, _p(Report)),
    _status("telsvc_report_csv", _handle, _p(Report)),
    # audit.h
    _status("telsvc_ctx_set_audit_key", _handle, _p(AuditOptions)),
    _status("telsvc_audit_head", _p(AuditAnchor), _handle),
    _status(
        "telsvc_audit_verify",
        _p(AuditReport), _handle, _p(c_ubyte), c_size_t, _p(AuditAnchor),
    ),
    _status("telsvc_audit_replay", _p(ReplayReport), _handle),
    _status("telsvc_audit_purge_due", _handle, c_int64, AUDIT_DUE_FN, c_void_p),
    _status("telsvc_audit_purge", _handle, c_uint64, c_int64, _p(Actor)),
    _plain("telsvc_audit_verdict_name", c_char_p, c_int),
    # sqlite.h (libtelsvc-sqlite)
    _status("telsvc_sqlite_open", _out_handle, c_char_p, _p(SqliteOptions), library="telsvc-sqlite"),
    _plain("telsvc_sqlite_close", None, _handle, library="telsvc-sqlite"),
    _status("telsvc_sqlite_storage", _p(Storage), _handle, library="telsvc-sqlite"),
    _status("telsvc_sqlite_object_count", _p(c_uint64), _handle, c_int, library="telsvc-sqlite"),
    _status("telsvc_sqlite_audit_count", _p(c_uint64), _handle, library="telsvc-sqlite"),
    _plain("telsvc_sqlite_handle", c_void_p, _handle, library="telsvc-sqlite"),
    # pg.h (libtelsvc-pg)
    _status("telsvc_pg_open", _out_handle, c_char_p, _p(PgOptions), library="telsvc-pg"),
    _plain("telsvc_pg_close", None, _handle, library="telsvc-pg"),
    _status("telsvc_pg_storage", _p(Storage), _handle, library="telsvc-pg"),
    _status("telsvc_pg_object_count", _p(c_uint64), _handle, c_int, library="telsvc-pg"),
    _status("telsvc_pg_audit_count", _p(c_uint64), _handle, library="telsvc-pg"),
    _plain("telsvc_pg_handle", c_void_p, _handle, library="telsvc-pg"),
    _plain("telsvc_pg_schema", c_char_p, _handle, library="telsvc-pg"),
)
