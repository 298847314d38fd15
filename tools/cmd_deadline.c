/* telsvc deadline FROM AMOUNT CLOCK: calendar arithmetic from the shell,
 * on the policy's calendars ("5 working days from 2025-09-30 17:00").
 * Times without an offset are read in the calendar's time zone; the
 * result is written with the zone's offset at that instant. */
#include "cli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
	"usage: telsvc deadline FROM AMOUNT CLOCK [--calendar NAME] [--policy FILE]\n"
	"\n"
	"Print the instant AMOUNT after FROM on CLOCK, as the library computes\n"
	"every deadline (docs/calendar.md):\n"
	"  wall           AMOUNT of elapsed time: 8h, 90min, 2h30min, 45s\n"
	"  business       AMOUNT of business hours of the calendar, same units\n"
	"  working_days   AMOUNT working days (5 or 5d), counted from the day\n"
	"                 after FROM's day, holidays and makeup days applied\n"
	"\n"
	"FROM is 2025-09-30 17:00, 2025-09-30T17:00:00+08:00, 2025-09-30T09:00Z\n"
	"or 2025-09-30 (midnight); without an offset it is read in the calendar's\n"
	"time zone. The calendar is the policy's default one unless --calendar\n"
	"names another; the policy is the embedded default unless --policy\n"
	"gives a file.\n"
	"\n"
	"example: telsvc deadline '2025-09-30 17:00' 5 working_days\n";

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

/* Parse FROM; 0 on success, else -1 with the reason on stderr. */
static int parse_instant(int64_t *out, const char *s, const telsvc_calendar *cal)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		goto bad;
	used = n;
	if (s[used] == 'T' || s[used] == ' ') {
		if (sscanf(s + used + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			goto bad;
		used += 1 + n;
		if (s[used] == ':') {
			if (sscanf(s + used + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				goto bad;
			used += 1 + n;
		}
	}
	int64_t days = days_from_civil(y, mo, d);
	int cy, cm, cd;
	civil_from_days(days, &cy, &cm, &cd);
	if (cy != y || cm != mo || cd != d || h > 23 || mi > 59 || sec > 59)
		goto bad;
	int64_t local = days * 86400 + h * 3600 + mi * 60 + sec;
	if (s[used] == 'Z' && !s[used + 1]) {
		*out = local;
		return 0;
	}
	int oh, om;
	if ((s[used] == '+' || s[used] == '-') && sscanf(s + used + 1, "%2d:%2d%n", &oh, &om, &n) == 2 && n == 5 &&
	    !s[used + 1 + n] && oh < 24 && om < 60) {
		int64_t off = (oh * 3600 + om * 60) * (s[used] == '-' ? -1 : 1);
		*out = local - off;
		return 0;
	}
	if (s[used])
		goto bad;
	/* local time in the calendar's zone: the offset at the instant it names */
	int32_t off;
	telsvc_calendar_utc_offset(&off, cal, local);
	telsvc_calendar_utc_offset(&off, cal, local - off);
	*out = local - off;
	return 0;
bad:
	fprintf(stderr, "telsvc: deadline: '%s' is not a time such as 2025-09-30 17:00 or 2025-09-30T17:00:00+08:00\n",
		s);
	return -1;
}

static int bad_amount(const char *s, telsvc_clock clock)
{
	fprintf(stderr, "telsvc: deadline: '%s' is not an amount for this clock (%s)\n", s,
		clock == TELSVC_CLOCK_WORKING_DAYS ? "working days: 5 or 5d" : "a duration: 8h, 90min, 2h30min, 45s");
	return -1;
}

/* Parse AMOUNT for @clock: working days (5, 5d), or seconds as a sum of
 * parts (8h, 90min, 2h30min, 45s); 0 on success, else -1 with the reason
 * on stderr. */
static int parse_amount(int64_t *out, const char *s, telsvc_clock clock)
{
	static const struct {
		const char *unit;
		int64_t seconds;
	} units[] = { { "min", 60 }, { "h", 3600 }, { "m", 60 }, { "s", 1 } };
	enum { MAX = 100000000 };
	char *end;
	if (clock == TELSVC_CLOCK_WORKING_DAYS) {
		long long days = isdigit((unsigned char)*s) ? strtoll(s, &end, 10) : -1;
		if (days < 0 || days > MAX || (*end == 'd' ? end[1] : *end))
			return bad_amount(s, clock);
		*out = days;
		return 0;
	}
	int64_t total = 0;
	const char *p = s;
	do {
		long long v = isdigit((unsigned char)*p) ? strtoll(p, &end, 10) : -1;
		size_t u = 0;
		while (v >= 0 && u < sizeof(units) / sizeof(units[0]) && strncmp(end, units[u].unit, strlen(units[u].unit)))
			u++;
		if (v < 0 || v > MAX || u == sizeof(units) / sizeof(units[0]))
			return bad_amount(s, clock);
		total += v * units[u].seconds;
		p = end + strlen(units[u].unit);
	} while (*p);
	*out = total;
	return 0;
}

static void print_instant(const telsvc_calendar *cal, int64_t t)
{
	int32_t off = 0;
	telsvc_calendar_utc_offset(&off, cal, t);
	int64_t local = t + off, days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t secs = local - days * 86400;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	int a = off < 0 ? -off : off;
	printf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d\n", y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
	       (int)(secs % 60), off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

int cmd_deadline(telsvc_ctx *ctx, int argc, char **argv)
{
	const char *pos[3] = { NULL, NULL, NULL }, *calendar = NULL, *policy_file = NULL;
	int npos = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(help, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--calendar") == 0 && i + 1 < argc) {
			calendar = argv[++i];
		} else if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc) {
			policy_file = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			fprintf(stderr, "telsvc: deadline: unknown option '%s'\n", argv[i]);
			return EXIT_USAGE;
		} else if (npos < 3) {
			pos[npos++] = argv[i];
		} else {
			npos++;
		}
	}
	if (npos != 3) {
		fputs(help, stderr);
		return EXIT_USAGE;
	}
	static const char *const clocks[] = { "wall", "business", "working_days" };
	int clock = 0;
	while (clock < 3 && strcmp(pos[2], clocks[clock]) != 0)
		clock++;
	if (clock == 3) {
		fprintf(stderr, "telsvc: deadline: '%s' is not a clock (wall, business, working_days)\n", pos[2]);
		return EXIT_USAGE;
	}
	telsvc_policy *policy = NULL;
	int rc = cli_load_policy(ctx, policy_file, &policy);
	if (rc)
		return rc;
	const telsvc_calendar *cal = NULL;
	int64_t from, amount, due;
	if (telsvc_policy_calendar(&cal, policy, calendar) != TELSVC_OK)
		rc = cli_fail("deadline", 1);
	else if (parse_instant(&from, pos[0], cal) || parse_amount(&amount, pos[1], (telsvc_clock)clock))
		rc = EXIT_USAGE;
	else if (telsvc_calendar_add(&due, cal, from, (telsvc_clock)clock, amount) != TELSVC_OK)
		rc = cli_fail("deadline", 1);
	else
		print_instant(cal, due);
	telsvc_policy_free(policy);
	return rc;
}
