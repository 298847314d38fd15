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
	const char *path = NULL, *policy = NULL;
	unsigned long long units = 1;
	for (int i = 0; i < argc; i++) {
		char *end;
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc) {
			policy = argv[++i];
		} else if (strcmp(argv[i], "--units") == 0 && i + 1 < argc) {
			units = strtoull(argv[++i], &end, 10);
			if (*end || units == 0 || argv[i][0] == '-') {
				fprintf(stderr, "telsvc: init: --units needs a positive integer, not '%s'\n", argv[i]);
				return EXIT_USAGE;
			}
		} else if (argv[i][0] == '-' || path) {
			fprintf(stderr, "telsvc: init: unexpected '%s'\n\n%s", argv[i], help);
			return EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	int rc = cli_db_create(ctx, path, policy, units);
	if (rc == 0)
		printf("created %s (policy: %s) and its audit key file %s.key\n", path, policy ? policy : "embedded default",
		       path);
	return rc;
}
