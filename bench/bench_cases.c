/* Complaints and security incidents through their whole lifecycle on the
 * in-memory backend: transitions per second on one core, and memory per
 * open complaint. The companion of bench_requests.c.
 *
 * usage: bench_cases [complaints [incidents [open_complaints]]]
 *
 * One library context follows the default policy and stores through a
 * memory store owned by a separate host context, as in bench_requests.
 *
 * Complaints: registered with a text drawn from a set of realistic ones
 * in Chinese and English (so classification reads every keyword list),
 * then VERIFY, CLASSIFY, HANDLE, PROGRESS, FEEDBACK, RETURN_VISIT by a
 * quality monitor and CLOSE (by a supervisor: some complaints are
 * major): 8 transitions. Every 10th complaint also waits for the
 * customer after CLASSIFY (WAIT_CUSTOMER, RESUME), has its severity
 * raised (SET_SEVERITY), and is reopened after closure (REOPEN, FEEDBACK,
 * RETURN_VISIT, CLOSE): 15 transitions. The three deadlines, on the
 * 24-hour and working-day clocks, are read after registration and after
 * every change of severity. After CLOSE the complaint is released.
 *
 * Incidents: detected, then CONFIRM, REPORT, ISOLATE, REPAIR, RECOVER,
 * ANALYSE, RECTIFY, POSTMORTEM, CLOSE: 10 transitions; the report
 * deadline is read after CONFIRM. Released after CLOSE.
 *
 * Every change is one storage transaction (put and audit append). After
 * each timed phase the store must hold one object per case and one audit
 * record per transition (and the genesis record); a mismatch, or any call
 * not returning TELSVC_OK, ends the run with status 1. Rates are
 * reported, never asserted. Memory: @open_complaints complaints are
 * driven to HANDLING on contexts with counting allocators, and the live
 * bytes per open complaint of the library and of the store are printed. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <telsvc/telsvc.h>

#define BENCH_NAME "bench_cases"
#define BENCH_ITEM "case"
#include "bench_util.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 INT64_C(1735660800) /* 2025-01-01 00:00 +08:00 */
#define SPAN (INT64_C(700) * 86400)


typedef struct env {
	telsvc_ctx *host, *lib;
	telsvc_policy *policy;
	telsvc_memstore *mem;
} env;

static void env_open(env *e, counter *host, counter *lib)
{
	e->host = new_ctx(host);
	CHECK(telsvc_policy_default(&e->policy, e->host), "telsvc_policy_default", 0);
	CHECK(telsvc_memstore_new(&e->mem, e->host), "telsvc_memstore_new", 0);
	telsvc_storage st;
	CHECK(telsvc_memstore_storage(&st, e->mem), "telsvc_memstore_storage", 0);
	e->lib = new_ctx(lib);
	CHECK(telsvc_ctx_set_policy(e->lib, e->policy), "telsvc_ctx_set_policy", 0);
	CHECK(telsvc_ctx_set_storage(e->lib, &st), "telsvc_ctx_set_storage", 0);
}

static void env_close(env *e)
{
	telsvc_ctx_free(e->lib);
	telsvc_memstore_free(e->mem);
	telsvc_policy_free(e->policy);
	telsvc_ctx_free(e->host);
}

static const telsvc_actor agent = { "agent-017", "agent" };
static const telsvc_actor monitor = { "qm-003", "quality_monitor" };
static const telsvc_actor supervisor = { "sup-002", "supervisor" };
static const telsvc_actor customer = { "cust-5531", "customer" };
static const telsvc_actor officer = { "sec-001", "security_officer" };
static const telsvc_actor manager = { "mgr-001", "management" };

static const char *const texts[] = {
	"家里宽带又断网了，已经第三次了", "手机在家里没有信号，打电话经常掉线", "上个月话费被乱扣了50元，要求退费",
	"营业厅工作人员态度很差，排队两个小时", "光猫设置后无法登录管理页面", "我要向工信部投诉，你们乱扣费",
	"No signal at home since Monday, dropped calls all the time", "I was charged twice on my bill",
	"The staff at the store were rude to my mother", "The router shows an error since the install",
	"请帮我查询一下积分",
};

typedef struct tally {
	uint64_t transitions, deadlines;
	int64_t checksum; /* of the deadlines read, so they cannot be skipped */
} tally;

static void read_complaint_deadlines(const telsvc_complaint *c, tally *t, size_t i)
{
	for (size_t k = 0; k < telsvc_complaint_deadline_count(c); k++) {
		telsvc_param limit;
		int64_t due, done;
		CHECK(telsvc_complaint_deadline_at(&limit, &due, &done, c, k), "telsvc_complaint_deadline_at", i);
		t->checksum += due;
		t->deadlines++;
	}
}

static void apply_complaint(telsvc_complaint *c, int action, const telsvc_actor *who, int64_t *at, int64_t arg,
			    const char *note, tally *t, size_t i)
{
	*at += 600 + (int64_t)(i % 3000);
	CHECK(telsvc_complaint_apply(c, action, who, *at, arg, note), "telsvc_complaint_apply", i);
	t->transitions++;
}

/* One complaint from intake to closure (and reopened, every 10th). */
static void complaint_lifecycle(env *e, size_t i, size_t n, tally *t, int close)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = 1 + (int)(i % 4);
	in.customer = "Zhang San";
	in.contact = "+86 138 0000 0000";
	in.content = texts[i % (sizeof(texts) / sizeof(texts[0]))];
	in.service_type = "broadband";
	in.received_at = T0 + (int64_t)((double)SPAN * (double)i / (double)n);
	telsvc_complaint *c;
	CHECK(telsvc_complaint_create(&c, e->lib, &in, &agent), "telsvc_complaint_create", i);
	t->transitions++;
	read_complaint_deadlines(c, t, i);
	int64_t at = in.received_at;
	bool odd = i % 10 == 0;
	apply_complaint(c, TELSVC_COMPLAINT_VERIFY, &agent, &at, 0, NULL, t, i);
	apply_complaint(c, TELSVC_COMPLAINT_CLASSIFY, &agent, &at, 0, NULL, t, i);
	if (odd) {
		apply_complaint(c, TELSVC_COMPLAINT_WAIT_CUSTOMER, &agent, &at, 0, NULL, t, i);
		apply_complaint(c, TELSVC_COMPLAINT_RESUME, &customer, &at, 0, NULL, t, i);
		int up = telsvc_complaint_severity_of(c) == TELSVC_SEVERITY_MAJOR ? TELSVC_SEVERITY_SERIOUS
										   : TELSVC_SEVERITY_MAJOR;
		apply_complaint(c, TELSVC_COMPLAINT_SET_SEVERITY, &supervisor, &at, up, "repeat caller", t, i);
		read_complaint_deadlines(c, t, i);
	}
	apply_complaint(c, TELSVC_COMPLAINT_HANDLE, &agent, &at, 0, NULL, t, i);
	if (!close)
		return;
	for (int round = 0; round < (odd ? 2 : 1); round++) {
		if (round)
			apply_complaint(c, TELSVC_COMPLAINT_REOPEN, &customer, &at, 0, "it broke again", t, i);
		else
			apply_complaint(c, TELSVC_COMPLAINT_PROGRESS, &agent, &at, 0, "port reset", t, i);
		apply_complaint(c, TELSVC_COMPLAINT_FEEDBACK, &agent, &at, TELSVC_CHANNEL_PHONE, "repaired", t, i);
		apply_complaint(c, TELSVC_COMPLAINT_RETURN_VISIT, &monitor, &at, 80 + (int64_t)(i % 21), NULL, t, i);
		apply_complaint(c, TELSVC_COMPLAINT_CLOSE, &supervisor, &at, 0, NULL, t, i);
	}
	CHECK(telsvc_complaint_release(c), "telsvc_complaint_release", i);
}

static void incident_lifecycle(env *e, size_t i, size_t n, tally *t)
{
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = 1 + (int)(i % 3);
	d.type = 1 + (int)(i % 5);
	d.description = "IDS alert: repeated root logins from an unknown address";
	d.scope = "billing-db";
	d.detected_at = T0 + (int64_t)((double)SPAN * (double)i / (double)n);
	telsvc_incident *inc;
	CHECK(telsvc_incident_create(&inc, e->lib, &d, &agent), "telsvc_incident_create", i);
	t->transitions++;
	static const struct {
		int action;
		const telsvc_actor *who;
	} steps[] = { { TELSVC_INCIDENT_CONFIRM, &officer },  { TELSVC_INCIDENT_REPORT, &officer },
		      { TELSVC_INCIDENT_ISOLATE, &officer },  { TELSVC_INCIDENT_REPAIR, &officer },
		      { TELSVC_INCIDENT_RECOVER, &officer },  { TELSVC_INCIDENT_ANALYSE, &officer },
		      { TELSVC_INCIDENT_RECTIFY, &officer },  { TELSVC_INCIDENT_POSTMORTEM, &officer },
		      { TELSVC_INCIDENT_CLOSE, &manager } };
	int64_t at = d.detected_at;
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		at += 300;
		int64_t grade = steps[k].action == TELSVC_INCIDENT_CONFIRM ? 1 + (int64_t)(i % 3) : 0;
		const char *note = steps[k].action == TELSVC_INCIDENT_CLOSE ? NULL : "recorded by the response team";
		CHECK(telsvc_incident_apply(inc, steps[k].action, steps[k].who, at, grade, note), "telsvc_incident_apply",
		      i);
		t->transitions++;
		if (steps[k].action == TELSVC_INCIDENT_CONFIRM) {
			telsvc_param limit;
			int64_t due, done;
			CHECK(telsvc_incident_report_deadline(&limit, &due, &done, inc), "report deadline", i);
			t->checksum += due;
			t->deadlines++;
		}
	}
	CHECK(telsvc_incident_release(inc), "telsvc_incident_release", i);
}

static void verify(const env *e, size_t objects, const tally *t, const char *phase)
{
	uint64_t stored = telsvc_memstore_object_count(e->mem), audit = telsvc_memstore_audit_count(e->mem);
	if (stored != objects || audit != t->transitions + 1) {
		fprintf(stderr, "bench_cases: %s: %" PRIu64 " objects and %" PRIu64 " audit records stored, want %zu and %" PRIu64 "\n",
			phase, stored, audit, objects, t->transitions + 1);
		exit(1);
	}
}

static void report(const char *phase, size_t n, const tally *t, double seconds)
{
	printf("%-12s %9zu %12" PRIu64 " %10" PRIu64 " %9.3f %14.0f %8.0f   %016" PRIx64 "\n", phase, n, t->transitions,
	       t->deadlines, seconds, (double)t->transitions / seconds, seconds * 1e9 / (double)t->transitions,
	       (uint64_t)t->checksum);
}

static size_t parse(const char *arg, const char *name)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	if (*end || v == 0 || v > 10000000ull) {
		fprintf(stderr, "bench_cases: %s must be 1 .. 10000000\n", name);
		exit(2);
	}
	return (size_t)v;
}

int main(int argc, char **argv)
{
	size_t complaints = 1000000, incidents = 200000, open = 100000;
	if (argc > 4) {
		fprintf(stderr, "usage: %s [complaints [incidents [open_complaints]]]\n", argv[0]);
		return 2;
	}
	if (argc > 1)
		complaints = parse(argv[1], "complaints");
	if (argc > 2)
		incidents = parse(argv[2], "incidents");
	if (argc > 3)
		open = parse(argv[3], "open_complaints");
	printf("telsvc complaints and incidents: default policy, memory store, one thread\n\n");
	printf("%-12s %9s %12s %10s %9s %14s %8s   %s\n", "phase", "cases", "transitions", "deadlines", "seconds",
	       "transitions/s", "ns/tr", "deadline checksum");

	env e;
	tally t = { 0 };
	env_open(&e, NULL, NULL);
	double t0 = now_seconds();
	for (size_t i = 0; i < complaints; i++)
		complaint_lifecycle(&e, i, complaints, &t, 1);
	double t1 = now_seconds();
	verify(&e, complaints, &t, "complaints");
	report("complaints", complaints, &t, t1 - t0);
	env_close(&e);

	t = (tally){ 0 };
	env_open(&e, NULL, NULL);
	t0 = now_seconds();
	for (size_t i = 0; i < incidents; i++)
		incident_lifecycle(&e, i, incidents, &t);
	t1 = now_seconds();
	verify(&e, incidents, &t, "incidents");
	report("incidents", incidents, &t, t1 - t0);
	env_close(&e);

	/* memory per open complaint: driven to HANDLING, kept in the context */
	counter host = { 0 }, lib = { 0 };
	t = (tally){ 0 };
	env_open(&e, &host, &lib);
	counter host0 = host, lib0 = lib;
	for (size_t i = 0; i < open; i++)
		complaint_lifecycle(&e, i, open, &t, 0);
	verify(&e, open, &t, "open complaints");
	printf("\nmemory per open complaint (%zu open, %.1f changes each): library %.0f bytes (%.0f as malloc "
	       "chunks), store %.0f bytes (%.0f as chunks)\n",
	       open, (double)t.transitions / (double)open, (double)(lib.live - lib0.live) / (double)open,
	       (double)(lib.chunks - lib0.chunks) / (double)open, (double)(host.live - host0.live) / (double)open,
	       (double)(host.chunks - host0.chunks) / (double)open);
	env_close(&e);
	printf("checks: every call returned TELSVC_OK; one stored object per case; audit records = transitions + 1\n");
	return 0;
}
