/* What a transaction writes at its commit (docs/postgresql.md): the
 * objects it put more than once, whose rows its first put locked, and its
 * audit records, whose numbers the store's lock keeps for it. They go as
 * one pipeline, with the COMMIT, in one round trip; in chunks whose
 * answers are read before the next is sent, so that neither side fills
 * its socket waiting for the other. */
#include "pg_internal.h"

#include <stdlib.h>
#include <string.h>

/* Statements sent before their answers are read. */
#define CHUNK 256

int tpg_batch_add(tpg_batch *b, uint64_t seq, const void *data, size_t size)
{
	if (b->count == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 64;
		tpg_record *r = realloc(b->records, cap * sizeof(*r));
		if (!r)
			return tpg_say(TELSVC_ENOMEM, "postgresql: audit append: out of memory");
		b->records = r, b->cap = cap;
	}
	if (size > b->bytes_cap - b->size) {
		size_t cap = b->bytes_cap ? 2 * b->bytes_cap : 65536;
		while (cap - b->size < size)
			cap *= 2;
		unsigned char *bytes = realloc(b->bytes, cap);
		if (!bytes)
			return tpg_say(TELSVC_ENOMEM, "postgresql: audit append: out of memory");
		b->bytes = bytes, b->bytes_cap = cap;
	}
	memcpy(b->bytes + b->size, data, size);
	b->records[b->count++] = (tpg_record){ seq, b->size, size };
	b->size += size;
	return TELSVC_OK;
}

void tpg_batch_free(tpg_batch *b)
{
	free(b->records);
	free(b->bytes);
	memset(b, 0, sizeof(*b));
}

void tpg_forget(telsvc_pg *p)
{
	pending_clear(&p->written);
	p->appended.count = 0;
	p->appended.size = 0;
}

/* Read the answers to the @sent statements before the sync, and the
 * sync's; @status, or the first failure among them. The last statement
 * is the COMMIT when @commit. */
static int drain(telsvc_pg *p, int sent, bool commit, int status)
{
	for (int i = 0; i < sent; i++) {
		PGresult *r = PQgetResult(p->conn);
		bool is_commit = commit && i == sent - 1;
		if (status == TELSVC_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
			status = tpg_fail(p, r, is_commit ? "commit" : "writing the transaction");
			r = NULL;
		} else if (status == TELSVC_OK && strcmp(is_commit ? PQcmdStatus(r) : PQcmdTuples(r),
							is_commit ? "COMMIT" : "1")) {
			status = tpg_say(TELSVC_ESTORAGE, is_commit ? "postgresql: commit: the transaction was rolled back"
								: "postgresql: writing the transaction: a row is gone");
		}
		PQclear(r);
		while ((r = PQgetResult(p->conn))) /* the end of this statement's answer */
			PQclear(r);
	}
	PGresult *r = PQgetResult(p->conn);
	if (status == TELSVC_OK && PQresultStatus(r) != PGRES_PIPELINE_SYNC)
		status = tpg_fail(p, r, "writing the transaction");
	else
		PQclear(r);
	return status;
}

/* Queue statement @q; every CHUNK statements, read their answers. */
static int send(telsvc_pg *p, int q, const params *ps, int *sent)
{
	if (!PQsendQueryPrepared(p->conn, tpg_queries[q].name, ps->n, ps->value, ps->length, ps->format, 1))
		return tpg_fail(p, NULL, "writing the transaction");
	if (++*sent < CHUNK)
		return TELSVC_OK;
	int n = *sent;
	*sent = 0;
	return PQpipelineSync(p->conn) ? drain(p, n, false, TELSVC_OK) : tpg_fail(p, NULL, "writing the transaction");
}

static int send_all(telsvc_pg *p, int *sent)
{
	pending_object **dirty;
	size_t n;
	if (pending_dirty(&p->written, &dirty, &n))
		return tpg_say(TELSVC_ENOMEM, "postgresql: writing the transaction: out of memory");
	int rc = TELSVC_OK;
	for (size_t i = 0; rc == TELSVC_OK && i < n; i++) {
		const pending_object *o = dirty[i];
		params ps = { .n = 0 };
		p_int(&ps, o->kind, 4);
		p_text(&ps, o->id);
		p_int(&ps, (int64_t)o->revision, 8);
		p_bytes(&ps, o->data, o->size);
		rc = send(p, Q_FLUSH, &ps, sent);
	}
	const tpg_batch *b = &p->appended;
	for (size_t i = 0; rc == TELSVC_OK && i < b->count; i++) {
		params ps = { .n = 0 };
		p_int(&ps, (int64_t)b->records[i].seq, 8);
		p_bytes(&ps, b->bytes + b->records[i].at, b->records[i].size);
		rc = send(p, Q_AUDIT_WRITE, &ps, sent);
	}
	return rc;
}

int tpg_flush(telsvc_pg *p, bool commit)
{
	if (!PQenterPipelineMode(p->conn))
		return tpg_fail(p, NULL, "writing the transaction");
	int sent = 0, rc = send_all(p, &sent);
	if (rc == TELSVC_OK && commit && !PQsendQueryParams(p->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0))
		rc = tpg_fail(p, NULL, "commit");
	else if (rc == TELSVC_OK && commit)
		sent++;
	if (sent || rc == TELSVC_OK)
		rc = PQpipelineSync(p->conn) ? drain(p, sent, commit && rc == TELSVC_OK, rc)
					     : tpg_fail(p, NULL, "writing the transaction");
	PQexitPipelineMode(p->conn);
	if (rc != TELSVC_OK && commit && !tpg_idle(p))
		PQclear(PQexec(p->conn, "ROLLBACK")); /* what failed is what is reported */
	if (rc == TELSVC_OK) {
		for (size_t i = 0; i < p->written.cap && p->written.count; i++)
			p->written.slots[i].dirty = false;
		p->appended.count = p->appended.size = 0;
	}
	return rc;
}
