/* Several processes, each with its own connection and context, make
 * thousands of conflicting changes to the same requests on one
 * PostgreSQL store, retrying after each conflict (docs/postgresql.md).
 * Afterwards: every acknowledged change is stored exactly once, nothing
 * unacknowledged is, the requests rebuilt from the audit log equal the
 * stored ones, and the one audit chain they all wrote verifies. */
#include "helpers.h"

#include "pg_test.h"
#include "pg_workload.h"

#include <sys/wait.h>
#include <unistd.h>

enum { WRITERS = 4, OPS = 600, CASES = 8 };

static const unsigned char key[32] = "thirty-two bytes of a test key!";

static int by_text(const void *a, const void *b)
{
	return strcmp(((const pg_ack *)a)->text, ((const pg_ack *)b)->text);
}

/* Read a writer's acknowledgements to the end; its counts go to @counts. */
static size_t read_acks(int fd, pg_ack *into, pg_counts *counts)
{
	size_t n = 0;
	pg_ack a;
	while (read(fd, &a, sizeof(a)) == (ssize_t)sizeof(a)) {
		if (a.op == 'S')
			assert_int_equal(sscanf(a.text, "%ld %ld", &counts->acked, &counts->conflicts), 2);
		else
			into[n++] = a;
	}
	close(fd);
	return n;
}

/* The progress notes in the stored histories of @numbers. */
static size_t stored_notes(telsvc_ctx *ctx, char (*numbers)[PG_NUMBER_SIZE], pg_ack *into)
{
	size_t n = 0;
	for (size_t c = 0; c < CASES; c++) {
		telsvc_request *r;
		assert_int_equal(telsvc_request_find(&r, ctx, numbers[c]), TELSVC_OK);
		for (size_t i = 0; i < telsvc_request_history_count(r); i++) {
			int action;
			int64_t at;
			const char *actor, *role;
			assert_int_equal(telsvc_request_history_at(r, i, &action, &at, &actor, &role), TELSVC_OK);
			if (action != TELSVC_ACTION_PROGRESS)
				continue;
			into[n] = (pg_ack){ .op = 'P' };
			snprintf(into[n++].text, PG_NUMBER_SIZE, "%s", telsvc_request_history_note(r, i));
		}
	}
	return n;
}

static void writers_in_processes(void **state)
{
	(void)state;
	telsvc_ctx *outer = test_ctx();
	telsvc_policy *policy;
	assert_int_equal(telsvc_policy_default(&policy, outer), TELSVC_OK);
	char schema[64];
	telsvc_pg *db = pg_test_open("writers", schema, sizeof(schema));
	telsvc_storage st;
	assert_int_equal(telsvc_pg_storage(&st, db), TELSVC_OK);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key);
	telsvc_ctx *ctx;
	assert_int_equal(telsvc_ctx_new(&ctx, NULL), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, &st), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	static char numbers[CASES][PG_NUMBER_SIZE];
	assert_int_equal(pg_workload_prepare(ctx, CASES, numbers), TELSVC_OK);
	telsvc_ctx_free(ctx);

	pid_t pids[WRITERS];
	int fds[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		int pipefd[2];
		assert_int_equal(pipe(pipefd), 0);
		fflush(NULL);
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			close(pipefd[0]);
			pg_writer wr = { pg_test_conninfo(), schema, policy, key, sizeof(key), numbers, CASES, w, OPS,
					 pipefd[1], -1, -1 };
			pg_counts counts;
			_exit(pg_workload_run(&wr, &counts) == 0 ? 0 : 1);
		}
		close(pipefd[1]);
		fds[w] = pipefd[0];
	}
	static pg_ack acked[WRITERS * OPS], stored[WRITERS * OPS];
	size_t n_acked = 0;
	long conflicts = 0;
	for (int w = 0; w < WRITERS; w++) {
		pg_counts c = { 0, 0 };
		n_acked += read_acks(fds[w], acked + n_acked, &c);
		int status;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		assert_int_equal(c.acked, OPS);
		conflicts += c.conflicts;
	}
	assert_int_equal(n_acked, WRITERS * OPS);
	printf("%d writers, %d calls: %ld conflicts, each retried\n", WRITERS, WRITERS * OPS, conflicts);
	assert_true(conflicts > 0); /* the test raced, or it proves nothing */

	/* a fresh context reads back what the writers stored */
	assert_int_equal(telsvc_ctx_new(&ctx, NULL), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, &st), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	size_t n_stored = stored_notes(ctx, numbers, stored);
	/* the acknowledged notes and the new requests, apart */
	static pg_ack created[WRITERS * OPS];
	size_t notes = 0, n_created = 0;
	for (size_t i = 0; i < n_acked; i++) {
		if (acked[i].op == 'C')
			created[n_created++] = acked[i];
		else
			acked[notes++] = acked[i];
	}
	assert_int_equal(n_created, WRITERS * (OPS / 10));
	qsort(created, n_created, sizeof(pg_ack), by_text);
	for (size_t i = 0; i < n_created; i++) {
		telsvc_request *r;
		assert_int_equal(telsvc_request_find(&r, ctx, created[i].text), TELSVC_OK);
		if (i)
			assert_string_not_equal(created[i - 1].text, created[i].text);
	}
	assert_int_equal(n_stored, notes); /* nothing lost, nothing unacknowledged, nothing twice ... */
	qsort(acked, notes, sizeof(pg_ack), by_text);
	qsort(stored, n_stored, sizeof(pg_ack), by_text);
	for (size_t i = 0; i < notes; i++) {
		assert_string_equal(acked[i].text, stored[i].text); /* ... and the same ones */
		if (i)
			assert_string_not_equal(acked[i - 1].text, acked[i].text);
	}
	uint64_t objects;
	assert_int_equal(telsvc_pg_object_count(&objects, db, TELSVC_KIND_REQUEST), TELSVC_OK);
	assert_int_equal(objects, CASES + n_created); /* each new request once, under its own number */

	telsvc_replay_report replay = { .version = TELSVC_REPLAY_REPORT_VERSION };
	assert_int_equal(telsvc_audit_replay(&replay, ctx), TELSVC_OK);
	assert_int_equal(replay.objects, objects);
	assert_int_equal(replay.matched, objects);
	assert_int_equal(replay.diverged, 0);
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	assert_int_equal(telsvc_audit_verify(&rep, ctx, key, sizeof(key), NULL), TELSVC_OK);
	if (rep.verdict != TELSVC_AUDIT_UNANCHORED)
		fail_msg("audit: %s", rep.detail);
	uint64_t records;
	assert_int_equal(telsvc_pg_audit_count(&records, db), TELSVC_OK);
	assert_int_equal(rep.records, records);
	telsvc_ctx_free(ctx);
	pg_test_drop(db);
	telsvc_policy_free(policy);
	telsvc_ctx_free(outer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writers_in_processes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
