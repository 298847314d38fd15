/* The policy's in-memory model, its parameter table and value syntax. */
#ifndef TS_POLICY_INTERNAL_H
#define TS_POLICY_INTERNAL_H

#include "buf.h"
#include "calendar.h"
#include "common.h"

#define TS_PARAM_COUNT 103

/* How a period was written, so a dump reproduces "12mo" and "3y". */
typedef enum ts_period_unit { TS_PERIOD_MONTHS = 0, TS_PERIOD_YEARS = 1 } ts_period_unit;

/* The most roles that sign a preprocessing report: a request keeps who
 * signed in 32 bits (request_internal.h). */
#define TS_SIGNATURES_MAX 32

/* Metadata and default of one parameter; the table in policy_params.c is
 * the single source for loading, dumping, lookup and documentation. */
typedef struct ts_param_info {
	telsvc_param id;
	const char *key;
	telsvc_param_type type;
	const char *clause;
	bool project_default; /* the handbook leaves the number open (RULES.md DEFAULTS) */
	const char *description;
	/* defaults */
	bool set;           /* LIMIT: false for "none" */
	telsvc_clock clock; /* LIMIT */
	int64_t amount;     /* seconds, days (working_days), ppm or months */
	ts_period_unit unit;
	const char *const *names; /* ROLE, ROLE_LIST, TEXT_LIST: NULL-terminated */
	const char *text;         /* TEXT */
} ts_param_info;

typedef struct ts_strlist {
	char **items;
	size_t count;
} ts_strlist;

typedef struct ts_value {
	int64_t amount;
	telsvc_clock clock;
	bool set;
	ts_period_unit unit;
	char *calendar; /* LIMIT: the calendar named, NULL for the default */
	char *text;     /* TEXT */
	ts_strlist names;
} ts_value;

typedef struct ts_role {
	char *name;
	char *title;
} ts_role;

struct telsvc_policy {
	telsvc_ctx *ctx;
	char *name;
	ts_role *roles;
	size_t role_count;
	telsvc_calendar **calendars; /* sorted by name */
	size_t calendar_count;
	char *default_calendar;
	ts_value values[TS_PARAM_COUNT + 1]; /* indexed by telsvc_param; [0] unused */
};

/* Top-level sections in dump order, with their heading comment. */
typedef struct ts_section_info {
	const char *key;
	const char *heading;
} ts_section_info;

extern const ts_param_info ts_params[TS_PARAM_COUNT]; /* in dump order */
extern const ts_section_info ts_sections[];
extern const size_t ts_section_count;

typedef struct ts_default_role {
	const char *name;
	const char *title;
} ts_default_role;
extern const ts_default_role ts_default_roles[];
extern const size_t ts_default_role_count;

/* Is @name one of the policy's roles? */
bool ts_policy_has_role(const telsvc_policy *p, const char *name);

/* Does the role list @param name @role? If not, @allowed (of @cap bytes)
 * gets the roles it names, "a, b", or "no role", for the message. */
bool ts_policy_permits(const telsvc_policy *p, telsvc_param param, const char *role, char *allowed, size_t cap);

/* The instant limit @param has run from @from, on its clock and calendar;
 * TELSVC_NEVER when the policy sets no limit. */
int ts_policy_deadline(int64_t *due, const telsvc_policy *p, telsvc_param param, int64_t from);

/* Metadata of @id, or NULL for an unknown parameter. */
const ts_param_info *ts_param_info_get(int id);

/* Fresh policy holding the built-in values, without calendars. */
int ts_policy_new_base(telsvc_policy **out, telsvc_ctx *ctx);

/* The calendars shipped under policy/calendars/, embedded at build time. */
typedef struct ts_embedded_doc {
	const char *name;
	const char *text;
	size_t size;
} ts_embedded_doc;
extern const ts_embedded_doc ts_embedded_calendars[];
extern const size_t ts_embedded_calendar_count;
#define TS_DEFAULT_CALENDAR "business"

/* Insert or replace (by name) a calendar; the policy takes ownership. */
int ts_policy_put_calendar(telsvc_policy *p, telsvc_calendar *cal);
const telsvc_calendar *ts_policy_find_calendar(const telsvc_policy *p, const char *name);

/* Replace @dst with a copy of @src, or leave it untouched on ENOMEM. */
int ts_strlist_copy(telsvc_ctx *ctx, ts_strlist *dst, const char *const *src, size_t count);
void ts_strlist_clear(telsvc_ctx *ctx, ts_strlist *list);
void ts_roles_free(telsvc_ctx *ctx, ts_role *roles, size_t count);

/* Value syntax (policy_values.c). Parsers return NULL on success or a
 * static explanation of what is wrong. */
#define TS_MAX_SECONDS ((int64_t)3650 * 86400) /* ten years */
#define TS_MAX_DAYS 3650
#define TS_MAX_MONTHS 1200
#define TS_PPM 1000000

const char *ts_parse_duration(const char *text, int64_t *amount, bool *in_days);
const char *ts_parse_percent(const char *text, int64_t *ppm);
const char *ts_parse_period(const char *text, int64_t *months, ts_period_unit *unit);
const char *ts_parse_clock(const char *text, telsvc_clock *clock);
bool ts_is_identifier(const char *text, size_t len);
const char *ts_parse_number_pattern(const char *text);
/* Expand a numbering pattern: {yyyy} {mm} {dd} of @date, {seq} or {seq:N}
 * (zero-padded to N digits) of @seq. */
void ts_format_number(char *out, size_t cap, const char *pattern, int year, int month, int day, uint64_t seq);

void ts_format_duration(ts_sb *sb, int64_t seconds);
void ts_format_limit_amount(ts_sb *sb, telsvc_clock clock, int64_t amount);
void ts_format_percent(ts_sb *sb, int64_t ppm);
void ts_format_period(ts_sb *sb, int64_t months, ts_period_unit unit);
const char *ts_clock_name(telsvc_clock clock);

#endif
