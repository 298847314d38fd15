/* What the telsvc subcommands share: reporting a failure, loading a policy. */
#include "cli.h"

#include <errno.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_fail(const char *what, int rc)
{
	fprintf(stderr, "telsvc: %s: %s\n", what, rc ? telsvc_error_last() : "");
	return EXIT_FAILURE;
}

/* The host side of the library's memory-only policy API. */
int cli_read_file(const char *path, char **data, size_t *size)
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

int cli_load_policy(telsvc_ctx *ctx, const char *path, telsvc_policy **out)
{
	if (!path)
		return telsvc_policy_default(out, ctx) ? cli_fail("default policy", 1) : 0;
	char *data;
	size_t size;
	if (cli_read_file(path, &data, &size))
		return EXIT_FAILURE;
	int rc = telsvc_policy_load(out, ctx, data, size);
	free(data);
	if (rc) {
		fprintf(stderr, "telsvc: %s: %s\n", path, telsvc_error_last());
		return EXIT_FAILURE;
	}
	return 0;
}

char *cli_memdup(const void *data, size_t size)
{
	char *out = malloc(size + 1);
	if (out) {
		if (size)
			memcpy(out, data, size);
		out[size] = 0;
	}
	return out;
}

bool cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

void cli_tune_memory(void)
{
#if defined(__GLIBC__)
	mallopt(M_TOP_PAD, 32 << 20); /* fewer brk calls while cases accumulate */
#endif
}

int cli_parse(int argc, char **argv, const char *cmd, const char *help, const cli_opt *opts, const char **pos,
	      int min, int max, int *n)
{
	*n = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (cli_is_help(a)) {
			fputs(help, stdout);
			return CLI_HELP;
		}
		if (a[0] != '-' || !a[1]) {
			if (*n == max) {
				fprintf(stderr, "telsvc: %s: unexpected '%s'\n\n%s", cmd, a, help);
				return EXIT_USAGE;
			}
			pos[(*n)++] = a;
			continue;
		}
		const cli_opt *o = opts;
		while (o && o->name && strcmp(a, o->name) != 0)
			o++;
		if (!o || !o->name || (!o->flag && i + 1 == argc)) {
			fprintf(stderr, "telsvc: %s: %s '%s'\n\n%s", cmd,
				o && o->name ? "a value is needed after" : "unknown option", a, help);
			return EXIT_USAGE;
		}
		if (o->flag)
			*o->flag = true;
		else
			*o->value = argv[++i];
	}
	if (*n < min) {
		fprintf(stderr, "telsvc: %s: %s\n\n%s", cmd, *n ? "too few arguments" : "arguments are missing", help);
		return EXIT_USAGE;
	}
	return 0;
}

void cli_hex(char *out, const unsigned char *in, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = 0;
}

static int nibble(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int cli_unhex(unsigned char *out, size_t cap, const char *s, size_t *n)
{
	size_t len = strlen(s);
	if (len % 2 || len / 2 > cap)
		return -1;
	for (size_t i = 0; i < len / 2; i++) {
		int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	*n = len / 2;
	return 0;
}

const char *cli_anchor_format(char out[CLI_ANCHOR_SIZE], const telsvc_audit_anchor *a)
{
	int n = snprintf(out, CLI_ANCHOR_SIZE, "%llu:", (unsigned long long)a->seq);
	cli_hex(out + n, a->mac, TELSVC_AUDIT_MAC_SIZE);
	return out;
}

int cli_anchor_parse(telsvc_audit_anchor *a, const char *s)
{
	char *end;
	size_t n;
	unsigned long long seq = strtoull(s, &end, 10);
	if (end == s || *s == '-' || *end != ':' || cli_unhex(a->mac, sizeof(a->mac), end + 1, &n) ||
	    n != TELSVC_AUDIT_MAC_SIZE)
		return -1;
	a->seq = seq;
	return 0;
}
