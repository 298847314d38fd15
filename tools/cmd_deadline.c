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

static int bad_time(const char *s)
{
	fprintf(stderr, "telsvc: deadline: '%s' is not a time such as 2025-09-30 17:00 or 2025-09-30T17:00:00+08:00\n",
		s);
	return EXIT_USAGE;
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

int cmd_deadline(telsvc_ctx *ctx, int argc, char **argv)
{
	const char *pos[3] = { NULL, NULL, NULL }, *calendar = NULL, *policy_file = NULL;
	const cli_opt opts[] = { { "--calendar", &calendar, NULL }, { "--policy", &policy_file, NULL }, { NULL, NULL, NULL } };
	int n, rc = cli_parse(argc, argv, "deadline", help, opts, pos, 3, 3, &n);
	if (rc)
		return rc == CLI_HELP ? 0 : rc;
	static const char *const clocks[] = { "wall", "business", "working_days" };
	int clock = 0;
	while (clock < 3 && strcmp(pos[2], clocks[clock]) != 0)
		clock++;
	if (clock == 3) {
		fprintf(stderr, "telsvc: deadline: '%s' is not a clock (wall, business, working_days)\n", pos[2]);
		return EXIT_USAGE;
	}
	telsvc_policy *policy = NULL;
	rc = cli_load_policy(ctx, policy_file, &policy);
	if (rc)
		return rc;
	const telsvc_calendar *cal = NULL;
	int64_t from, amount, due;
	char buf[CLI_TIME_SIZE];
	if (telsvc_policy_calendar(&cal, policy, calendar) != TELSVC_OK)
		rc = cli_fail("deadline", 1);
	else if (cli_parse_time(&from, pos[0], cal))
		rc = bad_time(pos[0]);
	else if (parse_amount(&amount, pos[1], (telsvc_clock)clock))
		rc = EXIT_USAGE;
	else if (telsvc_calendar_add(&due, cal, from, (telsvc_clock)clock, amount) != TELSVC_OK)
		rc = cli_fail("deadline", 1);
	else
		printf("%s\n", cli_format_time(buf, cal, due));
	telsvc_policy_free(policy);
	return rc;
}
