"""Requests, complaints and incidents: intake, lifecycles, refusals."""

import unittest

from support import (
    AGENT,
    CUSTOMER,
    HOUR,
    MANAGER,
    MONITOR,
    OFFICER,
    OWNER,
    PREPROCESSOR,
    SUPERVISOR,
    T0,
    desk,
    new_complaint,
    new_request,
)

import telsvc
from telsvc import (
    ComplaintAction,
    ComplaintState,
    IncidentAction,
    IncidentGrade,
    IncidentState,
    IntakeFlag,
    Priority,
    RequestAction,
    RequestState,
)


class RequestTest(unittest.TestCase):
    def setUp(self):
        self.ctx, self.clock = desk()
        self.addCleanup(self.ctx.close)

    def test_intake_classifies_and_sets_the_deadline(self):
        r = new_request(self.ctx, content_type="fault", flags=IntakeFlag.OUTAGE)
        self.assertTrue(r.number.startswith("SR-20250930-"))
        self.assertIs(r.state, RequestState.RECEIVED)
        self.assertIs(r.priority, Priority.EMERGENCY)
        self.assertIn("§2.1.2", r.class_reason)
        self.assertEqual(r.deadline, T0 + 2 * HOUR)
        self.assertEqual(r.revision, 1)
        self.assertEqual(
            r.deadlines,
            [{"limit": telsvc.Param.REQUEST_EMERGENCY, "key": "requests.limits.emergency",
              "problem": None, "due": T0 + 2 * HOUR, "done": None}],
        )
        self.assertEqual(r.history, [{"action": None, "at": T0, "actor": "zhang", "role": "agent", "note": ""}])
        self.assertEqual(self.ctx.request_count, 1)
        self.assertEqual(r.to_dict()["priority"], Priority.EMERGENCY)

    def test_the_whole_lifecycle(self):
        r = new_request(self.ctx, priority="general")
        steps = [
            (RequestAction.PREPROCESS, AGENT, 0, None),
            (RequestAction.WRITE_REPORT, PREPROCESSOR, 0, "needs: 1 Gbit/s; proposal: new ONT; assigned: field team"),
            (RequestAction.SIGN_REPORT, PREPROCESSOR, 0, None),
            (RequestAction.SIGN_REPORT, OWNER, 0, None),
            (RequestAction.SIGN_REPORT, MONITOR, 0, None),
            (RequestAction.START, AGENT, 0, None),
            (RequestAction.PROGRESS, AGENT, 0, "engineer on the way"),
            (RequestAction.DELIVER, AGENT, 0, None),
            (RequestAction.ACCEPT, CUSTOMER, 0, "results: 940 Mbit/s; problems: none"),
            (RequestAction.FEEDBACK, CUSTOMER, 95, "quick and friendly"),
            (RequestAction.CLOSE, AGENT, 0, None),
        ]
        for action, actor, arg, note in steps:
            self.clock.advance(600)
            self.assertIs(r.apply(action, actor, arg=arg, note=note), r)
        self.assertIs(r.state, RequestState.CLOSED)
        history = r.history
        self.assertEqual([h["action"] for h in history[1:]], [s[0] for s in steps])
        self.assertEqual(history[-2]["note"], "quick and friendly")
        self.assertEqual(history[-1]["at"], T0 + 600 * len(steps))
        self.assertIsNotNone(r.deadlines[0]["done"])
        self.assertEqual(r.revision, len(steps) + 1)
        self.assertEqual(r.export()["number"], r.number)

    def test_a_forbidden_transition_names_the_rule_and_changes_nothing(self):
        r = new_request(self.ctx)
        with self.assertRaises(telsvc.TransitionError) as cm:
            r.apply("close", AGENT)
        self.assertEqual(cm.exception.status, telsvc.Status.ETRANSITION)
        self.assertIn(r.number, str(cm.exception))
        self.assertIn("§1.3", str(cm.exception))
        self.assertIs(r.state, RequestState.RECEIVED)
        self.assertEqual(r.revision, 1)

    def test_a_role_without_permission_is_refused(self):
        with self.assertRaises(telsvc.PermissionDeniedError) as cm:
            self.ctx.create_request(
                CUSTOMER, channel="phone", requester="x", contact="y", content="z",
                content_type="voice", service_type="mobile",
            )
        self.assertIn("permissions.requests.create", str(cm.exception))
        r = new_request(self.ctx)
        for action, actor in ((RequestAction.PREPROCESS, AGENT),):
            r.apply(action, actor)
        with self.assertRaises(telsvc.PermissionDeniedError) as cm:
            r.apply(RequestAction.WRITE_REPORT, AGENT, note="a report")
        self.assertIn("permissions.requests.write_report", str(cm.exception))

    def test_a_missing_field_is_named(self):
        with self.assertRaises(telsvc.InvalidArgumentError) as cm:
            new_request(self.ctx, requester="")
        self.assertIn("requester", str(cm.exception))

    def test_arguments_are_checked_before_the_call(self):
        with self.assertRaises(TypeError):
            new_request(self.ctx, channel=1.5)
        with self.assertRaises(ValueError):
            new_request(self.ctx, channel="pigeon")
        with self.assertRaises(TypeError):
            new_request(self.ctx, requester=None)
        r = new_request(self.ctx)
        with self.assertRaises(TypeError):
            r.apply("preprocess", "zhang")
        with self.assertRaises(TypeError):
            r.apply("preprocess", AGENT, arg=True)
        with self.assertRaises(TypeError):
            self.ctx.create_request(AGENT, channel="phone")

    def test_find_release_and_read_back(self):
        r = new_request(self.ctx)
        self.assertEqual(self.ctx.find_request(r.number), r)
        self.assertEqual(len({r, self.ctx.find_request(r.number)}), 1)
        r.release()
        self.assertEqual(self.ctx.request_count, 0)
        self.assertIs(r.state, RequestState.RECEIVED)  # read back from storage
        self.assertEqual(self.ctx.request_count, 1)
        with self.assertRaises(telsvc.NotFoundError):
            self.ctx.find_request("SR-20250930-999999")

    def test_execution_problems(self):
        r = new_request(self.ctx, priority="important")
        r.apply("preprocess", AGENT)
        r.apply("write_report", PREPROCESSOR, note="the report")
        for signer in (PREPROCESSOR, OWNER, MONITOR):
            r.apply("sign_report", signer)
        r.apply("start", AGENT)
        r.apply("problem_discover", AGENT, arg=telsvc.ProblemGrade.MAJOR)
        self.assertEqual(r.problems, [{"grade": telsvc.ProblemGrade.MAJOR, "stage": telsvc.ProblemStage.DISCOVERED}])
        self.assertEqual({d["problem"] for d in r.deadlines}, {None, 0})


class ComplaintTest(unittest.TestCase):
    def setUp(self):
        self.ctx, self.clock = desk()
        self.addCleanup(self.ctx.close)

    def test_intake_classifies_with_the_rule(self):
        c = new_complaint(self.ctx, content="账单 charged twice")
        self.assertTrue(c.number.startswith("CP-"))
        self.assertIs(c.state, ComplaintState.RECEIVED)
        self.assertIs(c.category, telsvc.ComplaintCategory.BILLING)
        self.assertIs(c.severity, telsvc.ComplaintSeverity.GENERAL)
        self.assertIn("complaints.keywords.billing", c.category_reason)
        self.assertTrue(c.severity_reason)
        self.assertEqual(c.content, "账单 charged twice")
        self.assertIs(c.channel, telsvc.Channel.PHONE)
        self.assertEqual(c.received_at, T0)
        self.assertIsNone(c.satisfaction)
        self.assertEqual([d["name"] for d in c.deadlines], ["verification", "first_handling", "closed_loop"])
        self.assertEqual(c.deadlines[0]["due"], T0 + 24 * HOUR)
        self.assertEqual(self.ctx.complaint_count, 1)

    def test_the_whole_lifecycle(self):
        c = new_complaint(self.ctx)
        steps = [
            (ComplaintAction.VERIFY, AGENT, 0, None),
            (ComplaintAction.CLASSIFY, AGENT, 0, None),
            (ComplaintAction.HANDLE, AGENT, 0, "refund of the double charge ordered"),
            (ComplaintAction.FEEDBACK, AGENT, telsvc.Channel.PHONE, "refund made, bill corrected"),
            (ComplaintAction.RETURN_VISIT, SUPERVISOR, 95, "satisfied"),
            (ComplaintAction.CLOSE, AGENT, 0, None),
        ]
        for action, actor, arg, note in steps:
            self.clock.advance(HOUR)
            c.apply(action, actor, arg=arg, note=note)
        self.assertIs(c.state, ComplaintState.CLOSED)
        self.assertEqual(c.satisfaction, 95)
        self.assertEqual(c.reopen_count, 0)
        self.assertEqual(c.history[5]["arg"], 95)
        self.assertTrue(all(d["done"] is not None for d in c.deadlines))
        self.assertEqual(c.to_dict()["state"], ComplaintState.CLOSED)

    def test_refusals(self):
        c = new_complaint(self.ctx)
        with self.assertRaises(telsvc.TransitionError):
            c.apply("close", AGENT)
        with self.assertRaises(telsvc.PermissionDeniedError):
            c.apply("verify", CUSTOMER)
        with self.assertRaises(telsvc.InvalidArgumentError):
            new_complaint(self.ctx, channel="fax")
        self.assertIs(c.state, ComplaintState.RECEIVED)


class IncidentTest(unittest.TestCase):
    def setUp(self):
        self.ctx, self.clock = desk()
        self.addCleanup(self.ctx.close)

    def test_the_whole_lifecycle(self):
        i = self.ctx.create_incident(OFFICER, source="logs", type="intrusion", description="odd logins at night")
        self.assertTrue(i.number.startswith("SI-"))
        self.assertIs(i.state, IncidentState.DETECTED)
        self.assertIsNone(i.grade)
        self.assertIsNone(i.confirmed_at)
        self.assertEqual(i.report_deadline, {"limit": None, "key": None, "due": None, "done": None})
        self.clock.advance(HOUR)
        i.apply(IncidentAction.CONFIRM, OFFICER, arg=IncidentGrade.MAJOR, note="the billing servers")
        self.assertIs(i.grade, IncidentGrade.MAJOR)
        self.assertEqual(i.scope, "the billing servers")
        self.assertEqual(i.confirmed_at, T0 + HOUR)
        self.assertEqual(i.report_deadline["key"], "incidents.report.major")
        self.assertEqual(i.report_deadline["due"], T0 + 2 * HOUR)
        for action, actor, note in (
            ("report", OFFICER, "reported to the CTO"),
            ("isolate", OFFICER, "servers cut off"),
            ("repair", OFFICER, "patched"),
            ("recover", OFFICER, "service back"),
            ("analyse", OFFICER, "cause: a leaked password; impact: none"),
            ("rectify", AGENT, "passwords rotated"),
            ("postmortem", OFFICER, "lessons: keys in a vault"),
        ):
            self.clock.advance(600)
            i.apply(action, actor, note=note)
        with self.assertRaises(telsvc.PermissionDeniedError):
            i.apply("close", OFFICER)  # not the post-mortem's author
        i.apply("close", MANAGER)
        self.assertIs(i.state, IncidentState.CLOSED)
        self.assertEqual(i.report_deadline["done"], T0 + HOUR + 600)
        self.assertEqual(len(i.history), 10)
        self.assertEqual(i.to_dict()["type"], telsvc.IncidentType.INTRUSION)
        self.assertIs(i.source, telsvc.IncidentSource.LOGS)
        self.assertEqual(i.description, "odd logins at night")
        self.assertEqual(i.detected_at, T0)
        self.assertEqual(self.ctx.find_incident(i.number), i)
        self.assertEqual(self.ctx.incident_count, 1)

    def test_a_step_without_its_note_is_refused(self):
        i = self.ctx.create_incident(OFFICER, source="user_report", type="other", description="spam calls")
        with self.assertRaises(telsvc.InvalidArgumentError):
            i.apply("confirm", OFFICER, arg=IncidentGrade.GENERAL)
        with self.assertRaises(telsvc.TransitionError):
            i.apply("repair", OFFICER, note="too early")


if __name__ == "__main__":
    unittest.main()
