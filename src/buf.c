/* telsvc_buf and the internal text builder. */
#include "buf.h"
#include "context.h"

#include <stdio.h>
#include <string.h>

struct telsvc_buf {
	telsvc_ctx *ctx;
	char *ptr; /* NULL while empty; telsvc_buf_data() then returns "" */
	size_t size;
};

int telsvc_buf_new(telsvc_buf **out, telsvc_ctx *ctx)
{
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_buf_new: %s is NULL", out ? "ctx" : "out");
	*out = NULL;
	telsvc_buf *buf = ts_calloc(ctx, 1, sizeof(*buf));
	if (!buf)
		return TELSVC_ENOMEM;
	buf->ctx = ctx;
	*out = buf;
	return TELSVC_OK;
}

void telsvc_buf_free(telsvc_buf *buf)
{
	if (!buf)
		return;
	ts_free(buf->ctx, buf->ptr);
	ts_free(buf->ctx, buf);
}

const char *telsvc_buf_data(const telsvc_buf *buf)
{
	if (!buf)
		return NULL;
	return buf->ptr ? buf->ptr : "";
}

size_t telsvc_buf_size(const telsvc_buf *buf)
{
	return buf ? buf->size : 0;
}

int telsvc_buf_set(telsvc_buf *buf, const void *data, size_t size)
{
	if (!buf || (!data && size))
		return ts_error(TELSVC_EINVAL, "telsvc_buf_set: %s is NULL", buf ? "data" : "buf");
	if (size == SIZE_MAX)
		return ts_error_nomem();
	char *copy = ts_malloc(buf->ctx, size + 1);
	if (!copy)
		return TELSVC_ENOMEM;
	if (size)
		memcpy(copy, data, size);
	copy[size] = '\0';
	ts_free(buf->ctx, buf->ptr);
	buf->ptr = copy;
	buf->size = size;
	return TELSVC_OK;
}

void ts_sb_init(ts_sb *sb, telsvc_ctx *ctx)
{
	*sb = (ts_sb){ .ctx = ctx };
}

void ts_sb_free(ts_sb *sb)
{
	ts_free(sb->ctx, sb->ptr);
	ts_sb_init(sb, sb->ctx);
}

/* Make room for @extra more bytes plus a NUL. */
static bool sb_reserve(ts_sb *sb, size_t extra)
{
	if (sb->failed)
		return false;
	if (extra > SIZE_MAX / 2 - sb->size) {
		ts_error_nomem();
		sb->failed = true;
		return false;
	}
	size_t need = sb->size + extra + 1;
	if (need <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = ts_reallocarray(sb->ctx, sb->ptr, cap, 1);
	if (!p) {
		sb->failed = true;
		return false;
	}
	sb->ptr = p;
	sb->cap = cap;
	return true;
}

char *ts_sb_extend_grow(ts_sb *sb, size_t len)
{
	if (!sb_reserve(sb, len))
		return NULL;
	char *at = sb->ptr + sb->size;
	sb->size += len;
	sb->ptr[sb->size] = '\0';
	return at;
}

void ts_sb_append(ts_sb *sb, const char *data, size_t len)
{
	if (!sb_reserve(sb, len))
		return;
	memcpy(sb->ptr + sb->size, data, len);
	sb->size += len;
	sb->ptr[sb->size] = '\0';
}

void ts_sb_truncate(ts_sb *sb, size_t size)
{
	if (size < sb->size)
		sb->size = size;
	if (sb->ptr)
		sb->ptr[sb->size] = '\0';
	sb->failed = false;
}

void ts_sb_puts(ts_sb *sb, const char *s)
{
	ts_sb_append(sb, s, strlen(s));
}

void ts_sb_printf(ts_sb *sb, const char *fmt, ...)
{
	char small[256];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		ts_sb_append(sb, small, (size_t)n);
		return;
	}
	if (!sb_reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->ptr + sb->size, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->size += (size_t)n;
}

int ts_sb_move_to_buf(ts_sb *sb, telsvc_buf *out)
{
	if (sb->failed || !sb_reserve(sb, 0)) {
		ts_sb_free(sb);
		return ts_error_nomem();
	}
	if (out->ctx != sb->ctx) {
		/* Different allocators: the bytes must be copied, not adopted. */
		int rc = telsvc_buf_set(out, sb->ptr, sb->size);
		ts_sb_free(sb);
		return rc;
	}
	ts_free(out->ctx, out->ptr);
	out->ptr = sb->ptr;
	out->size = sb->size;
	sb->ptr = NULL;
	ts_sb_free(sb);
	return TELSVC_OK;
}

/* A double-quoted YAML scalar: safe for any text a string may hold. The
 * Unicode line breaks NEL, LS and PS are escaped too, since a YAML reader
 * folds them as it does a raw newline. */
void ts_sb_yaml_quoted(ts_sb *sb, const char *s)
{
	ts_sb_puts(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0xc2 && (unsigned char)s[1] == 0x85) {
			ts_sb_puts(sb, "\\N");
			s++;
		} else if (c == 0xe2 && (unsigned char)s[1] == 0x80 && ((unsigned char)s[2] & 0xfe) == 0xa8) {
			ts_sb_puts(sb, (unsigned char)s[2] == 0xa8 ? "\\L" : "\\P");
			s += 2;
		} else if (c == '"' || c == '\\')
			ts_sb_printf(sb, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			ts_sb_printf(sb, "\\x%02x", c);
		else
			ts_sb_append(sb, s, 1);
	}
	ts_sb_puts(sb, "\"");
}
