/* Times on the command line and in event streams: RFC 3339 with an
 * offset, or a local date and time in a calendar's zone. Hand-parsed
 * because ingest reads one or two per event. */
#include "cli.h"

#include <stdio.h>

/* Days from 1970-01-01 to a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* @n digits at @s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const unsigned char len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : len[m - 1];
}

int cli_parse_time(int64_t *out, const char *s, const telsvc_calendar *cal)
{
	int y = digits(s, 4), mo = -1, d = -1, h = 0, mi = 0, sec = 0;
	if (y >= 0 && s[4] == '-' && (mo = digits(s + 5, 2)) >= 1 && mo <= 12 && s[7] == '-')
		d = digits(s + 8, 2);
	if (d < 1 || d > days_in_month(y, mo))
		return -1;
	const char *p = s + 10;
	if (*p == 'T' || *p == ' ') {
		/* each byte looked at only once those before it are known to be there */
		h = digits(p + 1, 2);
		mi = h >= 0 && p[3] == ':' ? digits(p + 4, 2) : -1;
		if (h < 0 || h > 23 || mi < 0 || mi > 59)
			return -1;
		p += 6;
		if (*p == ':') {
			sec = digits(p + 1, 2);
			if (sec < 0 || sec > 59)
				return -1;
			p += 3;
		}
	}
	int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		*out = local;
		return 0;
	}
	if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2), om = oh >= 0 && p[3] == ':' ? digits(p + 4, 2) : -1;
		if (oh < 0 || oh > 23 || om < 0 || om > 59 || p[6])
			return -1;
		*out = local - (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
		return 0;
	}
	if (*p)
		return -1;
	/* local time in the calendar's zone: the offset at the instant it names */
	int32_t off = 0;
	telsvc_calendar_utc_offset(&off, cal, local);
	telsvc_calendar_utc_offset(&off, cal, local - off);
	*out = local - off;
	return 0;
}

const char *cli_format_time(char buf[CLI_TIME_SIZE], const telsvc_calendar *cal, int64_t t)
{
	if (t == TELSVC_NEVER) {
		snprintf(buf, CLI_TIME_SIZE, "never");
		return buf;
	}
	int32_t off = 0;
	telsvc_calendar_utc_offset(&off, cal, t);
	int64_t local = t + off, days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t secs = local - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int a = off < 0 ? -off : off;
	snprintf(buf, CLI_TIME_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60), off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	return buf;
}
