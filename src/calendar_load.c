/* Binding a calendar definition from the policy document:
 *
 *   business:
 *     time_zone: "+08:00"            # or a POSIX TZ rule
 *     years: 2025..2026
 *     hours: {mon: [09:00-12:00, 13:30-18:00], ...}
 *     holidays: [2025-01-01, 2025-01-28..2025-02-04]
 *     makeup_days: [2025-01-26]
 *     special_hours: {2025-12-24: [09:00-12:00]}
 *     working_days_end: end_of_day
 */
#include "calendar_load.h"
#include "civil.h"

#include <stdio.h>
#include <string.h>

#define SUB_MAX 160

typedef struct cal_binder {
	telsvc_calendar *cal;
	char path[SUB_MAX];
} cal_binder;

static const char *sub(cal_binder *b, char *buf, const char *key)
{
	snprintf(buf, SUB_MAX, "%s.%s", b->path, key);
	return buf;
}

static int bind_hours(cal_binder *b, const ts_ynode *n, const char *path, ts_hours *out)
{
	char item[SUB_MAX + 16];
	if (ts_yis_null(n))
		return TELSVC_OK;
	if (n->kind != TS_Y_SEQ)
		return ts_yfail(n, path, TELSVC_EPOLICY, "expected a sequence of hours such as [09:00-12:00], got %s",
				ts_ykind_name(n));
	if (n->count > TS_CAL_MAX_INTERVALS)
		return ts_yfail(n, path, TELSVC_EPOLICY, "has %zu intervals; a day may have at most %d", n->count,
				TS_CAL_MAX_INTERVALS);
	ts_iv *iv = ts_calloc(b->cal->ctx, n->count ? n->count : 1, sizeof(*iv));
	if (!iv)
		return TELSVC_ENOMEM;
	int rc = TELSVC_OK;
	for (size_t i = 0; i < n->count && rc == TELSVC_OK; i++) {
		const char *text, *why;
		snprintf(item, sizeof(item), "%s[%zu]", path, i);
		if ((rc = ts_yscalar(n->items[i], item, "hours such as 09:00-12:00", &text)))
			break;
		if ((why = ts_parse_interval(text, &iv[i])))
			rc = ts_yfail(n->items[i], item, TELSVC_EPOLICY, "'%.32s' %s", text, why);
		else if (i > 0 && iv[i].start < iv[i - 1].end)
			rc = ts_yfail(n->items[i], item, TELSVC_EPOLICY,
				      "'%s' overlaps or precedes the hours before it; list hours in order", text);
	}
	if (rc) {
		ts_free(b->cal->ctx, iv);
		return rc;
	}
	out->iv = iv;
	out->count = n->count;
	return TELSVC_OK;
}

static int bind_week(cal_binder *b, const ts_ynode *n)
{
	char path[SUB_MAX], day_path[SUB_MAX + 8];
	sub(b, path, "hours");
	if (n->kind != TS_Y_MAP)
		return ts_yfail(n, path, TELSVC_EPOLICY, "expected a mapping of weekday (mon..sun) to hours, got %s",
				ts_ykind_name(n));
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		const ts_ynode *key = n->items[i];
		int wd = -1;
		for (int d = 0; d < 7; d++)
			if (strcmp(key->text, ts_weekday_keys[d]) == 0)
				wd = d;
		snprintf(day_path, sizeof(day_path), "%s.%.8s", path, key->text);
		if (wd < 0)
			return ts_yfail(key, day_path, TELSVC_EPOLICY,
					"unknown key; expected one of: mon, tue, wed, thu, fri, sat, sun");
		int rc = bind_hours(b, n->items[i + 1], day_path, &b->cal->week[wd]);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

/* A date of the calendar's years, as "YYYY-MM-DD". */
static int bind_date(cal_binder *b, const ts_ynode *n, const char *path, const char *text, int64_t *day)
{
	const char *why = ts_parse_date(text, day);
	if (why)
		return ts_yfail(n, path, TELSVC_EPOLICY, "'%.32s' %s", text, why);
	int year = ts_civil_from_days(*day).year;
	if (year < b->cal->first_year || year > b->cal->last_year)
		return ts_yfail(n, path, TELSVC_EPOLICY, "%s lies outside the calendar's years (%d..%d)", text,
				b->cal->first_year, b->cal->last_year);
	return TELSVC_OK;
}

static int expect_seq(const ts_ynode *n, const char *path, const char *what)
{
	if (n->kind == TS_Y_SEQ)
		return TELSVC_OK;
	return ts_yfail(n, path, TELSVC_EPOLICY, "expected a sequence of %s, got %s", what, ts_ykind_name(n));
}

static int bind_holidays(cal_binder *b, const ts_ynode *n)
{
	char path[SUB_MAX], item[SUB_MAX + 16], first[16];
	int rc = expect_seq(n, sub(b, path, "holidays"), "dates or ranges such as 2025-10-01..2025-10-08");
	if (rc || n->count == 0)
		return rc;
	ts_dayrange *r = ts_calloc(b->cal->ctx, n->count, sizeof(*r));
	if (!r)
		return TELSVC_ENOMEM;
	for (size_t i = 0; i < n->count && rc == TELSVC_OK; i++) {
		const char *text;
		snprintf(item, sizeof(item), "%s[%zu]", path, i);
		if ((rc = ts_yscalar(n->items[i], item, "a date or a range of dates", &text)))
			break;
		const char *dots = strstr(text, "..");
		if (!dots) {
			rc = bind_date(b, n->items[i], item, text, &r[i].from);
			r[i].to = r[i].from;
			continue;
		}
		snprintf(first, sizeof(first), "%.*s", (int)(dots - text < 15 ? dots - text : 15), text);
		if ((rc = bind_date(b, n->items[i], item, first, &r[i].from)) ||
		    (rc = bind_date(b, n->items[i], item, dots + 2, &r[i].to)))
			break;
		if (r[i].to < r[i].from)
			rc = ts_yfail(n->items[i], item, TELSVC_EPOLICY, "'%s' ends before it starts", text);
	}
	if (rc) {
		ts_free(b->cal->ctx, r);
		return rc;
	}
	b->cal->holidays = r;
	b->cal->holiday_count = n->count;
	return TELSVC_OK;
}

static bool in_holiday(const telsvc_calendar *cal, int64_t day)
{
	for (size_t i = 0; i < cal->holiday_count; i++)
		if (day >= cal->holidays[i].from && day <= cal->holidays[i].to)
			return true;
	return false;
}

static int bind_makeups(cal_binder *b, const ts_ynode *n)
{
	char path[SUB_MAX], item[SUB_MAX + 16];
	int rc = expect_seq(n, sub(b, path, "makeup_days"), "dates");
	if (rc || n->count == 0)
		return rc;
	int64_t *days = ts_calloc(b->cal->ctx, n->count, sizeof(*days));
	if (!days)
		return TELSVC_ENOMEM;
	for (size_t i = 0; i < n->count && rc == TELSVC_OK; i++) {
		const char *text;
		snprintf(item, sizeof(item), "%s[%zu]", path, i);
		if ((rc = ts_yscalar(n->items[i], item, "a date", &text)) ||
		    (rc = bind_date(b, n->items[i], item, text, &days[i])))
			break;
		if (in_holiday(b->cal, days[i]))
			rc = ts_yfail(n->items[i], item, TELSVC_EPOLICY, "%s is also a holiday", text);
		for (size_t j = 0; j < i && rc == TELSVC_OK; j++)
			if (days[j] == days[i])
				rc = ts_yfail(n->items[i], item, TELSVC_EPOLICY, "%s is listed twice", text);
	}
	if (rc) {
		ts_free(b->cal->ctx, days);
		return rc;
	}
	b->cal->makeups = days;
	b->cal->makeup_count = n->count;
	return TELSVC_OK;
}

static int bind_specials(cal_binder *b, const ts_ynode *n)
{
	char path[SUB_MAX], item[SUB_MAX + 16];
	sub(b, path, "special_hours");
	if (n->kind != TS_Y_MAP)
		return ts_yfail(n, path, TELSVC_EPOLICY, "expected a mapping of date to hours, got %s", ts_ykind_name(n));
	size_t count = n->count / 2;
	if (count == 0)
		return TELSVC_OK;
	ts_special *sp = ts_calloc(b->cal->ctx, count, sizeof(*sp));
	if (!sp)
		return TELSVC_ENOMEM;
	b->cal->specials = sp; /* owned by the calendar from here, freed with it */
	for (size_t i = 0; i < count; i++) {
		const ts_ynode *key = n->items[2 * i];
		snprintf(item, sizeof(item), "%s.%.16s", path, key->text);
		int rc = bind_date(b, key, item, key->text, &sp[i].day);
		if (rc == TELSVC_OK)
			rc = bind_hours(b, n->items[2 * i + 1], item, &sp[i].hours);
		if (rc)
			return rc;
		b->cal->special_count = i + 1;
	}
	return TELSVC_OK;
}

int ts_calendar_bind(telsvc_ctx *ctx, const ts_ynode *key, const ts_ynode *def, telsvc_calendar **out)
{
	static const char *const keys[] = { "time_zone",   "years",         "hours",           "holidays",
					    "makeup_days", "special_hours", "working_days_end" };
	cal_binder b;
	char path[SUB_MAX];
	const ts_ynode *val[TS_ARRAY_LEN(keys)] = { 0 };
	const char *text, *why;
	int rc;

	snprintf(b.path, sizeof(b.path), "calendars.%.64s", key->text);
	if (!ts_is_calendar_name(key->text, key->len))
		return ts_yfail(key, b.path, TELSVC_EPOLICY,
				"'%.64s' is not a calendar name (lower-case letters, digits, _ and -, at most 64)",
				key->text);
	if (def->kind != TS_Y_MAP)
		return ts_yfail(def, b.path, TELSVC_EPOLICY, "expected a mapping, got %s", ts_ykind_name(def));
	for (size_t i = 0; i + 1 < def->count; i += 2) {
		size_t k = 0;
		while (k < TS_ARRAY_LEN(keys) && strcmp(def->items[i]->text, keys[k]) != 0)
			k++;
		snprintf(path, sizeof(path), "%s.%.32s", b.path, def->items[i]->text);
		if (k == TS_ARRAY_LEN(keys))
			return ts_yfail(def->items[i], path, TELSVC_EPOLICY,
					"unknown key; expected one of: time_zone, years, hours, holidays, makeup_days, "
					"special_hours, working_days_end");
		val[k] = def->items[i + 1];
	}
	for (size_t k = 0; k < 3; k++)
		if (!val[k])
			return ts_yfail(def, b.path, TELSVC_EPOLICY, "missing required key '%s'", keys[k]);

	b.cal = ts_calendar_new(ctx);
	if (!b.cal)
		return TELSVC_ENOMEM;
	telsvc_calendar *cal = b.cal;
	if (!(cal->name = ts_strndup(ctx, key->text, key->len))) {
		rc = TELSVC_ENOMEM;
		goto fail;
	}
	if ((rc = ts_yscalar(val[0], sub(&b, path, "time_zone"), "a time zone such as +08:00", &text)))
		goto fail;
	if ((why = ts_tz_parse(text, &cal->tz))) {
		rc = ts_yfail(val[0], path, TELSVC_EPOLICY, "'%.64s' %s", text, why);
		goto fail;
	}
	if (!(cal->tz_text = ts_strdup(ctx, text))) {
		rc = TELSVC_ENOMEM;
		goto fail;
	}
	if ((rc = ts_yscalar(val[1], sub(&b, path, "years"), "years such as 2025..2026", &text)))
		goto fail;
	if ((why = ts_parse_years(text, &cal->first_year, &cal->last_year))) {
		rc = ts_yfail(val[1], path, TELSVC_EPOLICY, "'%.32s' %s", text, why);
		goto fail;
	}
	if ((rc = bind_week(&b, val[2])) || (val[3] && (rc = bind_holidays(&b, val[3]))) ||
	    (val[4] && (rc = bind_makeups(&b, val[4]))) || (val[5] && (rc = bind_specials(&b, val[5]))))
		goto fail;
	if (val[6]) {
		if ((rc = ts_yscalar(val[6], sub(&b, path, "working_days_end"), "a day-end rule", &text)))
			goto fail;
		if ((why = ts_parse_day_end(text, &cal->day_end))) {
			rc = ts_yfail(val[6], path, TELSVC_EPOLICY, "'%.32s' %s", text, why);
			goto fail;
		}
	}
	*out = cal;
	return TELSVC_OK;
fail:
	ts_calendar_free(cal);
	return rc;
}
