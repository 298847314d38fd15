/* The quality report as JSON and as CSV (docs/report.md). Both walk the
 * same tables of figures, so a figure added here appears in both. */
#include "buf.h"
#include "complaint_internal.h"
#include "json.h"
#include "report_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum { COUNT, SECONDS, DURATIONS, PPM, HUNDREDTHS };

typedef struct figure {
	const char *name;
	size_t offset;
	int type;
} figure;

#define FIG(name, type) { #name, offsetof(telsvc_indicators, name), type }
static const figure figures[] = {
	FIG(cases, COUNT),
	FIG(finished, COUNT),
	FIG(respond_wall, DURATIONS),
	FIG(respond_business, DURATIONS),
	FIG(handle_wall, DURATIONS),
	FIG(handle_business, DURATIONS),
	FIG(satisfaction_count, COUNT),
	FIG(satisfaction_mean, HUNDREDTHS),
	FIG(satisfied, COUNT),
	FIG(breaches, COUNT),
	FIG(escalations, COUNT),
	FIG(reviews_pending, COUNT),
	FIG(outages, COUNT),
	FIG(downtime, SECONDS),
	FIG(availability, PPM),
	FIG(fault_rate, PPM),
};
#undef FIG

static const char *const limit_figures[] = { "on_time", "late", "overdue", "pending", "escalated" };
static const char *const problem_grades[] = { NULL, "major", "general", "minor" };
static const char *const verdicts[] = { NULL, "met", "missed", "no_data" };
static const char *const evaluated[] = { NULL, "availability", "fault_rate", "satisfaction", "on_time" };
static const char *const item_states[] = { NULL, "open", "overdue", "done", "verified" };
static const char *const problem_classes[] = { NULL, "technical", "process", "people", "external" };

static uint64_t limit_figure(const telsvc_limit_stats *l, size_t i)
{
	const uint64_t v[] = { l->on_time, l->late, l->overdue, l->pending, l->escalated };
	return v[i];
}

/* The named counts of one indicators block beyond the figures: per
 * category, per problem grade, per class of the kind (@ops, or none). */
typedef struct named {
	const char *group;
	const char *const *keys;
	const uint64_t *values;
	int max;
} named;

static size_t named_of(named out[3], const telsvc_indicators *ind, const ts_kind_ops *ops)
{
	size_t n = 0;
	out[n++] = (named){ "complaints_by_category", ts_complaint_category_keys, ind->complaints_by_category,
			    TELSVC_COMPLAINT_OTHER };
	out[n++] = (named){ "problems_by_grade", problem_grades, ind->problems_by_grade, 3 };
	if (ops)
		out[n++] = (named){ "by_class", ops->class_keys, ind->by_class, ops->class_max };
	return n;
}

/* ---- JSON ---- */

static void json_hundredths(ts_sb *sb, int64_t v)
{
	ts_sb_printf(sb, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
}

static void json_ppm(ts_sb *sb, int64_t v)
{
	if (v < 0)
		ts_sb_puts(sb, "null");
	else
		ts_sb_printf(sb, "%lld", (long long)v);
}

static void json_indicators(ts_sb *sb, const telsvc_indicators *ind, const ts_kind_ops *ops)
{
	char sep = '{';
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		const figure *f = &figures[i];
		const char *at = (const char *)ind + f->offset;
		ts_sb_printf(sb, "%c\"%s\":", sep, f->name);
		sep = ',';
		if (f->type == COUNT) {
			ts_sb_printf(sb, "%llu", (unsigned long long)*(const uint64_t *)at);
		} else if (f->type == DURATIONS) {
			const telsvc_duration_stats *d = (const telsvc_duration_stats *)at;
			ts_sb_printf(sb, "{\"count\":%llu,\"mean\":%lld,\"median\":%lld,\"p90\":%lld}",
				     (unsigned long long)d->count, (long long)d->mean, (long long)d->median,
				     (long long)d->p90);
		} else if (f->type == HUNDREDTHS) {
			json_hundredths(sb, *(const int64_t *)at);
		} else if (f->type == PPM) {
			json_ppm(sb, *(const int64_t *)at);
		} else {
			ts_sb_printf(sb, "%lld", (long long)*(const int64_t *)at);
		}
	}
	named groups[3];
	size_t n = named_of(groups, ind, ops);
	for (size_t g = 0; g < n; g++) {
		ts_sb_printf(sb, ",\"%s\":{", groups[g].group);
		for (int k = 1; k <= groups[g].max; k++)
			ts_sb_printf(sb, "%s\"%s\":%llu", k > 1 ? "," : "", groups[g].keys[k],
				     (unsigned long long)groups[g].values[k]);
		ts_sb_puts(sb, "}");
	}
	ts_sb_puts(sb, ",\"limits\":[");
	for (size_t i = 0; i < ind->limit_count; i++) {
		const telsvc_limit_stats *l = &ind->limits[i];
		ts_sb_printf(sb, "%s{\"limit\":\"%s\"", i ? "," : "", telsvc_param_key(l->limit));
		for (size_t k = 0; k < sizeof(limit_figures) / sizeof(limit_figures[0]); k++)
			ts_sb_printf(sb, ",\"%s\":%llu", limit_figures[k], (unsigned long long)limit_figure(l, k));
		ts_sb_puts(sb, "}");
	}
	ts_sb_puts(sb, "]}");
}

static void json_counts(ts_sb *sb, const char *const *keys, const uint64_t *values, int max)
{
	for (int k = 1; k <= max; k++)
		ts_sb_printf(sb, "%s\"%s\":%llu", k > 1 ? "," : "{", keys[k], (unsigned long long)values[k]);
	ts_sb_puts(sb, "}");
}

static void json_item(ts_sb *sb, int32_t off, const telsvc_report_item *ri)
{
	const telsvc_improvement *it = &ri->item;
	ts_sb_puts(sb, "{\"problem\":");
	ts_json_string(sb, it->problem);
	ts_sb_printf(sb, ",\"class\":\"%s\",\"cause\":", problem_classes[it->problem_class]);
	ts_json_string(sb, it->cause);
	ts_sb_puts(sb, ",\"measure\":");
	ts_json_string(sb, it->measure);
	ts_sb_puts(sb, ",\"owner\":");
	ts_json_string(sb, it->owner);
	const int64_t times[] = { it->due, it->done, it->verified };
	const char *const names[] = { "due", "done", "verified" };
	for (size_t i = 0; i < 3; i++) {
		ts_sb_printf(sb, ",\"%s\":", names[i]);
		ts_json_instant_at(sb, off, times[i] ? times[i] : TELSVC_NEVER);
	}
	ts_sb_puts(sb, ",\"effect\":");
	ts_json_string(sb, it->effect);
	ts_sb_printf(sb, ",\"state\":\"%s\"}", item_states[ri->state]);
}

int telsvc_report_json(telsvc_buf *out, const telsvc_report *r)
{
	if (!out || !r)
		return ts_error(TELSVC_EINVAL, "telsvc_report_json: %s is NULL", out ? "report" : "out");
	ts_sb sb;
	ts_sb_init(&sb, ts_report_block_of(r)->ctx);
	ts_sb_printf(&sb, "{\"report\":\"quality\",\"version\":%u,\"period\":{\"from\":", r->version);
	bool all_time = !r->from && !r->to;
	ts_json_instant_at(&sb, r->utc_offset, all_time ? TELSVC_NEVER : r->from);
	ts_sb_puts(&sb, ",\"to\":");
	ts_json_instant_at(&sb, r->utc_offset, all_time ? TELSVC_NEVER : r->to);
	ts_sb_puts(&sb, ",\"now\":");
	ts_json_instant_at(&sb, r->utc_offset, r->now);
	ts_sb_puts(&sb, "},\"overview\":");
	json_indicators(&sb, &r->overview, NULL);
	ts_sb_puts(&sb, ",\"kinds\":{");
	for (size_t k = 1; k < r->kind_count; k++) {
		const ts_kind_ops *ops = ts_kind_get((int)k);
		ts_sb_printf(&sb, "%s\"%s\":", k > 1 ? "," : "", ops->noun);
		json_indicators(&sb, &r->kinds[k], ops);
	}
	ts_sb_puts(&sb, "},\"evaluation\":[");
	for (size_t i = 0; i < r->evaluation_count; i++) {
		const telsvc_evaluation *e = &r->evaluations[i];
		ts_sb_printf(&sb, "%s{\"indicator\":\"%s\",\"param\":\"%s\",\"value_ppm\":", i ? "," : "",
			     evaluated[e->what], telsvc_param_key(e->param));
		json_ppm(&sb, e->value);
		ts_sb_puts(&sb, ",\"target_ppm\":");
		ts_sb_printf(&sb, "%lld", (long long)e->target);
		ts_sb_printf(&sb, ",\"verdict\":\"%s\"}", verdicts[e->verdict]);
	}
	ts_sb_puts(&sb, "],\"improvements\":{\"by_state\":");
	json_counts(&sb, item_states, r->items_by_state, TELSVC_IMPROVEMENT_VERIFIED);
	ts_sb_puts(&sb, ",\"by_class\":");
	json_counts(&sb, problem_classes, r->items_by_class, TELSVC_PROBLEM_CLASS_EXTERNAL);
	ts_sb_puts(&sb, ",\"items\":[");
	for (size_t i = 0; i < r->item_count; i++) {
		if (i)
			ts_sb_puts(&sb, ",");
		json_item(&sb, r->utc_offset, &r->items[i]);
	}
	ts_sb_puts(&sb, "]}}");
	return ts_sb_move_to_buf(&sb, out);
}

/* ---- CSV ---- */

/* A text cell (RFC 4180): quoted when it must be; a leading character a
 * spreadsheet would run as a formula is escaped with an apostrophe. */
static void csv_text(ts_sb *sb, const char *s)
{
	if (!s)
		return;
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		ts_sb_puts(sb, s);
		return;
	}
	ts_sb_puts(sb, formula ? "\"'" : "\"");
	for (const char *p = s; *p; p++)
		ts_sb_append(sb, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
	ts_sb_puts(sb, "\"");
}

/* One row: section, subject, figure, then the rest as written. */
static void csv_row(ts_sb *sb, const char *section, const char *subject, const char *figure_name)
{
	ts_sb_printf(sb, "\r\n%s,", section);
	csv_text(sb, subject);
	ts_sb_puts(sb, ",");
	csv_text(sb, figure_name);
	ts_sb_puts(sb, ",");
}

static void csv_instant(ts_sb *sb, int32_t off, int64_t t)
{
	if (t && t != TELSVC_NEVER)
		ts_sb_rfc3339(sb, off, t);
}

static void csv_indicators(ts_sb *sb, const char *section, const char *subject, const telsvc_indicators *ind,
			   const ts_kind_ops *ops)
{
	char name[64];
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		const figure *f = &figures[i];
		const char *at = (const char *)ind + f->offset;
		if (f->type == DURATIONS) {
			const telsvc_duration_stats *d = (const telsvc_duration_stats *)at;
			const int64_t v[] = { (int64_t)d->count, d->mean, d->median, d->p90 };
			const char *const parts[] = { "count", "mean", "median", "p90" };
			for (size_t k = 0; k < 4; k++) {
				snprintf(name, sizeof(name), "%s_%s", f->name, parts[k]);
				csv_row(sb, section, subject, name);
				ts_sb_printf(sb, "%lld,,", (long long)v[k]);
			}
			continue;
		}
		csv_row(sb, section, subject, f->name);
		if (f->type == COUNT)
			ts_sb_printf(sb, "%llu", (unsigned long long)*(const uint64_t *)at);
		else if (f->type == HUNDREDTHS)
			json_hundredths(sb, *(const int64_t *)at);
		else if (f->type == SECONDS || *(const int64_t *)at >= 0)
			ts_sb_printf(sb, "%lld", (long long)*(const int64_t *)at);
		ts_sb_puts(sb, ",,");
	}
	named groups[3];
	size_t n = named_of(groups, ind, ops);
	for (size_t g = 0; g < n; g++)
		for (int k = 1; k <= groups[g].max; k++) {
			snprintf(name, sizeof(name), "%s.%s", groups[g].group, groups[g].keys[k]);
			csv_row(sb, section, subject, name);
			ts_sb_printf(sb, "%llu,,", (unsigned long long)groups[g].values[k]);
		}
	for (size_t i = 0; i < ind->limit_count; i++)
		for (size_t k = 0; k < sizeof(limit_figures) / sizeof(limit_figures[0]); k++) {
			const telsvc_limit_stats *l = &ind->limits[i];
			snprintf(name, sizeof(name), "%s.%s", telsvc_param_key(l->limit), limit_figures[k]);
			csv_row(sb, section, subject, name);
			ts_sb_printf(sb, "%llu,,", (unsigned long long)limit_figure(l, k));
		}
}

static void csv_item(ts_sb *sb, int32_t off, size_t index, const telsvc_report_item *ri)
{
	const telsvc_improvement *it = &ri->item;
	char subject[24];
	snprintf(subject, sizeof(subject), "%zu", index + 1);
	const char *const texts[][2] = { { "problem", it->problem }, { "class", problem_classes[it->problem_class] },
					 { "cause", it->cause },     { "measure", it->measure },
					 { "owner", it->owner },     { "effect", it->effect },
					 { "state", item_states[ri->state] } };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		csv_row(sb, "improvement", subject, texts[i][0]);
		csv_text(sb, texts[i][1]);
		ts_sb_puts(sb, ",,");
	}
	const int64_t times[] = { it->due, it->done, it->verified };
	const char *const names[] = { "due", "done", "verified" };
	for (size_t i = 0; i < 3; i++) {
		csv_row(sb, "improvement", subject, names[i]);
		csv_instant(sb, off, times[i]);
		ts_sb_puts(sb, ",,");
	}
}

int telsvc_report_csv(telsvc_buf *out, const telsvc_report *r)
{
	if (!out || !r)
		return ts_error(TELSVC_EINVAL, "telsvc_report_csv: %s is NULL", out ? "report" : "out");
	ts_sb sb;
	ts_sb_init(&sb, ts_report_block_of(r)->ctx);
	ts_sb_puts(&sb, "section,subject,figure,value,target,verdict");
	bool all_time = !r->from && !r->to;
	const int64_t period[] = { all_time ? 0 : r->from, all_time ? 0 : r->to, r->now };
	const char *const period_names[] = { "from", "to", "now" };
	for (size_t i = 0; i < 3; i++) {
		csv_row(&sb, "period", "report", period_names[i]);
		csv_instant(&sb, r->utc_offset, period[i]);
		ts_sb_puts(&sb, ",,");
	}
	csv_indicators(&sb, "overview", "all", &r->overview, NULL);
	for (size_t k = 1; k < r->kind_count; k++) {
		const ts_kind_ops *ops = ts_kind_get((int)k);
		csv_indicators(&sb, "kind", ops->noun, &r->kinds[k], ops);
	}
	for (size_t i = 0; i < r->evaluation_count; i++) {
		const telsvc_evaluation *e = &r->evaluations[i];
		csv_row(&sb, "evaluation", evaluated[e->what], telsvc_param_key(e->param));
		if (e->value >= 0)
			ts_sb_printf(&sb, "%lld", (long long)e->value);
		ts_sb_printf(&sb, ",%lld,%s", (long long)e->target, verdicts[e->verdict]);
	}
	for (size_t i = 0; i < r->item_count; i++)
		csv_item(&sb, r->utc_offset, i, &r->items[i]);
	ts_sb_puts(&sb, "\r\n");
	return ts_sb_move_to_buf(&sb, out);
}
