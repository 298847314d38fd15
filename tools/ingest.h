/* Applying events to a database through the library (docs/events.md). */
#ifndef TELSVC_CLI_INGEST_H
#define TELSVC_CLI_INGEST_H

#include "cli_db.h"
#include "event.h"

typedef struct ingest ingest;

/* Outcomes of ingest_apply(). */
enum { IN_APPLIED = 0, IN_REFUSED = 1, IN_MALFORMED = 2, IN_FATAL = -1 };

/* Start ingesting into @db (the references it holds are read); NULL
 * after saying why. */
ingest *ingest_new(cli_db *db);
void ingest_free(ingest *in);

/* Apply one event inside the open transaction. IN_REFUSED: the library
 * refused it; IN_MALFORMED: it is not a valid event. Either way nothing
 * of it is stored and @why says why, naming the case. IN_FATAL: the
 * database failed; roll the transaction back and stop (@why says why). */
int ingest_apply(ingest *in, const ev_event *ev, char *why, size_t why_size);

/* The batch committed: release from memory the cases it finished
 * (closed, cancelled, withdrawn, dismissed), which later events find in
 * storage again, so that memory holds only the open cases. */
void ingest_committed(ingest *in);

#endif
