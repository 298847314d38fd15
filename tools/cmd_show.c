/* telsvc show TARGET CASE: one case with its class, deadlines and history. */
#include "cli_db.h"
#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc show TARGET CASE [--json]\n"
	"\n"
	"Show one case of TARGET: CASE is the host's reference given at ingest\n"
	"(CRM-100231) or the library's number (SR-20250701-000001). Text lists\n"
	"its state, class and the rule that gave it, each deadline with when it\n"
	"was met, and the history with notes. --json prints the library's\n"
	"export (docs/export.md), personal data pseudonymised.\n" CLI_TARGET_HELP;

static void print_deadline(const cli_db *db, telsvc_param limit, int problem, int64_t due, int64_t done, int64_t at)
{
	char d[CLI_TIME_SIZE], what[80];
	const char *status = done != TELSVC_NEVER ? (due != TELSVC_NEVER && done > due ? "late" : "met")
			     : due == TELSVC_NEVER ? "paused or none"
			     : at > due	       ? "OVERDUE"
						       : "open";
	if (problem >= 0)
		snprintf(what, sizeof(what), "%s [problem %d]", telsvc_param_key(limit), problem);
	else
		snprintf(what, sizeof(what), "%s", limit ? telsvc_param_key(limit) : "(none yet)");
	printf("  %-40s due %-25s %-14s", what, cli_format_time(d, db->calendar, due), status);
	if (done != TELSVC_NEVER)
		printf(" %s", cli_format_time(d, db->calendar, done));
	printf("\n");
}

static void print_change(const cli_db *db, int kind, int action, int64_t at, const char *actor, const char *role,
			 const char *note)
{
	char t[CLI_TIME_SIZE];
	printf("  %s  %-18s %s (%s)\n", cli_format_time(t, db->calendar, at), action_name(kind, action), actor, role);
	if (note && *note)
		printf("      %s\n", note);
}

static void show_request(cli_db *db, telsvc_request *r, int64_t now)
{
	printf("state     %s\nclass     %s: %s\n", name_of(&ns_request_state, telsvc_request_state_of(r)),
	       name_of(&ns_priority, telsvc_request_priority(r)), telsvc_request_class_reason(r));
	printf("deadlines\n");
	for (size_t i = 0; i < telsvc_request_deadline_count(r); i++) {
		telsvc_param limit;
		int problem;
		int64_t due, done;
		if (telsvc_request_deadline_at(&limit, &problem, &due, &done, r, i) == TELSVC_OK)
			print_deadline(db, limit, problem, due, done, now);
	}
	printf("history\n");
	for (size_t i = 0; i < telsvc_request_history_count(r); i++) {
		int action;
		int64_t at;
		const char *actor, *role;
		telsvc_request_history_at(r, i, &action, &at, &actor, &role);
		print_change(db, TELSVC_KIND_REQUEST, action, at, actor, role, telsvc_request_history_note(r, i));
	}
}

static void show_complaint(cli_db *db, telsvc_complaint *c, int64_t now)
{
	printf("state     %s\ncategory  %s: %s\nseverity  %s: %s\n",
	       name_of(&ns_complaint_state, telsvc_complaint_state_of(c)),
	       name_of(&ns_category, telsvc_complaint_category_of(c)), telsvc_complaint_category_reason(c),
	       name_of(&ns_severity, telsvc_complaint_severity_of(c)), telsvc_complaint_severity_reason(c));
	if (telsvc_complaint_reopen_count(c))
		printf("reopened  %d times\n", telsvc_complaint_reopen_count(c));
	printf("deadlines\n");
	for (size_t i = 0; i < telsvc_complaint_deadline_count(c); i++) {
		telsvc_param limit;
		int64_t due, done;
		if (telsvc_complaint_deadline_at(&limit, &due, &done, c, i) == TELSVC_OK)
			print_deadline(db, limit, -1, due, done, now);
	}
	printf("history\n");
	for (size_t i = 0; i < telsvc_complaint_history_count(c); i++) {
		int action;
		int64_t at;
		const char *actor, *role;
		telsvc_complaint_history_at(c, i, &action, &at, &actor, &role);
		print_change(db, TELSVC_KIND_COMPLAINT, action, at, actor, role, telsvc_complaint_history_note(c, i));
	}
}

static void show_incident(cli_db *db, telsvc_incident *inc, int64_t now)
{
	int grade = telsvc_incident_grade_of(inc);
	printf("state     %s\ntype      %s\ngrade     %s\n", name_of(&ns_incident_state, telsvc_incident_state_of(inc)),
	       name_of(&ns_incident_type, telsvc_incident_type_of(inc)),
	       grade ? name_of(&ns_incident_grade, grade) : "(not yet confirmed)");
	printf("deadlines\n");
	telsvc_param limit;
	int64_t due, done;
	if (telsvc_incident_report_deadline(&limit, &due, &done, inc) == TELSVC_OK)
		print_deadline(db, limit, -1, due, done, now);
	printf("history\n");
	for (size_t i = 0; i < telsvc_incident_history_count(inc); i++) {
		int action;
		int64_t at;
		const char *actor, *role;
		telsvc_incident_history_at(inc, i, &action, &at, &actor, &role);
		print_change(db, TELSVC_KIND_INCIDENT, action, at, actor, role, telsvc_incident_history_note(inc, i));
	}
}

int cmd_show(telsvc_ctx *ctx, int argc, char **argv)
{
	const char *pos[2] = { NULL, NULL };
	cli_target t = { .cmd = "show" };
	bool json = false;
	const cli_opt opts[] = { { "--json", NULL, &json }, CLI_TARGET_OPTS(t), { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "show", help, opts, pos, 2, 2, &n);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	cli_db db;
	int kind = 0;
	t.where = pos[0];
	rc = cli_db_open(&db, ctx, &t, CLI_DB_NO_KEY);
	char number[CLI_NUMBER_SIZE] = "";
	if (rc == 0) {
		int found = db.sql->find_ref(db.sql, pos[1], &kind, number);
		if (found <= 0) {
			snprintf(number, sizeof(number), "%s", pos[1]);
			kind = cli_db_kind_of(&db, number);
		}
		if (!kind) {
			fprintf(stderr, "telsvc: show: no case has the reference or number '%s'\n", pos[1]);
			rc = EXIT_FAILURE;
		}
	}
	telsvc_buf *buf = NULL;
	if (rc == 0 && json) {
		if (telsvc_buf_new(&buf, db.ctx) || telsvc_export_json(buf, db.ctx, kind, number, NULL))
			rc = cli_fail("show", 1);
		else
			printf("%.*s\n", (int)telsvc_buf_size(buf), telsvc_buf_data(buf));
	} else if (rc == 0) {
		int64_t now;
		void *obj = NULL;
		telsvc_ctx_now(&now, db.ctx);
		printf("%s %s", kind_noun(kind), number);
		if (strcmp(number, pos[1]) != 0)
			printf(" (ref %s)", pos[1]);
		printf("\n");
		if (kind == TELSVC_KIND_REQUEST && telsvc_request_find((telsvc_request **)&obj, db.ctx, number) == 0)
			show_request(&db, obj, now);
		else if (kind == TELSVC_KIND_COMPLAINT &&
			 telsvc_complaint_find((telsvc_complaint **)&obj, db.ctx, number) == 0)
			show_complaint(&db, obj, now);
		else if (kind == TELSVC_KIND_INCIDENT &&
			 telsvc_incident_find((telsvc_incident **)&obj, db.ctx, number) == 0)
			show_incident(&db, obj, now);
		else
			rc = cli_fail("show", 1);
	}
	telsvc_buf_free(buf);
	cli_db_close(&db);
	return rc;
}
