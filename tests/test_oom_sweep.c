/* Out of memory over one scenario that takes every kind of case through
 * every transition (docs/reliability.md, "Out of memory"): the policy
 * loaded from handbook.yaml, a request through preprocessing, an
 * execution problem's six steps, waiting, rejection and rectification to
 * closure; a complaint through every action; an incident through its
 * whole response; a host transaction creating one more of each, then
 * cancelled, withdrawn and dismissed; release and find, a reload,
 * monitoring, the quality report, an export, the sealed audit log
 * verified, replayed and purged.
 *
 * The scenario runs once to record, after each step, what memory holds
 * (every case exported) and what the step returned. It then runs once
 * per allocation n, with the n-th allocation failing once, and again
 * with every allocation from the n-th on failing ("fail forever"). In
 * every run:
 * - each call returns TELSVC_OK or TELSVC_ENOMEM ("out of memory");
 * - a step that fails leaves memory and the store as they were before it
 *   (compared with the recorded run: a mismatch otherwise);
 * - once memory comes back the same step succeeds, and every later step
 *   returns what it returned in the recorded run;
 * - in the end memory and a fresh load of the store equal the recorded
 *   run's, the log verifies against its head, and freeing the context
 *   leaves no block allocated.
 * The figures are printed and must all be 0 but the runs. */
#include "helpers.h"

#include <telsvc/memstore.h>

#include <stdarg.h>
#include <stdbool.h>

#define T0 1759222800 /* 2025-09-30 17:00 +08:00 */
#define STEP_SECONDS 600
#define LATER (T0 + 1200L * 86400) /* past the audit log's three years */

static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" },
			  sup = { "e.sun", "supervisor" }, customer = { "cust-881", "customer" },
			  officer = { "f.zhou", "security_officer" }, manager = { "g.wu", "management" };
static const unsigned char key[32] = "oom sweep key of thirty-two byte";
static const char pseudonym_key[] = "pseudonym key of the oom sweep";

enum { REQ, CMP, INC, KINDS };

/* Text the test keeps on the C library's heap, out of the injection's way. */
typedef struct text {
	char *p;
	size_t n;
} text;

static void text_add(text *t, const char *s, size_t n)
{
	t->p = realloc(t->p, t->n + n + 1);
	assert_non_null(t->p);
	memcpy(t->p + t->n, s, n);
	t->n += n;
	t->p[t->n] = '\0';
}

static const char *text_of(const text *t)
{
	return t->p ? t->p : "";
}

static void text_printf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_printf(text *t, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	text_add(t, line, (size_t)n);
}
static const int kind_of[KINDS] = { TELSVC_KIND_REQUEST, TELSVC_KIND_COMPLAINT, TELSVC_KIND_INCIDENT };

/* What a run works on: a context, and a memory store on a context of its
 * own, both allocating through @a; the host's own context; the cases'
 * numbers. */
typedef struct world {
	test_alloc a;
	telsvc_ctx *host, *ctx, *store_ctx;
	telsvc_policy *host_policy, *policy;
	telsvc_memstore *mem;
	telsvc_storage st;
	char numbers[KINDS][2][64];
	telsvc_buf *out;  /* the library's output, on the context under test */
	text answer;	  /* what the step returned */
	size_t called, delivered; /* monitor events given to the callback, and recorded, by the step */
	int64_t at;	  /* the step's instant */
} world;

typedef struct step {
	int (*run)(world *w, const struct step *s);
	int kind, which, action;
	const telsvc_actor *who;
	int64_t arg;
	const char *note;
} step;

static int64_t fixed_clock(void *payload)
{
	(void)payload;
	return T0 + 30L * 86400;
}

/* ---- the steps ---- */

static int s_policy(world *w, const step *s)
{
	(void)s;
	size_t size;
	char *doc = test_read_source_file("policy/handbook.yaml", &size);
	telsvc_policy *p;
	int rc = telsvc_policy_load(&p, w->ctx, doc, size);
	free(doc);
	if (rc == TELSVC_OK && (rc = telsvc_ctx_set_policy(w->ctx, p)) != TELSVC_OK)
		telsvc_policy_free(p);
	if (rc == TELSVC_OK)
		w->policy = p;
	return rc;
}

static int s_dump(world *w, const step *s)
{
	(void)s;
	int rc = telsvc_policy_dump(w->out, w->policy);
	if (rc == TELSVC_OK)
		text_add(&w->answer, telsvc_buf_data(w->out), telsvc_buf_size(w->out));
	return rc;
}

/* @ctx on @st, its log sealed with short epochs and checkpoints, with a
 * pseudonym key for exports. */
static int attach(telsvc_ctx *ctx, const telsvc_storage *st)
{
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key), ao.epoch_records = 4, ao.checkpoint_records = 5;
	int rc = telsvc_ctx_set_storage(ctx, st);
	if (rc == TELSVC_OK)
		rc = telsvc_ctx_set_audit_key(ctx, &ao);
	if (rc == TELSVC_OK)
		rc = telsvc_ctx_set_pseudonym_key(ctx, pseudonym_key, strlen(pseudonym_key));
	return rc;
}

static int s_store(world *w, const step *s)
{
	(void)s;
	return attach(w->ctx, &w->st);
}

/* @which 1 of a complaint is long enough for the classifier to copy it to the heap. */
static int create(world *w, int kind, int which, int64_t at, char *number, size_t cap)
{
	int rc;
	const char *made = NULL;
	if (kind == REQ) {
		telsvc_intake in = TELSVC_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
		in.content = "no signal at home", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "voice";
		in.received_at = at;
		telsvc_request *r;
		if ((rc = telsvc_request_create(&r, w->ctx, &in, &agent)) == TELSVC_OK)
			made = telsvc_request_number(r);
	} else if (kind == CMP) {
		telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
		in.channel = TELSVC_CHANNEL_PHONE, in.customer = "Zhang San", in.contact = "138";
		char content[1500];
		memset(content, 'x', sizeof(content) - 1);
		content[sizeof(content) - 1] = '\0';
		memcpy(content, "the bill is wrong ", 18);
		in.content = which ? content : "家里宽带又断网了，第三次了", in.received_at = at;
		telsvc_complaint *c;
		if ((rc = telsvc_complaint_create(&c, w->ctx, &in, &agent)) == TELSVC_OK)
			made = telsvc_complaint_number(c);
	} else {
		telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
		d.source = TELSVC_SOURCE_LOGS, d.type = TELSVC_INCIDENT_INTRUSION, d.description = "root login";
		d.detected_at = at;
		telsvc_incident *i;
		if ((rc = telsvc_incident_create(&i, w->ctx, &d, &officer)) == TELSVC_OK)
			made = telsvc_incident_number(i);
	}
	if (rc == TELSVC_OK)
		snprintf(number, cap, "%s", made);
	return rc;
}

static int s_create(world *w, const step *s)
{
	return create(w, s->kind, s->which, w->at, w->numbers[s->kind][s->which], sizeof(w->numbers[0][0]));
}

/* Find the case, held or not, and apply the step's action to it. */
static int s_apply(world *w, const step *s)
{
	const char *number = w->numbers[s->kind][s->which];
	int rc;
	if (s->kind == REQ) {
		telsvc_request *r;
		if ((rc = telsvc_request_find(&r, w->ctx, number)) == TELSVC_OK)
			rc = telsvc_request_apply_note(r, s->action, s->who, w->at, s->arg, s->note);
	} else if (s->kind == CMP) {
		telsvc_complaint *c;
		if ((rc = telsvc_complaint_find(&c, w->ctx, number)) == TELSVC_OK)
			rc = telsvc_complaint_apply(c, s->action, s->who, w->at, s->arg, s->note);
	} else {
		telsvc_incident *i;
		if ((rc = telsvc_incident_find(&i, w->ctx, number)) == TELSVC_OK)
			rc = telsvc_incident_apply(i, s->action, s->who, w->at, s->arg, s->note);
	}
	return rc;
}

/* One case of each kind created in one host transaction: all or none. */
static int s_txn(world *w, const step *s)
{
	(void)s;
	char made[KINDS][64];
	int rc = telsvc_txn_begin(w->ctx);
	for (int k = 0; k < KINDS && rc == TELSVC_OK; k++)
		rc = create(w, k, 1, w->at, made[k], sizeof(made[k]));
	if (rc == TELSVC_OK)
		rc = telsvc_txn_commit(w->ctx);
	if (rc != TELSVC_OK) {
		assert_false(telsvc_txn_active(w->ctx)); /* a failed change rolled it back */
		return rc;
	}
	for (int k = 0; k < KINDS; k++)
		memcpy(w->numbers[k][1], made[k], sizeof(made[k]));
	return rc;
}

/* Drop the first case of each kind from memory and read it back. */
static int s_release_find(world *w, const step *s)
{
	(void)s;
	telsvc_request *r;
	telsvc_complaint *c;
	telsvc_incident *i;
	int rc;
	if (telsvc_request_find(&r, w->ctx, w->numbers[REQ][0]) == TELSVC_OK)
		telsvc_request_release(r);
	if (telsvc_complaint_find(&c, w->ctx, w->numbers[CMP][0]) == TELSVC_OK)
		telsvc_complaint_release(c);
	if (telsvc_incident_find(&i, w->ctx, w->numbers[INC][0]) == TELSVC_OK)
		telsvc_incident_release(i);
	if ((rc = telsvc_request_find(&r, w->ctx, w->numbers[REQ][0])) == TELSVC_OK &&
	    (rc = telsvc_complaint_find(&c, w->ctx, w->numbers[CMP][0])) == TELSVC_OK)
		rc = telsvc_incident_find(&i, w->ctx, w->numbers[INC][0]);
	return rc;
}

static int s_load(world *w, const step *s)
{
	(void)s;
	return telsvc_ctx_load(w->ctx);
}

static int s_monitor(world *w, const step *s)
{
	(void)s;
	return telsvc_monitor_enable(w->ctx);
}

static int count_event(const telsvc_monitor_event *ev, void *payload)
{
	(void)ev;
	((world *)payload)->called++;
	return 0;
}

/* Deliver what is due; the step's answer is how many events were recorded
 * as delivered over its attempts: none lost, none twice. The events of an
 * attempt that failed to record them come again (monitor.h). */
static int s_poll(world *w, const step *s)
{
	size_t n = 0;
	int rc = telsvc_monitor_poll(w->ctx, w->at + s->arg, count_event, w, &n);
	w->delivered += n;
	if (rc == TELSVC_OK)
		text_printf(&w->answer, "%zu events", w->delivered);
	return rc;
}

static int s_report(world *w, const step *s)
{
	(void)s;
	const telsvc_improvement item = { "slow repairs", TELSVC_PROBLEM_CLASS_PROCESS, "no spares", "stock spares",
					  "ops", T0 + 86400, 0, 0, NULL };
	telsvc_report_options o = TELSVC_REPORT_OPTIONS_INIT;
	o.improvements = &item, o.improvement_count = 1;
	telsvc_report *r;
	int rc = telsvc_report_compute(&r, w->ctx, &o);
	if (rc != TELSVC_OK)
		return rc;
	if ((rc = telsvc_report_json(w->out, r)) == TELSVC_OK) {
		text_add(&w->answer, telsvc_buf_data(w->out), telsvc_buf_size(w->out));
		if ((rc = telsvc_report_csv(w->out, r)) == TELSVC_OK)
			text_add(&w->answer, telsvc_buf_data(w->out), telsvc_buf_size(w->out));
	}
	telsvc_report_free(r);
	return rc;
}

static int s_export(world *w, const step *s)
{
	int rc = telsvc_export_json(w->out, w->ctx, kind_of[s->kind], w->numbers[s->kind][s->which], NULL);
	if (rc == TELSVC_OK)
		text_add(&w->answer, telsvc_buf_data(w->out), telsvc_buf_size(w->out));
	return rc;
}

static int s_verify(world *w, const step *s)
{
	(void)s;
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	int rc = telsvc_audit_verify(&rep, w->ctx, key, sizeof(key), NULL);
	if (rc == TELSVC_OK)
		text_printf(&w->answer, "%s %llu", telsvc_audit_verdict_name(rep.verdict),
				       (unsigned long long)rep.records);
	return rc;
}

static int s_replay(world *w, const step *s)
{
	(void)s;
	telsvc_replay_report rep = { .version = TELSVC_REPLAY_REPORT_VERSION };
	int rc = telsvc_audit_replay(&rep, w->ctx);
	if (rc == TELSVC_OK)
		text_printf(&w->answer, "%llu objects, %llu matched, %llu diverged",
				       (unsigned long long)rep.objects, (unsigned long long)rep.matched,
				       (unsigned long long)rep.diverged);
	return rc;
}

static int count_due(void *payload, uint64_t seq, int64_t due, telsvc_param retention)
{
	(void)seq, (void)due, (void)retention;
	(*(size_t *)payload)++;
	return 0;
}

static int s_purge_due(world *w, const step *s)
{
	(void)s;
	size_t due = 0;
	int rc = telsvc_audit_purge_due(w->ctx, LATER, count_due, &due);
	if (rc == TELSVC_OK)
		text_printf(&w->answer, "%zu due", due);
	return rc;
}

static int s_purge(world *w, const step *s)
{
	return telsvc_audit_purge(w->ctx, (uint64_t)s->arg, LATER, &officer);
}

#define CREATE(k, i) { s_create, k, i, 0, NULL, 0, NULL }
#define REQUEST(action, who, arg, note) { s_apply, REQ, 0, TELSVC_ACTION_##action, who, arg, note }
#define COMPLAINT(action, who, arg, note) { s_apply, CMP, 0, TELSVC_COMPLAINT_##action, who, arg, note }
#define INCIDENT(action, who, arg, note) { s_apply, INC, 0, TELSVC_INCIDENT_##action, who, arg, note }
#define CALL(fn) { fn, 0, 0, 0, NULL, 0, NULL }

static const step scenario[] = {
	CALL(s_policy),
	CALL(s_dump),
	CALL(s_store),
	CALL(s_monitor),
	CREATE(REQ, 0),
	REQUEST(RECLASSIFY, &qm, TELSVC_PRIORITY_IMPORTANT, "outage of a business line"),
	REQUEST(PREPROCESS, &pre, 0, NULL),
	REQUEST(WRITE_REPORT, &pre, 0, "needs analysis; proposal; assignment"),
	REQUEST(SIGN_REPORT, &pre, 0, NULL),
	REQUEST(SIGN_REPORT, &owner, 0, NULL),
	REQUEST(SIGN_REPORT, &qm, 0, NULL),
	REQUEST(START, &agent, 0, NULL),
	REQUEST(PROGRESS, &agent, 0, "line tested"),
	REQUEST(PROBLEM_DISCOVER, &agent, TELSVC_PROBLEM_MAJOR, "the spare part is missing"),
	REQUEST(PROBLEM_REPORT, &agent, 0, NULL),
	REQUEST(PROBLEM_ARRANGE, &sup, 0, "a courier brings one"),
	REQUEST(PROBLEM_HANDLED, &agent, 0, NULL),
	REQUEST(PROBLEM_FEEDBACK, &agent, 0, "fitted"),
	REQUEST(PROBLEM_POSTMORTEM, &sup, 0, "stock spares"),
	REQUEST(WAIT_CUSTOMER, &agent, 0, "customer away"),
	REQUEST(RESUME, &customer, 0, NULL),
	REQUEST(DELIVER, &agent, 0, NULL),
	REQUEST(REJECT, &customer, 0, "the line still drops"),
	REQUEST(DELIVER, &agent, 0, NULL),
	CREATE(CMP, 0),
	COMPLAINT(VERIFY, &agent, 0, NULL),
	COMPLAINT(SET_SEVERITY, &sup, TELSVC_SEVERITY_MAJOR, "media interest"),
	COMPLAINT(SET_CATEGORY, &qm, TELSVC_COMPLAINT_TECHNICAL, "router fault"),
	COMPLAINT(CLASSIFY, &agent, 0, NULL),
	COMPLAINT(HANDLE, &agent, 0, "called back"),
	COMPLAINT(PROGRESS, &agent, 0, "router replaced"),
	COMPLAINT(FEEDBACK, &agent, TELSVC_CHANNEL_PHONE, "fixed"),
	COMPLAINT(RETURN_VISIT, &qm, 90, "satisfied"),
	COMPLAINT(CLOSE, &sup, 0, NULL),
	COMPLAINT(REOPEN, &customer, 0, "broke again"),
	COMPLAINT(WAIT_CUSTOMER, &agent, 0, NULL),
	COMPLAINT(RESUME, &customer, 0, NULL),
	CREATE(INC, 0),
	INCIDENT(CONFIRM, &officer, TELSVC_GRADE_LARGER, "one host"),
	INCIDENT(REGRADE, &manager, TELSVC_GRADE_MAJOR, "customer data reached"),
	INCIDENT(ISOLATE, &officer, 0, "host off the network"),
	INCIDENT(REPORT, &officer, 0, "to management"),
	INCIDENT(PROGRESS, &officer, 0, "image taken"),
	INCIDENT(REPAIR, &officer, 0, "rebuilt"),
	INCIDENT(RECOVER, &officer, 0, "back in service"),
	INCIDENT(ANALYSE, &officer, 0, "stolen key"),
	INCIDENT(RECTIFY, &officer, 0, "keys rotated"),
	INCIDENT(POSTMORTEM, &officer, 0, "rotate keys yearly"),
	INCIDENT(CLOSE, &manager, 0, NULL),
	CALL(s_txn),
	{ s_apply, REQ, 1, TELSVC_ACTION_CANCEL, &customer, 0, "no longer needed" },
	{ s_apply, CMP, 1, TELSVC_COMPLAINT_WITHDRAW, &customer, 0, "sorted out" },
	{ s_apply, INC, 1, TELSVC_INCIDENT_DISMISS, &officer, 0, "a scheduled scan" },
	CALL(s_release_find),
	REQUEST(ACCEPT, &customer, 0, "tests passed; signed"),
	REQUEST(FEEDBACK, &customer, 92, NULL),
	REQUEST(CLOSE, &agent, 0, NULL),
	{ s_poll, 0, 0, 0, NULL, 3600, NULL },
	CALL(s_load),
	{ s_poll, 0, 0, 0, NULL, 400L * 86400, NULL },
	CALL(s_load), /* the monitor reads back what was delivered */
	{ s_poll, 0, 0, 0, NULL, 400L * 86400, NULL },
	CALL(s_report),
	{ s_export, CMP, 0, 0, NULL, 0, NULL },
	{ s_export, INC, 1, 0, NULL, 0, NULL },
	CALL(s_verify),
	CALL(s_replay),
	CALL(s_purge_due),
	{ s_purge, 0, 0, 0, NULL, 2, NULL },
	CALL(s_verify),
};
#define STEPS (sizeof(scenario) / sizeof(scenario[0]))

/* ---- a run ---- */

static void world_open(world *w)
{
	memset(w, 0, sizeof(*w));
	w->host = test_ctx();
	assert_int_equal(telsvc_policy_default(&w->host_policy, w->host), TELSVC_OK);
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	opts.allocator = (telsvc_allocator){ test_malloc_fn, test_realloc_fn, test_free_fn, &w->a };
	opts.clock_fn = fixed_clock;
	assert_int_equal(telsvc_ctx_new(&w->store_ctx, &opts), TELSVC_OK);
	assert_int_equal(telsvc_memstore_new(&w->mem, w->store_ctx), TELSVC_OK);
	telsvc_memstore_storage(&w->st, w->mem);
	assert_int_equal(telsvc_ctx_new(&w->ctx, &opts), TELSVC_OK);
	assert_int_equal(telsvc_buf_new(&w->out, w->ctx), TELSVC_OK);
}

/* Every case @ctx knows, exported: a new string. */
static char *snapshot(const world *w, telsvc_ctx *ctx)
{
	text snap = { 0 };
	telsvc_buf *doc;
	assert_int_equal(telsvc_buf_new(&doc, w->host), TELSVC_OK);
	for (int k = 0; k < KINDS; k++)
		for (int i = 0; i < 2; i++)
			if (w->numbers[k][i][0]) {
				assert_int_equal(telsvc_export_json(doc, ctx, kind_of[k], w->numbers[k][i], NULL),
						 TELSVC_OK);
				text_add(&snap, telsvc_buf_data(doc), telsvc_buf_size(doc));
				text_add(&snap, "\n", 1);
			}
	telsvc_buf_free(doc);
	return snap.p ? snap.p : strdup("");
}

/* The same of a fresh context that loads the store. */
static char *stored(const world *w)
{
	telsvc_ctx_options opts = TELSVC_CTX_OPTIONS_INIT;
	opts.clock_fn = fixed_clock;
	telsvc_ctx *fresh;
	assert_int_equal(telsvc_ctx_new(&fresh, &opts), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(fresh, w->policy ? w->policy : w->host_policy), TELSVC_OK);
	assert_int_equal(attach(fresh, &w->st), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(fresh), TELSVC_OK);
	char *snap = snapshot(w, fresh);
	telsvc_ctx_free(fresh);
	return snap;
}

/* What the recorded run saw after each step. */
typedef struct record {
	char *memory[STEPS + 1]; /* [k]: before step k */
	char *answer[STEPS];
	long allocations;
} record;

typedef struct figures {
	long runs, failed_calls, absorbed, redelivered, wrong_status, mismatches, stuck, leaks;
} figures;

/* Count a mismatch if @got differs from @want; frees @got. */
static long differs(char *got, const char *want)
{
	long d = strcmp(got, want) != 0;
	free(got);
	return d;
}

/* Run the scenario with allocation @fail_at failing (from then on when
 * @forever); with @fail_at 0, record it into @rec. */
static void run(record *rec, long fail_at, bool forever, figures *f)
{
	world w;
	world_open(&w);
	long start = w.a.calls;
	w.a.fail_at = fail_at ? start + fail_at : 0;
	w.a.persistent = forever;
	if (!fail_at)
		rec->memory[0] = strdup("");
	for (size_t k = 0; k < STEPS; k++) {
		const step *s = &scenario[k];
		w.at = T0 + (int64_t)k * STEP_SECONDS;
		w.called = w.delivered = 0;
		int rc;
		for (int attempt = 0;; attempt++) {
			w.answer.n = 0;
			long before = w.a.failures;
			if ((rc = s->run(&w, s)) == TELSVC_OK) {
				f->absorbed += w.a.failures != before;
				break;
			}
			f->failed_calls++;
			if (rc != TELSVC_ENOMEM || strncmp(telsvc_error_last(), "out of memory", 13) != 0) {
				print_error("allocation %ld, step %zu: %s (%s)\n", fail_at, k, telsvc_status_name(rc),
					    telsvc_error_last());
				f->wrong_status++;
			}
			if (attempt > 0 || !fail_at) { /* memory is back: it must succeed */
				f->stuck++;
				break;
			}
			w.a.fail_at = 0; /* memory comes back */
			f->mismatches += differs(snapshot(&w, w.ctx), rec->memory[k]) + differs(stored(&w), rec->memory[k]);
		}
		f->redelivered += (long)(w.called - w.delivered);
		if (!fail_at) {
			long calls = w.a.calls; /* the record is not part of the run */
			rec->answer[k] = strdup(text_of(&w.answer));
			rec->memory[k + 1] = snapshot(&w, w.ctx);
			w.a.calls = calls;
		} else if (rc == TELSVC_OK && strcmp(text_of(&w.answer), rec->answer[k]) != 0) {
			print_error("allocation %ld, step %zu answered otherwise: %.300s instead of %.300s\n", fail_at, k, text_of(&w.answer), rec->answer[k]);
			f->mismatches++;
		}
	}
	w.a.fail_at = 0;
	if (!fail_at)
		rec->allocations = w.a.calls - start;
	else
		f->mismatches += differs(snapshot(&w, w.ctx), rec->memory[STEPS]) +
				 differs(stored(&w), rec->memory[STEPS]);
	telsvc_audit_anchor head;
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	assert_int_equal(telsvc_audit_head(&head, w.ctx), TELSVC_OK);
	assert_int_equal(telsvc_audit_verify(&rep, w.ctx, key, sizeof(key), &head), TELSVC_OK);
	f->mismatches += rep.verdict != TELSVC_AUDIT_OK;
	telsvc_buf_free(w.out);
	telsvc_policy_free(w.policy);
	telsvc_ctx_free(w.ctx);
	telsvc_memstore_free(w.mem);
	telsvc_ctx_free(w.store_ctx);
	f->leaks += w.a.live;
	f->runs += fail_at != 0;
	free(w.answer.p);
	telsvc_policy_free(w.host_policy);
	telsvc_ctx_free(w.host);
}

static void every_allocation(void **state)
{
	(void)state;
	record rec = { 0 };
	figures clean = { 0 };
	run(&rec, 0, false, &clean);
	assert_int_equal(clean.failed_calls + clean.mismatches + clean.leaks, 0);
	for (int forever = 0; forever < 2; forever++) {
		figures f = { 0 };
		for (long n = 1; n <= rec.allocations; n++)
			run(&rec, n, forever, &f);
		printf("%s: %zu steps, %ld allocations, %ld runs; %ld calls failed, %ld failures absorbed, "
		       "%ld events delivered again; other statuses %ld, state mismatches %ld, steps failing again %ld, "
		       "blocks leaked %ld\n",
		       forever ? "fail forever" : "fail once", STEPS, rec.allocations, f.runs, f.failed_calls, f.absorbed,
		       f.redelivered, f.wrong_status, f.mismatches, f.stuck, f.leaks);
		assert_int_equal(f.runs, rec.allocations);
		if (!forever) /* each injected failure failed one call, or the call did without */
			assert_int_equal(f.failed_calls + f.absorbed, f.runs);
		assert_int_equal(f.wrong_status + f.mismatches + f.stuck + f.leaks, 0);
	}
	for (size_t k = 0; k < STEPS; k++)
		free(rec.answer[k]);
	for (size_t k = 0; k <= STEPS; k++)
		free(rec.memory[k]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
