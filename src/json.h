/* Writing JSON for exports (docs/personal-data.md, docs/export.md). */
#ifndef TS_JSON_H
#define TS_JSON_H

#include "buf.h"
#include "common.h"
#include "telsvc/policy.h"

/* @s as a JSON string (RFC 8259): quotes, backslashes and control
 * characters escaped, UTF-8 kept; NULL as null. */
void ts_json_string(ts_sb *sb, const char *s);

/* Instant @t as an RFC 3339 string in the offset of @p's default
 * calendar ("2025-09-30T17:00:00+08:00"); null for TELSVC_NEVER. */
void ts_json_instant(ts_sb *sb, const telsvc_policy *p, int64_t t);

/* The same in the offset @off, seconds east of UTC. */
void ts_json_instant_at(ts_sb *sb, int32_t off, int64_t t);

/* Instant @t as RFC 3339 in the offset @off, without quotes (CSV). */
void ts_sb_rfc3339(ts_sb *sb, int32_t off, int64_t t);

#endif
