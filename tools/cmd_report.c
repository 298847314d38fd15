/* telsvc report TARGET: the indicators of §5.2 and the quality report of
 * §5.4 for a period, as text, JSON or CSV. */
#include "cli_db.h"
#include "improvements.h"
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc report TARGET [--from TIME] [--to TIME] [--at TIME] [--format text|json|csv]\n"
	"                            [--improvements FILE]\n"
	"\n"
	"The quality report (§5.4) of the cases in TARGET received in [FROM, TO):\n"
	"the indicators of §5.2 over all of them and per kind, and the\n"
	"evaluation against the policy's quality targets and each limit.\n"
	"Without FROM and TO: every case, all time (availability and the fault\n"
	"rate need a period). Deadlines still open at AT (default: TO if given,\n"
	"else now) count as overdue once past. Outages come from the ingested\n"
	"'outage' events, units of service from 'telsvc init --units'. FILE\n"
	"lists the branch's improvement items (§5.3), YAML (docs/cli.md); the\n"
	"report gives each its state: open, overdue, done or verified.\n"
	"docs/report.md describes the JSON and CSV.\n" CLI_TARGET_HELP;

typedef struct outages {
	telsvc_outage *items;
	size_t count, cap;
} outages;

static int add_outage(void *payload, const telsvc_outage *o)
{
	outages *out = payload;
	if (out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		telsvc_outage *p = realloc(out->items, cap * sizeof(*p));
		if (!p)
			return 1;
		out->items = p;
		out->cap = cap;
	}
	telsvc_outage *it = &out->items[out->count];
	*it = *o;
	if (o->service_type && !(it->service_type = strdup(o->service_type)))
		return 1;
	out->count++;
	return 0;
}

static int load_outages(cli_db *db, outages *o)
{
	int rc = db->sql->each_outage(db->sql, add_outage, o);
	if (rc == 0)
		return 0;
	fprintf(stderr, "telsvc: report: outages: %s\n", rc > 0 ? "out of memory" : db->sql->error);
	return -1;
}

static void free_outages(outages *o)
{
	for (size_t i = 0; i < o->count; i++)
		free((char *)o->items[i].service_type);
	free(o->items);
}

static void pct(char *out, size_t n, int64_t ppm)
{
	if (ppm < 0)
		snprintf(out, n, "n/a");
	else
		snprintf(out, n, "%lld.%04lld%%", (long long)(ppm / 10000), (long long)(ppm % 10000));
}

/* A duration for people: minutes, hours or days. */
static void span(char *out, size_t n, int64_t s)
{
	if (s < 3600)
		snprintf(out, n, "%lld min", (long long)(s + 30) / 60);
	else if (s < 2 * 86400)
		snprintf(out, n, "%.1f h", (double)s / 3600);
	else
		snprintf(out, n, "%.1f d", (double)s / 86400);
}

static void duration(char *out, size_t n, const telsvc_duration_stats *d)
{
	char med[32], p90[32], mean[32];
	if (!d->count) {
		snprintf(out, n, "n/a");
		return;
	}
	span(med, sizeof(med), d->median);
	span(p90, sizeof(p90), d->p90);
	span(mean, sizeof(mean), d->mean);
	snprintf(out, n, "median %s, p90 %s, mean %s", med, p90, mean);
}

static void print_indicators(const char *title, const telsvc_indicators *in)
{
	char a[96], b[96];
	printf("%s\n", title);
	printf("  cases %llu, finished %llu, deadlines missed %llu, escalated %llu\n", (unsigned long long)in->cases,
	       (unsigned long long)in->finished, (unsigned long long)in->breaches,
	       (unsigned long long)in->escalations);
	duration(a, sizeof(a), &in->respond_wall);
	duration(b, sizeof(b), &in->handle_wall);
	printf("  response: %s\n  resolution: %s\n", a, b);
	if (in->satisfaction_count)
		printf("  satisfaction: mean %.2f over %llu scores, %llu at or above target\n",
		       (double)in->satisfaction_mean / 100, (unsigned long long)in->satisfaction_count,
		       (unsigned long long)in->satisfied);
	for (size_t i = 0; i < in->limit_count; i++) {
		const telsvc_limit_stats *l = &in->limits[i];
		printf("  %-36s on time %llu, late %llu, overdue %llu, pending %llu\n", telsvc_param_key(l->limit),
		       (unsigned long long)l->on_time, (unsigned long long)l->late, (unsigned long long)l->overdue,
		       (unsigned long long)l->pending);
	}
	if (in->availability >= 0) {
		pct(a, sizeof(a), in->availability);
		pct(b, sizeof(b), in->fault_rate);
		printf("  availability %s, fault rate %s (%llu outages)\n", a, b, (unsigned long long)in->outages);
	}
}

static void print_text(const telsvc_report *r, const telsvc_calendar *cal)
{
	char f[CLI_TIME_SIZE], t[CLI_TIME_SIZE], n[CLI_TIME_SIZE];
	printf("Quality report (§5.4)\nperiod %s to %s, figures at %s\n\n", r->from ? cli_format_time(f, cal, r->from) : "-",
	       r->to ? cli_format_time(t, cal, r->to) : "-", cli_format_time(n, cal, r->now));
	print_indicators("Overview", &r->overview);
	const telsvc_indicators *c = &r->kinds[TELSVC_KIND_COMPLAINT];
	if (c->cases) {
		printf("  complaints by category:");
		for (int k = 1; k <= 5; k++)
			printf(" %s %llu", name_of(&ns_category, k), (unsigned long long)c->complaints_by_category[k]);
		printf("\n");
	}
	for (size_t k = 1; k < r->kind_count; k++) {
		char title[64];
		snprintf(title, sizeof(title), "\n%ss", kind_noun((int)k));
		title[1] = (char)(title[1] - 'a' + 'A');
		if (r->kinds[k].cases)
			print_indicators(title, &r->kinds[k]);
	}
	if (r->item_count) {
		static const char *const states[] = { "?", "open", "OVERDUE", "done", "verified" };
		printf("\nImprovement items (§5.3): %llu open, %llu overdue, %llu done, %llu verified\n",
		       (unsigned long long)r->items_by_state[1], (unsigned long long)r->items_by_state[2],
		       (unsigned long long)r->items_by_state[3], (unsigned long long)r->items_by_state[4]);
		for (size_t i = 0; i < r->item_count; i++) {
			const telsvc_report_item *it = &r->items[i];
			printf("  %-8s %s (%s): %s\n", states[it->state >= 1 && it->state <= 4 ? it->state : 0],
			       it->item.problem, name_of(&ns_problem_class, it->item.problem_class), it->item.measure);
		}
	}
	static const char *const verdicts[] = { "?", "met", "MISSED", "no data" };
	printf("\nEvaluation against the policy's targets\n");
	for (size_t i = 0; i < r->evaluation_count; i++) {
		const telsvc_evaluation *e = &r->evaluations[i];
		char v[32], g[32];
		pct(v, sizeof(v), e->value);
		pct(g, sizeof(g), e->target);
		printf("  %-8s %-40s %12s against %s\n", verdicts[e->verdict < 4 ? e->verdict : 0],
		       telsvc_param_key(e->param), v, g);
	}
}

int cmd_report(telsvc_ctx *ctx, int argc, char **argv)
{
	cli_target t = { .cmd = "report" };
	const char *from = NULL, *to = NULL, *at = NULL, *format = "text", *items_file = NULL;
	const cli_opt opts[] = { { "--from", &from, NULL },
				 { "--improvements", &items_file, NULL },
				 { "--to", &to, NULL },
				 { "--at", &at, NULL },
				 { "--format", &format, NULL },
				 CLI_TARGET_OPTS(t),
				 { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "report", help, opts, &t.where, 1, 1, &n);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv")) {
		fprintf(stderr, "telsvc: report: --format is text, json or csv, not '%s'\n", format);
		return EXIT_USAGE;
	}
	if (!from != !to) {
		fprintf(stderr, "telsvc: report: give both --from and --to, or neither\n");
		return EXIT_USAGE;
	}
	cli_db db;
	outages o = { 0 };
	telsvc_slice slice = TELSVC_SLICE_INIT;
	rc = cli_db_open(&db, ctx, &t, CLI_DB_LOAD | CLI_DB_NO_KEY);
	const char *bad = NULL;
	if (rc == 0 && from && cli_parse_time(&slice.from, from, db.calendar))
		bad = from;
	else if (rc == 0 && to && cli_parse_time(&slice.to, to, db.calendar))
		bad = to;
	else if (rc == 0 && at && cli_parse_time(&slice.now, at, db.calendar))
		bad = at;
	if (bad) {
		fprintf(stderr, "telsvc: report: '%s' is not a time such as 2025-09-30T18:00:00+08:00\n", bad);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && !at && to)
		slice.now = slice.to;
	/* availability and the fault rate are figures of a period */
	if (rc == 0 && from && load_outages(&db, &o))
		rc = EXIT_FAILURE;
	if (from) {
		slice.units = db.units;
		slice.outages = o.items;
		slice.outage_count = o.count;
	}
	improvements im = { 0 };
	if (rc == 0 && items_file)
		rc = improvements_read(&im, items_file, db.calendar);
	telsvc_report_options ro = TELSVC_REPORT_OPTIONS_INIT;
	ro.slice = &slice;
	ro.improvements = im.items;
	ro.improvement_count = im.count;
	telsvc_report *r = NULL;
	telsvc_buf *buf = NULL;
	if (rc == 0 && telsvc_report_compute(&r, db.ctx, &ro))
		rc = cli_fail("report", 1);
	if (rc == 0 && strcmp(format, "text") == 0) {
		print_text(r, db.calendar);
	} else if (rc == 0) {
		int st = telsvc_buf_new(&buf, db.ctx);
		if (st == TELSVC_OK)
			st = strcmp(format, "json") == 0 ? telsvc_report_json(buf, r) : telsvc_report_csv(buf, r);
		if (st)
			rc = cli_fail("report", 1);
		else
			fwrite(telsvc_buf_data(buf), 1, telsvc_buf_size(buf), stdout);
	}
	telsvc_buf_free(buf);
	telsvc_report_free(r);
	free_outages(&o);
	improvements_free(&im);
	cli_db_close(&db);
	return rc;
}
