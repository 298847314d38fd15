/* branch-dataset: a city branch's quarter (Q3 2025) of service requests,
 * complaints, security incidents and outages as a JSON Lines event stream
 * for `telsvc ingest` (docs/events.md), with a few malformed and refused
 * events planted. Deterministic: the same seed and scale give the same
 * bytes. README.md beside this file describes the distributions. */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Per-line chance of a malformed copy, per-case chance of a refused
 * extra event: each about 0.1 % of the lines. */
#define MALFORMED_RATE 0.001
#define REFUSED_RATE 0.0125

enum { PLANT_NONE, PLANT_MALFORMED, PLANT_REFUSED };

typedef struct ev {
	int64_t at;
	size_t off;
	uint32_t no, idx, len;
	uint8_t plant;
	uint8_t why;
} ev;

typedef struct tally {
	const char *name;
	size_t n;
} tally;

struct gen {
	uint64_t seed;
	double scale;
	ev *evs;
	size_t n, cap;
	char *text;
	size_t len, text_cap;
	/* the event being written */
	char line[1 << 16];
	size_t ll;
	const char *op;
	const char *why; /* set for a planted refusable one */
	rng plant;
	tally ops[64], whys[32];
	int op_count, why_count;
	size_t planted[3];
};

const char *const request_channels[5] = { "phone", "online", "onsite", "email", "fax" };
const char *const complaint_channels[4] = { "phone", "online", "onsite", "email" };

static void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q) {
		fprintf(stderr, "branch-dataset: out of memory\n");
		exit(1);
	}
	return q;
}

static size_t count_in(tally *t, int *count, int cap, const char *name)
{
	for (int i = 0; i < *count; i++)
		if (t[i].name == name || strcmp(t[i].name, name) == 0)
			return (size_t)i;
	if (*count == cap)
		return (size_t)cap - 1; /* never reached: the tables hold every name */
	t[*count].name = name;
	t[*count].n = 0;
	return (size_t)(*count)++;
}

/* ---- writing an event ---- */

static void put(gen *g, const char *s, size_t n)
{
	if (g->ll + n < sizeof(g->line)) {
		memcpy(g->line + g->ll, s, n);
		g->ll += n;
	}
}

static void put_s(gen *g, const char *s)
{
	put(g, s, strlen(s));
}

/* A JSON string: quotes, backslashes and control characters escaped;
 * UTF-8 passes through. */
static void put_json(gen *g, const char *s)
{
	put(g, "\"", 1);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[8];
		if (ch == '"' || ch == '\\') {
			esc[0] = '\\', esc[1] = (char)ch;
			put(g, esc, 2);
		} else if (ch < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			put(g, esc, 6);
		} else {
			put(g, s, 1);
		}
	}
	put(g, "\"", 1);
}

static void put_key(gen *g, const char *key)
{
	put(g, ",", 1);
	put_json(g, key);
	put(g, ":", 1);
}

uint64_t gen_seed(const gen *g)
{
	return g->seed;
}

void case_open(cs *c, gen *g, uint32_t no, const char *ref, uint64_t stream)
{
	memset(c, 0, sizeof(*c));
	c->g = g;
	c->r = rng_for(g->seed, stream, no);
	c->no = no;
	snprintf(c->ref, sizeof(c->ref), "%s", ref);
	c->last = Q_START;
}

void ev_begin(cs *c, const char *op, int64_t at, const char *actor, const char *role)
{
	gen *g = c->g;
	char when[32];
	if (at < c->last)
		at = c->last;
	c->last = at;
	g->ll = 0;
	g->op = op;
	g->why = NULL;
	format_time(when, at);
	put_s(g, "{\"op\":");
	put_json(g, op);
	put_key(g, "ref");
	put_json(g, c->ref);
	put_key(g, "at");
	put_json(g, when);
	if (actor && role) {
		put_key(g, "actor");
		put_json(g, actor);
		put_key(g, "role");
		put_json(g, role);
	}
}

void ev_str(cs *c, const char *key, const char *value)
{
	put_key(c->g, key);
	put_json(c->g, value);
}

void ev_int(cs *c, const char *key, int64_t value)
{
	char num[24];
	snprintf(num, sizeof(num), "%lld", (long long)value);
	put_key(c->g, key);
	put_s(c->g, num);
}

void ev_time(cs *c, const char *key, int64_t t)
{
	char when[32];
	format_time(when, t);
	ev_str(c, key, when);
}

void ev_list(cs *c, const char *key, const char *const *items, int n)
{
	put_key(c->g, key);
	put(c->g, "[", 1);
	for (int i = 0; i < n; i++) {
		if (i)
			put(c->g, ",", 1);
		put_json(c->g, items[i]);
	}
	put(c->g, "]", 1);
}

void ev_refusable(cs *c, const char *why)
{
	c->g->why = why;
}

bool plant_refused(cs *c, double weight)
{
	return rng_chance(&c->g->plant, REFUSED_RATE * weight);
}

static void push(cs *c, const char *line, size_t len, int plant, const char *why)
{
	gen *g = c->g;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1 << 16;
		g->evs = xrealloc(g->evs, g->cap * sizeof(*g->evs));
	}
	if (g->len + len + 1 > g->text_cap) {
		while (g->len + len + 1 > g->text_cap)
			g->text_cap = g->text_cap ? g->text_cap * 2 : 1 << 22;
		g->text = xrealloc(g->text, g->text_cap);
	}
	memcpy(g->text + g->len, line, len);
	g->text[g->len + len] = '\n';
	g->evs[g->n++] = (ev){ c->last, g->len, c->no, c->idx++, (uint32_t)len + 1, (uint8_t)plant, 0 };
	g->len += len + 1;
	g->planted[plant]++;
	if (plant)
		g->evs[g->n - 1].why = (uint8_t)count_in(g->whys, &g->why_count, COUNT(g->whys), why);
	else
		g->ops[count_in(g->ops, &g->op_count, COUNT(g->ops), g->op)].n++;
	if (plant)
		g->whys[g->evs[g->n - 1].why].n++;
}

static void plant_malformed(cs *c);

bool ev_end(cs *c, const char *note)
{
	gen *g = c->g;
	if (note && note[0]) {
		put_key(g, "note");
		put_json(g, note);
	}
	put(g, "}", 1);
	g->line[g->ll] = '\0'; /* put() leaves room */
	if (c->cut || c->last >= Q_END) {
		c->cut = true; /* still open when the quarter's export was taken */
		return false;
	}
	push(c, g->line, g->ll, g->why ? PLANT_REFUSED : PLANT_NONE, g->why);
	if (!g->why && rng_chance(&g->plant, MALFORMED_RATE))
		plant_malformed(c);
	return true;
}

/* ---- malformed copies (docs/events.md: reported as malformed, nothing stored) ---- */

/* The span of key @key's string value in @s: from the comma before the
 * key to the value's closing quote (the values cut never hold one). */
static bool key_span(const char *s, const char *key, size_t *from, size_t *to)
{
	char pat[32];
	snprintf(pat, sizeof(pat), ",\"%s\":\"", key);
	const char *p = strstr(s, pat);
	if (!p)
		return false;
	const char *end = strchr(p + strlen(pat), '"');
	*from = (size_t)(p - s);
	*to = (size_t)(end - s) + 1;
	return true;
}

static void plant_malformed(cs *c)
{
	gen *g = c->g;
	char bad[sizeof(g->line) + 64], when[32];
	const char *s = g->line, *why;
	size_t n = g->ll, from, to;
	rng *r = &g->plant;
	int kind = (int)rng_range(r, 0, 4);
	if (kind == 0) { /* bad JSON */
		static const char *const whys[] = { "malformed: bad JSON (truncated line)",
						    "malformed: bad JSON (trailing comma)",
						    "malformed: bad JSON (single-quoted key)" };
		int v = (int)rng_range(r, 0, 2);
		why = whys[v];
		if (v == 0) {
			n = (size_t)rng_range(r, 12, (int64_t)n - 2);
			while (((unsigned char)s[n] & 0xc0) == 0x80)
				n--; /* the file stays valid UTF-8 */
			memcpy(bad, s, n);
		} else if (v == 1) {
			memcpy(bad, s, n - 1);
			memcpy(bad + n - 1, ",}", 2);
			n++;
		} else {
			n = (size_t)snprintf(bad, sizeof(bad), "{'op'%s", s + 5);
		}
	} else if (kind == 1) { /* a required key missing */
		static const char *const keys[] = { "at", "actor", "role" };
		const char *key = c->ref[0] == 'O' ? "at" : PICK(r, keys);
		if (!key_span(s, key, &from, &to))
			abort(); /* every event has at, actor and role */
		memcpy(bad, s, from);
		memcpy(bad + from, s + to, n - to);
		n -= to - from;
		why = strcmp(key, "at") == 0 ? "malformed: 'at' missing" : strcmp(key, "actor") == 0
										     ? "malformed: 'actor' missing"
										     : "malformed: 'role' missing";
	} else if (kind == 2) { /* an op that does not exist */
		static const char *const ops[] = { "request.escalate", "request.assign",    "request.closed",
						   "complaint.resolve", "complaint.escalate", "ticket.update",
						   "incident.contain",	"request.reopen" };
		const char *op = PICK(r, ops);
		size_t old = strlen(g->op);
		n = (size_t)snprintf(bad, sizeof(bad), "{\"op\":\"%s%s", op, s + 7 + old);
		why = "malformed: unknown op";
	} else if (kind == 3) { /* a time that is no RFC 3339 time */
		format_time(when, c->last);
		char wrong[40];
		int v = (int)rng_range(r, 0, 4);
		if (v == 0)
			snprintf(wrong, sizeof(wrong), "%.11s24%s", when, when + 13);
		else if (v == 1)
			snprintf(wrong, sizeof(wrong), "%.5s%s-31%s", when, when[6] == '9' ? "09" : "06", when + 10);
		else if (v == 2)
			snprintf(wrong, sizeof(wrong), "%.2s/%.2s/%.4s %.5s", when + 8, when + 5, when, when + 11);
		else if (v == 3)
			snprintf(wrong, sizeof(wrong), "%.19s+0800", when);
		else
			snprintf(wrong, sizeof(wrong), "%.19s CST", when);
		if (!key_span(s, "at", &from, &to))
			abort();
		n = (size_t)snprintf(bad, sizeof(bad), "%.*s,\"at\":\"%s\"%s", (int)from, s, wrong, s + to);
		why = "malformed: bad time";
	} else { /* a misspelt key, refused so that it never goes unseen */
		static const char *const extra[] = { ",\"asignee\":\"team 3\"", ",\"priorty\":\"general\"",
						     ",\"comments\":\"called back\"", ",\"ticket_no\":\"A-1183\"" };
		const char *x = PICK(r, extra);
		n = (size_t)snprintf(bad, sizeof(bad), "%.*s%s}", (int)(g->ll - 1), s, x);
		why = "malformed: unknown key";
	}
	push(c, bad, n, PLANT_MALFORMED, why);
}

/* ---- phase 1: when each case arrives ---- */

/* Intake by hour of day, per channel (phone, online, onsite, email,
 * fax): the contact centre runs around the clock, the service halls
 * 09:00-20:00, fax only in office hours; most intake 08:00-20:00. */
static const int hour_weights[5][24] = {
	{ 2, 1, 1, 1, 1, 2, 4, 10, 40, 75, 85, 80, 55, 60, 75, 80, 75, 65, 45, 35, 22, 14, 8, 4 },
	{ 6, 4, 3, 2, 2, 3, 5, 10, 25, 40, 45, 45, 40, 42, 45, 45, 42, 40, 38, 40, 42, 38, 25, 12 },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 60, 80, 80, 50, 55, 75, 80, 75, 60, 40, 25, 0, 0, 0, 0 },
	{ 3, 2, 1, 1, 1, 1, 3, 8, 30, 50, 50, 45, 30, 40, 45, 45, 40, 35, 25, 20, 15, 12, 8, 5 },
	{ 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 50, 45, 20, 30, 45, 40, 30, 0, 0, 0, 0, 0, 0, 0 },
};
/* Days off change the mix: fewer calls and e-mails, more hall visits. */
static const double weekend_factor[5] = { 0.75, 0.95, 1.1, 0.5, 0.15 };

static int day_weights[5][Q_DAYS];

static void plan_days(gen *g)
{
	rng r = rng_for(g->seed, 1, 1);
	for (int d = 0; d < Q_DAYS; d++) {
		double noise = 0.85 + 0.3 * rng_unit(&r); /* busy and quiet days */
		for (int ch = 0; ch < 5; ch++)
			day_weights[ch][d] = (int)(1000 * noise * (working_day(d) ? 1.0 : weekend_factor[ch]));
	}
}

static int64_t arrival(rng *r, int channel)
{
	int d = rng_weighted(r, day_weights[channel], Q_DAYS);
	int h = rng_weighted(r, hour_weights[channel], 24);
	return day_start(d) + h * HOUR + rng_range(r, 0, HOUR - 1);
}

static int by_time(const void *a, const void *b)
{
	const plan *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->no < y->no ? -1 : x->no > y->no;
}

static int by_start(const void *a, const void *b)
{
	const outage *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static int by_event(const void *a, const void *b)
{
	const ev *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->no != y->no)
		return x->no < y->no ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

typedef struct quarter {
	plan *plans;
	size_t plan_count;
	outage *outages;
	int outage_count, incident_count;
	size_t requests, complaints;
} quarter;

static long scaled(double scale, double n)
{
	return lround(scale * n);
}

static void plan_quarter(gen *g, quarter *q)
{
	rng r = rng_for(g->seed, 1, 0);
	/* every kind appears even in a tiny set */
	long n = scaled(g->scale, 25000);
	q->requests = (size_t)(n < 1 ? 1 : n);
	n = scaled(g->scale, 4000);
	q->complaints = (size_t)(n < 1 ? 1 : n);
	n = scaled(g->scale, (double)rng_range(&r, 6, 10));
	q->incident_count = (int)(n < 1 ? 1 : n);
	n = scaled(g->scale, (double)rng_range(&r, 10, 16));
	q->outage_count = (int)(n < 1 ? 1 : n);
	q->outages = xrealloc(NULL, (size_t)q->outage_count * sizeof(*q->outages));
	q->plans = xrealloc(NULL, (q->requests + q->complaints) * sizeof(*q->plans));
	plan_days(g);

	/* outages, each with the calls and complaints it causes (§5.2) */
	for (int i = 0; i < q->outage_count; i++) {
		outage *o = &q->outages[i];
		/* the first is the attack behind one of the incidents (§7.3) */
		o->scenario = i == 0 ? 0 : (int)rng_range(&r, 1, outage_scenarios() - 1);
		/* one draw per statement: C leaves the order of operands unspecified */
		o->start = day_start((int)rng_range(&r, 0, Q_DAYS - 2));
		o->start += rng_range(&r, 0, DAY - 1);
		plan_outage(&r, o);
	}
	qsort(q->outages, (size_t)q->outage_count, sizeof(*q->outages), by_start);
	size_t nr = 0, nc = 0;
	for (int i = 0; i < q->outage_count; i++) {
		outage *o = &q->outages[i];
		snprintf(o->ref, sizeof(o->ref), "OUT-2025-%03d", i + 1);
		long calls = o->units / 40;
		calls = calls < 2 ? 2 : calls > 30 ? 30 : calls;
		for (long k = 0; k < calls && nr < q->requests / 10 + 1 && nr < q->requests; k++) {
			plan *p = &q->plans[nr + nc];
			int64_t window = (o->end - o->start) < 3 * HOUR ? (o->end - o->start) : 3 * HOUR;
			/* most calls come in the first minutes */
			double u = rng_unit(&r);
			*p = (plan){ o->start + 3 * MINUTE + (int64_t)(u * u * (double)window), (uint32_t)(nr + nc),
				     (int16_t)i, PLAN_REQUEST, rng_chance(&r, 0.85) ? 0 : 1 };
			nr++;
		}
		long angry = o->units >= 300 ? rng_range(&r, 1, 3) : 0;
		for (long k = 0; k < angry && nc < q->complaints / 10 + 1 && nc < q->complaints; k++) {
			plan *p = &q->plans[nr + nc];
			int64_t at = o->start + minutes(&r, 40, 600);
			*p = (plan){ at, (uint32_t)(nr + nc), (int16_t)i, PLAN_COMPLAINT, rng_chance(&r, 0.8) ? 0 : 1 };
			nc++;
		}
	}
	static const int request_mix[5] = { 470, 290, 150, 75, 15 };
	static const int complaint_mix[4] = { 520, 280, 120, 80 };
	for (; nr < q->requests; nr++) {
		int ch = rng_weighted(&r, request_mix, 5);
		q->plans[nr + nc] = (plan){ arrival(&r, ch), (uint32_t)(nr + nc), -1, PLAN_REQUEST, (uint8_t)ch };
	}
	for (; nc < q->complaints; nc++) {
		int ch = rng_weighted(&r, complaint_mix, 4);
		q->plans[nr + nc] = (plan){ arrival(&r, ch), (uint32_t)(nr + nc), -1, PLAN_COMPLAINT, (uint8_t)ch };
	}
	q->plan_count = nr + nc;
	qsort(q->plans, q->plan_count, sizeof(*q->plans), by_time);
}

/* ---- the command ---- */

static void usage(FILE *to)
{
	fputs("usage: branch-dataset [--seed N] [--scale F] [--out FILE] [--planted FILE] [--stats]\n"
	      "\n"
	      "Writes a city branch's quarter (2025-07-01 .. 2025-09-30, +08:00) of service\n"
	      "requests, complaints, security incidents and outages as a JSON Lines event\n"
	      "stream for `telsvc ingest` (docs/events.md), merged in time order.\n"
	      "\n"
	      "  --seed N        random seed (default 1); the same seed and scale give the same bytes\n"
	      "  --scale F       multiplies the counts (default 1: about 25000 requests, 4000\n"
	      "                  complaints, 6-10 incidents); 0.01 gives a small test set; at most 20\n"
	      "  --out FILE      where to write (default standard output)\n"
	      "  --planted FILE  list the planted malformed and refused events: line, kind, reason\n"
	      "  --stats         counts per op and of planted events on standard error\n",
	      to);
}

/* "branch-dataset: @what 'arg' @why", then the usage; exit status 2. */
static int bad_usage(const char *what, const char *arg, const char *why)
{
	fprintf(stderr, "branch-dataset: %s '%s'%s%s\n", what, arg, why[0] ? " " : "", why);
	usage(stderr);
	return 2;
}

/* The value of option @name at argv[*i], as "--name V" or "--name=V". */
static const char *option(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] || *i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int write_out(gen *g, const char *out_path, const char *planted_path)
{
	FILE *out = out_path ? fopen(out_path, "wb") : stdout;
	if (!out) {
		fprintf(stderr, "branch-dataset: %s: %s\n", out_path, strerror(errno));
		return 1;
	}
	FILE *pl = NULL;
	if (planted_path && !(pl = fopen(planted_path, "wb"))) {
		fprintf(stderr, "branch-dataset: %s: %s\n", planted_path, strerror(errno));
		if (out != stdout)
			fclose(out);
		return 1;
	}
	for (size_t i = 0; i < g->n; i++) {
		const ev *e = &g->evs[i];
		fwrite(g->text + e->off, 1, e->len, out);
		if (pl && e->plant)
			fprintf(pl, "%zu\t%s\t%s\n", i + 1, e->plant == PLANT_MALFORMED ? "malformed" : "refused",
				g->whys[e->why].name);
	}
	int rc = 0;
	if (fflush(out) || ferror(out) || (out != stdout && fclose(out))) {
		fprintf(stderr, "branch-dataset: %s: %s\n", out_path ? out_path : "standard output", strerror(errno));
		rc = 1;
	}
	if (pl && (ferror(pl) | fclose(pl))) {
		fprintf(stderr, "branch-dataset: %s: %s\n", planted_path, strerror(errno));
		rc = 1;
	}
	return rc;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const tally *)a)->name, ((const tally *)b)->name);
}

static void print_stats(gen *g, const quarter *q, double seconds)
{
	qsort(g->ops, (size_t)g->op_count, sizeof(g->ops[0]), by_name);
	fprintf(stderr, "branch-dataset: seed %llu, scale %g: %zu lines in %.2f s\n", (unsigned long long)g->seed,
		g->scale, g->n, seconds);
	fprintf(stderr, "  cases: %zu requests, %zu complaints, %d incidents, %d outages\n", q->requests,
		q->complaints, q->incident_count, q->outage_count);
	fprintf(stderr, "  events meant to be applied, by op:\n");
	for (int i = 0; i < g->op_count; i++)
		fprintf(stderr, "    %-28s %8zu\n", g->ops[i].name, g->ops[i].n);
	fprintf(stderr, "  planted: %zu malformed, %zu refused (of %zu lines: %.3f %%, %.3f %%)\n",
		g->planted[PLANT_MALFORMED], g->planted[PLANT_REFUSED], g->n,
		100.0 * (double)g->planted[PLANT_MALFORMED] / (double)(g->n ? g->n : 1),
		100.0 * (double)g->planted[PLANT_REFUSED] / (double)(g->n ? g->n : 1));
	qsort(g->whys, (size_t)g->why_count, sizeof(g->whys[0]), by_name); /* the events' indices are spent */
	for (int i = 0; i < g->why_count; i++)
		fprintf(stderr, "    %-52s %6zu\n", g->whys[i].name, g->whys[i].n);
}

int main(int argc, char **argv)
{
	static gen g;
	const char *out_path = NULL, *planted_path = NULL, *v;
	bool stats = false;
	g.seed = 1;
	g.scale = 1.0;
	for (int i = 1; i < argc; i++) {
		char *end;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--stats") == 0) {
			stats = true;
		} else if ((v = option(argc, argv, &i, "--seed"))) {
			errno = 0;
			g.seed = strtoull(v, &end, 10);
			if (!*v || *end || errno || v[0] == '-')
				return bad_usage("--seed:", v, "is not a non-negative integer");
		} else if ((v = option(argc, argv, &i, "--scale"))) {
			errno = 0;
			g.scale = strtod(v, &end);
			if (!*v || *end || errno || !(g.scale > 0 && g.scale <= 20))
				return bad_usage("--scale:", v, "is not a number above 0 and at most 20");
		} else if ((v = option(argc, argv, &i, "--out"))) {
			out_path = v;
		} else if ((v = option(argc, argv, &i, "--planted"))) {
			planted_path = v;
		} else {
			return bad_usage("unknown or incomplete option", argv[i], "");
		}
	}
	clock_t started = clock();
	g.plant = rng_for(g.seed, 9, 0);
	people_init(g.seed);
	quarter q;
	plan_quarter(&g, &q);

	/* requests and complaints share the CRM's ticket numbers, in order of receipt */
	char ref[24];
	uint32_t no = 0;
	for (size_t i = 0; i < q.plan_count; i++, no++) {
		const plan *p = &q.plans[i];
		const outage *o = p->outage >= 0 ? &q.outages[p->outage] : NULL;
		snprintf(ref, sizeof(ref), "CRM-%07u", 1000001u + (unsigned)i);
		plan at = *p;
		at.no = no;
		if (p->kind == PLAN_REQUEST)
			build_request(&g, &at, ref, o);
		else
			build_complaint(&g, &at, ref, o);
	}
	for (int i = 0; i < q.outage_count; i++)
		build_outage(&g, &q.outages[i], no++);
	const outage *attack = NULL;
	for (int i = 0; i < q.outage_count; i++)
		if (outage_is_attack(&q.outages[i]))
			attack = &q.outages[i];
	build_incidents(&g, q.incident_count, no, attack);

	qsort(g.evs, g.n, sizeof(*g.evs), by_event);
	int rc = write_out(&g, out_path, planted_path);
	if (stats)
		print_stats(&g, &q, (double)(clock() - started) / CLOCKS_PER_SEC);
	free(q.plans);
	free(q.outages);
	free(g.evs);
	free(g.text);
	return rc;
}
