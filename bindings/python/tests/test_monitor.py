"""Monitoring: events of deadlines, polling, and the change callback."""

import gc
import unittest

from support import AGENT, HOUR, T0, desk, new_request

import telsvc
from telsvc import EventType, Kind, Param, RequestAction, RequestState

WARNING_AT = T0 + 2 * HOUR * 8 // 10  # 80 % of an emergency's two hours


class MonitorTest(unittest.TestCase):
    def setUp(self):
        self.store = telsvc.DictStore()
        self.ctx, self.clock = desk(self.store)
        self.addCleanup(self.ctx.close)
        self.ctx.monitor.enable()
        self.request = new_request(self.ctx, priority="emergency")

    def test_events_in_time_order_once(self):
        self.assertEqual(self.ctx.monitor.next(), WARNING_AT)
        events = []
        self.assertEqual(self.ctx.monitor.poll(events.append, now=T0 + 3 * HOUR), 3)
        self.assertEqual([e.type for e in events], [EventType.WARNING, EventType.BREACH, EventType.ESCALATION])
        first = events[0]
        self.assertEqual((first.kind, first.number, first.limit), (Kind.REQUEST, self.request.number,
                                                                   Param.REQUEST_EMERGENCY))
        self.assertEqual((first.at, first.due, first.level, first.role, first.problem),
                         (WARNING_AT, T0 + 2 * HOUR, 1, "agent", None))
        self.assertIn(":warning:", first.id)
        with self.assertRaises(AttributeError):
            first.level = 2  # events are immutable
        # Recorded as delivered: not again, not after a reload either.
        self.assertEqual(self.ctx.monitor.poll(events.append, now=T0 + 4 * HOUR), 0)
        self.assertIsNone(self.ctx.monitor.next())
        self.ctx.load()
        self.ctx.monitor.recompute()
        self.assertEqual(self.ctx.monitor.poll(events.append, now=T0 + 4 * HOUR), 0)

    def test_poll_defaults_to_the_clock(self):
        self.clock.now = WARNING_AT
        seen = []
        self.assertEqual(self.ctx.monitor.poll(seen.append), 1)
        self.assertEqual(seen[0].type, EventType.WARNING)

    def test_a_raising_callback_stops_the_poll_and_is_raised(self):
        seen = []

        def second_fails(event):
            if seen:
                raise RuntimeError("pager down")
            seen.append(event)

        with self.assertRaises(RuntimeError) as caught:
            self.ctx.monitor.poll(second_fails, now=T0 + 3 * HOUR)
        self.assertEqual(str(caught.exception), "pager down")
        # The first was accepted and recorded; the refused one comes again.
        rest = []
        self.assertEqual(self.ctx.monitor.poll(rest.append, now=T0 + 3 * HOUR), 2)
        self.assertEqual([e.type for e in rest], [EventType.BREACH, EventType.ESCALATION])

    def test_poll_misuse(self):
        with self.assertRaises(TypeError):
            self.ctx.monitor.poll(None)
        with self.assertRaises(TypeError):
            self.ctx.monitor.poll(print, now="noon")
        other, _ = desk()
        self.addCleanup(other.close)
        with self.assertRaises(telsvc.InvalidArgumentError):
            other.monitor.next()  # not enabled
        self.ctx.begin()
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.ctx.monitor.poll(print, now=T0)
        self.ctx.rollback()

    def test_changes_pushed_after_commit(self):
        changes = []
        self.ctx.monitor.on_change(changes.append)
        gc.collect()  # the callback is kept alive by the context
        created = new_request(self.ctx)
        self.request.apply("preprocess", AGENT)
        with self.ctx.transaction():
            created.apply("preprocess", AGENT)
            self.assertEqual(len(changes), 2)  # told at commit only
        self.assertEqual(len(changes), 3)
        first, second = changes[:2]
        self.assertEqual((first.number, first.action, first.from_state, first.to_state, first.revision),
                         (created.number, None, None, RequestState.RECEIVED, 1))
        self.assertEqual((second.action, second.from_state, second.to_state, second.actor, second.role),
                         (RequestAction.PREPROCESS, RequestState.RECEIVED, RequestState.PREPROCESSING) + AGENT)
        self.ctx.monitor.on_change(None)
        new_request(self.ctx)
        self.assertEqual(len(changes), 3)

    def test_a_raising_change_callback_is_raised_after_the_change(self):
        def broken(change):
            raise ValueError("listener failed")

        self.ctx.monitor.on_change(broken)
        with self.assertRaises(ValueError):
            self.request.apply("preprocess", AGENT)
        self.assertEqual(self.request.state, RequestState.PREPROCESSING)  # committed before it was told
        with self.assertRaises(TypeError):
            self.ctx.monitor.on_change("print")


if __name__ == "__main__":
    unittest.main()
