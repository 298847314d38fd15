/* Ingest into SQLite: `telsvc ingest` (every event through the library,
 * the rules enforced, the case and its sealed audit record stored)
 * against plain batched SQL inserts of the same events, one row each,
 * with no rule checking, in the same run (docs/performance.md, "Ingest").
 *
 *   bench_ingest FILE.jsonl [ROUNDS]
 *
 * Both read and parse the same JSON Lines file and commit every
 * CLI_BATCH (20,000) events, the command's default, in WAL mode with
 * synchronous = NORMAL on 8 KiB pages (what libtelsvc-sqlite gives a
 * new database); the ingest is also timed with synchronous = FULL.
 * Each run is a process of its own, as the command is, so that none
 * finds memory an earlier one left behind. The best of ROUNDS (default
 * 3) runs of each is reported. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../tools/cli.h"
#include "../tools/event.h"
#include "bench_util.h"

enum { BATCH = CLI_BATCH };

static void remove_db(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".key", ".key.new" };
	char p[4096];
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

static void check(int rc, sqlite3 *db, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		fprintf(stderr, "bench_ingest: %s: %s\n", what, sqlite3_errmsg(db));
		exit(1);
	}
}

/* The plain baseline: each event's keys and its line as one row. */
static double plain_inserts(const char *file, const char *path, long *rows)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	remove_db(path);
	check(sqlite3_open(path, &db), db, "open");
	check(sqlite3_exec(db,
			   "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			   "CREATE TABLE events(line INTEGER PRIMARY KEY, op TEXT, ref TEXT, at TEXT, actor TEXT,"
			   " role TEXT, data BLOB)",
			   NULL, NULL, NULL),
	      db, "schema");
	check(sqlite3_prepare_v2(db, "INSERT INTO events VALUES(?, ?, ?, ?, ?, ?, ?)", -1, &q, NULL), db, "prepare");
	static const ev_key cols[] = { K_OP, K_REF, K_AT, K_ACTOR, K_ROLE };
	FILE *f = fopen(file, "r");
	if (!f) {
		perror(file);
		exit(1);
	}
	char *line = NULL, *scratch = NULL, why[256];
	size_t cap = 0, scratch_cap = 0;
	ssize_t n;
	long lineno = 0, in_batch = 0;
	ev_event ev;
	*rows = 0;
	double t0 = now_seconds();
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			n--;
		if ((size_t)n + 16 > scratch_cap) {
			char *grown = realloc(scratch, scratch_cap = (size_t)n + 16);
			if (!grown)
				exit(2);
			scratch = grown;
		}
		if (ev_parse_json(&ev, line, (size_t)n, scratch, why, sizeof(why)))
			continue;
		if (in_batch == 0)
			check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
		sqlite3_bind_int64(q, 1, lineno);
		for (int c = 0; c < 5; c++)
			sqlite3_bind_text(q, 2 + c, ev.v[cols[c]].s, -1, SQLITE_STATIC);
		sqlite3_bind_blob(q, 7, line, (int)n, SQLITE_STATIC);
		check(sqlite3_step(q), db, "insert");
		sqlite3_reset(q);
		(*rows)++;
		if (++in_batch == BATCH) {
			check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
			in_batch = 0;
		}
	}
	if (in_batch)
		check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
	double t = now_seconds() - t0;
	fclose(f);
	free(line);
	free(scratch);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return t;
}

/* The ingest as the command runs it, in a child process: its seconds. */
static double ingest(const char *file, const char *path, const char *sync)
{
	int pipefd[2];
	if (pipe(pipefd))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		telsvc_ctx *ctx;
		if (telsvc_ctx_new(&ctx, NULL))
			_exit(1);
		cli_tune_memory();
		remove_db(path);
		char *init[] = { (char *)path };
		if (cmd_init(ctx, 1, init))
			_exit(1);
		char *argv[] = { (char *)path, (char *)file, "--sync", (char *)sync, "--quiet" };
		double t0 = now_seconds();
		int rc = cmd_ingest(ctx, 5, argv);
		double t = now_seconds() - t0;
		telsvc_ctx_free(ctx);
		if (rc != 0 && rc != EXIT_REFUSED)
			_exit(1);
		_exit(write(pipefd[1], &t, sizeof(t)) == sizeof(t) ? 0 : 1);
	}
	double t = 0;
	int status = 0;
	close(pipefd[1]);
	ssize_t n = read(pipefd[0], &t, sizeof(t));
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (pid < 0 || n != sizeof(t) || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench_ingest: ingest failed\n");
		exit(1);
	}
	return t;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_ingest FILE.jsonl [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	char dir[] = "/tmp/bench_ingest.XXXXXX", path[64];
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/b.db", dir);
	double best_plain = 1e30, best_normal = 1e30, best_full = 1e30, t;
	long rows = 0;
	if (!freopen("/dev/null", "w", stdout)) /* init's message */
		return 1;
	for (int r = 0; r < rounds; r++) {
		if ((t = plain_inserts(argv[1], path, &rows)) < best_plain)
			best_plain = t;
		if ((t = ingest(argv[1], path, "normal")) < best_normal)
			best_normal = t;
		if ((t = ingest(argv[1], path, "full")) < best_full)
			best_full = t;
	}
	remove_db(path);
	rmdir(dir);
	fprintf(stderr,
		"events %ld, best of %d\n"
		"  plain inserts, sync NORMAL: %8.3f s %10.0f events/s\n"
		"  telsvc ingest, sync NORMAL: %8.3f s %10.0f events/s  (%.2f of plain)\n"
		"  telsvc ingest, sync FULL:   %8.3f s %10.0f events/s\n",
		rows, rounds, best_plain, (double)rows / best_plain, best_normal, (double)rows / best_normal,
		best_plain / best_normal, best_full, (double)rows / best_full);
	return 0;
}
