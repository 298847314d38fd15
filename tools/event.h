/* One event of an ingest stream (docs/events.md): its keys' values as
 * text, whichever encoding it came in, and the readers of both
 * encodings. */
#ifndef TELSVC_CLI_EVENT_H
#define TELSVC_CLI_EVENT_H

#include <stddef.h>
#include <stdio.h>

/* Every key an event may have; which ones an op takes is the op's. */
typedef enum ev_key {
	K_OP, K_REF, K_NUMBER, K_AT, K_ACTOR, K_ROLE, K_NOTE,
	K_CHANNEL, K_REQUESTER, K_CONTACT, K_CONTENT, K_CONTENT_TYPE, K_SERVICE_TYPE, K_PRIORITY, K_FLAGS,
	K_AFFECTED, K_DELIVERY, K_CUSTOMER, K_CATEGORY, K_SEVERITY, K_SOURCE, K_TYPE, K_DESCRIPTION,
	K_SCOPE, K_REPORTER, K_OCCURRED_AT, K_SCORE, K_GRADE, K_PROBLEM, K_END, K_UNITS,
	K_COUNT
} ev_key;

extern const char *const ev_key_names[K_COUNT];

/* The key named by @n bytes at @s, or -1. */
int ev_key_find(const char *s, size_t n);

/* A value: NULL when absent; a list is @count strings one after the
 * other, each ended by its NUL. */
typedef struct ev_value {
	const char *s;
	unsigned count;
	unsigned char list;
} ev_value;

typedef struct ev_event {
	long line;
	ev_value v[K_COUNT];
} ev_event;

/* Readers give 1 with an event, 0 at the end, -1 for a malformed event
 * (the reason in @why, the line in @ev->line; reading goes on), -2 when
 * the input cannot be read further (the reason in @why). Values stay
 * valid until the next call. */
typedef struct ev_reader ev_reader;

typedef enum ev_format { EV_JSONL = 1, EV_YAML = 2 } ev_format;

ev_reader *ev_reader_new(FILE *in, ev_format format);
int ev_reader_next(ev_reader *r, ev_event *ev, char *why, size_t why_size);
void ev_reader_free(ev_reader *r);

/* One JSON object of @len bytes at @line into @ev, its strings decoded
 * into @scratch (at least @len + 1 bytes); 0 or -1 with the reason. */
int ev_parse_json(ev_event *ev, const char *line, size_t len, char *scratch, char *why, size_t why_size);

#endif
