"""The tamper-evident audit log (§7.4): sealing keys, the head, verifying,
replaying, and purging bodies whose retention has run.

docs/audit.md describes the log, its verdicts and its retention periods.
"""

import ctypes
from typing import NamedTuple, Optional

from . import _ffi
from ._handle import actor_arg, int_arg, text_result, time_arg
from ._lib import api, guard
from .enums import AuditVerdict, Param, Status, coerce


class Anchor(NamedTuple):
    """A point of the log to publish elsewhere (telsvc_audit_anchor)."""

    seq: int
    mac: bytes


class Verification(NamedTuple):
    """What the verifier found (telsvc_audit_report)."""

    verdict: AuditVerdict
    #: Where the log first goes wrong; None when it does not.
    first_bad: Optional[int]
    #: Records that verified before the first bad one.
    records: int
    #: The last sequence number the anchor covers; 0 without one.
    anchored: int
    #: Records whose bodies were purged, verified by their digests.
    purged: int
    detail: str


class Replay(NamedTuple):
    """What rebuilding every object from the log found (telsvc_replay_report)."""

    records: int
    objects: int
    matched: int
    diverged: int
    unreplayable: int
    #: The id of the first object that diverged; None if none did.
    first: Optional[str]
    detail: str


class PurgeDue(NamedTuple):
    """An audit record whose body may be purged: when its retention ended
    and the parameter that set the period."""

    seq: int
    due: int
    retention: Param


def _key(key):
    if not isinstance(key, (bytes, bytearray, memoryview)):
        raise TypeError("the key must be bytes, not %s" % type(key).__name__)
    key = bytes(key)
    return (ctypes.c_ubyte * len(key)).from_buffer_copy(key), len(key)


def _anchor(value):
    seq, mac = value
    mac = bytes(mac)
    if len(mac) != _ffi.AUDIT_MAC_SIZE:
        raise ValueError("an anchor's mac has %d bytes, not %d" % (_ffi.AUDIT_MAC_SIZE, len(mac)))
    return _ffi.AuditAnchor(int_arg(seq, "anchor seq"), (ctypes.c_ubyte * _ffi.AUDIT_MAC_SIZE)(*mac))


class AuditLog:
    """The audit log of a context (``context.audit``)."""

    def __init__(self, context):
        self._context = context

    def set_key(self, key, *, epoch=0, epoch_records=0, checkpoint_records=0, key_evolved=None):
        """Seal the audit records from now on with ``key`` (16 to 64 bytes) of
        ``epoch``; set it before the first change or before :meth:`load`.
        ``key_evolved(key, epoch)`` is told each evolved key, to replace the
        stored copy; an exception there is raised from the call whose commit
        evolved the key, after the change is stored."""
        state = self._context._st
        buf, size = _key(key)
        opts = _ffi.AuditOptions(version=_ffi.AUDIT_OPTIONS_VERSION, key=buf, key_size=size)
        opts.epoch = int_arg(epoch, "epoch")
        opts.epoch_records = int_arg(epoch_records, "epoch_records")
        opts.checkpoint_records = int_arg(checkpoint_records, "checkpoint_records")
        callback = None
        if key_evolved is not None:
            if not callable(key_evolved):
                raise TypeError("key_evolved must be callable")
            callback = _ffi.AUDIT_KEY_FN(
                guard(None, lambda payload, data, n, ep: key_evolved(ctypes.string_at(data, n), ep))
            )
            opts.key_evolved = callback
        api.telsvc_ctx_set_audit_key(state.require(), ctypes.byref(opts))
        state.keep("audit key", callback)

    def head(self):
        """The last record stored, as an :class:`Anchor` (NotFoundError while
        the log is empty or unsealed)."""
        out = _ffi.AuditAnchor()
        api.telsvc_audit_head(ctypes.byref(out), self._context._handle())
        return Anchor(out.seq, bytes(out.mac))

    def verify(self, key, anchor=None):
        """Verify the log in the context's storage with the key it began with
        (epoch 0) and an optional published :class:`Anchor`. Tampering is a
        verdict, not an exception."""
        handle = self._context._handle()
        buf, size = _key(key)
        out = _ffi.AuditReport(version=_ffi.AUDIT_REPORT_VERSION)
        ref = None if anchor is None else ctypes.byref(_anchor(anchor))
        api.telsvc_audit_verify(ctypes.byref(out), handle, buf, size, ref)
        return Verification(
            verdict=coerce(AuditVerdict, out.verdict),
            first_bad=out.first_bad or None,
            records=out.records,
            anchored=out.anchored,
            purged=out.purged,
            detail=text_result(out.detail),
        )

    def replay(self):
        """Rebuild every object from the log alone and compare it with storage."""
        out = _ffi.ReplayReport(version=_ffi.REPLAY_REPORT_VERSION)
        api.telsvc_audit_replay(ctypes.byref(out), self._context._handle())
        return Replay(
            records=out.records,
            objects=out.objects,
            matched=out.matched,
            diverged=out.diverged,
            unreplayable=out.unreplayable,
            first=text_result(out.first) or None,
            detail=text_result(out.detail),
        )

    def purge_due(self, now=None):
        """The records whose bodies may be purged at ``now`` (the context's
        clock when None), in sequence order, as :class:`PurgeDue`."""
        handle = self._context._handle()
        found = []

        def visit(payload, seq, due, retention):
            found.append(PurgeDue(seq, due, coerce(Param, retention)))
            return Status.OK

        callback = _ffi.AUDIT_DUE_FN(guard(Status.EUSER, visit))
        api.telsvc_audit_purge_due(handle, time_arg(now, "now"), callback, None)
        return found

    def purge(self, seq, actor, now=None):
        """Purge the body of record ``seq`` as ``actor``: PermissionDeniedError
        names the period while its retention runs, or the permission."""
        api.telsvc_audit_purge(
            self._context._handle(), int_arg(seq, "seq"), time_arg(now, "now"), ctypes.byref(actor_arg(actor))
        )
