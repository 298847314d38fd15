/* The ops of docs/events.md and the names of the library's enums, in
 * the values' order. */
#include "ops.h"

#include <stdio.h>
#include <string.h>

#include <telsvc/telsvc.h>

#define SET(id, what, first, ...)                                                                            \
	static const char *const id##_names[] = { __VA_ARGS__ };                                             \
	const name_set id = { id##_names, (int)(sizeof(id##_names) / sizeof(id##_names[0])), first, what }

SET(ns_channel, "a channel", 1, "phone", "online", "onsite", "email", "fax");
SET(ns_complaint_channel, "a complaint channel", 1, "phone", "online", "onsite", "email");
SET(ns_content, "a content type", 1, "network", "voice", "data", "customer_service", "fault", "package_change");
SET(ns_priority, "a priority", 1, "emergency", "important", "general", "non_urgent");
SET(ns_request_flag, "a request flag", 0, "safety", "outage", "degradation");
SET(ns_delivery, "a delivery", 0, "none", "basic", "leased_line");
SET(ns_category, "a complaint category", 1, "service", "network", "billing", "technical", "other");
SET(ns_severity, "a complaint severity", 1, "general", "serious", "major");
SET(ns_complaint_flag, "a complaint flag", 0, "repeat", "media", "mass");
SET(ns_source, "an incident source", 1, "logs", "threat_detection", "user_report");
SET(ns_incident_type, "an incident type", 1, "data_leak", "intrusion", "attack_outage", "malware", "other");
SET(ns_problem_grade, "a problem grade", 1, "major", "general", "minor");
SET(ns_incident_grade, "an incident grade", 1, "general", "larger", "major", "particularly_major");
SET(ns_problem_class, "a problem class", 1, "technical", "process", "people", "external");
SET(ns_request_state, "a request state", 1, "received", "preprocessing", "in_progress", "delivered", "rectification",
    "feedback", "closed", "waiting", "cancelled");
SET(ns_complaint_state, "a complaint state", 1, "received", "verified", "classified", "handling", "fed_back",
    "closed", "waiting", "withdrawn");
SET(ns_incident_state, "an incident state", 1, "detected", "confirmed", "reported", "isolated", "repaired",
    "recovered", "analysed", "rectified", "reviewed", "closed", "dismissed");

int name_find(const name_set *set, const char *s)
{
	for (int i = 0; i < set->count; i++)
		if (strcmp(set->names[i], s) == 0)
			return set->first + i;
	return -1;
}

const char *name_of(const name_set *set, int value)
{
	int i = value - set->first;
	return i >= 0 && i < set->count ? set->names[i] : "?";
}

static const char *const request_actions[] = {
	"preprocess",	    "sign_report",	"start",	   "progress",	       "deliver",
	"accept",	    "reject",		"feedback",	   "close",	       "wait_customer",
	"resume",	    "cancel",		"reclassify",	   "problem_discover", "problem_report",
	"problem_arrange", "problem_handled", "problem_feedback", "problem_postmortem", "write_report",
};
static const char *const complaint_actions[] = {
	"verify", "classify", "handle", "progress", "feedback", "return_visit", "close",
	"reopen", "wait_customer", "resume", "withdraw", "set_severity", "set_category",
};
static const char *const incident_actions[] = {
	"confirm", "report", "isolate", "repair", "recover", "analyse",
	"rectify", "postmortem", "close", "dismiss", "regrade", "progress",
};

static const struct kind_def {
	const char *noun;
	const char *const *actions;
	int count;
	uint64_t create_keys;
} kinds[] = {
	[TELSVC_KIND_REQUEST] = { "request", request_actions, 20,
				  1u << K_CHANNEL | 1u << K_REQUESTER | 1u << K_CONTACT | 1u << K_CONTENT |
					  1u << K_CONTENT_TYPE | 1u << K_SERVICE_TYPE | 1u << K_PRIORITY |
					  1u << K_FLAGS | 1u << K_AFFECTED | 1u << K_DELIVERY },
	[TELSVC_KIND_COMPLAINT] = { "complaint", complaint_actions, 13,
				    1u << K_CHANNEL | 1u << K_CUSTOMER | 1u << K_CONTACT | 1u << K_CONTENT |
					    1u << K_SERVICE_TYPE | 1u << K_CATEGORY | 1u << K_SEVERITY |
					    1u << K_FLAGS },
	[TELSVC_KIND_INCIDENT] = { "incident", incident_actions, 12,
				   1u << K_SOURCE | 1u << K_TYPE | 1u << K_DESCRIPTION | 1u << K_SCOPE |
					   1u << K_REPORTER | 1u << K_OCCURRED_AT },
};

/* Keys every op on a case takes. */
static const uint64_t common_keys = 1u << K_OP | 1u << K_REF | 1u << K_NUMBER | 1u << K_AT | 1u << K_ACTOR |
				    1u << K_ROLE | 1u << K_NOTE;

static const uint8_t arg_key[] = { [A_SCORE] = K_SCORE,	      [A_PRIORITY] = K_PRIORITY,
				   [A_PROBLEM_GRADE] = K_GRADE, [A_PROBLEM] = K_PROBLEM,
				   [A_CHANNEL] = K_CHANNEL,     [A_SEVERITY] = K_SEVERITY,
				   [A_CATEGORY] = K_CATEGORY,   [A_INCIDENT_GRADE] = K_GRADE };

static op_arg arg_of(int kind, int action)
{
	switch (kind) {
	case TELSVC_KIND_REQUEST:
		return action == TELSVC_ACTION_FEEDBACK		? A_SCORE
		       : action == TELSVC_ACTION_RECLASSIFY	? A_PRIORITY
		       : action == TELSVC_ACTION_PROBLEM_DISCOVER ? A_PROBLEM_GRADE
		       : action >= TELSVC_ACTION_PROBLEM_REPORT && action <= TELSVC_ACTION_PROBLEM_POSTMORTEM
			       ? A_PROBLEM
			       : A_NONE;
	case TELSVC_KIND_COMPLAINT:
		return action == TELSVC_COMPLAINT_FEEDBACK	 ? A_CHANNEL
		       : action == TELSVC_COMPLAINT_RETURN_VISIT ? A_SCORE
		       : action == TELSVC_COMPLAINT_SET_SEVERITY ? A_SEVERITY
		       : action == TELSVC_COMPLAINT_SET_CATEGORY ? A_CATEGORY
								 : A_NONE;
	default:
		return action == TELSVC_INCIDENT_CONFIRM || action == TELSVC_INCIDENT_REGRADE ? A_INCIDENT_GRADE
											       : A_NONE;
	}
}

static int op_parse(op_def *out, const char *s)
{
	if (strcmp(s, "outage") == 0) {
		*out = (op_def){ 0, 0, A_NONE,
				 1u << K_OP | 1u << K_REF | 1u << K_AT | 1u << K_END | 1u << K_UNITS |
					 1u << K_SERVICE_TYPE | 1u << K_ACTOR | 1u << K_ROLE | 1u << K_NOTE };
		return 0;
	}
	const char *dot = strchr(s, '.');
	if (!dot)
		return -1;
	for (int k = TELSVC_KIND_REQUEST; k <= TELSVC_KIND_INCIDENT; k++) {
		const struct kind_def *d = &kinds[k];
		size_t n = strlen(d->noun);
		if ((size_t)(dot - s) != n || memcmp(s, d->noun, n) != 0)
			continue;
		if (strcmp(dot + 1, "create") == 0) {
			*out = (op_def){ k, 0, A_NONE, common_keys | d->create_keys };
			return 0;
		}
		for (int a = 0; a < d->count; a++) {
			if (strcmp(dot + 1, d->actions[a]) != 0)
				continue;
			op_arg arg = arg_of(k, a + 1);
			*out = (op_def){ k, a + 1, arg, common_keys | (arg ? (uint64_t)1 << arg_key[arg] : 0) };
			return 0;
		}
	}
	return -1;
}

const char *action_name(int kind, int action)
{
	if (kind < TELSVC_KIND_REQUEST || kind > TELSVC_KIND_INCIDENT)
		return "?";
	return action == 0 ? "create" : action <= kinds[kind].count ? kinds[kind].actions[action - 1] : "?";
}

const char *kind_noun(int kind)
{
	return kind >= TELSVC_KIND_REQUEST && kind <= TELSVC_KIND_INCIDENT ? kinds[kind].noun : "object";
}

int op_arg_key(op_arg arg)
{
	return arg ? arg_key[arg] : -1;
}

/* Ingest looks an op up per event: every op's name hashed once. */
enum { OP_SLOTS = 128 };
static struct op_slot {
	char name[40];
	op_def def;
} op_slots[OP_SLOTS];

static size_t op_hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h & (OP_SLOTS - 1);
}

static void op_add(const char *name)
{
	size_t i = op_hash(name);
	while (op_slots[i].name[0])
		i = (i + 1) & (OP_SLOTS - 1);
	snprintf(op_slots[i].name, sizeof(op_slots[i].name), "%s", name);
	op_parse(&op_slots[i].def, name);
}

int op_find(op_def *out, const char *s)
{
	if (!op_slots[op_hash("outage")].name[0]) {
		char name[40];
		op_add("outage");
		for (int k = TELSVC_KIND_REQUEST; k <= TELSVC_KIND_INCIDENT; k++) {
			snprintf(name, sizeof(name), "%s.create", kinds[k].noun);
			op_add(name);
			for (int a = 0; a < kinds[k].count; a++) {
				snprintf(name, sizeof(name), "%s.%s", kinds[k].noun, kinds[k].actions[a]);
				op_add(name);
			}
		}
	}
	for (size_t i = op_hash(s); op_slots[i].name[0]; i = (i + 1) & (OP_SLOTS - 1))
		if (strcmp(op_slots[i].name, s) == 0) {
			*out = op_slots[i].def;
			return 0;
		}
	return -1;
}
