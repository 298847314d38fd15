/**
 * @file telsvc/buf.h
 * @brief A growable byte buffer owned by the library.
 *
 * Text and bytes the library hands back (a policy dump, later records
 * read from storage) travel in a ::telsvc_buf, so host and library never
 * free each other's memory.
 */
#ifndef TELSVC_BUF_H
#define TELSVC_BUF_H

#include "common.h"

TELSVC_BEGIN_DECLS

/** A byte buffer allocated with its context's allocator. Opaque. */
typedef struct telsvc_buf telsvc_buf;

/**
 * Create an empty buffer.
 * @param out receives the buffer, owned by the caller (telsvc_buf_free())
 * @param ctx the context whose allocator it uses
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_buf_new(telsvc_buf **out, telsvc_ctx *ctx);

/** Free a buffer. Accepts NULL. */
TELSVC_API void telsvc_buf_free(telsvc_buf *buf);

/**
 * The buffer's bytes, always followed by a NUL byte that
 * telsvc_buf_size() does not count. Borrowed: valid until the buffer is
 * next changed or freed. Never NULL for a non-NULL @p buf.
 */
TELSVC_API const char *telsvc_buf_data(const telsvc_buf *buf);

/** The number of bytes in the buffer, not counting the trailing NUL. */
TELSVC_API size_t telsvc_buf_size(const telsvc_buf *buf);

/**
 * Replace the buffer's contents with a copy of @p size bytes at @p data.
 * On failure the buffer keeps its previous contents.
 * @return #TELSVC_OK, #TELSVC_EINVAL (NULL @p buf, or NULL @p data with a
 *         non-zero @p size) or #TELSVC_ENOMEM
 */
TELSVC_API int telsvc_buf_set(telsvc_buf *buf, const void *data, size_t size);

TELSVC_END_DECLS

#endif
