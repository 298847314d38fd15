/* String-keyed hash map for the objects of a context. */
#include "registry.h"

#include <string.h>

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

static size_t slot_of(const ts_registry *r, const char *key)
{
	size_t mask = r->cap - 1, i = hash_str(key) & mask;
	while (r->keys[i] && strcmp(r->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

void *ts_registry_get(const ts_registry *r, const char *key)
{
	if (!r->cap)
		return NULL;
	size_t i = slot_of(r, key);
	return r->keys[i] ? r->values[i] : NULL;
}

static int grow(telsvc_ctx *ctx, ts_registry *r)
{
	ts_registry bigger = { .cap = r->cap ? r->cap * 2 : 64 };
	bigger.keys = ts_calloc(ctx, bigger.cap, sizeof(*bigger.keys));
	bigger.values = ts_calloc(ctx, bigger.cap, sizeof(*bigger.values));
	if (!bigger.keys || !bigger.values) {
		ts_free(ctx, bigger.keys);
		ts_free(ctx, bigger.values);
		return TELSVC_ENOMEM;
	}
	for (size_t i = 0; i < r->cap; i++) {
		if (r->keys[i]) {
			size_t j = slot_of(&bigger, r->keys[i]);
			bigger.keys[j] = r->keys[i];
			bigger.values[j] = r->values[i];
		}
	}
	bigger.count = r->count;
	ts_free(ctx, r->keys);
	ts_free(ctx, r->values);
	*r = bigger;
	return TELSVC_OK;
}

int ts_registry_put(telsvc_ctx *ctx, ts_registry *r, const char *key, void *value)
{
	if ((r->count + 1) * 4 > r->cap * 3 && grow(ctx, r))
		return TELSVC_ENOMEM;
	size_t i = slot_of(r, key);
	if (!r->keys[i])
		r->count++;
	r->keys[i] = key;
	r->values[i] = value;
	return TELSVC_OK;
}

void ts_registry_remove(ts_registry *r, const char *key)
{
	if (!r->cap)
		return;
	size_t mask = r->cap - 1, i = slot_of(r, key);
	if (!r->keys[i])
		return;
	r->keys[i] = NULL;
	r->values[i] = NULL;
	r->count--;
	/* re-place the rest of the probe run */
	for (size_t j = (i + 1) & mask; r->keys[j]; j = (j + 1) & mask) {
		const char *k = r->keys[j];
		void *v = r->values[j];
		r->keys[j] = NULL;
		r->values[j] = NULL;
		size_t to = slot_of(r, k);
		r->keys[to] = k;
		r->values[to] = v;
	}
}

void ts_registry_free(telsvc_ctx *ctx, ts_registry *r)
{
	ts_free(ctx, r->keys);
	ts_free(ctx, r->values);
	*r = (ts_registry){ 0 };
}

const char *ts_intern(telsvc_ctx *ctx, ts_registry *names, const char *s)
{
	const char *found = ts_registry_get(names, s);
	if (found)
		return found;
	char *copy = ts_strdup(ctx, s);
	if (copy && ts_registry_put(ctx, names, copy, copy) != TELSVC_OK) {
		ts_free(ctx, copy);
		copy = NULL;
	}
	return copy;
}

void ts_intern_free(telsvc_ctx *ctx, ts_registry *names)
{
	for (size_t i = 0; i < names->cap; i++)
		ts_free(ctx, (void *)names->keys[i]);
	ts_registry_free(ctx, names);
}
