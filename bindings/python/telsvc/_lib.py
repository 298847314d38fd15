"""Finding and loading libtelsvc (and its companions libtelsvc-sqlite and
libtelsvc-pg), declaring every function from the table in _ffi.py, and
turning failures into exceptions.

Where the library is looked for, in order:

1. the path in ``TELSVC_LIBRARY`` (``TELSVC_SQLITE_LIBRARY``,
   ``TELSVC_PG_LIBRARY`` for the companions). When set, it is the only
   place looked: a test or a host that names a library must never run
   silently against another one;
2. a copy beside this package (``telsvc/libtelsvc.so.1``), for wheels that
   ship it; for a companion also beside the loaded libtelsvc;
3. the SONAME, ``libtelsvc.so.1``, through the dynamic loader's search
   path (``LD_LIBRARY_PATH``, the ld.so cache);
4. ``ctypes.util.find_library("telsvc")``.

If none loads, or none is of major version 1, the ImportError lists every
place tried and why it failed.

Callbacks: a Python exception must never cross into C (ctypes would hand C
a garbage return value). Callback bodies run under :func:`guard`, which
records the exception for the calling thread and returns a status instead;
when the library call returns, its error check re-raises the recorded
exception.
"""

import ctypes
import ctypes.util
import os
import threading

from . import _ffi
from .enums import Status
from .errors import TelsvcError, make_error

SONAME = "libtelsvc.so.1"
SQLITE_SONAME = "libtelsvc-sqlite.so.1"
PG_SONAME = "libtelsvc-pg.so.1"
_HERE = os.path.dirname(os.path.abspath(__file__))


class LibraryNotFoundError(ImportError):
    """No usable libtelsvc (or companion library) was found; the message
    lists every place tried."""


class _CallbackState(threading.local):
    """Per thread: how deep in callbacks we are, and what they raised."""

    def __init__(self):
        self.depth = 0
        self.pending = []


_state = _CallbackState()


def _candidates(env, soname, short, extra_dirs=()):
    """(description, what to pass to CDLL) for each place to look, lazily:
    find_library runs a subprocess, so only when the others failed."""
    named = os.environ.get(env)
    if named:
        yield "$%s" % env, named
        return
    yield "beside the package", os.path.join(_HERE, soname)
    for d in extra_dirs:
        yield "beside libtelsvc", os.path.join(d, soname)
    yield "the SONAME", soname
    yield 'ctypes.util.find_library("%s")' % short, ctypes.util.find_library(short)


def _open(what, places, check=None):
    """The first of ``places`` that loads and passes ``check``."""
    tried = []
    for where, path in places:
        if not path:
            tried.append("%s: found nothing" % where)
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as exc:
            tried.append("%s: %s" % (where, exc))
            continue
        problem = check(lib) if check else None
        if problem:
            tried.append("%s (%s): %s" % (where, path, problem))
            continue
        return lib, path
    raise LibraryNotFoundError(
        "cannot load %s; tried:\n  %s" % (what, "\n  ".join(tried)), name=what
    )


def _check_major(lib):
    try:
        version = lib.telsvc_version
    except AttributeError:
        return "no telsvc_version(): not libtelsvc"
    version.restype, version.argtypes = ctypes.c_int, ()
    number = version()
    if number // 1000000 != _ffi.VERSION_MAJOR:
        return "version %d.%d.%d, these bindings need %d.x" % (
            number // 1000000,
            number // 1000 % 1000,
            number % 1000,
            _ffi.VERSION_MAJOR,
        )
    return None


def _message(status):
    text = api.telsvc_error_last()
    if text:
        return text.decode("utf-8", "replace")
    return (api.telsvc_strerror(status) or b"unknown status").decode()


def last_error():
    """The exception for the failure the library recorded last on this
    thread, for the few functions that report one without a status."""
    status = api.telsvc_error_last_status()
    return make_error(status, _message(status))


def _take_pending():
    """The first exception a callback raised during the library call that
    just returned (None if none); forgets the others."""
    if _state.depth or not _state.pending:
        return None
    first = _state.pending[0]
    _state.pending = []
    return first


def check(result, name):
    """Raise what a call named ``name`` that returned the status
    ``result`` failed with: first a callback's exception, else the
    library's error for a negative status. Returns ``result``."""
    pending = _take_pending()
    if pending is not None:
        if result < 0 and hasattr(pending, "add_note"):
            pending.add_note("%s failed: %s" % (name, make_error(result, "").name))
        raise pending
    if result < 0:
        raise make_error(result, _message(result))
    return result


def _check_status(result, func, args):
    return check(result, func.__name__)


def _check_plain(result, func, args):
    pending = _take_pending()
    if pending is not None:
        raise pending
    return result


def _missing(name):
    def call(*args):
        raise TelsvcError(
            "%s is not in the loaded library (version %s)" % (name, version_string),
            status=Status.EINVAL,
        )

    call.__name__ = name
    return call


def _declare(lib, library):
    for fn in _ffi.FUNCTIONS:
        if fn.library != library:
            continue
        try:
            f = getattr(lib, fn.name)
        except AttributeError:
            # A function newer than the loaded library: fail when called.
            setattr(lib, fn.name, _missing(fn.name))
            continue
        f.restype = fn.restype
        f.argtypes = fn.argtypes
        f.errcheck = _check_status if fn.status else _check_plain


def guard(failure, body):
    """Wrap a callback body: an exception inside it is recorded for
    re-raising after the library call, and the callback returns
    ``failure`` (a status, or None for a void callback) with the
    exception's text as the library's message."""

    def callback(*args):
        _state.depth += 1
        try:
            return body(*args)
        except BaseException as exc:  # even KeyboardInterrupt: nothing may reach C
            _state.pending.append(exc)
            if failure is not None:
                text = "%s: %s" % (type(exc).__name__, exc)
                api.telsvc_error_set(failure, text.encode("utf-8", "replace"))
            return failure
        finally:
            _state.depth -= 1

    return callback


def _load():
    return _open("libtelsvc", _candidates("TELSVC_LIBRARY", SONAME, "telsvc"), _check_major)


api, api_path = _load()
_declare(api, "telsvc")
version = api.telsvc_version()
version_string = api.telsvc_version_string().decode()

_companions = {}


def _companion(name, env, soname):
    """The companion library ``name`` ("telsvc-sqlite"), loaded and
    declared on first use."""
    if name not in _companions:
        beside = [os.path.dirname(os.path.abspath(api_path))] if os.sep in api_path else []
        lib, _ = _open("lib" + name, _candidates(env, soname, name, beside))
        _declare(lib, name)
        _companions[name] = lib
    return _companions[name]


def sqlite_api():
    """libtelsvc-sqlite, loaded on first use."""
    return _companion("telsvc-sqlite", "TELSVC_SQLITE_LIBRARY", SQLITE_SONAME)


def pg_api():
    """libtelsvc-pg, loaded on first use."""
    return _companion("telsvc-pg", "TELSVC_PG_LIBRARY", PG_SONAME)


def new_handle(create, free, *args):
    """Call ``create(&out, *args)`` and return the new handle; if the call
    raises after allocating (a callback's exception re-raised on success),
    the handle is freed first."""
    out = ctypes.c_void_p()
    try:
        create(ctypes.byref(out), *args)
    except BaseException:
        if out.value:
            free(out)
        raise
    return out.value
