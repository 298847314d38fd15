/* The security incident's layout: a case (case.h) with its derived state. */
#ifndef TS_INCIDENT_INTERNAL_H
#define TS_INCIDENT_INTERNAL_H

#include "case.h"
#include "telsvc/incident.h"

/* The detection's fields, in record order (tag = 2 + index). */
enum { IF_SOURCE, IF_TYPE, IF_DESCRIPTION, IF_SCOPE, IF_REPORTER, IF_OCCURRED_AT, IF_COUNT };

typedef struct ts_incident_derived {
	int state;
	int grade; /* 0 before confirmation */
	bool reported;
	int64_t confirmed_at, reported_at;
	const char *scope;         /* the confirmation's note */
	const char *postmortem_by; /* who filed the post-mortem (interned) */
} ts_incident_derived;

struct telsvc_incident {
	ts_case c;
	ts_incident_derived d;
};

extern const ts_case_kind ts_incident_kind;
#define ts_incident_ops (ts_incident_kind.ops)

#endif
