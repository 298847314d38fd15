/* Failure injection around any storage backend (TESTING.md: fault store). */
#include "fault_store.h"

#include <telsvc/errors.h>

static int should_fail(fault_store *fs, enum fault_method m)
{
	if (fs->method != FAULT_ANY && fs->method != m)
		return 0;
	fs->calls++;
	if (fs->fail_at && (fs->calls == fs->fail_at || (fs->persistent && fs->calls > fs->fail_at))) {
		fs->failures++;
		telsvc_error_set(fs->status ? fs->status : TELSVC_ESTORAGE, "fault store: injected failure");
		return 1;
	}
	return 0;
}

#define FAIL_OR(m) \
	if (should_fail(fs, m)) \
	return fs->status ? fs->status : TELSVC_ESTORAGE

static int f_begin(void *p)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_BEGIN);
	return fs->inner.begin(fs->inner.payload);
}

static int f_commit(void *p)
{
	fault_store *fs = p;
	if (should_fail(fs, FAULT_COMMIT)) {
		if (fs->ambiguous_commit)
			fs->inner.commit(fs->inner.payload);
		else
			fs->inner.rollback(fs->inner.payload);
		return fs->status ? fs->status : TELSVC_ESTORAGE;
	}
	return fs->inner.commit(fs->inner.payload);
}

static int f_rollback(void *p)
{
	fault_store *fs = p;
	if (should_fail(fs, FAULT_ROLLBACK)) {
		fs->inner.rollback(fs->inner.payload); /* the transaction still ends */
		return fs->status ? fs->status : TELSVC_ESTORAGE;
	}
	return fs->inner.rollback(fs->inner.payload);
}

static int f_put(void *p, int kind, const char *id, uint64_t expected, const void *data, size_t size)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_PUT);
	return fs->inner.put(fs->inner.payload, kind, id, expected, data, size);
}

static int f_get(void *p, int kind, const char *id, uint64_t *revision, telsvc_buf *out)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_GET);
	return fs->inner.get(fs->inner.payload, kind, id, revision, out);
}

typedef struct lie {
	const fault_store *fs;
	telsvc_storage_visit_fn visit;
	void *vp;
} lie;

static int lying_visit(int kind, const char *id, uint64_t revision, const void *data, size_t size, void *p)
{
	const lie *l = p;
	enum fault_lie how = l->fs->lie;
	int rc = how == FAULT_LIE_TWICE ? l->visit(kind, id, revision, data, size, l->vp) : TELSVC_OK;
	int shown = how == FAULT_LIE_KIND ? kind % TELSVC_KIND_INCIDENT + 1 : kind;
	if (rc == TELSVC_OK)
		rc = l->visit(shown, how == FAULT_LIE_NO_ID ? NULL : id, revision, data, size, l->vp);
	return rc;
}

static int f_iterate(void *p, int kind, telsvc_storage_visit_fn visit, void *vp)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_ITERATE);
	lie l = { fs, visit, vp };
	return fs->lie ? fs->inner.iterate(fs->inner.payload, kind, lying_visit, &l)
		       : fs->inner.iterate(fs->inner.payload, kind, visit, vp);
}

static int f_audit_append(void *p, uint64_t seq, const void *data, size_t size)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_AUDIT_APPEND);
	return fs->inner.audit_append(fs->inner.payload, seq, data, size);
}

static int f_audit_iterate(void *p, uint64_t from, telsvc_audit_visit_fn visit, void *vp)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_AUDIT_ITERATE);
	return fs->inner.audit_iterate(fs->inner.payload, from, visit, vp);
}

static int f_audit_replace(void *p, uint64_t seq, const void *data, size_t size)
{
	fault_store *fs = p;
	FAIL_OR(FAULT_AUDIT_REPLACE);
	return fs->inner.audit_replace(fs->inner.payload, seq, data, size);
}

void fault_store_init(fault_store *fs, const telsvc_storage *inner, telsvc_storage *out)
{
	*fs = (fault_store){ .inner = *inner };
	*out = (telsvc_storage){
		.version = TELSVC_STORAGE_VERSION,
		.capabilities = inner->capabilities,
		.payload = fs,
		.begin = f_begin,
		.commit = f_commit,
		.rollback = f_rollback,
		.put = f_put,
		.get = f_get,
		.iterate = f_iterate,
		.audit_append = f_audit_append,
		.audit_iterate = f_audit_iterate,
		.audit_replace = inner->audit_replace ? f_audit_replace : NULL,
	};
}
