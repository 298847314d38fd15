/* A program built against the *installed* library, as a host would. */
#include <telsvc/telsvc.h>

#include <stdio.h>

int main(void)
{
	if (telsvc_version() / 1000000 != TELSVC_VERSION_MAJOR) {
		fprintf(stderr, "linked library %s has another major version than the headers (%s)\n",
			telsvc_version_string(), TELSVC_VERSION_STRING);
		return 1;
	}
	telsvc_ctx *ctx;
	telsvc_policy *policy;
	if (telsvc_ctx_new(&ctx, NULL) != TELSVC_OK)
		return 1;
	const char doc[] = "requests: {limits: {emergency: {limit: 90min}}}\n";
	if (telsvc_policy_load(&policy, ctx, doc, sizeof(doc) - 1) != TELSVC_OK) {
		fprintf(stderr, "%s\n", telsvc_error_last());
		return 1;
	}
	telsvc_limit limit = TELSVC_LIMIT_INIT;
	int rc = telsvc_policy_limit(&limit, policy, TELSVC_PARAM_REQUEST_EMERGENCY);
	printf("telsvc %s: emergency limit %lld s\n", telsvc_version_string(), (long long)limit.amount);
	telsvc_policy_free(policy);
	telsvc_ctx_free(ctx);
	return rc == TELSVC_OK && limit.amount == 5400 ? 0 : 1;
}
