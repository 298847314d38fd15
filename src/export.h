/* Exports (telsvc/export.h): what every kind's exporter shares. */
#ifndef TS_EXPORT_H
#define TS_EXPORT_H

#include "buf.h"
#include "event.h"
#include "json.h"
#include "telsvc/export.h"

typedef struct ts_export {
	ts_sb *sb;
	const telsvc_ctx *ctx;
	const telsvc_policy *policy;
	bool plain; /* personal data in plain text (audited) */
} ts_export;

/* ,"@key":value for a personal-data field: plain, its pseudonym, or
 * "redacted" without a key; nothing for NULL. */
void ts_export_personal(ts_export *x, const char *key, const char *value);
/* ,"@key":"text" for an ordinary text field; nothing for NULL. */
void ts_export_text(ts_export *x, const char *key, const char *value);
/* ,"history":[...] with each action named by @action_keys. */
void ts_export_history(ts_export *x, const ts_history *h, const char *const *action_keys);
/* One deadline object of a "deadlines" array; @first: no comma before. */
void ts_export_deadline(ts_export *x, telsvc_param limit, int64_t due, int64_t done, bool first);

/* What a TMF621 TroubleTicket shows of a request or complaint. */
typedef struct ts_tmf621 {
	const char *type;     /* ticketType */
	const char *status;   /* one of TMF621's statuses */
	const char *priority; /* NULL: none */
	const char *severity; /* NULL: none */
	const char *category; /* NULL: none */
	const char *description;
	int channel;                       /* a telsvc_channel */
	int64_t created, expected, resolved; /* TELSVC_NEVER: absent */
	const char *customer, *contact;    /* personal data */
	const ts_history *history;
	const char *const *action_keys;
} ts_tmf621;

/* The members of a TroubleTicket after its id (docs/export.md, "TMF621"). */
void ts_tmf621_ticket(ts_export *x, const ts_tmf621 *t);

#endif
