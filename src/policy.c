/* Policy objects: the built-in default, accessors, equality. */
#include "policy_internal.h"
#include "telsvc/sla.h"

#include <stdio.h>
#include <string.h>

#define TS_DEFAULT_NAME "handbook"

void ts_strlist_clear(telsvc_ctx *ctx, ts_strlist *list)
{
	for (size_t i = 0; i < list->count; i++)
		ts_free(ctx, list->items[i]);
	ts_free(ctx, list->items);
	list->items = NULL;
	list->count = 0;
}

int ts_strlist_copy(telsvc_ctx *ctx, ts_strlist *dst, const char *const *src, size_t count)
{
	ts_strlist copy = { NULL, 0 };
	if (count) {
		copy.items = ts_calloc(ctx, count, sizeof(*copy.items));
		if (!copy.items)
			return TELSVC_ENOMEM;
		for (; copy.count < count; copy.count++) {
			copy.items[copy.count] = ts_strdup(ctx, src[copy.count]);
			if (!copy.items[copy.count]) {
				ts_strlist_clear(ctx, &copy);
				return TELSVC_ENOMEM;
			}
		}
	}
	ts_strlist_clear(ctx, dst);
	*dst = copy;
	return TELSVC_OK;
}

void ts_roles_free(telsvc_ctx *ctx, ts_role *roles, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		ts_free(ctx, roles[i].name);
		ts_free(ctx, roles[i].title);
	}
	ts_free(ctx, roles);
}

static int load_default_roles(telsvc_policy *p)
{
	p->roles = ts_calloc(p->ctx, ts_default_role_count, sizeof(*p->roles));
	if (!p->roles)
		return TELSVC_ENOMEM;
	for (; p->role_count < ts_default_role_count; p->role_count++) {
		ts_role *r = &p->roles[p->role_count];
		r->name = ts_strdup(p->ctx, ts_default_roles[p->role_count].name);
		r->title = r->name ? ts_strdup(p->ctx, ts_default_roles[p->role_count].title) : NULL;
		if (!r->title) {
			ts_free(p->ctx, r->name);
			return TELSVC_ENOMEM;
		}
	}
	return TELSVC_OK;
}

static int load_default_values(telsvc_policy *p)
{
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++) {
		const ts_param_info *info = &ts_params[i];
		ts_value *v = &p->values[info->id];
		v->amount = info->amount;
		v->clock = info->clock;
		v->set = info->set;
		v->unit = info->unit;
		if (info->text && !(v->text = ts_strdup(p->ctx, info->text)))
			return TELSVC_ENOMEM;
		if (info->names) {
			size_t n = 0;
			while (info->names[n])
				n++;
			int rc = ts_strlist_copy(p->ctx, &v->names, info->names, n);
			if (rc)
				return rc;
		}
	}
	return TELSVC_OK;
}

int ts_policy_new_base(telsvc_policy **out, telsvc_ctx *ctx)
{
	telsvc_policy *p = ts_calloc(ctx, 1, sizeof(*p));
	if (!p)
		return TELSVC_ENOMEM;
	p->ctx = ctx;
	int rc = TELSVC_ENOMEM;
	if ((p->name = ts_strdup(ctx, TS_DEFAULT_NAME)) != NULL &&
	    (p->default_calendar = ts_strdup(ctx, TS_DEFAULT_CALENDAR)) != NULL)
		rc = load_default_roles(p);
	if (rc == TELSVC_OK)
		rc = load_default_values(p);
	if (rc) {
		telsvc_policy_free(p);
		return rc;
	}
	*out = p;
	return TELSVC_OK;
}

int telsvc_policy_default(telsvc_policy **out, telsvc_ctx *ctx)
{
	if (!out || !ctx)
		return ts_error(TELSVC_EINVAL, "telsvc_policy_default: %s is NULL", out ? "ctx" : "out");
	return telsvc_policy_load(out, ctx, NULL, 0);
}

void telsvc_policy_free(telsvc_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < TS_ARRAY_LEN(p->values); i++) {
		ts_strlist_clear(p->ctx, &p->values[i].names);
		ts_free(p->ctx, p->values[i].calendar);
		ts_free(p->ctx, p->values[i].text);
	}
	for (size_t i = 0; i < p->calendar_count; i++)
		ts_calendar_free(p->calendars[i]);
	ts_free(p->ctx, p->calendars);
	ts_free(p->ctx, p->default_calendar);
	ts_roles_free(p->ctx, p->roles, p->role_count);
	ts_free(p->ctx, p->name);
	ts_free(p->ctx, p);
}

const char *telsvc_policy_name(const telsvc_policy *p)
{
	return p ? p->name : NULL;
}

static bool strlist_equal(const ts_strlist *a, const ts_strlist *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return false;
	return true;
}

int telsvc_policy_equal(const telsvc_policy *a, const telsvc_policy *b)
{
	if (!a || !b)
		return ts_error(TELSVC_EINVAL, "telsvc_policy_equal: a policy is NULL");
	if (strcmp(a->name, b->name) != 0 || a->role_count != b->role_count ||
	    strcmp(a->default_calendar, b->default_calendar) != 0 || a->calendar_count != b->calendar_count)
		return 0;
	for (size_t i = 0; i < a->calendar_count; i++)
		if (!ts_calendar_equal(a->calendars[i], b->calendars[i]))
			return 0;
	for (size_t i = 0; i < a->role_count; i++)
		if (strcmp(a->roles[i].name, b->roles[i].name) != 0 || strcmp(a->roles[i].title, b->roles[i].title) != 0)
			return 0;
	for (size_t i = 1; i < TS_ARRAY_LEN(a->values); i++) {
		const ts_value *x = &a->values[i], *y = &b->values[i];
		if (x->amount != y->amount || x->clock != y->clock || x->set != y->set || x->unit != y->unit ||
		    !strlist_equal(&x->names, &y->names) || !!x->calendar != !!y->calendar ||
		    (x->calendar && strcmp(x->calendar, y->calendar) != 0) || !!x->text != !!y->text ||
		    (x->text && strcmp(x->text, y->text) != 0))
			return 0;
	}
	return 1;
}

int telsvc_param_count(void)
{
	return TS_PARAM_COUNT;
}

const char *telsvc_param_key(telsvc_param param)
{
	const ts_param_info *info = ts_param_info_get(param);
	return info ? info->key : NULL;
}

const char *telsvc_param_clause(telsvc_param param)
{
	const ts_param_info *info = ts_param_info_get(param);
	return info ? info->clause : NULL;
}

const char *telsvc_param_description(telsvc_param param)
{
	const ts_param_info *info = ts_param_info_get(param);
	return info ? info->description : NULL;
}

int telsvc_param_is_project_default(telsvc_param param)
{
	const ts_param_info *info = ts_param_info_get(param);
	if (!info)
		return ts_error(TELSVC_EINVAL, "telsvc_param_is_project_default: unknown parameter %d", (int)param);
	return info->project_default;
}

int telsvc_param_type_of(telsvc_param param)
{
	const ts_param_info *info = ts_param_info_get(param);
	if (!info)
		return ts_error(TELSVC_EINVAL, "telsvc_param_type_of: unknown parameter %d", (int)param);
	return info->type;
}

int telsvc_param_lookup(telsvc_param *out, const char *key)
{
	if (!out || !key)
		return ts_error(TELSVC_EINVAL, "telsvc_param_lookup: %s is NULL", out ? "key" : "out");
	for (size_t i = 0; i < TS_ARRAY_LEN(ts_params); i++) {
		if (strcmp(ts_params[i].key, key) == 0) {
			*out = ts_params[i].id;
			return TELSVC_OK;
		}
	}
	return ts_error(TELSVC_ENOTFOUND, "telsvc_param_lookup: no parameter has the key '%s'", key);
}

/* The info of @param when the policy is usable and the type is one of
 * @types (a bit mask of 1 << type); records EINVAL otherwise. */
static const ts_param_info *checked_param(const char *fn, const telsvc_policy *p, telsvc_param param, unsigned types)
{
	if (!p) {
		ts_error(TELSVC_EINVAL, "%s: policy is NULL", fn);
		return NULL;
	}
	const ts_param_info *info = ts_param_info_get(param);
	if (!info) {
		ts_error(TELSVC_EINVAL, "%s: unknown parameter %d", fn, (int)param);
		return NULL;
	}
	if (!(types & (1u << info->type))) {
		ts_error(TELSVC_EINVAL, "%s: parameter %s is not of a type this function reads", fn, info->key);
		return NULL;
	}
	return info;
}

#define T(type) (1u << TELSVC_PARAM_TYPE_##type)

int telsvc_policy_limit(telsvc_limit *out, const telsvc_policy *p, telsvc_param param)
{
	if (!out)
		return ts_error(TELSVC_EINVAL, "telsvc_policy_limit: out is NULL");
	if (out->version == 0 || out->version > TELSVC_LIMIT_VERSION)
		return ts_error(TELSVC_EVERSION, "telsvc_policy_limit: unknown telsvc_limit version %u", out->version);
	if (!checked_param("telsvc_policy_limit", p, param, T(LIMIT)))
		return TELSVC_EINVAL;
	const ts_value *v = &p->values[param];
	out->is_set = v->set;
	out->clock = v->clock;
	out->amount = v->set ? v->amount : 0;
	if (out->version >= 2)
		out->calendar = v->calendar ? v->calendar : p->default_calendar;
	return TELSVC_OK;
}

int telsvc_policy_value(int64_t *out, const telsvc_policy *p, telsvc_param param)
{
	if (!out)
		return ts_error(TELSVC_EINVAL, "telsvc_policy_value: out is NULL");
	if (!checked_param("telsvc_policy_value", p, param, T(LIMIT) | T(DURATION) | T(PERCENT) | T(PERIOD)))
		return TELSVC_EINVAL;
	const ts_value *v = &p->values[param];
	*out = (ts_param_info_get(param)->type == TELSVC_PARAM_TYPE_LIMIT && !v->set) ? 0 : v->amount;
	return TELSVC_OK;
}

int telsvc_policy_names_count(const telsvc_policy *p, telsvc_param param)
{
	if (!checked_param("telsvc_policy_names_count", p, param, T(ROLE) | T(ROLE_LIST) | T(TEXT_LIST)))
		return TELSVC_EINVAL;
	return (int)p->values[param].names.count;
}

const char *telsvc_policy_names(const telsvc_policy *p, telsvc_param param, size_t index)
{
	if (!checked_param("telsvc_policy_names", p, param, T(ROLE) | T(ROLE_LIST) | T(TEXT_LIST)))
		return NULL;
	const ts_strlist *l = &p->values[param].names;
	return index < l->count ? l->items[index] : NULL;
}

const char *telsvc_policy_text(const telsvc_policy *p, telsvc_param param)
{
	if (!checked_param("telsvc_policy_text", p, param, T(TEXT)))
		return NULL;
	return p->values[param].text;
}

size_t telsvc_policy_role_count(const telsvc_policy *p)
{
	return p ? p->role_count : 0;
}

bool ts_policy_has_role(const telsvc_policy *p, const char *name)
{
	for (size_t i = 0; i < p->role_count; i++)
		if (strcmp(p->roles[i].name, name) == 0)
			return true;
	return false;
}

bool ts_policy_permits(const telsvc_policy *p, telsvc_param param, const char *role, char *allowed, size_t cap)
{
	const ts_strlist *l = &p->values[param].names;
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i], role) == 0)
			return true;
	size_t used = 0;
	snprintf(allowed, cap, "no role");
	for (size_t i = 0; i < l->count; i++)
		used += (size_t)snprintf(allowed + used, used < cap ? cap - used : 0, "%s%s", i ? ", " : "",
					 l->items[i]);
	return false;
}

const char *telsvc_policy_role_name(const telsvc_policy *p, size_t index)
{
	return p && index < p->role_count ? p->roles[index].name : NULL;
}

const char *telsvc_policy_role_title(const telsvc_policy *p, size_t index)
{
	return p && index < p->role_count ? p->roles[index].title : NULL;
}

int ts_policy_put_calendar(telsvc_policy *p, telsvc_calendar *cal)
{
	size_t i = 0;
	while (i < p->calendar_count && strcmp(p->calendars[i]->name, cal->name) < 0)
		i++;
	if (i < p->calendar_count && strcmp(p->calendars[i]->name, cal->name) == 0) {
		ts_calendar_free(p->calendars[i]);
		p->calendars[i] = cal;
		return TELSVC_OK;
	}
	telsvc_calendar **grown = ts_reallocarray(p->ctx, p->calendars, p->calendar_count + 1, sizeof(*grown));
	if (!grown)
		return TELSVC_ENOMEM;
	memmove(grown + i + 1, grown + i, (p->calendar_count - i) * sizeof(*grown));
	grown[i] = cal;
	p->calendars = grown;
	p->calendar_count++;
	return TELSVC_OK;
}

const telsvc_calendar *ts_policy_find_calendar(const telsvc_policy *p, const char *name)
{
	for (size_t i = 0; i < p->calendar_count; i++)
		if (strcmp(p->calendars[i]->name, name) == 0)
			return p->calendars[i];
	return NULL;
}

int telsvc_policy_calendar(const telsvc_calendar **out, const telsvc_policy *p, const char *name)
{
	if (!out || !p)
		return ts_error(TELSVC_EINVAL, "telsvc_policy_calendar: %s is NULL", out ? "policy" : "out");
	const telsvc_calendar *cal = ts_policy_find_calendar(p, name ? name : p->default_calendar);
	if (!cal)
		return ts_error(TELSVC_ENOTFOUND, "telsvc_policy_calendar: the policy defines no calendar '%s'",
				name ? name : p->default_calendar);
	*out = cal;
	return TELSVC_OK;
}

size_t telsvc_policy_calendar_count(const telsvc_policy *p)
{
	return p ? p->calendar_count : 0;
}

const telsvc_calendar *telsvc_policy_calendar_at(const telsvc_policy *p, size_t index)
{
	return p && index < p->calendar_count ? p->calendars[index] : NULL;
}

int ts_policy_deadline(int64_t *due, const telsvc_policy *p, telsvc_param param, int64_t from)
{
	telsvc_limit lim = TELSVC_LIMIT_INIT;
	const telsvc_calendar *cal;
	int rc = telsvc_policy_limit(&lim, p, param);
	if (rc == TELSVC_OK && !lim.is_set) {
		*due = TELSVC_NEVER;
		return TELSVC_OK;
	}
	if (rc == TELSVC_OK)
		rc = telsvc_policy_calendar(&cal, p, lim.calendar);
	return rc ? rc : telsvc_calendar_add(due, cal, from, lim.clock, lim.amount);
}
