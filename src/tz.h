/* Time zones without a tz database: a fixed UTC offset ("+08:00") or a
 * POSIX TZ rule with daylight saving ("CET-1CEST,M3.5.0,M10.5.0/3"),
 * evaluated here, with no file or environment access. */
#ifndef TS_TZ_H
#define TS_TZ_H

#include "common.h"

typedef struct ts_tz_rule {
	char kind;      /* 'M' month/week/day, 'J' Julian 1..365 without Feb 29, 'D' zero-based day 0..365 */
	int month;      /* M: 1..12 */
	int week;       /* M: 1..5 (5 = last) */
	int wday;       /* M: 0 = Sunday .. 6 */
	int day;        /* J, D */
	int32_t time;   /* seconds after local midnight, may be negative or past 24 h */
} ts_tz_rule;

typedef struct ts_tz {
	int32_t std_offset; /* seconds east of UTC */
	bool has_dst;
	int32_t dst_offset;
	ts_tz_rule start, end;
} ts_tz;

/* Parse a time zone; NULL on success or what is wrong. */
const char *ts_tz_parse(const char *text, ts_tz *tz);

/* Offset east of UTC in effect at instant @t. */
int32_t ts_tz_offset(const ts_tz *tz, int64_t t);

/* The UTC instant of local time @local (seconds since the epoch in local
 * reckoning). A local time that occurs twice gives the first; one that a
 * transition skips gives the transition instant. */
int64_t ts_tz_to_utc(const ts_tz *tz, int64_t local);

#endif
