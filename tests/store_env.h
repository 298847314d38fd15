/* The environment the object tests share: a library context with the
 * default policy, storing through the fault store around a memory store;
 * the policy and the store live in a host context, as in a real host,
 * and outlive the library context. */
#ifndef TS_TEST_STORE_ENV_H
#define TS_TEST_STORE_ENV_H

#include "helpers.h"

#include "fault_store.h"

typedef struct env {
	telsvc_ctx *ctx;
	telsvc_ctx *store_ctx;
	telsvc_policy *policy;
	telsvc_memstore *mem;
	fault_store fs;
	telsvc_storage st;
} env;

static inline int setup(void **state)
{
	env *e = calloc(1, sizeof(*e));
	e->ctx = test_ctx();
	e->store_ctx = test_ctx();
	assert_int_equal(telsvc_policy_default(&e->policy, e->store_ctx), TELSVC_OK);
	assert_int_equal(telsvc_memstore_new(&e->mem, e->store_ctx), TELSVC_OK);
	telsvc_storage inner;
	telsvc_memstore_storage(&inner, e->mem);
	fault_store_init(&e->fs, &inner, &e->st);
	assert_int_equal(telsvc_ctx_set_policy(e->ctx, e->policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(e->ctx, &e->st), TELSVC_OK);
	*state = e;
	return 0;
}

static inline int teardown(void **state)
{
	env *e = *state;
	telsvc_ctx_free(e->ctx); /* frees the objects it holds */
	telsvc_memstore_free(e->mem);
	telsvc_policy_free(e->policy);
	telsvc_ctx_free(e->store_ctx);
	free(e);
	return 0;
}

/* A second context on the same policy and store, loaded from it. */
static inline telsvc_ctx *reloaded_ctx(const env *e)
{
	telsvc_ctx *ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, e->policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, &e->st), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_OK);
	return ctx;
}

#endif
