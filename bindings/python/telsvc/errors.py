"""Exceptions: one class per telsvc_status, carrying the library's message.

Every failing library call raises the class of its status with the
detailed message of telsvc_error_last() (the policy key path with line and
column, the rule and clause of a refused transition, ...). The status, not
the message, tells what happened: catch the class, or read ``status``.
"""

from .enums import Status, coerce


class TelsvcError(Exception):
    """A library call failed.

    Attributes:
        status: the telsvc_status (a negative int, a :class:`Status` when known)
        message: the library's message for people
    """

    status = None

    def __init__(self, message, status=None):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.message = message

    @property
    def name(self):
        """The symbolic name of the status, e.g. "TELSVC_EPOLICY"."""
        try:
            return "TELSVC_" + Status(self.status).name
        except ValueError:
            return "TELSVC_UNKNOWN"


class OutOfMemoryError(TelsvcError, MemoryError):
    """TELSVC_ENOMEM: an allocation failed; nothing was changed."""

    status = Status.ENOMEM


class InvalidArgumentError(TelsvcError, ValueError):
    """TELSVC_EINVAL: an argument was missing, out of range or of the wrong kind."""

    status = Status.EINVAL


class PolicyError(TelsvcError):
    """TELSVC_EPOLICY: a policy document was malformed, hostile or inconsistent."""

    status = Status.EPOLICY


class TransitionError(TelsvcError):
    """TELSVC_ETRANSITION: the handbook does not allow this transition now."""

    status = Status.ETRANSITION


class PermissionDeniedError(TelsvcError):
    """TELSVC_EPERM: the actor's role may not do this."""

    status = Status.EPERM


class ConflictError(TelsvcError):
    """TELSVC_ECONFLICT: the stored revision differs from the expected one.

    A Python storage raises it from ``put`` or ``audit_append`` to answer
    the compare-and-swap.
    """

    status = Status.ECONFLICT


class CorruptError(TelsvcError):
    """TELSVC_ECORRUPT: data read back failed its checks."""

    status = Status.ECORRUPT


class StorageError(TelsvcError):
    """TELSVC_ESTORAGE: a storage callback failed."""

    status = Status.ESTORAGE


class CalendarRangeError(TelsvcError):
    """TELSVC_ERANGE: a date lies outside the years the calendar covers."""

    status = Status.ERANGE


class UserCallbackError(TelsvcError):
    """TELSVC_EUSER: a host callback reported its own error."""

    status = Status.EUSER


class VersionError(TelsvcError):
    """TELSVC_EVERSION: a struct or document declared an unknown version."""

    status = Status.EVERSION


class NotFoundError(TelsvcError, LookupError):
    """TELSVC_ENOTFOUND: no such key, role or object.

    A Python storage raises it from ``get`` for an absent object.
    """

    status = Status.ENOTFOUND


class ClosedError(TelsvcError):
    """The object, or the context it lives in, was closed.

    Raised by the bindings before any library call, so a closed handle is
    never passed to C.
    """

    status = Status.EINVAL


class InUseError(TelsvcError):
    """An object cannot be closed while another open object relies on it:
    a policy or store lent to an open context."""

    status = Status.EINVAL


_BY_STATUS = {
    cls.status: cls
    for cls in (
        OutOfMemoryError,
        InvalidArgumentError,
        PolicyError,
        TransitionError,
        PermissionDeniedError,
        ConflictError,
        CorruptError,
        StorageError,
        CalendarRangeError,
        UserCallbackError,
        VersionError,
        NotFoundError,
    )
}


def error_class(status):
    """The exception class of a negative status (TelsvcError when unknown)."""
    return _BY_STATUS.get(status, TelsvcError)


def make_error(status, message):
    """An exception for ``status`` with ``message``."""
    return error_class(status)(message, status=coerce(Status, status))
