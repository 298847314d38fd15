/* The host's plumbing: the database, the policy, the audit keys it holds,
 * and the contexts with their clock, log, change and key hooks. */
#define _POSIX_C_SOURCE 200809L

#include "crm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Records per key epoch and between checkpoints. The defaults (1,024)
 * suit a busy desk; this short run uses small ones so that the key
 * evolves and checkpoints appear. */
#define CRM_EPOCH_RECORDS 8
#define CRM_CHECKPOINT_RECORDS 16

int crm_failed(const char *what, int rc)
{
	fprintf(stderr, "crm_host: %s: %s: %s\n", what, telsvc_status_name((telsvc_status)rc), telsvc_error_last());
	return -1;
}

int crm_expect(int ok, const char *what)
{
	if (ok)
		return 0;
	fprintf(stderr, "crm_host: unexpected: %s\n", what);
	return -1;
}

const char *crm_time(int64_t t, char buf[32])
{
	time_t local = (time_t)(t + CRM_UTC_OFFSET);
	struct tm tm;
	if (t == TELSVC_NEVER || !gmtime_r(&local, &tm))
		return "never";
	strftime(buf, 32, "%a %Y-%m-%d %H:%M", &tm);
	return buf;
}

/* The library has no names for states: a host shows its own words. */
const char *crm_state(int kind, int state)
{
	static const char *const request[] = { "-", "received", "preprocessing", "in progress", "delivered",
					       "rectification", "feedback", "closed", "waiting", "cancelled" };
	static const char *const complaint[] = { "-", "received", "verified", "classified", "handling",
						 "fed back", "closed", "waiting", "withdrawn" };
	if (kind == TELSVC_KIND_REQUEST && state >= 0 && state < 10)
		return request[state];
	if (kind == TELSVC_KIND_COMPLAINT && state >= 0 && state < 9)
		return complaint[state];
	return "?";
}

/* The clock hook: "now" for every call that gives no time. A real host
 * passes NULL for the system clock; the simulation moves this one. */
static int64_t sim_clock(void *payload)
{
	const crm_host *h = payload;
	return h->now;
}

/* The log hook: a host forwards these to its own log. */
static void log_line(int level, const char *message, void *payload)
{
	static const char *const levels[] = { "?", "error", "warn", "info", "debug" };
	(void)payload;
	printf("  [telsvc %s] %s\n", level >= TELSVC_LOG_ERROR && level <= TELSVC_LOG_DEBUG ? levels[level] : "?",
	       message);
}

/* Pushed once a change is committed (§5.1): where a CRM updates its
 * screens and notifies the customer. */
static void on_change(const telsvc_change *c, void *payload)
{
	crm_host *h = payload;
	h->changes++;
	printf("    pushed: %s %s%s%s, by %s (%s), revision %llu\n", c->number,
	       c->from == 0 ? "new, " : c->from == c->to ? "still " : crm_state(c->kind, c->from),
	       c->from == 0 || c->from == c->to ? "" : " -> ", crm_state(c->kind, c->to), c->actor, c->role,
	       (unsigned long long)c->revision);
}

/* The library evolved the sealing key into a new epoch and erased the
 * old one: replace the stored copy so that a restart seals with this one.
 * A real host writes it to its key store here. Should that fail, the
 * older copy still works (the library evolves it forward when it is
 * set), it is only exposed for longer. */
static void key_evolved(void *payload, const unsigned char *key, size_t size, uint64_t epoch)
{
	crm_host *h = payload;
	if (size != sizeof(h->seal_key))
		return;
	memcpy(h->seal_key, key, size);
	h->seal_epoch = epoch;
	h->evolutions++;
}

static telsvc_ctx_options ctx_options(crm_host *h)
{
	telsvc_ctx_options o = TELSVC_CTX_OPTIONS_INIT;
	o.clock_fn = sim_clock;
	o.clock_payload = h;
	o.log_fn = log_line;
	return o;
}

static int new_audit_key(crm_host *h)
{
	FILE *f = fopen("/dev/urandom", "rb");
	size_t n = f ? fread(h->verify_key, 1, sizeof(h->verify_key), f) : 0;
	if (f)
		fclose(f);
	if (n != sizeof(h->verify_key)) {
		fprintf(stderr, "crm_host: cannot read /dev/urandom for the audit key\n");
		return -1;
	}
	memcpy(h->seal_key, h->verify_key, sizeof(h->seal_key));
	h->seal_epoch = 0;
	return 0;
}

int crm_open(crm_host *h, const char *path)
{
	memset(h, 0, sizeof(*h));
	h->now = CRM_T0;
	if (!path) {
		snprintf(h->dir, sizeof(h->dir), "/tmp/crm_host.XXXXXX");
		if (!mkdtemp(h->dir)) {
			perror("crm_host: mkdtemp");
			h->dir[0] = '\0';
			return -1;
		}
		snprintf(h->path, sizeof(h->path), "%s/crm.db", h->dir);
		path = h->path;
	}
	/* a CRM's commits must survive a power cut */
	telsvc_sqlite_options so = TELSVC_SQLITE_OPTIONS_INIT;
	so.sync = TELSVC_SQLITE_SYNC_FULL;
	int rc = telsvc_sqlite_open(&h->db, path, &so);
	if (rc)
		return crm_failed(path, rc);
	/* the scenario numbers and checks its cases from an empty store */
	uint64_t objects;
	rc = telsvc_sqlite_object_count(&objects, h->db, 0);
	if (rc)
		return crm_failed(path, rc);
	if (objects) {
		fprintf(stderr, "crm_host: %s already holds %llu objects; give a new database\n", path,
			(unsigned long long)objects);
		return -1;
	}

	telsvc_ctx_options o = ctx_options(h);
	rc = telsvc_ctx_new(&h->policy_ctx, &o);
	if (rc)
		return crm_failed("policy context", rc);
	/* The embedded handbook. A host with its own policy reads the YAML
	 * file itself and passes the bytes to telsvc_policy_load(). */
	rc = telsvc_policy_default(&h->policy, h->policy_ctx);
	if (rc)
		return crm_failed("policy", rc);
	return new_audit_key(h);
}

int crm_desk_open(crm_host *h, telsvc_ctx **out)
{
	telsvc_ctx_options o = ctx_options(h);
	telsvc_storage st;
	telsvc_ctx *ctx;
	*out = NULL;
	int rc = telsvc_ctx_new(&ctx, &o);
	if (rc)
		return crm_failed("context", rc);
	rc = telsvc_ctx_set_policy(ctx, h->policy);
	if (rc == TELSVC_OK)
		rc = telsvc_sqlite_storage(&st, h->db);
	if (rc == TELSVC_OK)
		rc = telsvc_ctx_set_storage(ctx, &st);
	if (rc) {
		telsvc_ctx_free(ctx);
		return crm_failed("storage", rc);
	}

	/* The current sealing key with its epoch: a new log begins in epoch
	 * 0, a log already further on evolves the key forward. The library
	 * copies it; key_evolved tells of each new one. */
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = h->seal_key;
	ao.key_size = sizeof(h->seal_key);
	ao.epoch = h->seal_epoch;
	ao.epoch_records = CRM_EPOCH_RECORDS;
	ao.checkpoint_records = CRM_CHECKPOINT_RECORDS;
	ao.key_evolved = key_evolved;
	ao.payload = h;
	rc = telsvc_ctx_set_audit_key(ctx, &ao);
	if (rc == TELSVC_OK)
		rc = telsvc_ctx_load(ctx);
	if (rc == TELSVC_OK)
		rc = telsvc_ctx_set_change_fn(ctx, on_change, h);
	if (rc) {
		telsvc_ctx_free(ctx);
		return crm_failed("opening the desk", rc);
	}
	*out = ctx;
	return 0;
}

void crm_close(crm_host *h)
{
	/* after every context that borrows them */
	telsvc_policy_free(h->policy);
	telsvc_ctx_free(h->policy_ctx);
	telsvc_sqlite_close(h->db);
	if (h->dir[0]) {
		char name[sizeof(h->path) + 8];
		unlink(h->path);
		snprintf(name, sizeof(name), "%s-wal", h->path);
		unlink(name);
		snprintf(name, sizeof(name), "%s-shm", h->path);
		unlink(name);
		rmdir(h->dir);
	}
	memset(h->verify_key, 0, sizeof(h->verify_key));
	memset(h->seal_key, 0, sizeof(h->seal_key));
}
