"""SLA clocks (telsvc/sla.h): a limit of the policy counted from a start,
with pauses, stopped when met; its deadline, warning, elapsed and
remaining time on the limit's own clock (wall, business hours or working
days) under a policy."""

import ctypes

from ._handle import Owned, State, enum_arg, finalize, instant, int_arg, time_arg
from ._lib import api, new_handle
from .enums import Param, SlaState


class Sla(Owned):
    """An SLA clock, made with :meth:`telsvc.Context.sla`. It keeps its
    context alive and is closed with it. Times are seconds since the
    epoch (or aware datetimes as arguments); ``None`` means never."""

    def __init__(self, *args, **kwargs):
        raise TypeError("make an Sla with Context.sla(limit, start)")

    @classmethod
    def _new(cls, context, limit, start):
        limit = enum_arg(limit, Param, "limit")
        start = time_arg(start, "start", False)
        handle = new_handle(api.telsvc_sla_new, api.telsvc_sla_free, context._handle(), limit, start)
        self = cls.__new__(cls)
        self._context = context
        self._st = State("SLA clock", handle, api.telsvc_sla_free, context._st)
        self._finalizer = finalize(self, self._st)
        return self

    # --- changes -------------------------------------------------------------

    def pause(self, at):
        """Pause the clock (waiting for the customer)."""
        api.telsvc_sla_pause(self._handle(), time_arg(at, "at", False))

    def resume(self, at):
        """Resume a paused clock."""
        api.telsvc_sla_resume(self._handle(), time_arg(at, "at", False))

    def stop(self, at):
        """Stop the clock: the limit was met at ``at``."""
        api.telsvc_sla_stop(self._handle(), time_arg(at, "at", False))

    def set_limit(self, limit):
        """Count against another limit from the same start (a reclassification)."""
        api.telsvc_sla_set_limit(self._handle(), enum_arg(limit, Param, "limit"))

    # --- what it says ----------------------------------------------------------

    @property
    def limit(self):
        return Param(api.telsvc_sla_limit(self._handle()))

    @property
    def state(self):
        return SlaState(api.telsvc_sla_state_of(self._handle()))

    @property
    def start(self):
        return api.telsvc_sla_start(self._handle())

    @property
    def stopped_at(self):
        return instant(api.telsvc_sla_stopped_at(self._handle()))

    @property
    def pauses(self):
        """The pauses as ``(from, to)``; ``to`` is None while paused."""
        handle, out = self._handle(), []
        for i in range(api.telsvc_sla_pause_count(handle)):
            start, end = ctypes.c_int64(), ctypes.c_int64()
            api.telsvc_sla_pause_at(ctypes.byref(start), ctypes.byref(end), handle, i)
            out.append((start.value, instant(end.value)))
        return out

    def _policy(self, policy):
        policy = policy if policy is not None else self._context.policy
        if policy is None:
            raise ValueError("the context has no policy: give one")
        return policy

    def _ask(self, fn, policy, *extra):
        out = ctypes.c_int64()
        fn(ctypes.byref(out), self._handle(), self._policy(policy)._handle(), *extra)
        return instant(out.value)

    def deadline(self, policy=None):
        """The deadline, pauses excluded; None while paused or without a
        limit. ``policy``: the context's unless given."""
        return self._ask(api.telsvc_sla_deadline, policy)

    def warning(self, ppm=None, policy=None):
        """When ``ppm`` millionths of the limit have run; by default the
        policy's monitoring.warning_at (§3.2)."""
        if ppm is None:
            ppm = self._policy(policy).value(Param.MONITORING_WARNING)
        return self._ask(api.telsvc_sla_warning, policy, int_arg(ppm, "ppm"))

    def elapsed(self, now, policy=None):
        """Seconds of the limit's clock run by ``now``, pauses excluded."""
        return self._ask(api.telsvc_sla_elapsed, policy, time_arg(now, "now", False))

    def remaining(self, now, policy=None):
        """Seconds of the limit's clock left at ``now`` (negative once
        late); None when the policy sets no limit."""
        return self._ask(api.telsvc_sla_remaining, policy, time_arg(now, "now", False))

    def __repr__(self):
        return "<telsvc.Sla%s>" % (" closed" if self.closed else " %s" % self.limit.name)
