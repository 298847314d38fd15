/* The telsvc command's parts (tools/): one file a subcommand, and these
 * helpers they share. */
#ifndef TELSVC_CLI_H
#define TELSVC_CLI_H

#include <telsvc/telsvc.h>

/* Exit statuses: 0 success, 1 the operation failed, 2 usage error. */
enum { EXIT_USAGE = 2 };

/* Print "telsvc: WHAT: <the library's last error>" to stderr; EXIT_FAILURE. */
int cli_fail(const char *what, int rc);

/* The policy in PATH, or the embedded default when PATH is NULL; 0, or
 * an exit status after saying why on stderr. */
int cli_load_policy(telsvc_ctx *ctx, const char *path, telsvc_policy **out);

int cmd_policy(telsvc_ctx *ctx, int argc, char **argv);
int cmd_deadline(telsvc_ctx *ctx, int argc, char **argv);

#endif
