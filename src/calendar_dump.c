/* Writing a calendar definition back as YAML, in the form
 * calendar_load.c reads. */
#include "calendar.h"
#include "civil.h"

static void put_hours(ts_sb *sb, const ts_hours *h)
{
	ts_sb_puts(sb, "[");
	for (size_t i = 0; i < h->count; i++)
		ts_sb_printf(sb, "%s%02d:%02d-%02d:%02d", i ? ", " : "", h->iv[i].start / 3600, h->iv[i].start / 60 % 60,
			     h->iv[i].end / 3600, h->iv[i].end / 60 % 60);
	ts_sb_puts(sb, "]");
}

static void put_date(ts_sb *sb, int64_t day)
{
	char date[16];
	ts_format_date(date, day);
	ts_sb_puts(sb, date);
}

void ts_calendar_dump(ts_sb *sb, const telsvc_calendar *cal)
{
	ts_sb_puts(sb, "    time_zone: ");
	ts_sb_yaml_quoted(sb, cal->tz_text);
	ts_sb_puts(sb, "\n");
	if (cal->first_year == cal->last_year)
		ts_sb_printf(sb, "    years: %d\n", cal->first_year);
	else
		ts_sb_printf(sb, "    years: %d..%d\n", cal->first_year, cal->last_year);
	ts_sb_printf(sb, "    working_days_end: %s\n", ts_day_end_name(cal->day_end));
	ts_sb_puts(sb, "    hours:\n");
	for (int d = 0; d < 7; d++) {
		ts_sb_printf(sb, "      %s: ", ts_weekday_keys[d]);
		put_hours(sb, &cal->week[d]);
		ts_sb_puts(sb, "\n");
	}
	ts_sb_puts(sb, "    holidays: [");
	for (size_t i = 0; i < cal->holiday_count; i++) {
		ts_sb_puts(sb, i ? (i % 4 ? ", " : ",\n      ") : "");
		put_date(sb, cal->holidays[i].from);
		if (cal->holidays[i].to != cal->holidays[i].from) {
			ts_sb_puts(sb, "..");
			put_date(sb, cal->holidays[i].to);
		}
	}
	ts_sb_puts(sb, "]\n    makeup_days: [");
	for (size_t i = 0; i < cal->makeup_count; i++) {
		ts_sb_puts(sb, i ? (i % 6 ? ", " : ",\n      ") : "");
		put_date(sb, cal->makeups[i]);
	}
	ts_sb_puts(sb, "]\n    special_hours:");
	if (cal->special_count == 0)
		ts_sb_puts(sb, " {}");
	ts_sb_puts(sb, "\n");
	for (size_t i = 0; i < cal->special_count; i++) {
		ts_sb_puts(sb, "      ");
		put_date(sb, cal->specials[i].day);
		ts_sb_puts(sb, ": ");
		put_hours(sb, &cal->specials[i].hours);
		ts_sb_puts(sb, "\n");
	}
}
