/* Syntax of policy values: durations ("1h30min", "5d"), percentages
 * ("99.9%"), periods ("12mo", "3y"), clocks, identifiers. Integers only,
 * so a dump reloads to exactly the same value. */
#include "policy_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read a run of digits, capped so no arithmetic below can overflow. */
static const char *read_number(const char **p, int64_t *out)
{
	int64_t n = 0;
	if (!is_digit(**p))
		return "expected a number";
	while (is_digit(**p)) {
		n = n * 10 + (**p - '0');
		if (n > (int64_t)1e12)
			return "number is too large";
		(*p)++;
	}
	*out = n;
	return NULL;
}

const char *ts_parse_duration(const char *text, int64_t *amount, bool *in_days)
{
	static const struct {
		const char *name;
		int64_t seconds;
	} units[] = { { "d", 0 }, { "h", 3600 }, { "min", 60 }, { "s", 1 } };
	const char *p = text;
	int64_t total = 0;
	size_t next_unit = 0;
	bool days = false;

	if (*p == '-')
		return "is negative";
	if (*p == '\0')
		return "is empty; expected a duration such as 2h, 10min or 1h30min";
	while (*p) {
		int64_t n;
		const char *why = read_number(&p, &n);
		if (why)
			return is_digit(*p) ? "is too large" : "is not a duration such as 2h, 10min or 1h30min";
		if (*p == '.')
			return "has a fraction; use whole units such as 1h30min";
		size_t u = next_unit;
		while (u < TS_ARRAY_LEN(units) && strncmp(p, units[u].name, strlen(units[u].name)) != 0)
			u++;
		/* "min" must not be read as "m"+"in"; no unit is a prefix of a later one. */
		if (u == TS_ARRAY_LEN(units))
			return next_unit ? "has units out of order or repeated; write them largest first, e.g. 1h30min"
					 : "has no unit or an unknown one; use d (working days), h, min or s";
		p += strlen(units[u].name);
		if (u == 0) {
			days = true;
			total = n;
		} else {
			if (days)
				return "mixes working days with hours; a limit counts either working days or time";
			total += n * units[u].seconds;
		}
		if (total > (days ? TS_MAX_DAYS : TS_MAX_SECONDS))
			return days ? "is longer than 3650 days" : "is longer than ten years";
		next_unit = u + 1;
	}
	if (total == 0)
		return "is zero; it must be positive";
	*amount = total;
	*in_days = days;
	return NULL;
}

const char *ts_parse_percent(const char *text, int64_t *ppm)
{
	const char *p = text;
	int64_t whole, frac = 0;
	int digits = 0;

	if (*p == '-')
		return "is negative";
	if (read_number(&p, &whole))
		return "is not a percentage such as 90% or 99.9%";
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return "is not a percentage such as 90% or 99.9%";
		while (is_digit(*p)) {
			if (++digits > 4)
				return "has more than four decimal places";
			frac = frac * 10 + (*p++ - '0');
		}
	}
	if (*p != '%' || p[1] != '\0')
		return "is not a percentage such as 90% or 99.9% (the % sign is required)";
	while (digits++ < 4)
		frac *= 10;
	int64_t value = whole * 10000 + frac;
	if (value > TS_PPM)
		return "is more than 100%";
	*ppm = value;
	return NULL;
}

const char *ts_parse_period(const char *text, int64_t *months, ts_period_unit *unit)
{
	const char *p = text;
	int64_t n;

	if (*p == '-')
		return "is negative";
	if (read_number(&p, &n))
		return "is not a period such as 12mo or 3y";
	if (strcmp(p, "mo") == 0)
		*unit = TS_PERIOD_MONTHS;
	else if (strcmp(p, "y") == 0)
		*unit = TS_PERIOD_YEARS, n *= 12;
	else
		return "is not a period such as 12mo or 3y (units: mo, y)";
	if (n == 0)
		return "is zero; a period must be positive";
	if (n > TS_MAX_MONTHS)
		return "is longer than 100 years";
	*months = n;
	return NULL;
}

static const char *const clock_names[] = { "wall", "business", "working_days" };

const char *ts_clock_name(telsvc_clock clock)
{
	return (unsigned)clock < TS_ARRAY_LEN(clock_names) ? clock_names[clock] : "?";
}

const char *ts_parse_clock(const char *text, telsvc_clock *clock)
{
	for (size_t i = 0; i < TS_ARRAY_LEN(clock_names); i++) {
		if (strcmp(text, clock_names[i]) == 0) {
			*clock = (telsvc_clock)i;
			return NULL;
		}
	}
	return "is not a clock; use wall, business or working_days";
}

bool ts_is_identifier(const char *text, size_t len)
{
	if (len == 0 || len > 64 || !(text[0] >= 'a' && text[0] <= 'z'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '_'))
			return false;
	}
	return true;
}

void ts_format_duration(ts_sb *sb, int64_t seconds)
{
	int64_t h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
	if (h)
		ts_sb_printf(sb, "%lldh", (long long)h);
	if (m)
		ts_sb_printf(sb, "%lldmin", (long long)m);
	if (s || seconds == 0)
		ts_sb_printf(sb, "%llds", (long long)s);
}

void ts_format_limit_amount(ts_sb *sb, telsvc_clock clock, int64_t amount)
{
	if (clock == TELSVC_CLOCK_WORKING_DAYS)
		ts_sb_printf(sb, "%lldd", (long long)amount);
	else
		ts_format_duration(sb, amount);
}

void ts_format_percent(ts_sb *sb, int64_t ppm)
{
	int64_t whole = ppm / 10000, frac = ppm % 10000;
	int digits = 4;
	while (frac && frac % 10 == 0)
		frac /= 10, digits--;
	if (frac)
		ts_sb_printf(sb, "%lld.%0*lld%%", (long long)whole, digits, (long long)frac);
	else
		ts_sb_printf(sb, "%lld%%", (long long)whole);
}

void ts_format_period(ts_sb *sb, int64_t months, ts_period_unit unit)
{
	if (unit == TS_PERIOD_YEARS)
		ts_sb_printf(sb, "%lldy", (long long)(months / 12));
	else
		ts_sb_printf(sb, "%lldmo", (long long)months);
}

/* Numbering patterns: letters, digits and - _ / . between placeholders;
 * a {seq} is required, so numbers never repeat. */
const char *ts_parse_number_pattern(const char *text)
{
	bool seq = false;
	size_t len = strlen(text);
	if (len == 0 || len > 64)
		return "must be 1 to 64 characters";
	for (const char *p = text; *p;) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close)
				return "has an unclosed {";
			size_t n = (size_t)(close - p + 1);
			if ((n == 6 && strncmp(p, "{yyyy}", 6) == 0) || (n == 4 && (strncmp(p, "{mm}", 4) == 0 ||
										   strncmp(p, "{dd}", 4) == 0))) {
			} else if (n == 5 && strncmp(p, "{seq}", 5) == 0) {
				seq = true;
			} else if (n >= 7 && n <= 8 && strncmp(p, "{seq:", 5) == 0 && is_digit(p[5]) &&
				   (n == 7 || is_digit(p[6]))) {
				int width = n == 7 ? p[5] - '0' : (p[5] - '0') * 10 + (p[6] - '0');
				if (width < 1 || width > 12)
					return "has a {seq:N} width outside 1..12";
				seq = true;
			} else {
				return "has an unknown placeholder; use {yyyy}, {mm}, {dd}, {seq} or {seq:N}";
			}
			p = close + 1;
			continue;
		}
		char c = *p++;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_' ||
		      c == '/' || c == '.'))
			return "may hold only letters, digits, - _ / . and placeholders";
	}
	return seq ? NULL : "needs a {seq} or {seq:N} placeholder, so numbers never repeat";
}

/* Append @v in decimal, zero-padded to @width with the sign counted as
 * printf's %0*d does, stopping one byte short of @cap. Every request's
 * number is made here, so no printf. */
static void put_number(char *out, size_t *used, size_t cap, uint64_t v, bool negative, int width)
{
	char digits[20];
	int n = 0;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	int pad = width - n - negative;
	if (negative && *used + 1 < cap)
		out[(*used)++] = '-';
	for (; pad > 0 && *used + 1 < cap; pad--)
		out[(*used)++] = '0';
	while (n && *used + 1 < cap)
		out[(*used)++] = digits[--n];
}

static void put_int(char *out, size_t *used, size_t cap, int v, int width)
{
	put_number(out, used, cap, v < 0 ? 0 - (uint64_t)(int64_t)v : (uint64_t)v, v < 0, width);
}

void ts_format_number(char *out, size_t cap, const char *pattern, int year, int month, int day, uint64_t seq)
{
	size_t used = 0;
	for (const char *p = pattern; *p && used + 1 < cap;) {
		if (strncmp(p, "{yyyy}", 6) == 0)
			put_int(out, &used, cap, year, 4), p += 6;
		else if (strncmp(p, "{mm}", 4) == 0)
			put_int(out, &used, cap, month, 2), p += 4;
		else if (strncmp(p, "{dd}", 4) == 0)
			put_int(out, &used, cap, day, 2), p += 4;
		else if (strncmp(p, "{seq}", 5) == 0)
			put_number(out, &used, cap, seq, false, 0), p += 5;
		else if (strncmp(p, "{seq:", 5) == 0) {
			put_number(out, &used, cap, seq, false, (int)strtol(p + 5, NULL, 10));
			p = strchr(p, '}') + 1;
		} else
			out[used++] = *p++;
	}
	out[used] = '\0';
}
