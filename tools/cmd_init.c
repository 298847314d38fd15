/* telsvc init TARGET [--policy FILE] [--units N]: a new database and its
 * audit key file. */
#include "cli_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc init TARGET [--policy FILE] [--units N]\n"
	"\n"
	"Create the database for the other commands, with the policy its cases\n"
	"follow (FILE, checked first; by default the handbook's embedded\n"
	"defaults), and the audit key file (mode 0600): the key that seals\n"
	"every audit record, and the one that verifies the log. Keep a copy of\n"
	"the 'verify' line away from the database (docs/cli.md). An existing\n"
	"database or key file is refused.\n"
	"\n"
	"  --units N      units of service in operation (lines, circuits), for the\n"
	"                 report's availability and fault rate (default 1)\n" CLI_TARGET_HELP;

int cmd_init(telsvc_ctx *ctx, int argc, char **argv)
{
	cli_target t = { .cmd = "init" };
	const char *policy = NULL, *units_text = NULL;
	const cli_opt opts[] = { { "--policy", &policy, NULL }, { "--units", &units_text, NULL }, CLI_TARGET_OPTS(t),
				 { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "init", help, opts, &t.where, 1, 1, &n);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	unsigned long long units = 1;
	if (units_text) {
		char *end;
		units = strtoull(units_text, &end, 10);
		if (*end || units == 0 || units_text[0] == '-') {
			fprintf(stderr, "telsvc: init: --units needs a positive integer, not '%s'\n", units_text);
			return EXIT_USAGE;
		}
	}
	return cli_db_create(ctx, &t, policy, units);
}
