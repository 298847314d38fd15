/* The audit log on SQLite (docs/sqlite.md): a row of telsvc_audit holds
 * one record or a run of consecutive ones, the first numbered by the
 * row's seq. The records a transaction appends are kept back and written
 * at most AUDIT_RUN to a row, which costs SQLite one row where it cost one
 * per record; records delimit themselves (docs/record-format.md), so a
 * row is split again on reading. A record appended outside a
 * transaction, and bytes that are not one whole record, have a row of
 * their own, as every record had in schema 1. */
#include "sqlite_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The size the record at @p gives itself in its header: the body length
 * with the header and the checksum (docs/record-format.md); 0 when the
 * @left bytes there do not begin with a record that fits in them. */
static size_t header_size(const unsigned char *p, size_t left)
{
	if (left < 16 || memcmp(p, "TSVR", 4) != 0)
		return 0;
	uint32_t body = (uint32_t)p[8] | (uint32_t)p[9] << 8 | (uint32_t)p[10] << 16 | (uint32_t)p[11] << 24;
	return body <= left - 16 ? 16 + (size_t)body : 0;
}

/* The size of the record at @p; all @left bytes there when they are not
 * one whole record, which the library then refuses as corrupt. */
static size_t record_size(const unsigned char *p, size_t left)
{
	size_t n = header_size(p, left);
	return n ? n : left;
}

/* How many records the @size bytes of a row hold. */
static uint64_t records_in(const unsigned char *data, size_t size)
{
	uint64_t n = 0;
	for (size_t at = 0; at < size; n++)
		at += record_size(data + at, size - at);
	return n ? n : 1; /* an empty row is one (empty, corrupt) record */
}

static int audit_said(int status, const char *what, uint64_t seq)
{
	char message[128];
	snprintf(message, sizeof(message), "sqlite: audit record %llu %s", (unsigned long long)seq, what);
	return tsq_say(status, message);
}

/* Insert the row that begins with record @seq. */
static int audit_insert(telsvc_sqlite *s, uint64_t seq, const void *data, size_t size)
{
	sqlite3_stmt *q = tsq_stmt(s, ST_AUDIT_APPEND);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)seq);
	tsq_bind_blob(q, 2, data, size);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_CONSTRAINT)
		return audit_said(TELSVC_ECONFLICT, "exists", seq);
	return rc == SQLITE_DONE ? TELSVC_OK : tsq_fail(s, TELSVC_ESTORAGE, "audit append");
}

/* Write the transaction's run as a row; a file of the schema before
 * runs is marked SCHEMA_RUNS in the same transaction when the row holds
 * more than one record. */
int tsq_audit_flush(telsvc_sqlite *s)
{
	audit_run *r = &s->run;
	if (!r->count)
		return TELSVC_OK;
	if (r->count > 1 && s->version < SCHEMA_RUNS) {
		if (sqlite3_exec(s->db, "PRAGMA user_version = " SCHEMA_TEXT(SCHEMA_RUNS), NULL, NULL, NULL) != SQLITE_OK)
			return tsq_fail(s, TELSVC_ESTORAGE, "marking the schema");
		s->version = SCHEMA_RUNS;
		s->version_open = true;
	}
	int rc = audit_insert(s, r->first, r->data, r->size);
	r->size = 0;
	r->count = 0;
	return rc;
}

/* The transaction ended: what it kept back is gone; a mark of the schema
 * it made is undone with it unless @committed. */
void tsq_audit_forget(telsvc_sqlite *s, bool committed)
{
	s->run.size = 0;
	s->run.count = 0;
	s->run.next = 0;
	if (s->version_open && !committed)
		s->version = SCHEMA_RUNS - 1;
	s->version_open = false;
}

/* The row whose run may hold record @seq: its first number and bytes,
 * valid until the caller resets ST_AUDIT_AT; or *@found false. */
static int audit_row_at(telsvc_sqlite *s, uint64_t seq, bool *found, uint64_t *first, const unsigned char **data,
			size_t *size)
{
	sqlite3_stmt *q = tsq_stmt(s, ST_AUDIT_AT);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)(seq > INT64_MAX ? INT64_MAX : seq));
	int rc = sqlite3_step(q);
	*found = rc == SQLITE_ROW;
	if (*found) {
		*first = (uint64_t)sqlite3_column_int64(q, 0);
		*data = sqlite3_column_blob(q, 1);
		*size = (size_t)sqlite3_column_bytes(q, 1);
	}
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TELSVC_OK : tsq_fail(s, TELSVC_ESTORAGE, "audit lookup");
}

/* Start a run at @seq: TELSVC_ECONFLICT if a row holds @seq already; the
 * run may grow until the next row's first number. */
static int audit_start(telsvc_sqlite *s, uint64_t seq)
{
	bool found;
	uint64_t first = 0;
	const unsigned char *data = NULL;
	size_t size = 0;
	int rc = audit_row_at(s, seq, &found, &first, &data, &size);
	if (rc)
		return rc;
	bool held = found && seq - first < records_in(data, size);
	sqlite3_reset(s->st[ST_AUDIT_AT]);
	if (held)
		return audit_said(TELSVC_ECONFLICT, "exists", seq);
	sqlite3_stmt *q = tsq_stmt(s, ST_AUDIT_AFTER);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)seq);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_reset(q);
		return tsq_fail(s, TELSVC_ESTORAGE, "audit lookup");
	}
	s->run.limit = sqlite3_column_type(q, 0) == SQLITE_NULL ? 0 : (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	s->run.next = seq;
	return TELSVC_OK;
}

int tsq_audit_append(void *payload, uint64_t seq, const void *data, size_t size)
{
	telsvc_sqlite *s = payload;
	if (seq == 0 || seq > INT64_MAX)
		return audit_said(TELSVC_ESTORAGE, "is out of range", seq);
	audit_run *r = &s->run;
	/* only whole records join a run, which is split again by their sizes */
	bool joins = !sqlite3_get_autocommit(s->db) && size && header_size(data, size) == size;
	if (!joins || seq != r->next || (r->limit && seq >= r->limit)) {
		int rc = tsq_audit_flush(s);
		if (rc == TELSVC_OK)
			rc = audit_start(s, seq);
		if (rc) {
			r->next = 0;
			return rc;
		}
	}
	if (!joins) {
		r->next = 0;
		return audit_insert(s, seq, data, size);
	}
	if (r->size + size > r->cap) {
		size_t cap = r->cap ? r->cap : 16384;
		while (cap < r->size + size)
			cap *= 2;
		unsigned char *grown = realloc(r->data, cap);
		if (!grown)
			return tsq_say(TELSVC_ENOMEM, "sqlite: audit append: out of memory");
		r->data = grown;
		r->cap = cap;
	}
	if (!r->count)
		r->first = seq;
	memcpy(r->data + r->size, data, size);
	r->size += size;
	r->next = seq + 1;
	return ++r->count == AUDIT_RUN ? tsq_audit_flush(s) : TELSVC_OK;
}

int tsq_audit_iterate(void *payload, uint64_t from, telsvc_audit_visit_fn visit, void *visit_payload)
{
	telsvc_sqlite *s = payload;
	int status = tsq_audit_flush(s);
	if (status)
		return status;
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(s->db, tsq_sql[ST_AUDIT_ITERATE], -1, &q, NULL) != SQLITE_OK)
		return tsq_fail(s, TELSVC_ESTORAGE, "audit iterate");
	sqlite3_bind_int64(q, 1, (sqlite3_int64)(from > INT64_MAX ? INT64_MAX : from));
	int rc;
	while (status == TELSVC_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		uint64_t seq = (uint64_t)sqlite3_column_int64(q, 0);
		const unsigned char *data = sqlite3_column_blob(q, 1);
		size_t size = (size_t)sqlite3_column_bytes(q, 1), at = 0;
		do {
			size_t n = record_size(data + at, size - at);
			if (seq >= from)
				status = visit(seq, data + at, n, visit_payload);
			seq++;
			at += n;
		} while (status == TELSVC_OK && at < size);
	}
	if (status == TELSVC_OK && rc != SQLITE_DONE)
		status = tsq_fail(s, TELSVC_ESTORAGE, "audit iterate");
	sqlite3_finalize(q);
	return status;
}

int tsq_audit_replace(void *payload, uint64_t seq, const void *data, size_t size)
{
	telsvc_sqlite *s = payload;
	bool found;
	uint64_t first = 0;
	const unsigned char *row = NULL;
	size_t row_size = 0, at = 0, n = 0;
	int rc = tsq_audit_flush(s);
	if (rc == TELSVC_OK)
		rc = audit_row_at(s, seq, &found, &first, &row, &row_size);
	if (rc)
		return rc;
	/* the record's place in its row */
	bool hit = false;
	for (uint64_t i = first; found && at < row_size; i++, at += n) {
		n = record_size(row + at, row_size - at);
		if ((hit = (i == seq)))
			break;
	}
	/* the row again, the record replaced */
	size_t total = row_size - n + size;
	unsigned char *bytes = hit ? malloc(total ? total : 1) : NULL;
	if (bytes) {
		memcpy(bytes, row, at);
		if (size)
			memcpy(bytes + at, data, size);
		memcpy(bytes + at + size, row + at + n, row_size - at - n);
	}
	sqlite3_reset(s->st[ST_AUDIT_AT]);
	if (!hit)
		return audit_said(TELSVC_ENOTFOUND, "does not exist", seq);
	if (!bytes)
		return tsq_say(TELSVC_ENOMEM, "sqlite: audit replace: out of memory");
	sqlite3_stmt *q = tsq_stmt(s, ST_AUDIT_REPLACE);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)first);
	tsq_bind_blob(q, 2, bytes, total);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	free(bytes);
	return rc == SQLITE_DONE ? TELSVC_OK : tsq_fail(s, TELSVC_ESTORAGE, "audit replace");
}

int telsvc_sqlite_audit_count(uint64_t *out, telsvc_sqlite *db)
{
	if (!out || !db)
		return tsq_say(TELSVC_EINVAL, "telsvc_sqlite: an argument is NULL");
	*out = 0;
	int rc = tsq_audit_flush(db);
	if (rc)
		return rc;
	/* a row holds a run of records: each row's are counted */
	sqlite3_stmt *q = tsq_stmt(db, ST_AUDIT_ALL);
	uint64_t n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		n += records_in(sqlite3_column_blob(q, 1), (size_t)sqlite3_column_bytes(q, 1));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return tsq_fail(db, TELSVC_ESTORAGE, "count");
	*out = n;
	return TELSVC_OK;
}
