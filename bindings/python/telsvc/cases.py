"""Cases: service requests, complaints and security incidents.

A case object names a case by its number in a context. It holds no C
pointer between calls: each call finds the case again (in the context's
memory, or else in its storage), so a case object stays valid across a
reload, a release or a rolled-back transaction, where the library's own
pointers would not. It keeps its context alive, and raises ClosedError
once the context is closed.
"""

import ctypes
import json

from . import _ffi
from ._handle import (
    actor_arg,
    buffer_text,
    enum_arg,
    instant,
    int_arg,
    text_arg,
    text_result,
    time_arg,
)
from ._lib import api
from .enums import (
    Channel,
    ComplaintAction,
    ComplaintCategory,
    ComplaintSeverity,
    ComplaintState,
    IncidentAction,
    IncidentGrade,
    IncidentSource,
    IncidentState,
    IncidentType,
    Kind,
    Param,
    Priority,
    ProblemGrade,
    ProblemStage,
    RequestAction,
    RequestState,
    coerce,
)


def _param(value):
    """A limit parameter as (Param, its dotted key); (None, None) for 0."""
    if not value:
        return None, None
    return coerce(Param, value), text_result(api.telsvc_param_key(value))


class _Case:
    """What requests, complaints and incidents share."""

    _prefix = None  # "request", "complaint", "incident"
    kind = None
    _actions = None  # the kind's action enum
    _apply_name = "apply"

    def __init__(self, context, number):
        self._context = context
        self._number = number
        self._number_bytes = number.encode("utf-8")

    @classmethod
    def _fn(cls, name):
        return getattr(api, "telsvc_%s_%s" % (cls._prefix, name))

    @classmethod
    def _from_pointer(cls, context, pointer):
        return cls(context, text_result(cls._fn("number")(pointer)))

    @classmethod
    def _find(cls, context, number):
        case = cls(context, text_arg(number, "number").decode("utf-8"))
        case._pointer()  # NotFoundError now rather than at first use
        return case

    def _pointer(self):
        out = ctypes.c_void_p()
        self._fn("find")(ctypes.byref(out), self._context._handle(), self._number_bytes)
        return out.value

    @property
    def number(self):
        """The case's number, e.g. "SR-20250930-000001"."""
        return self._number

    @property
    def context(self):
        """The context the case lives in."""
        return self._context

    def __repr__(self):
        return "<telsvc.%s %s>" % (type(self).__name__, self._number)

    def __eq__(self, other):
        if not isinstance(other, _Case):
            return NotImplemented
        return (self.kind, self._number, self._context) == (other.kind, other._number, other._context)

    def __hash__(self):
        return hash((self.kind, self._number, id(self._context)))

    @property
    def revision(self):
        """The storage revision (1 after intake)."""
        return self._fn("revision")(self._pointer())

    def release(self):
        """Drop the case from the context's memory; it stays in storage and
        the next call on this object reads it back."""
        self._fn("release")(self._pointer())

    def apply(self, action, actor, *, at=None, arg=0, note=None):
        """Apply ``action`` (its enum member, name or value) as ``actor``,
        an ``(id, role)`` pair, at ``at`` (the context's clock when None),
        with its argument and a note for the history. Returns the case.

        TransitionError names the rule and clause when the handbook does
        not allow it now; PermissionDeniedError names the permission list.
        On any failure the case is exactly as before.
        """
        self._fn(self._apply_name)(
            self._pointer(),
            enum_arg(action, self._actions, "action"),
            ctypes.byref(actor_arg(actor)),
            time_arg(at, "at"),
            int_arg(arg, "arg"),
            text_arg(note, "note", optional=True),
        )
        return self

    @property
    def history(self):
        """Every change, intake first, as dicts: action (None for the
        intake), at, actor, role, note."""
        pointer = self._pointer()
        at_fn, note_fn = self._fn("history_at"), self._fn("history_note")
        action, at = ctypes.c_int(), ctypes.c_int64()
        who, role = ctypes.c_char_p(), ctypes.c_char_p()
        out = []
        for i in range(self._fn("history_count")(pointer)):
            at_fn(pointer, i, ctypes.byref(action), ctypes.byref(at), ctypes.byref(who), ctypes.byref(role))
            out.append(
                {
                    "action": coerce(self._actions, action.value) if action.value else None,
                    "at": at.value,
                    "actor": text_result(who.value),
                    "role": text_result(role.value),
                    "note": text_result(note_fn(pointer, i)),
                }
            )
        return out

    def export(self, *, plain=False, actor=None, purpose=None, at=None, tmf621=False):
        """The case as the library's JSON export (docs/export.md), parsed.

        Personal data comes pseudonymised unless ``plain`` is set, which
        needs an ``actor`` in a role allowed to disclose it and a
        ``purpose``; such an export is recorded in the audit log first.
        ``tmf621`` gives a TM Forum TroubleTicket instead.
        """
        opts = _ffi.ExportOptions(version=_ffi.EXPORT_OPTIONS_VERSION)
        opts.flags = (_ffi.EXPORT_PLAIN if plain else 0) | (_ffi.EXPORT_TMF621 if tmf621 else 0)
        if actor is not None:
            opts.actor = ctypes.pointer(actor_arg(actor))
        opts.purpose = text_arg(purpose, "purpose", optional=True)
        opts.at = time_arg(at, "at")
        handle = self._context._handle()
        text = buffer_text(
            handle, api.telsvc_export_json, handle, self.kind, self._number_bytes, ctypes.byref(opts)
        )
        return json.loads(text)


class Request(_Case):
    """A service request (§2-§4)."""

    _prefix = "request"
    # telsvc_request_apply_note without a note is telsvc_request_apply.
    _apply_name = "apply_note"
    kind = Kind.REQUEST
    _actions = RequestAction

    @property
    def state(self):
        """Where it stands (:class:`RequestState`)."""
        return coerce(RequestState, api.telsvc_request_state_of(self._pointer()))

    @property
    def priority(self):
        """Its class (:class:`Priority`)."""
        return coerce(Priority, api.telsvc_request_priority(self._pointer()))

    @property
    def class_reason(self):
        """The rule that gave its class, e.g. "§2.1.2: a network outage is urgent"."""
        return text_result(api.telsvc_request_class_reason(self._pointer()))

    @property
    def deadline(self):
        """The handling deadline (§2.1.2); None while waiting for the
        customer or when the class has no limit."""
        out = ctypes.c_int64()
        api.telsvc_request_deadline(ctypes.byref(out), self._pointer())
        return instant(out.value)

    @property
    def deadlines(self):
        """Every deadline it has run, as dicts: limit, key, problem (the
        execution problem's index, None for the request's own), due and
        done (None: none yet)."""
        pointer = self._pointer()
        limit, problem = ctypes.c_int(), ctypes.c_int()
        due, done = ctypes.c_int64(), ctypes.c_int64()
        out = []
        for i in range(api.telsvc_request_deadline_count(pointer)):
            api.telsvc_request_deadline_at(
                ctypes.byref(limit), ctypes.byref(problem), ctypes.byref(due), ctypes.byref(done), pointer, i
            )
            param, key = _param(limit.value)
            out.append(
                {
                    "limit": param,
                    "key": key,
                    "problem": None if problem.value < 0 else problem.value,
                    "due": instant(due.value),
                    "done": instant(done.value),
                }
            )
        return out

    @property
    def problems(self):
        """Its execution problems (§3.3), as dicts: grade, stage."""
        pointer = self._pointer()
        grade, stage = ctypes.c_int(), ctypes.c_int()
        out = []
        for i in range(api.telsvc_request_problem_count(pointer)):
            api.telsvc_request_problem_at(ctypes.byref(grade), ctypes.byref(stage), pointer, i)
            out.append({"grade": coerce(ProblemGrade, grade.value), "stage": coerce(ProblemStage, stage.value)})
        return out

    def to_dict(self):
        """A summary: number, state, priority, class_reason, deadline, revision."""
        return {
            "number": self.number,
            "state": self.state,
            "priority": self.priority,
            "class_reason": self.class_reason,
            "deadline": self.deadline,
            "revision": self.revision,
        }


_COMPLAINT_DEADLINES = ("verification", "first_handling", "closed_loop")


class Complaint(_Case):
    """A complaint (§6)."""

    _prefix = "complaint"
    kind = Kind.COMPLAINT
    _actions = ComplaintAction

    @property
    def state(self):
        """Where it stands (:class:`ComplaintState`)."""
        return coerce(ComplaintState, api.telsvc_complaint_state_of(self._pointer()))

    @property
    def category(self):
        """Its :class:`ComplaintCategory`."""
        return coerce(ComplaintCategory, api.telsvc_complaint_category_of(self._pointer()))

    @property
    def severity(self):
        """Its :class:`ComplaintSeverity`."""
        return coerce(ComplaintSeverity, api.telsvc_complaint_severity_of(self._pointer()))

    @property
    def category_reason(self):
        """The rule that gave its category, or the reason of an override."""
        return text_result(api.telsvc_complaint_category_reason(self._pointer()))

    @property
    def severity_reason(self):
        """The rule that gave its severity, or the reason of an override."""
        return text_result(api.telsvc_complaint_severity_reason(self._pointer()))

    @property
    def content(self):
        """The complaint in the customer's words."""
        return text_result(api.telsvc_complaint_content(self._pointer()))

    @property
    def channel(self):
        """The intake :class:`Channel`."""
        return coerce(Channel, api.telsvc_complaint_channel(self._pointer()))

    @property
    def received_at(self):
        """When it was received."""
        return api.telsvc_complaint_received_at(self._pointer())

    @property
    def satisfaction(self):
        """The score of the last return visit since the last feedback, or None."""
        score = api.telsvc_complaint_satisfaction(self._pointer())
        return None if score < 0 else score

    @property
    def reopen_count(self):
        """How many times it was reopened."""
        return api.telsvc_complaint_reopen_count(self._pointer())

    @property
    def deadlines(self):
        """Its three deadlines, as dicts: name (verification,
        first_handling, closed_loop), limit, key, due and done."""
        pointer = self._pointer()
        limit, due, done = ctypes.c_int(), ctypes.c_int64(), ctypes.c_int64()
        out = []
        for i in range(api.telsvc_complaint_deadline_count(pointer)):
            api.telsvc_complaint_deadline_at(
                ctypes.byref(limit), ctypes.byref(due), ctypes.byref(done), pointer, i
            )
            param, key = _param(limit.value)
            out.append(
                {
                    "name": _COMPLAINT_DEADLINES[i] if i < len(_COMPLAINT_DEADLINES) else str(i),
                    "limit": param,
                    "key": key,
                    "due": instant(due.value),
                    "done": instant(done.value),
                }
            )
        return out

    @property
    def history(self):
        """Every change as dicts, as :attr:`Request.history`, with the
        change's arg (score, channel, severity ...)."""
        pointer = self._pointer()
        out = super().history
        for i, change in enumerate(out):
            change["arg"] = api.telsvc_complaint_history_arg(pointer, i)
        return out

    def to_dict(self):
        """A summary: number, state, category, severity, their reasons,
        channel, received_at, satisfaction, reopen_count, revision."""
        return {
            "number": self.number,
            "state": self.state,
            "category": self.category,
            "severity": self.severity,
            "category_reason": self.category_reason,
            "severity_reason": self.severity_reason,
            "channel": self.channel,
            "received_at": self.received_at,
            "satisfaction": self.satisfaction,
            "reopen_count": self.reopen_count,
            "revision": self.revision,
        }


class Incident(_Case):
    """A security incident (§7.3)."""

    _prefix = "incident"
    kind = Kind.INCIDENT
    _actions = IncidentAction

    @property
    def state(self):
        """Where it stands (:class:`IncidentState`)."""
        return coerce(IncidentState, api.telsvc_incident_state_of(self._pointer()))

    @property
    def grade(self):
        """Its :class:`IncidentGrade`, None before confirmation."""
        grade = api.telsvc_incident_grade_of(self._pointer())
        return coerce(IncidentGrade, grade) if grade else None

    @property
    def type(self):
        """Its :class:`IncidentType`."""
        return coerce(IncidentType, api.telsvc_incident_type_of(self._pointer()))

    @property
    def source(self):
        """Where it was detected (:class:`IncidentSource`)."""
        return coerce(IncidentSource, api.telsvc_incident_source_of(self._pointer()))

    @property
    def description(self):
        """What was seen, as given on detection."""
        return text_result(api.telsvc_incident_description(self._pointer()))

    @property
    def scope(self):
        """The confirmed scope, or the scope known on detection ("" if none)."""
        return text_result(api.telsvc_incident_scope(self._pointer()))

    @property
    def detected_at(self):
        """When it was detected."""
        return api.telsvc_incident_detected_at(self._pointer())

    @property
    def confirmed_at(self):
        """When it was confirmed, or None before."""
        return api.telsvc_incident_confirmed_at(self._pointer()) or None

    @property
    def report_deadline(self):
        """The report to management (§7.3), as a dict: limit, key (None
        before confirmation), due and done (None: none yet)."""
        limit, due, done = ctypes.c_int(), ctypes.c_int64(), ctypes.c_int64()
        api.telsvc_incident_report_deadline(
            ctypes.byref(limit), ctypes.byref(due), ctypes.byref(done), self._pointer()
        )
        param, key = _param(limit.value)
        return {"limit": param, "key": key, "due": instant(due.value), "done": instant(done.value)}

    def to_dict(self):
        """A summary: number, state, grade, type, source, description,
        scope, detected_at, confirmed_at, revision."""
        return {
            "number": self.number,
            "state": self.state,
            "grade": self.grade,
            "type": self.type,
            "source": self.source,
            "description": self.description,
            "scope": self.scope,
            "detected_at": self.detected_at,
            "confirmed_at": self.confirmed_at,
            "revision": self.revision,
        }


def complaint_intake(channel, customer, contact, content, service_type, category, severity, flags,
                     received_at):
    """A telsvc_complaint_intake from Python values."""
    intake = _ffi.ComplaintIntake(version=_ffi.COMPLAINT_INTAKE_VERSION)
    intake.channel = enum_arg(channel, Channel, "channel")
    intake.customer = text_arg(customer, "customer")
    intake.contact = text_arg(contact, "contact")
    intake.content = text_arg(content, "content")
    intake.service_type = text_arg(service_type, "service_type", optional=True)
    intake.category = enum_arg(category, ComplaintCategory, "category", optional=True)
    intake.severity = enum_arg(severity, ComplaintSeverity, "severity", optional=True)
    intake.flags = int_arg(flags, "flags")
    intake.received_at = time_arg(received_at, "received_at")
    return intake
