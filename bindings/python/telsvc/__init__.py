"""Python bindings of libtelsvc: a telecom operator's service-process
handbook as code (service requests, complaints, security incidents, their
deadlines and the quality report), through ctypes.

Importing the package loads the shared library: ``TELSVC_LIBRARY`` names
it, or a copy beside the package, or the dynamic loader finds
``libtelsvc.so.1``. docs/python.md is the tutorial.

    >>> import telsvc
    >>> with telsvc.Context() as ctx:
    ...     policy = ctx.set_policy(telsvc.Policy.default(ctx))
    ...     policy.limit("requests.limits.emergency").amount
    7200
"""

from ._lib import LibraryNotFoundError
from ._lib import api_path as library_path
from .analysis import PandasMissingError, Rows, to_dataframe
from .audit import Anchor, AuditLog, PurgeDue, Replay, Verification
from ._lib import version_string as library_version
from .cases import Complaint, Incident, Request
from .context import Context
from . import enums
from .enums import *  # noqa: F401,F403 - every enumeration is public
from .errors import (
    CalendarRangeError,
    ClosedError,
    ConflictError,
    CorruptError,
    InUseError,
    InvalidArgumentError,
    NotFoundError,
    OutOfMemoryError,
    PermissionDeniedError,
    PolicyError,
    StorageError,
    TelsvcError,
    TransitionError,
    UserCallbackError,
    VersionError,
)
from .monitor import Change, Event, Monitor
from .policy import Calendar, Limit, Policy, params
from .quality import Report, on_time_rate
from .sla import Sla
from .storage import (
    DictStore,
    MemoryStore,
    PgStore,
    PythonStorage,
    SqliteStore,
    is_pg_target,
    open_store,
)

__version__ = "1.0.0"

__all__ = [
    "Anchor",
    "AuditLog",
    "Calendar",
    "CalendarRangeError",
    "Change",
    "ClosedError",
    "Complaint",
    "ConflictError",
    "Context",
    "CorruptError",
    "DictStore",
    "Event",
    "InUseError",
    "Incident",
    "InvalidArgumentError",
    "LibraryNotFoundError",
    "Limit",
    "MemoryStore",
    "Monitor",
    "NotFoundError",
    "OutOfMemoryError",
    "PandasMissingError",
    "PermissionDeniedError",
    "PgStore",
    "Policy",
    "PolicyError",
    "PurgeDue",
    "PythonStorage",
    "Replay",
    "Report",
    "Sla",
    "Request",
    "Rows",
    "SqliteStore",
    "StorageError",
    "TelsvcError",
    "TransitionError",
    "UserCallbackError",
    "Verification",
    "VersionError",
    "is_pg_target",
    "library_path",
    "library_version",
    "on_time_rate",
    "open_store",
    "params",
    "to_dataframe",
]
__all__ += enums.__all__
