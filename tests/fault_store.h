/* A storage backend for tests that wraps another and injects failures:
 * fail the Nth call (of any method, or of one), once or from then on,
 * make a commit ambiguous (the changes are stored, an error is returned),
 * or show wrong objects when iterating. */
#ifndef TS_TEST_FAULT_STORE_H
#define TS_TEST_FAULT_STORE_H

#include <telsvc/sys/storage.h>

enum fault_method {
	FAULT_ANY = 0,
	FAULT_BEGIN,
	FAULT_COMMIT,
	FAULT_ROLLBACK,
	FAULT_PUT,
	FAULT_GET,
	FAULT_ITERATE,
	FAULT_AUDIT_APPEND,
	FAULT_AUDIT_ITERATE,
	FAULT_AUDIT_REPLACE,
};

/* What iterate shows of each object. */
enum fault_lie {
	FAULT_TRUTH = 0,
	FAULT_LIE_KIND,  /* the object, as one of the next kind */
	FAULT_LIE_NO_ID, /* the object without its id */
	FAULT_LIE_TWICE, /* the object twice */
};

typedef struct fault_store {
	telsvc_storage inner;
	enum fault_method method; /* which calls count */
	long fail_at;             /* fail the fail_at-th counted call (1-based); 0 = never */
	int persistent;           /* keep failing after fail_at */
	int ambiguous_commit;     /* a failing commit first commits the inner store */
	int status;               /* what a failure returns; 0 = TELSVC_ESTORAGE */
	enum fault_lie lie;       /* what iterate shows */
	long calls;               /* counted calls so far */
	long failures;
} fault_store;

/* Wrap @inner; fill @out with the fault store's callbacks. */
void fault_store_init(fault_store *fs, const telsvc_storage *inner, telsvc_storage *out);

#endif
