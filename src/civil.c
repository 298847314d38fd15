/* Civil dates from and to day numbers (the well-known era-based
 * algorithm: 400-year eras of 146097 days). */
#include "civil.h"

#include <stdio.h>

int64_t ts_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t ts_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = ts_floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

ts_date ts_civil_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = ts_floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	return (ts_date){ (int)(yoe + era * 400 + (m <= 2)), m, d };
}

int ts_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0) */
	return (int)(((days % 7) + 7 + 3) % 7);
}

int ts_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

const char *ts_parse_date(const char *text, int64_t *days)
{
	int y, m, d;
	if (!digits(text, 4, &y) || text[4] != '-' || !digits(text + 5, 2, &m) || text[7] != '-' ||
	    !digits(text + 8, 2, &d) || text[10] != '\0')
		return "is not a date in the form YYYY-MM-DD";
	if (m < 1 || m > 12 || d < 1 || d > ts_days_in_month(y, m))
		return "is not a date of the calendar";
	*days = ts_days_from_civil(y, m, d);
	return NULL;
}

void ts_format_date(char *out, int64_t days)
{
	ts_date c = ts_civil_from_days(days);
	snprintf(out, 11, "%04d-%02d-%02d", c.year % 10000, c.month, c.day);
}

void ts_format_utc(char *out, int64_t t)
{
	int64_t days = ts_floor_div(t, TS_DAY), s = t - days * TS_DAY;
	ts_format_date(out, days);
	snprintf(out + 10, 11, "T%02d:%02d:%02dZ", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}
