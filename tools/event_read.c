/* Reading events from a stream: JSON Lines line by line, or YAML through
 * libyaml (a sequence of mappings, or documents each a mapping or a
 * sequence of them). */
#include "event.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct ev_reader {
	FILE *in;
	ev_format format;
	long line;
	char *buf, *scratch;
	size_t cap, scratch_cap;
	yaml_parser_t yaml;
	int depth; /* YAML: sequences open around the next mapping */
	bool done;
	bool refused; /* YAML: the event being read is refused, the reason given */
};

ev_reader *ev_reader_new(FILE *in, ev_format format)
{
	ev_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->in = in;
	r->format = format;
	if (format == EV_YAML) {
		if (!yaml_parser_initialize(&r->yaml)) {
			free(r);
			return NULL;
		}
		yaml_parser_set_input_file(&r->yaml, in);
	}
	return r;
}

void ev_reader_free(ev_reader *r)
{
	if (!r)
		return;
	if (r->format == EV_YAML)
		yaml_parser_delete(&r->yaml);
	free(r->buf);
	free(r->scratch);
	free(r);
}

static int grow(char **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap : 4096;
	while (n < need)
		n *= 2;
	char *q = realloc(*p, n);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int next_json(ev_reader *r, ev_event *ev, char *why, size_t why_size)
{
	for (;;) {
		ssize_t n = getline(&r->buf, &r->cap, r->in);
		if (n < 0) {
			if (ferror(r->in)) {
				snprintf(why, why_size, "read error after line %ld", r->line);
				return -2;
			}
			return 0;
		}
		ev->line = ++r->line;
		size_t len = (size_t)n;
		while (len && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
			len--;
		size_t i = 0;
		while (i < len && (r->buf[i] == ' ' || r->buf[i] == '\t'))
			i++;
		if (i == len)
			continue; /* blank */
		if (grow(&r->scratch, &r->scratch_cap, len + 16)) {
			snprintf(why, why_size, "out of memory at line %ld", r->line);
			return -2;
		}
		return ev_parse_json(ev, r->buf, len, r->scratch, why, why_size) ? -1 : 1;
	}
}

/* ---- YAML ---- */

static int yaml_failed(ev_reader *r, char *why, size_t why_size)
{
	snprintf(why, why_size, "YAML: %s at line %lu", r->yaml.problem ? r->yaml.problem : "error",
		 (unsigned long)r->yaml.problem_mark.line + 1);
	r->done = true;
	return -2;
}

static int out_of_memory(char *why, size_t why_size)
{
	snprintf(why, why_size, "out of memory");
	return -2;
}

/* Append a scalar's text with its NUL to the scratch space. */
static const char *keep(ev_reader *r, size_t *used, const yaml_event_t *e)
{
	size_t n = e->data.scalar.length;
	if (grow(&r->scratch, &r->scratch_cap, *used + n + 1))
		return NULL;
	char *s = r->scratch + *used;
	memcpy(s, e->data.scalar.value, n);
	s[n] = 0;
	*used += n + 1;
	return s;
}

/* Consume the rest of the node that began with an event of type @first:
 * nothing for a scalar or an alias, up to its end for a sequence or a
 * mapping. 0, or -1 when the parser fails. */
static int skip_node(ev_reader *r, yaml_event_type_t first)
{
	int depth = first == YAML_SEQUENCE_START_EVENT || first == YAML_MAPPING_START_EVENT;
	while (depth) {
		yaml_event_t e;
		if (!yaml_parser_parse(&r->yaml, &e))
			return -1;
		if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT)
			depth--;
		yaml_event_delete(&e);
	}
	return 0;
}

/* A scalar holding a NUL (a "\0" escape) would be cut short as text. */
static bool holds_nul(const yaml_event_t *e)
{
	return memchr(e->data.scalar.value, 0, e->data.scalar.length) != NULL;
}

/* The reason an event is refused: the first one found. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void refuse(ev_reader *r, char *why, size_t why_size, const char *format, ...)
{
	if (r->refused)
		return;
	va_list ap;
	va_start(ap, format);
	vsnprintf(why, why_size, format, ap);
	va_end(ap);
	r->refused = true;
}

/* The value of key @k (-1: not kept) into @ev, its texts at @offset[k]
 * in the scratch space. 0, or -2 when reading cannot go on. */
static int read_value(ev_reader *r, ev_event *ev, int k, size_t *used, size_t offset[K_COUNT], char *why,
		      size_t why_size)
{
	const char *name = k >= 0 ? ev_key_names[k] : "?";
	yaml_event_t v;
	if (!yaml_parser_parse(&r->yaml, &v))
		return yaml_failed(r, why, why_size);
	yaml_event_type_t t = v.type;
	if (k >= 0)
		offset[k] = *used;
	if (t == YAML_SCALAR_EVENT) {
		bool null = v.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    (v.data.scalar.length == 0 || strcmp((char *)v.data.scalar.value, "null") == 0 ||
			     strcmp((char *)v.data.scalar.value, "~") == 0);
		if (holds_nul(&v))
			refuse(r, why, why_size, "NUL character in the value of '%s'", name);
		bool wanted = !null && k >= 0, kept = wanted && keep(r, used, &v);
		yaml_event_delete(&v);
		if (wanted && !kept)
			return out_of_memory(why, why_size);
		if (kept)
			ev->v[k].count = 1;
		return 0;
	}
	yaml_event_delete(&v);
	if (t != YAML_SEQUENCE_START_EVENT) {
		refuse(r, why, why_size, "'%s': a value is a scalar or a list of scalars (events are flat: docs/events.md)", name);
		return skip_node(r, t) ? yaml_failed(r, why, why_size) : 0;
	}
	unsigned count = 0;
	for (;;) {
		yaml_event_t item;
		if (!yaml_parser_parse(&r->yaml, &item))
			return yaml_failed(r, why, why_size);
		yaml_event_type_t it = item.type;
		if (it == YAML_SCALAR_EVENT) {
			if (holds_nul(&item))
				refuse(r, why, why_size, "NUL character in the list '%s'", name);
			bool kept = k < 0 || keep(r, used, &item);
			yaml_event_delete(&item);
			if (!kept)
				return out_of_memory(why, why_size);
			count++;
			continue;
		}
		yaml_event_delete(&item);
		if (it == YAML_SEQUENCE_END_EVENT)
			break;
		refuse(r, why, why_size, "'%s': a list may hold only scalars", name);
		if (skip_node(r, it))
			return yaml_failed(r, why, why_size);
	}
	if (k >= 0) {
		ev->v[k].count = count;
		ev->v[k].list = 1;
	}
	return 0;
}

/* Read one mapping, its start already consumed, into @ev. Values are
 * kept as offsets into the scratch space (which may move) until the end.
 * A malformed key or value refuses the event, whose nodes are read to
 * their end so that the next event is found. */
static int read_mapping(ev_reader *r, ev_event *ev, char *why, size_t why_size)
{
	size_t used = 0, offset[K_COUNT];
	uint64_t seen = 0;
	memset(ev->v, 0, sizeof(ev->v));
	r->refused = false;
	/* an event whose lists are all empty still points into the scratch space */
	if (grow(&r->scratch, &r->scratch_cap, 1))
		return out_of_memory(why, why_size);
	for (;;) {
		yaml_event_t key;
		if (!yaml_parser_parse(&r->yaml, &key))
			return yaml_failed(r, why, why_size);
		yaml_event_type_t t = key.type;
		if (t == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&key);
			break;
		}
		int k = -1;
		if (t == YAML_SCALAR_EVENT) {
			const char *text = (const char *)key.data.scalar.value;
			k = ev_key_find(text, key.data.scalar.length);
			if (k < 0) {
				refuse(r, why, why_size, "unknown key '%.60s' (docs/events.md)", text);
			} else if (seen >> k & 1) {
				refuse(r, why, why_size, "key '%s' given twice", ev_key_names[k]);
				k = -1; /* the first value stays */
			}
		} else {
			refuse(r, why, why_size, "a key must be a plain scalar, not %s (docs/events.md)",
			       t == YAML_ALIAS_EVENT ? "an alias" : "a list or a mapping");
		}
		yaml_event_delete(&key);
		if (skip_node(r, t))
			return yaml_failed(r, why, why_size);
		if (k >= 0)
			seen |= (uint64_t)1 << k;
		int rc = read_value(r, ev, k, &used, offset, why, why_size);
		if (rc)
			return rc;
	}
	for (int k = 0; k < K_COUNT; k++)
		if (seen >> k & 1 && (ev->v[k].count || ev->v[k].list))
			ev->v[k].s = r->scratch + offset[k];
	return r->refused ? -1 : 1;
}

static int next_yaml(ev_reader *r, ev_event *ev, char *why, size_t why_size)
{
	while (!r->done) {
		yaml_event_t e;
		if (!yaml_parser_parse(&r->yaml, &e))
			return yaml_failed(r, why, why_size);
		yaml_event_type_t t = e.type;
		ev->line = (long)e.start_mark.line + 1;
		yaml_event_delete(&e);
		switch (t) {
		case YAML_STREAM_END_EVENT:
			r->done = true;
			return 0;
		case YAML_SEQUENCE_START_EVENT:
			if (r->depth++) {
				snprintf(why, why_size, "YAML: nested list at line %ld", ev->line);
				r->done = true;
				return -2;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
			r->depth--;
			break;
		case YAML_MAPPING_START_EVENT:
			return read_mapping(r, ev, why, why_size);
		case YAML_SCALAR_EVENT:
			snprintf(why, why_size, "YAML: an event must be a mapping (line %ld)", ev->line);
			return -1;
		default: /* stream, document start and end */
			break;
		}
	}
	return 0;
}

int ev_reader_next(ev_reader *r, ev_event *ev, char *why, size_t why_size)
{
	return r->format == EV_YAML ? next_yaml(r, ev, why, why_size) : next_json(r, ev, why, why_size);
}
