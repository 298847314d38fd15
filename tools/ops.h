/* The operations of an event stream (docs/events.md): each op's kind,
 * action, argument and keys, and the names of the library's enums. */
#ifndef TELSVC_CLI_OPS_H
#define TELSVC_CLI_OPS_H

#include <stdint.h>

#include "event.h"

/* A list of names for the values first, first + 1, ... (or, for flags,
 * the bits 1, 2, 4, ...). */
typedef struct name_set {
	const char *const *names;
	int count;
	int first;
	const char *what; /* for messages: "a channel" */
} name_set;

extern const name_set ns_channel, ns_complaint_channel, ns_content, ns_priority, ns_request_flag, ns_delivery,
	ns_category, ns_severity, ns_complaint_flag, ns_source, ns_incident_type, ns_problem_grade,
	ns_incident_grade, ns_problem_class, ns_request_state, ns_complaint_state, ns_incident_state;

/* The value @s names in @set, or -1. */
int name_find(const name_set *set, const char *s);

/* The name of @value in @set, or "?". */
const char *name_of(const name_set *set, int value);

/* What an op's argument is. */
typedef enum op_arg { A_NONE, A_SCORE, A_PRIORITY, A_PROBLEM_GRADE, A_PROBLEM, A_CHANNEL, A_SEVERITY,
		      A_CATEGORY, A_INCIDENT_GRADE } op_arg;

typedef struct op_def {
	int kind;      /* a telsvc_kind; 0 for an outage */
	int action;    /* the kind's action; 0 for create */
	op_arg arg;
	uint64_t keys; /* the keys it takes, as bits (1 << ev_key) */
} op_def;

/* The key that carries @arg, or -1 for none. */
int op_arg_key(op_arg arg);

/* The op named @s ("request.start"); 0, or -1 when there is none. */
int op_find(op_def *out, const char *s);

/* The name of @kind's @action ("start"), for people; "create" for 0. */
const char *action_name(int kind, int action);

/* The noun of @kind: "request", "complaint", "incident". */
const char *kind_noun(int kind);

#endif
