/* Fixed offsets and POSIX TZ rules (POSIX.1-2017, 8.3 "TZ"), including the
 * common extensions: <+08>-8 quoted names and transition times outside
 * 0..24 h. */
#include "tz.h"
#include "civil.h"

#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* [+-]hh[:mm[:ss]] with hours up to @max_hours; returns seconds. */
static const char *read_hms(const char **p, int max_hours, int32_t *out)
{
	int sign = 1;
	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	int32_t parts[3] = { 0, 0, 0 };
	for (int i = 0; i < 3; i++) {
		if (i > 0) {
			if (**p != ':')
				break;
			(*p)++;
		}
		if (!is_digit(**p))
			return "expected a number";
		int v = 0, n = 0;
		while (is_digit(**p) && n < 3)
			v = v * 10 + (*(*p)++ - '0'), n++;
		if ((i == 0 && v > max_hours) || (i > 0 && v > 59))
			return "has a time out of range";
		parts[i] = v;
	}
	*out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
	return NULL;
}

static const char *read_name(const char **p)
{
	if (**p == '<') {
		const char *close = strchr(*p, '>');
		if (!close || close - *p < 4)
			return "has an unterminated or short <name>";
		*p = close + 1;
		return NULL;
	}
	const char *start = *p;
	while (is_alpha(**p))
		(*p)++;
	return *p - start >= 3 ? NULL : "needs a zone name of at least three letters";
}

static const char *read_number(const char **p, int lo, int hi, int *out)
{
	if (!is_digit(**p))
		return "has a malformed rule";
	int v = 0;
	while (is_digit(**p) && v <= hi)
		v = v * 10 + (*(*p)++ - '0');
	if (v < lo || v > hi)
		return "has a rule field out of range";
	*out = v;
	return NULL;
}

static const char *read_rule(const char **p, ts_tz_rule *r)
{
	const char *why;
	*r = (ts_tz_rule){ .time = 7200 };
	if (**p == 'M') {
		(*p)++;
		r->kind = 'M';
		if ((why = read_number(p, 1, 12, &r->month)) || *(*p)++ != '.' ||
		    (why = read_number(p, 1, 5, &r->week)) || *(*p)++ != '.' || (why = read_number(p, 0, 6, &r->wday)))
			return why ? why : "has a malformed M rule (Mm.w.d)";
	} else if (**p == 'J') {
		(*p)++;
		r->kind = 'J';
		if ((why = read_number(p, 1, 365, &r->day)))
			return why;
	} else {
		r->kind = 'D';
		if ((why = read_number(p, 0, 365, &r->day)))
			return why;
	}
	if (**p == '/') {
		(*p)++;
		if ((why = read_hms(p, 167, &r->time)))
			return why;
	}
	return NULL;
}

static const char *parse_fixed(const char *text, ts_tz *tz)
{
	const char *p = text;
	int32_t off;
	if (strcmp(text, "UTC") == 0 || strcmp(text, "Z") == 0) {
		*tz = (ts_tz){ 0 };
		return NULL;
	}
	if (read_hms(&p, 14, &off) || *p != '\0' || strlen(text) != 6 || text[3] != ':')
		return "is not a UTC offset such as +08:00";
	*tz = (ts_tz){ .std_offset = off };
	return NULL;
}

const char *ts_tz_parse(const char *text, ts_tz *tz)
{
	if (text[0] == '+' || text[0] == '-' || strcmp(text, "UTC") == 0 || strcmp(text, "Z") == 0)
		return parse_fixed(text, tz);

	const char *p = text, *why;
	int32_t off;
	ts_tz out = { 0 };
	if ((why = read_name(&p)) || (why = read_hms(&p, 24, &off)))
		return why;
	out.std_offset = -off; /* POSIX counts west of UTC */
	if (*p == '\0') {
		*tz = out;
		return NULL;
	}
	if ((why = read_name(&p)))
		return why;
	out.has_dst = true;
	out.dst_offset = out.std_offset + 3600;
	if (*p && *p != ',') {
		if ((why = read_hms(&p, 24, &off)))
			return why;
		out.dst_offset = -off;
	}
	if (*p != ',')
		return "names a daylight-saving zone but gives no rule (,start,end)";
	p++;
	if ((why = read_rule(&p, &out.start)))
		return why;
	if (*p++ != ',')
		return "needs both a start and an end rule";
	if ((why = read_rule(&p, &out.end)))
		return why;
	if (*p != '\0')
		return "has trailing characters";
	*tz = out;
	return NULL;
}

/* Day number (days since the epoch) on which @r falls in @year. */
static int64_t rule_day(const ts_tz_rule *r, int year)
{
	int64_t jan1 = ts_days_from_civil(year, 1, 1);
	bool leap = ts_days_in_month(year, 2) == 29;
	switch (r->kind) {
	case 'J': /* 1..365, February 29 never counted */
		return jan1 + r->day - 1 + (leap && r->day >= 60);
	case 'D':
		return jan1 + r->day;
	default: {
		int64_t first = ts_days_from_civil(year, r->month, 1);
		int wday_first = (ts_weekday(first) + 1) % 7; /* to 0 = Sunday */
		int64_t d = first + (r->wday - wday_first + 7) % 7 + 7 * (r->week - 1);
		int64_t last = first + ts_days_in_month(year, r->month) - 1;
		while (d > last)
			d -= 7;
		return d;
	}
	}
}

/* DST bounds of @year in UTC: [start, end) when start < end. */
static void dst_bounds(const ts_tz *tz, int year, int64_t *start, int64_t *end)
{
	*start = rule_day(&tz->start, year) * TS_DAY + tz->start.time - tz->std_offset;
	*end = rule_day(&tz->end, year) * TS_DAY + tz->end.time - tz->dst_offset;
}

int32_t ts_tz_offset(const ts_tz *tz, int64_t t)
{
	if (!tz->has_dst)
		return tz->std_offset;
	int year = ts_civil_from_days(ts_floor_div(t + tz->std_offset, TS_DAY)).year;
	int64_t start, end;
	dst_bounds(tz, year, &start, &end);
	bool dst = start < end ? (t >= start && t < end) : (t >= start || t < end);
	return dst ? tz->dst_offset : tz->std_offset;
}

int64_t ts_tz_to_utc(const ts_tz *tz, int64_t local)
{
	if (!tz->has_dst)
		return local - tz->std_offset;
	/* The earlier reading is the first occurrence of an ambiguous time. */
	int64_t a = local - tz->dst_offset, b = local - tz->std_offset;
	int64_t lo = a < b ? a : b, hi = a < b ? b : a;
	if (lo + ts_tz_offset(tz, lo) == local)
		return lo;
	if (hi + ts_tz_offset(tz, hi) == local)
		return hi;
	/* Skipped by a transition: the transition instant lies in (lo, hi]. */
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (ts_tz_offset(tz, mid) == ts_tz_offset(tz, hi))
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}
