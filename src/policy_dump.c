/* Writing the effective policy back as YAML, every parameter with its
 * clause. The output is parsed by policy_load.c to an equal policy. */
#include "policy_internal.h"

#include <string.h>

#define COMMENT_COLUMN 52

static void put_value(ts_sb *sb, const ts_param_info *info, const ts_value *v)
{
	switch (info->type) {
	case TELSVC_PARAM_TYPE_LIMIT:
		ts_sb_puts(sb, "{limit: ");
		if (v->set)
			ts_format_limit_amount(sb, v->clock, v->amount);
		else
			ts_sb_puts(sb, "none");
		ts_sb_printf(sb, ", clock: %s", ts_clock_name(v->clock));
		if (v->calendar)
			ts_sb_printf(sb, ", calendar: %s", v->calendar);
		ts_sb_puts(sb, "}");
		break;
	case TELSVC_PARAM_TYPE_DURATION:
		ts_format_duration(sb, v->amount);
		break;
	case TELSVC_PARAM_TYPE_PERCENT:
		ts_format_percent(sb, v->amount);
		break;
	case TELSVC_PARAM_TYPE_PERIOD:
		ts_format_period(sb, v->amount, v->unit);
		break;
	case TELSVC_PARAM_TYPE_ROLE:
		ts_sb_puts(sb, v->names.count ? v->names.items[0] : "");
		break;
	case TELSVC_PARAM_TYPE_TEXT:
		ts_sb_yaml_quoted(sb, v->text);
		break;
	case TELSVC_PARAM_TYPE_ROLE_LIST:
	case TELSVC_PARAM_TYPE_TEXT_LIST:
		ts_sb_puts(sb, "[");
		for (size_t i = 0; i < v->names.count; i++) {
			ts_sb_puts(sb, i ? ", " : "");
			if (info->type == TELSVC_PARAM_TYPE_TEXT_LIST)
				ts_sb_yaml_quoted(sb, v->names.items[i]);
			else
				ts_sb_puts(sb, v->names.items[i]);
		}
		ts_sb_puts(sb, "]");
		break;
	}
}

static const char *section_heading(const char *key, size_t len)
{
	for (size_t i = 0; i < ts_section_count; i++)
		if (strlen(ts_sections[i].key) == len && strncmp(ts_sections[i].key, key, len) == 0)
			return ts_sections[i].heading;
	return NULL;
}

/* Open the mappings of @key that @prev did not already open, and return
 * the indentation depth of @key's last segment. */
static int open_sections(ts_sb *sb, const char *prev, const char *key)
{
	int depth = 0;
	const char *seg = key;
	bool shared = true;

	for (;;) {
		size_t len = strcspn(seg, ".");
		if (seg[len] == '\0')
			return depth;
		size_t offset = (size_t)(seg - key);
		shared = shared && strncmp(prev, key, offset + len) == 0 && prev[offset + len] == '.';
		if (!shared) {
			if (depth == 0) {
				const char *heading = section_heading(seg, len);
				ts_sb_printf(sb, "\n# %s\n", heading ? heading : "");
			}
			ts_sb_printf(sb, "%*s%.*s:\n", 2 * depth, "", (int)len, seg);
		}
		seg += len + 1;
		depth++;
	}
}

static void put_roles(ts_sb *sb, const telsvc_policy *p)
{
	ts_sb_puts(sb, "\n# Roles the parameters below refer to (§2.4, §3.3, §5.1, §7.3)\nroles:");
	if (p->role_count == 0)
		ts_sb_puts(sb, " {}");
	ts_sb_puts(sb, "\n");
	for (size_t i = 0; i < p->role_count; i++) {
		ts_sb_printf(sb, "  %s: {title: ", p->roles[i].name);
		ts_sb_yaml_quoted(sb, p->roles[i].title);
		ts_sb_puts(sb, "}\n");
	}
}

static void put_calendars(ts_sb *sb, const telsvc_policy *p)
{
	ts_sb_puts(sb, "\n# Calendars for the business and working_days clocks (§6.2; RULES.md DEFAULTS).\n"
		       "# Limits run on default_calendar unless they name another.\n");
	ts_sb_printf(sb, "default_calendar: %s\ncalendars:\n", p->default_calendar);
	for (size_t i = 0; i < p->calendar_count; i++) {
		ts_sb_printf(sb, "  %s:\n", p->calendars[i]->name);
		ts_calendar_dump(sb, p->calendars[i]);
	}
}

int telsvc_policy_dump(telsvc_buf *out, const telsvc_policy *p)
{
	if (!p || !out)
		return ts_error(TELSVC_EINVAL, "telsvc_policy_dump: %s is NULL", p ? "out" : "policy");

	ts_sb sb;
	ts_sb_init(&sb, p->ctx);
	ts_sb_puts(&sb, "# telsvc policy. Clause ids refer to the Service Process and Quality\n"
			"# Monitoring Handbook; \"project default\" marks a number the handbook\n"
			"# leaves open. Limits name their clock: wall, business or working_days.\n"
			"version: 1\nname: ");
	ts_sb_yaml_quoted(&sb, p->name);
	ts_sb_puts(&sb, "\n");
	put_roles(&sb, p);
	put_calendars(&sb, p);

	const char *prev = "";
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++) {
		const ts_param_info *info = &ts_params[i];
		int depth = open_sections(&sb, prev, info->key);
		size_t line_start = sb.size;
		ts_sb_printf(&sb, "%*s%s: ", 2 * depth, "", strrchr(info->key, '.') + 1);
		put_value(&sb, info, &p->values[info->id]);
		size_t width = sb.size - line_start;
		ts_sb_printf(&sb, "%*s# %s%s %s\n", width < COMMENT_COLUMN ? (int)(COMMENT_COLUMN - width) : 1, "",
			     info->clause, info->project_default ? " (project default)" : "", info->description);
		prev = info->key;
	}
	return ts_sb_move_to_buf(&sb, out);
}
