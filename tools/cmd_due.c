/* telsvc due TARGET [--at TIME] [--within DURATION]: the open deadlines at a
 * given time, by how far they have gone: escalated, breached, warned, or
 * due soon. The monitor works it out; its deliveries are not recorded. */
#include "cli_db.h"
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc due TARGET [--at TIME] [--within HOURS]\n"
	"\n"
	"List the deadlines of open cases in TARGET as they stand at TIME (default:\n"
	"now), most urgent first:\n"
	"  escalated   unmet, monitoring.escalate_after past the deadline (§5.1)\n"
	"  breached    the deadline has passed\n"
	"  warned      monitoring.warning_at of the limit has run (§3.2)\n"
	"  due         not yet warned, but due within HOURS (default 24)\n"
	"with the case's number and reference, the limit, the deadline and the\n"
	"role the response goes to. Nothing is written to TARGET.\n" CLI_TARGET_HELP;

typedef struct item {
	char *number;
	int kind, problem, type, level;
	telsvc_param limit;
	int64_t at, due;
	const char *role; /* borrowed from the policy */
} item;

typedef struct collect {
	item *items;
	size_t count, cap;
	int64_t at, until;
	int failed;
} collect;

static int on_event(const telsvc_monitor_event *e, void *payload)
{
	collect *c = payload;
	if (c->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 1024;
		item *p = realloc(c->items, cap * sizeof(*p));
		if (!p)
			return c->failed = 1;
		c->items = p;
		c->cap = cap;
	}
	item *it = &c->items[c->count];
	*it = (item){ strdup(e->number), e->kind, e->problem, e->type, e->level, e->limit, e->at, e->due, e->role };
	if (!it->number)
		return c->failed = 1;
	c->count++;
	return 0;
}

static int by_deadline(const void *a, const void *b)
{
	const item *x = a, *y = b;
	int d = strcmp(x->number, y->number);
	if (d)
		return d;
	if (x->limit != y->limit)
		return x->limit < y->limit ? -1 : 1;
	return x->problem - y->problem;
}

/* Fold each deadline's events into its first: the latest type come by
 * --at (0: none yet); drop those neither come nor due in the window. */
static void fold(collect *c)
{
	if (!c->count)
		return; /* qsort wants an array, even of nothing */
	qsort(c->items, c->count, sizeof(item), by_deadline);
	size_t out = 0;
	for (size_t i = 0; i < c->count;) {
		item d = c->items[i];
		d.type = 0;
		size_t j = i;
		for (; j < c->count && by_deadline(&c->items[i], &c->items[j]) == 0; j++) {
			const item *e = &c->items[j];
			if (e->at <= c->at && e->type > d.type) {
				d.type = e->type;
				d.level = e->level;
				d.role = e->role;
			}
			if (j > i)
				free(e->number);
		}
		if (d.type || d.due <= c->until)
			c->items[out++] = d;
		else
			free(d.number);
		i = j;
	}
	c->count = out;
}

static int by_urgency(const void *a, const void *b)
{
	const item *x = a, *y = b;
	if (x->type != y->type)
		return y->type - x->type;
	return x->due < y->due ? -1 : x->due > y->due;
}

static void print_items(cli_db *db, collect *c)
{
	static const char *const status[] = { "due", "warned", "breached", "escalated" };
	uint64_t counts[4] = { 0 };
	fold(c);
	if (c->count)
		qsort(c->items, c->count, sizeof(item), by_urgency);
	printf("%-10s %-20s %-16s %-42s %-25s %s\n", "STATUS", "CASE", "REF", "LIMIT", "DEADLINE", "RESPONSE");
	for (size_t i = 0; i < c->count; i++) {
		item *it = &c->items[i];
		char t[CLI_TIME_SIZE], limit[80], ref[64] = "-";
		if (db->sql->ref_of(db->sql, it->number, ref, sizeof(ref)) != 1)
			snprintf(ref, sizeof(ref), "-");
		if (it->problem >= 0)
			snprintf(limit, sizeof(limit), "%s [problem %d]", telsvc_param_key(it->limit), it->problem);
		else
			snprintf(limit, sizeof(limit), "%s", telsvc_param_key(it->limit));
		char response[64] = "";
		if (it->type)
			snprintf(response, sizeof(response), "level %d%s%s", it->level, it->role ? ": " : "",
				 it->role ? it->role : "");
		printf("%-10s %-20s %-16s %-42s %-25s %s\n", status[it->type], it->number, ref, limit,
		       cli_format_time(t, db->calendar, it->due), response);
		counts[it->type]++;
	}
	char t[CLI_TIME_SIZE];
	printf("\nat %s: %llu escalated, %llu breached, %llu warned, %llu due\n", cli_format_time(t, db->calendar, c->at),
	       (unsigned long long)counts[3], (unsigned long long)counts[2], (unsigned long long)counts[1],
	       (unsigned long long)counts[0]);
}

int cmd_due(telsvc_ctx *ctx, int argc, char **argv)
{
	cli_target t = { .cmd = "due" };
	const char *at_text = NULL, *within = NULL;
	const cli_opt opts[] = { { "--at", &at_text, NULL }, { "--within", &within, NULL }, CLI_TARGET_OPTS(t),
				 { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "due", help, opts, &t.where, 1, 1, &n);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	double hours = 24;
	if (within) {
		char *end;
		hours = strtod(within, &end);
		if (end == within || *end || hours < 0 || hours > 24 * 366) {
			fprintf(stderr, "telsvc: due: --within needs hours from 0 to 8784, not '%s'\n", within);
			return EXIT_USAGE;
		}
	}
	cli_db db;
	collect c = { 0 };
	rc = cli_db_open(&db, ctx, &t, CLI_DB_LOAD | CLI_DB_NO_KEY | CLI_DB_DRY_RUN);
	if (rc == 0 && at_text && cli_parse_time(&c.at, at_text, db.calendar)) {
		fprintf(stderr, "telsvc: due: '%s' is not a time such as 2025-09-30T18:00:00+08:00\n", at_text);
		rc = EXIT_USAGE;
	} else if (rc == 0 && !at_text) {
		telsvc_ctx_now(&c.at, db.ctx);
	}
	if (rc == 0 && telsvc_monitor_enable(db.ctx))
		rc = cli_fail("due", 1);
	c.until = c.at + (int64_t)(hours * 3600);
	if (rc == 0 && telsvc_monitor_poll(db.ctx, c.until, on_event, &c, NULL))
		rc = c.failed ? (fprintf(stderr, "telsvc: due: out of memory\n"), EXIT_FAILURE) : cli_fail("due", 1);
	if (rc == 0)
		print_items(&db, &c);
	for (size_t i = 0; i < c.count; i++)
		free(c.items[i].number);
	free(c.items);
	cli_db_close(&db);
	return rc;
}
