/* A storage table over records the fuzz targets choose (fuzz_store.h). */
#include "fuzz_store.h"

#include <stdlib.h>
#include <string.h>

static void *must(void *p)
{
	if (!p)
		abort();
	return p;
}

static fuzz_bytes copy_bytes(const void *data, size_t size)
{
	fuzz_bytes b = { must(malloc(size ? size : 1)), size };
	if (size)
		memcpy(b.data, data, size);
	return b;
}

static int s_ok(void *p)
{
	(void)p;
	return TELSVC_OK;
}

/* Where object (@kind, @id) is or would go: a case's kind has one place,
 * whatever is there; a delivery record is found by @id, or a new place is
 * made when @make. NULL: an unknown kind, or no such record. */
static fuzz_object *object_of(fuzz_store *fs, int kind, const char *id, bool make)
{
	if (kind >= 1 && kind < TELSVC_KIND_DELIVERED)
		return &fs->objects[kind];
	if (kind != TELSVC_KIND_DELIVERED)
		return NULL;
	for (size_t i = 0; i < fs->delivered_count; i++)
		if (strcmp(fs->delivered[i].id, id) == 0)
			return &fs->delivered[i];
	if (!make)
		return NULL;
	if (fs->delivered_count == fs->delivered_cap) {
		fs->delivered_cap = fs->delivered_cap ? 2 * fs->delivered_cap : 8;
		fs->delivered = must(realloc(fs->delivered, fs->delivered_cap * sizeof(*fs->delivered)));
	}
	fs->delivered[fs->delivered_count] = (fuzz_object){ must(strdup(id)), 0, { NULL, 0 } };
	return &fs->delivered[fs->delivered_count++];
}

static int s_put(void *p, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	fuzz_object *o = object_of(p, kind, id, expected == 0);
	if (!o)
		return kind == TELSVC_KIND_DELIVERED ? TELSVC_ECONFLICT : TELSVC_EINVAL;
	bool same = o->id && strcmp(o->id, id) == 0;
	if ((o->id && !same) || (same ? o->revision : 0) != expected)
		return TELSVC_ECONFLICT;
	fuzz_store_put(p, kind, id, data, size);
	o->revision = expected + 1;
	return TELSVC_OK;
}

static int s_get(void *p, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	fuzz_object *o = object_of(p, kind, id, false);
	if (!o || !o->id || strcmp(o->id, id) != 0)
		return TELSVC_ENOTFOUND;
	*revision = o->revision;
	return telsvc_buf_set(out, o->rec.data, o->rec.size);
}

static int visit_object(const fuzz_object *o, int kind, telsvc_storage_visit_fn visit, void *vp)
{
	return o->id && o->revision ? visit(kind, o->id, o->revision, o->rec.data, o->rec.size, vp) : TELSVC_OK;
}

static int s_iterate(void *p, int kind, telsvc_storage_visit_fn visit, void *vp)
{
	fuzz_store *fs = p;
	if (kind >= 1 && kind < TELSVC_KIND_DELIVERED)
		return visit_object(&fs->objects[kind], kind, visit, vp);
	if (kind != TELSVC_KIND_DELIVERED)
		return TELSVC_OK;
	int rc = TELSVC_OK;
	for (size_t i = 0; i < fs->delivered_count && rc == TELSVC_OK; i++)
		rc = visit_object(&fs->delivered[i], kind, visit, vp);
	return rc;
}

static int s_audit_append(void *p, uint64_t seq, const void *data, size_t size)
{
	fuzz_store *fs = p;
	fuzz_store_log_insert(fs, fs->log_count, seq, data, size);
	return TELSVC_OK;
}

static int s_audit_iterate(void *p, uint64_t from, telsvc_audit_visit_fn visit, void *vp)
{
	fuzz_store *fs = p;
	for (size_t i = 0; i < fs->log_count; i++) {
		const fuzz_entry *e = &fs->log[i];
		int rc = e->stored < from ? TELSVC_OK : visit(e->stored, e->rec.data, e->rec.size, vp);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

void fuzz_store_storage(fuzz_store *fs, telsvc_storage *out)
{
	*out = (telsvc_storage){
		.version = TELSVC_STORAGE_VERSION,
		.payload = fs,
		.begin = s_ok,
		.commit = s_ok,
		.rollback = s_ok,
		.put = s_put,
		.get = s_get,
		.iterate = s_iterate,
		.audit_append = s_audit_append,
		.audit_iterate = s_audit_iterate,
	};
}

void fuzz_store_put(fuzz_store *fs, int kind, const char *id, const void *data, size_t size)
{
	fuzz_object *o = must(object_of(fs, kind, id, true));
	fuzz_bytes rec = copy_bytes(data, size);
	char *name = must(strdup(id));
	free(o->id);
	free(o->rec.data);
	*o = (fuzz_object){ name, 1, rec };
}

void fuzz_store_log_insert(fuzz_store *fs, size_t at, uint64_t stored, const void *data, size_t size)
{
	if (fs->log_count == fs->log_cap) {
		fs->log_cap = fs->log_cap ? 2 * fs->log_cap : 16;
		fs->log = must(realloc(fs->log, fs->log_cap * sizeof(*fs->log)));
	}
	memmove(&fs->log[at + 1], &fs->log[at], (fs->log_count - at) * sizeof(*fs->log));
	fs->log[at] = (fuzz_entry){ stored, copy_bytes(data, size) };
	fs->log_count++;
}

void fuzz_store_log_remove(fuzz_store *fs, size_t at)
{
	free(fs->log[at].rec.data);
	memmove(&fs->log[at], &fs->log[at + 1], (fs->log_count - at - 1) * sizeof(*fs->log));
	fs->log_count--;
}

void fuzz_store_copy(fuzz_store *dst, const fuzz_store *src)
{
	*dst = (fuzz_store){ 0 };
	for (int k = 1; k < TELSVC_KIND_DELIVERED; k++) {
		const fuzz_object *o = &src->objects[k];
		if (o->id) {
			fuzz_store_put(dst, k, o->id, o->rec.data, o->rec.size);
			dst->objects[k].revision = o->revision;
		}
	}
	for (size_t i = 0; i < src->delivered_count; i++) {
		const fuzz_object *o = &src->delivered[i];
		fuzz_store_put(dst, TELSVC_KIND_DELIVERED, o->id, o->rec.data, o->rec.size);
		dst->delivered[i].revision = o->revision;
	}
	for (size_t i = 0; i < src->log_count; i++)
		fuzz_store_log_insert(dst, i, src->log[i].stored, src->log[i].rec.data, src->log[i].rec.size);
}

/* The next entry of @fs from @i on stored from @from on; the count at the end. */
static size_t next_from(const fuzz_store *fs, size_t i, uint64_t from)
{
	while (i < fs->log_count && fs->log[i].stored < from)
		i++;
	return i;
}

bool fuzz_store_log_equal(const fuzz_store *a, const fuzz_store *b, uint64_t from)
{
	size_t i = next_from(a, 0, from), j = next_from(b, 0, from);
	for (; i < a->log_count && j < b->log_count; i = next_from(a, i + 1, from), j = next_from(b, j + 1, from)) {
		const fuzz_entry *x = &a->log[i], *y = &b->log[j];
		if (x->stored != y->stored || x->rec.size != y->rec.size ||
		    memcmp(x->rec.data, y->rec.data, x->rec.size) != 0)
			return false;
	}
	return i == a->log_count && j == b->log_count;
}

void fuzz_store_free(fuzz_store *fs)
{
	for (int k = 1; k < TELSVC_KIND_DELIVERED; k++) {
		free(fs->objects[k].id);
		free(fs->objects[k].rec.data);
	}
	for (size_t i = 0; i < fs->delivered_count; i++) {
		free(fs->delivered[i].id);
		free(fs->delivered[i].rec.data);
	}
	free(fs->delivered);
	while (fs->log_count)
		fuzz_store_log_remove(fs, fs->log_count - 1);
	free(fs->log);
	*fs = (fuzz_store){ 0 };
}
