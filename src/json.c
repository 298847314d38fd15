/* JSON output: strings and instants. */
#include "json.h"
#include "civil.h"
#include "telsvc/calendar.h"
#include "telsvc/sla.h"

void ts_json_string(ts_sb *sb, const char *s)
{
	if (!s) {
		ts_sb_puts(sb, "null");
		return;
	}
	ts_sb_puts(sb, "\"");
	for (const char *run = s;; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ts_sb_append(sb, run, (size_t)(s - run));
		run = s + 1;
		if (!c)
			break;
		if (c == '"' || c == '\\')
			ts_sb_printf(sb, "\\%c", c);
		else if (c == '\n')
			ts_sb_puts(sb, "\\n");
		else if (c == '\t')
			ts_sb_puts(sb, "\\t");
		else if (c == '\r')
			ts_sb_puts(sb, "\\r");
		else
			ts_sb_printf(sb, "\\u%04x", c);
	}
	ts_sb_puts(sb, "\"");
}

void ts_json_instant(ts_sb *sb, const telsvc_policy *p, int64_t t)
{
	const telsvc_calendar *cal = NULL;
	int32_t off = 0;
	if (t != TELSVC_NEVER && telsvc_policy_calendar(&cal, p, NULL) == TELSVC_OK)
		telsvc_calendar_utc_offset(&off, cal, t);
	ts_json_instant_at(sb, off, t);
}

void ts_json_instant_at(ts_sb *sb, int32_t off, int64_t t)
{
	if (t == TELSVC_NEVER) {
		ts_sb_puts(sb, "null");
		return;
	}
	ts_sb_puts(sb, "\"");
	ts_sb_rfc3339(sb, off, t);
	ts_sb_puts(sb, "\"");
}

void ts_sb_rfc3339(ts_sb *sb, int32_t off, int64_t t)
{
	int64_t local = t + off;
	int64_t days = ts_floor_div(local, TS_DAY), secs = local - days * TS_DAY;
	ts_date d = ts_civil_from_days(days);
	int32_t a = off < 0 ? -off : off;
	ts_sb_printf(sb, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", d.year, d.month, d.day, (int)(secs / 3600),
		     (int)(secs / 60 % 60), (int)(secs % 60), off < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
}
