/* The ingest stream's readers (tools/event_read.c, event_json.c;
 * docs/events.md) on hostile input: a CRM's export is not ours to trust.
 * The first byte picks the encoding (its low bit: JSON Lines or YAML);
 * the rest is the stream. What must hold:
 * - every call gives 1, 0, -1 or -2, a reason with -1 and -2, and the
 *   stream ends (0 or -2) within as many calls as it has bytes;
 * - an event's values are NUL-ended texts of valid UTF-8 with no NUL
 *   inside, a scalar is one of them, a list @count of them;
 * - an event, from either encoding, written out again as one JSON line
 *   reads back to the same values: both readers give an event one
 *   meaning, whichever encoding it came in. */
#include "fuzz.h"

#include "../../tools/event.h"

/* Whether the @n bytes at @s are well-formed UTF-8 without a NUL. */
static bool utf8_text(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len = c == 0 ? 0 : c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3
			: c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (!len || n - i < len)
			return false;
		for (size_t j = 1; j < len; j++)
			if ((s[i + j] & 0xc0) != 0x80)
				return false;
		if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] > 0x9f) || (c == 0xf0 && s[i + 1] < 0x90) ||
		    (c == 0xf4 && s[i + 1] > 0x8f))
			return false;
		i += len;
	}
	return true;
}

typedef struct out {
	char *p;
	size_t n, cap;
} out;

/* @p resized to @size bytes; aborts when out of memory. */
static void *resize(void *p, size_t size)
{
	void *q = realloc(p, size);
	FUZZ_CHECK(q != NULL);
	return q;
}

static void put(out *o, const char *s, size_t n)
{
	if (o->n + n + 1 > o->cap) {
		o->cap = (o->n + n + 1) * 2;
		o->p = resize(o->p, o->cap);
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
	o->p[o->n] = 0;
}

/* @s as a JSON string: quotes, backslashes and control characters escaped. */
static void put_string(out *o, const char *s)
{
	put(o, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			char e[2] = { '\\', (char)c };
			put(o, e, 2);
		} else if (c < 0x20) {
			char e[8];
			snprintf(e, sizeof(e), "\\u%04x", c);
			put(o, e, 6);
		} else {
			put(o, (const char *)&c, 1);
		}
	}
	put(o, "\"", 1);
}

/* Check @ev's values and write it as one JSON object into @o. */
static void check_and_write(const ev_event *ev, size_t input_size, out *o)
{
	o->n = 0;
	put(o, "{", 1);
	bool first = true;
	for (int k = 0; k < K_COUNT; k++) {
		const ev_value *v = &ev->v[k];
		if (!v->list && !v->count) {
			FUZZ_CHECK(v->s == NULL);
			continue;
		}
		FUZZ_CHECK(v->s != NULL);
		FUZZ_CHECK(v->list || v->count == 1);
		if (!first)
			put(o, ",", 1);
		first = false;
		put_string(o, ev_key_names[k]);
		put(o, v->list ? ":[" : ":", v->list ? 2 : 1);
		const char *item = v->s;
		for (unsigned i = 0; i < v->count; i++) {
			size_t n = strlen(item);
			FUZZ_CHECK(n <= input_size);
			FUZZ_CHECK(utf8_text((const unsigned char *)item, n));
			if (i)
				put(o, ",", 1);
			put_string(o, item);
			item += n + 1;
		}
		if (v->list)
			put(o, "]", 1);
	}
	put(o, "}", 1);
}

static void same_values(const ev_event *a, const ev_event *b)
{
	for (int k = 0; k < K_COUNT; k++) {
		const ev_value *x = &a->v[k], *y = &b->v[k];
		FUZZ_CHECK(x->count == y->count);
		FUZZ_CHECK(x->list == y->list);
		const char *s = x->s, *t = y->s;
		for (unsigned i = 0; i < x->count; i++) {
			FUZZ_CHECK(strcmp(s, t) == 0);
			s += strlen(s) + 1;
			t += strlen(t) + 1;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	ev_format format = data[0] & 1 ? EV_YAML : EV_JSONL;
	FILE *in = fmemopen((void *)(data + 1), size - 1, "r");
	FUZZ_CHECK(in != NULL);
	ev_reader *r = ev_reader_new(in, format);
	FUZZ_CHECK(r != NULL);
	out line = { 0 };
	char *scratch = NULL;
	ev_event ev, again;
	long last_line = 0;
	for (size_t calls = 0;; calls++) {
		FUZZ_CHECK(calls <= size + 1);
		char why[256] = "";
		int rc = ev_reader_next(r, &ev, why, sizeof(why));
		FUZZ_CHECK(rc >= -2 && rc <= 1);
		if (rc == 0 || rc == -2) {
			FUZZ_CHECK(rc == 0 || why[0]);
			break;
		}
		FUZZ_CHECK(ev.line >= 1 && (format == EV_YAML || ev.line > last_line));
		last_line = ev.line;
		if (rc == -1) {
			FUZZ_CHECK(why[0]);
			continue;
		}
		check_and_write(&ev, size, &line);
		scratch = resize(scratch, line.n + 1);
		char again_why[256];
		int parsed = ev_parse_json(&again, line.p, line.n, scratch, again_why, sizeof(again_why));
		if (parsed != 0)
			fprintf(stderr, "written again: %s\nrefused: %s\n", line.p, again_why);
		FUZZ_CHECK(parsed == 0);
		same_values(&ev, &again);
	}
	ev_reader_free(r);
	fclose(in);
	free(line.p);
	free(scratch);
	return 0;
}
