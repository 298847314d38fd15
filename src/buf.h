/* Growable buffers: the public telsvc_buf and the internal text builder. */
#ifndef TS_BUF_H
#define TS_BUF_H

#include "common.h"

/* A text builder. After the first failed append it stays failed (all
 * later appends are no-ops), so callers check once at the end. */
typedef struct ts_sb {
	telsvc_ctx *ctx;
	char *ptr;
	size_t size;
	size_t cap;
	bool failed;
} ts_sb;

void ts_sb_init(ts_sb *sb, telsvc_ctx *ctx);
void ts_sb_free(ts_sb *sb);
void ts_sb_append(ts_sb *sb, const char *data, size_t len);
/* Room for @len more bytes, which the caller fills: the builder grows by
 * @len and the returned pointer addresses them; NULL once failed. Inline
 * when the room is there: records are written field by field with it. */
char *ts_sb_extend_grow(ts_sb *sb, size_t len);
static inline char *ts_sb_extend(ts_sb *sb, size_t len)
{
	if (sb->failed || len >= sb->cap - sb->size) /* the terminating NUL needs one more */
		return ts_sb_extend_grow(sb, len);
	char *at = sb->ptr + sb->size;
	sb->size += len;
	sb->ptr[sb->size] = '\0';
	return at;
}
void ts_sb_puts(ts_sb *sb, const char *s);
void ts_sb_printf(ts_sb *sb, const char *fmt, ...) TS_PRINTF(2, 3);

/* Cut the builder back to @size bytes (no more than it holds) and clear
 * an earlier failure: undoing appends made after a mark. */
void ts_sb_truncate(ts_sb *sb, size_t size);

/* Append @s as a double-quoted YAML scalar that reads back unchanged. */
void ts_sb_yaml_quoted(ts_sb *sb, const char *s);

/* Move the builder's text into @out, replacing its contents. On failure
 * (including an earlier failed append) @out is unchanged. */
int ts_sb_move_to_buf(ts_sb *sb, telsvc_buf *out);

#endif
