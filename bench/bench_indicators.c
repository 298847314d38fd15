/* Quality indicators (§5.2) and the quality report (§5.4) over a quarter
 * of a large operator's closed cases.
 *
 * usage: bench_indicators [cases [runs]]
 *
 * @cases (default 1,000,000) closed cases are built on the memory store,
 * received over the third quarter of 2025 (2025-07-01 to 2025-10-01
 * +08:00): 60 % service requests taken through preprocessing, delivery,
 * acceptance, feedback and closure; 35 % complaints through verification,
 * handling, feedback, return visit and closure; 5 % security incidents
 * through every step to closure. The gaps between steps are drawn from a
 * seeded generator, so that some deadlines are met late and the
 * distributions are not degenerate.
 *
 * Then, each @runs (default 3) times, timed:
 * 1. telsvc_indicators_compute() over every case;
 * 2. the same for one slice (complaints of one category in one month);
 * 3. telsvc_report_compute(): the overview and each kind in one pass,
 *    evaluated against the targets, then written as JSON and as CSV.
 *
 * The figures must agree with what was built (every case counted and
 * finished, each kind's count, one satisfaction score per request and
 * complaint, every limit accounted for); otherwise the run ends with
 * status 1. Times are reported, never asserted. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <telsvc/telsvc.h>

#define BENCH_NAME "bench_indicators"
#define BENCH_ITEM "case"
#include "bench_util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 INT64_C(1751299200) /* 2025-07-01 00:00 +08:00 */
#define SPAN (INT64_C(92) * 86400)

static const telsvc_actor agent = { "agent-017", "agent" }, pre = { "pre-004", "preprocessor" },
			  owner = { "own-002", "service_owner" }, qm = { "qm-003", "quality_monitor" },
			  supervisor = { "sup-002", "supervisor" }, customer = { "cust-5531", "customer" },
			  officer = { "sec-001", "security_officer" }, manager = { "mgr-001", "management" };

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

/* A gap of up to @max seconds, at least one. */
static int64_t gap(uint64_t *s, int64_t max)
{
	return 1 + (int64_t)(next(s) % (uint64_t)max);
}

typedef struct built {
	size_t requests, complaints, incidents;
} built;

static void request(telsvc_ctx *ctx, size_t i, int64_t at, uint64_t *rng)
{
	static const char *const services[] = { "mobile voice", "broadband", "IPTV", "mobile data" };
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE + (int)(next(rng) % 5);
	in.requester = "Zhang San", in.contact = "+86 138 0000 0000";
	in.content = "broadband drops every evening", in.content_type = TELSVC_CONTENT_NETWORK;
	in.service_type = services[next(rng) % 4];
	in.flags = next(rng) % 10 == 0 ? TELSVC_INTAKE_OUTAGE : 0;
	in.received_at = at;
	telsvc_request *r;
	CHECK(telsvc_request_create(&r, ctx, &in, &agent), "telsvc_request_create", i);
	static const struct {
		int action;
		const telsvc_actor *who;
		const char *note;
		int64_t gap;
	} steps[] = { { TELSVC_ACTION_PREPROCESS, &pre, NULL, 3600 },
		      { TELSVC_ACTION_WRITE_REPORT, &pre, "needs: restore service; proposal: replace the ONT", 600 },
		      { TELSVC_ACTION_SIGN_REPORT, &pre, NULL, 60 },
		      { TELSVC_ACTION_SIGN_REPORT, &owner, NULL, 600 },
		      { TELSVC_ACTION_SIGN_REPORT, &qm, NULL, 600 },
		      { TELSVC_ACTION_START, &agent, NULL, 1800 },
		      { TELSVC_ACTION_DELIVER, &agent, NULL, 6 * 3600 },
		      { TELSVC_ACTION_ACCEPT, &customer, "results: service restored; problems: none", 86400 },
		      { TELSVC_ACTION_FEEDBACK, &customer, NULL, 86400 },
		      { TELSVC_ACTION_CLOSE, &agent, NULL, 3600 } };
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		at += gap(rng, steps[k].gap);
		int64_t arg = steps[k].action == TELSVC_ACTION_FEEDBACK ? 60 + (int64_t)(next(rng) % 41) : 0;
		CHECK(telsvc_request_apply_note(r, (telsvc_request_action)steps[k].action, steps[k].who, at, arg,
						steps[k].note),
		      "telsvc_request_apply", i);
	}
	CHECK(telsvc_request_release(r), "telsvc_request_release", i);
}

static void complaint(telsvc_ctx *ctx, size_t i, int64_t at, uint64_t *rng)
{
	static const char *const texts[] = { "家里宽带又断网了", "上个月话费被乱扣了50元", "营业厅工作人员态度很差",
					     "光猫设置后无法登录管理页面", "No signal at home since Monday" };
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE + (int)(next(rng) % 4);
	in.customer = "Li Si", in.contact = "+86 139 1234 5678";
	in.content = texts[next(rng) % 5], in.service_type = "broadband";
	in.received_at = at;
	telsvc_complaint *c;
	CHECK(telsvc_complaint_create(&c, ctx, &in, &agent), "telsvc_complaint_create", i);
	static const struct {
		int action;
		const telsvc_actor *who;
		const char *note;
		int64_t gap;
	} steps[] = { { TELSVC_COMPLAINT_VERIFY, &agent, NULL, 30 * 3600 },
		      { TELSVC_COMPLAINT_CLASSIFY, &agent, NULL, 600 },
		      { TELSVC_COMPLAINT_HANDLE, &agent, NULL, 2 * 86400 },
		      { TELSVC_COMPLAINT_FEEDBACK, &agent, "repaired", 86400 },
		      { TELSVC_COMPLAINT_RETURN_VISIT, &qm, NULL, 86400 },
		      { TELSVC_COMPLAINT_CLOSE, &supervisor, NULL, 3 * 86400 } };
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		at += gap(rng, steps[k].gap);
		int64_t arg = steps[k].action == TELSVC_COMPLAINT_FEEDBACK	   ? TELSVC_CHANNEL_PHONE
			      : steps[k].action == TELSVC_COMPLAINT_RETURN_VISIT ? 70 + (int64_t)(next(rng) % 31)
										 : 0;
		CHECK(telsvc_complaint_apply(c, steps[k].action, steps[k].who, at, arg, steps[k].note),
		      "telsvc_complaint_apply", i);
	}
	CHECK(telsvc_complaint_release(c), "telsvc_complaint_release", i);
}

static void incident(telsvc_ctx *ctx, size_t i, int64_t at, uint64_t *rng)
{
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = 1 + (int)(next(rng) % 3);
	d.type = 1 + (int)(next(rng) % 5);
	d.description = "IDS alert: repeated root logins from an unknown address";
	d.scope = "billing-db";
	d.detected_at = at;
	telsvc_incident *inc;
	CHECK(telsvc_incident_create(&inc, ctx, &d, &agent), "telsvc_incident_create", i);
	static const struct {
		int action;
		const telsvc_actor *who;
	} steps[] = { { TELSVC_INCIDENT_CONFIRM, &officer },  { TELSVC_INCIDENT_REPORT, &officer },
		      { TELSVC_INCIDENT_ISOLATE, &officer },  { TELSVC_INCIDENT_REPAIR, &officer },
		      { TELSVC_INCIDENT_RECOVER, &officer },  { TELSVC_INCIDENT_ANALYSE, &officer },
		      { TELSVC_INCIDENT_RECTIFY, &officer },  { TELSVC_INCIDENT_POSTMORTEM, &officer },
		      { TELSVC_INCIDENT_CLOSE, &manager } };
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		at += gap(rng, 2 * 3600);
		int64_t grade = steps[k].action == TELSVC_INCIDENT_CONFIRM ? 1 + (int64_t)(next(rng) % 3) : 0;
		const char *note = steps[k].action == TELSVC_INCIDENT_CLOSE ? NULL : "recorded by the response team";
		CHECK(telsvc_incident_apply(inc, steps[k].action, steps[k].who, at, grade, note), "telsvc_incident_apply",
		      i);
	}
	CHECK(telsvc_incident_release(inc), "telsvc_incident_release", i);
}

/* Build @n closed cases, each released from the context once closed (the
 * store keeps them); main() then loads them all, as a host would. */
static built build(telsvc_ctx *ctx, size_t n)
{
	built b = { 0 };
	uint64_t rng = 0x9e3779b97f4a7c15u;
	for (size_t i = 0; i < n; i++) {
		int64_t at = T0 + (int64_t)((double)SPAN * (double)i / (double)n);
		unsigned kind = (unsigned)(next(&rng) % 100);
		if (kind < 60)
			request(ctx, i, at, &rng), b.requests++;
		else if (kind < 95)
			complaint(ctx, i, at, &rng), b.complaints++;
		else
			incident(ctx, i, at, &rng), b.incidents++;
	}
	return b;
}

static void expect(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "bench_indicators: %s\n", what);
		exit(1);
	}
}

static void check_overview(const telsvc_indicators *ind, size_t n, const built *b)
{
	expect(ind->cases == n && ind->finished == n, "every case counted and finished");
	expect(ind->satisfaction_count == b->requests + b->complaints, "one score per request and complaint");
	expect(ind->respond_wall.count == n && ind->handle_wall.count == n, "every case responded to and handled");
	uint64_t deadlines = 0;
	for (size_t i = 0; i < ind->limit_count; i++)
		deadlines += ind->limits[i].on_time + ind->limits[i].late + ind->limits[i].overdue;
	/* a request's handling limit; a complaint's verification, first handling and closed loop; an incident's report */
	expect(deadlines == b->requests + 3 * b->complaints + b->incidents, "every deadline accounted for");
}

typedef struct timing {
	double best, total;
} timing;

static void timed(timing *t, double seconds)
{
	if (t->total == 0 || seconds < t->best)
		t->best = seconds;
	t->total += seconds;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	if (!n || runs < 1) {
		fprintf(stderr, "usage: bench_indicators [cases [runs]]\n");
		return 2;
	}
	counter lib_count = { 0 };
	telsvc_ctx *host = new_ctx(NULL), *ctx = new_ctx(&lib_count);
	telsvc_policy *policy;
	telsvc_memstore *mem;
	telsvc_storage st;
	CHECK(telsvc_policy_default(&policy, host), "telsvc_policy_default", 0);
	CHECK(telsvc_memstore_new(&mem, host), "telsvc_memstore_new", 0);
	CHECK(telsvc_memstore_storage(&st, mem), "telsvc_memstore_storage", 0);
	CHECK(telsvc_ctx_set_policy(ctx, policy), "telsvc_ctx_set_policy", 0);
	CHECK(telsvc_ctx_set_storage(ctx, &st), "telsvc_ctx_set_storage", 0);

	double t0 = now_seconds();
	built b = build(ctx, n);
	double t1 = now_seconds();
	CHECK(telsvc_ctx_load(ctx), "telsvc_ctx_load", 0);
	double t2 = now_seconds();
	printf("bench_indicators: %zu closed cases (%zu requests, %zu complaints, %zu incidents) received over "
	       "2025 Q3\n",
	       n, b.requests, b.complaints, b.incidents);
	printf("  built in %.2f s; loaded into the context in %.2f s; %zu bytes per case in the context\n", t1 - t0,
	       t2 - t1, lib_count.live / n);

	telsvc_slice all = TELSVC_SLICE_INIT;
	all.from = T0, all.to = T0 + SPAN, all.now = T0 + SPAN + 30 * 86400;
	telsvc_slice some = all;
	some.kind = TELSVC_KIND_COMPLAINT, some.category = TELSVC_COMPLAINT_NETWORK;
	some.from = T0 + 31 * 86400, some.to = T0 + 62 * 86400;
	telsvc_buf *buf;
	CHECK(telsvc_buf_new(&buf, host), "telsvc_buf_new", 0);
	timing every = { 0 }, slice = { 0 }, report = { 0 }, written = { 0 };
	size_t json = 0, csv = 0;
	for (int run = 0; run < runs; run++) {
		telsvc_indicators ind = { .version = TELSVC_INDICATORS_VERSION };
		double a = now_seconds();
		CHECK(telsvc_indicators_compute(&ind, ctx, &all), "telsvc_indicators_compute", 0);
		double c = now_seconds();
		timed(&every, c - a);
		check_overview(&ind, n, &b);

		telsvc_indicators part = { .version = TELSVC_INDICATORS_VERSION };
		a = now_seconds();
		CHECK(telsvc_indicators_compute(&part, ctx, &some), "telsvc_indicators_compute", 0);
		timed(&slice, now_seconds() - a);
		expect(part.cases == part.complaints_by_category[TELSVC_COMPLAINT_NETWORK], "the slice is one category");

		telsvc_report_options o = TELSVC_REPORT_OPTIONS_INIT;
		o.slice = &all;
		telsvc_report *r;
		a = now_seconds();
		CHECK(telsvc_report_compute(&r, ctx, &o), "telsvc_report_compute", 0);
		c = now_seconds();
		timed(&report, c - a);
		expect(memcmp(&r->overview, &ind, sizeof(ind)) == 0, "the report's overview is the indicators");
		expect(r->kinds[TELSVC_KIND_REQUEST].cases == b.requests &&
			       r->kinds[TELSVC_KIND_COMPLAINT].cases == b.complaints &&
			       r->kinds[TELSVC_KIND_INCIDENT].cases == b.incidents,
		       "each kind's count");
		a = now_seconds();
		CHECK(telsvc_report_json(buf, r), "telsvc_report_json", 0);
		json = telsvc_buf_size(buf);
		CHECK(telsvc_report_csv(buf, r), "telsvc_report_csv", 0);
		csv = telsvc_buf_size(buf);
		timed(&written, now_seconds() - a);
		telsvc_report_free(r);
		if (run == 0)
			printf("  figures: %" PRIu64 " breaches, %" PRIu64 " escalations; respond p90 %" PRId64
			       " s, handle p90 %" PRId64 " s; satisfaction %.2f\n",
			       ind.breaches, ind.escalations, ind.respond_wall.p90, ind.handle_wall.p90,
			       (double)ind.satisfaction_mean / 100);
	}
	printf("  %-44s best %.3f s, mean %.3f s (%d runs)\n", "indicators over every case:", every.best,
	       every.total / runs, runs);
	printf("  %-44s best %.3f s, mean %.3f s\n", "indicators, one category in one month:", slice.best,
	       slice.total / runs);
	printf("  %-44s best %.3f s, mean %.3f s\n", "report (overview and each kind, evaluated):", report.best,
	       report.total / runs);
	printf("  %-44s best %.4f s (%zu and %zu bytes)\n", "report written as JSON and CSV:", written.best, json,
	       csv);
	telsvc_buf_free(buf);
	telsvc_ctx_free(ctx);
	telsvc_memstore_free(mem);
	telsvc_policy_free(policy);
	telsvc_ctx_free(host);
	return 0;
}
