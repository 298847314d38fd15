"""Quality indicators and the quality report."""

import csv
import io
import unittest

from support import AGENT, CUSTOMER, HOUR, SUPERVISOR, T0, desk, new_complaint, new_request

import telsvc
from telsvc import Kind


class QualityTest(unittest.TestCase):
    def setUp(self):
        self.ctx, self.clock = desk()
        self.addCleanup(self.ctx.close)
        new_request(self.ctx, priority="emergency")
        new_request(self.ctx, priority="general", channel="online")
        c = new_complaint(self.ctx)
        for action, actor, arg, note in (
            ("verify", AGENT, 0, None),
            ("classify", AGENT, 0, None),
            ("handle", AGENT, 0, "refund ordered"),
            ("feedback", AGENT, 1, "refund made"),
            ("return_visit", SUPERVISOR, 80, "mostly happy"),
        ):
            self.clock.advance(HOUR)
            c.apply(action, actor, arg=arg, note=note)
        self.clock.advance(3 * HOUR)

    def test_indicators_of_a_slice(self):
        every = self.ctx.indicators()
        self.assertEqual(every["cases"], 3)
        self.assertEqual(every["satisfaction_count"], 1)
        self.assertEqual(every["satisfaction_mean"], 80.0)
        self.assertEqual(every["complaints_by_category"]["billing"], 1)
        self.assertIsNone(every["availability"])
        requests = self.ctx.indicators(kind="request")
        self.assertEqual(requests["cases"], 2)
        self.assertEqual(requests["by_class"]["emergency"], 1)
        self.assertEqual(requests["breaches"], 1)  # the emergency one, 5 h old
        overdue = {lim["limit"]: lim["overdue"] for lim in requests["limits"]}
        self.assertEqual(overdue["requests.limits.emergency"], 1)
        self.assertEqual(self.ctx.indicators(kind="request", channel="online")["cases"], 1)
        self.assertEqual(self.ctx.indicators(kind=Kind.REQUEST, klass="general")["cases"], 1)
        self.assertEqual(self.ctx.indicators(from_=T0 + HOUR, to=T0 + 2 * HOUR)["cases"], 0)

    def test_availability_from_outages(self):
        figures = self.ctx.indicators(
            from_=T0, to=T0 + 10 * HOUR, now=T0 + 10 * HOUR, units=10,
            outages=[{"start": T0, "end": T0 + HOUR, "units": 1}, (T0 + 2 * HOUR, None, 1, None)],
        )
        self.assertEqual(figures["outages"], 2)
        self.assertLess(figures["availability"], 1000000)
        with self.assertRaises(TypeError):
            self.ctx.indicators(outages=[{"begin": T0}])
        with self.assertRaises(ValueError):
            self.ctx.indicators(klass="general")

    def test_the_report(self):
        items = [
            {"problem": "slow refunds", "problem_class": "process", "measure": "same-day refunds",
             "owner": "billing", "due": T0 + 24 * HOUR, "done": T0 + HOUR},
        ]
        with self.ctx.report(improvements=items) as report:
            doc = report.to_dict()
            self.assertEqual(doc["report"], "quality")
            self.assertEqual(doc["overview"]["cases"], 3)
            self.assertEqual(doc["overview"]["cases"], report.overview["cases"])
            self.assertEqual(doc["improvements"]["items"][0]["state"], "done")
            self.assertEqual(set(report.kinds), {Kind.REQUEST, Kind.COMPLAINT, Kind.INCIDENT})
            self.assertEqual(report.kinds[Kind.REQUEST]["cases"], 2)
            self.assertEqual(report.period, (None, None, self.clock.now))
            satisfaction = [e for e in report.evaluations if e["what"] is telsvc.Evaluated.SATISFACTION][0]
            self.assertEqual(satisfaction["value"], 800000)
            self.assertIs(satisfaction["verdict"], telsvc.Verdict.MISSED)
            rows = list(csv.reader(io.StringIO(report.to_csv())))
            self.assertEqual(rows[0], ["section", "subject", "figure", "value", "target", "verdict"])
        self.assertTrue(report.closed)
        report.close()
        with self.assertRaises(telsvc.ClosedError):
            report.to_json()

    def test_a_bad_improvement_is_named(self):
        with self.assertRaises(telsvc.InvalidArgumentError) as cm:
            self.ctx.report(improvements=[{"problem": "no measure"}])
        self.assertIn("0", str(cm.exception))

    def test_an_exported_case_is_pseudonymised(self):
        number = new_request(self.ctx).number
        doc = self.ctx.find_request(number).export()
        self.assertEqual(doc["requester"], "redacted")
        with self.assertRaises(telsvc.InvalidArgumentError):
            self.ctx.find_request(number).export(plain=True)
        with self.assertRaises(telsvc.PermissionDeniedError):
            self.ctx.find_request(number).export(plain=True, actor=CUSTOMER, purpose="curiosity")


if __name__ == "__main__":
    unittest.main()
