/* A CRM desk that embeds telsvc on SQLite: a complete host program,
 * walked through in docs/integration.md. It checks its own results and
 * exits 0 only if the library behaved as the handbook says.
 *
 *   crm_host [DATABASE]   a new database file, or ":memory:";
 *                         default: a temporary file, removed at exit
 */
#include "crm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The people at the desk, each in one of the policy's roles. */
static const telsvc_actor agent = { "a.li", "agent" };
static const telsvc_actor preprocessor = { "b.wang", "preprocessor" };
static const telsvc_actor service_owner = { "c.zhao", "service_owner" };
static const telsvc_actor quality_monitor = { "d.chen", "quality_monitor" };
static const telsvc_actor supervisor = { "e.sun", "supervisor" };
static const telsvc_actor customer = { "cust-4711", "customer" };

/* The cases of the day, borrowed from the desk's context. */
typedef struct cases {
	telsvc_request *upgrade; /* walked through its whole lifecycle */
	telsvc_request *outage;  /* left to breach and escalate */
	telsvc_request *slow;    /* grouped in a host transaction, handled after its warning */
	telsvc_complaint *bill;
} cases;

/* One action at the clock's present (at 0: the context's clock), which
 * then moves on a few minutes. */
static int act(crm_host *h, telsvc_request *req, telsvc_request_action action, const telsvc_actor *who,
	       int64_t arg, const char *note, const char *what)
{
	int rc = telsvc_request_apply_note(req, action, who, 0, arg, note);
	if (rc)
		return crm_failed(what, rc);
	h->now += 4 * CRM_MIN;
	return 0;
}

/* The desk's way from intake to delivery: preprocessing with a report
 * signed by three distinct people (§2.2.3, §2.4), handling (§3.1), a
 * progress confirmation (§2.3), delivery (§4.1). */
static int handle_to_delivery(crm_host *h, telsvc_request *req, const char *report)
{
	if (telsvc_request_state_of(req) == TELSVC_REQUEST_RECEIVED &&
	    act(h, req, TELSVC_ACTION_PREPROCESS, &preprocessor, 0, NULL, "preprocess"))
		return -1;
	if (act(h, req, TELSVC_ACTION_WRITE_REPORT, &preprocessor, 0, report, "write the report") ||
	    act(h, req, TELSVC_ACTION_SIGN_REPORT, &preprocessor, 0, NULL, "sign") ||
	    act(h, req, TELSVC_ACTION_SIGN_REPORT, &service_owner, 0, NULL, "sign") ||
	    act(h, req, TELSVC_ACTION_SIGN_REPORT, &quality_monitor, 0, NULL, "sign") ||
	    act(h, req, TELSVC_ACTION_START, &agent, 0, NULL, "start") ||
	    act(h, req, TELSVC_ACTION_PROGRESS, &agent, 0, "engineer on the way", "progress") ||
	    act(h, req, TELSVC_ACTION_DELIVER, &agent, 0, NULL, "deliver"))
		return -1;
	return 0;
}

static int register_request(crm_host *h, telsvc_ctx *ctx, telsvc_request **out, const char *content, int type,
			    unsigned flags)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE;
	in.requester = "Zhang Wei";
	in.contact = "+86 138 0013 8000";
	in.content = content;
	in.content_type = type;
	in.service_type = "broadband";
	in.flags = flags; /* no priority given: the rules of §2.1.2 classify */
	int rc = telsvc_request_create(out, ctx, &in, &agent);
	if (rc)
		return crm_failed("register a request", rc);
	int64_t due;
	if ((rc = telsvc_request_deadline(&due, *out)))
		return crm_failed("deadline", rc);
	char t[32];
	printf("  %s \"%s\": due %s (%s)\n", telsvc_request_number(*out), content, crm_time(due, t),
	       telsvc_request_class_reason(*out));
	h->now += CRM_MIN;
	return 0;
}

static int intake(crm_host *h, telsvc_ctx *ctx, cases *c)
{
	printf("\n== Intake (§2.1, §6.1)\n");
	if (register_request(h, ctx, &c->upgrade, "upgrade to the 1000M plan", TELSVC_CONTENT_PACKAGE_CHANGE, 0) ||
	    register_request(h, ctx, &c->outage, "no internet in the whole building", TELSVC_CONTENT_NETWORK,
			     TELSVC_INTAKE_OUTAGE) ||
	    register_request(h, ctx, &c->slow, "speed drops every evening", TELSVC_CONTENT_DATA,
			     TELSVC_INTAKE_DEGRADATION))
		return -1;
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE;
	in.customer = "Zhang Wei";
	in.contact = "+86 138 0013 8000";
	in.content = "本月账单多扣了50元 (charged 50 yuan too much this month)";
	in.service_type = "broadband";
	int rc = telsvc_complaint_create(&c->bill, ctx, &in, &agent);
	if (rc)
		return crm_failed("register a complaint", rc);
	printf("  %s: %s; %s\n", telsvc_complaint_number(c->bill), telsvc_complaint_category_reason(c->bill),
	       telsvc_complaint_severity_reason(c->bill));
	h->now += CRM_MIN;
	return crm_expect(telsvc_request_priority(c->upgrade) == TELSVC_PRIORITY_GENERAL &&
				  telsvc_request_priority(c->outage) == TELSVC_PRIORITY_EMERGENCY &&
				  telsvc_request_priority(c->slow) == TELSVC_PRIORITY_IMPORTANT &&
				  telsvc_complaint_category_of(c->bill) == TELSVC_COMPLAINT_BILLING &&
				  telsvc_complaint_severity_of(c->bill) == TELSVC_SEVERITY_GENERAL,
			  "the classes of §2.1.2 and §6.1");
}

static int lifecycle(crm_host *h, telsvc_ctx *ctx, cases *c)
{
	telsvc_request *r = c->upgrade;
	printf("\n== %s from intake to closure (§1.3, §2-§4)\n", telsvc_request_number(r));
	if (handle_to_delivery(h, r, "needs analysis: 1000M needs a new modem; proposal: swap it on site; "
				     "assignment: field team 3"))
		return -1;
	/* §4.2: acceptance is the customer's sign-off, not the agent's */
	int rc = telsvc_request_apply_note(r, TELSVC_ACTION_ACCEPT, &agent, 0, 0, "results: 940 Mbit/s");
	if (crm_expect(rc == TELSVC_EPERM, "an agent's acceptance is refused"))
		return -1;
	printf("  refused, %s: %s\n", telsvc_status_name(rc), telsvc_error_last());
	if (act(h, r, TELSVC_ACTION_ACCEPT, &customer, 0,
		"results: 940 Mbit/s measured at the router; problems: none; rectification: none", "accept") ||
	    act(h, r, TELSVC_ACTION_FEEDBACK, &customer, 95, "quick and friendly", "feedback") ||
	    act(h, r, TELSVC_ACTION_CLOSE, &agent, 0, NULL, "close"))
		return -1;
	if (crm_expect(telsvc_request_state_of(r) == TELSVC_REQUEST_CLOSED &&
			       telsvc_request_history_count(r) == 12,
		       "closed after 12 changes, intake included"))
		return -1;
	/* Closed: nothing will change it any more. Releasing it keeps
	 * memory to the open cases; telsvc_request_find() reads it back. */
	if ((rc = telsvc_request_release(r)))
		return crm_failed("release", rc);
	c->upgrade = NULL;
	printf("  closed and released; %zu requests in memory\n", telsvc_request_count(ctx));
	return crm_expect(telsvc_request_count(ctx) == 2, "the closed request left memory");
}

static int refusal(const cases *c)
{
	printf("\n== A refused transition\n");
	/* The state machine refuses; the message names the request, the
	 * rule and its clause, and the request is exactly as before. */
	int rc = telsvc_request_apply(c->slow, TELSVC_ACTION_CLOSE, &agent, 0, 0);
	if (crm_expect(rc == TELSVC_ETRANSITION, "closing a request nobody handled is refused"))
		return -1;
	const char *message = telsvc_error_last();
	printf("  %s: %s\n", telsvc_status_name(rc), message);
	return crm_expect(strstr(message, "§") && telsvc_request_state_of(c->slow) == TELSVC_REQUEST_RECEIVED,
			  "the refusal names its clause and changes nothing");
}

/* Preprocess the slow-speed request and verify the complaint (§6.2), in
 * the transaction the host opened. */
static int two_changes(telsvc_ctx *ctx, const cases *c)
{
	int rc = telsvc_request_apply(c->slow, TELSVC_ACTION_PREPROCESS, &preprocessor, 0, 0);
	if (rc == TELSVC_OK)
		rc = telsvc_complaint_apply(c->bill, TELSVC_COMPLAINT_VERIFY, &agent, 0, 0,
					    "identity and the bill checked");
	if (rc) {
		crm_failed("in the transaction", rc); /* the message first: the next call may replace it */
		if (telsvc_txn_active(ctx)) /* a refusal leaves it open; a storage failure ended it */
			telsvc_txn_rollback(ctx);
		return -1;
	}
	return 0;
}

static int host_transaction(crm_host *h, telsvc_ctx *ctx, const cases *c)
{
	printf("\n== A host transaction: %s and %s together\n", telsvc_request_number(c->slow),
	       telsvc_complaint_number(c->bill));
	uint64_t records, after;
	unsigned pushed = h->changes;
	int rc = telsvc_sqlite_audit_count(&records, h->db);
	if (rc == TELSVC_OK)
		rc = telsvc_txn_begin(ctx);
	if (rc)
		return crm_failed("begin", rc);
	if (two_changes(ctx, c))
		return -1;
	/* Say the host's own write failed here: undo both. */
	if ((rc = telsvc_txn_rollback(ctx)) || (rc = telsvc_sqlite_audit_count(&after, h->db)))
		return crm_failed("rollback", rc);
	printf("  rolled back: request %s, complaint %s, %u changes pushed\n",
	       crm_state(TELSVC_KIND_REQUEST, telsvc_request_state_of(c->slow)),
	       crm_state(TELSVC_KIND_COMPLAINT, telsvc_complaint_state_of(c->bill)), h->changes - pushed);
	if (crm_expect(telsvc_request_state_of(c->slow) == TELSVC_REQUEST_RECEIVED &&
			       telsvc_complaint_state_of(c->bill) == TELSVC_COMPLAINT_RECEIVED &&
			       after == records && h->changes == pushed,
		       "a rollback undoes memory and storage and pushes nothing"))
		return -1;

	if ((rc = telsvc_txn_begin(ctx)))
		return crm_failed("begin", rc);
	if (two_changes(ctx, c))
		return -1;
	if ((rc = telsvc_txn_commit(ctx)))
		return crm_failed("commit", rc);
	printf("  committed: both pushed at the commit\n");
	h->now += 5 * CRM_MIN;
	return crm_expect(telsvc_request_state_of(c->slow) == TELSVC_REQUEST_PREPROCESSING &&
				  telsvc_complaint_state_of(c->bill) == TELSVC_COMPLAINT_VERIFIED &&
				  h->changes == pushed + 2,
			  "a commit stores both and pushes both");
}

static int has_event(const crm_host *h, const char *number, const char *type)
{
	for (unsigned i = 0; i < h->event_count; i++)
		if (strstr(h->event_ids[i], number) && strstr(h->event_ids[i], type))
			return 1;
	return 0;
}

static int monitoring(crm_host *h, telsvc_ctx *ctx, const cases *c)
{
	int64_t until = CRM_T0 + 200 * CRM_MIN;
	char t[32], u[32];
	printf("\n== Monitoring until %s (§3.2, §5.1)\n", crm_time(until, t));
	if (crm_monitor_loop(h, ctx, until))
		return -1;
	const char *outage = telsvc_request_number(c->outage), *slow = telsvc_request_number(c->slow);
	if (crm_expect(h->event_count == 4 && h->repeats == 0 && has_event(h, outage, ":warning:") &&
			       has_event(h, outage, ":breach:") && has_event(h, outage, ":escalation:") &&
			       has_event(h, slow, ":warning:"),
		       "the emergency warned, breached and escalated; the important request warned"))
		return -1;

	/* The agent takes the warned request up before its breach: a
	 * deadline met raises nothing more. */
	int64_t before, after;
	int rc = telsvc_monitor_next(&before, ctx);
	if (rc)
		return crm_failed("monitor next", rc);
	printf("  next event due %s; %s is handled now\n", crm_time(before, t), slow);
	if (handle_to_delivery(h, c->slow, "needs analysis: evening congestion on the OLT; proposal: move the "
					   "line to a new port; assignment: network team"))
		return -1;
	if ((rc = telsvc_monitor_next(&after, ctx)))
		return crm_failed("monitor next", rc);
	printf("  delivered by %s; next event due %s\n", crm_time(h->now, t), crm_time(after, u));
	return crm_expect(h->now < before && after > before, "the delivery cancelled the breach to come");
}

/* Another desk (another thread, process or server) holds a copy of the
 * outage request; this one changes it first. The other's write loses the
 * compare-and-swap (TELSVC_ECONFLICT) and stores nothing. It reads the
 * store again and decides again: replaying the action blindly would undo
 * what it did not see. Reading just the request again is enough: the
 * context re-reads the audit log's head, which the winner moved, before
 * its next write. */
static int other_desk(crm_host *h, telsvc_ctx *other, const cases *c)
{
	const char *number = telsvc_request_number(c->outage);
	telsvc_request *copy;
	int rc = telsvc_request_find(&copy, other, number);
	if (rc)
		return crm_failed("find", rc);
	if ((rc = telsvc_request_apply(c->outage, TELSVC_ACTION_PREPROCESS, &supervisor, 0, 0)))
		return crm_failed("preprocess", rc);
	rc = telsvc_request_apply(copy, TELSVC_ACTION_PREPROCESS, &agent, 0, 0);
	if (crm_expect(rc == TELSVC_ECONFLICT, "the stale copy's write conflicts"))
		return -1;
	printf("  the other desk: %s: %s\n", telsvc_status_name(rc), telsvc_error_last());
	if ((rc = telsvc_request_release(copy)) || (rc = telsvc_request_find(&copy, other, number)))
		return crm_failed("read again", rc);
	printf("  read again: %s already; nothing left to do\n",
	       crm_state(TELSVC_KIND_REQUEST, telsvc_request_state_of(copy)));
	h->now += 5 * CRM_MIN;
	return crm_expect(telsvc_request_state_of(copy) == TELSVC_REQUEST_PREPROCESSING,
			  "the other desk sees the change it lost to");
}

static int two_desks(crm_host *h, const cases *c)
{
	printf("\n== Two desks, one request\n");
	telsvc_ctx *other;
	if (crm_desk_open(h, &other))
		return -1;
	int rc = other_desk(h, other, c);
	telsvc_ctx_free(other);
	return rc;
}

static int audit(crm_host *h, telsvc_ctx *ctx)
{
	printf("\n== The audit log (§7.4)\n");
	/* The head is the anchor to publish outside the database (to an
	 * auditor, a transparency log): without one, records removed from
	 * the end of the log could not be seen. */
	telsvc_audit_anchor head;
	int rc = telsvc_audit_head(&head, ctx);
	if (rc)
		return crm_failed("audit head", rc);
	printf("  head: record %llu, seal ", (unsigned long long)head.seq);
	for (size_t i = 0; i < sizeof(head.mac); i++)
		printf("%02x", head.mac[i]);
	printf("\n  sealing key now in epoch %llu (evolved %u times)\n", (unsigned long long)h->seal_epoch,
	       h->evolutions);

	telsvc_audit_report anchored = { .version = TELSVC_AUDIT_REPORT_VERSION };
	telsvc_audit_report bare = { .version = TELSVC_AUDIT_REPORT_VERSION };
	if ((rc = telsvc_audit_verify(&anchored, ctx, h->verify_key, sizeof(h->verify_key), &head)) ||
	    (rc = telsvc_audit_verify(&bare, ctx, h->verify_key, sizeof(h->verify_key), NULL)))
		return crm_failed("audit verify", rc);
	printf("  verified against the anchor: %s, %llu records (%s)\n", telsvc_audit_verdict_name(anchored.verdict),
	       (unsigned long long)anchored.records, anchored.detail);
	printf("  without an anchor: %s\n", telsvc_audit_verdict_name(bare.verdict));
	return crm_expect(anchored.verdict == TELSVC_AUDIT_OK && bare.verdict == TELSVC_AUDIT_UNANCHORED &&
				  h->evolutions > 0,
			  "the log verifies against its anchor, the key evolved");
}

static const telsvc_evaluation *evaluation(const telsvc_report *r, int what, telsvc_param param)
{
	for (size_t i = 0; i < r->evaluation_count; i++)
		if (r->evaluations[i].what == what && (!param || r->evaluations[i].param == param))
			return &r->evaluations[i];
	return NULL;
}

/* A reporting job opens a context of its own and loads every case, the
 * closed ones the desk released included: the report counts what its
 * context holds. */
static int report(crm_host *h)
{
	printf("\n== The quality report (§5.4)\n");
	telsvc_ctx *ctx;
	telsvc_report *r = NULL;
	telsvc_buf *json = NULL;
	if (crm_desk_open(h, &ctx))
		return -1;
	telsvc_slice slice = TELSVC_SLICE_INIT;
	slice.now = h->now;
	telsvc_report_options o = TELSVC_REPORT_OPTIONS_INIT;
	o.slice = &slice;
	int rc = telsvc_report_compute(&r, ctx, &o);
	if (rc == TELSVC_OK)
		rc = telsvc_buf_new(&json, ctx);
	if (rc == TELSVC_OK)
		rc = telsvc_report_json(json, r);
	if (rc == TELSVC_OK) {
		printf("%s\n", telsvc_buf_data(json));
		const telsvc_evaluation *sat = evaluation(r, TELSVC_EVALUATED_SATISFACTION, 0);
		const telsvc_evaluation *emergency =
			evaluation(r, TELSVC_EVALUATED_ON_TIME, TELSVC_PARAM_REQUEST_EMERGENCY);
		rc = crm_expect(r->overview.cases == 4 && r->overview.finished == 1 && sat &&
					sat->verdict == TELSVC_VERDICT_MET && emergency &&
					emergency->verdict == TELSVC_VERDICT_MISSED,
				"4 cases, 1 closed, satisfaction met, the emergency limit missed");
	} else {
		crm_failed("report", rc);
	}
	/* the report and the buffer go before their context */
	telsvc_buf_free(json);
	telsvc_report_free(r);
	telsvc_ctx_free(ctx);
	return rc ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: crm_host [DATABASE]\n");
		return 2;
	}
	crm_host h;
	telsvc_ctx *desk = NULL;
	cases c = { 0 };
	int rc = crm_open(&h, argc == 2 ? argv[1] : NULL);
	if (rc == 0)
		rc = crm_desk_open(&h, &desk);
	/* Watch every deadline from the start: the index then follows
	 * each change, creation, release and find. */
	if (rc == 0 && (rc = telsvc_monitor_enable(desk)))
		rc = crm_failed("monitor enable", rc);
	if (rc == 0)
		rc = intake(&h, desk, &c);
	if (rc == 0)
		rc = lifecycle(&h, desk, &c);
	if (rc == 0)
		rc = refusal(&c);
	if (rc == 0)
		rc = host_transaction(&h, desk, &c);
	if (rc == 0)
		rc = monitoring(&h, desk, &c);
	if (rc == 0)
		rc = two_desks(&h, &c);
	if (rc == 0)
		rc = audit(&h, desk);
	/* the desk's objects go with it, before the policy and the database */
	telsvc_ctx_free(desk);
	if (rc == 0)
		rc = report(&h);
	crm_close(&h);
	if (rc) {
		fprintf(stderr, "crm_host: FAILED\n");
		return EXIT_FAILURE;
	}
	printf("\ncrm_host: every check passed\n");
	return EXIT_SUCCESS;
}
