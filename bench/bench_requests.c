/* Service requests through their whole lifecycle on the in-memory backend:
 * transitions per second on one core, and memory per open request.
 *
 * usage: bench_requests [requests [open_requests [window]]]
 *
 * One library context follows the default policy and stores through a
 * memory store; the policy and the store belong to a separate host
 * context. Each request is registered (telsvc_request_create) and then
 * driven through PREPROCESS, WRITE_REPORT (the preprocessing report, in
 * the note), SIGN_REPORT by the preprocessor, the service owner and the
 * quality monitor (three different people), START, PROGRESS, DELIVER,
 * ACCEPT by the customer (the acceptance report in the note), FEEDBACK
 * with a score and CLOSE: 12 transitions, registration included. Every
 * 10th request also waits for the customer after START (WAIT_CUSTOMER,
 * RESUME) and fails its first acceptance (REJECT with a note, then
 * DELIVER again): 16 transitions. The handling deadline
 * (telsvc_request_deadline) is read after registration, START,
 * WAIT_CUSTOMER, RESUME and ACCEPT. Every change is one storage
 * transaction: the request's record is encoded and put, an audit record
 * appended. After CLOSE the host releases the request from the context
 * (telsvc_request_release), as a host that keeps only open requests in
 * memory does; the store keeps every request.
 *
 * Receipt times increase from request to request, spread evenly (with
 * jitter) over 2025-01-01 .. 2026-11-30 (+08:00), inside the default
 * calendar's years; within a request each change comes 1 s to 1 h after
 * the one before. The intake varies: channel, content type, the urgent
 * facts (so all of the classification rules are used) and, for about one
 * request in ten, the non-urgent class given at intake, whose limit is
 * counted in working days of the calendar; the other classes run on the
 * wall clock. Each request draws its choices from its own seed, so every
 * phase does the same work.
 *
 * Phases, each on new contexts and a new store (the previous ones freed):
 *
 * 1. One at a time: each request is created and driven to CLOSE before
 *    the next is created. Timed. As the first phase it also pays for
 *    the process's heap growing (page faults on fresh memory).
 * 2. Interleaved: requests are created in groups of @window, and each
 *    step of the lifecycle is applied to every request of the group
 *    before the next step (round-robin over @window open requests).
 *    Timed.
 * 3. One at a time, again: as 1, on the heap the earlier phases left,
 *    for a comparison with 2 on equal terms. Timed.
 * 4. Again, with a sealed audit log: as 3, the context given an audit
 *    key, so that every audit record carries its body's digest and a
 *    seal (docs/audit.md); the ratio of its time to 3's is the cost of
 *    sealing. Timed. The other phases write the unsealed log a context
 *    without a key writes.
 * 5. Memory: @open_requests requests are created and driven to START
 *    (seven changes each) on a library context and a host context that
 *    both allocate through counting allocators; the live bytes per open
 *    request of each context are reported. Then they are closed and
 *    released, and the bytes per closed request are reported.
 *
 * Every call must return TELSVC_OK; otherwise the program prints the
 * failing call with telsvc_error_last() and exits 1. After each timed
 * phase it checks that the store holds one audit record per transition,
 * one object per request, and that every request, read back from the
 * store (telsvc_request_find), is closed with the expected history; a
 * mismatch also exits 1. The rate is compared with
 * the requirement (1,000,000 transitions per second), and the verdict
 * printed ("PASS"/"FAIL"); it does not change the exit status. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <telsvc/telsvc.h>

#define BENCH_NAME "bench_requests"
#define BENCH_ITEM "request"
#include "bench_util.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define DEFAULT_REQUESTS 1000000u
#define DEFAULT_OPEN 100000u
#define DEFAULT_WINDOW 100000u
#define MAX_REQUESTS 100000000u
#define REQUIRED_RATE 1e6 /* transitions per second */
#define PHASES 4

/* The timed phases stay functions of their own, so that a profiler can
 * count them apart. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define FIRST_RECEIPT INT64_C(1735660800) /* 2025-01-01 00:00 +08:00 */
#define LAST_RECEIPT INT64_C(1796054400)  /* 2026-12-01 00:00 +08:00, exclusive */

/* ---- helpers ---- */


static uint64_t splitmix64(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}


/* ---- the environment: a library context, and a host context with the policy and the store ---- */

typedef struct env {
	telsvc_ctx *host; /* the policy and the store allocate here */
	telsvc_ctx *lib;  /* the requests live here */
	telsvc_policy *policy;
	telsvc_memstore *mem;
	int64_t limit[5]; /* wall-clock limit of each class in seconds; 0: not on the wall clock */
	int sealed;       /* the audit log is sealed with a key */
} env;

static void env_open(env *e, counter *host_count, counter *lib_count, int sealed)
{
	e->host = new_ctx(host_count);
	CHECK(telsvc_policy_default(&e->policy, e->host), "telsvc_policy_default", 0);
	CHECK(telsvc_memstore_new(&e->mem, e->host), "telsvc_memstore_new", 0);
	telsvc_storage st;
	CHECK(telsvc_memstore_storage(&st, e->mem), "telsvc_memstore_storage", 0);
	e->lib = new_ctx(lib_count);
	CHECK(telsvc_ctx_set_policy(e->lib, e->policy), "telsvc_ctx_set_policy", 0);
	CHECK(telsvc_ctx_set_storage(e->lib, &st), "telsvc_ctx_set_storage", 0);
	e->sealed = sealed;
	if (sealed) {
		static const unsigned char key[32] = "bench requests audit key 32 byte";
		telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
		o.key = key, o.key_size = sizeof(key);
		CHECK(telsvc_ctx_set_audit_key(e->lib, &o), "telsvc_ctx_set_audit_key", 0);
	}
	static const telsvc_param params[5] = { 0, TELSVC_PARAM_REQUEST_EMERGENCY, TELSVC_PARAM_REQUEST_IMPORTANT,
						TELSVC_PARAM_REQUEST_GENERAL, TELSVC_PARAM_REQUEST_NON_URGENT };
	for (int p = 1; p <= 4; p++) {
		telsvc_limit lim = TELSVC_LIMIT_INIT;
		CHECK(telsvc_policy_limit(&lim, e->policy, params[p]), "telsvc_policy_limit", 0);
		e->limit[p] = lim.is_set && lim.clock == TELSVC_CLOCK_WALL ? lim.amount : 0;
	}
}

static void env_close(env *e)
{
	telsvc_ctx_free(e->lib); /* frees the requests it holds */
	telsvc_memstore_free(e->mem);
	telsvc_policy_free(e->policy);
	telsvc_ctx_free(e->host);
	memset(e, 0, sizeof(*e));
}

/* ---- the people ---- */

#define AGENTS 200
#define PREPROCESSORS 60
#define OWNERS 40
#define MONITORS 30
#define CUSTOMERS 4096

static char names[AGENTS + PREPROCESSORS + OWNERS + MONITORS + CUSTOMERS][16];
static telsvc_actor agents[AGENTS], preprocessors[PREPROCESSORS], owners[OWNERS], monitors[MONITORS],
	customers[CUSTOMERS];

static void make_people(void)
{
	size_t k = 0;
	struct {
		telsvc_actor *to;
		size_t n;
		const char *prefix, *role;
	} pools[] = {
		{ agents, AGENTS, "agent", "agent" },
		{ preprocessors, PREPROCESSORS, "pre", "preprocessor" },
		{ owners, OWNERS, "owner", "service_owner" },
		{ monitors, MONITORS, "qm", "quality_monitor" },
		{ customers, CUSTOMERS, "cust", "customer" },
	};
	for (size_t p = 0; p < sizeof(pools) / sizeof(pools[0]); p++)
		for (size_t i = 0; i < pools[p].n; i++, k++) {
			snprintf(names[k], sizeof(names[k]), "%s-%04zu", pools[p].prefix, i + 1);
			pools[p].to[i] = (telsvc_actor){ names[k], pools[p].role };
		}
}

/* ---- the lifecycle ---- */

enum { OP_CREATE = 0 };

/* The steps; every 10th request takes the long path. */
static const int short_path[] = { OP_CREATE,
				  TELSVC_ACTION_PREPROCESS,
				  TELSVC_ACTION_WRITE_REPORT,
				  TELSVC_ACTION_SIGN_REPORT,
				  TELSVC_ACTION_SIGN_REPORT,
				  TELSVC_ACTION_SIGN_REPORT,
				  TELSVC_ACTION_START,
				  TELSVC_ACTION_PROGRESS,
				  TELSVC_ACTION_DELIVER,
				  TELSVC_ACTION_ACCEPT,
				  TELSVC_ACTION_FEEDBACK,
				  TELSVC_ACTION_CLOSE };
static const int long_path[] = { OP_CREATE,
				 TELSVC_ACTION_PREPROCESS,
				 TELSVC_ACTION_WRITE_REPORT,
				 TELSVC_ACTION_SIGN_REPORT,
				 TELSVC_ACTION_SIGN_REPORT,
				 TELSVC_ACTION_SIGN_REPORT,
				 TELSVC_ACTION_START,
				 TELSVC_ACTION_WAIT_CUSTOMER,
				 TELSVC_ACTION_RESUME,
				 TELSVC_ACTION_PROGRESS,
				 TELSVC_ACTION_DELIVER,
				 TELSVC_ACTION_REJECT,
				 TELSVC_ACTION_DELIVER,
				 TELSVC_ACTION_ACCEPT,
				 TELSVC_ACTION_FEEDBACK,
				 TELSVC_ACTION_CLOSE };
#define SHORT_STEPS (sizeof(short_path) / sizeof(short_path[0]))
#define LONG_STEPS (sizeof(long_path) / sizeof(long_path[0]))
#define START_STEP 6 /* index of START in both paths */

static const char *const action_names[] = { [OP_CREATE] = "create",
					    [TELSVC_ACTION_PREPROCESS] = "PREPROCESS",
					    [TELSVC_ACTION_WRITE_REPORT] = "WRITE_REPORT",
					    [TELSVC_ACTION_SIGN_REPORT] = "SIGN_REPORT",
					    [TELSVC_ACTION_START] = "START",
					    [TELSVC_ACTION_PROGRESS] = "PROGRESS",
					    [TELSVC_ACTION_DELIVER] = "DELIVER",
					    [TELSVC_ACTION_ACCEPT] = "ACCEPT",
					    [TELSVC_ACTION_REJECT] = "REJECT",
					    [TELSVC_ACTION_FEEDBACK] = "FEEDBACK",
					    [TELSVC_ACTION_CLOSE] = "CLOSE",
					    [TELSVC_ACTION_WAIT_CUSTOMER] = "WAIT_CUSTOMER",
					    [TELSVC_ACTION_RESUME] = "RESUME" };

static int is_long(size_t i)
{
	return i % 10 == 0;
}

static size_t steps_of(size_t i)
{
	return is_long(i) ? LONG_STEPS : SHORT_STEPS;
}

/* Where one request stands. */
typedef struct req_state {
	telsvc_request *req; /* NULL once released */
	char number[32];
	int64_t t;        /* the time of its last change */
	int64_t deadline; /* as last read */
	int64_t wait_at;  /* when it began to wait for the customer */
	int64_t unpaused; /* the deadline read before that */
	uint64_t rng;     /* its own stream of choices */
	int wall;         /* its limit runs on the wall clock */
} req_state;

typedef struct run {
	env *e;
	size_t n;
	int64_t spacing; /* seconds between receipts */
	uint64_t transitions;
	uint64_t deadlines;
	int64_t deadline_sum; /* keeps the reads honest; printed */
	int release;          /* release each request from the context after CLOSE */
	size_t by_class[5];   /* requests by telsvc_priority */
} run;

static const char *const requesters[] = { "Zhang San", "Li Si", "Wang Wu", "Zhao Liu", "Chen Qi", "Liu Ba",
					  "Yang Jiu", "Huang Shi" };
static const char *const contacts[] = { "+86 138 0000 0000", "+86 139 1234 5678", "+86 186 2222 3333",
					"zhang@example.com", "+86 10 6552 0000", "+86 21 5888 1234" };
static const char *const contents[] = { "no signal at home since this morning",
					"broadband drops every evening between 20:00 and 22:00",
					"change the family package to the 200 Mbit/s plan",
					"leased line to the branch office is down",
					"voice quality is poor on calls to landlines",
					"invoice shows a roaming charge for a trip that did not happen" };
static const char *const services[] = { "mobile voice", "broadband", "leased line", "IPTV", "mobile data" };
/* The preprocessing report (§2.2.3), the acceptance report (§4.2), what failed acceptance. */
static const char *const reports[] = {
	"needs: restore service at the customer's address; proposal: check the access line and the ONT, replace "
	"if faulty; assigned to the field team of the district",
	"needs: change of package from the next billing cycle; proposal: migrate the subscription, keep the number "
	"and the add-ons; assigned to the back office",
	"needs: stable evening throughput; proposal: move the customer to a less loaded OLT port and re-measure for "
	"three days; assigned to network operations",
	"needs: correct the invoice; proposal: verify the roaming records with the partner network and refund the "
	"charge if unfounded; assigned to billing",
};
static const char *const acceptances[] = {
	"results: service restored and measured at the contracted rate; problems: none; rectification: none",
	"results: package active, add-ons kept, first invoice checked with the customer; problems: none",
	"results: throughput within target on three evenings; problems: one short drop on day two, explained",
};
static const char *const rejections[] = {
	"acceptance failed: the service drops again in the evening; the customer asks for another measurement",
	"acceptance failed: the new package is active but an add-on is missing from the subscription",
};
#define PICK(arr, r) ((arr)[(r) % (sizeof(arr) / sizeof((arr)[0]))])

/* The same choices for request @i in every phase. */
static void deadline_read(run *r, size_t i, req_state *s, int64_t want)
{
	int64_t d;
	CHECK(telsvc_request_deadline(&d, s->req), "telsvc_request_deadline", i);
	s->deadline = d;
	if (want && d != want) {
		fprintf(stderr, "bench_requests: request %zu (%s): deadline %" PRId64 ", expected %" PRId64 "\n", i,
			telsvc_request_number(s->req), d, want);
		exit(1);
	}
	r->deadlines++;
	r->deadline_sum += d == TELSVC_NEVER ? 1 : d;
}

/* Apply step @k of request @i's lifecycle. */
static void step(run *r, size_t i, req_state *s, size_t k)
{
	uint64_t seed = splitmix64(i);
	const telsvc_actor *agent = &agents[seed % AGENTS];
	const telsvc_actor *customer = &customers[(seed >> 32) % CUSTOMERS];
	int op = is_long(i) ? long_path[k] : short_path[k];

	if (op == OP_CREATE) {
		s->rng = seed | 1;
		uint64_t x = xorshift(&s->rng);
		telsvc_intake in = TELSVC_INTAKE_INIT;
		in.channel = (int)(x % 5) + TELSVC_CHANNEL_PHONE;
		in.content_type = (int)((x >> 8) % 6) + TELSVC_CONTENT_NETWORK;
		in.requester = PICK(requesters, x >> 16);
		in.contact = PICK(contacts, x >> 20);
		in.content = PICK(contents, x >> 24);
		in.service_type = PICK(services, x >> 28);
		unsigned facts = (unsigned)((x >> 32) % 100);
		in.flags = facts < 3 ? TELSVC_INTAKE_SAFETY : facts < 8 ? TELSVC_INTAKE_OUTAGE
				     : facts < 18 ? TELSVC_INTAKE_DEGRADATION : 0;
		if (!in.flags && (x >> 40) % 8 == 0)
			in.priority = TELSVC_PRIORITY_NON_URGENT; /* on the working-day clock */
		in.affected = (int64_t)((x >> 48) % 1000);
		in.delivery = in.content_type == TELSVC_CONTENT_PACKAGE_CHANGE ? TELSVC_DELIVERY_BASIC
			      : strcmp(in.service_type, "leased line") == 0    ? TELSVC_DELIVERY_LEASED_LINE
									       : TELSVC_DELIVERY_NONE;
		in.received_at = FIRST_RECEIPT + (int64_t)i * r->spacing + (int64_t)((x >> 12) % (uint64_t)r->spacing);
		s->t = in.received_at;
		CHECK(telsvc_request_create(&s->req, r->e->lib, &in, agent), "telsvc_request_create", i);
		r->transitions++;
		const char *number = telsvc_request_number(s->req);
		size_t len = strlen(number);
		if (len >= sizeof(s->number))
			fail(TELSVC_EINVAL, "request number length", i);
		memcpy(s->number, number, len + 1);
		int prio = telsvc_request_priority(s->req);
		if (prio < TELSVC_PRIORITY_EMERGENCY || prio > TELSVC_PRIORITY_NON_URGENT)
			fail(prio, "telsvc_request_priority", i);
		r->by_class[prio]++;
		/* the wall-clock classes: receipt + limit; working days: checked in the tests */
		s->wall = r->e->limit[prio] != 0;
		deadline_read(r, i, s, s->wall ? in.received_at + r->e->limit[prio] : 0);
		return;
	}

	s->t += 1 + (int64_t)(xorshift(&s->rng) % 3600);
	const telsvc_actor *who = agent;
	const char *note = NULL;
	int64_t arg = 0;
	switch (op) {
	case TELSVC_ACTION_PREPROCESS:
		who = &preprocessors[(seed >> 8) % PREPROCESSORS];
		break;
	case TELSVC_ACTION_WRITE_REPORT:
		who = &preprocessors[(seed >> 8) % PREPROCESSORS];
		note = PICK(reports, seed >> 40);
		break;
	case TELSVC_ACTION_SIGN_REPORT: /* steps 3, 4, 5: the three signature roles, three people */
		who = k == 3 ? &preprocessors[(seed >> 8) % PREPROCESSORS]
		      : k == 4 ? &owners[(seed >> 16) % OWNERS]
			       : &monitors[(seed >> 24) % MONITORS];
		break;
	case TELSVC_ACTION_ACCEPT:
		who = customer;
		note = PICK(acceptances, seed >> 44);
		break;
	case TELSVC_ACTION_REJECT:
		who = customer;
		note = PICK(rejections, seed >> 48);
		break;
	case TELSVC_ACTION_FEEDBACK:
		who = customer;
		arg = 60 + (int64_t)(s->rng % 41);
		break;
	default:
		break;
	}
	int rc = telsvc_request_apply_note(s->req, (telsvc_request_action)op, who, s->t, arg, note);
	if (rc != TELSVC_OK)
		fail(rc, action_names[op], i);
	r->transitions++;
	switch (op) {
	case TELSVC_ACTION_START:
	case TELSVC_ACTION_ACCEPT:
		deadline_read(r, i, s, 0);
		break;
	case TELSVC_ACTION_WAIT_CUSTOMER:
		/* paused before the deadline: none while waiting; a deadline
		 * that has already passed stays where it was */
		s->wait_at = s->t;
		s->unpaused = s->deadline;
		deadline_read(r, i, s, s->t < s->deadline ? TELSVC_NEVER : s->deadline);
		break;
	case TELSVC_ACTION_RESUME:
		/* on the wall clock the pause moves an unexpired deadline on by its length */
		deadline_read(r, i, s,
			      !s->wall ? 0 : s->wait_at < s->unpaused ? s->unpaused + (s->t - s->wait_at) : s->unpaused);
		break;
	case TELSVC_ACTION_CLOSE:
		/* a host keeping only open requests in memory; the store keeps all */
		if (r->release) {
			CHECK(telsvc_request_release(s->req), "telsvc_request_release", i);
			s->req = NULL;
		}
		break;
	default:
		break;
	}
}

static uint64_t expected_transitions(size_t first, size_t count)
{
	uint64_t t = 0;
	for (size_t i = first; i < first + count; i++)
		t += steps_of(i);
	return t;
}

/* The audit records @transitions changes leave: the log's genesis record,
 * one per change, and in a sealed log a checkpoint after every
 * @checkpoint-th record (docs/audit.md). */
static uint64_t expected_audit(uint64_t transitions, int sealed, uint64_t checkpoint)
{
	uint64_t seq = 1;
	for (uint64_t i = 0; i < transitions; i++)
		if (++seq % checkpoint == 0 && sealed)
			seq++;
	return seq;
}

/* After a timed phase: everything closed, counted and stored. Released
 * requests are read back from the store to be checked, and released again. */
static void verify(const run *r, const req_state *states, const char *phase)
{
	uint64_t want = expected_transitions(0, r->n), history = 0;
	for (size_t i = 0; i < r->n; i++) {
		telsvc_request *req = states[i].req;
		if (!req)
			CHECK(telsvc_request_find(&req, r->e->lib, states[i].number), "telsvc_request_find", i);
		if (telsvc_request_state_of(req) != TELSVC_REQUEST_CLOSED ||
		    telsvc_request_history_count(req) != steps_of(i) || telsvc_request_revision(req) != steps_of(i)) {
			fprintf(stderr, "bench_requests: %s: request %zu (%s) is in state %d with %zu changes\n", phase,
				i, telsvc_request_number(req), telsvc_request_state_of(req),
				telsvc_request_history_count(req));
			exit(1);
		}
		history += telsvc_request_history_count(req);
		if (!states[i].req)
			CHECK(telsvc_request_release(req), "telsvc_request_release", i);
	}
	uint64_t audit = telsvc_memstore_audit_count(r->e->mem);
	size_t objects = telsvc_memstore_object_count(r->e->mem);
	if (r->transitions != want || history != want || audit != expected_audit(want, r->e->sealed, 1024) || objects != r->n ||
	    telsvc_request_count(r->e->lib) != (r->release ? 0 : r->n)) {
		fprintf(stderr,
			"bench_requests: %s: %" PRIu64 " transitions counted, %" PRIu64 " expected, %" PRIu64
			" in the histories, %" PRIu64 " audit records; %zu objects stored, %zu requests in the "
			"context, %zu created\n",
			phase, r->transitions, want, history, audit, objects, telsvc_request_count(r->e->lib), r->n);
		exit(1);
	}
}

/* The process's CPU time and page faults, to split a phase's time. */
typedef struct usage {
	double user, system;
	long faults;
} usage;

static usage usage_now(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return (usage){ 0, 0, 0 };
	return (usage){ (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6,
			(double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6, ru.ru_minflt + ru.ru_majflt };
}

typedef struct result {
	const char *name;
	size_t requests;
	uint64_t transitions, deadlines;
	double seconds;
	usage used; /* during the timed part */
	int64_t deadline_sum;
	size_t by_class[5];
} result;

static result timed(const char *name, const run *r, double t0, double t1, usage u0, usage u1)
{
	result res = { name, r->n, r->transitions, r->deadlines, t1 - t0,
		       { u1.user - u0.user, u1.system - u0.system, u1.faults - u0.faults }, r->deadline_sum, { 0 } };
	memcpy(res.by_class, r->by_class, sizeof(res.by_class));
	return res;
}

static void print_result(const result *res)
{
	printf("%-26s %9zu %12" PRIu64 " %10" PRIu64 " %9.3f %14.0f %12.0f %8.0f\n", res->name, res->requests,
	       res->transitions, res->deadlines, res->seconds, (double)res->transitions / res->seconds,
	       (double)res->requests / res->seconds, res->seconds * 1e9 / (double)res->transitions);
}

/* Phase 1: one request at a time, from intake to closure. */
static NOINLINE result one_at_a_time(size_t n, int64_t spacing, int sealed, const char *name)
{
	env e;
	env_open(&e, NULL, NULL, sealed);
	run r = { .e = &e, .n = n, .spacing = spacing, .release = 1 };
	req_state *states = xcalloc(n, sizeof(*states));
	usage u0 = usage_now();
	double t0 = now_seconds();
	for (size_t i = 0; i < n; i++) {
		req_state *s = &states[i];
		size_t steps = steps_of(i);
		for (size_t k = 0; k < steps; k++)
			step(&r, i, s, k);
	}
	double t1 = now_seconds();
	usage u1 = usage_now();
	verify(&r, states, name);
	env_close(&e);
	free(states);
	return timed(name, &r, t0, t1, u0, u1);
}

/* Phase 2: groups of @window open requests, each step applied round-robin. */
static NOINLINE result interleaved(size_t n, size_t window, int64_t spacing, char *name, size_t name_size)
{
	env e;
	env_open(&e, NULL, NULL, 0);
	run r = { .e = &e, .n = n, .spacing = spacing, .release = 1 };
	req_state *states = xcalloc(n, sizeof(*states));
	usage u0 = usage_now();
	double t0 = now_seconds();
	for (size_t first = 0; first < n; first += window) {
		size_t last = first + window < n ? first + window : n;
		for (size_t k = 0; k < LONG_STEPS; k++)
			for (size_t i = first; i < last; i++)
				if (k < steps_of(i))
					step(&r, i, &states[i], k);
	}
	double t1 = now_seconds();
	usage u1 = usage_now();
	verify(&r, states, "interleaved");
	env_close(&e);
	free(states);
	snprintf(name, name_size, "interleaved, %zu open", window);
	return timed(name, &r, t0, t1, u0, u1);
}

/* ---- phase 3: memory ---- */

typedef struct sizes {
	uint64_t bytes, count;
} sizes;

static int add_audit(uint64_t seq, const void *data, size_t size, void *payload)
{
	(void)seq, (void)data;
	sizes *s = payload;
	s->bytes += size;
	s->count++;
	return TELSVC_OK;
}

/* The encoded bytes the store holds: each request's record, and the audit records. */
static void stored_sizes(env *e, req_state *states, size_t n, sizes *records, sizes *audit)
{
	telsvc_ctx *scratch = new_ctx(NULL);
	telsvc_buf *buf;
	CHECK(telsvc_buf_new(&buf, scratch), "telsvc_buf_new", 0);
	telsvc_storage st;
	CHECK(telsvc_memstore_storage(&st, e->mem), "telsvc_memstore_storage", 0);
	*records = (sizes){ 0 };
	*audit = (sizes){ 0 };
	for (size_t i = 0; i < n; i++) {
		uint64_t rev;
		CHECK(st.get(st.payload, TELSVC_KIND_REQUEST, states[i].number, &rev, buf),
		      "storage get", i);
		records->bytes += telsvc_buf_size(buf);
		records->count++;
	}
	CHECK(st.audit_iterate(st.payload, 1, add_audit, audit), "storage audit_iterate", 0);
	telsvc_buf_free(buf);
	telsvc_ctx_free(scratch);
}

static void print_memory(const char *what, size_t n, uint64_t transitions, const counter *lib0, const counter *lib1,
			 const counter *host0, const counter *host1, const sizes *records, const sizes *audit)
{
	double dn = (double)n;
	printf("%s (%zu requests, %" PRIu64 " changes):\n", what, n, transitions);
	printf("  library context    %8.0f bytes/request in %5.1f allocations (%8.0f as glibc malloc chunks)\n",
	       (double)(lib1->live - lib0->live) / dn, (double)(lib1->allocs - lib0->allocs) / dn,
	       (double)(lib1->chunks - lib0->chunks) / dn);
	printf("  memory store       %8.0f bytes/request in %5.1f allocations (%8.0f as glibc malloc chunks)\n",
	       (double)(host1->live - host0->live) / dn, (double)(host1->allocs - host0->allocs) / dn,
	       (double)(host1->chunks - host0->chunks) / dn);
	printf("    of which: request records %.0f bytes/request; audit records %.0f bytes/request"
	       " (%.1f records of %.0f bytes)\n",
	       (double)records->bytes / dn, (double)audit->bytes / dn, (double)audit->count / dn,
	       audit->count ? (double)audit->bytes / (double)audit->count : 0.0);
	printf("  both               %8.0f bytes/request (%8.0f as glibc malloc chunks)\n",
	       (double)(lib1->live - lib0->live + host1->live - host0->live) / dn,
	       (double)(lib1->chunks - lib0->chunks + host1->chunks - host0->chunks) / dn);
}

static void memory(size_t n, int64_t spacing)
{
	counter lib_count = { 0 }, host_count = { 0 };
	env e;
	env_open(&e, &host_count, &lib_count, 0);
	counter lib0 = lib_count, host0 = host_count;
	run r = { .e = &e, .n = n, .spacing = spacing };
	req_state *states = xcalloc(n, sizeof(*states));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k <= START_STEP; k++)
			step(&r, i, &states[i], k);
	counter lib1 = lib_count, host1 = host_count;
	sizes records, audit;
	stored_sizes(&e, states, n, &records, &audit);
	if (audit.count != expected_audit(r.transitions, 0, 1024) || telsvc_memstore_object_count(e.mem) != n) {
		fprintf(stderr, "bench_requests: memory: %" PRIu64 " audit records for %" PRIu64 " transitions\n",
			audit.count, r.transitions);
		exit(1);
	}
	print_memory("open requests, in progress after START", n, r.transitions, &lib0, &lib1, &host0, &host1,
		     &records, &audit);

	r.release = 1;
	for (size_t i = 0; i < n; i++)
		for (size_t k = START_STEP + 1; k < steps_of(i); k++)
			step(&r, i, &states[i], k);
	lib1 = lib_count, host1 = host_count;
	stored_sizes(&e, states, n, &records, &audit);
	if (audit.count != expected_audit(r.transitions, 0, 1024) || r.transitions != expected_transitions(0, n)) {
		fprintf(stderr, "bench_requests: memory: %" PRIu64 " audit records for %" PRIu64 " transitions\n",
			audit.count, r.transitions);
		exit(1);
	}
	print_memory("closed requests, released from the context", n, r.transitions, &lib0, &lib1, &host0, &host1,
		     &records, &audit);
	env_close(&e);
	free(states);
	if (lib_count.live || host_count.live) {
		fprintf(stderr, "bench_requests: %zu + %zu bytes still allocated after freeing everything\n",
			lib_count.live, host_count.live);
		exit(1);
	}
}

static size_t parse(const char *arg, const char *name, size_t max)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || v < 1 || v > max) {
		fprintf(stderr, "usage: bench_requests [requests [open_requests [window]]]; %s: 1..%zu\n", name, max);
		exit(2);
	}
	return (size_t)v;
}

int main(int argc, char **argv)
{
	size_t n = DEFAULT_REQUESTS, open = DEFAULT_OPEN, window = DEFAULT_WINDOW;
	if (argc > 4) {
		fprintf(stderr, "usage: %s [requests [open_requests [window]]]\n", argv[0]);
		return 2;
	}
	if (argc > 1)
		n = parse(argv[1], "requests", MAX_REQUESTS);
	if (argc > 2)
		open = parse(argv[2], "open_requests", MAX_REQUESTS);
	if (argc > 3)
		window = parse(argv[3], "window", MAX_REQUESTS);
	if (window > n)
		window = n;
	make_people();

	int64_t spacing = (LAST_RECEIPT - FIRST_RECEIPT) / (int64_t)(n > open ? n : open);
	if (spacing < 1)
		spacing = 1;
	printf("telsvc service requests: default policy, memory store, one thread\n");
	printf("%zu requests, receipts every %" PRId64 " s (with jitter) from 2025-01-01 00:00 +08:00\n", n,
	       spacing);
	printf("lifecycle: create, PREPROCESS, WRITE_REPORT, SIGN_REPORT x3, START, PROGRESS, DELIVER, ACCEPT,\n"
	       "FEEDBACK, CLOSE (12 transitions); every 10th request also WAIT_CUSTOMER, RESUME, REJECT,\n"
	       "DELIVER (16);\n"
	       "deadline read after create, START, WAIT_CUSTOMER, RESUME and ACCEPT\n\n");

	char name[64];
	result res[PHASES];
	res[0] = one_at_a_time(n, spacing, 0, "one at a time");
	res[1] = interleaved(n, window, spacing, name, sizeof(name));
	res[2] = one_at_a_time(n, spacing, 0, "one at a time, again");
	res[3] = one_at_a_time(n, spacing, 1, "again, sealed audit log");
	printf("classes: emergency %zu, important %zu, general %zu, non-urgent %zu\n", res[0].by_class[1],
	       res[0].by_class[2], res[0].by_class[3], res[0].by_class[4]);
	printf("deadline checksums:");
	for (int p = 0; p < PHASES; p++)
		printf(" %016" PRIx64, (uint64_t)res[p].deadline_sum);
	printf("\n");
	printf("\n%-26s %9s %12s %10s %9s %14s %12s %8s\n", "phase", "requests", "transitions", "deadlines",
	       "seconds", "transitions/s", "requests/s", "ns/tr");
	for (int p = 0; p < PHASES; p++)
		print_result(&res[p]);
	printf("\n%-26s %9s %9s %12s %16s\n", "phase", "user s", "system s", "page faults", "transitions/CPU s");
	for (int p = 0; p < PHASES; p++)
		printf("%-26s %9.3f %9.3f %12ld %16.0f\n", res[p].name, res[p].used.user, res[p].used.system,
		       res[p].used.faults, (double)res[p].transitions / (res[p].used.user + res[p].used.system));
	/* the requirement names requests taken one after another through
	 * their lifecycle; the other phases are for comparison */
	printf("\nrequirement: at least %.0f transitions/s on one core\n", REQUIRED_RATE);
	for (int p = 0; p < PHASES; p++) {
		double rate = (double)res[p].transitions / res[p].seconds;
		int required = p == 0 || p == 2;
		printf("%s: %.2f million transitions/s (%s)\n",
		       !required ? "info" : rate >= REQUIRED_RATE ? "PASS" : "FAIL", rate / 1e6, res[p].name);
	}
	printf("the sealed audit log's cost: %.2f times the time of the same phase unsealed\n",
	       res[3].seconds / res[2].seconds);
	printf("checks: every call returned TELSVC_OK; audit records = transitions = histories; all closed\n\n");

	memory(open, spacing);

	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		printf("\npeak resident set size of the process: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
