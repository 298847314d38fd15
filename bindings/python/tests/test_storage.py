"""Stores: the memory store, SQLite, and stores written in Python, with
exceptions raised inside their callbacks."""

import os
import tempfile
import unittest

from support import AGENT, desk, new_request

import telsvc
from telsvc import Kind, RequestState


def sqlite_available():
    try:
        from telsvc._lib import sqlite_api

        sqlite_api()
        return True
    except telsvc.LibraryNotFoundError:
        return False


class MemoryStoreTest(unittest.TestCase):
    def test_counts(self):
        ctx, _ = desk()
        with ctx:
            store = ctx.storage
            self.assertEqual((store.object_count, store.audit_count), (0, 0))
            r = new_request(ctx)
            r.apply("preprocess", AGENT)
            self.assertEqual(store.object_count, 1)
            self.assertEqual(store.audit_count, 3)  # the log opens with a record of its own
            self.assertIn("MemoryStore", repr(store))

    def test_a_store_in_use_cannot_be_closed(self):
        ctx, _ = desk()
        with self.assertRaises(telsvc.InUseError):
            ctx.storage.close()
        ctx.close()


class DictStoreTest(unittest.TestCase):
    def test_it_holds_what_the_library_stores(self):
        store = telsvc.DictStore()
        ctx, _ = desk(store)
        r = new_request(ctx)
        r.apply("preprocess", AGENT)
        ctx.close()
        self.assertEqual(list(store.objects), [(Kind.REQUEST, r.number)])
        self.assertEqual(store.objects[(Kind.REQUEST, r.number)][0], 2)
        self.assertEqual(sorted(store.audit), [1, 2, 3])

    def test_another_context_loads_the_same_cases(self):
        store = telsvc.DictStore()
        first, _ = desk(store)
        r = new_request(first)
        r.apply("preprocess", AGENT)
        second, _ = desk(store)
        second.load()
        again = second.find_request(r.number)
        self.assertIs(again.state, RequestState.PREPROCESSING)
        self.assertEqual(again.history, r.history)
        first.close()
        second.close()

    def test_a_stale_writer_loses_the_compare_and_swap(self):
        store = telsvc.DictStore()
        first, _ = desk(store)
        r = new_request(first)
        second, _ = desk(store)
        second.load()
        r.apply("preprocess", AGENT)
        with self.assertRaises(telsvc.ConflictError):
            second.find_request(r.number).apply("cancel", AGENT)
        first.close()
        second.close()

    def test_find_reads_through_get(self):
        store = telsvc.DictStore()
        first, _ = desk(store)
        number = new_request(first).number
        first.close()
        second, _ = desk(store)
        self.assertIs(second.find_request(number).state, RequestState.RECEIVED)
        with self.assertRaises(telsvc.NotFoundError):
            second.find_request("SR-20250930-000099")
        second.close()


class Failing(telsvc.DictStore):
    """A dict store whose named method raises ``error`` while armed."""

    def __init__(self):
        super().__init__()
        self.method, self.error = None, None

    def _trip(self, method):
        if method == self.method:
            raise self.error

    def put(self, *args):
        self._trip("put")
        return super().put(*args)

    def get(self, *args):
        self._trip("get")
        return super().get(*args)

    def audit_append(self, *args):
        self._trip("audit_append")
        return super().audit_append(*args)

    def commit(self):
        # Commits, then fails: the outcome a host cannot tell from a loss.
        super().commit()
        self._trip("commit")


class CallbackErrors(unittest.TestCase):
    def setUp(self):
        self.store = Failing()
        self.ctx, self.clock = desk(self.store)
        self.addCleanup(self.ctx.close)
        self.request = new_request(self.ctx)

    def snapshot(self):
        return dict(self.store.objects), dict(self.store.audit)

    def test_an_exception_in_a_callback_is_raised_again_and_changes_nothing(self):
        for method in ("put", "audit_append"):
            with self.subTest(method=method):
                before = self.snapshot()
                self.store.method, self.store.error = method, KeyError("disk on fire")
                with self.assertRaises(KeyError) as cm:
                    self.request.apply("preprocess", AGENT)
                self.assertEqual(cm.exception.args, ("disk on fire",))
                notes = getattr(cm.exception, "__notes__", ["TELSVC_EUSER"])
                self.assertIn("TELSVC_EUSER", notes[0])
                self.store.method = None
                self.assertIs(self.request.state, RequestState.RECEIVED)
                self.assertEqual(self.request.revision, 1)
                self.assertEqual(self.snapshot(), before)
        self.request.apply("preprocess", AGENT)
        self.assertIs(self.request.state, RequestState.PREPROCESSING)

    def test_an_exception_in_get_reaches_the_finder(self):
        self.request.release()
        self.store.method, self.store.error = "get", OSError("network down")
        with self.assertRaises(OSError):
            self.ctx.find_request(self.request.number)
        self.store.method = None
        self.assertIs(self.ctx.find_request(self.request.number).state, RequestState.RECEIVED)

    def test_a_contract_answer_is_a_status_not_an_exception(self):
        self.store.method = "put"
        self.store.error = telsvc.StorageError("quota exceeded")
        with self.assertRaises(telsvc.StorageError):
            self.request.apply("preprocess", AGENT)
        self.store.error = telsvc.ConflictError("someone else wrote it")
        with self.assertRaises(telsvc.ConflictError):
            self.request.apply("preprocess", AGENT)

    def test_a_failed_commit_leaves_the_outcome_unknown_until_read_again(self):
        self.store.method, self.store.error = "commit", RuntimeError("connection lost")
        with self.assertRaises(RuntimeError):
            self.request.apply("preprocess", AGENT)
        self.store.method = None
        with self.assertRaises(telsvc.StorageError):
            self.request.apply("start", AGENT)
        self.request.release()
        self.assertEqual(self.request.revision, 2)
        self.assertIs(self.request.state, RequestState.PREPROCESSING)

    def test_a_hook_that_raises(self):
        def bad_log(level, message):
            raise ValueError("log sink full")

        with telsvc.Context(log=bad_log) as ctx:
            with self.assertRaises(ValueError):
                telsvc.Policy.default(ctx)

        def bad_clock():
            raise ZeroDivisionError("no time")

        with telsvc.Context(clock=bad_clock) as ctx:
            with self.assertRaises(ZeroDivisionError):
                ctx.now()
            self.assertEqual(telsvc.Policy.default(ctx).name, "handbook")


@unittest.skipUnless(sqlite_available(), "libtelsvc-sqlite is not available")
class SqliteStoreTest(unittest.TestCase):
    def test_cases_survive_in_the_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "desk.db")
            store = telsvc.SqliteStore(path, sync=telsvc.SqliteSync.FULL)
            ctx, _ = desk(store)
            number = new_request(ctx).number
            ctx.close()
            self.assertEqual(store.object_count(), 1)
            self.assertEqual(store.object_count(Kind.COMPLAINT), 0)
            self.assertEqual(store.audit_count, 2)
            store.close()
            store.close()
            self.assertTrue(store.closed)

            with telsvc.SqliteStore(path, must_exist=True) as again:
                ctx, _ = desk(again)
                ctx.load()
                self.assertEqual(ctx.request_count, 1)
                self.assertIs(ctx.find_request(number).state, RequestState.RECEIVED)
                with self.assertRaises(telsvc.InUseError):
                    again.close()
                ctx.close()

    def test_a_missing_file_with_must_exist(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(telsvc.NotFoundError):
                telsvc.SqliteStore(os.path.join(tmp, "none.db"), must_exist=True)

    def test_in_memory(self):
        with telsvc.SqliteStore(":memory:") as store:
            ctx, _ = desk(store)
            new_request(ctx)
            self.assertEqual(store.object_count(Kind.REQUEST), 1)
            ctx.close()


if __name__ == "__main__":
    unittest.main()
