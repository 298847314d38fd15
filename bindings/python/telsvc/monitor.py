"""Monitoring (§3.2, §5.1): warnings, breaches and escalations of every
open deadline, and the changes pushed as they are committed.

docs/monitoring.md describes what is watched and when each event falls
due. Delivery is at least once: drop repeats by :attr:`Event.id`.
"""

import ctypes
from typing import NamedTuple, Optional

from . import _ffi
from ._handle import instant, text_result, time_arg
from ._lib import api, guard
from .enums import ComplaintAction, ComplaintState, EventType, IncidentAction, IncidentState, Kind, Param
from .enums import RequestAction, RequestState, Status, coerce

_ACTIONS = {Kind.REQUEST: RequestAction, Kind.COMPLAINT: ComplaintAction, Kind.INCIDENT: IncidentAction}
_STATES = {Kind.REQUEST: RequestState, Kind.COMPLAINT: ComplaintState, Kind.INCIDENT: IncidentState}


class Event(NamedTuple):
    """A monitoring event (telsvc_monitor_event). Instants are int
    seconds since the epoch, as everywhere in the package."""

    type: EventType
    kind: Kind
    number: str
    limit: Param
    #: For a request's execution problem, its index; None otherwise.
    problem: Optional[int]
    #: The response level, 1 to 3.
    level: int
    #: The role of that level (monitoring.escalation_levels), or None.
    role: Optional[str]
    at: int
    due: int
    #: The same for every delivery of the same event.
    id: str


class Change(NamedTuple):
    """A committed change to a case (telsvc_change); ``action`` and
    ``from_state`` are None for a creation."""

    kind: Kind
    number: str
    action: Optional[int]
    from_state: Optional[int]
    to_state: int
    at: int
    actor: str
    role: str
    revision: int


def _event(e):
    return Event(
        type=coerce(EventType, e.type),
        kind=coerce(Kind, e.kind),
        number=text_result(e.number),
        limit=coerce(Param, e.limit),
        problem=None if e.problem < 0 else e.problem,
        level=e.level,
        role=text_result(e.role),
        at=e.at,
        due=e.due,
        id=text_result(e.id),
    )


def _change(c):
    kind = coerce(Kind, c.kind)
    actions, states = _ACTIONS.get(kind), _STATES.get(kind)
    action, before = c.action, getattr(c, "from")
    return Change(
        kind=kind,
        number=text_result(c.number),
        action=coerce(actions, action) if action and actions else None,
        from_state=coerce(states, before) if before and states else None,
        to_state=coerce(states, c.to) if states else c.to,
        at=c.at,
        actor=text_result(c.actor),
        role=text_result(c.role),
        revision=c.revision,
    )


class Monitor:
    """The monitor of a context (``context.monitor``)."""

    def __init__(self, context):
        self._context = context

    def on_change(self, fn):
        """Have ``fn(change)`` told of every committed change (None stops)."""
        state = self._context._st
        if fn is None:
            api.telsvc_ctx_set_change_fn(state.require(), _ffi.CHANGE_FN(), None)
            state.keep("change", None)
            return
        if not callable(fn):
            raise TypeError("the change callback must be callable")
        # void in C: an exception is raised from the call whose commit told it.
        callback = _ffi.CHANGE_FN(guard(None, lambda change, payload: fn(_change(change.contents))))
        api.telsvc_ctx_set_change_fn(state.require(), callback, None)
        state.keep("change", callback)

    def enable(self):
        """Index every open deadline of the cases in memory; from then on the
        index follows every change."""
        api.telsvc_monitor_enable(self._context._handle())

    def next(self):
        """When the next event falls due, or None when none is pending."""
        out = ctypes.c_int64()
        api.telsvc_monitor_next(ctypes.byref(out), self._context._handle())
        return instant(out.value)

    def poll(self, fn, now=None):
        """Call ``fn(event)`` for each :class:`Event` due at or before ``now``
        (the context's clock when None), earliest first; return how many it
        accepted. An exception in ``fn`` stops the poll: the events before it
        are recorded as delivered, that one stays pending, and the exception
        is raised here."""
        if not callable(fn):
            raise TypeError("the poll callback must be callable")
        handle = self._context._handle()
        when = self._context.now() if now is None else time_arg(now, "now", optional=False)

        def deliver(event, payload):
            fn(_event(event.contents))
            return Status.OK

        callback = _ffi.MONITOR_FN(guard(Status.EUSER, deliver))
        delivered = ctypes.c_size_t()
        api.telsvc_monitor_poll(handle, when, callback, None, ctypes.byref(delivered))
        return delivered.value

    def recompute(self):
        """Recompute every watched deadline, after a calendar of the policy
        changed (a new policy does this by itself)."""
        api.telsvc_monitor_recompute(self._context._handle())
