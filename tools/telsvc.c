/* The telsvc command: the library's operations from the shell.
 *
 *   telsvc policy show [FILE]   print the effective policy (the handbook
 *                               defaults, or FILE's overrides applied)
 *   telsvc policy check FILE    validate a policy file
 *   telsvc version              print the library version
 */
#include <telsvc/telsvc.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_USAGE = 2 };

static const char usage[] =
	"usage: telsvc <command> [args]\n"
	"\n"
	"commands:\n"
	"  policy show [FILE]   print the effective policy: the handbook defaults,\n"
	"                       with FILE's overrides applied if given\n"
	"  policy check FILE    validate a policy file; report the first error\n"
	"  version              print the library version\n"
	"\n"
	"Exit status: 0 success, 1 the operation failed, 2 usage error.\n";

static int fail(const char *what, int rc)
{
	fprintf(stderr, "telsvc: %s: %s\n", what, rc ? telsvc_error_last() : "");
	return EXIT_FAILURE;
}

/* Read a whole file: the host side of the library's memory-only policy API. */
static int read_file(const char *path, char **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "telsvc: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		char *bigger = cap < ((size_t)64 << 20) ? realloc(buf, cap *= 2) : NULL;
		if (!bigger) {
			free(buf);
			buf = NULL;
		} else {
			buf = bigger;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (!buf || err) {
		fprintf(stderr, "telsvc: %s: %s\n", path, buf ? "read error" : "file too large");
		free(buf);
		return -1;
	}
	*data = buf;
	*size = len;
	return 0;
}

static int load_policy(telsvc_ctx *ctx, const char *path, telsvc_policy **out)
{
	if (!path)
		return telsvc_policy_default(out, ctx) ? fail("default policy", 1) : 0;
	char *data;
	size_t size;
	if (read_file(path, &data, &size))
		return EXIT_FAILURE;
	int rc = telsvc_policy_load(out, ctx, data, size);
	free(data);
	if (rc) {
		fprintf(stderr, "telsvc: %s: %s\n", path, telsvc_error_last());
		return EXIT_FAILURE;
	}
	return 0;
}

static int cmd_policy(telsvc_ctx *ctx, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "--help") == 0) {
		fputs("usage: telsvc policy show [FILE]\n       telsvc policy check FILE\n", argc < 1 ? stderr : stdout);
		return argc < 1 ? EXIT_USAGE : 0;
	}
	int show = strcmp(argv[0], "show") == 0;
	if ((!show && strcmp(argv[0], "check") != 0) || argc > 2 || (!show && argc != 2)) {
		fprintf(stderr, "telsvc: policy: expected 'show [FILE]' or 'check FILE'\n");
		return EXIT_USAGE;
	}
	telsvc_policy *policy = NULL;
	int rc = load_policy(ctx, argc == 2 ? argv[1] : NULL, &policy);
	if (rc)
		return rc;
	if (show) {
		telsvc_buf *buf = NULL;
		if (telsvc_buf_new(&buf, ctx) || telsvc_policy_dump(buf, policy))
			rc = fail("policy show", 1);
		else
			fwrite(telsvc_buf_data(buf), 1, telsvc_buf_size(buf), stdout);
		telsvc_buf_free(buf);
	} else {
		printf("%s: ok (policy '%s')\n", argv[1], telsvc_policy_name(policy));
	}
	telsvc_policy_free(policy);
	return rc;
}

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
	if (strcmp(argv[1], "policy") != 0) {
		fprintf(stderr, "telsvc: unknown command '%s'\n\n%s", argv[1], usage);
		return EXIT_USAGE;
	}
	telsvc_ctx *ctx;
	if (telsvc_ctx_new(&ctx, NULL))
		return fail("context", 1);
	int rc = cmd_policy(ctx, argc - 2, argv + 2);
	telsvc_ctx_free(ctx);
	return rc;
}
