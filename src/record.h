/* The record encoding: everything the library stores is a versioned,
 * checksummed sequence of tagged fields (docs/record-format.md). Decoding
 * trusts nothing: every length is checked before it is used. */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include "buf.h"
#include "common.h"

#include <string.h>

#define TS_REC_MAGIC "TSVR"
#define TS_REC_FORMAT 1
#define TS_REC_HEADER 12 /* magic, format, kind, reserved, body length */
#define TS_REC_TRAILER 4 /* CRC-32C of the body, continued over the header */
#define TS_REC_MAX_SIZE ((size_t)16 << 20)

typedef enum ts_ftype {
	TS_F_U64 = 1,   /* a variable-length integer */
	TS_F_I64 = 2,   /* the same, zigzag-coded */
	TS_F_TEXT = 3,  /* length, then UTF-8 without NUL */
	TS_F_BYTES = 4, /* length, then opaque bytes */
} ts_ftype;

uint32_t ts_crc32c(uint32_t crc, const void *data, size_t size);
/* The portable table-driven step, on the running (inverted) value; used
 * where the CPU has no CRC-32C instruction, and by the tests. */
uint32_t ts_crc32c_table(uint32_t crc, const uint8_t *p, size_t size);

/* Writer: begin, put fields, finish. Errors stick in the builder. */
void ts_rec_begin(ts_sb *sb, int kind);
static inline void ts_rec_u64(ts_sb *sb, uint16_t tag, uint64_t v);
static inline void ts_rec_i64(ts_sb *sb, uint16_t tag, int64_t v);
static inline void ts_rec_text(ts_sb *sb, uint16_t tag, const char *text);
static inline void ts_rec_bytes(ts_sb *sb, uint16_t tag, const void *data, size_t size);
/* Fill in the length and checksum; TELSVC_OK or TELSVC_ENOMEM. */
int ts_rec_finish(ts_sb *sb);

/* The checksum of a body that only grows at its end, computed as it
 * grows: the CRC state of its first @covered bytes. */
typedef struct ts_rec_crc {
	uint32_t crc;
	size_t covered;
} ts_rec_crc;
/* ts_rec_finish for a record whose body's first @run->covered bytes
 * @run already checksums; @run then covers the whole body. */
int ts_rec_finish_running(ts_sb *sb, ts_rec_crc *run);

/* The checksum of the record of @size bytes at @rec, trailer excluded. */
uint32_t ts_rec_checksum(const void *rec, size_t size);

/* Reader over a whole record, checked by ts_rec_open. */
typedef struct ts_rec_reader {
	const uint8_t *p, *end, *base;
	int kind;
	const char *what; /* names the record in messages */
} ts_rec_reader;

typedef struct ts_field {
	uint16_t tag;
	ts_ftype type;
	const uint8_t *data; /* text and bytes: the value */
	uint32_t size;
	uint64_t value; /* integers: the value (two's complement for I64) */
} ts_field;

/* Check magic, format, lengths, checksum and every field's bounds.
 * TELSVC_ECORRUPT with a message naming @what and the fault. */
int ts_rec_open(ts_rec_reader *r, const void *data, size_t size, const char *what);
/* The next field: 1, or 0 at the end (ts_rec_open validated the rest). */
int ts_rec_next(ts_rec_reader *r, ts_field *f);

/* For a reader that checks as it goes, in one pass: ts_rec_open_header
 * checks the header, the lengths and the checksum; ts_rec_next_checked
 * then gives each field (1), the end (0) or TELSVC_ECORRUPT. Inline: the
 * audit verifier reads every field of every record with it. */
int ts_rec_open_header(ts_rec_reader *r, const void *data, size_t size, const char *what);

/* TELSVC_ECORRUPT, naming @what, the fault and its byte offset. */
int ts_rec_corrupt(const char *what, const char *fault, size_t offset);

/* A varint from [@p, @end) (docs/record-format.md): the bytes it took, or
 * 0 if it runs past @end, takes more than ten bytes or overflows. */
static inline size_t ts_get_varint(const uint8_t *p, const uint8_t *end, uint64_t *out)
{
	if (p < end && p[0] < 0x80) { /* most keys and numbers: one byte */
		*out = p[0];
		return 1;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < 10 && p + i < end; i++) {
		uint64_t b = p[i];
		if (i == 9 && b > 1)
			return 0;
		v |= (b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*out = v;
			return i + 1;
		}
	}
	return 0;
}

static inline int ts_rec_next_checked(ts_rec_reader *r, ts_field *f)
{
	const uint8_t *p = r->p, *end = r->end;
	if (p >= end)
		return 0;
	uint64_t key = 0, v = 0;
	size_t n = ts_get_varint(p, end, &key);
	if (!n)
		return ts_rec_corrupt(r->what, "malformed field key", (size_t)(p - r->base));
	unsigned type = (unsigned)(key & 7);
	if (key >> 3 == 0 || key >> 3 > 0xffff)
		return ts_rec_corrupt(r->what, "field tag out of range", (size_t)(p - r->base));
	if (type < TS_F_U64 || type > TS_F_BYTES)
		return ts_rec_corrupt(r->what, "unknown field type", (size_t)(p - r->base));
	bool integer = type == TS_F_U64 || type == TS_F_I64;
	p += n;
	if (!(n = ts_get_varint(p, end, &v)))
		return ts_rec_corrupt(r->what, integer ? "malformed number" : "malformed length", (size_t)(p - r->base));
	f->tag = (uint16_t)(key >> 3);
	f->type = (ts_ftype)type;
	f->data = r->p;
	f->size = 0;
	p += n;
	if (integer) {
		f->value = type == TS_F_I64 ? (v >> 1) ^ (0 - (v & 1)) : v; /* zigzag */
	} else {
		if (v > (uint64_t)(end - p))
			return ts_rec_corrupt(r->what, "field runs past the record", (size_t)(p - r->base));
		if (type == TS_F_TEXT && memchr(p, '\0', (size_t)v))
			return ts_rec_corrupt(r->what, "text field holds a NUL byte", (size_t)(p - r->base));
		f->data = p;
		f->size = (uint32_t)v;
		f->value = 0;
		p += v;
	}
	r->p = p;
	return 1;
}
/* An integer field's value; cast to int64_t for TS_F_I64. */
uint64_t ts_field_u64(const ts_field *f);

/* ---- the writer's fields, inline: every record and every monitoring
 * event is a run of them ---- */

/* Variable-length integers: seven bits a byte, least significant first,
 * the high bit set on every byte but the last (docs/record-format.md). */
static inline uint8_t *ts_rec_put_varint(uint8_t *p, uint64_t x)
{
	while (x >= 0x80) {
		*p++ = (uint8_t)(x | 0x80);
		x >>= 7;
	}
	*p++ = (uint8_t)x;
	return p;
}

/* Room for a key and a varint: reserved whole, then what is unused given
 * back, so that the sizes need not be worked out first. */
#define TS_VARINTS_MAX 20

/* Give back what a field reserved at @start did not use, up to @end. */
static inline void ts_rec_trim(ts_sb *sb, const uint8_t *start, const uint8_t *end, size_t reserved)
{
	sb->size -= reserved - (size_t)(end - start);
	sb->ptr[sb->size] = '\0';
}

/* One text or bytes field: its key, length and value, written in place. */
static inline void ts_rec_put_field(ts_sb *sb, uint16_t tag, ts_ftype type, const void *data, size_t size)
{
	size_t reserved = TS_VARINTS_MAX + size;
	uint8_t *at = size <= TS_REC_MAX_SIZE ? (uint8_t *)ts_sb_extend(sb, reserved) : NULL;
	if (!at) {
		sb->failed = true;
		return;
	}
	uint8_t *p = ts_rec_put_varint(ts_rec_put_varint(at, (uint64_t)tag << 3 | type), size);
	if (size)
		memcpy(p, data, size);
	ts_rec_trim(sb, at, p + size, reserved);
}

static inline void ts_rec_put_int(ts_sb *sb, uint16_t tag, ts_ftype type, uint64_t v)
{
	uint8_t *at = (uint8_t *)ts_sb_extend(sb, TS_VARINTS_MAX);
	if (!at) {
		sb->failed = true;
		return;
	}
	ts_rec_trim(sb, at, ts_rec_put_varint(ts_rec_put_varint(at, (uint64_t)tag << 3 | type), v), TS_VARINTS_MAX);
}

static inline void ts_rec_u64(ts_sb *sb, uint16_t tag, uint64_t v)
{
	ts_rec_put_int(sb, tag, TS_F_U64, v);
}

/* Signed values zigzag, so that small negative ones stay short. */
static inline void ts_rec_i64(ts_sb *sb, uint16_t tag, int64_t v)
{
	uint64_t u = (uint64_t)v;
	ts_rec_put_int(sb, tag, TS_F_I64, (u << 1) ^ (0 - (u >> 63)));
}

static inline void ts_rec_text(ts_sb *sb, uint16_t tag, const char *text)
{
	ts_rec_put_field(sb, tag, TS_F_TEXT, text, strlen(text));
}

static inline void ts_rec_bytes(ts_sb *sb, uint16_t tag, const void *data, size_t size)
{
	ts_rec_put_field(sb, tag, TS_F_BYTES, data, size);
}

#endif
