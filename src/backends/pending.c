/* A small open-addressing map of the objects a transaction wrote. */
#include "pending.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_of(int kind, const char *id)
{
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)kind; /* FNV-1a */
	while (*id)
		h = (h ^ (unsigned char)*id++) * 0x100000001b3u;
	return h;
}

static pending_object *slot(const pending *p, int kind, const char *id, uint64_t h)
{
	size_t i = (size_t)h & (p->cap - 1);
	while (p->slots[i].id && (p->slots[i].hash != h || p->slots[i].kind != kind || strcmp(p->slots[i].id, id)))
		i = (i + 1) & (p->cap - 1);
	return &p->slots[i];
}

pending_object *pending_find(pending *p, int kind, const char *id)
{
	if (!p->count)
		return NULL;
	pending_object *o = slot(p, kind, id, hash_of(kind, id));
	return o->id ? o : NULL;
}

static int grow(pending *p)
{
	size_t cap = p->cap ? p->cap * 2 : 256;
	pending_object *old = p->slots, *slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -1;
	size_t old_cap = p->cap;
	p->slots = slots;
	p->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].id)
			*slot(p, old[i].kind, old[i].id, old[i].hash) = old[i];
	free(old);
	return 0;
}

pending_object *pending_add(pending *p, int kind, const char *id, uint64_t revision)
{
	if ((p->count + 1) * 2 > p->cap && grow(p))
		return NULL;
	uint64_t h = hash_of(kind, id);
	pending_object *o = slot(p, kind, id, h);
	size_t n = strlen(id) + 1;
	if (!(o->id = malloc(n)))
		return NULL;
	memcpy(o->id, id, n);
	o->hash = h;
	o->kind = kind;
	o->revision = revision;
	o->dirty = false;
	o->fresh = false;
	p->count++;
	return o;
}

int pending_store(pending_object *o, const void *data, size_t size)
{
	if (size > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		while (cap < size)
			cap *= 2;
		unsigned char *d = realloc(o->data, cap);
		if (!d)
			return -1;
		o->data = d;
		o->cap = cap;
	}
	if (size)
		memcpy(o->data, data, size);
	o->size = size;
	o->dirty = true;
	return 0;
}

static int key_order(const void *a, const void *b)
{
	const pending_object *x = *(pending_object *const *)a, *y = *(pending_object *const *)b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id); /* as unsigned bytes: SQLite's BINARY order */
}

int pending_dirty(pending *p, pending_object ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (p->order_cap < p->count) {
		pending_object **order = realloc(p->order, p->count * sizeof(*order));
		if (!order)
			return -1;
		p->order = order;
		p->order_cap = p->count;
	}
	for (size_t i = 0; p->count && i < p->cap; i++)
		if (p->slots[i].id && p->slots[i].dirty)
			p->order[(*count)++] = &p->slots[i];
	if (*count > 1)
		qsort(p->order, *count, sizeof(*p->order), key_order);
	*out = p->order;
	return 0;
}

void pending_clear(pending *p)
{
	if (!p->count)
		return;
	for (size_t i = 0; i < p->cap; i++) {
		free(p->slots[i].id);
		free(p->slots[i].data);
	}
	memset(p->slots, 0, p->cap * sizeof(*p->slots));
	p->count = 0;
}

void pending_free(pending *p)
{
	pending_clear(p);
	free(p->slots);
	free(p->order);
	p->slots = NULL;
	p->order = NULL;
	p->cap = p->order_cap = 0;
}
