/* The telsvc command's parts (tools/): one file a subcommand, and these
 * helpers they share. */
#ifndef TELSVC_CLI_H
#define TELSVC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <telsvc/telsvc.h>

/* Exit statuses: 0 success, 1 the operation failed, 2 usage error, 3
 * done, but some input was refused (ingest) or found wrong (audit verify). */
enum { EXIT_USAGE = 2, EXIT_REFUSED = 3 };

/* Events an ingest commits in one transaction unless told otherwise: a
 * batch spans days of a branch's work, so that a case's several events
 * in it rewrite its record once (docs/cli.md). */
enum { CLI_BATCH = 20000 };

/* Print "telsvc: WHAT: <the library's last error>" to stderr; EXIT_FAILURE. */
int cli_fail(const char *what, int rc);

/* Read a whole file (at most 64 MiB); 0, or -1 after saying why on stderr. */
int cli_read_file(const char *path, char **data, size_t *size);

/* The policy in PATH, or the embedded default when PATH is NULL; 0, or
 * an exit status after saying why on stderr. */
int cli_load_policy(telsvc_ctx *ctx, const char *path, telsvc_policy **out);

/* @size bytes of @data malloc'ed with a NUL after them; NULL out of memory. */
char *cli_memdup(const void *data, size_t size);

/* Let the heap grow in large steps: an ingest grows it all the way. */
void cli_tune_memory(void);

/* Is @arg "--help" or "-h"? */
bool cli_is_help(const char *arg);

/* An option: "--name VALUE" sets *value; with @flag, "--name" sets *flag. */
typedef struct cli_opt {
	const char *name;
	const char **value;
	bool *flag;
} cli_opt;

/* What cli_parse() found besides success. */
enum { CLI_HELP = -1 };

/* Parse the arguments of subcommand @cmd: the options @opts (ended by
 * one with a NULL name) and @min to @max positional arguments into @pos,
 * how many in *@n ("-" is positional). 0 to go on; CLI_HELP after
 * printing @help to standard output; EXIT_USAGE after saying what is
 * wrong on standard error. */
int cli_parse(int argc, char **argv, const char *cmd, const char *help, const cli_opt *opts, const char **pos,
	      int min, int max, int *n);

/* Times: "2025-09-30T17:00:00+08:00", "...Z", or "2025-09-30 17:00[:00]"
 * and "2025-09-30" in @cal's zone; 0, or -1 when @s is none of these. */
int cli_parse_time(int64_t *out, const char *s, const telsvc_calendar *cal);

enum { CLI_TIME_SIZE = 32 };

/* @t as RFC 3339 with @cal's offset at that instant, or "never". */
const char *cli_format_time(char buf[CLI_TIME_SIZE], const telsvc_calendar *cal, int64_t t);

/* @n bytes as 2n lowercase hex digits and a NUL. */
void cli_hex(char *out, const unsigned char *in, size_t n);

/* Hex digits (an even number, at most 2 @cap) into bytes; 0, or -1. */
int cli_unhex(unsigned char *out, size_t cap, const char *s, size_t *n);

/* An audit anchor as "SEQ:HEX", the form the command prints and reads. */
enum { CLI_ANCHOR_SIZE = 21 + 1 + 2 * TELSVC_AUDIT_MAC_SIZE + 1 };
const char *cli_anchor_format(char out[CLI_ANCHOR_SIZE], const telsvc_audit_anchor *a);
int cli_anchor_parse(telsvc_audit_anchor *a, const char *s);

int cmd_policy(telsvc_ctx *ctx, int argc, char **argv);
int cmd_deadline(telsvc_ctx *ctx, int argc, char **argv);
int cmd_init(telsvc_ctx *ctx, int argc, char **argv);
int cmd_ingest(telsvc_ctx *ctx, int argc, char **argv);
int cmd_due(telsvc_ctx *ctx, int argc, char **argv);
int cmd_report(telsvc_ctx *ctx, int argc, char **argv);
int cmd_audit(telsvc_ctx *ctx, int argc, char **argv);
int cmd_show(telsvc_ctx *ctx, int argc, char **argv);

#endif
