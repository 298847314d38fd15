/* A storage table over records the fuzz targets choose: at most one object
 * of each kind of case, and any number of delivery records, which get and
 * iterate serve and put replaces by compare-and-swap, and an audit log whose records each carry the sequence
 * number they are stored under, in the order the target arranged them.
 * Transactions are not atomic (no capability is claimed): the targets
 * that use it make no change that could fail after a write. */
#ifndef TS_FUZZ_STORE_H
#define TS_FUZZ_STORE_H

#include <telsvc/telsvc.h>

#include <stdbool.h>

typedef struct fuzz_bytes {
	uint8_t *data;
	size_t size;
} fuzz_bytes;

typedef struct fuzz_object {
	char *id; /* NULL: none stored */
	uint64_t revision;
	fuzz_bytes rec;
} fuzz_object;

typedef struct fuzz_entry {
	uint64_t stored; /* the sequence number it is stored under */
	fuzz_bytes rec;
} fuzz_entry;

typedef struct fuzz_store {
	fuzz_object objects[TELSVC_KIND_DELIVERED]; /* [kind]: one case of each kind */
	fuzz_object *delivered;
	size_t delivered_count, delivered_cap;
	fuzz_entry *log;
	size_t log_count, log_cap;
} fuzz_store;

/* Fill @out with @fs's callbacks. */
void fuzz_store_storage(fuzz_store *fs, telsvc_storage *out);

/* Store @size bytes as object (@kind, @id) at revision 1: for a case, the
 * only one of its kind. */
void fuzz_store_put(fuzz_store *fs, int kind, const char *id, const void *data, size_t size);

/* Insert an audit record stored under @stored before entry @at. */
void fuzz_store_log_insert(fuzz_store *fs, size_t at, uint64_t stored, const void *data, size_t size);
void fuzz_store_log_remove(fuzz_store *fs, size_t at);

/* A copy of @src's objects and log. */
void fuzz_store_copy(fuzz_store *dst, const fuzz_store *src);
/* Whether the logs hold the same records stored from sequence number @from on. */
bool fuzz_store_log_equal(const fuzz_store *a, const fuzz_store *b, uint64_t from);
void fuzz_store_free(fuzz_store *fs);

#endif
