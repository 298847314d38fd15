/* The ingest stream's readers (tools/event_json.c, tools/event_read.c;
 * docs/events.md): what each encoding gives, and what each refuses with
 * which reason while reading goes on to the next event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "../tools/event.h"

typedef struct stream {
	FILE *in;
	ev_reader *r;
	ev_event ev;
	char why[256];
} stream;

static void open_text(stream *s, ev_format format, const char *text, size_t size)
{
	s->in = fmemopen((void *)text, size, "r");
	assert_non_null(s->in);
	s->r = ev_reader_new(s->in, format);
	assert_non_null(s->r);
}

static void close_stream(stream *s)
{
	ev_reader_free(s->r);
	fclose(s->in);
}

static int next(stream *s)
{
	s->why[0] = 0;
	return ev_reader_next(s->r, &s->ev, s->why, sizeof(s->why));
}

/* The next event is refused with a reason holding @reason. */
static void refused(stream *s, const char *reason)
{
	assert_int_equal(next(s), -1);
	if (!strstr(s->why, reason))
		fail_msg("reason '%s' does not say '%s'", s->why, reason);
}

/* The next event is read, with op @op. */
static void read_op(stream *s, const char *op)
{
	int rc = next(s);
	if (rc != 1)
		fail_msg("event refused (%d): %s", rc, s->why);
	assert_string_equal(s->ev.v[K_OP].s, op);
}

#define OPEN(s, format, literal) open_text(s, format, literal, sizeof(literal) - 1)

/* The same event in both encodings: the same values, lists included. */
static void encodings_agree(void **state)
{
	(void)state;
	stream j, y;
	OPEN(&j, EV_JSONL,
	     "{\"op\":\"request.create\",\"ref\":\"r1\",\"flags\":[\"vip\",\"repeat\"],\"score\":4.5,"
	     "\"note\":\"tab\\there \\u00e9\\ud83d\\ude00\",\"affected\":[],\"priority\":null}\n");
	OPEN(&y, EV_YAML,
	     "- op: request.create\n  ref: r1\n  flags: [vip, repeat]\n  score: 4.5\n"
	     "  note: \"tab\\there \\u00e9\\U0001F600\"\n  affected: []\n  priority: ~\n");
	read_op(&j, "request.create");
	read_op(&y, "request.create");
	for (int k = 0; k < K_COUNT; k++) {
		const ev_value *a = &j.ev.v[k], *b = &y.ev.v[k];
		assert_int_equal(a->count, b->count);
		assert_int_equal(a->list, b->list);
		const char *p = a->s, *q = b->s;
		for (unsigned i = 0; i < a->count; i++, p += strlen(p) + 1, q += strlen(q) + 1)
			assert_string_equal(p, q);
	}
	assert_int_equal(j.ev.v[K_FLAGS].count, 2);
	assert_string_equal(j.ev.v[K_FLAGS].s + strlen("vip") + 1, "repeat");
	assert_string_equal(j.ev.v[K_NOTE].s, "tab\there \xc3\xa9\xf0\x9f\x98\x80");
	assert_non_null(y.ev.v[K_AFFECTED].s); /* an empty list is present */
	assert_int_equal(y.ev.v[K_AFFECTED].list, 1);
	assert_null(y.ev.v[K_PRIORITY].s); /* null: absent */
	assert_int_equal(next(&j), 0);
	assert_int_equal(next(&y), 0);
	close_stream(&j);
	close_stream(&y);
}

/* Bytes 0xF5 to 0xFF never begin a UTF-8 sequence (RFC 3629). */
static void json_refuses_bad_lead_bytes(void **state)
{
	(void)state;
	for (unsigned c = 0xf5; c <= 0xff; c++) {
		char line[64];
		int n = snprintf(line, sizeof(line), "{\"op\":\"%c\x8d\x95\"}\n{\"op\":\"x\"}\n", (char)c);
		stream s;
		open_text(&s, EV_JSONL, line, (size_t)n);
		refused(&s, "invalid UTF-8 at column 8");
		assert_int_equal(s.ev.line, 1);
		read_op(&s, "x");
		assert_int_equal(s.ev.line, 2);
		close_stream(&s);
	}
}

/* A YAML escape can put a NUL in a key or a value, which as text would be
 * cut short: "op\0x" is not the key op, "r1\0x" not the reference r1. */
static void yaml_refuses_nul(void **state)
{
	(void)state;
	stream s;
	OPEN(&s, EV_YAML,
	     "- {\"op\\0junk\": request.create}\n"
	     "- {op: request.create, ref: \"r1\\0x\"}\n"
	     "- {op: request.create, flags: [a, \"b\\0\"]}\n"
	     "- {op: ok}\n");
	refused(&s, "unknown key 'op'");
	refused(&s, "NUL character in the value of 'ref'");
	refused(&s, "NUL character in the list 'flags'");
	read_op(&s, "ok");
	assert_int_equal(next(&s), 0);
	close_stream(&s);
}

/* Nested values and keys that are not scalars refuse their event only:
 * the reader finds the next one. */
static void yaml_refuses_structure_and_goes_on(void **state)
{
	(void)state;
	stream s;
	OPEN(&s, EV_YAML,
	     "- {op: a, ref: {deep: 1}}\n"
	     "- {op: b, flags: [x, [y, z], {w: 1}]}\n"
	     "- {op: c, ? [k1, k2] : v}\n"
	     "- {op: d, ref: &anchor r1, note: *anchor}\n"
	     "- {op: e, op: again}\n"
	     "- {op: f, ref: r2}\n");
	refused(&s, "'ref': a value is a scalar or a list of scalars");
	refused(&s, "'flags': a list may hold only scalars");
	refused(&s, "a key must be a plain scalar, not a list or a mapping");
	refused(&s, "'note': a value is a scalar or a list of scalars");
	refused(&s, "key 'op' given twice");
	read_op(&s, "f");
	assert_string_equal(s.ev.v[K_REF].s, "r2");
	assert_int_equal(s.ev.line, 6);
	assert_int_equal(next(&s), 0);
	close_stream(&s);
}

/* An event whose only value is an empty list. */
static void yaml_empty_list_alone(void **state)
{
	(void)state;
	stream s;
	OPEN(&s, EV_YAML, "{flags: []}\n");
	assert_int_equal(next(&s), 1);
	assert_non_null(s.ev.v[K_FLAGS].s);
	assert_int_equal(s.ev.v[K_FLAGS].list, 1);
	assert_int_equal(s.ev.v[K_FLAGS].count, 0);
	assert_null(s.ev.v[K_OP].s);
	close_stream(&s);
}

/* Key lookup compares whole names, whatever the bytes after them. */
static void key_lookup(void **state)
{
	(void)state;
	assert_int_equal(ev_key_find("op", 2), K_OP);
	assert_int_equal(ev_key_find("opx", 2), K_OP);
	assert_int_equal(ev_key_find("op\0junk", 7), -1);
	assert_int_equal(ev_key_find("o", 1), -1);
	assert_int_equal(ev_key_find("", 0), -1);
	assert_int_equal(ev_key_find("units", 5), K_UNITS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encodings_agree),
		cmocka_unit_test(json_refuses_bad_lead_bytes),
		cmocka_unit_test(yaml_refuses_nul),
		cmocka_unit_test(yaml_refuses_structure_and_goes_on),
		cmocka_unit_test(yaml_empty_list_alone),
		cmocka_unit_test(key_lookup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
