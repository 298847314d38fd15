/* telsvc policy show [FILE], telsvc policy check FILE. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_policy(telsvc_ctx *ctx, int argc, char **argv)
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
	int rc = cli_load_policy(ctx, argc == 2 ? argv[1] : NULL, &policy);
	if (rc)
		return rc;
	if (show) {
		telsvc_buf *buf = NULL;
		if (telsvc_buf_new(&buf, ctx) || telsvc_policy_dump(buf, policy))
			rc = cli_fail("policy show", 1);
		else
			fwrite(telsvc_buf_data(buf), 1, telsvc_buf_size(buf), stdout);
		telsvc_buf_free(buf);
	} else {
		printf("%s: ok (policy '%s')\n", argv[1], telsvc_policy_name(policy));
	}
	telsvc_policy_free(policy);
	return rc;
}

