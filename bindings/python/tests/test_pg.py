"""PgStore on a PostgreSQL server: cases through contexts on several
connections, conflicts and their retry, the audit log, counts, errors, and
which targets name PostgreSQL.

The server is the private one ctest starts (tests/pg_server.sh), named by
TELSVC_TEST_PG: these tests run as their own ctest, python_pg, and the
discovery run of python_bindings, which has no server, leaves them out.
Each test stores in a schema of its own; the server is deleted with them.
"""

import itertools
import os
import pathlib
import unittest

from support import AGENT, desk, new_complaint, new_request

import telsvc
from telsvc import AuditVerdict, Kind, RequestState

KEY = bytes(range(32))
_schemas = itertools.count(1)


def load_tests(loader, tests, pattern):
    """The tests when the module is run or named, none for discovery."""
    return tests if pattern is None else unittest.TestSuite()


class PgTest(unittest.TestCase):
    """A test with the server's connection string and a fresh schema."""

    def setUp(self):
        self.conninfo = os.environ.get("TELSVC_TEST_PG")
        if not self.conninfo:
            self.fail("TELSVC_TEST_PG is not set: run these tests through ctest (ctest -R python_pg), "
                      "which starts a PostgreSQL server for them")
        self.schema = "py_%d_%d" % (os.getpid(), next(_schemas))

    def store(self, **options):
        """A new connection to this test's schema, closed after the test."""
        store = telsvc.PgStore(self.conninfo, self.schema, **options)
        self.addCleanup(store.close)
        return store

    def desk(self, store):
        """A context on ``store``, closed after the test."""
        ctx, _ = desk(store)
        self.addCleanup(ctx.close)
        return ctx


class PgStoreTest(PgTest):
    def test_cases_survive_on_the_server(self):
        store = self.store()
        ctx = self.desk(store)
        r = new_request(ctx)
        r.apply("preprocess", AGENT)
        complaint = new_complaint(ctx)
        self.assertEqual(store.object_count(), 2)
        self.assertEqual(store.object_count(Kind.REQUEST), 1)
        self.assertEqual(store.object_count(Kind.INCIDENT), 0)
        self.assertEqual(store.audit_count, 4)  # the log opens with a record of its own

        again = self.desk(self.store(must_exist=True))
        again.load()
        self.assertEqual((again.request_count, again.complaint_count), (1, 1))
        found = again.find_request(r.number)
        self.assertIs(found.state, RequestState.PREPROCESSING)
        self.assertEqual(found.history, r.history)
        self.assertEqual(again.find_complaint(complaint.number).state, complaint.state)
        self.assertEqual([row["number"] for row in again.cases("request")], [r.number])

    def test_a_conflict_between_two_connections_is_retried(self):
        first = self.desk(self.store())
        r = new_request(first)
        second = self.desk(self.store(must_exist=True))
        stale = second.find_request(r.number)
        r.apply("preprocess", AGENT)
        with self.assertRaises(telsvc.ConflictError):
            stale.apply("cancel", AGENT)
        self.assertIs(stale.state, RequestState.RECEIVED)
        stale.release()  # read it again, and retry
        self.assertIs(stale.state, RequestState.PREPROCESSING)
        stale.apply("cancel", AGENT)
        r.release()
        self.assertIs(r.state, RequestState.CANCELLED)
        self.assertEqual(r.revision, 3)

    def test_the_audit_log_verifies(self):
        ctx = self.desk(self.store())
        ctx.audit.set_key(KEY)
        new_request(ctx).apply("preprocess", AGENT)
        new_complaint(ctx)
        anchor = ctx.audit.head()
        self.assertEqual(ctx.audit.verify(KEY, anchor).verdict, AuditVerdict.OK)

        reader = self.desk(self.store(must_exist=True))
        reader.audit.set_key(KEY)
        reader.load()
        result = reader.audit.verify(KEY, anchor)
        self.assertEqual((result.verdict, result.records), (AuditVerdict.OK, anchor.seq))

    def test_lifetimes(self):
        with telsvc.Context() as ctx, telsvc.PgStore(self.conninfo, self.schema) as db:
            ctx.set_policy(telsvc.Policy.default(ctx))
            ctx.set_storage(db)
            new_request(ctx)
            with self.assertRaises(telsvc.InUseError):
                db.close()
        self.assertTrue(db.closed)
        self.assertEqual(repr(db), '<telsvc.PgStore "%s" closed>' % self.schema)
        with self.assertRaises(telsvc.ClosedError):
            db.object_count()
        db.close()
        self.assertEqual(self.store(must_exist=True).object_count(), 1)

    def test_a_missing_schema_with_must_exist(self):
        with self.assertRaises(telsvc.NotFoundError):
            telsvc.PgStore(self.conninfo, self.schema, must_exist=True)

    def test_a_bad_conninfo(self):
        with self.assertRaises(telsvc.StorageError) as cm:
            telsvc.PgStore("host=/nonexistent dbname=postgres")
        self.assertIn("postgresql: connecting", str(cm.exception))

    def test_bad_arguments(self):
        with self.assertRaises(TypeError):
            telsvc.PgStore(self.conninfo, self.schema, lock_timeout_ms=True)
        with self.assertRaises(TypeError):
            telsvc.PgStore(None)

    def test_open_store_picks_postgresql(self):
        store = telsvc.open_store(self.conninfo, schema=self.schema, lock_timeout_ms=1000)
        self.addCleanup(store.close)
        self.assertIsInstance(store, telsvc.PgStore)
        self.assertEqual(store.schema, '"%s"' % self.schema)


class TargetTest(unittest.TestCase):
    def test_what_names_postgresql(self):
        for target in (
            "postgresql://user@db.example/crm",
            "postgres://db.example/crm",
            "host=/run/postgresql dbname=crm",
            "dbname=crm",
        ):
            with self.subTest(target=target):
                self.assertTrue(telsvc.is_pg_target(target))
        for target in ("branch.db", ":memory:", "/srv/postgresql/branch.db", pathlib.Path("run=1.db"), b"a=b.db"):
            with self.subTest(target=target):
                self.assertFalse(telsvc.is_pg_target(target))

    def test_open_store_opens_anything_else_as_sqlite(self):
        with telsvc.open_store(":memory:") as store:
            self.assertIsInstance(store, telsvc.SqliteStore)


if __name__ == "__main__":
    unittest.main()
