"""Stores a context keeps its cases in: the library's memory store, SQLite
through libtelsvc-sqlite, PostgreSQL through libtelsvc-pg, and stores
written in Python.

docs/storage.md is the contract every store follows: transactions,
compare-and-swap puts, the audit stream.
"""

import ctypes
import os
import weakref

from . import _ffi
from ._handle import Owned, State, context_state, enum_arg, finalize, int_arg, text_arg, text_result
from ._lib import api, guard, new_handle, pg_api, sqlite_api
from .enums import Kind, SqliteSync, Status, coerce
from .errors import ConflictError, NotFoundError, TelsvcError


class _Store:
    """What every store gives a context: its callback table, and the
    object that records which contexts use it."""

    def _storage_table(self):
        raise NotImplementedError

    def _lendable(self):
        raise NotImplementedError


class _HandleStore(Owned, _Store):
    """A store the library implements, behind a handle."""

    _release_on_exit = True

    def _lendable(self):
        return self._st


class MemoryStore(_HandleStore):
    """The library's reference store in memory (telsvc_memstore): atomic,
    not durable. It allocates through ``context``, which it keeps alive
    and which closes it."""

    def __init__(self, context):
        state = context_state(context)
        handle = new_handle(api.telsvc_memstore_new, api.telsvc_memstore_free, state.require())
        self._context = context
        self._st = State("memory store", handle, api.telsvc_memstore_free, state)
        self._finalizer = finalize(self, self._st)

    def _storage_table(self):
        table = _ffi.Storage()
        api.telsvc_memstore_storage(ctypes.byref(table), self._st.require())
        return table

    @property
    def object_count(self):
        """Objects stored (committed or in the open transaction)."""
        return api.telsvc_memstore_object_count(self._st.require())

    @property
    def audit_count(self):
        """Audit records stored."""
        return api.telsvc_memstore_audit_count(self._st.require())

    def __repr__(self):
        return "<telsvc.MemoryStore%s>" % (" closed" if self.closed else "")


class SqliteStore(_HandleStore):
    """A SQLite database through libtelsvc-sqlite (docs/sqlite.md).

    Args:
        path: a file name, or ":memory:" for a private database in memory
        sync: a :class:`SqliteSync` (NORMAL when None)
        busy_timeout_ms: how long to wait for another connection's lock
            (5000 when 0)
        must_exist: refuse to create the file (NotFoundError)

    One store serves one context at a time.
    """

    def __init__(self, path, *, sync=None, busy_timeout_ms=0, must_exist=False):
        lib = sqlite_api()
        opts = _ffi.SqliteOptions(version=_ffi.SQLITE_OPTIONS_VERSION)
        opts.sync = enum_arg(sync, SqliteSync, "sync", optional=True)
        opts.busy_timeout_ms = int_arg(busy_timeout_ms, "busy_timeout_ms")
        opts.must_exist = 1 if must_exist else 0
        name = text_arg(os.fspath(path), "path")
        handle = new_handle(lib.telsvc_sqlite_open, lib.telsvc_sqlite_close, name, ctypes.byref(opts))
        self.path = path
        self._st = State("SQLite store", handle, lib.telsvc_sqlite_close)
        self._finalizer = finalize(self, self._st)

    def _storage_table(self):
        table = _ffi.Storage()
        sqlite_api().telsvc_sqlite_storage(ctypes.byref(table), self._st.require())
        return table

    def object_count(self, kind=None):
        """Objects of ``kind`` (a :class:`Kind`) in the database; of every
        kind when None."""
        out = ctypes.c_uint64()
        sqlite_api().telsvc_sqlite_object_count(
            ctypes.byref(out), self._st.require(), enum_arg(kind, Kind, "kind", optional=True)
        )
        return out.value

    @property
    def audit_count(self):
        """Audit records in the database."""
        out = ctypes.c_uint64()
        sqlite_api().telsvc_sqlite_audit_count(ctypes.byref(out), self._st.require())
        return out.value

    def __repr__(self):
        return "<telsvc.SqliteStore %r%s>" % (self.path, " closed" if self.closed else "")


class PgStore(_HandleStore):
    """A PostgreSQL database through libtelsvc-pg.

    Args:
        conninfo: a libpq connection string, "host=/run/db dbname=crm" or
            "postgresql://user@host/crm"
        schema: the schema that holds the library's tables, created if
            absent ("public" when None): several stores can share a
            database, each in its own schema
        must_exist: refuse a schema without the tables (NotFoundError)
        lock_timeout_ms: how long a statement waits for a row another
            writer has locked before giving up with ConflictError (5000
            when 0)

    ``schema`` is then the schema as a quoted SQL identifier (``'"crm"'``),
    to name a host's own tables beside the library's. Several processes
    may store in one schema at once: a write another got in first raises
    ConflictError; release the case (or find it again) and retry. One
    store serves one context at a time.
    """

    def __init__(self, conninfo, schema=None, *, must_exist=False, lock_timeout_ms=0):
        lib = pg_api()
        opts = _ffi.PgOptions(version=_ffi.PG_OPTIONS_VERSION)
        opts.schema = text_arg(schema, "schema", optional=True)
        opts.must_exist = 1 if must_exist else 0
        opts.lock_timeout_ms = int_arg(lock_timeout_ms, "lock_timeout_ms")
        info = text_arg(conninfo, "conninfo")
        handle = new_handle(lib.telsvc_pg_open, lib.telsvc_pg_close, info, ctypes.byref(opts))
        self.schema = text_result(lib.telsvc_pg_schema(handle))
        self._st = State("PostgreSQL store", handle, lib.telsvc_pg_close)
        self._finalizer = finalize(self, self._st)

    def _storage_table(self):
        table = _ffi.Storage()
        pg_api().telsvc_pg_storage(ctypes.byref(table), self._st.require())
        return table

    def object_count(self, kind=None):
        """Objects of ``kind`` (a :class:`Kind`) in the schema; of every
        kind when None."""
        out = ctypes.c_uint64()
        pg_api().telsvc_pg_object_count(
            ctypes.byref(out), self._st.require(), enum_arg(kind, Kind, "kind", optional=True)
        )
        return out.value

    @property
    def audit_count(self):
        """Audit records in the schema."""
        out = ctypes.c_uint64()
        pg_api().telsvc_pg_audit_count(ctypes.byref(out), self._st.require())
        return out.value

    def __repr__(self):
        # Not the connection string: it may hold a password.
        return "<telsvc.PgStore %s%s>" % (self.schema, " closed" if self.closed else "")


def is_pg_target(target):
    """Whether ``target`` names a PostgreSQL database rather than a SQLite
    file: a str starting with ``postgresql://`` or ``postgres://``, or
    holding an ``=`` (libpq's ``key=value`` form). Anything else, a
    :class:`os.PathLike` included, is a SQLite file."""
    return isinstance(target, str) and (target.startswith(("postgresql://", "postgres://")) or "=" in target)


def open_store(target, **options):
    """The store ``target`` names: a :class:`PgStore` for a PostgreSQL
    connection string (:func:`is_pg_target`), else a :class:`SqliteStore`
    on that file; ``options`` go to the store (``must_exist`` to both)."""
    if is_pg_target(target):
        return PgStore(target, **options)
    return SqliteStore(target, **options)


class PythonStorage(_Store):
    """Base class of a store written in Python: fill the library's
    callback table (include/telsvc/sys/storage.h) with these methods.

    A subclass implements ``begin``, ``commit``, ``rollback``, ``put``,
    ``get``, ``iterate``, ``audit_append`` and ``audit_iterate``, and
    ``audit_replace`` if it supports purging (set it to None otherwise).
    Kinds arrive as :class:`Kind`, ids as str, records as bytes.

    Answers of the contract are exceptions: :class:`ConflictError` from
    ``put`` or ``audit_append`` (the compare-and-swap lost),
    :class:`NotFoundError` from ``get`` or ``audit_replace``; any other
    :class:`TelsvcError` passes its status. Any other exception is a
    failure of the store: the library rolls back and fails the call with
    TELSVC_EUSER, and when the call returns the original exception is
    raised again in the caller.
    """

    #: Capability bits: STORAGE_CAP_ATOMIC when commit stores all or nothing.
    capabilities = 0
    audit_replace = None

    def begin(self):
        """Open a transaction (they do not nest)."""
        raise NotImplementedError

    def commit(self):
        """Make the transaction's changes permanent."""
        raise NotImplementedError

    def rollback(self):
        """Discard the transaction's changes."""
        raise NotImplementedError

    def put(self, kind, id, expected_revision, data):
        """Store ``data`` as (kind, id) if its revision is
        ``expected_revision`` (0: absent); it becomes expected + 1."""
        raise NotImplementedError

    def get(self, kind, id):
        """(revision, data) of (kind, id); NotFoundError if absent."""
        raise NotImplementedError

    def iterate(self, kind):
        """(id, revision, data) of every object of ``kind``, any order."""
        raise NotImplementedError

    def audit_append(self, seq, data):
        """Append audit record ``seq`` in the current transaction."""
        raise NotImplementedError

    def audit_iterate(self, from_seq):
        """(seq, data) of the audit records from ``from_seq`` on, in order."""
        raise NotImplementedError

    def _lendable(self):
        # Only contexts record themselves here; a Python store has nothing
        # to free, so it never refuses to go.
        if "_borrowers" not in self.__dict__:
            self._borrowers = _Borrowers()
        return self._borrowers

    def _storage_table(self):
        # Built once and kept on the object: C calls these functions for as
        # long as a context uses the store, and the context keeps the store.
        if "_table" not in self.__dict__:
            self._table = self._make_table()
        return self._table

    def _make_table(self):
        table = _ffi.Storage(version=_ffi.STORAGE_VERSION, capabilities=self.capabilities)
        table.begin = _ffi.STORAGE_TXN_FN(_answer(lambda payload: self.begin()))
        table.commit = _ffi.STORAGE_TXN_FN(_answer(lambda payload: self.commit()))
        table.rollback = _ffi.STORAGE_TXN_FN(_answer(lambda payload: self.rollback()))
        table.put = _ffi.STORAGE_PUT_FN(_answer(self._put))
        table.get = _ffi.STORAGE_GET_FN(_answer(self._get))
        table.iterate = _ffi.STORAGE_ITERATE_FN(_answer(self._iterate))
        table.audit_append = _ffi.STORAGE_AUDIT_WRITE_FN(
            _answer(lambda payload, seq, data, size: self.audit_append(seq, ctypes.string_at(data, size)))
        )
        table.audit_iterate = _ffi.STORAGE_AUDIT_ITERATE_FN(_answer(self._audit_iterate))
        if self.audit_replace is not None:
            table.audit_replace = _ffi.STORAGE_AUDIT_WRITE_FN(
                _answer(lambda payload, seq, data, size: self.audit_replace(seq, ctypes.string_at(data, size)))
            )
        return table

    def _put(self, payload, kind, id, expected, data, size):
        self.put(coerce(Kind, kind), id.decode("utf-8"), expected, ctypes.string_at(data, size))

    def _get(self, payload, kind, id, revision, out):
        rev, data = self.get(coerce(Kind, kind), id.decode("utf-8"))
        data = _record(data, "get")
        api.telsvc_buf_set(out, data, len(data))
        revision[0] = rev

    def _iterate(self, payload, kind, visit, visit_payload):
        for id, rev, data in self.iterate(coerce(Kind, kind)):
            data = _record(data, "iterate")
            rc = visit(kind, id.encode("utf-8"), rev, data, len(data), visit_payload)
            if rc:
                return rc
        return Status.OK

    def _audit_iterate(self, payload, from_seq, visit, visit_payload):
        for seq, data in self.audit_iterate(from_seq):
            data = _record(data, "audit_iterate")
            rc = visit(seq, data, len(data), visit_payload)
            if rc:
                return rc
        return Status.OK


def _record(data, method):
    """A record a Python store hands back, as bytes: ctypes would pass a
    str as a pointer to its characters, with the wrong length."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("%s must give a record as bytes, not %s" % (method, type(data).__name__))
    return bytes(data)


class _Borrowers:
    """The contexts using a Python store."""

    def __init__(self):
        self.borrowers = weakref.WeakSet()


def _answer(body):
    """A storage callback: the contract's answers (ConflictError,
    NotFoundError, any TelsvcError) become their status with their
    message; any other exception is re-raised after the library call."""

    def method(*args):
        try:
            rc = body(*args)
        except TelsvcError as exc:
            api.telsvc_error_set(exc.status, str(exc).encode("utf-8", "replace"))
            return exc.status
        return rc or Status.OK

    return guard(Status.EUSER, method)


_ABSENT = object()


class DictStore(PythonStorage):
    """A store in Python dicts: the example of a :class:`PythonStorage`.

    ``objects`` maps (kind, id) to (revision, bytes) and ``audit`` maps a
    sequence number to bytes; a transaction keeps an undo log, so commit
    applies all of it or, after rollback, none.
    """

    capabilities = _ffi.STORAGE_CAP_ATOMIC

    def __init__(self):
        self.objects = {}
        self.audit = {}
        self._undo = None

    def _remember(self, container, key):
        if self._undo is None:
            raise RuntimeError("a write outside a transaction")
        self._undo.append((container, key, container.get(key, _ABSENT)))

    def begin(self):
        if self._undo is not None:
            raise RuntimeError("a transaction is already open")
        self._undo = []

    def commit(self):
        if self._undo is None:
            raise RuntimeError("no transaction is open")
        self._undo = None

    def rollback(self):
        if self._undo is None:
            raise RuntimeError("no transaction is open")
        for container, key, old in reversed(self._undo):
            if old is _ABSENT:
                container.pop(key, None)
            else:
                container[key] = old
        self._undo = None

    def put(self, kind, id, expected_revision, data):
        stored = self.objects.get((kind, id))
        revision = stored[0] if stored else 0
        if revision != expected_revision:
            raise ConflictError(
                "%s %s: stored revision %d, expected %d" % (kind.name.lower(), id, revision, expected_revision)
            )
        self._remember(self.objects, (kind, id))
        self.objects[(kind, id)] = (expected_revision + 1, data)

    def get(self, kind, id):
        try:
            return self.objects[(kind, id)]
        except KeyError:
            raise NotFoundError("no %s %s" % (kind.name.lower(), id)) from None

    def iterate(self, kind):
        return [(id, rev, data) for (k, id), (rev, data) in list(self.objects.items()) if k == kind]

    def audit_append(self, seq, data):
        if seq in self.audit:
            raise ConflictError("audit record %d exists" % seq)
        self._remember(self.audit, seq)
        self.audit[seq] = data

    def audit_iterate(self, from_seq):
        return [(seq, self.audit[seq]) for seq in sorted(self.audit) if seq >= from_seq]

    def audit_replace(self, seq, data):
        if seq not in self.audit:
            raise NotFoundError("no audit record %d" % seq)
        self._remember(self.audit, seq)
        self.audit[seq] = data
