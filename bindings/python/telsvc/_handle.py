"""Handles and their lifetimes, and the conversions every module shares.

The library's ownership rules (docs/conventions.md) are strict: a policy,
buffer, memory store or report is freed through the context it was made
from, so it must go before that context; a context borrows its policy and
its storage, so they must outlive it. Here each handle lives in a
:class:`State`, kept apart from the Python object that wraps it so that
``weakref.finalize`` can free it without keeping the wrapper alive:

- a context's state frees the states of its children before itself;
- a state lent to contexts (a policy, a store) records them as borrowers:
  closing it by hand while one of them is open raises :class:`InUseError`,
  and the garbage collector closes those contexts first;
- a closed state has no handle, and every wrapper checks that before it
  calls the library, raising :class:`ClosedError` instead of passing C a
  dangling pointer.
"""

import datetime
import weakref

from . import _ffi
from ._lib import api, new_handle
from .errors import ClosedError, InUseError, InvalidArgumentError


class State:
    """A library handle and the function that frees it."""

    def __init__(self, what, handle, free, owner=None):
        self.what = what
        self.handle = handle
        self._free = free
        self.owner = owner
        self.borrowers = weakref.WeakSet()
        self.deferred = False
        if owner is not None:
            owner.children[id(self)] = self

    def require(self):
        """The handle; ClosedError once closed."""
        if self.handle is None:
            raise ClosedError("the %s is closed" % self.what)
        return self.handle

    def open_borrowers(self, besides=None):
        return [b for b in list(self.borrowers) if b.handle is not None and b is not besides]

    def release(self):
        """What leaving a ``with`` block does: close now, or, while open
        contexts use this, as soon as the last of them closes. So
        ``with Context() as ctx, SqliteStore(path) as db:`` works although
        the store's block ends first."""
        if self.open_borrowers():
            self.deferred = True
        else:
            self.close()

    def close(self, force=False, closing=None):
        """Free the handle once. ``closing`` is the context being closed
        (its own use does not count); ``force`` (garbage collection) closes
        the contexts still using this first instead of refusing."""
        if self.handle is None:
            return
        users = self.open_borrowers(closing)
        if users and not force:
            raise InUseError(
                "the %s is in use by an open context: close that context first, "
                "or give it another %s" % (self.what, self.what)
            )
        for user in users:
            user.close(force=True)
        handle, self.handle = self.handle, None
        if self.owner is not None:
            self.owner.children.pop(id(self), None)
        self._free(handle)


class Owned:
    """The lifetime of an object whose library handle is in ``self._st``.

    ``close()`` frees it now. Leaving a ``with`` block closes it too,
    except for objects a context borrows (policies, stores): those set
    ``_release_on_exit`` and are freed once no open context uses them.
    """

    _release_on_exit = False

    def close(self):
        """Free it now. Idempotent."""
        self._st.close()

    @property
    def closed(self):
        """Whether it was closed."""
        return self._st.handle is None

    def __enter__(self):
        self._st.require()
        return self

    def __exit__(self, *exc):
        if self._release_on_exit:
            self._st.release()
        else:
            self.close()

    def _handle(self):
        return self._st.require()


class ContextState(State):
    """A context's handle, its children, what it borrows and the callbacks
    C may call while it lives."""

    def __init__(self, handle, callbacks):
        super().__init__("context", handle, api.telsvc_ctx_free)
        self.children = {}
        self.lent = {}  # "policy" / "storage" -> the State or store it uses
        self.callbacks = callbacks
        self.kept = {}  # callbacks set after creation, by purpose
        self.in_txn = False

    def keep(self, purpose, callback):
        """Keep ``callback`` alive while C may call it: until it is
        replaced for the same ``purpose`` or the context closes."""
        self.require()
        self.kept[purpose] = callback

    def lend(self, role, lendable):
        """Record that this context now uses ``lendable`` as its ``role``."""
        old = self.lent.get(role)
        if old is not None and old is not lendable:
            old.borrowers.discard(self)
        self.lent[role] = lendable
        lendable.borrowers.add(self)

    def rollback(self):
        """Roll back the host transaction, if the library has not already
        (it does when storage fails inside one)."""
        self.in_txn = False
        try:
            api.telsvc_txn_rollback(self.require())
        except InvalidArgumentError:
            if api.telsvc_txn_active(self.handle):
                raise

    def close(self, force=False, closing=None):
        if self.handle is None:
            return
        if not force:
            for child in self.children.values():
                if child.open_borrowers(self):
                    raise InUseError(
                        "the context's %s is in use by another open context: close that "
                        "one first" % child.what
                    )
        error = None
        if self.in_txn:
            # Roll back while the storage is alive: a memory store is one of
            # the children freed below, and telsvc_ctx_free would roll back
            # through it afterwards.
            try:
                self.rollback()
            except Exception as exc:
                error = exc
        for child in reversed(list(self.children.values())):
            child.close(force=True, closing=self)
        handle, self.handle = self.handle, None
        api.telsvc_ctx_free(handle)
        self.callbacks = self.kept = None
        for lendable in self.lent.values():
            lendable.borrowers.discard(self)
            if getattr(lendable, "deferred", False) and not lendable.open_borrowers():
                lendable.close()
        if error is not None and not force:
            raise error


def context_state(ctx):
    """The state of a :class:`telsvc.Context` argument."""
    state = getattr(ctx, "_st", None)
    if not isinstance(state, ContextState):
        raise TypeError("expected a telsvc.Context, not %s" % type(ctx).__name__)
    return state


def finalize(wrapper, state):
    """Close ``state`` when ``wrapper`` is garbage collected."""
    return weakref.finalize(wrapper, state.close, True)


def buffer_text(ctx_handle, write, *args):
    """What ``write(buf, *args)`` puts into a new telsvc_buf of the context
    ``ctx_handle``, as str."""
    buf = new_handle(api.telsvc_buf_new, api.telsvc_buf_free, ctx_handle)
    try:
        write(buf, *args)
        return api.telsvc_buf_data(buf).decode("utf-8")
    finally:
        api.telsvc_buf_free(buf)


# --- conversions ---------------------------------------------------------------


def text_arg(value, what, optional=False):
    """A str (or bytes) argument as UTF-8 bytes for C."""
    if value is None and optional:
        return None
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, bytes):
        return value
    raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))


def text_result(value):
    """A borrowed C string as str (None stays None)."""
    return None if value is None else value.decode("utf-8", "replace")


def int_arg(value, what):
    """An integer argument (bool refused: a flag is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (what, type(value).__name__))
    return value


def enum_arg(value, cls, what, optional=False):
    """A member of ``cls``, its name ("phone"), or its int value."""
    if value is None and optional:
        return 0
    if isinstance(value, str):
        try:
            return cls[value.upper()]
        except KeyError:
            names = ", ".join(m.name.lower() for m in cls)
            raise ValueError("%s: no %s named %r (one of %s)" % (what, cls.__name__, value, names))
    return int_arg(value, what)


def time_arg(value, what, optional=True):
    """An instant as seconds since the epoch: an int or an aware datetime;
    None (when optional) is 0, which the library reads as "the context's
    clock"."""
    if value is None and optional:
        return 0
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("%s: a datetime needs a time zone" % what)
        return int(value.timestamp())
    return int_arg(value, what)


def instant(value):
    """An instant from C: None for TELSVC_NEVER."""
    return None if value == _ffi.NEVER else value


def actor_arg(actor):
    """A telsvc_actor from ``(id, role)``."""
    if isinstance(actor, (str, bytes)) or not hasattr(actor, "__len__") or len(actor) != 2:
        raise TypeError("actor must be an (id, role) pair, such as ('zhang', 'agent')")
    who, role = actor
    return _ffi.Actor(text_arg(who, "actor id"), text_arg(role, "actor role"))
