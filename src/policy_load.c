/* Binding a parsed YAML tree onto the default policy. Every error names
 * the key path and the line and column of the offending node. */
#include "calendar_load.h"
#include "policy_internal.h"
#include "yaml_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_LEN 256

typedef struct loader {
	telsvc_ctx *ctx;
	telsvc_policy *p;
	const ts_ynode *set_at[TS_PARAM_COUNT + 1]; /* node each parameter was set from */
	const ts_ynode *default_calendar_at;
	size_t overrides;
} loader;

static int join_path(char *dst, const char *prefix, const ts_ynode *key)
{
	int n = prefix[0] ? snprintf(dst, PATH_MAX_LEN, "%s.%s", prefix, key->text)
			  : snprintf(dst, PATH_MAX_LEN, "%s", key->text);
	return n > 0 && n < PATH_MAX_LEN && strlen(key->text) == key->len;
}

/* Whether some parameter lies below @path. */
static bool has_children(const char *path)
{
	size_t len = strlen(path);
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++)
		if (strncmp(ts_params[i].key, path, len) == 0 && ts_params[i].key[len] == '.')
			return true;
	return false;
}

/* The keys allowed directly below @prefix, for an unknown-key message. */
static void list_children(char *dst, size_t cap, const char *prefix)
{
	size_t len = strlen(prefix), used = 0;
	const char *last = "";
	size_t last_len = 0;

	dst[0] = '\0';
	if (len == 0)
		used = (size_t)snprintf(dst, cap, "version, name, roles, default_calendar, calendars");
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params) && used < cap; i++) {
		const char *key = ts_params[i].key;
		if (len && (strncmp(key, prefix, len) != 0 || key[len] != '.'))
			continue;
		const char *seg = key + (len ? len + 1 : 0);
		size_t seg_len = strcspn(seg, ".");
		if (seg_len == last_len && strncmp(seg, last, seg_len) == 0)
			continue;
		used += (size_t)snprintf(dst + used, cap - used, "%s%.*s", used ? ", " : "", (int)seg_len, seg);
		last = seg, last_len = seg_len;
	}
}

static int unknown_key(const ts_ynode *key, const char *prefix, const char *shown)
{
	char allowed[512];
	list_children(allowed, sizeof(allowed), prefix);
	return ts_yfail(key, shown, TELSVC_EPOLICY, "unknown key; expected one of: %s", allowed);
}

/* Replace *@dst with the calendar name in scalar @n. */
static int bind_calendar_name(telsvc_ctx *ctx, const ts_ynode *n, const char *path, char **dst)
{
	const char *text;
	int rc = ts_yscalar(n, path, "a calendar name", &text);
	if (rc)
		return rc;
	if (!ts_is_calendar_name(text, n->len))
		return ts_yfail(n, path, TELSVC_EPOLICY, "'%.64s' is not a calendar name", text);
	char *copy = ts_strdup(ctx, text);
	if (!copy)
		return TELSVC_ENOMEM;
	ts_free(ctx, *dst);
	*dst = copy;
	return TELSVC_OK;
}

static int bind_limit(telsvc_ctx *ctx, ts_value *v, const ts_ynode *n, const char *path)
{
	char sub[PATH_MAX_LEN + 8] = "";
	const ts_ynode *limit = NULL, *clock = NULL, *calendar = NULL;
	telsvc_clock new_clock = v->clock;
	const char *text;
	int rc;

	if (n->kind != TS_Y_MAP)
		return ts_yfail(n, path, TELSVC_EPOLICY, "expected a mapping such as {limit: 2h, clock: wall}, got %s",
				 ts_ykind_name(n));
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		const ts_ynode *k = n->items[i];
		if (strcmp(k->text, "limit") == 0)
			limit = n->items[i + 1];
		else if (strcmp(k->text, "clock") == 0)
			clock = n->items[i + 1];
		else if (strcmp(k->text, "calendar") == 0)
			calendar = n->items[i + 1];
		else {
			snprintf(sub, sizeof(sub), "%s.%.64s", path, k->text);
			return ts_yfail(k, sub, TELSVC_EPOLICY, "unknown key; expected one of: limit, clock, calendar");
		}
	}
	if (calendar) {
		snprintf(sub, sizeof(sub), "%s.calendar", path);
		if ((rc = bind_calendar_name(ctx, calendar, sub, &v->calendar)))
			return rc;
	}
	if (clock) {
		snprintf(sub, sizeof(sub), "%s.clock", path);
		if ((rc = ts_yscalar(clock, sub, "a clock (wall, business or working_days)", &text)))
			return rc;
		const char *why = ts_parse_clock(text, &new_clock);
		if (why)
			return ts_yfail(clock, sub, TELSVC_EPOLICY, "'%.64s' %s", text, why);
	}
	bool new_days = new_clock == TELSVC_CLOCK_WORKING_DAYS;
	if (!limit) {
		if (v->set && new_days != (v->clock == TELSVC_CLOCK_WORKING_DAYS))
			return ts_yfail(clock, sub, TELSVC_EPOLICY,
					 "changing between working_days and a time clock needs a new limit beside it");
		v->clock = new_clock;
		return TELSVC_OK;
	}
	snprintf(sub, sizeof(sub), "%s.limit", path);
	if ((rc = ts_yscalar(limit, sub, "a limit such as 2h, 3d or none", &text)))
		return rc;
	if (strcmp(text, "none") == 0) {
		v->set = false;
		v->amount = 0;
		v->clock = new_clock;
		return TELSVC_OK;
	}
	int64_t amount;
	bool in_days;
	const char *why = ts_parse_duration(text, &amount, &in_days);
	if (why)
		return ts_yfail(limit, sub, TELSVC_EPOLICY, "'%.64s' %s", text, why);
	if (in_days && !new_days)
		return ts_yfail(limit, sub, TELSVC_EPOLICY,
				 "'%s' counts working days but the clock is %s; set clock: working_days or give hours",
				 text, ts_clock_name(new_clock));
	if (!in_days && new_days)
		return ts_yfail(limit, sub, TELSVC_EPOLICY,
				 "'%s' is a time but the clock is working_days; give whole days (e.g. 3d) or set clock: wall or business",
				 text);
	v->set = true;
	v->amount = amount;
	v->clock = new_clock;
	return TELSVC_OK;
}

static int bind_role_name(const ts_ynode *n, const char *path, const char **text)
{
	int rc = ts_yscalar(n, path, "a role name", text);
	if (rc == TELSVC_OK && !ts_is_identifier(*text, n->len))
		return ts_yfail(n, path, TELSVC_EPOLICY,
				 "'%.64s' is not a role name (lower-case letters, digits and _, at most 64)", *text);
	return rc;
}

/* A keyword: non-empty, on one line, at most 64 bytes. */
static int bind_text_item(const ts_ynode *n, const char *path, const char **text)
{
	int rc = ts_yscalar(n, path, "a text", text);
	if (rc == TELSVC_OK && (n->len == 0 || n->len > 64 || strpbrk(*text, "\r\n")))
		return ts_yfail(n, path, TELSVC_EPOLICY, "'%.64s' is not a keyword (1 to 64 bytes on one line)", *text);
	return rc;
}

/* A sequence of distinct role names, or of distinct keywords. */
static int bind_list(loader *l, ts_value *v, const ts_ynode *n, const char *path, bool roles)
{
	char sub[PATH_MAX_LEN + 24];
	if (n->kind != TS_Y_SEQ)
		return ts_yfail(n, path, TELSVC_EPOLICY, "expected a sequence of %s, got %s",
				roles ? "role names" : "texts", ts_ykind_name(n));
	const char **names = ts_calloc(l->ctx, n->count ? n->count : 1, sizeof(*names));
	if (!names)
		return TELSVC_ENOMEM;
	int rc = TELSVC_OK;
	for (size_t i = 0; i < n->count && rc == TELSVC_OK; i++) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		rc = roles ? bind_role_name(n->items[i], sub, &names[i]) : bind_text_item(n->items[i], sub, &names[i]);
		for (size_t j = 0; j < i && rc == TELSVC_OK; j++)
			if (strcmp(names[j], names[i]) == 0)
				rc = ts_yfail(n->items[i], sub, TELSVC_EPOLICY, "'%s' is listed twice", names[i]);
	}
	if (rc == TELSVC_OK)
		rc = ts_strlist_copy(l->ctx, &v->names, names, n->count);
	ts_free(l->ctx, names);
	return rc;
}

static int bind_param(loader *l, const ts_param_info *info, const ts_ynode *n, const char *path)
{
	ts_value *v = &l->p->values[info->id];
	const char *text, *why = NULL;
	int rc = TELSVC_OK;

	l->set_at[info->id] = n;
	l->overrides++;
	if (info->id == TELSVC_PARAM_REQUEST_SIGNATURES && n->kind == TS_Y_SEQ && n->count > TS_SIGNATURES_MAX)
		return ts_yfail(n, path, TELSVC_EPOLICY, "%zu roles; at most %d sign a report", n->count,
				TS_SIGNATURES_MAX);
	switch (info->type) {
	case TELSVC_PARAM_TYPE_LIMIT:
		return bind_limit(l->ctx, v, n, path);
	case TELSVC_PARAM_TYPE_ROLE_LIST:
	case TELSVC_PARAM_TYPE_TEXT_LIST:
		return bind_list(l, v, n, path, info->type == TELSVC_PARAM_TYPE_ROLE_LIST);
	case TELSVC_PARAM_TYPE_TEXT: {
		if ((rc = ts_yscalar(n, path, "a text", &text)))
			return rc;
		/* cppcheck-suppress unreadVariable ; read after the switch */
		if ((why = ts_parse_number_pattern(text)))
			break;
		char *copy = ts_strdup(l->ctx, text);
		if (!copy)
			return TELSVC_ENOMEM;
		ts_free(l->ctx, v->text);
		v->text = copy;
		return TELSVC_OK;
	}
	case TELSVC_PARAM_TYPE_ROLE:
		if ((rc = bind_role_name(n, path, &text)) == TELSVC_OK)
			rc = ts_strlist_copy(l->ctx, &v->names, &text, 1);
		return rc;
	case TELSVC_PARAM_TYPE_DURATION: {
		bool in_days;
		if ((rc = ts_yscalar(n, path, "a duration such as 30s or 2h", &text)))
			return rc;
		why = ts_parse_duration(text, &v->amount, &in_days);
		if (!why && in_days)
			why = "counts working days; give a time such as 30s or 2h";
		break;
	}
	case TELSVC_PARAM_TYPE_PERCENT:
		if ((rc = ts_yscalar(n, path, "a percentage such as 90%", &text)))
			return rc;
		why = ts_parse_percent(text, &v->amount);
		break;
	case TELSVC_PARAM_TYPE_PERIOD:
		if ((rc = ts_yscalar(n, path, "a period such as 12mo or 3y", &text)))
			return rc;
		why = ts_parse_period(text, &v->amount, &v->unit);
		break;
	}
	return why ? ts_yfail(n, path, TELSVC_EPOLICY, "'%.64s' %s", text, why) : TELSVC_OK;
}

/* Add role @name, or give an existing one the new @title. The policy is
 * a fresh one being built, so a failure here discards it whole. */
static int put_role(telsvc_policy *p, const char *name, const char *title)
{
	char *t = ts_strdup(p->ctx, title);
	if (!t)
		return TELSVC_ENOMEM;
	for (size_t i = 0; i < p->role_count; i++) {
		if (strcmp(p->roles[i].name, name) == 0) {
			ts_free(p->ctx, p->roles[i].title);
			p->roles[i].title = t;
			return TELSVC_OK;
		}
	}
	ts_role *grown = ts_reallocarray(p->ctx, p->roles, p->role_count + 1, sizeof(*grown));
	char *n = grown ? ts_strdup(p->ctx, name) : NULL;
	if (grown)
		p->roles = grown;
	if (!n) {
		ts_free(p->ctx, t);
		return TELSVC_ENOMEM;
	}
	p->roles[p->role_count++] = (ts_role){ n, t };
	return TELSVC_OK;
}

/* Each role named is added, or has its title replaced; the others stay,
 * as calendars do. */
static int bind_roles(loader *l, const ts_ynode *n)
{
	char sub[PATH_MAX_LEN];
	if (ts_yis_null(n))
		return TELSVC_OK;
	if (n->kind != TS_Y_MAP)
		return ts_yfail(n, "roles", TELSVC_EPOLICY, "expected a mapping of role name to {title: ...}, got %s",
				ts_ykind_name(n));
	for (size_t r = 0; r + 1 < n->count; r += 2) {
		const ts_ynode *key = n->items[r], *val = n->items[r + 1];
		const ts_ynode *title = NULL;
		const char *name, *title_text = "";
		int rc;
		snprintf(sub, sizeof(sub), "roles.%.64s", key->text);
		if ((rc = bind_role_name(key, sub, &name)))
			return rc;
		if (val->kind == TS_Y_MAP) {
			for (size_t i = 0; i + 1 < val->count; i += 2) {
				char key_path[PATH_MAX_LEN + 72];
				if (strcmp(val->items[i]->text, "title") == 0) {
					title = val->items[i + 1];
					continue;
				}
				snprintf(key_path, sizeof(key_path), "%s.%.64s", sub, val->items[i]->text);
				return ts_yfail(val->items[i], key_path, TELSVC_EPOLICY, "unknown key; expected one of: title");
			}
		} else if (!ts_yis_null(val)) {
			return ts_yfail(val, sub, TELSVC_EPOLICY, "expected a mapping such as {title: ...}, got %s",
					ts_ykind_name(val));
		}
		if ((title && (rc = ts_yscalar(title, sub, "a title", &title_text))) ||
		    (rc = put_role(l->p, name, title_text)))
			return rc;
		l->overrides++;
	}
	return TELSVC_OK;
}

static int bind_name(loader *l, const ts_ynode *n)
{
	const char *text;
	int rc = ts_yscalar(n, "name", "a policy name", &text);
	if (rc)
		return rc;
	if (n->len == 0 || n->len > 128)
		return ts_yfail(n, "name", TELSVC_EPOLICY, "must be 1 to 128 bytes long");
	char *copy = ts_strdup(l->ctx, text);
	if (!copy)
		return TELSVC_ENOMEM;
	ts_free(l->ctx, l->p->name);
	l->p->name = copy;
	l->overrides++;
	return TELSVC_OK;
}

static int bind_version(const ts_ynode *n)
{
	const char *text;
	int rc = ts_yscalar(n, "version", "the policy format version, 1", &text);
	if (rc)
		return rc;
	bool numeric = n->len > 0 && n->len < 10 && strspn(text, "0123456789") == n->len;
	if (numeric && strtol(text, NULL, 10) == 1)
		return TELSVC_OK;
	return ts_yfail(n, "version", numeric ? TELSVC_EVERSION : TELSVC_EPOLICY,
			 "this library reads policy format version 1, the document says '%.16s'", text);
}

/* Each calendar named replaces the one of that name, or is added. */
static int bind_calendars(loader *l, const ts_ynode *n)
{
	if (ts_yis_null(n))
		return TELSVC_OK;
	if (n->kind != TS_Y_MAP)
		return ts_yfail(n, "calendars", TELSVC_EPOLICY, "expected a mapping of calendar name to definition, got %s",
				ts_ykind_name(n));
	for (size_t i = 0; i + 1 < n->count; i += 2) {
		telsvc_calendar *cal;
		int rc = ts_calendar_bind(l->ctx, n->items[i], n->items[i + 1], &cal);
		if (rc == TELSVC_OK && (rc = ts_policy_put_calendar(l->p, cal)) != TELSVC_OK)
			ts_calendar_free(cal);
		if (rc)
			return rc;
		l->overrides++;
	}
	return TELSVC_OK;
}

static int bind_section(loader *l, const ts_ynode *map, const char *prefix)
{
	char path[PATH_MAX_LEN];
	for (size_t i = 0; i + 1 < map->count; i += 2) {
		const ts_ynode *key = map->items[i], *val = map->items[i + 1];
		int rc = TELSVC_OK;
		if (!join_path(path, prefix, key)) {
			snprintf(path, sizeof(path), "%s%s%.64s", prefix, prefix[0] ? "." : "", key->text);
			return unknown_key(key, prefix, path);
		}
		const ts_param_info *info = NULL;
		for (size_t j = 0; j < TS_ARRAY_LEN(ts_params) && !info; j++)
			if (strcmp(ts_params[j].key, path) == 0)
				info = &ts_params[j];
		if (!prefix[0] && strcmp(path, "version") == 0)
			continue; /* checked first, in load() */
		else if (!prefix[0] && strcmp(path, "name") == 0)
			rc = bind_name(l, val);
		else if (!prefix[0] && strcmp(path, "roles") == 0)
			rc = bind_roles(l, val);
		else if (!prefix[0] && strcmp(path, "default_calendar") == 0) {
			l->default_calendar_at = val;
			rc = bind_calendar_name(l->ctx, val, path, &l->p->default_calendar);
		} else if (!prefix[0] && strcmp(path, "calendars") == 0)
			rc = bind_calendars(l, val);
		else if (info)
			rc = bind_param(l, info, val, path);
		else if (!has_children(path))
			rc = unknown_key(key, prefix, path);
		else if (val->kind == TS_Y_MAP)
			rc = bind_section(l, val, path);
		else if (!ts_yis_null(val))
			rc = ts_yfail(val, path, TELSVC_EPOLICY, "expected a mapping, got %s", ts_ykind_name(val));
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

static bool role_defined(const telsvc_policy *p, const char *name)
{
	for (size_t i = 0; i < p->role_count; i++)
		if (strcmp(p->roles[i].name, name) == 0)
			return true;
	return false;
}

/* Every calendar a limit names, and the default one, must be defined. */
static int check_calendars(const loader *l)
{
	char sub[PATH_MAX_LEN + 24];
	if (!ts_policy_find_calendar(l->p, l->p->default_calendar))
		return ts_yfail(l->default_calendar_at, "default_calendar", TELSVC_EPOLICY,
				"names calendar '%s', which 'calendars' does not define", l->p->default_calendar);
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++) {
		const ts_value *v = &l->p->values[ts_params[i].id];
		if (!v->calendar || ts_policy_find_calendar(l->p, v->calendar))
			continue;
		snprintf(sub, sizeof(sub), "%s.calendar", ts_params[i].key);
		return ts_yfail(ts_ymap_get(l->set_at[ts_params[i].id], "calendar"), sub, TELSVC_EPOLICY,
				"names calendar '%s', which 'calendars' does not define", v->calendar);
	}
	return TELSVC_OK;
}

/* Every role a parameter names must be defined under `roles`. */
static int check_references(const loader *l)
{
	char sub[PATH_MAX_LEN + 24];
	int rc = check_calendars(l);
	if (rc)
		return rc;
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++) {
		const ts_param_info *info = &ts_params[i];
		if (info->type == TELSVC_PARAM_TYPE_TEXT_LIST)
			continue;
		const ts_strlist *names = &l->p->values[info->id].names;
		const ts_ynode *at = l->set_at[info->id];
		for (size_t j = 0; j < names->count; j++) {
			if (role_defined(l->p, names->items[j]))
				continue;
			if (!at) /* defaults name default roles, and roles are never removed */
				return ts_error(TELSVC_EPOLICY, "policy: %s: the default names the undefined role '%s'",
						info->key, names->items[j]);
			const ts_ynode *item = at->kind == TS_Y_SEQ ? at->items[j] : at;
			if (at->kind == TS_Y_SEQ)
				snprintf(sub, sizeof(sub), "%s[%zu]", info->key, j);
			else
				snprintf(sub, sizeof(sub), "%s", info->key);
			return ts_yfail(item, sub, TELSVC_EPOLICY, "names role '%s', which 'roles' does not define",
					names->items[j]);
		}
	}
	return TELSVC_OK;
}

static int bind_document(loader *l, const ts_ynode *root)
{
	if (!root || ts_yis_null(root))
		return TELSVC_OK;
	if (root->kind != TS_Y_MAP)
		return ts_yfail(root, "(document)", TELSVC_EPOLICY, "expected a mapping at the top level, got %s",
				 ts_ykind_name(root));
	const ts_ynode *version = ts_ymap_get(root, "version");
	int rc = version ? bind_version(version) : TELSVC_OK;
	if (rc == TELSVC_OK)
		rc = bind_section(l, root, "");
	return rc;
}

/* The base values plus the shipped calendars: the handbook's defaults. */
static int load_defaults(telsvc_ctx *ctx, telsvc_policy **out)
{
	int rc = ts_policy_new_base(out, ctx);
	for (size_t i = 0; i < ts_embedded_calendar_count && rc == TELSVC_OK; i++) {
		ts_ynode *root;
		loader l = { .ctx = ctx, .p = *out };
		if ((rc = ts_yaml_parse(ctx, ts_embedded_calendars[i].name, ts_embedded_calendars[i].text,
					ts_embedded_calendars[i].size, &root)))
			break;
		rc = bind_document(&l, root);
		ts_ynode_free(ctx, root);
	}
	if (rc) {
		telsvc_policy_free(*out);
		*out = NULL;
	}
	return rc;
}

static int build_calendars(telsvc_policy *p)
{
	for (size_t i = 0; i < p->calendar_count; i++) {
		int rc = ts_calendar_build(p->calendars[i]);
		if (rc)
			return rc;
	}
	return TELSVC_OK;
}

int telsvc_policy_load(telsvc_policy **out, telsvc_ctx *ctx, const char *yaml, size_t size)
{
	if (!out || !ctx || (!yaml && size))
		return ts_error(TELSVC_EINVAL, "telsvc_policy_load: %s is NULL", !out ? "out" : !ctx ? "ctx" : "yaml");
	*out = NULL;

	ts_ynode *root;
	int rc = ts_yaml_parse(ctx, "policy", yaml, size, &root);
	if (rc)
		return rc;
	loader l = { .ctx = ctx };
	rc = load_defaults(ctx, &l.p);
	if (rc == TELSVC_OK)
		rc = bind_document(&l, root);
	if (rc == TELSVC_OK)
		rc = check_references(&l);
	ts_ynode_free(ctx, root);
	if (rc == TELSVC_OK)
		rc = build_calendars(l.p);
	if (rc) {
		telsvc_policy_free(l.p);
		return rc;
	}
	ts_log(ctx, TELSVC_LOG_INFO, "policy '%s' loaded: %zu settings override the handbook defaults", l.p->name,
	       l.overrides);
	*out = l.p;
	return TELSVC_OK;
}
