/* Writers in several processes on one PostgreSQL store, each with its
 * own connection and context, changing the same requests: the workload
 * of test_pg_writers (which checks what they leave) and bench_pg (which
 * times it). */
#ifndef TS_PG_WORKLOAD_H
#define TS_PG_WORKLOAD_H

#include <telsvc/pg.h>
#include <telsvc/telsvc.h>

enum { PG_NUMBER_SIZE = 48 };

/* What a writer acknowledges, one record per successful call. */
typedef struct pg_ack {
	char op;		   /* 'P' a progress note, 'C' a new request, 'S' the writer's counts */
	char text[PG_NUMBER_SIZE]; /* the note, or the new request's number */
} pg_ack;

typedef struct pg_writer {
	const char *conninfo, *schema;
	const telsvc_policy *policy;
	const unsigned char *key; /* the audit log's epoch-0 key */
	size_t key_size;
	char (*numbers)[PG_NUMBER_SIZE]; /* the requests to change, all IN_PROGRESS */
	size_t cases;
	int id;	    /* the writer's number, in its notes */
	long ops;   /* calls to make: progress notes, and every tenth a new request */
	int ack_fd;   /* where acknowledgements are written; -1 none */
	int ready_fd; /* once connected, a byte is written to it; -1 none */
	int start_fd; /* then a byte (or EOF) is awaited from it before the first call; -1 none */
} pg_writer;

typedef struct pg_counts {
	long acked;	/* calls that succeeded */
	long conflicts; /* TELSVC_ECONFLICT answers, each followed by a retry */
} pg_counts;

/* Create @n requests on @ctx and bring each to IN_PROGRESS; their
 * numbers go to @numbers. TELSVC_OK or the failing status. */
int pg_workload_prepare(telsvc_ctx *ctx, size_t n, char (*numbers)[PG_NUMBER_SIZE]);

/* Run one writer to the end (in the calling process); 0, or -1 after
 * printing why to stderr. */
int pg_workload_run(const pg_writer *w, pg_counts *out);

#endif
