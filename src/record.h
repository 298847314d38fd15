/* The record encoding: everything the library stores is a versioned,
 * checksummed sequence of tagged fields (docs/record-format.md). Decoding
 * trusts nothing: every length is checked before it is used. */
#ifndef TS_RECORD_H
#define TS_RECORD_H

#include "buf.h"
#include "common.h"

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
void ts_rec_u64(ts_sb *sb, uint16_t tag, uint64_t v);
void ts_rec_i64(ts_sb *sb, uint16_t tag, int64_t v);
void ts_rec_text(ts_sb *sb, uint16_t tag, const char *text);
void ts_rec_bytes(ts_sb *sb, uint16_t tag, const void *data, size_t size);
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
	const uint8_t *p, *end;
	int kind;
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
/* An integer field's value; cast to int64_t for TS_F_I64. */
uint64_t ts_field_u64(const ts_field *f);

#endif
