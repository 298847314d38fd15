"""The policy, its parameters and its calendars."""

import datetime
import os
import unittest

from support import ROOT, T0

import telsvc
from telsvc import Clock, Param

HANDBOOK = os.path.join(ROOT, "policy", "handbook.yaml")


class PolicyTest(unittest.TestCase):
    def setUp(self):
        self.ctx = telsvc.Context()
        self.addCleanup(self.ctx.close)
        self.policy = telsvc.Policy.default(self.ctx)

    def test_the_default_is_the_handbook(self):
        self.assertEqual(self.policy.name, "handbook")
        self.assertEqual(repr(self.policy), "<telsvc.Policy 'handbook'>")
        self.assertIs(self.policy.context, self.ctx)
        limit = self.policy.limit(Param.REQUEST_EMERGENCY)
        self.assertEqual(limit, telsvc.Limit(True, Clock.WALL, 7200, "business"))
        self.assertEqual(self.policy.limit("complaints.limits.major.closed_loop").amount, 10)
        self.assertIs(self.policy.limit("complaints.limits.major.closed_loop").clock, Clock.WORKING_DAYS)
        self.assertEqual(self.policy.value("quality.satisfaction_target"), 900000)
        self.assertEqual(
            self.policy.names("requests.preprocessing.signatures"),
            ["preprocessor", "service_owner", "quality_monitor"],
        )
        self.assertEqual(self.policy.text(Param.REQUEST_NUMBER_PATTERN), "SR-{yyyy}{mm}{dd}-{seq:6}")
        self.assertIn("customer", self.policy.roles)
        self.assertIn("§", self.policy.roles["supervisor"])

    def test_a_document_overrides_the_defaults(self):
        policy = telsvc.Policy.load(
            self.ctx, "name: branch-north\nrequests:\n  limits:\n    emergency: {limit: 90min}\n"
        )
        self.assertEqual(policy.name, "branch-north")
        self.assertEqual(policy.limit("requests.limits.emergency").amount, 5400)
        self.assertNotEqual(policy, self.policy)
        self.assertEqual(telsvc.Policy.load(self.ctx, b""), self.policy)

    def test_the_dump_loads_back_equal(self):
        dump = self.policy.dump()
        self.assertIn("requests:", dump)
        self.assertEqual(telsvc.Policy.load(self.ctx, dump), self.policy)

    def test_the_handbook_file_is_the_default(self):
        self.assertEqual(telsvc.Policy.from_file(self.ctx, HANDBOOK), self.policy)

    def test_a_bad_document_raises_with_the_library_message(self):
        with self.assertRaises(telsvc.PolicyError) as cm:
            telsvc.Policy.load(self.ctx, "requests:\n  limits:\n    emergency: {limit: 1.5h}\n")
        e = cm.exception
        self.assertEqual(e.status, telsvc.Status.EPOLICY)
        self.assertEqual(e.name, "TELSVC_EPOLICY")
        self.assertIn("requests.limits.emergency.limit", str(e))
        self.assertIn("(line 3, column 24)", e.message)

    def test_a_policy_is_text(self):
        with self.assertRaises(TypeError):
            telsvc.Policy.load(self.ctx, 42)
        with self.assertRaises(TypeError):
            telsvc.Policy.default("not a context")

    def test_reading_a_parameter_of_another_type_is_refused(self):
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.policy.limit(Param.QUALITY_SATISFACTION)
        with self.assertRaises(telsvc.InvalidArgumentError) as cm:
            self.policy.text(Param.REQUEST_EMERGENCY)
        self.assertTrue(cm.exception.message)

    def test_an_unknown_key_is_not_found(self):
        with self.assertRaises(telsvc.NotFoundError):
            self.policy.limit("requests.limits.whenever")

    def test_every_parameter_is_described(self):
        params = telsvc.params()
        self.assertEqual(len(params), len(Param))
        first = params[0]
        self.assertIs(first["param"], Param.NETWORK_VOICE_RESPONSE)
        self.assertEqual(first["key"], "network.voice_response")
        self.assertTrue(first["clause"].startswith("§"))
        self.assertIs(first["type"], telsvc.ParamType.DURATION)
        self.assertIsInstance(first["project_default"], bool)

    def test_classify_a_complaint_without_registering_it(self):
        c = self.policy.classify_complaint(
            channel="phone", customer="Wang", contact="139", content="断网三天了", flags=telsvc.ComplaintFlag.MEDIA
        )
        self.assertIs(c["category"], telsvc.ComplaintCategory.NETWORK)
        self.assertIs(c["severity"], telsvc.ComplaintSeverity.MAJOR)
        self.assertIn("断网", c["category_reason"])


class CalendarTest(unittest.TestCase):
    def setUp(self):
        self.ctx = telsvc.Context()
        self.addCleanup(self.ctx.close)
        self.policy = telsvc.Policy.default(self.ctx)
        self.cal = self.policy.calendar()

    def test_the_default_calendar(self):
        self.assertEqual(self.cal.name, "business")
        self.assertEqual(self.cal.years, (2025, 2026))
        self.assertIs(self.cal.day_end, telsvc.DayEnd.END_OF_DAY)
        self.assertEqual(self.cal.utc_offset(T0), 8 * 3600)
        self.assertEqual({c.name for c in self.policy.calendars}, {"24x7", "business"})
        self.assertEqual(self.policy.calendar("24x7").name, "24x7")

    def test_working_days_from_the_handbook_example(self):
        # 5 working days from Tue 2025-09-30 17:00 (+08:00), over the
        # National Day holidays: the end of Tue 2025-10-14.
        self.assertEqual(self.cal.add(T0, Clock.WORKING_DAYS, 5), 1760457600)
        self.assertEqual(self.cal.add(T0, "wall", 60), T0 + 60)
        self.assertFalse(self.cal.is_working_day(T0 + 86400))  # Wed 1 October
        self.assertTrue(self.cal.is_working_day(T0))
        self.assertGreater(self.cal.next_opening(T0 + 86400), T0 + 86400)
        self.assertEqual(self.cal.elapsed("wall", T0, T0 + 90), 90)

    def test_datetimes_are_instants(self):
        when = datetime.datetime(2025, 9, 30, 17, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
        self.assertEqual(self.cal.add(when, "wall", 0), T0)
        with self.assertRaises(ValueError):
            self.cal.add(when.replace(tzinfo=None), "wall", 0)

    def test_outside_the_calendar_years(self):
        in_2030 = 1900000000
        with self.assertRaises(telsvc.CalendarRangeError) as cm:
            self.cal.add(in_2030, Clock.WORKING_DAYS, 1)
        self.assertIn("business", str(cm.exception))

    def test_an_unknown_calendar_is_not_found(self):
        with self.assertRaises(telsvc.NotFoundError):
            self.policy.calendar("mars")

    def test_a_calendar_keeps_its_policy_and_follows_its_close(self):
        self.policy.close()
        with self.assertRaises(telsvc.ClosedError):
            self.cal.add(T0, "wall", 1)
        self.assertIn("closed", repr(self.cal))


if __name__ == "__main__":
    unittest.main()
