/* The audit log's speed: appending sealed records into the memory store,
 * the chain alone, and the verifier, each on one core; and, on the same
 * records in the same run, a SHA-256 chain over libcrypto (the digest
 * fetched once, the CPU's SHA instructions used by OpenSSL), which is the
 * floor for hashing (docs/performance.md, "Audit log").
 *
 * usage: bench_audit [records [runs]]   (default 1000000 records, 3 runs)
 *
 * The records are real audit records: each is appended by the library's
 * own write path (the sealing, the genesis and checkpoint records, the
 * storage's audit_append in a transaction of its own), with a body like a
 * request event's (an actor, a role, a short note). The libcrypto chain
 * links the same bytes: h = SHA-256(h || record). The library's chain
 * does per record what appending does apart from storage: the body's
 * digest and the seal over the previous seal and the header. The
 * verifier reads the log back through the storage and checks every seal
 * and digest. Every run checks that the log verifies, and that the
 * library's chain ends on the log's head. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <telsvc/telsvc.h>

#include "audit.h"
#include "bench_util.h"
#include "context.h"
#include "record.h"

#include <inttypes.h>
#include <string.h>

#ifdef TELSVC_BENCH_LIBCRYPTO
#include <openssl/evp.h>
#endif

#define REQUIRED_APPEND 1e6 /* records per second */
#define REQUIRED_RATIO 2.0  /* libcrypto's chain at most this many times as fast */

static void check(int rc, const char *what)
{
	if (rc != TELSVC_OK) {
		fprintf(stderr, "bench_audit: %s: %s (%s)\n", what, telsvc_status_name(rc), telsvc_error_last());
		exit(1);
	}
}

typedef struct records {
	uint8_t **bytes;
	size_t *size;
	size_t count, total;
} records;

static int collect(uint64_t seq, const void *data, size_t size, void *payload)
{
	records *r = payload;
	if (seq != r->count + 1)
		return TELSVC_ECORRUPT;
	r->bytes[r->count] = malloc(size);
	if (!r->bytes[r->count])
		return TELSVC_ENOMEM;
	memcpy(r->bytes[r->count], data, size);
	r->size[r->count++] = size;
	r->total += size;
	return TELSVC_OK;
}

typedef struct rates {
	double append, chain, verify, libcrypto;
} rates;

static const unsigned char key[32] = "bench audit key, 32 bytes long!";

/* Append @n change records through the library's write path, one
 * transaction each; returns records per second (all records stored). */
static double append(telsvc_ctx *ctx, size_t n)
{
	static const char *const notes[] = { "", "checked the line card", "customer confirmed the repair works" };
	const telsvc_storage *st = &ctx->storage;
	ts_sb scratch;
	ts_sb_init(&scratch, ctx);
	char body[256];
	double t0 = now_seconds();
	for (size_t i = 0; i < n; i++) {
		/* a body shaped like a request event: action, time, actor, role, note, argument */
		int len = snprintf(body, sizeof(body), "event %zu|%" PRId64 "|agent-%03zu|agent|%s|0", i % 20,
				   (int64_t)1759222800 + (int64_t)i, i % 200, notes[i % 3]);
		ts_audit_entry e = { .at = 1759222800 + (int64_t)i,
				     .kind = TELSVC_KIND_REQUEST,
				     .id = "SR-20250930-000123",
				     .action = (int)(i % 20),
				     .from = 2,
				     .to = 3,
				     .revision = i + 1,
				     .role = "agent",
				     .body = body,
				     .body_size = (size_t)len };
		check(st->begin(st->payload), "begin");
		check(ts_audit_append(ctx, &e, &scratch), "append");
		check(st->commit(st->payload), "commit");
		ts_audit_committed(ctx);
	}
	double t1 = now_seconds();
	ts_sb_free(&scratch);
	return (double)n / (t1 - t0);
}

/* The library's chain over the stored records: digest and seal each. */
static double chain(const records *r, uint8_t head[32], uint64_t epoch_records)
{
	ts_audit_key k;
	ts_audit_key_set(&k, key, sizeof(key), 0);
	uint8_t prev[32] = { 0 }, digest[32];
	double t0 = now_seconds();
	for (size_t i = 0; i < r->count; i++) {
		ts_audit_view v;
		check(ts_audit_parse(r->bytes[i], r->size[i], i + 1, &v), "parse");
		while (k.epoch < i / epoch_records)
			ts_audit_key_evolve(&k);
		ts_sha256_of(v.body, v.body_size, digest);
		ts_audit_seal(&k, prev, v.header, v.header_size, prev);
	}
	double t1 = now_seconds();
	memcpy(head, prev, 32);
	ts_audit_key_wipe(&k);
	return (double)r->count / (t1 - t0);
}

#ifdef TELSVC_BENCH_LIBCRYPTO
static double libcrypto_chain(const records *r, uint8_t head[32])
{
	EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (!md || !c) {
		fprintf(stderr, "bench_audit: libcrypto has no SHA-256\n");
		exit(1);
	}
	uint8_t h[32] = { 0 };
	unsigned int len = 0;
	double t0 = now_seconds();
	for (size_t i = 0; i < r->count; i++) {
		EVP_DigestInit_ex2(c, md, NULL);
		EVP_DigestUpdate(c, h, sizeof(h));
		EVP_DigestUpdate(c, r->bytes[i], r->size[i]);
		EVP_DigestFinal_ex(c, h, &len);
	}
	double t1 = now_seconds();
	memcpy(head, h, 32);
	EVP_MD_CTX_free(c);
	EVP_MD_free(md);
	return (double)r->count / (t1 - t0);
}
#endif

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000, runs = argc > 2 ? strtoul(argv[2], NULL, 10) : 3;
	if (n < 1 || n > 100000000 || runs < 1 || runs > 100) {
		fprintf(stderr, "usage: bench_audit [records 1..100000000 [runs 1..100]]\n");
		return 2;
	}
	printf("audit log: %zu change records a run, best of %zu runs; SHA-256 block function: %s\n", n, runs,
	       ts_sha256_impl());
	rates best = { 0 };
	size_t record_bytes = 0, stored = 0;
	for (size_t run = 0; run < runs; run++) {
		telsvc_ctx *host, *ctx;
		telsvc_memstore *mem;
		telsvc_storage st;
		check(telsvc_ctx_new(&host, NULL), "ctx");
		check(telsvc_ctx_new(&ctx, NULL), "ctx");
		check(telsvc_memstore_new(&mem, host), "memstore");
		check(telsvc_memstore_storage(&st, mem), "storage");
		check(telsvc_ctx_set_storage(ctx, &st), "set storage");
		telsvc_audit_options o = TELSVC_AUDIT_OPTIONS_INIT;
		o.key = key, o.key_size = sizeof(key);
		check(telsvc_ctx_set_audit_key(ctx, &o), "set key");

		rates r = { .append = append(ctx, n) };
		records all = { xcalloc(telsvc_memstore_audit_count(mem), sizeof(uint8_t *)),
				xcalloc(telsvc_memstore_audit_count(mem), sizeof(size_t)), 0, 0 };
		check(st.audit_iterate(st.payload, 1, collect, &all), "read back");
		uint8_t head[32];
		r.chain = chain(&all, head, ctx->audit.log.epoch_records);
		telsvc_audit_anchor anchor;
		check(telsvc_audit_head(&anchor, ctx), "head");
		if (anchor.seq != all.count || memcmp(anchor.mac, head, 32) != 0) {
			fprintf(stderr, "bench_audit: the chain does not end on the log's head\n");
			return 1;
		}
		telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
		double t0 = now_seconds();
		check(telsvc_audit_verify(&rep, ctx, key, sizeof(key), &anchor), "verify");
		r.verify = (double)all.count / (now_seconds() - t0);
		if (rep.verdict != TELSVC_AUDIT_OK || rep.records != all.count) {
			fprintf(stderr, "bench_audit: verify says %s at %" PRIu64 ": %s\n",
				telsvc_audit_verdict_name(rep.verdict), rep.first_bad, rep.detail);
			return 1;
		}
#ifdef TELSVC_BENCH_LIBCRYPTO
		r.libcrypto = libcrypto_chain(&all, head);
#endif
		best.append = r.append > best.append ? r.append : best.append;
		best.chain = r.chain > best.chain ? r.chain : best.chain;
		best.verify = r.verify > best.verify ? r.verify : best.verify;
		best.libcrypto = r.libcrypto > best.libcrypto ? r.libcrypto : best.libcrypto;
		record_bytes = all.total / all.count;
		stored = all.count;
		for (size_t i = 0; i < all.count; i++)
			free(all.bytes[i]);
		free(all.bytes);
		free(all.size);
		telsvc_ctx_free(ctx);
		telsvc_memstore_free(mem);
		telsvc_ctx_free(host);
	}
	printf("records stored: %zu (with the genesis and checkpoint records), %zu bytes each on average\n\n", stored,
	       record_bytes);
	printf("%-46s %14s\n", "operation", "records/s");
	printf("%-46s %14.0f\n", "library: append into the memory store", best.append);
	printf("%-46s %14.0f\n", "library: chain (body digest and seal)", best.chain);
	printf("%-46s %14.0f\n", "library: verify, through the storage", best.verify);
#ifdef TELSVC_BENCH_LIBCRYPTO
	printf("%-46s %14.0f\n", "libcrypto: SHA-256 chain, same records", best.libcrypto);
	double rc = best.libcrypto / best.chain, rv = best.libcrypto / best.verify;
	printf("\nlibcrypto chain / library chain:  %.2f (%s: at most %.1f)\n", rc, rc <= REQUIRED_RATIO ? "PASS" : "FAIL",
	       REQUIRED_RATIO);
	printf("libcrypto chain / library verify: %.2f (%s: at most %.1f)\n", rv, rv <= REQUIRED_RATIO ? "PASS" : "FAIL",
	       REQUIRED_RATIO);
#else
	printf("\nlibcrypto not found at build time: no comparison\n");
#endif
	printf("append: %s (at least %.0f records/s)\n", best.append >= REQUIRED_APPEND ? "PASS" : "FAIL",
	       REQUIRED_APPEND);
	return 0;
}
