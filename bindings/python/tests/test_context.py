"""The context: hooks, lifetime, what it lends and borrows, transactions."""

import datetime
import gc
import unittest

from support import T0, Clock, desk, new_request

import telsvc
from telsvc import LogLevel


class Hooks(unittest.TestCase):
    def test_the_clock_hook_gives_now(self):
        clock = Clock()
        with telsvc.Context(clock=clock) as ctx:
            self.assertEqual(ctx.now(), T0)
            clock.advance(60)
            self.assertEqual(ctx.now(), T0 + 60)

    def test_a_clock_may_return_an_aware_datetime(self):
        when = datetime.datetime(2025, 9, 30, 9, 0, tzinfo=datetime.timezone.utc)
        with telsvc.Context(clock=lambda: when) as ctx:
            self.assertEqual(ctx.now(), T0)

    def test_the_system_clock_without_a_hook(self):
        with telsvc.Context() as ctx:
            self.assertGreater(ctx.now(), T0)

    def test_the_log_hook_hears_a_policy_loaded(self):
        heard = []
        with telsvc.Context(log=lambda level, message: heard.append((level, message))) as ctx:
            telsvc.Policy.default(ctx)
        self.assertTrue(heard)
        self.assertIs(heard[0][0], LogLevel.INFO)
        self.assertIsInstance(heard[0][1], str)

    def test_hooks_must_be_callable(self):
        with self.assertRaises(TypeError):
            telsvc.Context(clock=42)
        with self.assertRaises(TypeError):
            telsvc.Context(log="print")


class Lifetime(unittest.TestCase):
    def test_close_is_idempotent_and_final(self):
        ctx = telsvc.Context()
        self.assertFalse(ctx.closed)
        ctx.close()
        ctx.close()
        self.assertTrue(ctx.closed)
        with self.assertRaises(telsvc.ClosedError):
            ctx.now()
        with self.assertRaises(telsvc.ClosedError):
            with ctx:
                pass
        self.assertIn("closed", repr(ctx))

    def test_closing_the_context_closes_what_was_made_from_it(self):
        ctx, _ = desk()
        policy, store = ctx.policy, ctx.storage
        report = ctx.report()
        ctx.close()
        self.assertTrue(policy.closed)
        self.assertTrue(store.closed)
        self.assertTrue(report.closed)

    def test_children_keep_their_context_alive(self):
        ctx, _ = desk()
        request = new_request(ctx)
        policy = ctx.policy
        del ctx
        gc.collect()
        self.assertEqual(request.state, telsvc.RequestState.RECEIVED)
        self.assertEqual(policy.name, "handbook")

    def test_a_lent_policy_cannot_be_closed_under_its_user(self):
        owner = telsvc.Context()
        policy = telsvc.Policy.default(owner)
        user = telsvc.Context()
        user.set_policy(policy)
        with self.assertRaises(telsvc.InUseError):
            policy.close()
        with self.assertRaises(telsvc.InUseError):
            owner.close()
        self.assertFalse(owner.closed)
        user.close()
        owner.close()
        self.assertTrue(policy.closed)

    def test_with_blocks_in_either_order(self):
        owner = telsvc.Context()
        with telsvc.Context() as ctx, telsvc.Policy.default(owner) as policy:
            ctx.set_policy(policy)
            with telsvc.MemoryStore(owner) as store:
                ctx.set_storage(store)
            new_request(ctx)  # the store's block ended; the context still uses it
            self.assertFalse(store.closed)
        self.assertTrue(store.closed)
        self.assertTrue(policy.closed)
        owner.close()

    def test_a_replaced_policy_may_be_closed(self):
        with telsvc.Context() as ctx:
            first = ctx.set_policy(telsvc.Policy.default(ctx))
            ctx.set_policy(telsvc.Policy.default(ctx))
            first.close()
            self.assertTrue(first.closed)

    def test_garbage_collection_frees_in_a_safe_order(self):
        owner = telsvc.Context()
        user = telsvc.Context()
        user.set_policy(telsvc.Policy.default(owner))
        user.set_storage(telsvc.MemoryStore(owner))
        new_request(user)
        del owner
        gc.collect()
        self.assertEqual(user.request_count, 1)
        del user
        gc.collect()

    def test_set_policy_and_storage_check_their_argument(self):
        with telsvc.Context() as ctx:
            with self.assertRaises(TypeError):
                ctx.set_policy("handbook")
            with self.assertRaises(TypeError):
                ctx.set_storage({})


class Transactions(unittest.TestCase):
    def setUp(self):
        self.ctx, self.clock = desk()
        self.addCleanup(self.ctx.close)

    def test_a_transaction_stores_all_or_nothing(self):
        with self.assertRaises(RuntimeError):
            with self.ctx.transaction():
                new_request(self.ctx)
                new_request(self.ctx)
                self.assertTrue(self.ctx.in_transaction)
                raise RuntimeError("changed my mind")
        self.assertFalse(self.ctx.in_transaction)
        self.assertEqual(self.ctx.request_count, 0)
        self.assertEqual(self.ctx.storage.object_count, 0)
        with self.ctx.transaction():
            a, b = new_request(self.ctx), new_request(self.ctx)
        self.assertEqual(self.ctx.storage.object_count, 2)
        self.assertNotEqual(a.number, b.number)

    def test_begin_twice_is_refused(self):
        self.ctx.begin()
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.ctx.begin()
        self.ctx.rollback()

    def test_commit_without_a_transaction_is_refused(self):
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.ctx.commit()

    def test_closing_with_a_transaction_open_rolls_it_back(self):
        store = telsvc.DictStore()
        ctx, _ = desk(store)
        ctx.begin()
        new_request(ctx)
        ctx.close()
        self.assertEqual(store.objects, {})
        self.assertEqual(store.audit, {})


if __name__ == "__main__":
    unittest.main()
