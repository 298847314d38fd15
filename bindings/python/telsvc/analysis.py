"""For analysts: every case of a store as a list of dicts, and lists of
dicts as pandas DataFrames.

The library has no call that lists the cases a context holds, so the
numbers come from the store's own iterate callback; each case is then
exported by the library (docs/export.md), pseudonymised unless asked
otherwise. Nothing here decodes a stored record.
"""

from . import _ffi
from ._handle import enum_arg
from ._lib import check, guard
from .cases import Complaint, Incident, Request
from .enums import Kind, Status
from .errors import InvalidArgumentError

_CASES = {Kind.REQUEST: Request, Kind.COMPLAINT: Complaint, Kind.INCIDENT: Incident}


class PandasMissingError(ImportError):
    """to_dataframe() needs pandas, which is not installed."""


class Rows(list):
    """A list of dicts that becomes a pandas DataFrame on request."""

    def to_dataframe(self):
        """The rows as a ``pandas.DataFrame``, nested dicts flattened into
        dotted columns (``respond_wall.median``); PandasMissingError
        without pandas."""
        return to_dataframe(self)


def to_dataframe(rows):
    """``rows`` (dicts) as a ``pandas.DataFrame``; see :meth:`Rows.to_dataframe`."""
    try:
        import pandas
    except ImportError as exc:
        raise PandasMissingError(
            "to_dataframe() needs pandas (pip install pandas); the rows themselves are plain dicts",
            name="pandas",
        ) from exc
    return pandas.json_normalize(list(rows))


def stored_numbers(context, kind):
    """The numbers of every case of ``kind`` in the context's store, sorted."""
    context._handle()  # ClosedError first: a closed context has no store
    store = context.storage
    if store is None:
        raise InvalidArgumentError("the context has no storage: call set_storage() first")
    table = store._storage_table()
    numbers = []

    def visit(k, id, revision, data, size, payload):
        numbers.append(id.decode("utf-8"))
        return Status.OK

    rc = table.iterate(table.payload, kind, _ffi.STORAGE_VISIT_FN(guard(Status.EUSER, visit)), None)
    check(rc, "the store's iterate")
    return sorted(numbers)


def cases(context, kind=None, **export_args):
    """Every stored case of ``kind`` (every kind when None), each as its
    JSON export parsed into a dict, in kind and number order.
    ``export_args`` are those of :meth:`Request.export`: pseudonymised
    personal data by default (redacted without a pseudonym key)."""
    kinds = list(_CASES) if kind is None else [enum_arg(kind, Kind, "kind")]
    rows = Rows()
    for k in kinds:
        if k not in _CASES:
            raise ValueError("kind: cases are requests, complaints or incidents")
        cls = _CASES[k]
        rows.extend(cls(context, number).export(**export_args) for number in stored_numbers(context, k))
    return rows
