/* The objects the open transaction wrote (src/backends/sqlite.c, pg.c):
 * their revision, and the last bytes of those put more than once, which
 * reach the table once, at commit. */
#ifndef TELSVC_BACKEND_PENDING_H
#define TELSVC_BACKEND_PENDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pending_object {
	char *id; /* NULL: a free slot */
	uint64_t hash;
	int kind;
	uint64_t revision; /* after the last put */
	bool dirty;	   /* @data is newer than the table */
	bool fresh;	   /* not in the table yet: inserted at the commit */
	unsigned char *data;
	size_t size, cap;
} pending_object;

typedef struct pending {
	pending_object *slots;
	size_t cap, count; /* open addressing, at most half full */
	pending_object **order; /* pending_dirty's answer */
	size_t order_cap;
} pending;

/* The entry of (@kind, @id), or NULL. */
pending_object *pending_find(pending *p, int kind, const char *id);

/* A new clean entry at @revision; NULL when out of memory. */
pending_object *pending_add(pending *p, int kind, const char *id, uint64_t revision);

/* Keep @size bytes as the entry's newest; -1 when out of memory. */
int pending_store(pending_object *o, const void *data, size_t size);

/* In *@out, the *@count entries whose bytes are newer than the table, in
 * the table's key order (kind, then id's bytes): a commit that writes them
 * in that order walks the index's pages once, front to back, rather than
 * at random. -1 when out of memory. */
int pending_dirty(pending *p, pending_object ***out, size_t *count);

/* Forget every entry (the transaction ended). */
void pending_clear(pending *p);

void pending_free(pending *p);

#endif
