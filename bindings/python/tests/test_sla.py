"""SLA clocks: deadlines on the limit's own clock, pauses, stop, reclassification."""

import datetime
import unittest

import support
import telsvc
from telsvc import Param, SlaState

TZ = datetime.timezone(datetime.timedelta(hours=8))
# Tue 2025-09-30 17:00 +08:00, before the National Day holiday (§6.2's example)
T0 = int(datetime.datetime(2025, 9, 30, 17, 0, tzinfo=TZ).timestamp())
HOUR = 3600


class SlaClock(unittest.TestCase):
    def setUp(self):
        self.ctx, _ = support.desk()
        self.addCleanup(self.ctx.close)
        self.cal = self.ctx.policy.calendar()

    def test_deadline_follows_the_limits_clock(self):
        # a general complaint's closed loop: 5 working days, as the calendar counts them
        sla = self.ctx.sla(Param.COMPLAINT_GENERAL_CLOSE, T0)
        self.assertEqual(sla.state, SlaState.RUNNING)
        self.assertEqual(sla.limit, Param.COMPLAINT_GENERAL_CLOSE)
        self.assertEqual(sla.start, T0)
        want = self.cal.add(T0, "working_days", 5)
        self.assertEqual(sla.deadline(), want)
        self.assertEqual(want, int(datetime.datetime(2025, 10, 15, tzinfo=TZ).timestamp()))
        self.assertLess(sla.warning(), want)
        self.assertLess(sla.warning(100000), sla.warning(900000))

    def test_pause_moves_the_deadline_and_stop_freezes_it(self):
        sla = self.ctx.sla(Param.REQUEST_GENERAL, T0)  # 8 h on the wall clock
        self.assertEqual(sla.deadline(), T0 + 8 * HOUR)
        sla.pause(T0 + HOUR)
        self.assertEqual(sla.state, SlaState.PAUSED)
        self.assertIsNone(sla.deadline())
        sla.resume(T0 + 3 * HOUR)
        self.assertEqual(sla.pauses, [(T0 + HOUR, T0 + 3 * HOUR)])
        self.assertEqual(sla.deadline(), T0 + 10 * HOUR)
        self.assertEqual(sla.elapsed(T0 + 4 * HOUR), 2 * HOUR)
        self.assertEqual(sla.remaining(T0 + 4 * HOUR), 6 * HOUR)
        sla.stop(T0 + 5 * HOUR)
        self.assertEqual(sla.state, SlaState.STOPPED)
        self.assertEqual(sla.stopped_at, T0 + 5 * HOUR)
        self.assertEqual(sla.elapsed(T0 + 20 * HOUR), 3 * HOUR)

    def test_reclassification_counts_from_the_same_start(self):
        sla = self.ctx.sla(Param.REQUEST_GENERAL, T0)
        sla.set_limit(Param.REQUEST_EMERGENCY)
        self.assertEqual(sla.deadline(), T0 + 2 * HOUR)

    def test_errors_reach_python(self):
        sla = self.ctx.sla(Param.REQUEST_GENERAL, T0)
        with self.assertRaises(telsvc.TelsvcError):
            sla.resume(T0 + HOUR)  # not paused
        with self.assertRaises(telsvc.TelsvcError):
            sla.warning(2000000)  # more than the whole limit
        with self.assertRaises(ValueError):
            self.ctx.sla(Param.REQUEST_GENERAL, datetime.datetime(2025, 9, 30))  # naive
        sla.close()
        sla.close()
        with self.assertRaises(telsvc.ClosedError):
            sla.deadline()

    def test_closing_the_context_closes_its_clocks(self):
        ctx, _ = support.desk()
        sla = ctx.sla(Param.REQUEST_GENERAL, T0)
        ctx.close()
        with self.assertRaises(telsvc.ClosedError):
            sla.state


if __name__ == "__main__":
    unittest.main()
