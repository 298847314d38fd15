/* The policy loader on any bytes: a document loads, or is refused with
 * TELSVC_EPOLICY or TELSVC_EVERSION, a message and no policy. A document
 * that loads dumps to one that loads to an equal policy, and that one
 * dumps to the same bytes (docs/policy.md, "The dump"). */
#include "fuzz.h"

#include <string.h>

static telsvc_buf *dump(telsvc_ctx *ctx, const telsvc_policy *p)
{
	telsvc_buf *buf = NULL;
	FUZZ_CHECK(telsvc_buf_new(&buf, ctx) == TELSVC_OK);
	FUZZ_CHECK(telsvc_policy_dump(buf, p) == TELSVC_OK);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t now = FUZZ_T0;
	telsvc_ctx *ctx = fuzz_ctx(&now);
	telsvc_policy *p = (telsvc_policy *)&now; /* must come back NULL on failure */
	int rc = telsvc_policy_load(&p, ctx, (const char *)data, size);
	if (rc != TELSVC_OK) {
		FUZZ_CHECK(rc == TELSVC_EPOLICY || rc == TELSVC_EVERSION);
		FUZZ_CHECK(p == NULL);
		FUZZ_CHECK(telsvc_error_last()[0] != '\0');
		telsvc_ctx_free(ctx);
		return 0;
	}
	telsvc_buf *first = dump(ctx, p);
	telsvc_policy *again = NULL;
	rc = telsvc_policy_load(&again, ctx, telsvc_buf_data(first), telsvc_buf_size(first));
	if (rc != TELSVC_OK)
		fprintf(stderr, "the dump does not load:\n%s\n", telsvc_buf_data(first));
	FUZZ_CHECK(rc == TELSVC_OK);
	FUZZ_CHECK(telsvc_policy_equal(p, again) == 1);
	telsvc_buf *second = dump(ctx, again);
	FUZZ_CHECK(telsvc_buf_size(first) == telsvc_buf_size(second));
	FUZZ_CHECK(memcmp(telsvc_buf_data(first), telsvc_buf_data(second), telsvc_buf_size(first)) == 0);
	telsvc_buf_free(second);
	telsvc_buf_free(first);
	telsvc_policy_free(again);
	telsvc_policy_free(p);
	telsvc_ctx_free(ctx);
	return 0;
}
