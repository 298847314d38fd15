/* telsvc ingest TARGET FILE...: apply event streams (docs/events.md) through
 * the library, in batches of one transaction each; refused and malformed
 * events are reported with their line and leave nothing stored. */
#include "cli_db.h"
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char help[] =
	"usage: telsvc ingest TARGET FILE... [--format jsonl|yaml] [--batch N] [--sync normal|full|off] [--quiet]\n"
	"\n"
	"Apply the events of each FILE ('-' for standard input) to the cases in\n"
	"TARGET, with every rule of the handbook enforced (docs/events.md). Events\n"
	"the rules refuse, and lines that are not valid events, are reported on\n"
	"standard error as FILE:LINE with the reason and the clause; nothing of\n"
	"them is stored. Good events are committed in batches of N (default\n"
	"20000), one database transaction each.\n"
	"\n"
	"  --format    the encoding; by default from the name (.yaml, .yml: YAML;\n"
	"              anything else: JSON Lines)\n"
	"  --sync      SQLite only: normal (default): a commit survives the process\n"
	"              crashing; full: a power cut too; off: nothing is promised.\n"
	"              A PostgreSQL commit goes as far as the server's\n"
	"              synchronous_commit says.\n"
	"  --quiet     do not list refused events, only count them\n"
	"\n"
	"Exit status: 0 every event applied; 3 all were read, but some were\n"
	"refused or malformed; 1 the ingest stopped (a file could not be read or\n"
	"the database failed: everything before the failed batch is stored);\n"
	"2 usage error.\n" CLI_TARGET_HELP;

typedef struct run {
	cli_db db;
	ingest *in;
	int batch, in_batch;
	bool quiet, progress;
	uint64_t applied, refused, malformed;
	double started;
	size_t size, done_before; /* bytes of all files, of files finished */
} run;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void show_progress(run *r, size_t done, bool last)
{
	if (!r->progress)
		return;
	int width = 30, filled = r->size ? (int)((double)done * width / (double)r->size) : 0;
	char bar[31];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = 0;
	uint64_t n = r->applied + r->refused + r->malformed;
	fprintf(stderr, "\r[%s] %3d%% %llu events", bar, r->size ? (int)(done * 100 / r->size) : 0,
		(unsigned long long)n);
	if (last)
		fputs("\r\033[K", stderr);
}

static void report(run *r, const char *file, long line, const char *what, const char *why)
{
	if (r->quiet)
		return;
	if (r->progress)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s:%ld: %s: %s\n", file, line, what, why);
}

static int commit(run *r)
{
	r->in_batch = 0;
	if (telsvc_txn_commit(r->db.ctx))
		return cli_fail("ingest: commit", 1);
	ingest_committed(r->in);
	return cli_db_save_key(&r->db) ? EXIT_FAILURE : 0;
}

static int ingest_file(run *r, const char *path, ev_format format)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f) {
		perror(path);
		return EXIT_FAILURE;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	ev_reader *rd = ev_reader_new(f, format);
	ev_event ev;
	char why[1536];
	int rc = rd ? 0 : EXIT_FAILURE, got;
	while (rc == 0 && (got = ev_reader_next(rd, &ev, why, sizeof(why))) != 0) {
		if (got == -2) {
			fprintf(stderr, "%s: %s\n", path, why);
			rc = EXIT_FAILURE;
			break;
		}
		if (got == -1) {
			r->malformed++;
			report(r, path, ev.line, "malformed", why);
			continue;
		}
		if (r->in_batch == 0 && telsvc_txn_begin(r->db.ctx)) {
			rc = cli_fail("ingest: begin", 1);
			break;
		}
		r->in_batch++;
		switch (ingest_apply(r->in, &ev, why, sizeof(why))) {
		case IN_APPLIED:
			r->applied++;
			break;
		case IN_REFUSED:
			r->refused++;
			report(r, path, ev.line, "refused", why);
			break;
		case IN_MALFORMED:
			r->malformed++;
			report(r, path, ev.line, "malformed", why);
			break;
		default:
			fprintf(stderr, "%s:%ld: %s\n", path, ev.line, why);
			rc = EXIT_FAILURE;
			continue;
		}
		if (r->in_batch >= r->batch)
			rc = commit(r);
		if (((r->applied + r->refused) & 0x3fff) == 0 && f != stdin)
			show_progress(r, r->done_before + (size_t)ftell(f), false);
	}
	if (rc && r->in_batch) {
		if (telsvc_txn_active(r->db.ctx)) /* a storage failure already ended it */
			telsvc_txn_rollback(r->db.ctx);
		r->in_batch = 0;
		fprintf(stderr, "telsvc: ingest: the last batch was rolled back; stopping\n");
	}
	ev_reader_free(rd);
	if (f != stdin)
		fclose(f);
	return rc;
}

int cmd_ingest(telsvc_ctx *ctx, int argc, char **argv)
{
	run r = { .batch = CLI_BATCH };
	cli_target t = { .cmd = "ingest" };
	const char *files[256], *format = NULL, *sync = NULL, *batch = NULL;
	const cli_opt opts[] = { { "--format", &format, NULL },
				 { "--batch", &batch, NULL },
				 { "--sync", &sync, NULL },
				 { "--quiet", NULL, &r.quiet },
				 CLI_TARGET_OPTS(t),
				 { NULL, NULL, NULL } };
	int nfiles, rc = cli_parse(argc, argv, "ingest", help, opts, files, 2, 256, &nfiles);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	if (batch) {
		char *end;
		long b = strtol(batch, &end, 10);
		r.batch = *end || b < 1 || b > 1000000 ? 0 : (int)b;
	}
	t.where = files[0];
	unsigned flags = !sync			  ? 0
			 : strcmp(sync, "full") == 0 ? CLI_DB_SYNC_FULL
			 : strcmp(sync, "off") == 0	  ? CLI_DB_SYNC_OFF
							  : 0;
	if (r.batch < 1 || (format && strcmp(format, "jsonl") && strcmp(format, "yaml")) ||
	    (sync && !flags && strcmp(sync, "normal"))) {
		fprintf(stderr, "telsvc: ingest: --batch takes 1 to 1000000 events, --format jsonl or yaml, --sync normal, "
				"full or off\n");
		return EXIT_USAGE;
	}
	if (sync && cli_target_is_pg(t.where)) {
		fprintf(stderr, "telsvc: ingest: --sync is for SQLite; on PostgreSQL a commit is as durable as the "
				"server's synchronous_commit makes it\n");
		return EXIT_USAGE;
	}
	for (int i = 1; i < nfiles; i++) {
		struct stat st;
		if (strcmp(files[i], "-") && stat(files[i], &st) == 0)
			r.size += (size_t)st.st_size;
	}
	r.progress = isatty(STDERR_FILENO) && r.size > 0;
	rc = cli_db_open(&r.db, ctx, &t, flags | CLI_DB_LOAD);
	if (rc == 0 && !(r.in = ingest_new(&r.db)))
		rc = EXIT_FAILURE;
	r.started = now_s();
	for (int i = 1; rc == 0 && i < nfiles; i++) {
		const char *dot = strrchr(files[i], '.');
		bool yaml = format ? strcmp(format, "yaml") == 0
				   : dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0);
		rc = ingest_file(&r, files[i], yaml ? EV_YAML : EV_JSONL);
		struct stat st;
		if (strcmp(files[i], "-") && stat(files[i], &st) == 0)
			r.done_before += (size_t)st.st_size;
	}
	if (rc == 0 && r.in_batch)
		rc = commit(&r);
	show_progress(&r, r.size, true);
	double secs = now_s() - r.started;
	uint64_t n = r.applied + r.refused + r.malformed;
	if (r.in)
		fprintf(stderr, "ingest: %llu events: %llu applied, %llu refused, %llu malformed in %.2f s (%.0f events/s)\n",
			(unsigned long long)n, (unsigned long long)r.applied, (unsigned long long)r.refused,
			(unsigned long long)r.malformed, secs, secs > 0 ? (double)n / secs : 0.0);
	telsvc_audit_anchor head;
	if (rc == 0 && telsvc_audit_head(&head, r.db.ctx) == TELSVC_OK) {
		char text[CLI_ANCHOR_SIZE];
		fprintf(stderr, "audit head (publish it to anchor 'telsvc audit verify'): %s\n",
			cli_anchor_format(text, &head));
	}
	ingest_free(r.in);
	cli_db_close(&r.db);
	return rc ? rc : r.refused || r.malformed ? EXIT_REFUSED : 0;
}
