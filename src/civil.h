/* Proleptic Gregorian date arithmetic on day numbers (days since
 * 1970-01-01), valid far beyond any calendar a policy can cover. */
#ifndef TS_CIVIL_H
#define TS_CIVIL_H

#include "common.h"

#define TS_DAY 86400

typedef struct ts_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
} ts_date;

int64_t ts_days_from_civil(int year, int month, int day);
ts_date ts_civil_from_days(int64_t days);
/* 0 = Monday ... 6 = Sunday */
int ts_weekday(int64_t days);
int ts_days_in_month(int year, int month);
/* floor division, for instants before the epoch */
int64_t ts_floor_div(int64_t a, int64_t b);

/* Parse "YYYY-MM-DD" (exactly); NULL on success or what is wrong. */
const char *ts_parse_date(const char *text, int64_t *days);
/* Write "YYYY-MM-DD" into @out (at least 11 bytes). */
void ts_format_date(char *out, int64_t days);
/* Write instant @t as "YYYY-MM-DDTHH:MM:SSZ" into @out (at least 21 bytes), for messages. */
void ts_format_utc(char *out, int64_t t);

#endif
