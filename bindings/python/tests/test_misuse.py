"""Misuse (TESTING.md §9): each case runs in a fresh interpreter, so a
crash of the interpreter fails the case instead of the whole run. Each
script prints "ok" as its last line when every misuse raised cleanly."""

import textwrap
import unittest

import support

PRELUDE = """
import gc, sys
sys.path.insert(0, %r)
import telsvc
from support import AGENT, desk, new_request

def raises(cls, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except cls:
        return
    raise AssertionError("%%s did not raise %%s" %% (fn, cls.__name__))
"""


class Misuse(unittest.TestCase):
    def run_case(self, body):
        r = support.run_python(PRELUDE % support.TESTS + textwrap.dedent(body))
        self.assertEqual(r.returncode, 0, "exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
        self.assertEqual(r.stdout.strip().splitlines()[-1:], ["ok"], r.stdout + r.stderr)

    def test_use_after_close_and_double_close(self):
        self.run_case("""
            ctx, clock = desk()
            policy, store = ctx.policy, ctx.storage
            cal = policy.calendar()
            request = new_request(ctx)
            report = ctx.report()
            ctx.close(); ctx.close()
            policy.close(); store.close(); report.close()
            raises(telsvc.ClosedError, lambda: request.state)
            raises(telsvc.ClosedError, request.apply, "preprocess", AGENT)
            raises(telsvc.ClosedError, lambda: policy.name)
            raises(telsvc.ClosedError, cal.add, 0, "wall", 1)
            raises(telsvc.ClosedError, lambda: store.object_count)
            raises(telsvc.ClosedError, report.to_json)
            raises(telsvc.ClosedError, ctx.load)
            raises(telsvc.ClosedError, telsvc.Policy.default, ctx)
            raises(telsvc.ClosedError, telsvc.MemoryStore, ctx)
            print("ok")
        """)

    def test_pointers_above_4_gib_survive(self):
        # A 64-bit process's heap and mappings lie above 4 GiB: every handle
        # crosses ctypes at its full width, or these calls would crash.
        self.run_case("""
            ctx, clock = desk()
            handles = [ctx._handle(), ctx.policy._handle()]
            request = new_request(ctx)
            report = ctx.report()
            for h in handles:
                value = h if isinstance(h, int) else h.value
                assert value > 2**32, hex(value)
            assert report.to_dict()["overview"]["cases"] == 1
            assert request.state is not None
            ctx.close()
            print("ok")
        """)

    def test_wrong_types_raise_before_reaching_c(self):
        self.run_case("""
            from telsvc._lib import api
            ctx, clock = desk()
            raises(TypeError, ctx.set_policy, None)
            raises(TypeError, ctx.set_storage, "memory")
            raises(TypeError, telsvc.Policy.load, ctx, 3.14)
            raises(TypeError, telsvc.MemoryStore, "ctx")
            raises(TypeError, new_request, ctx, content=b"ok", contact=42)
            r = new_request(ctx)
            raises(TypeError, r.apply, 3.5, AGENT)
            raises(TypeError, r.apply, "preprocess", None)
            raises(TypeError, r.apply, "preprocess", AGENT, at="noon")
            raises(ValueError, r.apply, "teleport", AGENT)
            # Handles come only from the library: no constructor takes one.
            raises(TypeError, telsvc.Policy, ctx, 12345)
            raises(TypeError, telsvc.Calendar, ctx.policy, 12345)
            raises(TypeError, telsvc.Report, ctx, 12345)
            class StrStore(telsvc.DictStore):
                def get(self, kind, id):
                    rev, data = super().get(kind, id)
                    return rev, data.decode("latin-1")
            other, _ = desk(StrStore())
            number = new_request(other).number
            other.find_request(number).release()
            raises(TypeError, other.find_request, number)
            other.close()
            # The raw table: ctypes checks the declared types ...
            import ctypes
            raises(ctypes.ArgumentError, api.telsvc_request_state_of, "not a pointer")
            # ... and a NULL handle is the library's EINVAL, not a crash.
            raises(telsvc.InvalidArgumentError, api.telsvc_request_state_of, None)
            raises(telsvc.InvalidArgumentError, api.telsvc_ctx_now, None, None)
            ctx.close()
            print("ok")
        """)

    def test_a_raising_callback_is_a_clean_error(self):
        self.run_case("""
            class Broken(telsvc.DictStore):
                armed = False
                def put(self, *args):
                    if self.armed:
                        raise MemoryError("simulated")
                    return super().put(*args)
            store = Broken()
            ctx, clock = desk(store)
            r = new_request(ctx)
            before = (dict(store.objects), dict(store.audit))
            store.armed = True
            for _ in range(50):
                raises(MemoryError, r.apply, "preprocess", AGENT)
            store.armed = False
            assert (dict(store.objects), dict(store.audit)) == before
            assert r.state == telsvc.RequestState.RECEIVED
            r.apply("preprocess", AGENT)

            def interrupting_clock():
                raise KeyboardInterrupt
            other = telsvc.Context(clock=interrupting_clock)
            raises(KeyboardInterrupt, other.now)
            other.close()
            ctx.close()
            print("ok")
        """)

    def test_a_raising_rollback_at_close(self):
        self.run_case("""
            class NoRollback(telsvc.DictStore):
                def rollback(self):
                    raise RuntimeError("cannot roll back")
            ctx, clock = desk(NoRollback())
            ctx.begin()
            new_request(ctx)
            raises(RuntimeError, ctx.close)
            assert ctx.closed
            ctx.close()
            print("ok")
        """)

    def test_callbacks_survive_garbage_collection_over_thousands_of_calls(self):
        self.run_case("""
            heard = []
            store = telsvc.DictStore()
            ctx = telsvc.Context(clock=lambda: 1759222800, log=lambda level, message: heard.append(message))
            ctx.set_policy(telsvc.Policy.default(ctx))
            ctx.set_storage(store)
            del store
            for i in range(2000):
                r = new_request(ctx)
                if i % 100 == 0:
                    gc.collect()
                    r.release()
            ctx.load()
            assert ctx.request_count == 2000, ctx.request_count
            assert len(ctx.storage.audit) == 2001
            ctx.close()
            print("ok")
        """)

    def test_objects_left_to_the_garbage_collector_and_to_exit(self):
        self.run_case("""
            owner = telsvc.Context()
            users = []
            for _ in range(20):
                user = telsvc.Context()
                user.set_policy(telsvc.Policy.default(owner))
                user.set_storage(telsvc.MemoryStore(owner))
                new_request(user)
                users.append(user)
            report = users[0].report()
            del owner, user
            users.reverse()
            del users[:10]
            gc.collect()
            # The rest, and the report, are left for interpreter exit.
            print("ok")
        """)

    def test_monitoring_audit_and_analysis_after_close(self):
        self.run_case("""
            import io
            ctx, clock = desk()
            ctx.monitor.enable()
            new_request(ctx)
            report = ctx.report(from_=0, to=clock.now + 1)
            monitor, audit = ctx.monitor, ctx.audit
            ctx.close()
            raises(telsvc.ClosedError, monitor.poll, print, now=0)
            raises(telsvc.ClosedError, monitor.next)
            raises(telsvc.ClosedError, monitor.on_change, print)
            raises(telsvc.ClosedError, audit.set_key, bytes(32))
            raises(telsvc.ClosedError, audit.verify, bytes(32))
            raises(telsvc.ClosedError, audit.purge_due)
            raises(telsvc.ClosedError, ctx.cases)
            raises(telsvc.ClosedError, report.to_html, io.StringIO())
            print("ok")
        """)

    def test_raising_monitor_callbacks_survive_many_calls(self):
        self.run_case("""
            ctx, clock = desk(telsvc.DictStore())
            ctx.monitor.enable()
            told = []
            ctx.monitor.on_change(lambda change: told.append(change.number))
            for i in range(300):
                new_request(ctx, priority="emergency")
                if i % 50 == 0:
                    gc.collect()
            assert len(told) == 300, len(told)
            def interrupt(event):
                raise KeyboardInterrupt
            for _ in range(100):
                raises(KeyboardInterrupt, ctx.monitor.poll, interrupt, now=clock.now + 10 * 3600)
            gc.collect()
            seen = []
            assert ctx.monitor.poll(seen.append, now=clock.now + 10 * 3600) == 900
            assert len({e.id for e in seen}) == 900
            ctx.close()
            print("ok")
        """)


if __name__ == "__main__":
    unittest.main()
