/* JSON Lines events: one object a line, parsed strictly (RFC 8259) by
 * hand, since ingest reads millions of them: strings, numbers, true,
 * false, null (the key is then absent) and arrays of those; no nested
 * objects. Strings are decoded into the caller's scratch space. */
#include "event.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *const ev_key_names[K_COUNT] = {
	"op",	    "ref",	  "number",	 "at",	       "actor",	      "role",	      "note",
	"channel",  "requester",  "contact",	 "content",    "content_type", "service_type", "priority",
	"flags",    "affected",	  "delivery",	 "customer",   "category",     "severity",     "source",
	"type",	    "description", "scope",	 "reporter",   "occurred_at",  "score",	       "grade",
	"problem",  "end",	  "units",
};

int ev_key_find(const char *s, size_t n)
{
	/* lengths first: @s may hold a NUL (a YAML escape), and no name is read past its end */
	for (int k = 0; k < K_COUNT; k++)
		if (n && ev_key_names[k][0] == s[0] && strlen(ev_key_names[k]) == n && memcmp(ev_key_names[k], s, n) == 0)
			return k;
	return -1;
}

typedef struct parser {
	const char *p, *start, *end;
	char *out; /* where the next decoded byte goes */
	char *why;
	size_t why_size;
} parser;

static int fail(parser *ps, const char *what)
{
	snprintf(ps->why, ps->why_size, "%s at column %ld", what, (long)(ps->p - ps->start) + 1);
	return -1;
}

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\r' || *ps->p == '\n'))
		ps->p++;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static void put_utf8(parser *ps, uint32_t c)
{
	char *o = ps->out;
	if (c < 0x80) {
		*o++ = (char)c;
	} else if (c < 0x800) {
		*o++ = (char)(0xc0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3f));
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	ps->out = o;
}

/* The length of the well-formed UTF-8 sequence at @s (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
	unsigned c = s[0];
	size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
	if (!n || (size_t)(end - s) < n)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) || (c == 0xf0 && s[1] < 0x90) ||
	    (c == 0xf4 && s[1] > 0x8f))
		return 0; /* overlong, surrogate or past U+10FFFF */
	return n;
}

/* A string at ps->p (on its opening quote), decoded with its NUL. */
static int string(parser *ps, const char **out)
{
	*out = ps->out;
	ps->p++;
	for (;;) {
		const char *run = ps->p;
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20 &&
		       (unsigned char)*ps->p < 0x80)
			ps->p++;
		memcpy(ps->out, run, (size_t)(ps->p - run));
		ps->out += ps->p - run;
		if (ps->p >= ps->end)
			return fail(ps, "unterminated string");
		unsigned char c = (unsigned char)*ps->p;
		if (c == '"') {
			ps->p++;
			*ps->out++ = 0;
			return 0;
		}
		if (c < 0x20)
			return fail(ps, "control character in a string");
		if (c >= 0x80) {
			size_t n = utf8_len((const unsigned char *)ps->p, (const unsigned char *)ps->end);
			if (!n)
				return fail(ps, "invalid UTF-8");
			memcpy(ps->out, ps->p, n);
			ps->out += n;
			ps->p += n;
			continue;
		}
		/* an escape */
		if (ps->end - ps->p < 2)
			return fail(ps, "unterminated string");
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *e = memchr(from, ps->p[1], sizeof(from) - 1);
		if (e) {
			*ps->out++ = to[e - from];
			ps->p += 2;
			continue;
		}
		int u = ps->p[1] == 'u' && ps->end - ps->p >= 6 ? hex4(ps->p + 2) : -1;
		if (u < 0)
			return fail(ps, "bad escape in a string");
		ps->p += 6;
		uint32_t cp = (uint32_t)u;
		if (cp >= 0xd800 && cp < 0xdc00) {
			int lo = ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u' ? hex4(ps->p + 2) : -1;
			if (lo < 0xdc00 || lo > 0xdfff)
				return fail(ps, "unpaired surrogate in a string");
			cp = 0x10000 + ((cp - 0xd800) << 10) + ((uint32_t)lo - 0xdc00);
			ps->p += 6;
		} else if (cp >= 0xdc00 && cp < 0xe000) {
			return fail(ps, "unpaired surrogate in a string");
		} else if (cp == 0) {
			return fail(ps, "NUL character in a string");
		}
		put_utf8(ps, cp);
	}
}

static bool digit(parser *ps)
{
	return ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9';
}

/* A number, copied as text: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number(parser *ps, const char **out)
{
	const char *s = ps->p;
	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (!digit(ps))
		return fail(ps, "bad number");
	if (*ps->p++ != '0')
		while (digit(ps))
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (!digit(ps))
			return fail(ps, "bad number");
		while (digit(ps))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digit(ps))
			return fail(ps, "bad number");
		while (digit(ps))
			ps->p++;
	}
	*out = ps->out;
	memcpy(ps->out, s, (size_t)(ps->p - s));
	ps->out += ps->p - s;
	*ps->out++ = 0;
	return 0;
}

static int word(parser *ps, const char *w, const char **out)
{
	size_t n = strlen(w);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0)
		return fail(ps, "unexpected character");
	ps->p += n;
	*out = ps->out;
	memcpy(ps->out, w, n + 1);
	ps->out += n + 1;
	return 0;
}

/* A scalar; *out NULL for null. */
static int scalar(parser *ps, const char **out)
{
	*out = NULL;
	if (ps->p >= ps->end)
		return fail(ps, "value expected");
	switch (*ps->p) {
	case '"':
		return string(ps, out);
	case 't':
		return word(ps, "true", out);
	case 'f':
		return word(ps, "false", out);
	case 'n': {
		const char *ignored;
		int rc = word(ps, "null", &ignored);
		ps->out -= 5;
		return rc;
	}
	case '{':
		return fail(ps, "nested object (events are flat: docs/events.md)");
	default:
		return number(ps, out);
	}
}

static int array(parser *ps, ev_value *v)
{
	ps->p++;
	v->s = ps->out;
	v->list = 1;
	v->count = 0;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return 0;
	}
	for (;;) {
		const char *item;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == '[')
			return fail(ps, "nested array");
		if (scalar(ps, &item))
			return -1;
		if (!item)
			return fail(ps, "null in a list");
		v->count++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return 0;
		}
		if (ps->p >= ps->end || *ps->p != ',')
			return fail(ps, "',' or ']' expected");
		ps->p++;
	}
}

int ev_parse_json(ev_event *ev, const char *line, size_t len, char *scratch, char *why, size_t why_size)
{
	parser ps = { line, line, line + len, scratch, why, why_size };
	memset(ev->v, 0, sizeof(ev->v));
	skip_ws(&ps);
	if (ps.p >= ps.end || *ps.p != '{')
		return fail(&ps, "'{' expected: an event is a JSON object");
	ps.p++;
	skip_ws(&ps);
	if (ps.p < ps.end && *ps.p == '}') {
		ps.p++;
	} else {
		uint64_t seen = 0;
		for (;;) {
			skip_ws(&ps);
			if (ps.p >= ps.end || *ps.p != '"')
				return fail(&ps, "a key in double quotes expected");
			const char *key, *at = ps.p;
			char *mark = ps.out;
			if (string(&ps, &key))
				return -1;
			int k = ev_key_find(key, strlen(key));
			if (k < 0) {
				ps.p = at;
				char what[160];
				snprintf(what, sizeof(what), "unknown key '%.60s' (docs/events.md)", key);
				return fail(&ps, what);
			}
			if (seen >> k & 1) {
				ps.p = at;
				char what[96];
				snprintf(what, sizeof(what), "key '%s' given twice", ev_key_names[k]);
				return fail(&ps, what);
			}
			seen |= (uint64_t)1 << k;
			ps.out = mark; /* the key's text is not kept */
			skip_ws(&ps);
			if (ps.p >= ps.end || *ps.p != ':')
				return fail(&ps, "':' expected");
			ps.p++;
			skip_ws(&ps);
			ev_value *v = &ev->v[k];
			if (ps.p < ps.end && *ps.p == '[') {
				if (array(&ps, v))
					return -1;
			} else {
				if (scalar(&ps, &v->s))
					return -1;
				v->count = v->s != NULL;
			}
			skip_ws(&ps);
			if (ps.p < ps.end && *ps.p == '}') {
				ps.p++;
				break;
			}
			if (ps.p >= ps.end || *ps.p != ',')
				return fail(&ps, "',' or '}' expected");
			ps.p++;
		}
	}
	skip_ws(&ps);
	if (ps.p != ps.end)
		return fail(&ps, "text after the object");
	return 0;
}
