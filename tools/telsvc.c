/* The telsvc command: the library's operations from the shell.
 *
 *   telsvc init TARGET              a new database and its audit key file
 *   telsvc ingest TARGET FILE...    apply event streams through the rules
 *   telsvc due TARGET               deadlines warned, breached, escalated, due
 *   telsvc report TARGET            the quality report of a period
 *   telsvc audit verify TARGET      check the audit log (also replay, head)
 *   telsvc show TARGET CASE         one case: class, deadlines, history
 *   telsvc policy show [FILE]       print the effective policy (the handbook
 *                                   defaults, or FILE's overrides applied)
 *   telsvc policy check FILE        validate a policy file
 *   telsvc deadline FROM AMOUNT CLOCK [--calendar NAME] [--policy FILE]
 *                                   calendar arithmetic
 *   telsvc version                  print the library version
 *
 * TARGET is a SQLite file or a PostgreSQL connection string.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: telsvc <command> [args]\n"
	"\n"
	"commands:\n"
	"  init TARGET [--policy FILE] [--units N]\n"
	"                       create a database and its audit key file\n"
	"  ingest TARGET FILE...\n"
	"                       apply event streams (JSON Lines or YAML) through the\n"
	"                       handbook's rules; report what is refused, and why\n"
	"  due TARGET [--at TIME]\n"
	"                       open deadlines: escalated, breached, warned, due soon\n"
	"  report TARGET [--from TIME --to TIME] [--format text|json|csv]\n"
	"                       the quality report (§5.4) of a period\n"
	"  audit verify TARGET [--anchor SEQ:HEX]\n"
	"                       check the tamper-evident audit log (also: replay, head)\n"
	"  show TARGET CASE     one case: its class, deadlines and history\n"
	"  policy show [FILE]   print the effective policy: the handbook defaults,\n"
	"                       with FILE's overrides applied if given\n"
	"  policy check FILE    validate a policy file; report the first error\n"
	"  deadline FROM AMOUNT CLOCK [--calendar NAME] [--policy FILE]\n"
	"                       the instant AMOUNT after FROM on a clock: wall,\n"
	"                       business or working_days (\"5 working days from\n"
	"                       2025-09-30 17:00\")\n"
	"  version              print the library version\n"
	"\n"
	"TARGET is a SQLite file, or a PostgreSQL connection string with\n"
	"[--schema NAME] (docs/cli.md).\n"
	"Run 'telsvc <command> --help' for a command's details.\n"
	"Exit status: 0 success, 1 the operation failed, 2 usage error, 3 done\n"
	"but refused input (ingest) or a failed check (audit).\n";

static const struct {
	const char *name;
	int (*run)(telsvc_ctx *ctx, int argc, char **argv);
} commands[] = {
#if TELSVC_CLI_DB
	{ "init", cmd_init },	  { "ingest", cmd_ingest }, { "due", cmd_due },
	{ "report", cmd_report }, { "audit", cmd_audit },   { "show", cmd_show },
#endif
	{ "policy", cmd_policy }, { "deadline", cmd_deadline },
};

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "version") == 0) {
		printf("telsvc %s\n", telsvc_version_string());
		return 0;
	}
	size_t i = 0, n = sizeof(commands) / sizeof(commands[0]);
	while (i < n && strcmp(argv[1], commands[i].name) != 0)
		i++;
	if (i == n) {
		fprintf(stderr, "telsvc: unknown command '%s'\n\n%s", argv[1], usage);
		return EXIT_USAGE;
	}
	cli_tune_memory();
	telsvc_ctx *ctx;
	if (telsvc_ctx_new(&ctx, NULL))
		return cli_fail("context", 1);
	int rc = commands[i].run(ctx, argc - 2, argv + 2);
	telsvc_ctx_free(ctx);
	return rc;
}
