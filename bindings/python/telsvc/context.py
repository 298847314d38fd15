"""The context: hooks, policy, storage, transactions, and the cases it holds."""

import contextlib
import ctypes
import datetime

from . import _ffi
from ._handle import (
    ContextState,
    Owned,
    actor_arg,
    enum_arg,
    finalize,
    int_arg,
    text_arg,
    time_arg,
)
from ._lib import api, guard, new_handle
from .analysis import cases
from .audit import AuditLog
from .cases import Complaint, Incident, Request, complaint_intake
from .enums import Channel, Content, Delivery, IncidentSource, IncidentType, LogLevel, Priority
from .monitor import Monitor
from .policy import Policy
from .quality import indicators, report, weekly
from .sla import Sla
from .storage import _Store


class Context(Owned):
    """A telsvc context (telsvc_ctx): everything happens in one.

    Args:
        clock: a callable returning "now" (int seconds since the epoch, or
            an aware datetime); the system clock when None. A fixed clock
            makes results reproducible.
        log: a callable ``log(level, message)`` told of the library's
            milestones (a policy loaded, a context loaded).
        log_level: the least severe :class:`LogLevel` passed to ``log``.

    Close it with :meth:`close` or use it as a context manager. Closing
    frees, first, every policy, memory store and report made from it; a
    request, complaint or incident of a closed context raises
    :class:`ClosedError`.
    """

    def __init__(self, *, clock=None, log=None, log_level=LogLevel.INFO):
        opts = _ffi.CtxOptions()
        api.telsvc_ctx_options_init(ctypes.byref(opts), _ffi.CTX_OPTIONS_VERSION)
        callbacks = []
        if clock is not None:
            if not callable(clock):
                raise TypeError("clock must be callable")
            opts.clock_fn = _ffi.CLOCK_FN(guard(0, lambda payload: _clock_value(clock())))
            callbacks.append(opts.clock_fn)
        if log is not None:
            if not callable(log):
                raise TypeError("log must be callable")
            opts.log_fn = _ffi.LOG_FN(
                guard(None, lambda level, message, payload: log(_level(level), message.decode()))
            )
            callbacks.append(opts.log_fn)
            opts.log_level = enum_arg(log_level, LogLevel, "log_level")
        handle = new_handle(api.telsvc_ctx_new, api.telsvc_ctx_free, ctypes.byref(opts))
        self._st = ContextState(handle, callbacks)
        self._finalizer = finalize(self, self._st)
        self._policy = None
        self._storage = None

    # --- lifetime ---------------------------------------------------------------

    def close(self):
        """Free the context and everything made from it. Idempotent.

        An open transaction is rolled back first. Raises InUseError, and
        frees nothing, while a policy or store made from this context is
        used by another open context.
        """
        self._st.close()
        self._policy = None
        self._storage = None

    def __repr__(self):
        return "<telsvc.Context%s>" % (" closed" if self.closed else "")

    # --- policy and storage --------------------------------------------------------

    @property
    def policy(self):
        """The :class:`Policy` the context follows, or None."""
        return self._policy

    def set_policy(self, policy):
        """Follow ``policy`` (a :class:`Policy`, of this context or another).
        The context keeps it alive; it cannot be closed while the context
        is open. Returns the policy."""
        if not isinstance(policy, Policy):
            raise TypeError("set_policy needs a telsvc.Policy, not %s" % type(policy).__name__)
        api.telsvc_ctx_set_policy(self._handle(), policy._handle())
        self._st.lend("policy", policy._st)
        self._policy = policy
        return policy

    @property
    def storage(self):
        """The store the context uses, or None."""
        return self._storage

    def set_storage(self, store):
        """Store through ``store``: a :class:`MemoryStore`,
        :class:`SqliteStore`, :class:`PgStore` or :class:`PythonStorage`.
        Set it before the context holds any case. Returns the store."""
        if not isinstance(store, _Store):
            raise TypeError("set_storage needs a telsvc store, not %s" % type(store).__name__)
        table = store._storage_table()
        api.telsvc_ctx_set_storage(self._handle(), ctypes.byref(table))
        self._st.lend("storage", store._lendable())
        self._storage = store
        return store

    def load(self):
        """Read every case from storage, replacing those in memory."""
        api.telsvc_ctx_load(self._handle())

    def now(self):
        """The context's clock, in seconds since the epoch."""
        out = ctypes.c_int64()
        api.telsvc_ctx_now(ctypes.byref(out), self._handle())
        return out.value

    # --- transactions ----------------------------------------------------------------

    def begin(self):
        """Open a host transaction grouping the following changes."""
        api.telsvc_txn_begin(self._handle())
        self._st.in_txn = True

    def commit(self):
        """Commit the open transaction."""
        handle = self._handle()
        self._st.in_txn = False
        api.telsvc_txn_commit(handle)

    def rollback(self):
        """Roll back the open transaction: storage and memory as at begin.
        After a storage failure inside the transaction the library has
        rolled it back already, and this does nothing."""
        self._st.rollback()

    @property
    def in_transaction(self):
        """Whether a host transaction is open. A refusal inside one leaves
        it open; a failure of storage or memory rolls it back."""
        return api.telsvc_txn_active(self._handle()) == 1

    @contextlib.contextmanager
    def transaction(self):
        """``with ctx.transaction():`` commits at the end of the block, or
        rolls back if it raises: all the changes in it are stored, or none."""
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        self.commit()

    # --- cases -------------------------------------------------------------------------

    def create_request(
        self,
        actor,
        *,
        channel,
        requester,
        contact,
        content,
        content_type,
        service_type,
        priority=None,
        flags=0,
        affected=0,
        received_at=None,
        delivery=None,
    ):
        """Register a service request (§2.1) and return it as a :class:`Request`.

        ``actor`` is ``(id, role)``. Enumerations take their member, name
        or value (``channel="phone"``). Without ``priority`` the rules of
        §2.1.2 classify it, from ``flags`` (:class:`IntakeFlag`) and the
        content type. ``received_at`` defaults to the context's clock.
        """
        intake = _ffi.Intake(version=_ffi.INTAKE_VERSION)
        intake.channel = enum_arg(channel, Channel, "channel")
        intake.requester = text_arg(requester, "requester")
        intake.contact = text_arg(contact, "contact")
        intake.content = text_arg(content, "content")
        intake.content_type = enum_arg(content_type, Content, "content_type")
        intake.service_type = text_arg(service_type, "service_type")
        intake.priority = enum_arg(priority, Priority, "priority", optional=True)
        intake.flags = int_arg(flags, "flags")
        intake.affected = int_arg(affected, "affected")
        intake.received_at = time_arg(received_at, "received_at")
        intake.delivery = enum_arg(delivery, Delivery, "delivery", optional=True)
        out = ctypes.c_void_p()
        api.telsvc_request_create(
            ctypes.byref(out), self._handle(), ctypes.byref(intake), ctypes.byref(actor_arg(actor))
        )
        return Request._from_pointer(self, out.value)

    def find_request(self, number):
        """The request numbered ``number``, from memory or storage
        (NotFoundError if neither holds it)."""
        return Request._find(self, number)

    @property
    def request_count(self):
        """How many requests the context holds in memory."""
        return api.telsvc_request_count(self._handle())

    def create_complaint(
        self,
        actor,
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
        """Register a complaint (§6) and return it as a :class:`Complaint`.

        Without ``category`` or ``severity`` the policy's rules classify it
        from ``flags`` (:class:`ComplaintFlag`) and the text (§6.1).
        """
        intake = complaint_intake(
            channel, customer, contact, content, service_type, category, severity, flags, received_at
        )
        out = ctypes.c_void_p()
        api.telsvc_complaint_create(
            ctypes.byref(out), self._handle(), ctypes.byref(intake), ctypes.byref(actor_arg(actor))
        )
        return Complaint._from_pointer(self, out.value)

    def find_complaint(self, number):
        """The complaint numbered ``number``, from memory or storage."""
        return Complaint._find(self, number)

    @property
    def complaint_count(self):
        """How many complaints the context holds in memory."""
        return api.telsvc_complaint_count(self._handle())

    def create_incident(
        self,
        actor,
        *,
        source,
        type,
        description,
        scope=None,
        reporter=None,
        occurred_at=None,
        detected_at=None,
    ):
        """Record a detected security incident (§7.3) and return it as an
        :class:`Incident`."""
        det = _ffi.IncidentDetection(version=_ffi.INCIDENT_DETECTION_VERSION)
        det.source = enum_arg(source, IncidentSource, "source")
        det.type = enum_arg(type, IncidentType, "type")
        det.description = text_arg(description, "description")
        det.scope = text_arg(scope, "scope", optional=True)
        det.reporter = text_arg(reporter, "reporter", optional=True)
        det.occurred_at = time_arg(occurred_at, "occurred_at")
        det.detected_at = time_arg(detected_at, "detected_at")
        out = ctypes.c_void_p()
        api.telsvc_incident_create(
            ctypes.byref(out), self._handle(), ctypes.byref(det), ctypes.byref(actor_arg(actor))
        )
        return Incident._from_pointer(self, out.value)

    def find_incident(self, number):
        """The incident numbered ``number``, from memory or storage."""
        return Incident._find(self, number)

    @property
    def incident_count(self):
        """How many incidents the context holds in memory."""
        return api.telsvc_incident_count(self._handle())

    # --- quality ---------------------------------------------------------------------

    def indicators(self, **slice_args):
        """The quality indicators of §5.2 as a dict; see
        :func:`telsvc.quality.indicators` for the arguments."""
        return indicators(self, **slice_args)

    def sla(self, limit, start):
        """A new :class:`Sla` clock counting the policy's ``limit`` (a
        :class:`Param`) from ``start``."""
        return Sla._new(self, limit, start)

    def report(self, improvements=(), **slice_args):
        """The quality report of §5.4 as a :class:`Report`; see
        :func:`telsvc.quality.report` for the arguments."""
        return report(self, improvements, **slice_args)

    def weekly(self, from_, to, **slice_args):
        """The indicators of each week of ``[from_, to)`` as rows; see
        :func:`telsvc.quality.weekly`."""
        return weekly(self, from_, to, **slice_args)

    # --- monitoring, audit, analysis ------------------------------------------------

    @property
    def monitor(self):
        """The :class:`Monitor`: deadlines' events and pushed changes."""
        return Monitor(self)

    @property
    def audit(self):
        """The :class:`AuditLog`: sealing key, head, verification, purging."""
        return AuditLog(self)

    def cases(self, kind=None, **export_args):
        """Every stored case (of ``kind`` when given) as a dict, from the
        library's export: pseudonymised by default. Returns :class:`Rows`,
        a list with ``to_dataframe()``."""
        return cases(self, kind, **export_args)

    def set_pseudonym_key(self, key):
        """Pseudonymise exported personal data under ``key`` (bytes, at
        least 16); without one, exports say "redacted" instead."""
        if not isinstance(key, (bytes, bytearray)):
            raise TypeError("the pseudonym key must be bytes, not %s" % type(key).__name__)
        key = bytes(key)
        api.telsvc_ctx_set_pseudonym_key(self._handle(), key, len(key))

    def pseudonym(self, value):
        """The pseudonym of ``value`` under the context's key ("p:" and 20
        hex digits), to pseudonymise a host's own join keys the same way."""
        out = ctypes.create_string_buffer(_ffi.PSEUDONYM_SIZE)
        api.telsvc_pseudonym(out, len(out), self._handle(), text_arg(value, "value"))
        return out.value.decode("ascii")


def _clock_value(value):
    if isinstance(value, datetime.datetime):
        return time_arg(value, "clock()")
    return int_arg(value, "clock()")


def _level(value):
    try:
        return LogLevel(value)
    except ValueError:
        return value

