"""For analysts: cases as dicts, weekly indicators, DataFrames, the HTML report."""

import html.parser
import io
import os
import sys
import tempfile
import unittest
from unittest import mock

from support import AGENT, HOUR, SUPERVISOR, T0, desk, new_complaint, new_request
from test_storage import sqlite_available

import telsvc
from telsvc import Kind

DAY = 24 * HOUR


def fill(ctx, clock):
    """Two requests (the emergency one breached), a complaint closed with a
    score of 80, and a request received a week later."""
    new_request(ctx, priority="emergency")
    new_request(ctx, priority="general", channel="online")
    c = new_complaint(ctx)
    for action, arg in (("verify", 0), ("classify", 0), ("handle", 0), ("feedback", 1), ("return_visit", 80)):
        clock.advance(HOUR)
        c.apply(action, SUPERVISOR if action == "return_visit" else AGENT, arg=arg, note="done")
    clock.advance(7 * DAY)
    new_request(ctx, priority="non_urgent")


class CasesTest(unittest.TestCase):
    def check_store(self, store):
        ctx, clock = desk(store)
        self.addCleanup(ctx.close)
        fill(ctx, clock)
        ctx.load()
        rows = ctx.cases()
        self.assertEqual([(r["kind"], r["number"][:2]) for r in rows],
                         [("request", "SR")] * 3 + [("complaint", "CP")])
        self.assertEqual(rows[0]["priority"], "emergency")
        self.assertEqual(rows[0]["personal_data"], "redacted")  # no pseudonym key
        complaints = ctx.cases("complaint")
        self.assertEqual([(r["state"], r["satisfaction"]) for r in complaints], [("fed_back", 80)])
        self.assertEqual(ctx.cases(Kind.INCIDENT), [])
        return ctx

    def test_memory_store(self):
        ctx = self.check_store(None)
        ctx.set_pseudonym_key(b"0123456789abcdef")
        row = ctx.cases("request")[0]
        self.assertEqual(row["personal_data"], "pseudonymised")
        self.assertEqual(row["requester"], ctx.pseudonym("Zhang Wei"))

    def test_python_store(self):
        self.check_store(telsvc.DictStore())

    @unittest.skipUnless(sqlite_available(), "libtelsvc-sqlite is not available")
    def test_sqlite_store(self):
        self.check_store(telsvc.SqliteStore(":memory:"))

    def test_errors(self):
        ctx = telsvc.Context()
        self.addCleanup(ctx.close)
        with self.assertRaises(telsvc.InvalidArgumentError):
            ctx.cases()  # no storage
        ctx.set_policy(telsvc.Policy.default(ctx))
        ctx.set_storage(telsvc.MemoryStore(ctx))
        with self.assertRaises(ValueError):
            ctx.cases("delivered")
        with self.assertRaises(telsvc.InvalidArgumentError):
            ctx.set_pseudonym_key(b"short")
        with self.assertRaises(telsvc.InvalidArgumentError):
            ctx.pseudonym("no key yet")

    def test_a_raising_store_iterate_is_raised(self):
        class Broken(telsvc.DictStore):
            def iterate(self, kind):
                raise OSError("disk gone")

        ctx, _ = desk(Broken())
        self.addCleanup(ctx.close)
        with self.assertRaises(OSError):
            ctx.cases()
        new_request(ctx)  # nothing left pending for the next call


class DataFrameTest(unittest.TestCase):
    def test_without_pandas_a_clear_import_error(self):
        rows = telsvc.Rows([{"a": 1}])
        with mock.patch.dict(sys.modules, {"pandas": None}):
            with self.assertRaises(telsvc.PandasMissingError) as caught:
                rows.to_dataframe()
        self.assertIsInstance(caught.exception, ImportError)
        self.assertIn("pip install pandas", str(caught.exception))

    def test_with_pandas(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed")
        frame = telsvc.Rows([{"a": 1, "b": {"c": 2}}]).to_dataframe()
        self.assertEqual(list(frame.columns), ["a", "b.c"])


class Collector(html.parser.HTMLParser):
    """Table cells by table, <svg> count, and every URL-bearing attribute."""

    def __init__(self):
        super().__init__()
        self.tables, self.svgs, self.urls, self.texts = [], 0, [], []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href")]
        if tag in ("script", "link", "img", "iframe"):
            self.urls.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        self.texts.append(data)


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.ctx, self.clock = desk()
        self.addCleanup(self.ctx.close)
        fill(self.ctx, self.clock)
        self.report = self.ctx.report(from_=T0, to=T0 + 14 * DAY, now=T0 + 14 * DAY)
        self.addCleanup(self.report.close)

    def test_weekly(self):
        weeks = self.report.weekly()
        self.assertEqual([w["cases"] for w in weeks], [3, 1])
        self.assertEqual(weeks[0]["satisfaction_mean"], 80.0)
        self.assertIsNone(weeks[1]["satisfaction_mean"])
        short = self.ctx.weekly(T0, T0 + 8 * DAY, now=T0 + 14 * DAY)
        self.assertEqual(short, weeks[:1] + [dict(weeks[1], to=T0 + 8 * DAY)])  # the last week is cut short
        with self.assertRaises(ValueError):
            self.ctx.weekly(T0, T0)

    def parse(self):
        out = io.StringIO()
        self.report.to_html(out)
        page = Collector()
        page.feed(out.getvalue())
        return page

    def test_html_holds_the_figures_and_a_chart_each(self):
        page = self.parse()
        self.assertEqual(page.urls, [])  # opens offline
        self.assertEqual(page.svgs, 5)
        overview, kinds, evaluations = page.tables
        figures = dict(row for row in overview[1:])
        self.assertEqual(figures["cases"], "4")
        self.assertEqual(figures["satisfaction (mean score)"], "80.0")
        self.assertEqual(figures["availability"], "—")
        self.assertEqual([row[:2] for row in kinds[1:]], [["request", "3"], ["complaint", "1"], ["incident", "0"]])
        verdicts = {row[0]: row[3] for row in evaluations[1:]}
        self.assertEqual(verdicts["quality.availability_target"], "no data")
        self.assertEqual(verdicts["quality.satisfaction_target"], "missed")  # 80 < 90
        self.assertEqual(verdicts["requests.limits.emergency"], "missed")
        text = " ".join(page.texts)
        for title in ("On-time rate per limit", "Breaches per limit", "On-time rate per week"):
            self.assertIn(title, text)
        self.assertIn("2025-09-30", text)  # the first week
        self.assertIn("2025-10-07", text)  # the second

    def test_html_to_a_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "q.html")
            self.report.to_html(path)
            with open(path, encoding="utf-8") as f:
                self.assertTrue(f.read().startswith("<!DOCTYPE html>"))

    def test_an_all_time_report_has_no_weeks(self):
        with self.ctx.report() as every:
            out = io.StringIO()
            every.to_html(out)
            self.assertEqual(every.weekly(), [])
            self.assertIn("all time", out.getvalue())


if __name__ == "__main__":
    unittest.main()
