/* Syntax of calendar values: "09:00-12:00", "2025..2026", day-end rules. */
#include "calendar.h"

#include <string.h>

const char *const ts_weekday_keys[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

static const char *const day_end_names[] = { "end_of_day", "same_time", "close_of_business" };

static bool two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

/* "HH:MM" into seconds; 24:00 only when @end. */
static bool read_hm(const char *s, bool end, int32_t *out)
{
	int h, m;
	if (!two_digits(s, &h) || s[2] != ':' || !two_digits(s + 3, &m) || m > 59 || h > 24 || (h == 24 && (m || !end)))
		return false;
	*out = h * 3600 + m * 60;
	return true;
}

const char *ts_parse_interval(const char *text, ts_iv *iv)
{
	if (strlen(text) != 11 || text[5] != '-' || !read_hm(text, false, &iv->start) ||
	    !read_hm(text + 6, true, &iv->end))
		return "is not business hours in the form HH:MM-HH:MM (00:00 to 24:00)";
	if (iv->end <= iv->start)
		return "ends before it starts";
	return NULL;
}

static bool read_year(const char *s, size_t len, int *out)
{
	if (len != 4)
		return false;
	int y = 0;
	for (size_t i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		y = y * 10 + (s[i] - '0');
	}
	*out = y;
	return true;
}

const char *ts_parse_years(const char *text, int *first, int *last)
{
	const char *dots = strstr(text, "..");
	bool ok = dots ? read_year(text, (size_t)(dots - text), first) && read_year(dots + 2, strlen(dots + 2), last)
		       : read_year(text, strlen(text), first);
	if (!ok)
		return "is not a year or a range of years such as 2025..2026";
	if (!dots)
		*last = *first;
	if (*first < TS_CAL_MIN_YEAR || *last > TS_CAL_MAX_YEAR)
		return "lies outside 1970..2199";
	if (*last < *first)
		return "ends before it starts";
	if (*last - *first >= TS_CAL_MAX_SPAN)
		return "spans more than 200 years";
	return NULL;
}

const char *ts_parse_day_end(const char *text, telsvc_day_end *out)
{
	for (size_t i = 0; i < TS_ARRAY_LEN(day_end_names); i++) {
		if (strcmp(text, day_end_names[i]) == 0) {
			*out = (telsvc_day_end)i;
			return NULL;
		}
	}
	return "is not end_of_day, same_time or close_of_business";
}

const char *ts_day_end_name(telsvc_day_end end)
{
	return (unsigned)end < TS_ARRAY_LEN(day_end_names) ? day_end_names[end] : "?";
}

bool ts_is_calendar_name(const char *text, size_t len)
{
	if (len == 0 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-'));
		if (!ok)
			return false;
	}
	return true;
}
