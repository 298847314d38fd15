/* Calendars: their definition as the policy gives it, and the per-day
 * tables built from it that make every deadline a few array lookups. */
#ifndef TS_CALENDAR_H
#define TS_CALENDAR_H

#include "buf.h"
#include "common.h"
#include "tz.h"

#include "telsvc/calendar.h"

#define TS_CAL_MIN_YEAR 1970
#define TS_CAL_MAX_YEAR 2199
#define TS_CAL_MAX_SPAN 200 /* years */
#define TS_CAL_MAX_INTERVALS 8 /* business-hour intervals a day */

typedef struct ts_iv {
	int32_t start, end; /* local seconds of the day, 0 <= start < end <= 86400 */
} ts_iv;

typedef struct ts_hours {
	ts_iv *iv;
	size_t count;
} ts_hours;

typedef struct ts_special {
	int64_t day; /* day number (days since 1970-01-01) */
	ts_hours hours;
} ts_special;

typedef struct ts_dayrange {
	int64_t from, to; /* inclusive day numbers */
} ts_dayrange;

/* Division of 0 <= n < 2^31 by a constant d, as (n * mul) >> shift. */
typedef struct ts_divisor {
	uint64_t mul;
	int shift;
} ts_divisor;

struct telsvc_calendar {
	telsvc_ctx *ctx;
	/* definition */
	char *name;
	char *tz_text;
	ts_tz tz;
	int first_year, last_year;
	ts_hours week[7]; /* 0 = Monday */
	ts_dayrange *holidays;
	size_t holiday_count;
	int64_t *makeups;
	size_t makeup_count;
	ts_special *specials;
	size_t special_count;
	telsvc_day_end day_end;
	/* tables over the covered days [day0, day0 + ndays); see calendar.c */
	int64_t day0;
	int32_t ndays;
	int32_t slots;         /* business-hour intervals stored per day, >= 1 */
	int shift;             /* business positions per bucket: 1 << shift */
	int32_t nbuckets;
	int64_t *day_start;    /* [ndays + 1] UTC instant of each local midnight */
	int64_t *cum_business; /* [ndays + 1] business seconds before each day */
	int32_t *cum_working;  /* [ndays + 1] working days before each day */
	int32_t *nth_working;  /* [cum_working[ndays]] day of each working day */
	int32_t *next_open;    /* [ndays] the next day with business hours, or ndays */
	int32_t *iv_start;     /* [ndays * slots] interval starts, seconds after midnight */
	int32_t *iv_cum;       /* [ndays * (slots + 1)] business before each interval in the day */
	int32_t *bucket_day;   /* [nbuckets] the day holding business position (b << shift) + 1 */
	/* The grid, when every opening, closing and midnight lies on a
	 * multiple of @grid seconds after the first midnight: business time is
	 * then uniform within each cell, and both directions are one lookup. */
	int32_t grid;          /* cell length in seconds, or 0 for no grid */
	int32_t ncells;
	ts_divisor grid_div;   /* division by @grid */
	int32_t *cell_pos;     /* [ncells + 1] business position at each cell's start */
	int32_t *business_cell; /* [total / grid] start of the k-th business cell, after the first midnight */
};

/* A calendar with no definition yet, owned by the caller. */
telsvc_calendar *ts_calendar_new(telsvc_ctx *ctx);
void ts_calendar_free(telsvc_calendar *cal);

/* Build the tables from the definition; the definition must be valid. */
int ts_calendar_build(telsvc_calendar *cal);

bool ts_calendar_equal(const telsvc_calendar *a, const telsvc_calendar *b);

/* Write the definition as the YAML mapping body under "  name:". */
void ts_calendar_dump(ts_sb *sb, const telsvc_calendar *cal);

/* Building blocks of the SLA clocks (sla.c). Positions are seconds on the
 * clock since the calendar's first day: the instant itself (wall),
 * business seconds, or working-day seconds (86400 per working day). */
int ts_calendar_position(const telsvc_calendar *cal, telsvc_clock clock, int64_t t, int64_t *pos);
/* Earliest instant with business position @pos, which lies beyond @from's. */
int ts_calendar_business_at(const telsvc_calendar *cal, int64_t pos, int64_t from, int64_t *out);
/* The local midnight that ends the day of @t. */
int ts_calendar_next_midnight(const telsvc_calendar *cal, int64_t t, int64_t *out);
int ts_calendar_add_working_days(const telsvc_calendar *cal, int64_t start, int64_t days, int64_t *out);

/* Syntax of the pieces (calendar_values.c): NULL or what is wrong. */
const char *ts_parse_interval(const char *text, ts_iv *iv);
const char *ts_parse_years(const char *text, int *first, int *last);
const char *ts_parse_day_end(const char *text, telsvc_day_end *out);
const char *ts_day_end_name(telsvc_day_end end);
bool ts_is_calendar_name(const char *text, size_t len);

extern const char *const ts_weekday_keys[7];

#endif
