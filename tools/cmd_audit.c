/* telsvc audit verify|replay|head TARGET: check the tamper-evident log
 * (docs/audit.md). */
#include "cli_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc audit verify TARGET [--anchor SEQ:HEX] [--key FILE]\n"
	"       telsvc audit replay TARGET\n"
	"       telsvc audit head TARGET\n"
	"\n"
	"verify   check every record of TARGET's audit log: its seal, its place in\n"
	"         the chain, its epoch. Records removed from the end show only\n"
	"         against an anchor published earlier ('head', or the line\n"
	"         'telsvc ingest' prints); without one the verdict is\n"
	"         'unanchored'. The key is the 'verify' line of the key file:\n"
	"         best, with --key, a copy kept away from the database\n"
	"         (docs/cli.md). Exit status 3 when the log was tampered with.\n"
	"replay   rebuild every case from the log alone and compare it with\n"
	"         what TARGET stores. Exit status 3 when they differ.\n"
	"head     print the last record's anchor, SEQ:HEX, to publish.\n" CLI_TARGET_HELP;

static int verify(cli_db *db, const char *anchor_text)
{
	telsvc_audit_anchor anchor;
	if (anchor_text && cli_anchor_parse(&anchor, anchor_text)) {
		fprintf(stderr, "telsvc: audit: '%s' is not an anchor SEQ:HEX (64 hex digits)\n", anchor_text);
		return EXIT_USAGE;
	}
	unsigned char key[TELSVC_AUDIT_KEY_MAX];
	size_t size;
	if (cli_read_keys(db->key_path, key, &size, NULL, NULL, NULL))
		return EXIT_FAILURE;
	telsvc_audit_report r = { .version = TELSVC_AUDIT_REPORT_VERSION };
	int rc = telsvc_audit_verify(&r, db->ctx, key, size, anchor_text ? &anchor : NULL);
	memset(key, 0, sizeof(key));
	if (rc)
		return cli_fail("audit verify", rc);
	printf("%s: %llu records verified", telsvc_audit_verdict_name(r.verdict), (unsigned long long)r.records);
	if (r.anchored)
		printf(", anchored through %llu", (unsigned long long)r.anchored);
	if (r.purged)
		printf(", %llu purged bodies checked by digest", (unsigned long long)r.purged);
	if (r.first_bad)
		printf("; first bad record %llu", (unsigned long long)r.first_bad);
	printf("\n%s\n", r.detail);
	return r.verdict == TELSVC_AUDIT_OK || r.verdict == TELSVC_AUDIT_UNANCHORED ? 0 : EXIT_REFUSED;
}

static int replay(cli_db *db)
{
	telsvc_replay_report r = { .version = TELSVC_REPLAY_REPORT_VERSION };
	if (telsvc_audit_replay(&r, db->ctx))
		return cli_fail("audit replay", 1);
	printf("%llu records, %llu cases rebuilt: %llu match what is stored, %llu differ, %llu cannot be rebuilt\n",
	       (unsigned long long)r.records, (unsigned long long)r.objects, (unsigned long long)r.matched,
	       (unsigned long long)r.diverged, (unsigned long long)r.unreplayable);
	if (r.diverged)
		printf("first: %s: %s\n", r.first, r.detail);
	return r.diverged ? EXIT_REFUSED : 0;
}

static int head(cli_db *db)
{
	telsvc_audit_anchor a;
	/* the head is found by reading the log */
	if (telsvc_ctx_load(db->ctx) || telsvc_audit_head(&a, db->ctx))
		return cli_fail("audit head", 1);
	char text[CLI_ANCHOR_SIZE];
	printf("%s\n", cli_anchor_format(text, &a));
	return 0;
}

int cmd_audit(telsvc_ctx *ctx, int argc, char **argv)
{
	const char *pos[2] = { NULL, NULL }, *anchor = NULL;
	cli_target t = { .cmd = "audit" };
	const cli_opt opts[] = { { "--anchor", &anchor, NULL }, CLI_TARGET_OPTS(t), { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "audit", help, opts, pos, 2, 2, &n);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	const char *what = pos[0];
	t.where = pos[1];
	if (strcmp(what, "verify") && strcmp(what, "replay") && strcmp(what, "head")) {
		fprintf(stderr, "telsvc: audit: '%s' is not verify, replay or head\n\n%s", what, help);
		return EXIT_USAGE;
	}
	if (anchor && strcmp(what, "verify")) {
		fprintf(stderr, "telsvc: audit: --anchor is an option of verify\n");
		return EXIT_USAGE;
	}
	cli_db db;
	/* the log is only read: verify reads the key file's 'verify' line itself */
	bool verifying = strcmp(what, "verify") == 0;
	rc = cli_db_open(&db, ctx, &t, CLI_DB_NO_KEY | (verifying ? CLI_DB_KEY_NAMED : 0));
	if (rc == 0)
		rc = verifying ? verify(&db, anchor) : strcmp(what, "head") == 0 ? head(&db) : replay(&db);
	cli_db_close(&db);
	return rc;
}
