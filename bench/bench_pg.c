/* Writers in 1, 2 and 4 processes on one PostgreSQL store, each with its
 * own connection and context, making progress notes on shared requests
 * (every tenth call a new request) and retrying after each conflict: the
 * calls per second and the conflicts per call, for a few hot requests and
 * for many (docs/performance.md, "PostgreSQL").
 *
 *   bench_pg CONNINFO [CALLS_PER_WRITER] [HOT] [SPREAD]
 *
 * Each run gets a schema of its own, dropped afterwards. */
#include <telsvc/telsvc.h>

#include "bench_util.h"
#include "pg_workload.h"

#include <libpq-fe.h>
#include <sys/wait.h>
#include <unistd.h>

static const unsigned char key[32] = "thirty-two bytes of a bench key";

static void die(const char *what)
{
	fprintf(stderr, "bench_pg: %s: %s\n", what, telsvc_error_last());
	exit(1);
}

static void drop(telsvc_pg *db)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", telsvc_pg_schema(db));
	PQclear(PQexec(telsvc_pg_handle(db), sql));
	telsvc_pg_close(db);
}

/* One run: @writers processes, @calls each, on @cases requests. */
static void run(const char *conninfo, const telsvc_policy *policy, int writers, long calls, size_t cases)
{
	char schema[64];
	snprintf(schema, sizeof(schema), "bench_%ld_%d_%zu", (long)getpid(), writers, cases);
	telsvc_pg_options o = TELSVC_PG_OPTIONS_INIT;
	o.schema = schema;
	telsvc_pg *db = NULL;
	telsvc_storage st;
	telsvc_ctx *ctx = NULL;
	if (telsvc_pg_open(&db, conninfo, &o) || telsvc_pg_storage(&st, db) || telsvc_ctx_new(&ctx, NULL) ||
	    telsvc_ctx_set_policy(ctx, policy) || telsvc_ctx_set_storage(ctx, &st))
		die("opening");
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key);
	char(*numbers)[PG_NUMBER_SIZE] = xcalloc(cases, PG_NUMBER_SIZE);
	if (telsvc_ctx_set_audit_key(ctx, &ao) || pg_workload_prepare(ctx, cases, numbers))
		die("preparing the requests");
	telsvc_ctx_free(ctx);

	int ready[2], go[2], results[2];
	if (pipe(ready) || pipe(go) || pipe(results))
		die("pipe");
	pid_t pids[8];
	for (int w = 0; w < writers; w++) {
		fflush(NULL);
		if ((pids[w] = fork()) < 0)
			die("fork");
		if (pids[w] == 0) {
			close(ready[0]);
			close(go[1]);
			close(results[0]);
			pg_writer wr = { conninfo, schema, policy, key, sizeof(key), numbers, cases, w, calls,
					 -1, ready[1], go[0] };
			pg_counts c;
			int status = pg_workload_run(&wr, &c);
			if (write(results[1], &c, sizeof(c)) != (ssize_t)sizeof(c))
				status = -1;
			_exit(status == 0 ? 0 : 1);
		}
	}
	close(ready[1]);
	close(go[0]);
	close(results[1]);
	/* the clock starts once every writer has connected */
	char byte;
	for (int w = 0; w < writers; w++)
		if (read(ready[0], &byte, 1) != 1)
			die("a writer did not connect");
	close(ready[0]);
	double t0 = now_seconds();
	close(go[1]); /* EOF: go */
	long acked = 0, conflicts = 0;
	pg_counts c;
	while (read(results[0], &c, sizeof(c)) == (ssize_t)sizeof(c))
		acked += c.acked, conflicts += c.conflicts;
	double seconds = now_seconds() - t0;
	for (int w = 0; w < writers; w++) {
		int status;
		if (waitpid(pids[w], &status, 0) != pids[w] || !WIFEXITED(status) || WEXITSTATUS(status))
			die("a writer failed");
	}
	close(results[0]);
	if (acked != writers * calls)
		die("a writer stopped early");
	printf("  %zu requests, %d writer%s: %7ld calls in %6.2f s = %7.0f calls/s, %.3f conflicts per call\n",
	       cases, writers, writers > 1 ? "s" : " ", acked, seconds, (double)acked / seconds,
	       (double)conflicts / (double)acked);
	free(numbers);
	drop(db);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_pg CONNINFO [CALLS_PER_WRITER] [HOT] [SPREAD]\n");
		return 2;
	}
	long calls = argc > 2 ? atol(argv[2]) : 5000;
	size_t hot = argc > 3 ? (size_t)atol(argv[3]) : 8, spread = argc > 4 ? (size_t)atol(argv[4]) : 2000;
	telsvc_ctx *outer;
	telsvc_policy *policy;
	if (calls < 1 || !hot || !spread || telsvc_ctx_new(&outer, NULL) || telsvc_policy_default(&policy, outer))
		die("arguments");
	printf("bench_pg: %ld calls per writer, sealed audit log, one chain\n", calls);
	const size_t sizes[] = { hot, spread };
	for (int s = 0; s < 2; s++)
		for (int writers = 1; writers <= 4; writers *= 2)
			run(argv[1], policy, writers, calls, sizes[s]);
	telsvc_policy_free(policy);
	telsvc_ctx_free(outer);
	return 0;
}
