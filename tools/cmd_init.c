/* telsvc init DB [--policy FILE] [--units N]: a new database and its
 * audit key file. */
#include "cli_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc init DB [--policy FILE] [--units N]\n"
	"\n"
	"Create the SQLite database DB for the other commands, with the policy\n"
	"its cases follow (FILE, checked first; by default the handbook's\n"
	"embedded defaults), and the audit key file DB.key (mode 0600): the key\n"
	"that seals every audit record, and the one that verifies the log. Keep\n"
	"a copy of the 'verify' line away from the database (docs/cli.md).\n"
	"\n"
	"  --units N   units of service in operation (lines, circuits), for the\n"
	"              report's availability and fault rate (default 1)\n";

int cmd_init(telsvc_ctx *ctx, int argc, char **argv)
{
	const char *path = NULL, *policy = NULL, *units_text = NULL;
	const cli_opt opts[] = { { "--policy", &policy, NULL }, { "--units", &units_text, NULL }, { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "init", help, opts, &path, 1, 1, &n);
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
	rc = cli_db_create(ctx, path, policy, units);
	if (rc == 0)
		printf("created %s (policy: %s) and its audit key file %s.key\n", path, policy ? policy : "embedded default",
		       path);
	return rc;
}
