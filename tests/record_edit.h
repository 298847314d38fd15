/* Editing a stored record behind the library's back, to make one it would
 * never write: an integer field given another value, or a field added at
 * the end; the length and checksum are made right again, so that the
 * decoder reads the fields. */
#ifndef TS_TEST_RECORD_EDIT_H
#define TS_TEST_RECORD_EDIT_H

#include "helpers.h"

#include "buf.h"
#include "record.h"

/* Object @id of @kind in @st, without its checksum, into @sb. */
static inline uint64_t record_get(ts_sb *sb, const telsvc_storage *st, telsvc_ctx *ctx, int kind, const char *id)
{
	telsvc_buf *buf;
	uint64_t revision;
	assert_int_equal(telsvc_buf_new(&buf, ctx), TELSVC_OK);
	assert_int_equal(st->get(st->payload, kind, id, &revision, buf), TELSVC_OK);
	ts_sb_init(sb, ctx);
	ts_sb_append(sb, telsvc_buf_data(buf), telsvc_buf_size(buf) - TS_REC_TRAILER);
	telsvc_buf_free(buf);
	return revision;
}

/* Store @sb, read at @revision by record_get, back as the object; free it. */
static inline void record_put(ts_sb *sb, const telsvc_storage *st, int kind, const char *id, uint64_t revision)
{
	assert_int_equal(ts_rec_finish(sb), TELSVC_OK);
	assert_int_equal(st->put(st->payload, kind, id, revision, sb->ptr, sb->size), TELSVC_OK);
	ts_sb_free(sb);
}

/* In object @id of @kind, integer field @tag holding @from now holds @to
 * (which must encode to as many bytes). */
static inline void record_restamp(const telsvc_storage *st, telsvc_ctx *ctx, int kind, const char *id, uint16_t tag,
				  int64_t from, int64_t to)
{
	ts_sb rec, old, new;
	uint64_t revision = record_get(&rec, st, ctx, kind, id);
	ts_sb_init(&old, ctx);
	ts_sb_init(&new, ctx);
	ts_rec_i64(&old, tag, from);
	ts_rec_i64(&new, tag, to);
	assert_int_equal(old.size, new.size);
	char *at = NULL;
	for (size_t i = TS_REC_HEADER; i + old.size <= rec.size && !at; i++)
		if (memcmp(rec.ptr + i, old.ptr, old.size) == 0)
			at = rec.ptr + i;
	assert_non_null(at);
	memcpy(at, new.ptr, new.size);
	record_put(&rec, st, kind, id, revision);
	ts_sb_free(&old);
	ts_sb_free(&new);
}

/* Object @id of @kind with text field @tag added at its end. */
static inline void record_append_text(const telsvc_storage *st, telsvc_ctx *ctx, int kind, const char *id,
				      uint16_t tag, const char *text)
{
	ts_sb rec;
	uint64_t revision = record_get(&rec, st, ctx, kind, id);
	ts_rec_text(&rec, tag, text);
	record_put(&rec, st, kind, id, revision);
}

/* Object @number of @kind, read from storage, is refused as corrupt with a
 * message holding @why, and so is a load of the context. */
static inline void record_expect_corrupt(telsvc_ctx *ctx, int kind, const char *number, const char *why)
{
	telsvc_request *r;
	telsvc_complaint *c;
	int rc = kind == TELSVC_KIND_REQUEST ? telsvc_request_find(&r, ctx, number)
					     : telsvc_complaint_find(&c, ctx, number);
	assert_int_equal(rc, TELSVC_ECORRUPT);
	if (!strstr(telsvc_error_last(), why))
		fail_msg("'%s' lacks '%s'", telsvc_error_last(), why);
	assert_int_equal(telsvc_ctx_load(ctx), TELSVC_ECORRUPT);
}

#endif
