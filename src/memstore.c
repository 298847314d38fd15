/* The reference in-memory backend: an open-addressing hash table of
 * objects, audit records packed into large append-only chunks, and an
 * undo log that makes every transaction atomic. */
#include "common.h"

#include "telsvc/memstore.h"

#include <string.h>

typedef struct entry {
	int kind;
	char *id; /* NULL: empty slot */
	uint64_t hash; /* of kind and id: a probe compares it before reading the key */
	uint64_t revision;
	void *data;
	size_t size;
} entry;

/* What a put replaced, to restore on rollback. @id is the entry's own
 * key: no entry is removed inside a transaction except by its rollback. */
typedef struct undo {
	int kind;
	const char *id;
	bool existed;
	uint64_t revision;
	void *data;
	size_t size;
} undo;

typedef struct audit_rec {
	const void *data; /* inside a chunk */
	size_t size;
} audit_rec;

/* An audit record's bytes before a transaction replaced them. */
typedef struct replaced {
	uint64_t seq;
	audit_rec old;
} replaced;

/* Audit records are never changed or freed one by one, so they are
 * packed into chunks: no allocation per record, and no per-block
 * overhead. A record larger than a chunk gets a chunk of its own. */
#define MS_CHUNK (64 * 1024)

typedef struct chunk {
	struct chunk *prev;
	size_t used, cap;
	unsigned char data[];
} chunk;

struct telsvc_memstore {
	telsvc_ctx *ctx;
	entry *slots;
	size_t cap, count; /* cap a power of two, count of live entries */
	audit_rec *audit;
	size_t audit_count, audit_cap;
	chunk *chunks; /* the newest, linked to older ones */
	bool in_txn;
	undo *undos;
	size_t undo_count, undo_cap;
	replaced *replaced; /* audit records the transaction replaced */
	size_t replaced_count, replaced_cap;
	/* the audit log as the transaction found it */
	size_t audit_at_begin;
	chunk *chunk_at_begin;
	size_t used_at_begin;
};

static uint64_t hash_key(int kind, const char *id)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)kind;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

static entry *find_hashed(const telsvc_memstore *s, int kind, const char *id, uint64_t h)
{
	size_t mask = s->cap - 1, i = (size_t)h & mask;
	while (s->slots[i].id &&
	       (s->slots[i].hash != h || s->slots[i].kind != kind || strcmp(s->slots[i].id, id) != 0))
		i = (i + 1) & mask;
	return &s->slots[i];
}

static entry *find_slot(const telsvc_memstore *s, int kind, const char *id)
{
	return find_hashed(s, kind, id, hash_key(kind, id));
}

static int grow(telsvc_memstore *s)
{
	size_t cap = s->cap * 2;
	entry *slots = ts_calloc(s->ctx, cap, sizeof(*slots)), *old = s->slots;
	if (!slots)
		return TELSVC_ENOMEM;
	size_t old_cap = s->cap;
	s->slots = slots;
	s->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].id)
			*find_hashed(s, old[i].kind, old[i].id, old[i].hash) = old[i];
	ts_free(s->ctx, old);
	return TELSVC_OK;
}

int telsvc_memstore_new(telsvc_memstore **out, telsvc_ctx *ctx)
{
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_memstore_new: %s is NULL", out ? "ctx" : "out");
	*out = NULL;
	telsvc_memstore *s = ts_calloc(ctx, 1, sizeof(*s));
	if (!s)
		return TELSVC_ENOMEM;
	s->ctx = ctx;
	s->cap = 16;
	s->slots = ts_calloc(ctx, s->cap, sizeof(*s->slots));
	if (!s->slots) {
		ts_free(ctx, s);
		return TELSVC_ENOMEM;
	}
	*out = s;
	return TELSVC_OK;
}

static void drop_undos(telsvc_memstore *s)
{
	for (size_t i = 0; i < s->undo_count; i++)
		ts_free(s->ctx, s->undos[i].data);
	s->undo_count = 0;
}

/* Free the chunks newer than @keep, and set @keep's fill to @used. */
static void cut_chunks(telsvc_memstore *s, chunk *keep, size_t used)
{
	while (s->chunks != keep) {
		chunk *c = s->chunks;
		s->chunks = c->prev;
		ts_free(s->ctx, c);
	}
	if (keep)
		keep->used = used;
}

static int ms_rollback(void *payload);

void telsvc_memstore_free(telsvc_memstore *s)
{
	if (!s)
		return;
	if (s->in_txn)
		ms_rollback(s);
	for (size_t i = 0; i < s->cap; i++) {
		ts_free(s->ctx, s->slots[i].id);
		ts_free(s->ctx, s->slots[i].data);
	}
	cut_chunks(s, NULL, 0);
	ts_free(s->ctx, s->slots);
	ts_free(s->ctx, s->audit);
	ts_free(s->ctx, s->undos);
	ts_free(s->ctx, s->replaced);
	ts_free(s->ctx, s);
}

static int ms_begin(void *payload)
{
	telsvc_memstore *s = payload;
	if (s->in_txn)
		return ts_error(TELSVC_ESTORAGE, "memstore: a transaction is already open");
	s->in_txn = true;
	s->audit_at_begin = s->audit_count;
	s->chunk_at_begin = s->chunks;
	s->used_at_begin = s->chunks ? s->chunks->used : 0;
	return TELSVC_OK;
}

static int ms_commit(void *payload)
{
	telsvc_memstore *s = payload;
	if (!s->in_txn)
		return ts_error(TELSVC_ESTORAGE, "memstore: commit without a transaction");
	drop_undos(s);
	s->replaced_count = 0;
	s->in_txn = false;
	return TELSVC_OK;
}

/* Remove the entry at @e keeping the probe sequences of others intact. */
static void remove_entry(telsvc_memstore *s, entry *e)
{
	size_t mask = s->cap - 1, i = (size_t)(e - s->slots);
	ts_free(s->ctx, e->id);
	ts_free(s->ctx, e->data);
	s->slots[i] = (entry){ 0 };
	s->count--;
	for (size_t j = (i + 1) & mask; s->slots[j].id; j = (j + 1) & mask) {
		entry moved = s->slots[j];
		s->slots[j] = (entry){ 0 };
		*find_hashed(s, moved.kind, moved.id, moved.hash) = moved;
	}
}

static int ms_rollback(void *payload)
{
	telsvc_memstore *s = payload;
	if (!s->in_txn)
		return ts_error(TELSVC_ESTORAGE, "memstore: rollback without a transaction");
	while (s->undo_count) {
		undo *u = &s->undos[--s->undo_count];
		entry *e = find_slot(s, u->kind, u->id);
		if (u->existed) {
			ts_free(s->ctx, e->data);
			e->revision = u->revision;
			e->data = u->data;
			e->size = u->size;
		} else {
			remove_entry(s, e); /* frees the key u->id borrowed */
			ts_free(s->ctx, u->data);
		}
	}
	while (s->replaced_count) { /* the old bytes are still in their chunks */
		const replaced *r = &s->replaced[--s->replaced_count];
		s->audit[r->seq - 1] = r->old;
	}
	cut_chunks(s, s->chunk_at_begin, s->used_at_begin);
	s->audit_count = s->audit_at_begin;
	s->in_txn = false;
	return TELSVC_OK;
}

static void *copy_bytes(telsvc_ctx *ctx, const void *data, size_t size)
{
	void *p = ts_malloc(ctx, size ? size : 1);
	if (p && size)
		memcpy(p, data, size);
	return p;
}

static int ms_put(void *payload, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	telsvc_memstore *s = payload;
	if (!id || (!data && size))
		return ts_error(TELSVC_EINVAL, "memstore: put without an id or data");
	if ((s->count + 1) * 4 > s->cap * 3 && grow(s))
		return TELSVC_ENOMEM;
	uint64_t h = hash_key(kind, id);
	entry *e = find_hashed(s, kind, id, h);
	uint64_t current = e->id ? e->revision : 0;
	if (current != expected)
		return ts_error(TELSVC_ECONFLICT, "memstore: object %d/%s is at revision %llu, not %llu", kind, id,
				(unsigned long long)current, (unsigned long long)expected);
	void *copy = copy_bytes(s->ctx, data, size);
	char *key = e->id ? NULL : ts_strdup(s->ctx, id);
	bool undo_room = !s->in_txn || ts_grow(s->ctx, &s->undos, &s->undo_cap, s->undo_count, sizeof(undo), 8) == 0;
	if (!copy || (!e->id && !key) || !undo_room) {
		ts_free(s->ctx, copy);
		ts_free(s->ctx, key);
		return ts_error_nomem();
	}
	bool existed = e->id != NULL;
	if (!existed) {
		e->id = key;
		e->kind = kind;
		e->hash = h;
		s->count++;
	}
	if (s->in_txn)
		s->undos[s->undo_count++] = (undo){ kind, e->id, existed, e->revision, e->data, e->size };
	else
		ts_free(s->ctx, e->data);
	e->revision = expected + 1;
	e->data = copy;
	e->size = size;
	return TELSVC_OK;
}

static int ms_get(void *payload, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	telsvc_memstore *s = payload;
	entry *e = find_slot(s, kind, id);
	if (!e->id)
		return TELSVC_ENOTFOUND;
	int rc = telsvc_buf_set(out, e->data, e->size);
	if (rc == TELSVC_OK)
		*revision = e->revision;
	return rc;
}

static int ms_iterate(void *payload, int kind, telsvc_storage_visit_fn visit, void *visit_payload)
{
	telsvc_memstore *s = payload;
	for (size_t i = 0; i < s->cap; i++) {
		const entry *e = &s->slots[i];
		if (!e->id || e->kind != kind)
			continue;
		int rc = visit(e->kind, e->id, e->revision, e->data, e->size, visit_payload);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

/* @size bytes copied into the newest chunk (a new one if they do not fit). */
static const void *chunk_copy(telsvc_memstore *s, const void *data, size_t size)
{
	chunk *c = s->chunks;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > MS_CHUNK ? size : MS_CHUNK;
		if (!(c = ts_malloc(s->ctx, sizeof(*c) + cap)))
			return NULL;
		*c = (chunk){ s->chunks, 0, cap };
		s->chunks = c;
	}
	unsigned char *at = c->data + c->used;
	if (size)
		memcpy(at, data, size);
	c->used += size;
	return at;
}

static int ms_audit_append(void *payload, uint64_t seq, const void *data, size_t size)
{
	telsvc_memstore *s = payload;
	if (seq != s->audit_count + 1)
		return ts_error(seq <= s->audit_count ? TELSVC_ECONFLICT : TELSVC_ESTORAGE,
				"memstore: audit record %llu appended where %llu is next", (unsigned long long)seq,
				(unsigned long long)(s->audit_count + 1));
	if (ts_grow(s->ctx, &s->audit, &s->audit_cap, s->audit_count, sizeof(*s->audit), 64))
		return TELSVC_ENOMEM;
	const void *copy = chunk_copy(s, data, size);
	if (!copy)
		return TELSVC_ENOMEM;
	s->audit[s->audit_count++] = (audit_rec){ copy, size };
	return TELSVC_OK;
}

/* The replaced bytes stay in their chunk until the store is freed: a
 * purge is rare, and the chunks are append-only. */
static int ms_audit_replace(void *payload, uint64_t seq, const void *data, size_t size)
{
	telsvc_memstore *s = payload;
	if (seq == 0 || seq > s->audit_count)
		return ts_error(TELSVC_ENOTFOUND, "memstore: no audit record %llu", (unsigned long long)seq);
	if (s->in_txn && ts_grow(s->ctx, &s->replaced, &s->replaced_cap, s->replaced_count, sizeof(replaced), 8))
		return TELSVC_ENOMEM;
	const void *copy = chunk_copy(s, data, size);
	if (!copy)
		return TELSVC_ENOMEM;
	if (s->in_txn)
		s->replaced[s->replaced_count++] = (replaced){ seq, s->audit[seq - 1] };
	s->audit[seq - 1] = (audit_rec){ copy, size };
	return TELSVC_OK;
}

static int ms_audit_iterate(void *payload, uint64_t from_seq, telsvc_audit_visit_fn visit, void *visit_payload)
{
	telsvc_memstore *s = payload;
	for (uint64_t seq = from_seq ? from_seq : 1; seq <= s->audit_count; seq++) {
		int rc = visit(seq, s->audit[seq - 1].data, s->audit[seq - 1].size, visit_payload);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

int telsvc_memstore_storage(telsvc_storage *out, telsvc_memstore *s)
{
	if (!out || !s)
		return ts_error(TELSVC_EINVAL, "telsvc_memstore_storage: %s is NULL", out ? "store" : "out");
	*out = (telsvc_storage){
		.version = TELSVC_STORAGE_VERSION,
		.capabilities = TELSVC_STORAGE_CAP_ATOMIC,
		.payload = s,
		.begin = ms_begin,
		.commit = ms_commit,
		.rollback = ms_rollback,
		.put = ms_put,
		.get = ms_get,
		.iterate = ms_iterate,
		.audit_append = ms_audit_append,
		.audit_iterate = ms_audit_iterate,
		.audit_replace = ms_audit_replace,
	};
	return TELSVC_OK;
}

size_t telsvc_memstore_object_count(const telsvc_memstore *s)
{
	return s ? s->count : 0;
}

uint64_t telsvc_memstore_audit_count(const telsvc_memstore *s)
{
	return s ? s->audit_count : 0;
}
