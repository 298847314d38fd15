"""The policy (the handbook's numbers as data) and its calendars."""

import ctypes
from typing import NamedTuple, Optional

from . import _ffi
from ._handle import (
    Owned,
    State,
    buffer_text,
    context_state,
    enum_arg,
    finalize,
    int_arg,
    text_arg,
    text_result,
    time_arg,
)
from ._lib import api, last_error, new_handle
from .cases import complaint_intake
from .enums import Clock, ComplaintCategory, ComplaintSeverity, DayEnd, Param, ParamType, coerce


class Limit(NamedTuple):
    """A time limit of the policy (telsvc_limit)."""

    is_set: bool
    clock: Clock
    #: seconds on the wall and business clocks, days on the working-day clock
    amount: int
    #: the calendar the limit runs on
    calendar: Optional[str]


def param_arg(param):
    """A :class:`Param`, its int value, or its dotted key
    ("requests.limits.general")."""
    if isinstance(param, str):
        out = ctypes.c_int()
        api.telsvc_param_lookup(ctypes.byref(out), param.encode("utf-8"))
        return coerce(Param, out.value)
    return int_arg(param, "param")


def param_key(param):
    """The dotted key of a parameter, or None for an unknown one."""
    return text_result(api.telsvc_param_key(param))


def params():
    """Every parameter this library knows, as a list of dicts: param, key,
    clause, description, type and whether its default is the project's
    own choice."""
    out = []
    for value in range(1, api.telsvc_param_count() + 1):
        out.append(
            {
                "param": coerce(Param, value),
                "key": param_key(value),
                "clause": text_result(api.telsvc_param_clause(value)),
                "description": text_result(api.telsvc_param_description(value)),
                "type": coerce(ParamType, api.telsvc_param_type_of(value)),
                "project_default": bool(api.telsvc_param_is_project_default(value)),
            }
        )
    return out


class Policy(Owned):
    """A policy (telsvc_policy): immutable once made.

    Make one with :meth:`default`, :meth:`load` or :meth:`from_file`. It
    is freed through the context it was made from: it keeps that context
    alive, and closing the context closes it. A context using it keeps it
    alive in turn, and it cannot be closed while such a context is open.
    """

    def __init__(self, *args, **kwargs):
        raise TypeError("make a Policy with Policy.default, Policy.load or Policy.from_file")

    @classmethod
    def _wrap(cls, context, handle):
        self = cls.__new__(cls)
        self._context = context
        self._st = State("policy", handle, api.telsvc_policy_free, context_state(context))
        self._finalizer = finalize(self, self._st)
        return self

    @classmethod
    def default(cls, context):
        """The built-in default policy: every number of the handbook."""
        state = context_state(context)
        return cls._wrap(context, new_handle(api.telsvc_policy_default, api.telsvc_policy_free, state.require()))

    @classmethod
    def load(cls, context, text):
        """A policy from a YAML document (str or bytes) that overrides any
        subset of the defaults. PolicyError names the key path, line and
        column of what is wrong."""
        state = context_state(context)
        data = text_arg(text, "policy text")
        handle = new_handle(
            api.telsvc_policy_load, api.telsvc_policy_free, state.require(), data, len(data)
        )
        return cls._wrap(context, handle)

    @classmethod
    def from_file(cls, context, path):
        """A policy from a YAML file (the library does no I/O; this reads it)."""
        with open(path, "rb") as f:
            return cls.load(context, f.read())

    # --- lifetime ---------------------------------------------------------------

    _release_on_exit = True


    @property
    def context(self):
        """The context the policy was made from."""
        return self._context

    # --- reading ----------------------------------------------------------------

    @property
    def name(self):
        """The policy's ``name``."""
        return text_result(api.telsvc_policy_name(self._handle()))

    def __repr__(self):
        if self.closed:
            return "<telsvc.Policy closed>"
        return "<telsvc.Policy %r>" % self.name

    def dump(self):
        """The effective policy as a YAML document naming every parameter."""
        return buffer_text(self._st.owner.require(), api.telsvc_policy_dump, self._handle())

    def __eq__(self, other):
        if not isinstance(other, Policy):
            return NotImplemented
        return api.telsvc_policy_equal(self._handle(), other._handle()) == 1

    __hash__ = None

    def limit(self, param):
        """A time limit (:class:`Limit`) of a limit parameter."""
        out = _ffi.Limit(version=_ffi.LIMIT_VERSION)
        api.telsvc_policy_limit(ctypes.byref(out), self._handle(), param_arg(param))
        return Limit(bool(out.is_set), coerce(Clock, out.clock), out.amount, text_result(out.calendar))

    def value(self, param):
        """A numeric parameter as one int: seconds, parts per million,
        months, or a limit's amount."""
        out = ctypes.c_int64()
        api.telsvc_policy_value(ctypes.byref(out), self._handle(), param_arg(param))
        return out.value

    def names(self, param):
        """The names a role, role-list or text-list parameter holds."""
        handle, p = self._handle(), param_arg(param)
        count = api.telsvc_policy_names_count(handle, p)
        return [text_result(api.telsvc_policy_names(handle, p, i)) for i in range(count)]

    def text(self, param):
        """A text parameter, such as a numbering pattern."""
        handle, p = self._handle(), param_arg(param)
        value = api.telsvc_policy_text(handle, p)
        if value is None:
            raise last_error()
        return text_result(value)

    @property
    def roles(self):
        """The roles the policy defines: {name: title}."""
        handle = self._handle()
        return {
            text_result(api.telsvc_policy_role_name(handle, i)): text_result(
                api.telsvc_policy_role_title(handle, i)
            )
            for i in range(api.telsvc_policy_role_count(handle))
        }

    def calendar(self, name=None):
        """A :class:`Calendar` of the policy; the default one without a name."""
        out = ctypes.c_void_p()
        api.telsvc_policy_calendar(
            ctypes.byref(out), self._handle(), text_arg(name, "name", optional=True)
        )
        return Calendar._wrap(self, out.value)

    @property
    def calendars(self):
        """Every calendar of the policy, in name order."""
        handle = self._handle()
        return [
            Calendar._wrap(self, api.telsvc_policy_calendar_at(handle, i))
            for i in range(api.telsvc_policy_calendar_count(handle))
        ]

    def classify_complaint(
        self,
        *,
        channel,
        customer,
        contact,
        content,
        service_type=None,
        category=None,
        severity=None,
        flags=0,
        received_at=None,
    ):
        """What the policy's rules would decide for a complaint (§6.1),
        without registering anything: a dict with category, severity and
        the rule behind each."""
        intake = complaint_intake(
            channel, customer, contact, content, service_type, category, severity, flags, received_at
        )
        out = _ffi.ComplaintClass(version=_ffi.COMPLAINT_CLASS_VERSION)
        api.telsvc_complaint_classify(ctypes.byref(out), self._handle(), ctypes.byref(intake))
        return {
            "category": coerce(ComplaintCategory, out.category),
            "severity": coerce(ComplaintSeverity, out.severity),
            "category_reason": out.category_reason.decode("utf-8", "replace"),
            "severity_reason": out.severity_reason.decode("utf-8", "replace"),
        }


class Calendar:
    """A business calendar of a policy: deadline arithmetic on the three
    clocks. It keeps its policy alive; instants are int seconds since the
    epoch (aware datetimes are accepted as arguments)."""

    def __init__(self, *args, **kwargs):
        raise TypeError("calendars come from Policy.calendar() and Policy.calendars")

    @classmethod
    def _wrap(cls, policy, pointer):
        self = cls.__new__(cls)
        self._policy = policy
        self._pointer = pointer
        return self

    def _handle(self):
        self._policy._handle()  # ClosedError once the policy is gone
        return self._pointer

    @property
    def policy(self):
        """The policy the calendar belongs to."""
        return self._policy

    @property
    def name(self):
        """The calendar's name."""
        return text_result(api.telsvc_calendar_name(self._handle()))

    def __repr__(self):
        if self._policy.closed:
            return "<telsvc.Calendar of a closed policy>"
        return "<telsvc.Calendar %r>" % self.name

    @property
    def years(self):
        """The years the calendar covers, inclusive: (first, last)."""
        first, last = ctypes.c_int(), ctypes.c_int()
        api.telsvc_calendar_years(ctypes.byref(first), ctypes.byref(last), self._handle())
        return first.value, last.value

    @property
    def day_end(self):
        """Where a period of working days ends (:class:`DayEnd`)."""
        return coerce(DayEnd, api.telsvc_calendar_day_end(self._handle()))

    def utc_offset(self, t):
        """Seconds east of UTC at instant ``t``, daylight saving included."""
        out = ctypes.c_int32()
        api.telsvc_calendar_utc_offset(ctypes.byref(out), self._handle(), time_arg(t, "t", False))
        return out.value

    def add(self, start, clock, amount):
        """``start`` plus ``amount`` on ``clock``: seconds (wall, business)
        or working days. CalendarRangeError outside the calendar's years."""
        out = ctypes.c_int64()
        api.telsvc_calendar_add(
            ctypes.byref(out),
            self._handle(),
            time_arg(start, "start", False),
            enum_arg(clock, Clock, "clock"),
            int_arg(amount, "amount"),
        )
        return out.value

    def elapsed(self, clock, start, end):
        """Time on ``clock`` between two instants, in seconds (working days
        count 86400 each); negative when ``end`` is before ``start``."""
        out = ctypes.c_int64()
        api.telsvc_calendar_elapsed(
            ctypes.byref(out),
            self._handle(),
            enum_arg(clock, Clock, "clock"),
            time_arg(start, "start", False),
            time_arg(end, "end", False),
        )
        return out.value

    def is_working_time(self, t):
        """Whether ``t`` lies within business hours."""
        return api.telsvc_calendar_is_working_time(self._handle(), time_arg(t, "t", False)) == 1

    def is_working_day(self, t):
        """Whether the local day of ``t`` is a working day."""
        return api.telsvc_calendar_is_working_day(self._handle(), time_arg(t, "t", False)) == 1

    def next_opening(self, t):
        """``t`` itself within business hours, else the next opening."""
        out = ctypes.c_int64()
        api.telsvc_calendar_next_opening(ctypes.byref(out), self._handle(), time_arg(t, "t", False))
        return out.value
