/* What the storage-failure and crash sweeps (test_faults.c, test_crash.c)
 * share: the people, the audit key, a context on a store, and the request
 * they put through its lifecycle. */
#ifndef TS_TEST_SWEEP_H
#define TS_TEST_SWEEP_H

#include "helpers.h"

#define T0 1759222800 /* 2025-09-30 17:00 +08:00 */
#define MIN 60

static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" },
			  customer = { "cust-881", "customer" };
static const unsigned char key[32] = "thirty-two bytes of a test key!";

/* A context with @policy on @st, sealing its log with a short epoch so
 * that the sweeps cross epochs and checkpoints. */
static inline telsvc_ctx *sweep_open(const telsvc_policy *policy, const telsvc_storage *st)
{
	telsvc_ctx *ctx = test_ctx();
	assert_int_equal(telsvc_ctx_set_policy(ctx, policy), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_storage(ctx, st), TELSVC_OK);
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = key, ao.key_size = sizeof(key), ao.epoch_records = 8, ao.checkpoint_records = 5;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &ao), TELSVC_OK);
	return ctx;
}

/* The @i-th request of a sweep, received @i minutes after T0. */
static inline int sweep_create(telsvc_request **out, telsvc_ctx *ctx, int i)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "138";
	in.content = "no signal", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "voice";
	in.received_at = T0 + i * MIN;
	return telsvc_request_create(out, ctx, &in, &agent);
}

/* The note an action of the lifecycle carries (§5.1, §5.3), or NULL. */
static inline const char *sweep_note(int action)
{
	static const char *const notes[] = { [TELSVC_ACTION_WRITE_REPORT] = "needs analysis; proposal; assignment",
					     [TELSVC_ACTION_ACCEPT] = "tests passed; signed",
					     [TELSVC_ACTION_REJECT] = "the line still drops" };
	return action >= 0 && action < (int)(sizeof(notes) / sizeof(notes[0])) ? notes[action] : NULL;
}

#endif
