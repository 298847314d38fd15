/* Out of memory at every allocation site of the operations so far: each
 * call returns OK or TELSVC_ENOMEM, never crashes, leaks nothing, leaves
 * the output untouched on failure, and succeeds once injection stops. */
#include "helpers.h"

typedef int (*operation)(telsvc_ctx *ctx, const char *doc, size_t size);

static int op_default(telsvc_ctx *ctx, const char *doc, size_t size)
{
	(void)doc, (void)size;
	telsvc_policy *p = (telsvc_policy *)0x1;
	int rc = telsvc_policy_default(&p, ctx);
	if (rc)
		assert_null(p);
	telsvc_policy_free(p);
	return rc;
}

static int op_load(telsvc_ctx *ctx, const char *doc, size_t size)
{
	telsvc_policy *p = (telsvc_policy *)0x1;
	int rc = telsvc_policy_load(&p, ctx, doc, size);
	if (rc)
		assert_null(p);
	telsvc_policy_free(p);
	return rc;
}

/* Dump into a buffer holding "previous": on failure it must still hold it. */
static int op_dump(telsvc_ctx *ctx, const char *doc, size_t size)
{
	telsvc_policy *p;
	telsvc_buf *buf;
	int rc = telsvc_policy_load(&p, ctx, doc, size);
	if (rc)
		return rc;
	if ((rc = telsvc_buf_new(&buf, ctx)) == TELSVC_OK) {
		if ((rc = telsvc_buf_set(buf, "previous", 8)) == TELSVC_OK) {
			rc = telsvc_policy_dump(buf, p);
			if (rc)
				assert_string_equal(telsvc_buf_data(buf), "previous");
			else
				assert_non_null(strstr(telsvc_buf_data(buf), "version: 1"));
		}
		telsvc_buf_free(buf);
	}
	telsvc_policy_free(p);
	return rc;
}

/* An SLA clock growing its pause list: on failure nothing is recorded. */
static int op_sla(telsvc_ctx *ctx, const char *doc, size_t size)
{
	(void)doc, (void)size;
	telsvc_sla *sla = (telsvc_sla *)0x1;
	int64_t t = 1759222800;
	int rc = telsvc_sla_new(&sla, ctx, TELSVC_PARAM_REQUEST_GENERAL, t);
	if (rc) {
		assert_null(sla);
		return rc;
	}
	for (int i = 0; i < 10 && rc == TELSVC_OK; i++) {
		size_t before = telsvc_sla_pause_count(sla);
		rc = telsvc_sla_pause(sla, t + 100 * i);
		if (rc) {
			assert_int_equal(telsvc_sla_pause_count(sla), before);
			assert_int_equal(telsvc_sla_state_of(sla), TELSVC_SLA_RUNNING);
		} else {
			assert_int_equal(telsvc_sla_resume(sla, t + 100 * i + 50), TELSVC_OK);
		}
	}
	telsvc_sla_free(sla);
	return rc;
}

/* A memory store filled past its first table: a put that fails stores
 * nothing. */
static int op_memstore(telsvc_ctx *ctx, const char *doc, size_t size)
{
	(void)doc, (void)size;
	telsvc_memstore *mem = (telsvc_memstore *)0x1;
	int rc = telsvc_memstore_new(&mem, ctx);
	if (rc) {
		assert_null(mem);
		return rc;
	}
	telsvc_storage st;
	telsvc_memstore_storage(&st, mem);
	for (int i = 0; i < 40 && rc == TELSVC_OK; i++) {
		char id[16];
		snprintf(id, sizeof(id), "SR-%d", i);
		rc = st.put(st.payload, TELSVC_KIND_REQUEST, id, 0, "record", 6);
		assert_int_equal(telsvc_memstore_object_count(mem), rc ? (size_t)i : (size_t)i + 1);
	}
	telsvc_memstore_free(mem);
	return rc;
}

/* Run @op failing allocation 1, 2, ... until a run sees no failure.
 * Returns the number of allocation sites exercised. */
static long exhaust(operation op, const char *doc, size_t size, int persistent)
{
	for (long n = 1;; n++) {
		test_alloc a = { .fail_at = n, .persistent = persistent };
		telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
		opts.allocator = (telsvc_allocator){ test_malloc_fn, test_realloc_fn, test_free_fn, &a };
		telsvc_ctx *ctx;
		/* the context is allocation 1: exhaust it first */
		int rc = telsvc_ctx_new(&ctx, &opts);
		if (rc) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			assert_int_equal(a.live, 0);
			continue;
		}
		rc = op(ctx, doc, size);
		if (rc != TELSVC_OK && rc != TELSVC_ENOMEM)
			fail_msg("allocation %ld failed: got %s (%s)", n, telsvc_status_name(rc), telsvc_error_last());
		long failures = a.failures;
		if (rc == TELSVC_ENOMEM) {
			assert_string_equal(telsvc_error_last(), "out of memory");
			/* the same call on the same context succeeds once injection stops */
			a.fail_at = 0;
			assert_int_equal(op(ctx, doc, size), TELSVC_OK);
		}
		telsvc_ctx_free(ctx);
		if (a.live != 0)
			fail_msg("allocation %ld: %ld blocks leaked", n, a.live);
		if (failures == 0) {
			assert_int_equal(rc, TELSVC_OK);
			return n - 1;
		}
	}
}

static void oom_everywhere(void **state)
{
	(void)state;
	size_t size;
	char *handbook = test_read_source_file("policy/handbook.yaml", &size);
	const char *custom = "name: x\nroles: {a: {title: t}, b: {}}\n"
			     "requests: {preprocessing: {signatures: [a, b]}}\n"
			     "execution: {report_to: a}\nmonitoring: {escalation_levels: [b, a]}\n";
	const char *special = "calendars:\n  x:\n    time_zone: \"+08:00\"\n    years: 2025\n"
			      "    hours: {mon: [09:00-12:00]}\n    special_hours: {2025-12-24: [09:00-12:00]}\n";
	const struct {
		const char *name;
		operation op;
		const char *doc;
		size_t size;
	} cases[] = {
		{ "default", op_default, "", 0 },
		{ "load handbook.yaml", op_load, handbook, size },
		{ "load custom roles", op_load, custom, strlen(custom) },
		{ "dump", op_dump, custom, strlen(custom) },
		{ "load a calendar with special hours", op_load, special, strlen(special) },
		{ "sla pauses", op_sla, "", 0 },
		{ "memory store", op_memstore, "", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int persistent = 0; persistent < 2; persistent++) {
			long sites = exhaust(cases[i].op, cases[i].doc, cases[i].size, persistent);
			print_message("%s (%s): %ld allocations failed one by one, all clean\n", cases[i].name,
				      persistent ? "fail from then on" : "fail once", sites);
			assert_true(sites >= 1);
		}
	}
	free(handbook);
}

/* A library context that allocates through @a, on a policy and a memory
 * store that live on a host context of their own. */
typedef struct store_env {
	telsvc_ctx *host, *ctx;
	telsvc_policy *policy;
	telsvc_memstore *mem;
} store_env;

static void store_open(store_env *e, test_alloc *a)
{
	telsvc_storage st;
	e->host = test_ctx();
	assert_int_equal(telsvc_policy_default(&e->policy, e->host), TELSVC_OK);
	assert_int_equal(telsvc_memstore_new(&e->mem, e->host), TELSVC_OK);
	telsvc_memstore_storage(&st, e->mem);
	e->ctx = test_ctx_with_alloc(a);
	telsvc_ctx_set_policy(e->ctx, e->policy);
	telsvc_ctx_set_storage(e->ctx, &st);
}

/* Free it all; the library context must have freed everything it allocated. */
static void store_close(store_env *e, test_alloc *a)
{
	telsvc_ctx_free(e->ctx);
	assert_int_equal(a->live, 0);
	telsvc_memstore_free(e->mem);
	telsvc_policy_free(e->policy);
	telsvc_ctx_free(e->host);
}

/* A request through its first steps, failing the Nth allocation of the
 * library's context (the store and policy live on the host's own): every
 * call returns OK or TELSVC_ENOMEM, a failed call leaves the request as it
 * was, the same call then succeeds, and the store ends up holding exactly
 * what memory holds. */
static void oom_request_lifecycle(void **state)
{
	(void)state;
	static const telsvc_actor agent = { "a", "agent" }, pre = { "b", "preprocessor" },
				  owner = { "c", "service_owner" }, qm = { "d", "quality_monitor" };
	const struct {
		int action;
		const telsvc_actor *who;
	} steps[] = { { 0, &agent },
		      { TELSVC_ACTION_PREPROCESS, &pre },    { TELSVC_ACTION_WRITE_REPORT, &pre },
		      { TELSVC_ACTION_SIGN_REPORT, &pre },
		      { TELSVC_ACTION_SIGN_REPORT, &owner }, { TELSVC_ACTION_SIGN_REPORT, &qm },
		      { TELSVC_ACTION_START, &agent },       { TELSVC_ACTION_WAIT_CUSTOMER, &agent },
		      { TELSVC_ACTION_RESUME, &agent },      { -1, &agent } /* release, find */,
		      { TELSVC_ACTION_DELIVER, &agent } };
	char number[64] = "";
	long sites = 0;
	for (long n = 1;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		telsvc_ctx *ctx = se.ctx;
		telsvc_memstore *mem = se.mem;
		a.fail_at = a.calls + n;
		telsvc_request *req = NULL;
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			size_t events = req ? telsvc_request_history_count(req) : 0;
			int rc;
			for (int attempt = 0; attempt < 2; attempt++) {
				if (steps[i].action == 0) {
					telsvc_intake in = TELSVC_INTAKE_INIT;
					in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "r", in.contact = "c";
					in.content = "x", in.content_type = TELSVC_CONTENT_DATA;
					in.service_type = "broadband", in.received_at = 1759222800;
					rc = telsvc_request_create(&req, ctx, &in, &agent);
				} else if (steps[i].action < 0) {
					if (attempt == 0) {
						snprintf(number, sizeof(number), "%s", telsvc_request_number(req));
						assert_int_equal(telsvc_request_release(req), TELSVC_OK);
					}
					rc = telsvc_request_find(&req, ctx, number); /* read back from the store */
				} else {
					rc = telsvc_request_apply_note(req, steps[i].action, steps[i].who,
								       1759222800 + (int64_t)i, 0, "report");
				}
				if (rc == TELSVC_OK)
					break;
				assert_int_equal(rc, TELSVC_ENOMEM);
				assert_int_equal(attempt, 0);
				assert_int_equal(telsvc_request_count(ctx), steps[i].action <= 0 ? 0 : 1);
				if (req && steps[i].action > 0)
					assert_int_equal(telsvc_request_history_count(req), events);
				a.fail_at = 0; /* the same call now succeeds */
			}
		}
		assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_DELIVERED);
		assert_int_equal(telsvc_memstore_audit_count(mem), 1 + sizeof(steps) / sizeof(steps[0]) - 1); /* genesis */
		assert_int_equal(telsvc_request_history_count(req), sizeof(steps) / sizeof(steps[0]) - 1);
		long failures = a.failures;
		store_close(&se, &a);
		if (failures == 0)
			break;
		sites++;
	}
	print_message("request lifecycle: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 10);
}

/* What the complaint and incident scenario works on. */
typedef struct cases {
	telsvc_ctx *ctx;
	telsvc_complaint *c;
	telsvc_incident *inc;
	telsvc_buf *buf;
	char number[64];
} cases;

#define T0 1759222800
static const telsvc_actor c_agent = { "a", "agent" }, c_qm = { "q", "quality_monitor" },
			  c_sup = { "s", "supervisor" }, c_sec = { "o", "security_officer" };

static int c_create(cases *k)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.customer = "Zhang San", in.contact = "138";
	in.content = "家里宽带又断网了，第三次了", in.received_at = T0;
	return telsvc_complaint_create(&k->c, k->ctx, &in, &c_agent);
}

static int c_apply(cases *k, int action, const telsvc_actor *who, int64_t arg, const char *note)
{
	return telsvc_complaint_apply(k->c, action, who, T0 + (int64_t)telsvc_complaint_history_count(k->c) * 600,
				      arg, note);
}

static int c_verify(cases *k) { return c_apply(k, TELSVC_COMPLAINT_VERIFY, &c_agent, 0, NULL); }
static int c_severity(cases *k) { return c_apply(k, TELSVC_COMPLAINT_SET_SEVERITY, &c_sup, 3, "media"); }
static int c_classify(cases *k) { return c_apply(k, TELSVC_COMPLAINT_CLASSIFY, &c_agent, 0, NULL); }
static int c_wait(cases *k) { return c_apply(k, TELSVC_COMPLAINT_WAIT_CUSTOMER, &c_agent, 0, NULL); }
static int c_resume(cases *k) { return c_apply(k, TELSVC_COMPLAINT_RESUME, &c_agent, 0, NULL); }
static int c_handle(cases *k) { return c_apply(k, TELSVC_COMPLAINT_HANDLE, &c_agent, 0, "called back"); }
static int c_feedback(cases *k) { return c_apply(k, TELSVC_COMPLAINT_FEEDBACK, &c_agent, 1, "fixed"); }
static int c_visit(cases *k) { return c_apply(k, TELSVC_COMPLAINT_RETURN_VISIT, &c_qm, 90, "ok"); }
static int c_close(cases *k) { return c_apply(k, TELSVC_COMPLAINT_CLOSE, &c_sup, 0, NULL); }
static int c_reopen(cases *k) { return c_apply(k, TELSVC_COMPLAINT_REOPEN, &c_agent, 0, "broke again"); }

static int c_refind(cases *k)
{
	if (k->c) {
		snprintf(k->number, sizeof(k->number), "%s", telsvc_complaint_number(k->c));
		assert_int_equal(telsvc_complaint_release(k->c), TELSVC_OK);
		k->c = NULL;
	}
	return telsvc_complaint_find(&k->c, k->ctx, k->number);
}

static int c_export(cases *k)
{
	return telsvc_export_json(k->buf, k->ctx, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(k->c), NULL);
}

static int i_create(cases *k)
{
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_LOGS, d.type = TELSVC_INCIDENT_INTRUSION, d.description = "root login";
	d.detected_at = T0;
	return telsvc_incident_create(&k->inc, k->ctx, &d, &c_sec);
}

static int i_apply(cases *k, int action, int64_t arg)
{
	return telsvc_incident_apply(k->inc, action, &c_sec,
				     T0 + (int64_t)telsvc_incident_history_count(k->inc) * 60, arg, "done");
}

static int i_confirm(cases *k) { return i_apply(k, TELSVC_INCIDENT_CONFIRM, TELSVC_GRADE_MAJOR); }
static int i_isolate(cases *k) { return i_apply(k, TELSVC_INCIDENT_ISOLATE, 0); }
static int i_report(cases *k) { return i_apply(k, TELSVC_INCIDENT_REPORT, 0); }

/* A complaint and an incident through their steps, a release and a read
 * back, and an export, failing each allocation of the library's context
 * once: every call returns OK or TELSVC_ENOMEM, a failed change leaves
 * the history as it was, and the same call then succeeds. */
static void oom_complaint_and_incident(void **state)
{
	(void)state;
	int (*const steps[])(cases *) = { c_create, c_verify, c_severity, c_classify, c_wait,	 c_resume,
					  c_handle, c_feedback, c_visit,    c_close,	c_reopen,  c_refind,
					  c_export, i_create, i_confirm,  i_isolate,	i_report };
	long sites = 0;
	for (long n = 1;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		telsvc_ctx_set_pseudonym_key(se.ctx, "pseudonym key for the oom test", 30);
		cases k = { .ctx = se.ctx };
		assert_int_equal(telsvc_buf_new(&k.buf, se.ctx), TELSVC_OK);
		a.fail_at = a.calls + n;
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			size_t events = (k.c ? telsvc_complaint_history_count(k.c) : 0) +
					(k.inc ? telsvc_incident_history_count(k.inc) : 0);
			int rc = steps[i](&k);
			if (rc != TELSVC_OK) {
				assert_int_equal(rc, TELSVC_ENOMEM);
				size_t now = (k.c ? telsvc_complaint_history_count(k.c) : 0) +
					     (k.inc ? telsvc_incident_history_count(k.inc) : 0);
				if (steps[i] != c_refind)
					assert_int_equal(now, events);
				a.fail_at = 0; /* the same call now succeeds */
				assert_int_equal(steps[i](&k), TELSVC_OK);
			}
		}
		assert_int_equal(telsvc_complaint_state_of(k.c), TELSVC_COMPLAINT_HANDLING);
		assert_int_equal(telsvc_complaint_reopen_count(k.c), 1);
		assert_int_equal(telsvc_incident_state_of(k.inc), TELSVC_INCIDENT_ISOLATED);
		assert_int_equal(telsvc_memstore_audit_count(se.mem),
				 1 + telsvc_complaint_history_count(k.c) + telsvc_incident_history_count(k.inc));
		assert_non_null(strstr(telsvc_buf_data(k.buf), "\"reopened\":1"));
		telsvc_buf_free(k.buf);
		long failures = a.failures;
		store_close(&se, &a);
		if (failures == 0)
			break;
		sites++;
	}
	print_message("complaint and incident: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 10);
}

/* A host transaction of a request's two changes, a complaint created and
 * verified, an incident created, then a reload, failing the Nth
 * allocation: a change that fails rolls the whole transaction back (none
 * open, the request and the store as before it began, its message says
 * so); a load that fails keeps what the context held. */
static void oom_host_transaction_and_load(void **state)
{
	(void)state;
	static const telsvc_actor pre = { "b", "preprocessor" };
	long sites = 0;
	for (long n = 1;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		telsvc_intake in = TELSVC_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "r", in.contact = "c", in.content = "x";
		in.content_type = TELSVC_CONTENT_DATA, in.service_type = "broadband", in.received_at = 1759222800;
		telsvc_request *req;
		assert_int_equal(telsvc_request_create(&req, se.ctx, &in, &c_agent), TELSVC_OK);
		uint64_t audit = telsvc_memstore_audit_count(se.mem);
		a.fail_at = a.calls + n;
		int rc = telsvc_txn_begin(se.ctx);
		if (rc == TELSVC_OK)
			rc = telsvc_request_apply(req, TELSVC_ACTION_PREPROCESS, &pre, 1759222860, 0);
		if (rc == TELSVC_OK)
			rc = telsvc_request_apply_note(req, TELSVC_ACTION_WRITE_REPORT, &pre, 1759222920, 0, "report");
		cases k = { .ctx = se.ctx };
		if (rc == TELSVC_OK)
			rc = c_create(&k);
		if (rc == TELSVC_OK)
			rc = c_verify(&k);
		if (rc == TELSVC_OK)
			rc = i_create(&k);
		if (rc == TELSVC_OK)
			rc = telsvc_txn_commit(se.ctx);
		if (rc != TELSVC_OK) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			assert_false(telsvc_txn_active(se.ctx));
			assert_non_null(strstr(telsvc_error_last(), "the transaction was rolled back"));
			assert_int_equal(telsvc_complaint_count(se.ctx) + telsvc_incident_count(se.ctx), 0);
			assert_int_equal(telsvc_request_state_of(req), TELSVC_REQUEST_RECEIVED);
			assert_int_equal(telsvc_request_history_count(req), 1);
			assert_int_equal(telsvc_memstore_audit_count(se.mem), audit);
		}
		int state_before = telsvc_request_state_of(req);
		int loaded = telsvc_ctx_load(se.ctx);
		if (loaded != TELSVC_OK) {
			assert_int_equal(loaded, TELSVC_ENOMEM);
			assert_int_equal(telsvc_request_state_of(req), state_before); /* still held, unchanged */
		} else {
			assert_int_equal(telsvc_request_find(&req, se.ctx, "SR-20250930-000001"), TELSVC_OK);
			assert_int_equal(telsvc_request_state_of(req), state_before);
		}
		assert_int_equal(telsvc_request_count(se.ctx), 1);
		long failures = a.failures;
		store_close(&se, &a);
		if (failures == 0)
			break;
		sites++;
	}
	print_message("host transaction and load: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 5);
}

static int count_events(const telsvc_monitor_event *ev, void *payload)
{
	(void)ev;
	(*(size_t *)payload)++;
	return 0;
}

/* Poll everything due in a year, again after a failure (which stops the
 * failures of @a): the events recorded, after checking that a poll after
 * that gives nothing. What a failed poll counts as delivered is recorded
 * and never comes again; what it gave the callback beyond that comes
 * again. */
static size_t drain_once(telsvc_ctx *ctx, test_alloc *a)
{
	size_t got, recorded = 0, total = 0;
	int rc = TELSVC_ENOMEM;
	for (int tries = 0; tries < 3 && rc != TELSVC_OK; tries++) {
		size_t d = 0;
		got = 0;
		rc = telsvc_monitor_poll(ctx, T0 + 400L * 86400, count_events, &got, &d);
		assert_true(d <= got);
		recorded += d;
		if (rc != TELSVC_OK) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			a->fail_at = 0;
		}
	}
	assert_int_equal(rc, TELSVC_OK);
	got = 0;
	assert_int_equal(telsvc_monitor_poll(ctx, T0 + 400L * 86400, count_events, &got, &total), TELSVC_OK);
	assert_int_equal(got + total, 0); /* nothing comes twice */
	return recorded;
}

/* Monitoring with every allocation failing once: enabling, creating and
 * changing watched cases, polling, releasing and finding. A failure
 * returns ENOMEM or leaves the index stale, to be rebuilt by the next
 * call; in the end every deadline's three events are delivered, each
 * once, and nothing leaks. */
static void oom_monitor(void **state)
{
	(void)state;
	long sites = 0;
	for (long n = 1;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		cases k = { .ctx = se.ctx };
		assert_int_equal(c_create(&k), TELSVC_OK);
		a.fail_at = a.calls + n;
		int rc = telsvc_monitor_enable(se.ctx);
		if (rc != TELSVC_OK) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			a.fail_at = 0;
			assert_int_equal(telsvc_monitor_enable(se.ctx), TELSVC_OK);
		}
		int (*const steps[])(cases *) = { c_verify, i_create, i_confirm, c_refind };
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if ((rc = steps[i](&k)) != TELSVC_OK) {
				assert_int_equal(rc, TELSVC_ENOMEM);
				a.fail_at = 0;
				assert_int_equal(steps[i](&k), TELSVC_OK);
			}
		size_t recorded = drain_once(se.ctx, &a);
		/* the complaint's first handling and closed loop, the incident's report: three events each */
		assert_int_equal(recorded, 9);
		long failures = a.failures;
		store_close(&se, &a);
		if (failures == 0)
			break;
		sites++;
	}
	print_message("monitor: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 10);
}

/* A request with seventy execution problems, more open limits than the
 * monitor reads on its stack, made with no allocation failing. */
static telsvc_request *request_with_problems(telsvc_ctx *ctx, int problems)
{
	static const telsvc_actor agent = { "a", "agent" }, pre = { "b", "preprocessor" },
				  owner = { "c", "service_owner" }, qm = { "d", "quality_monitor" };
	const struct {
		int action;
		const telsvc_actor *who;
	} steps[] = { { TELSVC_ACTION_PREPROCESS, &pre },  { TELSVC_ACTION_WRITE_REPORT, &pre },
		      { TELSVC_ACTION_SIGN_REPORT, &pre }, { TELSVC_ACTION_SIGN_REPORT, &owner },
		      { TELSVC_ACTION_SIGN_REPORT, &qm },  { TELSVC_ACTION_START, &agent } };
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "r", in.contact = "c";
	in.content = "x", in.content_type = TELSVC_CONTENT_DATA;
	in.service_type = "broadband", in.received_at = T0;
	telsvc_request *req;
	assert_int_equal(telsvc_request_create(&req, ctx, &in, &agent), TELSVC_OK);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		assert_int_equal(telsvc_request_apply_note(req, steps[i].action, steps[i].who, T0 + (int64_t)i, 0, "report"),
				 TELSVC_OK);
	for (int k = 0; k < problems; k++)
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PROBLEM_DISCOVER, &agent, T0 + 600 + k,
						      TELSVC_PROBLEM_GENERAL),
				 TELSVC_OK);
	return req;
}

/* Monitoring a request with more open limits than fit on the stack, every
 * allocation of enabling, recomputing and polling failing once: the events
 * recorded are those of a run without failures, none twice. */
static void oom_monitor_many_limits(void **state)
{
	(void)state;
	size_t want = 0;
	long sites = 0;
	for (long n = 0;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		request_with_problems(se.ctx, 70);
		a.fail_at = n ? a.calls + n : 0;
		int (*const steps[])(telsvc_ctx *) = { telsvc_monitor_enable, telsvc_monitor_recompute };
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			int rc = steps[i](se.ctx);
			if (rc != TELSVC_OK) {
				assert_int_equal(rc, TELSVC_ENOMEM);
				a.fail_at = 0;
				assert_int_equal(steps[i](se.ctx), TELSVC_OK);
			}
		}
		size_t recorded = drain_once(se.ctx, &a);
		if (n == 0)
			want = recorded;
		assert_int_equal(recorded, want);
		long failures = a.failures;
		store_close(&se, &a);
		if (n && failures == 0)
			break;
		sites += n && failures;
	}
	assert_true(want > 3 * 64);
	print_message("monitor, 70 problems: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 5);
}

/* Indicators over one case, alone so that it is the first measured and its
 * first deadline takes the memory for all of them: every allocation fails
 * once, and the next call gives the figures of a run without failures. */
static void oom_indicators_one_case(void **state)
{
	(void)state;
	for (int kind = TELSVC_KIND_REQUEST; kind <= TELSVC_KIND_COMPLAINT; kind++) {
		telsvc_indicators want = { .version = TELSVC_INDICATORS_VERSION };
		long sites = 0;
		for (long n = 0;; n++) {
			test_alloc a = { 0 };
			store_env se;
			store_open(&se, &a);
			cases k = { .ctx = se.ctx };
			if (kind == TELSVC_KIND_REQUEST)
				request_with_problems(se.ctx, 2);
			else {
				assert_int_equal(c_create(&k), TELSVC_OK);
				assert_int_equal(c_verify(&k), TELSVC_OK);
			}
			telsvc_indicators got = { .version = TELSVC_INDICATORS_VERSION };
			a.fail_at = n ? a.calls + n : 0;
			int rc = telsvc_indicators_compute(&got, se.ctx, NULL);
			if (rc != TELSVC_OK) {
				assert_int_equal(rc, TELSVC_ENOMEM);
				a.fail_at = 0;
				assert_int_equal(telsvc_indicators_compute(&got, se.ctx, NULL), TELSVC_OK);
			}
			if (n == 0)
				want = got;
			assert_int_equal(got.cases, 1);
			assert_int_equal(got.finished, want.finished);
			assert_true(got.limit_count >= 1 && got.limit_count == want.limit_count);
			for (size_t i = 0; i < got.limit_count; i++) {
				const telsvc_limit_stats *g = &got.limits[i], *w = &want.limits[i];
				assert_int_equal(g->limit, w->limit);
				assert_int_equal(g->on_time, w->on_time);
				assert_int_equal(g->late, w->late);
				assert_int_equal(g->overdue, w->overdue);
				assert_int_equal(g->pending, w->pending);
			}
			long failures = a.failures;
			store_close(&se, &a);
			if (n && failures == 0)
				break;
			sites += n && failures;
		}
		print_message("indicators, one case of kind %d: %ld allocations failed one by one, all clean\n", kind,
			      sites);
		assert_true(sites >= 2);
	}
}

/* The quality report over a complaint and an incident, and its JSON and
 * CSV: every allocation fails once; a failure leaves nothing allocated
 * and the next call succeeds with the same figures. */
static void oom_report(void **state)
{
	(void)state;
	long sites = 0;
	for (long n = 1;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		cases k = { .ctx = se.ctx };
		assert_int_equal(c_create(&k), TELSVC_OK);
		assert_int_equal(c_verify(&k), TELSVC_OK);
		assert_int_equal(i_create(&k), TELSVC_OK);
		assert_int_equal(i_confirm(&k), TELSVC_OK);
		telsvc_buf *json, *csv;
		assert_int_equal(telsvc_buf_new(&json, se.ctx), TELSVC_OK);
		assert_int_equal(telsvc_buf_new(&csv, se.ctx), TELSVC_OK);
		const telsvc_improvement item = { "slow repairs", TELSVC_PROBLEM_CLASS_PROCESS, "no spares", "stock spares",
						  "ops", T0 + 86400, 0, 0, NULL };
		telsvc_report_options o = TELSVC_REPORT_OPTIONS_INIT;
		o.improvements = &item, o.improvement_count = 1;
		telsvc_report *r = NULL;
		a.fail_at = a.calls + n;
		int rc = telsvc_report_compute(&r, se.ctx, &o);
		if (rc == TELSVC_OK && (rc = telsvc_report_json(json, r)) == TELSVC_OK)
			rc = telsvc_report_csv(csv, r);
		if (rc != TELSVC_OK) {
			assert_int_equal(rc, TELSVC_ENOMEM);
			a.fail_at = 0;
			if (!r)
				assert_int_equal(telsvc_report_compute(&r, se.ctx, &o), TELSVC_OK);
			assert_int_equal(telsvc_report_json(json, r), TELSVC_OK);
			assert_int_equal(telsvc_report_csv(csv, r), TELSVC_OK);
		}
		assert_int_equal(r->overview.cases, 2);
		assert_int_equal(r->kinds[TELSVC_KIND_INCIDENT].cases, 1);
		assert_int_equal(r->item_count, 1);
		assert_non_null(strstr(telsvc_buf_data(json), "\"measure\":\"stock spares\""));
		assert_non_null(strstr(telsvc_buf_data(csv), "improvement,1,measure,stock spares,,"));
		telsvc_report_free(r);
		telsvc_buf_free(json);
		telsvc_buf_free(csv);
		long failures = a.failures;
		store_close(&se, &a);
		if (failures == 0)
			break;
		sites++;
	}
	print_message("report: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites >= 5);
}

static int count_due(void *payload, uint64_t seq, int64_t due, telsvc_param retention)
{
	(void)seq, (void)due, (void)retention;
	(*(int *)payload)++;
	return 0;
}

/* The same with a sealed audit log (keys evolving, checkpoints), then
 * verifying, replaying, listing what is due for purge, purging, and
 * reading a released request back: every allocation of each fails once. */
static void oom_audit(void **state)
{
	(void)state;
	static const unsigned char key[32] = "oom audit key, thirty-two bytes";
	static const telsvc_actor agent = { "a", "agent" }, pre = { "b", "preprocessor" },
				  owner = { "c", "service_owner" }, qm = { "d", "quality_monitor" },
				  officer = { "e", "security_officer" };
	const struct {
		int action;
		const telsvc_actor *who;
	} changes[] = { { TELSVC_ACTION_PREPROCESS, &pre }, { TELSVC_ACTION_WRITE_REPORT, &pre },
			{ TELSVC_ACTION_SIGN_REPORT, &pre },  { TELSVC_ACTION_SIGN_REPORT, &owner },
			{ TELSVC_ACTION_SIGN_REPORT, &qm },   { TELSVC_ACTION_START, &agent } };
	const int64_t t0 = 1759222800, later = t0 + 1200 * 86400; /* past the 3 years */
	long sites = 0;
	for (long n = 1;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		telsvc_ctx *ctx = se.ctx;
		telsvc_memstore *mem = se.mem;
		telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
		o.key = key, o.key_size = sizeof(key), o.epoch_records = 2, o.checkpoint_records = 3;
		assert_int_equal(telsvc_ctx_set_audit_key(ctx, &o), TELSVC_OK);
		a.fail_at = a.calls + n;
		telsvc_request *req = NULL;
		for (int step = 0; step < 12; step++) {
			uint64_t audit = telsvc_memstore_audit_count(mem);
			int rc = TELSVC_OK, due = 0;
			for (int attempt = 0; attempt < 2; attempt++) {
				telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
				telsvc_replay_report rr = { .version = TELSVC_REPLAY_REPORT_VERSION };
				if (step == 0) {
					telsvc_intake in = TELSVC_INTAKE_INIT;
					in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "r", in.contact = "c";
					in.content = "x", in.content_type = TELSVC_CONTENT_DATA;
					in.service_type = "broadband", in.received_at = t0;
					rc = telsvc_request_create(&req, ctx, &in, &agent);
				} else if (step <= 6) {
					rc = telsvc_request_apply_note(req, changes[step - 1].action, changes[step - 1].who,
								       t0 + step, 0, "report");
				} else if (step == 7) {
					rc = telsvc_audit_verify(&rep, ctx, key, sizeof(key), NULL);
					assert_true(rc || rep.verdict == TELSVC_AUDIT_UNANCHORED);
				} else if (step == 8) {
					rc = telsvc_audit_replay(&rr, ctx);
					assert_true(rc || (rr.matched == 1 && rr.diverged == 0));
				} else if (step == 9) {
					due = 0;
					rc = telsvc_audit_purge_due(ctx, later, count_due, &due);
				} else if (step == 10) {
					rc = telsvc_audit_purge(ctx, 2, later, &officer);
				} else {
					if (attempt == 0)
						assert_int_equal(telsvc_request_release(req), TELSVC_OK);
					rc = telsvc_request_find(&req, ctx, "SR-20250930-000001");
				}
				if (rc == TELSVC_OK)
					break;
				assert_int_equal(rc, TELSVC_ENOMEM);
				assert_int_equal(attempt, 0);
				assert_int_equal(telsvc_memstore_audit_count(mem), audit); /* nothing half-stored */
				a.fail_at = 0;
			}
			if (step == 9)
				assert_int_equal(due, 7); /* every change: three years on */
		}
		long failures = a.failures;
		a.fail_at = 0; /* the checks below are not part of the run */
		/* genesis 1, changes 2 3 5 6 8 9 11, the purge 12, and a checkpoint
		 * after each of 3, 6, 9 and 12 */
		assert_int_equal(telsvc_memstore_audit_count(mem), 13);
		telsvc_audit_anchor head;
		assert_int_equal(telsvc_audit_head(&head, ctx), TELSVC_OK);
		telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
		assert_int_equal(telsvc_audit_verify(&rep, ctx, key, sizeof(key), &head), TELSVC_OK);
		assert_int_equal(rep.verdict, TELSVC_AUDIT_OK);
		store_close(&se, &a);
		if (failures == 0)
			break;
		sites++;
	}
	print_message("sealed audit log: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 10);
}

/* Two audit records, copied out of storage. */
typedef struct two_records {
	uint64_t seq[2];
	unsigned char data[2][1024];
	size_t size[2];
} two_records;

static int copy_two(uint64_t seq, const void *data, size_t size, void *payload)
{
	two_records *t = payload;
	for (int i = 0; i < 2; i++)
		if (seq == t->seq[i]) {
			assert_true(size <= sizeof(t->data[i]));
			memcpy(t->data[i], data, size);
			t->size[i] = size;
		}
	return 0;
}

/* Verifying a sealed log whose records 4 and 5 changed places, every
 * allocation failing once: each call gives TELSVC_ENOMEM or the verdict
 * of a run without failures. */
static void oom_audit_verify_tampered(void **state)
{
	(void)state;
	static const unsigned char key[32] = "oom audit key, thirty-two bytes";
	static const telsvc_actor agent = { "a", "agent" }, pre = { "b", "preprocessor" };
	int want = -1;
	long sites = 0;
	for (long n = 0;; n++) {
		test_alloc a = { 0 };
		store_env se;
		store_open(&se, &a);
		telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
		o.key = key, o.key_size = sizeof(key);
		assert_int_equal(telsvc_ctx_set_audit_key(se.ctx, &o), TELSVC_OK);
		telsvc_intake in = TELSVC_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "r", in.contact = "c";
		in.content = "x", in.content_type = TELSVC_CONTENT_DATA;
		in.service_type = "broadband", in.received_at = T0;
		telsvc_request *req;
		assert_int_equal(telsvc_request_create(&req, se.ctx, &in, &agent), TELSVC_OK);
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PREPROCESS, &pre, T0 + 1, 0), TELSVC_OK);
		assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_WRITE_REPORT, &pre, T0 + 2, 0, "report"),
				 TELSVC_OK);
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_SIGN_REPORT, &pre, T0 + 3, 0), TELSVC_OK);
		telsvc_storage st;
		telsvc_memstore_storage(&st, se.mem);
		two_records t = { .seq = { 4, 5 } };
		assert_int_equal(st.audit_iterate(st.payload, 4, copy_two, &t), TELSVC_OK);
		assert_int_equal(st.audit_replace(st.payload, 4, t.data[1], t.size[1]), TELSVC_OK);
		assert_int_equal(st.audit_replace(st.payload, 5, t.data[0], t.size[0]), TELSVC_OK);
		a.fail_at = n ? a.calls + n : 0;
		telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
		int rc = telsvc_audit_verify(&rep, se.ctx, key, sizeof(key), NULL);
		if (n == 0) {
			assert_int_equal(rc, TELSVC_OK);
			want = rep.verdict;
		}
		if (rc == TELSVC_OK)
			assert_int_equal(rep.verdict, want);
		else
			assert_int_equal(rc, TELSVC_ENOMEM);
		long failures = a.failures;
		store_close(&se, &a);
		if (n && failures == 0)
			break;
		sites += n && failures;
	}
	assert_int_equal(want, TELSVC_AUDIT_REORDERED);
	print_message("verifying a tampered audit log: %ld allocations failed one by one, all clean\n", sites);
	assert_true(sites > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oom_everywhere),
		cmocka_unit_test(oom_request_lifecycle),
		cmocka_unit_test(oom_host_transaction_and_load),
		cmocka_unit_test(oom_complaint_and_incident),
		cmocka_unit_test(oom_monitor),
		cmocka_unit_test(oom_monitor_many_limits),
		cmocka_unit_test(oom_indicators_one_case),
		cmocka_unit_test(oom_report),
		cmocka_unit_test(oom_audit),
		cmocka_unit_test(oom_audit_verify_tampered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
