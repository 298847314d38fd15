/* The audit log: sealing, key epochs and checkpoints as the library
 * writes them, and the tamper matrix of TESTING.md §4: logs of 1, 2, 3,
 * 17, 64 and 1000 records, every class of mutation at every record (of
 * the log of 1000: the first and last 16 and every fifth), bit flips
 * sampled, each detected at the right first bad record, and no false
 * alarm on an intact log. The table of mutated and detected is printed. */
#include "helpers.h"

#include "audit.h"
#include "object.h"
#include "record.h"

#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

static const unsigned char key_a[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char key_b[32] = "fedcba9876543210fedcba9876543210";

static const telsvc_actor agent = { "a.li", "agent" }, pre = { "b.wang", "preprocessor" },
			  owner = { "c.zhao", "service_owner" }, qm = { "d.chen", "quality_monitor" };

/* ---- a log held as an array, served by audit_iterate ---- */

typedef struct item {
	uint64_t stored; /* the sequence number it is stored under */
	uint8_t *bytes;
	size_t size;
	bool owned; /* else the bytes are another log's */
} item;

typedef struct log {
	item *items;
	size_t count;
} log_t;

static int log_iterate(void *payload, uint64_t from, telsvc_audit_visit_fn visit, void *vp)
{
	const log_t *l = payload;
	for (size_t i = 0; i < l->count; i++) {
		if (l->items[i].stored < from)
			continue;
		int rc = visit(l->items[i].stored, l->items[i].bytes, l->items[i].size, vp);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

static int refuse(void *p)
{
	(void)p;
	return TELSVC_ESTORAGE;
}
static int refuse_put(void *p, int k, const char *id, uint64_t e, const void *d, size_t s)
{
	(void)p, (void)k, (void)id, (void)e, (void)d, (void)s;
	return TELSVC_ESTORAGE;
}
static int refuse_get(void *p, int k, const char *id, uint64_t *r, telsvc_buf *b)
{
	(void)p, (void)k, (void)id, (void)r, (void)b;
	return TELSVC_ESTORAGE;
}
static int refuse_iterate(void *p, int k, telsvc_storage_visit_fn v, void *vp)
{
	(void)p, (void)k, (void)v, (void)vp;
	return TELSVC_ESTORAGE;
}
static int refuse_append(void *p, uint64_t s, const void *d, size_t n)
{
	(void)p, (void)s, (void)d, (void)n;
	return TELSVC_ESTORAGE;
}
static int refuse_audit_iterate(void *p, uint64_t from, telsvc_audit_visit_fn v, void *vp)
{
	(void)p, (void)from, (void)v, (void)vp;
	return TELSVC_ESTORAGE;
}

static void log_free(log_t *l)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].owned)
			free(l->items[i].bytes);
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

static item copy_item(uint64_t stored, const void *bytes, size_t size)
{
	item it = { stored, malloc(size), size, true };
	memcpy(it.bytes, bytes, size);
	return it;
}

/* The first @n records of @src, sharing its bytes until one is changed
 * (mine()), so that a mutation costs no more than what it changes. */
static log_t log_prefix(const log_t *src, size_t n)
{
	log_t l = { calloc(n + 2, sizeof(item)), n };
	for (size_t i = 0; i < n; i++)
		l.items[i] = (item){ src->items[i].stored, src->items[i].bytes, src->items[i].size, false };
	return l;
}

/* Record @i of @l with bytes of its own, to change. */
static item *mine(log_t *l, size_t i)
{
	item *it = &l->items[i];
	if (!it->owned)
		*it = copy_item(it->stored, it->bytes, it->size);
	return it;
}

static int capture(uint64_t seq, const void *data, size_t size, void *payload)
{
	log_t *l = payload;
	l->items = realloc(l->items, (l->count + 1) * sizeof(item));
	l->items[l->count++] = copy_item(seq, data, size);
	return TELSVC_OK;
}

/* ---- writing a real log through the library ---- */

typedef struct env {
	telsvc_ctx *host, *ctx;
	telsvc_policy *policy;
	telsvc_memstore *mem;
	telsvc_storage st;
	int evolutions;
	uint64_t last_epoch;
} env;

static void on_evolved(void *payload, const unsigned char *key, size_t size, uint64_t epoch)
{
	env *e = payload;
	assert_int_equal(size, 32);
	assert_non_null(key);
	e->evolutions++;
	e->last_epoch = epoch;
}

static void env_open(env *e, const unsigned char *key, uint64_t epoch_records, uint64_t checkpoint_records)
{
	memset(e, 0, sizeof(*e));
	e->host = test_ctx();
	e->ctx = test_ctx();
	assert_int_equal(telsvc_policy_default(&e->policy, e->host), TELSVC_OK);
	assert_int_equal(telsvc_memstore_new(&e->mem, e->host), TELSVC_OK);
	telsvc_memstore_storage(&e->st, e->mem);
	telsvc_ctx_set_policy(e->ctx, e->policy);
	telsvc_ctx_set_storage(e->ctx, &e->st);
	if (key) {
		telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
		o.key = key, o.key_size = 32, o.epoch_records = epoch_records, o.checkpoint_records = checkpoint_records;
		o.key_evolved = on_evolved, o.payload = e;
		assert_int_equal(telsvc_ctx_set_audit_key(e->ctx, &o), TELSVC_OK);
	}
}

static void env_close(env *e)
{
	telsvc_ctx_free(e->ctx);
	telsvc_memstore_free(e->mem);
	telsvc_policy_free(e->policy);
	telsvc_ctx_free(e->host);
}

/* A request received at @t. */
static int intake(telsvc_ctx *ctx, int64_t t, telsvc_request **req)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "+86 138 0000 0000";
	in.content = "no signal since this morning", in.content_type = TELSVC_CONTENT_NETWORK;
	in.service_type = "broadband", in.received_at = t;
	return telsvc_request_create(req, ctx, &in, &agent);
}

/* Requests through their first steps until the log holds @records. */
static void write_log(env *e, uint64_t records)
{
	int64_t t = T0;
	while (telsvc_memstore_audit_count(e->mem) < records) {
		telsvc_request *req;
		assert_int_equal(intake(e->ctx, t, &req), TELSVC_OK);
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PREPROCESS, &pre, ++t, 0), TELSVC_OK);
		assert_int_equal(telsvc_request_apply_note(req, TELSVC_ACTION_WRITE_REPORT, &pre, ++t, 0, "analysis"),
				 TELSVC_OK);
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_SIGN_REPORT, &pre, ++t, 0), TELSVC_OK);
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_SIGN_REPORT, &owner, ++t, 0), TELSVC_OK);
		assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_SIGN_REPORT, &qm, ++t, 0), TELSVC_OK);
		assert_int_equal(telsvc_request_release(req), TELSVC_OK);
	}
}

static log_t read_log(env *e)
{
	log_t l = { 0 };
	assert_int_equal(e->st.audit_iterate(e->st.payload, 1, capture, &l), TELSVC_OK);
	return l;
}

/* ---- verifying an array ---- */

static int no_objects(void *p, int k, telsvc_storage_visit_fn v, void *vp)
{
	(void)p, (void)k, (void)v, (void)vp;
	return TELSVC_OK;
}

/* A store of no objects that refuses writes, whose log @audit_iterate
 * serves from @l (or refuses), as @ctx's storage. */
static telsvc_ctx *on_log(telsvc_ctx *ctx, log_t *l,
			  int (*audit_iterate)(void *, uint64_t, telsvc_audit_visit_fn, void *))
{
	telsvc_storage st = { .version = TELSVC_STORAGE_VERSION, .payload = l, .begin = refuse, .commit = refuse,
			      .rollback = refuse, .put = refuse_put, .get = refuse_get, .iterate = no_objects,
			      .audit_append = refuse_append, .audit_iterate = audit_iterate };
	assert_int_equal(telsvc_ctx_set_storage(ctx, &st), TELSVC_OK);
	return ctx;
}

static telsvc_ctx *verifier_ctx(log_t *l)
{
	return on_log(test_ctx(), l, log_iterate);
}

static telsvc_audit_report verify(log_t *l, const unsigned char *key, const telsvc_audit_anchor *anchor)
{
	telsvc_ctx *ctx = verifier_ctx(l);
	telsvc_audit_report r = { .version = TELSVC_AUDIT_REPORT_VERSION };
	if (telsvc_audit_verify(&r, ctx, key, 32, anchor) != TELSVC_OK)
		fail_msg("verify: %s", telsvc_error_last());
	telsvc_ctx_free(ctx);
	return r;
}

static telsvc_audit_anchor anchor_of(const log_t *l, size_t n)
{
	ts_audit_view v;
	telsvc_audit_anchor a = { .seq = n };
	assert_int_equal(ts_audit_parse(l->items[n - 1].bytes, l->items[n - 1].size, n, &v), TELSVC_OK);
	memcpy(a.mac, v.mac, sizeof(a.mac));
	return a;
}

/* The log in @e's store verifies through the head its context reports. */
static void expect_verifies(env *e)
{
	log_t l = read_log(e);
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, e->ctx), TELSVC_OK);
	telsvc_audit_report r = verify(&l, key_a, &head);
	if (r.verdict != TELSVC_AUDIT_OK)
		fail_msg("verify: %s at %llu: %s", telsvc_audit_verdict_name(r.verdict), (unsigned long long)r.first_bad,
			 r.detail);
	log_free(&l);
}

/* ---- the library writes what docs/audit.md says ---- */

static void sealed_log_structure(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 5);
	write_log(&e, 40);
	log_t l = read_log(&e);
	assert_true(l.count >= 40);
	ts_audit_view v;
	uint8_t prev[32] = { 0 };
	ts_audit_key k;
	ts_audit_key_set(&k, key_a, 32, 0);
	for (size_t i = 0; i < l.count; i++) {
		uint64_t seq = i + 1;
		assert_int_equal(ts_audit_parse(l.items[i].bytes, l.items[i].size, seq, &v), TELSVC_OK);
		assert_int_equal(v.seq, seq);
		assert_int_equal(v.epoch, (seq - 1) / 4);
		while (k.epoch < v.epoch)
			ts_audit_key_evolve(&k);
		uint8_t mac[32];
		ts_audit_seal(&k, prev, v.header, v.header_size, mac);
		assert_memory_equal(mac, v.mac, 32);
		memcpy(prev, v.mac, 32);
		uint8_t digest[32];
		ts_sha256_of(v.body, v.body_size, digest);
		assert_memory_equal(digest, v.body_digest, 32);
		if (seq == 1) {
			assert_int_equal(v.action, TS_AUDIT_GENESIS);
			assert_int_equal(v.sealed, 1);
			assert_int_equal(v.epoch_records, 4);
			assert_int_equal(v.checkpoint_records, 5);
		} else if (seq % 5 == 1) { /* a checkpoint follows every fifth record */
			assert_int_equal(v.kind, 0);
			assert_int_equal(v.action, TS_AUDIT_CHECKPOINT);
			assert_int_equal(v.head_seq, seq - 1);
		} else {
			assert_int_equal(v.kind, TELSVC_KIND_REQUEST);
		}
	}
	/* the host was told of every evolved key, after its commit */
	assert_int_equal(e.last_epoch, (l.count - 1) / 4);
	assert_int_equal(e.evolutions, (int)e.last_epoch);
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, e.ctx), TELSVC_OK);
	assert_int_equal(head.seq, l.count);
	assert_memory_equal(head.mac, prev, 32);
	telsvc_audit_report r = verify(&l, key_a, &head);
	assert_int_equal(r.verdict, TELSVC_AUDIT_OK);
	assert_int_equal(r.records, l.count);
	r = verify(&l, key_b, &head); /* another key: the first record fails */
	assert_int_equal(r.verdict, TELSVC_AUDIT_MODIFIED);
	assert_int_equal(r.first_bad, 1);
	log_free(&l);
	env_close(&e);
}

/* A context carries on the chain after loading, with an older key. */
static void reload_continues_chain(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 5);
	write_log(&e, 20);
	telsvc_ctx *ctx2 = test_ctx();
	telsvc_ctx_set_policy(ctx2, e.policy);
	telsvc_ctx_set_storage(ctx2, &e.st);
	assert_int_equal(telsvc_ctx_load(ctx2), TELSVC_OK);
	telsvc_request *req;
	assert_int_equal(telsvc_request_find(&req, ctx2, "SR-20250930-000001"), TELSVC_OK);
	/* sealed log, no key: refused, nothing stored */
	uint64_t before = telsvc_memstore_audit_count(e.mem);
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_START, &agent, T0 + 100, 0), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "set its key"));
	assert_int_equal(telsvc_memstore_audit_count(e.mem), before);
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 32; /* epoch 0: evolved forward as needed */
	assert_int_equal(telsvc_ctx_set_audit_key(ctx2, &o), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_START, &agent, T0 + 100, 0), TELSVC_OK);
	log_t l = read_log(&e);
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, ctx2), TELSVC_OK);
	telsvc_audit_report r = verify(&l, key_a, &head);
	assert_int_equal(r.verdict, TELSVC_AUDIT_OK);
	/* a key of a later epoch than the log's next record cannot seal it */
	o.epoch = 1000;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx2, &o), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PROGRESS, &agent, T0 + 101, 0), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "only evolve forward"));
	log_free(&l);
	telsvc_ctx_free(ctx2);
	env_close(&e);
}

/* A context that never loads reads the log's head before its first
 * write, in a host transaction too, and continues the chain. */
static void unloaded_context_continues_chain(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 5);
	write_log(&e, 12);
	telsvc_ctx *ctx2 = test_ctx();
	telsvc_ctx_set_policy(ctx2, e.policy);
	telsvc_ctx_set_storage(ctx2, &e.st);
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 32;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx2, &o), TELSVC_OK);
	telsvc_request *req;
	assert_int_equal(telsvc_request_find(&req, ctx2, "SR-20250930-000001"), TELSVC_OK);
	uint64_t before = telsvc_memstore_audit_count(e.mem);
	assert_int_equal(telsvc_txn_begin(ctx2), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_START, &agent, T0 + 100, 0), TELSVC_OK);
	assert_int_equal(telsvc_txn_commit(ctx2), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_PROGRESS, &agent, T0 + 101, 0), TELSVC_OK);
	assert_int_equal(telsvc_memstore_audit_count(e.mem), before + 2);
	/* reading the log taught it the numbers taken: its first new request
	 * follows them, with no conflict to learn it from */
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Li Si", in.contact = "139";
	in.content = "slow line", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "broadband";
	in.received_at = T0 + 102;
	telsvc_request *fresh;
	assert_int_equal(telsvc_request_create(&fresh, ctx2, &in, &agent), TELSVC_OK);
	assert_string_equal(telsvc_request_number(fresh), "SR-20250930-000003");
	log_t l = read_log(&e);
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, ctx2), TELSVC_OK);
	assert_int_equal(head.seq, before + 3);
	telsvc_audit_report r = verify(&l, key_a, &head);
	assert_int_equal(r.verdict, TELSVC_AUDIT_OK);
	log_free(&l);
	telsvc_ctx_free(ctx2);
	env_close(&e);
}

/* Two contexts on one store: each one's first write after the other's
 * conflicts (its log head and numbering are stale), and retrying the same
 * call succeeds without reloading; the log stays one verified chain. */
static void two_contexts_retry_after_conflict(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 5);
	telsvc_ctx *b = test_ctx();
	telsvc_ctx_set_policy(b, e.policy);
	telsvc_ctx_set_storage(b, &e.st);
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 32, o.epoch_records = 4, o.checkpoint_records = 5;
	assert_int_equal(telsvc_ctx_set_audit_key(b, &o), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(b), TELSVC_OK);
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.requester = "Zhang San", in.contact = "+86 138 0000 0000";
	in.content = "no signal", in.content_type = TELSVC_CONTENT_NETWORK, in.service_type = "broadband";
	in.received_at = T0;
	telsvc_request *ra, *rb;
	assert_int_equal(telsvc_request_create(&ra, e.ctx, &in, &agent), TELSVC_OK);
	/* b numbers its request as a's: refused, then the next number */
	assert_int_equal(telsvc_request_create(&rb, b, &in, &agent), TELSVC_ECONFLICT);
	assert_int_equal(telsvc_request_create(&rb, b, &in, &agent), TELSVC_OK);
	assert_string_not_equal(telsvc_request_number(ra), telsvc_request_number(rb));
	/* a's log head is behind b's record */
	assert_int_equal(telsvc_request_apply(ra, TELSVC_ACTION_PREPROCESS, &pre, T0 + 1, 0), TELSVC_ECONFLICT);
	assert_int_equal(telsvc_request_state_of(ra), TELSVC_REQUEST_RECEIVED);
	assert_int_equal(telsvc_request_apply(ra, TELSVC_ACTION_PREPROCESS, &pre, T0 + 1, 0), TELSVC_OK);
	/* and b's behind a's, in a host transaction too */
	assert_int_equal(telsvc_txn_begin(b), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(rb, TELSVC_ACTION_PREPROCESS, &pre, T0 + 2, 0), TELSVC_ECONFLICT);
	assert_int_equal(telsvc_txn_begin(b), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(rb, TELSVC_ACTION_PREPROCESS, &pre, T0 + 2, 0), TELSVC_OK);
	assert_int_equal(telsvc_txn_commit(b), TELSVC_OK);
	log_t l = read_log(&e);
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, b), TELSVC_OK);
	assert_int_equal(head.seq, telsvc_memstore_audit_count(e.mem)); /* b wrote the last */
	telsvc_audit_report r = verify(&l, key_a, &head);
	assert_int_equal(r.verdict, TELSVC_AUDIT_OK);
	log_free(&l);
	telsvc_ctx_free(b);
	env_close(&e);
}

/* A storage failure during the append leaves neither the change nor its
 * record, and the key the transaction evolved is restored. */
static void failed_append_leaves_nothing(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 2, 1000);
	write_log(&e, 3);
	telsvc_request *req;
	assert_int_equal(telsvc_request_find(&req, e.ctx, "SR-20250930-000001"), TELSVC_OK);
	telsvc_storage failing = e.st;
	failing.audit_append = refuse_append;
	telsvc_ctx *ctx2 = test_ctx();
	telsvc_ctx_set_policy(ctx2, e.policy);
	telsvc_ctx_set_storage(ctx2, &failing);
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 32;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx2, &o), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(ctx2), TELSVC_OK);
	telsvc_request *r2;
	assert_int_equal(telsvc_request_find(&r2, ctx2, "SR-20250930-000001"), TELSVC_OK);
	uint64_t audit = telsvc_memstore_audit_count(e.mem), rev = telsvc_request_revision(r2);
	assert_int_equal(telsvc_request_apply(r2, TELSVC_ACTION_START, &agent, T0 + 100, 0), TELSVC_ESTORAGE);
	assert_int_equal(telsvc_memstore_audit_count(e.mem), audit);
	assert_int_equal(telsvc_request_revision(r2), rev);
	telsvc_ctx_free(ctx2);
	/* the first context goes on and the log verifies */
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_START, &agent, T0 + 100, 0), TELSVC_OK);
	expect_verifies(&e);
	env_close(&e);
}

static void unsealed_log(void **state)
{
	(void)state;
	env e;
	env_open(&e, NULL, 0, 0);
	write_log(&e, 3);
	log_t l = read_log(&e);
	telsvc_audit_report r = verify(&l, key_a, NULL);
	assert_int_equal(r.verdict, TELSVC_AUDIT_UNSEALED);
	assert_int_equal(r.first_bad, 1);
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, e.ctx), TELSVC_ENOTFOUND);
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 32;
	assert_int_equal(telsvc_ctx_set_audit_key(e.ctx, &o), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "begun without a key"));
	log_free(&l);
	env_close(&e);
}

static void argument_errors(void **state)
{
	(void)state;
	telsvc_ctx *ctx = test_ctx();
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 8;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &o), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "16 to 64 bytes"));
	o.key_size = 32, o.version = 7;
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, &o), TELSVC_EVERSION);
	assert_int_equal(telsvc_ctx_set_audit_key(ctx, NULL), TELSVC_EINVAL);
	telsvc_audit_report r = { .version = TELSVC_AUDIT_REPORT_VERSION };
	assert_int_equal(telsvc_audit_verify(&r, ctx, key_a, 32, NULL), TELSVC_EINVAL); /* no storage */
	r.version = 0;
	assert_int_equal(telsvc_audit_verify(&r, ctx, key_a, 32, NULL), TELSVC_EVERSION);
	assert_string_equal(telsvc_audit_verdict_name(TELSVC_AUDIT_WRONG_EPOCH), "wrong epoch");
	assert_null(telsvc_audit_verdict_name(99));
	assert_null(telsvc_audit_verdict_name(-1));
	o.version = TELSVC_AUDIT_OPTIONS_VERSION;
	test_expect_error(telsvc_ctx_set_audit_key(NULL, &o), TELSVC_EINVAL, "ctx is NULL");
	o.key = NULL;
	test_expect_error(telsvc_ctx_set_audit_key(ctx, &o), TELSVC_EINVAL, "16 to 64 bytes");
	telsvc_audit_anchor head;
	test_expect_error(telsvc_audit_head(NULL, ctx), TELSVC_EINVAL, "out is NULL");
	test_expect_error(telsvc_audit_head(&head, NULL), TELSVC_EINVAL, "ctx is NULL");
	r.version = TELSVC_AUDIT_REPORT_VERSION;
	test_expect_error(telsvc_audit_verify(NULL, ctx, key_a, 32, NULL), TELSVC_EINVAL, "report is NULL");
	test_expect_error(telsvc_audit_verify(&r, NULL, key_a, 32, NULL), TELSVC_EINVAL, "ctx is NULL");
	test_expect_error(telsvc_audit_verify(&r, ctx, NULL, 32, NULL), TELSVC_EINVAL, "key is NULL");
	test_expect_error(telsvc_audit_verify(&r, ctx, key_a, 15, NULL), TELSVC_EINVAL, "16 to 64 bytes");
	test_expect_error(telsvc_audit_verify(&r, ctx, key_a, 65, NULL), TELSVC_EINVAL, "16 to 64 bytes");
	telsvc_ctx_free(ctx);
	/* with storage: an anchor is numbered from 1; the storage's failure is named */
	log_t l = { 0 };
	ctx = verifier_ctx(&l);
	telsvc_audit_anchor zero = { .seq = 0 };
	test_expect_error(telsvc_audit_verify(&r, ctx, key_a, 32, &zero), TELSVC_EINVAL, "starts at 1");
	telsvc_ctx_free(ctx);
	ctx = on_log(test_ctx(), &l, refuse_audit_iterate);
	test_expect_error(telsvc_audit_verify(&r, ctx, key_a, 32, NULL), TELSVC_ESTORAGE,
			  "audit iterate of the audit log");
	telsvc_ctx_free(ctx);
}

/* A key set out of turn: inside a transaction; of a later epoch for a
 * new log; missing for a sealed log; given for a log begun without. */
static void keys_out_of_turn(void **state)
{
	(void)state;
	env e;
	env_open(&e, NULL, 0, 0);
	telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
	o.key = key_a, o.key_size = 32, o.epoch = 3;
	assert_int_equal(telsvc_txn_begin(e.ctx), TELSVC_OK);
	test_expect_error(telsvc_ctx_set_audit_key(e.ctx, &o), TELSVC_EINVAL, "a transaction is open");
	assert_int_equal(telsvc_txn_rollback(e.ctx), TELSVC_OK);
	assert_int_equal(telsvc_ctx_set_audit_key(e.ctx, &o), TELSVC_OK);
	telsvc_request *req;
	test_expect_error(intake(e.ctx, T0, &req), TELSVC_EINVAL, "a new log begins with the key of epoch 0, not 3");
	assert_int_equal(telsvc_memstore_audit_count(e.mem), 0);
	env_close(&e);

	env_open(&e, key_a, 4, 8);
	write_log(&e, 2);
	telsvc_ctx *unkeyed = test_ctx();
	telsvc_ctx_set_policy(unkeyed, e.policy);
	telsvc_ctx_set_storage(unkeyed, &e.st);
	assert_int_equal(telsvc_ctx_load(unkeyed), TELSVC_OK);
	uint64_t records = telsvc_memstore_audit_count(e.mem);
	test_expect_error(intake(unkeyed, T0, &req), TELSVC_EINVAL, "the audit log is sealed; set its key first");
	assert_int_equal(telsvc_memstore_audit_count(e.mem), records);
	telsvc_ctx_free(unkeyed);
	env_close(&e);

	/* and the other way round: a key for a log begun without one */
	env_open(&e, NULL, 0, 0);
	write_log(&e, 2);
	telsvc_ctx *keyed = test_ctx();
	telsvc_ctx_set_policy(keyed, e.policy);
	telsvc_ctx_set_storage(keyed, &e.st);
	o.epoch = 0;
	assert_int_equal(telsvc_ctx_set_audit_key(keyed, &o), TELSVC_OK);
	assert_int_equal(telsvc_ctx_load(keyed), TELSVC_OK);
	test_expect_error(intake(keyed, T0, &req), TELSVC_EINVAL, "begun without a key and cannot be sealed now");
	telsvc_ctx_free(keyed);
	env_close(&e);
}

/* ---- replay ---- */

static telsvc_replay_report replay(env *e)
{
	telsvc_replay_report r = { .version = TELSVC_REPLAY_REPORT_VERSION };
	if (telsvc_audit_replay(&r, e->ctx) != TELSVC_OK)
		fail_msg("replay: %s", telsvc_error_last());
	return r;
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* A long random scenario: random actions by random people on random
 * requests, many refused, some inside host transactions that roll back
 * or fail; replay must then equal the stored state exactly. */
static void replay_equals_stored_state(void **state)
{
	(void)state;
	static const telsvc_actor people[] = {
		{ "a.li", "agent" },	      { "b.wang", "preprocessor" }, { "c.zhao", "service_owner" },
		{ "d.chen", "quality_monitor" }, { "e.sun", "supervisor" },   { "f.zhou", "preprocessor" },
		{ "cust-1", "customer" },	      { "g.wu", "agent" },
	};
	env e;
	env_open(&e, key_a, 16, 64);
	telsvc_request *reqs[60] = { 0 };
	uint32_t s = 7;
	int64_t t = T0;
	long accepted = 0;
	/* the usual path, and now and then anything at all */
	static const struct {
		int action;
		int who;
	} script[] = { { TELSVC_ACTION_PREPROCESS, 1 }, { TELSVC_ACTION_WRITE_REPORT, 1 }, { TELSVC_ACTION_SIGN_REPORT, 1 },
		       { TELSVC_ACTION_SIGN_REPORT, 2 }, { TELSVC_ACTION_SIGN_REPORT, 3 },   { TELSVC_ACTION_START, 0 },
		       { TELSVC_ACTION_PROGRESS, 0 },    { TELSVC_ACTION_DELIVER, 0 },       { TELSVC_ACTION_ACCEPT, 6 },
		       { TELSVC_ACTION_FEEDBACK, 6 },    { TELSVC_ACTION_CLOSE, 0 } };
	size_t pos[60] = { 0 };
	for (int step = 0; step < 6000; step++) {
		size_t k = lcg(&s) % 60;
		t += 1 + lcg(&s) % 600;
		bool txn = lcg(&s) % 10 == 0, scripted = lcg(&s) % 4 != 0 && reqs[k] && pos[k] < 11, created = !reqs[k];
		if (txn)
			assert_int_equal(telsvc_txn_begin(e.ctx), TELSVC_OK);
		int rc;
		if (!reqs[k]) {
			telsvc_intake in = TELSVC_INTAKE_INIT;
			in.channel = TELSVC_CHANNEL_ONLINE, in.requester = "Li Si", in.contact = "li@example.com";
			in.content = "slow line", in.content_type = TELSVC_CONTENT_DATA, in.service_type = "leased line";
			in.flags = lcg(&s) % 3 ? 0 : TELSVC_INTAKE_DEGRADATION, in.received_at = t;
			rc = telsvc_request_create(&reqs[k], e.ctx, &in, &people[0]);
		} else {
			int action = scripted ? script[pos[k]].action : 1 + (int)(lcg(&s) % 20);
			const telsvc_actor *who = scripted ? &people[script[pos[k]].who] : &people[lcg(&s) % 8];
			int64_t arg = action == TELSVC_ACTION_FEEDBACK ? 90 : action == TELSVC_ACTION_RECLASSIFY ? 2
				      : (int)(lcg(&s) % 3);
			rc = telsvc_request_apply_note(reqs[k], action, who, t, arg, "a note");
		}
		bool kept = rc == TELSVC_OK;
		if (txn && rc == TELSVC_OK) {
			kept = lcg(&s) % 2;
			assert_int_equal(kept ? telsvc_txn_commit(e.ctx) : telsvc_txn_rollback(e.ctx), TELSVC_OK);
		} else if (txn) {
			telsvc_txn_rollback(e.ctx); /* may have ended already with the failed call */
		}
		accepted += kept;
		if (created && !kept)
			reqs[k] = NULL; /* a rolled-back creation frees the request */
		if (!reqs[k])
			continue;
		if (kept && scripted)
			pos[k]++;
		if (lcg(&s) % 50 == 0) { /* now and then read back from storage */
			char number[64];
			snprintf(number, sizeof(number), "%s", telsvc_request_number(reqs[k]));
			assert_int_equal(telsvc_request_release(reqs[k]), TELSVC_OK);
			assert_int_equal(telsvc_request_find(&reqs[k], e.ctx, number), TELSVC_OK);
		}
	}
	telsvc_replay_report r = replay(&e);
	print_message("random scenario: %ld changes kept of 6000 calls; %llu audit records, %llu requests\n", accepted,
		      (unsigned long long)r.records, (unsigned long long)r.objects);
	assert_true(accepted > 500);
	assert_int_equal(r.records, telsvc_memstore_audit_count(e.mem));
	assert_int_equal(r.objects, telsvc_memstore_object_count(e.mem));
	assert_int_equal(r.diverged, 0);
	assert_int_equal(r.matched, r.objects);
	expect_verifies(&e);
	env_close(&e);
}

/* Stored objects changed behind the library's back are named. */
static void replay_names_divergence(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 16, 64);
	write_log(&e, 20);
	telsvc_replay_report r = replay(&e);
	size_t n = telsvc_memstore_object_count(e.mem);
	assert_true(n >= 3);
	assert_int_equal(r.objects, n);
	assert_int_equal(r.matched, n);
	assert_int_equal(r.diverged, 0);
	/* request 2's record replaced by request 3's, with the right revision */
	telsvc_buf *b;
	assert_int_equal(telsvc_buf_new(&b, e.host), TELSVC_OK);
	uint64_t rev;
	assert_int_equal(e.st.get(e.st.payload, TELSVC_KIND_REQUEST, "SR-20250930-000003", &rev, b), TELSVC_OK);
	assert_int_equal(e.st.begin(e.st.payload), TELSVC_OK);
	assert_int_equal(e.st.put(e.st.payload, TELSVC_KIND_REQUEST, "SR-20250930-000002", rev, telsvc_buf_data(b),
				  telsvc_buf_size(b)),
			 TELSVC_OK);
	/* and a request the log never saw */
	assert_int_equal(e.st.put(e.st.payload, TELSVC_KIND_REQUEST, "SR-00000000-000009", 0, telsvc_buf_data(b),
				  telsvc_buf_size(b)),
			 TELSVC_OK);
	assert_int_equal(e.st.commit(e.st.payload), TELSVC_OK);
	r = replay(&e);
	assert_int_equal(r.matched, n - 1);
	assert_int_equal(r.diverged, 2);
	assert_string_equal(r.first, "SR-00000000-000009"); /* the first in byte order */
	assert_non_null(strstr(r.detail, "not in the audit log"));
	telsvc_buf_free(b);
	/* a storage that cannot list its objects */
	e.st.iterate = refuse_iterate;
	telsvc_ctx *fresh = test_ctx();
	assert_int_equal(telsvc_ctx_set_storage(fresh, &e.st), TELSVC_OK);
	r = (telsvc_replay_report){ .version = TELSVC_REPLAY_REPORT_VERSION };
	assert_int_equal(telsvc_audit_replay(&r, fresh), TELSVC_EINVAL); /* no policy to replay by */
	telsvc_ctx_set_policy(fresh, e.policy);
	assert_int_equal(telsvc_audit_replay(&r, fresh), TELSVC_ESTORAGE); /* iterate fails: reported */
	telsvc_ctx_free(fresh);
	telsvc_replay_report bad = { .version = 0 };
	assert_int_equal(telsvc_audit_replay(&bad, e.ctx), TELSVC_EVERSION);
	env_close(&e);
}

/* ---- retention ---- */

typedef struct due_list {
	uint64_t seq[64];
	telsvc_param param[64];
	size_t count;
} due_list;

static int note_due(void *payload, uint64_t seq, int64_t due, telsvc_param retention)
{
	due_list *d = payload;
	assert_true(due > T0);
	if (d->count < 64) {
		d->seq[d->count] = seq;
		d->param[d->count++] = retention;
	}
	return 0;
}

#define MONTH (31 * 86400)

static void retention_and_purge(void **state)
{
	(void)state;
	static const telsvc_actor officer = { "h.qian", "security_officer" };
	env e;
	env_open(&e, key_a, 16, 64);
	write_log(&e, 2); /* genesis and one request's six changes */
	telsvc_request *req;
	assert_int_equal(telsvc_request_find(&req, e.ctx, "SR-20250930-000001"), TELSVC_OK);
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_START, &agent, T0 + 100, 0), TELSVC_OK);
	/* records 2..7: intake and preprocessing (12 months), 8: START (3
	 * years, §3.1); all are also the audit log's (3 years, §7.4) */
	due_list d = { .count = 0 };
	assert_int_equal(telsvc_audit_purge_due(e.ctx, T0 + 13 * MONTH, note_due, &d), TELSVC_OK);
	assert_int_equal(d.count, 0);
	assert_int_equal(telsvc_audit_purge_due(e.ctx, T0 + 37 * MONTH, note_due, &d), TELSVC_OK);
	assert_int_equal(d.count, 7);
	assert_int_equal(d.seq[0], 2);
	assert_int_equal(d.param[0], TELSVC_PARAM_RETENTION_AUDIT);
	assert_int_equal(d.param[6], TELSVC_PARAM_RETENTION_SERVICE); /* as long: the type's is named */
	/* an acceptance is kept five years (§4.4) */
	assert_int_equal(telsvc_request_apply(req, TELSVC_ACTION_DELIVER, &agent, T0 + 200, 0), TELSVC_OK);
	d.count = 0;
	assert_int_equal(telsvc_audit_purge_due(e.ctx, T0 + 37 * MONTH, note_due, &d), TELSVC_OK);
	assert_int_equal(d.count, 7);
	assert_int_equal(telsvc_audit_purge_due(e.ctx, T0 + 61 * MONTH, note_due, &d), TELSVC_OK);
	assert_int_equal(d.count, 7 + 8);
	assert_int_equal(d.param[14], TELSVC_PARAM_RETENTION_ACCEPTANCE);

	/* too early: refused, naming the period and the clause */
	uint64_t before = telsvc_memstore_audit_count(e.mem);
	assert_int_equal(telsvc_audit_purge(e.ctx, 8, T0 + 13 * MONTH, &officer), TELSVC_EPERM);
	assert_non_null(strstr(telsvc_error_last(), "retention.service_records, 36 months (§3.1)"));
	assert_int_equal(telsvc_audit_purge(e.ctx, 2, T0 + 13 * MONTH, &officer), TELSVC_EPERM);
	assert_non_null(strstr(telsvc_error_last(), "retention.audit_log, 36 months (§7.4)"));
	assert_int_equal(telsvc_audit_purge(e.ctx, 1, T0 + 37 * MONTH, &officer), TELSVC_EINVAL); /* the genesis */
	assert_int_equal(telsvc_audit_purge(e.ctx, 99, T0 + 37 * MONTH, &officer), TELSVC_ENOTFOUND);
	assert_int_equal(telsvc_audit_purge(e.ctx, 2, T0 + 37 * MONTH, NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_audit_purge(e.ctx, 2, T0 + 37 * MONTH, &agent), TELSVC_EPERM); /* §7.2 */
	assert_non_null(strstr(telsvc_error_last(), "permissions.audit.purge allows: security_officer"));
	assert_int_equal(telsvc_memstore_audit_count(e.mem), before);

	/* a storage failure at each step of the purge leaves nothing changed */
	{
		telsvc_storage failing = e.st;
		failing.audit_replace = refuse_append;
		telsvc_ctx *ctx2 = test_ctx();
		telsvc_ctx_set_policy(ctx2, e.policy);
		telsvc_ctx_set_storage(ctx2, &failing);
		telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
		o.key = key_a, o.key_size = 32;
		telsvc_ctx_set_audit_key(ctx2, &o);
		assert_int_equal(telsvc_ctx_load(ctx2), TELSVC_OK);
		assert_int_equal(telsvc_audit_purge(ctx2, 2, T0 + 37 * MONTH, &officer), TELSVC_ESTORAGE);
		failing = e.st, failing.version = 1; /* a table without audit_replace */
		telsvc_ctx *ctx3 = test_ctx();
		telsvc_ctx_set_policy(ctx3, e.policy);
		telsvc_ctx_set_storage(ctx3, &failing);
		assert_int_equal(telsvc_audit_purge(ctx3, 2, T0 + 37 * MONTH, &officer), TELSVC_EINVAL);
		assert_non_null(strstr(telsvc_error_last(), "audit_replace"));
		telsvc_ctx_free(ctx3);
		telsvc_ctx_free(ctx2);
	}
	log_t l = read_log(&e);
	assert_int_equal(l.count, before);
	ts_audit_view v;
	assert_int_equal(ts_audit_parse(l.items[1].bytes, l.items[1].size, 2, &v), TELSVC_OK);
	assert_non_null(v.body);
	log_free(&l);

	/* purged: the body is gone, the chain verifies, the purge is recorded */
	assert_int_equal(telsvc_audit_purge(e.ctx, 2, T0 + 37 * MONTH, &officer), TELSVC_OK);
	assert_int_equal(telsvc_audit_purge(e.ctx, 2, T0 + 37 * MONTH, &officer), TELSVC_EINVAL); /* already */
	l = read_log(&e);
	assert_int_equal(l.count, before + 1);
	assert_int_equal(ts_audit_parse(l.items[1].bytes, l.items[1].size, 2, &v), TELSVC_OK);
	assert_null(v.body);
	assert_non_null(v.body_digest);
	assert_int_equal(ts_audit_parse(l.items[before].bytes, l.items[before].size, before + 1, &v), TELSVC_OK);
	assert_int_equal(v.action, TS_AUDIT_PURGE);
	assert_int_equal(v.purged_seq, 2);
	assert_int_equal(v.body_size, strlen("h.qian"));
	telsvc_audit_anchor head;
	assert_int_equal(telsvc_audit_head(&head, e.ctx), TELSVC_OK);
	telsvc_audit_report r = verify(&l, key_a, &head);
	assert_int_equal(r.verdict, TELSVC_AUDIT_OK);
	assert_int_equal(r.purged, 1);
	d.count = 0;
	assert_int_equal(telsvc_audit_purge_due(e.ctx, T0 + 37 * MONTH, note_due, &d), TELSVC_OK);
	assert_int_equal(d.count, 6); /* no longer listed */
	telsvc_replay_report rep = replay(&e);
	assert_int_equal(rep.unreplayable, 1);
	assert_int_equal(rep.diverged, 0);

	/* a body removed without a purge record is caught */
	log_t m = log_prefix(&l, l.count - 1); /* the purge record dropped... */
	r = verify(&m, key_a, NULL);
	assert_int_equal(r.verdict, TELSVC_AUDIT_MODIFIED);
	assert_int_equal(r.first_bad, 2);
	assert_non_null(strstr(r.detail, "without a purge record"));
	log_free(&m);
	log_free(&l);
	env_close(&e);
}


/* ---- the tamper matrix ---- */

static void fix_crc(item *it)
{
	uint32_t crc = ts_rec_checksum(it->bytes, it->size - 4);
	for (int i = 0; i < 4; i++)
		it->bytes[it->size - 4 + i] = (uint8_t)(crc >> (8 * i));
}

/* How a record written again is sealed. */
enum { SEAL_KEEP, SEAL_NEW, SEAL_NONE };
#define KEEP UINT64_MAX

/* A field of a record, changed: set to @value (to @bytes, of @size, when
 * given), or left out. */
typedef struct field_edit {
	uint16_t tag;
	bool drop;
	uint64_t value;
	const void *bytes;
	size_t size;
} field_edit;

static void write_field(ts_sb *sb, const field_edit *e)
{
	if (e->bytes)
		ts_rec_bytes(sb, e->tag, e->bytes, e->size);
	else if (e->tag == TS_AT_TIME)
		ts_rec_i64(sb, e->tag, (int64_t)e->value);
	else
		ts_rec_u64(sb, e->tag, e->value);
}

/* Write record @it again, field by field, with @n @edits, and its seal
 * kept, made anew after @prev with @key, or left out. The other fields
 * keep their order and encoding. */
static void edit_fields(item *it, const field_edit *edits, size_t n, int seal, const uint8_t *prev,
			const ts_audit_key *key)
{
	telsvc_ctx *ctx = test_ctx();
	ts_rec_reader r;
	ts_field f;
	ts_sb sb;
	ts_sb_init(&sb, ctx);
	assert_int_equal(ts_rec_open(&r, it->bytes, it->size, "test"), TELSVC_OK);
	ts_rec_begin(&sb, 0);
	size_t header_end = TS_REC_HEADER;
	uint8_t old_mac[32];
	const uint8_t *start = r.p;
	while (ts_rec_next(&r, &f)) {
		const field_edit *e = NULL;
		for (size_t i = 0; i < n && !e; i++)
			e = edits[i].tag == f.tag ? &edits[i] : NULL;
		if (f.tag == TS_AT_MAC)
			memcpy(old_mac, f.data, 32);
		else if (!e)
			ts_sb_append(&sb, (const char *)start, (size_t)(r.p - start));
		else if (!e->drop)
			write_field(&sb, e);
		if (f.tag < TS_AT_BODY)
			header_end = sb.size;
		start = r.p;
	}
	if (seal == SEAL_NEW)
		ts_audit_seal(key, prev, (const uint8_t *)sb.ptr + TS_REC_HEADER, header_end - TS_REC_HEADER, old_mac);
	if (seal != SEAL_NONE)
		ts_rec_bytes(&sb, TS_AT_MAC, old_mac, 32);
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	if (it->owned)
		free(it->bytes);
	*it = copy_item(it->stored, sb.ptr, sb.size);
	ts_sb_free(&sb);
	telsvc_ctx_free(ctx);
}

/* Write record @it again with its sequence number, epoch and time
 * replaced (KEEP: as they are), and its seal treated as @seal says. */
static void rewrite(item *it, uint64_t seq, uint64_t epoch, uint64_t time, int seal, const uint8_t *prev,
		    const ts_audit_key *key)
{
	field_edit edits[3];
	size_t n = 0;
	const uint64_t values[] = { seq, epoch, time };
	const uint16_t tags[] = { TS_AT_SEQ, TS_AT_EPOCH, TS_AT_TIME };
	for (int i = 0; i < 3; i++)
		if (values[i] != KEEP)
			edits[n++] = (field_edit){ .tag = tags[i], .value = values[i] };
	edit_fields(it, edits, n, seal, prev, key);
}

/* Re-seal @it as record @seq of epoch @epoch after @prev, with @key. */
static void reseal(item *it, uint64_t seq, uint64_t epoch, const uint8_t *prev, const ts_audit_key *key)
{
	rewrite(it, seq, epoch, KEEP, SEAL_NEW, prev, key);
}

static const uint8_t *mac_of(const item *it)
{
	ts_audit_view v;
	assert_int_equal(ts_audit_parse(it->bytes, it->size, 1, &v), TELSVC_OK);
	return v.mac;
}

typedef struct tally {
	long mutated, detected;
} tally;

enum {
	M_FLIP,
	M_FLIP_RESEAL_CRC,
	M_DELETE,
	M_DELETE_RENUMBER,
	M_SWAP,
	M_DUPLICATE,
	M_INSERT_FORGED,
	M_TRUNCATE,
	M_RECHAIN,
	M_SPLICE,
	M_OTHER_EPOCH_KEY,
	M_STRIP_MAC,
	M_SEQ_FIELD,
	M_STORED_SEQ,
	M_CLASSES
};

static const char *const class_names[M_CLASSES] = {
	"bit flip",	     "bit flip, checksum fixed", "deletion",	  "deletion, renumbered", "swap neighbours",
	"duplication",	     "forged insertion",	 "tail truncation", "truncate, re-chain, append",
	"spliced record",    "other epoch's key",	 "stripped seal", "sequence field off by one",
	"stored sequence off by one",
};

static tally tallies[M_CLASSES][6];

/* Verify the mutated log with the anchor of the intact one; the verdict
 * must name @first_bad (and be @want, when not -1). */
static void expect_found(log_t *l, const telsvc_audit_anchor *anchor, int cls, int size_index, uint64_t first_bad,
			 int want, const char *what)
{
	telsvc_audit_report r = verify(l, key_a, anchor);
	tallies[cls][size_index].mutated++;
	if (r.verdict == TELSVC_AUDIT_OK || r.verdict == TELSVC_AUDIT_UNANCHORED || r.first_bad != first_bad ||
	    (want >= 0 && r.verdict != want))
		fail_msg("%s (%s): verdict %s at %llu (%s), want %s at %llu", class_names[cls], what,
			 telsvc_audit_verdict_name(r.verdict), (unsigned long long)r.first_bad, r.detail,
			 want >= 0 ? telsvc_audit_verdict_name(want) : "any fault", (unsigned long long)first_bad);
	tallies[cls][size_index].detected++;
}

/* Hostile records: random changes to real records, with their checksums
 * made valid again so that the field checks are reached. Parsing gives a
 * record or the corrupt-data status and never reads out of bounds (the
 * sanitizer builds check that); the verifier always reaches a verdict. */
static void hostile_records(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 8);
	write_log(&e, 12);
	log_t l = read_log(&e);
	uint64_t x = 0x9e3779b97f4a7c15u;
	long parsed = 0, refused = 0;
	for (int round = 0; round < 20000; round++) {
		log_t m = log_prefix(&l, l.count);
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size_t i = (size_t)(x % m.count);
		item *it = mine(&m, i);
		for (int c = 0; c < 1 + (int)(x >> 60); c++) { /* one to sixteen bytes changed */
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			size_t at = 12 + (size_t)(x % (it->size - 16)); /* the body: the header is checked first */
			it->bytes[at] = (uint8_t)(x >> 32);
		}
		fix_crc(it);
		ts_audit_view v;
		int rc = ts_audit_parse(it->bytes, it->size, i + 1, &v);
		assert_true(rc == TELSVC_OK || rc == TELSVC_ECORRUPT);
		if (rc == TELSVC_OK) {
			parsed++;
			assert_true(v.header + v.header_size <= it->bytes + it->size);
			assert_true(!v.body || v.body + v.body_size <= it->bytes + it->size);
		} else {
			refused++;
		}
		telsvc_audit_report r = verify(&m, key_a, NULL);
		assert_true(r.verdict != TELSVC_AUDIT_OK);
		log_free(&m);
	}
	print_message("hostile records: %ld parsed, %ld refused\n", parsed, refused);
	assert_true(parsed > 0 && refused > 0);
	log_free(&l);
	env_close(&e);
}

/* ---- logs damaged in ways the matrix does not reach ---- */

/* The key of @epoch, evolved from key_a. */
static ts_audit_key key_at(uint64_t epoch)
{
	ts_audit_key k;
	ts_audit_key_set(&k, key_a, 32, 0);
	while (k.epoch < epoch)
		ts_audit_key_evolve(&k);
	return k;
}

/* Record @i of @l with @n @edits, sealed again as its place in a log of
 * @epoch_records records an epoch asks. */
static void edit_sealed(log_t *l, size_t i, const field_edit *edits, size_t n, uint64_t epoch_records)
{
	ts_audit_key k = key_at(i / epoch_records);
	edit_fields(mine(l, i), edits, n, SEAL_NEW, mac_of(&l->items[i - 1]), &k);
}

/* The index of the first record of the log's own of @action in @l. */
static size_t own_record(const log_t *l, uint64_t action)
{
	for (size_t i = 0; i < l->count; i++) {
		ts_audit_view v;
		assert_int_equal(ts_audit_parse(l->items[i].bytes, l->items[i].size, i + 1, &v), TELSVC_OK);
		if (v.kind == 0 && v.action == action)
			return i;
	}
	fail_msg("no record of action %llu", (unsigned long long)action);
	return 0;
}

/* Record @i of @l taken out, or put in place @to. */
static void drop_item(log_t *l, size_t i)
{
	if (l->items[i].owned)
		free(l->items[i].bytes);
	memmove(&l->items[i], &l->items[i + 1], (l->count - i - 1) * sizeof(item));
	l->count--;
}

static void move_item(log_t *l, size_t from, size_t to)
{
	item it = l->items[from];
	if (from > to)
		memmove(&l->items[to + 1], &l->items[to], (from - to) * sizeof(item));
	else
		memmove(&l->items[from], &l->items[from + 1], (to - from) * sizeof(item));
	l->items[to] = it;
}

static void expect_verdict(log_t *l, int verdict, uint64_t first_bad, const char *fragment)
{
	telsvc_audit_report r = verify(l, key_a, NULL);
	if (r.verdict != verdict || r.first_bad != first_bad || !strstr(r.detail, fragment))
		fail_msg("verdict %s at %llu (%s), want %s at %llu (%s)", telsvc_audit_verdict_name(r.verdict),
			 (unsigned long long)r.first_bad, r.detail, telsvc_audit_verdict_name(verdict),
			 (unsigned long long)first_bad, fragment);
}

/* The verifier's rarer paths: a held record followed by one that does not
 * parse, or by the record it displaced; a duplicate without its seal; a
 * body without its digest; the log's own records without a body or with
 * a checkpoint that does not hold the head before it; a damaged first
 * record followed by anything but a genesis record. */
static void verifier_corner_cases(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 8);
	write_log(&e, 20);
	log_t full = read_log(&e);
	log_t m = log_prefix(&full, 8);
	drop_item(&m, 2); /* record 3 missing: 4 is held, and 5 does not parse */
	item *it = mine(&m, 3);
	it->size = 7;
	memcpy(it->bytes, "garbage", 7);
	expect_verdict(&m, TELSVC_AUDIT_MISSING, 3, "record 3 is missing");
	log_free(&m);
	m = log_prefix(&full, 8);
	move_item(&m, 4, 2); /* 1 2 5 3 4: 5 stands before 3 */
	expect_verdict(&m, TELSVC_AUDIT_INSERTED, 3, "stands before record 3");
	log_free(&m);
	m = log_prefix(&full, 8);
	rewrite(mine(&m, 3), KEEP, KEEP, T0 + 999, SEAL_KEEP, NULL, NULL);
	move_item(&m, 3, 2); /* 1 2 4' 3: 4 changed, so not merely moved */
	expect_verdict(&m, TELSVC_AUDIT_INSERTED, 3, "stands before record 3");
	log_free(&m);
	m = log_prefix(&full, 8);
	m.items[3] = copy_item(4, full.items[2].bytes, full.items[2].size); /* 3 again, unsealed, where 4 was */
	rewrite(&m.items[3], KEEP, KEEP, KEEP, SEAL_NONE, NULL, NULL);
	expect_verdict(&m, TELSVC_AUDIT_REORDERED, 4, "record 3 appears where 4 belongs");
	log_free(&m);

	const field_edit no_digest = { .tag = TS_AT_BODY_DIGEST, .drop = true };
	m = log_prefix(&full, 8);
	edit_sealed(&m, 2, &no_digest, 1, 4);
	expect_verdict(&m, TELSVC_AUDIT_MODIFIED, 3, "its body differs from its digest");
	log_free(&m);
	size_t cp = own_record(&full, TS_AUDIT_CHECKPOINT);
	const field_edit no_body = { .tag = TS_AT_BODY, .drop = true };
	m = log_prefix(&full, cp + 1);
	edit_fields(mine(&m, cp), &no_body, 1, SEAL_KEEP, NULL, NULL); /* the body is not sealed */
	expect_verdict(&m, TELSVC_AUDIT_MODIFIED, cp + 1, "the log's own record has lost its body");
	log_free(&m);
	const field_edit heads[] = {
		{ .tag = TS_AT_HEAD_SEQ, .value = cp - 1 },
		{ .tag = TS_AT_HEAD_MAC, .drop = true },
		{ .tag = TS_AT_HEAD_MAC, .bytes = mac_of(&full.items[cp - 2]), .size = 32 },
	};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		m = log_prefix(&full, cp + 1);
		edit_sealed(&m, cp, &heads[i], 1, 4);
		expect_verdict(&m, TELSVC_AUDIT_MODIFIED, cp + 1, "does not hold the head before it");
		log_free(&m);
	}

	/* the genesis record damaged, and what follows is no genesis record
	 * either: not the log's first record, unsealed, or lacking a length */
	env plain;
	env_open(&plain, NULL, 0, 0);
	write_log(&plain, 2);
	log_t unsealed = read_log(&plain);
	const field_edit lengths[] = { { .tag = TS_AT_EPOCH_RECORDS, .value = 0 },
				       { .tag = TS_AT_CHECKPOINT_RECORDS, .value = 0 } };
	for (int second = 0; second < 4; second++) {
		m = log_prefix(&full, 4);
		rewrite(mine(&m, 0), KEEP, KEEP, T0 + 999, SEAL_KEEP, NULL, NULL);
		item *next = mine(&m, 1);
		free(next->bytes);
		const item *from = second == 0 ? &full.items[cp] : second == 1 ? &unsealed.items[0] : &full.items[0];
		*next = copy_item(2, from->bytes, from->size);
		if (second >= 2)
			edit_fields(next, &lengths[second - 2], 1, SEAL_KEEP, NULL, NULL);
		expect_verdict(&m, TELSVC_AUDIT_MODIFIED, 1, "record 1 its seal does not verify");
		log_free(&m);
	}
	log_free(&unsealed);
	env_close(&plain);
	log_free(&full);
	env_close(&e);
}

/* Two bodies purged out of order: the verifier matches each purge record
 * to its body; a purge record that names a body still there is caught.
 * The log is left in @l. */
static void purged_out_of_order(env *e, log_t *l)
{
	static const telsvc_actor officer = { "h.qian", "security_officer" };
	env_open(e, key_a, 16, 64);
	write_log(e, 14);
	assert_int_equal(telsvc_audit_purge(e->ctx, 3, T0 + 37 * MONTH, &officer), TELSVC_OK);
	assert_int_equal(telsvc_audit_purge(e->ctx, 2, T0 + 37 * MONTH, &officer), TELSVC_OK);
	*l = read_log(e);
	telsvc_audit_report r = verify(l, key_a, NULL);
	assert_int_equal(r.verdict, TELSVC_AUDIT_UNANCHORED);
	assert_int_equal(r.purged, 2);
}

static void purge_records_matched(void **state)
{
	(void)state;
	env e;
	log_t l;
	purged_out_of_order(&e, &l);
	const field_edit other = { .tag = TS_AT_PURGED_SEQ, .value = 4 };
	log_t m = log_prefix(&l, l.count);
	edit_sealed(&m, l.count - 1, &other, 1, 16);
	char want[64];
	snprintf(want, sizeof(want), "purge record %zu names record 4, whose body is not missing", l.count);
	expect_verdict(&m, TELSVC_AUDIT_MODIFIED, l.count, want);
	log_free(&m);
	log_free(&l);
	env_close(&e);
}

/* The verifier out of memory, while it holds a record back and while it
 * lists purged bodies: TELSVC_ENOMEM, or the verdict it reaches with
 * memory, never a leak. */
static void verifier_out_of_memory(void **state)
{
	(void)state;
	env e, p;
	env_open(&e, key_a, 4, 8);
	write_log(&e, 8);
	log_t gap = read_log(&e), purged;
	drop_item(&gap, 2);
	purged_out_of_order(&p, &purged);
	const struct {
		log_t *l;
		int verdict;
	} cases[] = { { &gap, TELSVC_AUDIT_MISSING }, { &purged, TELSVC_AUDIT_UNANCHORED } };
	for (size_t c = 0; c < 2; c++) {
		long sites = 0;
		for (long n = 1;; n++) {
			test_alloc a = { 0 };
			telsvc_ctx *ctx = on_log(test_ctx_with_alloc(&a), cases[c].l, log_iterate);
			a.fail_at = a.calls + n;
			telsvc_audit_report r = { .version = TELSVC_AUDIT_REPORT_VERSION };
			int rc = telsvc_audit_verify(&r, ctx, key_a, 32, NULL);
			if (rc == TELSVC_OK)
				assert_int_equal(r.verdict, cases[c].verdict);
			else
				assert_int_equal(rc, TELSVC_ENOMEM);
			long failures = a.failures;
			telsvc_ctx_free(ctx);
			assert_int_equal(a.live, 0);
			if (failures == 0)
				break;
			sites++;
		}
		assert_true(sites >= 1);
	}
	log_free(&gap);
	log_free(&purged);
	env_close(&p);
	env_close(&e);
}

/* A context loading a log it cannot continue: a gap, a record that does
 * not parse or is stored under another number, a log that does not begin
 * with its genesis record or whose genesis lacks its lengths, a record of
 * a sealed log without its seal. */
static void damaged_log_refused_on_load(void **state)
{
	(void)state;
	env e;
	env_open(&e, key_a, 4, 8);
	write_log(&e, 12);
	log_t full = read_log(&e);
	size_t cp = own_record(&full, TS_AUDIT_CHECKPOINT);
	const field_edit lengths[] = { { .tag = TS_AT_EPOCH_RECORDS, .value = 0 },
				       { .tag = TS_AT_CHECKPOINT_RECORDS, .value = 0 } };
	for (int damage = 0; damage < 8; damage++) {
		log_t m = log_prefix(&full, 6);
		const char *want = "the log does not begin with its genesis record";
		switch (damage) {
		case 0:
			drop_item(&m, 2);
			want = "audit record 4 follows 2";
			break;
		case 1:
			mine(&m, 2)->size = 7;
			want = "audit record 3";
			break;
		case 2:
			move_item(&m, 3, 2);
			m.items[2].stored = 3, m.items[3].stored = 4;
			want = "its sequence number differs from where it is stored";
			break;
		case 3: /* a request's record first */
		case 4: { /* a checkpoint first */
			const item *first = &full.items[damage == 3 ? 1 : cp];
			m.items[0] = copy_item(1, first->bytes, first->size);
			rewrite(&m.items[0], 1, KEEP, KEEP, SEAL_KEEP, NULL, NULL);
			break;
		}
		case 5:
		case 6:
			edit_fields(mine(&m, 0), &lengths[damage - 5], 1, SEAL_KEEP, NULL, NULL);
			want = "the genesis record lacks its epoch or checkpoint length";
			break;
		default:
			rewrite(mine(&m, 3), KEEP, KEEP, KEEP, SEAL_NONE, NULL, NULL);
			want = "a record of a sealed log has no seal";
		}
		telsvc_ctx *ctx = verifier_ctx(&m);
		telsvc_ctx_set_policy(ctx, e.policy);
		test_expect_error(telsvc_ctx_load(ctx), TELSVC_ECORRUPT, want);
		telsvc_ctx_free(ctx);
		log_free(&m);
	}
	log_free(&full);
	env_close(&e);
}

/* An unsealed record a writer other than this library appended: the
 * creation (revision 1) of request @id, with @body. */
static void append_creation(env *e, const char *id, const ts_sb *body)
{
	ts_sb sb;
	ts_sb_init(&sb, e->host);
	ts_rec_begin(&sb, 0);
	ts_rec_u64(&sb, TS_AT_SEQ, telsvc_memstore_audit_count(e->mem) + 1);
	ts_rec_u64(&sb, TS_AT_EPOCH, 0);
	ts_rec_i64(&sb, TS_AT_TIME, T0);
	ts_rec_u64(&sb, TS_AT_KIND, TELSVC_KIND_REQUEST);
	ts_rec_text(&sb, TS_AT_ID, id);
	ts_rec_u64(&sb, TS_AT_REVISION, 1);
	ts_rec_text(&sb, TS_AT_ROLE, "agent");
	if (body)
		ts_rec_bytes(&sb, TS_AT_BODY, body->ptr, body->size);
	assert_int_equal(ts_rec_finish(&sb), TELSVC_OK);
	assert_int_equal(e->st.audit_append(e->st.payload, telsvc_memstore_audit_count(e->mem) + 1, sb.ptr, sb.size),
			 TELSVC_OK);
	ts_sb_free(&sb);
}

/* A context on a shared store that never loaded numbers its next request
 * after every creation the log records, reading the number from the
 * creation's body; bodies without a number, with one that is not an
 * integer, with none at all, or with a lower number change nothing. */
static void numbers_follow_the_log(void **state)
{
	(void)state;
	env e;
	env_open(&e, NULL, 0, 0);
	write_log(&e, 2); /* SR-20250930-000001 */
	uint16_t tag = ts_kind_get(TELSVC_KIND_REQUEST)->seq_tag;
	ts_sb body;
	ts_sb_init(&body, e.host);
	ts_rec_u64(&body, tag, 7);
	append_creation(&e, "SR-20250930-000007", &body);
	ts_sb_truncate(&body, 0);
	ts_rec_text(&body, tag, "9");
	append_creation(&e, "SR-text", &body);
	ts_sb_truncate(&body, 0);
	ts_rec_text(&body, tag + 1, "no number");
	append_creation(&e, "SR-none", &body);
	append_creation(&e, "SR-purged", NULL);
	ts_sb_truncate(&body, 0);
	ts_rec_u64(&body, tag, 5);
	append_creation(&e, "SR-20250930-000005", &body);
	ts_sb_free(&body);
	telsvc_ctx *ctx = test_ctx();
	telsvc_storage shared = e.st;
	shared.capabilities |= TELSVC_STORAGE_CAP_SHARED;
	telsvc_ctx_set_policy(ctx, e.policy);
	telsvc_ctx_set_storage(ctx, &shared);
	telsvc_request *req;
	assert_int_equal(intake(ctx, T0, &req), TELSVC_OK);
	assert_string_equal(telsvc_request_number(req), "SR-20250930-000008");
	telsvc_ctx_free(ctx);
	env_close(&e);
}

static void tamper_matrix(void **state)
{
	(void)state;
	static const size_t sizes[] = { 1, 2, 3, 17, 64, 1000 };
	env e, other;
	env_open(&e, key_a, 8, 16);
	write_log(&e, 1002);
	env_open(&other, key_b, 8, 16);
	write_log(&other, 70);
	log_t full = read_log(&e), foreign = read_log(&other);

	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		size_t n = sizes[si];
		log_t good = log_prefix(&full, n);
		telsvc_audit_anchor anchor = anchor_of(&good, n);
		/* no false alarms */
		telsvc_audit_report r = verify(&good, key_a, &anchor);
		assert_int_equal(r.verdict, TELSVC_AUDIT_OK);
		assert_int_equal(r.records, n);
		r = verify(&good, key_a, NULL);
		assert_int_equal(r.verdict, TELSVC_AUDIT_UNANCHORED);
		assert_int_equal(r.records, n);
		if (n > 1) {
			telsvc_audit_anchor earlier = anchor_of(&good, n / 2);
			r = verify(&good, key_a, &earlier);
			assert_int_equal(r.verdict, TELSVC_AUDIT_UNANCHORED);
			assert_int_equal(r.anchored, n / 2);
		}
		/* the attacker's key: that of the last record's epoch */
		ts_audit_key stolen;
		ts_audit_key_set(&stolen, key_a, 32, 0);
		while (stolen.epoch < (n - 1) / 8)
			ts_audit_key_evolve(&stolen);

		for (size_t k = 1; k <= n; k++) {
			/* every position of the small logs; of the large one both ends
			 * and every fifth between, to keep the run short */
			if (n > 64 && k > 16 && k + 16 < n && k % 5 != 0)
				continue;
			size_t i = k - 1;
			char what[64];
			snprintf(what, sizeof(what), "record %zu of %zu", k, n);
			/* bit flips: every bit of small logs, a sample of large ones */
			size_t bits = good.items[i].size * 8, step = n <= 3 ? 1 : n <= 64 ? 97 : 331;
			for (size_t b = (k * 7) % step; b < bits; b += step) {
				for (int fix = 0; fix < 2; fix++) {
					log_t m = log_prefix(&good, n);
					mine(&m, i)->bytes[b / 8] ^= (uint8_t)(1 << (b % 8));
					if (fix && b / 8 < m.items[i].size - 4)
						fix_crc(&m.items[i]);
					expect_found(&m, &anchor, fix ? M_FLIP_RESEAL_CRC : M_FLIP, (int)si, k,
						     fix ? -1 : TELSVC_AUDIT_MODIFIED, what);
					log_free(&m);
				}
			}
			/* deletion, keeping the others' sequence numbers, and renumbered */
			for (int renumber = 0; renumber < 2; renumber++) {
				log_t m = log_prefix(&good, n);
				memmove(&m.items[i], &m.items[i + 1], (n - k) * sizeof(item));
				m.count--;
				for (size_t j = i; renumber && j < m.count; j++)
					m.items[j].stored--;
				expect_found(&m, &anchor, renumber ? M_DELETE_RENUMBER : M_DELETE, (int)si, k,
					     k == n ? TELSVC_AUDIT_TRUNCATED : TELSVC_AUDIT_MISSING, what);
				log_free(&m);
			}
			if (k < n) { /* swap with the next: each keeps where it was stored */
				log_t m = log_prefix(&good, n);
				uint8_t *b = m.items[i].bytes;
				size_t s = m.items[i].size;
				m.items[i].bytes = m.items[i + 1].bytes, m.items[i].size = m.items[i + 1].size;
				m.items[i + 1].bytes = b, m.items[i + 1].size = s;
				expect_found(&m, &anchor, M_SWAP, (int)si, k, TELSVC_AUDIT_REORDERED, what);
				log_free(&m);
			}
			{ /* a copy of record k right after it */
				log_t m = log_prefix(&good, n);
				memmove(&m.items[i + 2], &m.items[i + 1], (n - k) * sizeof(item));
				m.items[i + 1] = copy_item(k + 1, good.items[i].bytes, good.items[i].size);
				m.count++;
				for (size_t j = i + 2; j < m.count; j++)
					m.items[j].stored++;
				expect_found(&m, &anchor, M_DUPLICATE, (int)si, k + 1, TELSVC_AUDIT_DUPLICATED, what);
				log_free(&m);
			}
			if (k > 1) { /* a forged record k before the real one, sealed with another key */
				log_t m = log_prefix(&good, n);
				memmove(&m.items[i + 1], &m.items[i], (n - i) * sizeof(item));
				m.items[i] = copy_item(k, good.items[i].bytes, good.items[i].size);
				m.count++;
				ts_audit_key wrong;
				ts_audit_key_set(&wrong, key_b, 32, (k - 1) / 8);
				reseal(&m.items[i], k, (k - 1) / 8, mac_of(&good.items[i - 1]), &wrong);
				expect_found(&m, &anchor, M_INSERT_FORGED, (int)si, k, TELSVC_AUDIT_INSERTED, what);
				log_free(&m);
			}
			{ /* the tail from k on removed */
				log_t m = log_prefix(&good, n);
				m.count = i;
				expect_found(&m, &anchor, M_TRUNCATE, (int)si, k, TELSVC_AUDIT_TRUNCATED, what);
				r = verify(&m, key_a, NULL); /* without the anchor: never plain success */
				assert_int_equal(r.verdict, TELSVC_AUDIT_UNANCHORED);
				log_free(&m);
			}
			if (k > 1) { /* cut at k and written again with the stolen key: new times, re-chained */
				log_t m = log_prefix(&good, n);
				for (size_t j = i; j < n; j++) {
					uint64_t seq = j + 1;
					rewrite(&m.items[j], seq, (seq - 1) / 8, (uint64_t)(T0 + 999999), SEAL_NEW,
						mac_of(&m.items[j - 1]), &stolen);
				}
				/* records of earlier epochs cannot be sealed with the stolen key,
				 * so the rewrite shows where it began; within the stolen epoch
				 * only the anchor shows it */
				bool older = (k - 1) / 8 < stolen.epoch;
				expect_found(&m, &anchor, M_RECHAIN, (int)si, older ? k : n,
					     older ? TELSVC_AUDIT_MODIFIED : TELSVC_AUDIT_TRUNCATED, what);
				log_free(&m);
			}
			if (k <= foreign.count) { /* record k of another log, with its own key */
				log_t m = log_prefix(&good, n);
				m.items[i] = copy_item(k, foreign.items[i].bytes, foreign.items[i].size);
				expect_found(&m, &anchor, M_SPLICE, (int)si, k, TELSVC_AUDIT_MODIFIED, what);
				log_free(&m);
			}
			{ /* re-sealed with the next epoch's key, claiming that epoch or not */
				for (int claim = 0; claim < 2; claim++) {
					log_t m = log_prefix(&good, n);
					ts_audit_key later;
					ts_audit_key_set(&later, key_a, 32, 0);
					while (later.epoch <= (k - 1) / 8)
						ts_audit_key_evolve(&later);
					reseal(&m.items[i], k, claim ? later.epoch : (k - 1) / 8,
					       k > 1 ? mac_of(&good.items[i - 1]) : (const uint8_t[32]){ 0 }, &later);
					expect_found(&m, &anchor, M_OTHER_EPOCH_KEY, (int)si, k,
						     claim ? TELSVC_AUDIT_WRONG_EPOCH : TELSVC_AUDIT_MODIFIED, what);
					log_free(&m);
				}
			}
			{ /* the seal field removed */
				log_t m = log_prefix(&good, n);
				rewrite(&m.items[i], KEEP, KEEP, KEEP, SEAL_NONE, NULL, NULL);
				expect_found(&m, &anchor, M_STRIP_MAC, (int)si, k, TELSVC_AUDIT_MAC_STRIPPED, what);
				log_free(&m);
			}
			for (int d = -1; d <= 1; d += 2) { /* the record's own sequence field */
				if (k == 1 && d < 0)
					continue;
				log_t m = log_prefix(&good, n);
				rewrite(&m.items[i], (uint64_t)((int64_t)k + d), KEEP, KEEP, SEAL_KEEP, NULL, NULL);
				expect_found(&m, &anchor, M_SEQ_FIELD, (int)si, k, -1, what);
				log_free(&m);
			}
			{ /* the sequence number it is stored under */
				log_t m = log_prefix(&good, n);
				m.items[i].stored += 1;
				expect_found(&m, &anchor, M_STORED_SEQ, (int)si, k, -1, what);
				log_free(&m);
			}
		}
		log_free(&good);
	}
	print_message("%-28s %8s %8s %8s %8s %8s %8s\n", "mutated/detected", "1", "2", "3", "17", "64", "1000");
	for (int c = 0; c < M_CLASSES; c++) {
		char row[160];
		int used = snprintf(row, sizeof(row), "%-28s", class_names[c]);
		for (int s = 0; s < 6; s++)
			used += snprintf(row + used, sizeof(row) - (size_t)used, " %4ld/%-4ld", tallies[c][s].mutated,
					 tallies[c][s].detected);
		print_message("%s\n", row);
	}
	log_free(&full);
	log_free(&foreign);
	env_close(&e);
	env_close(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sealed_log_structure),  cmocka_unit_test(reload_continues_chain),
		cmocka_unit_test(unloaded_context_continues_chain),
		cmocka_unit_test(two_contexts_retry_after_conflict),
		cmocka_unit_test(failed_append_leaves_nothing), cmocka_unit_test(unsealed_log),
		cmocka_unit_test(argument_errors),	  cmocka_unit_test(keys_out_of_turn),	  cmocka_unit_test(replay_equals_stored_state),
		cmocka_unit_test(replay_names_divergence), cmocka_unit_test(retention_and_purge),
		cmocka_unit_test(hostile_records),	  cmocka_unit_test(verifier_corner_cases),
		cmocka_unit_test(purge_records_matched),  cmocka_unit_test(verifier_out_of_memory),
		cmocka_unit_test(damaged_log_refused_on_load), cmocka_unit_test(numbers_follow_the_log),	  cmocka_unit_test(tamper_matrix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
