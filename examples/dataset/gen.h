/* The branch dataset generator (README.md beside this file): what its
 * parts share. gen_branch.c plans the quarter and writes the stream,
 * gen_common.c holds the random numbers, the calendar, people and text,
 * gen_requests.c, gen_complaints.c and gen_security.c build the cases. */
#ifndef GEN_H
#define GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- random numbers: splitmix64, the same stream on every platform ---- */

typedef struct rng {
	uint64_t s;
} rng;

uint64_t rng_next(rng *r);
/* An independent stream for item @index of stream @stream under @seed. */
rng rng_for(uint64_t seed, uint64_t stream, uint64_t index);
double rng_unit(rng *r);                       /* [0, 1) */
int64_t rng_range(rng *r, int64_t lo, int64_t hi); /* lo .. hi inclusive */
bool rng_chance(rng *r, double p);
int rng_weighted(rng *r, const int *weights, int n);

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rng_range((r), 0, COUNT(a) - 1)])

/* ---- time: seconds since the epoch; the branch is at +08:00 ---- */

#define MINUTE 60
#define HOUR 3600
#define DAY 86400
#define ZONE (8 * HOUR)
#define Q_START INT64_C(1751299200) /* 2025-07-01T00:00:00+08:00 */
#define Q_DAYS 92
#define Q_END (Q_START + Q_DAYS * DAY) /* 2025-10-01T00:00:00+08:00, not in the quarter */

int day_of(int64_t t);  /* local days since 2025-07-01 */
int hour_of(int64_t t); /* local hour */
int64_t day_start(int day);
bool working_day(int day);
/* The end (24:00) of the @n-th working day after @t's day: the Civil Code
 * rule of RULES.md DEFAULTS for "within n working days of receipt". */
int64_t working_days_end(int64_t t, int n);
/* @t, or the next moment someone would act on it: office hours of a
 * working day (09:00-12:00, 13:30-18:00), the complaint desk
 * (08:30-20:00 every day), a customer awake (08:00-22:00). */
int64_t office_time(rng *r, int64_t t);
int64_t desk_time(rng *r, int64_t t);
int64_t waking_time(rng *r, int64_t t);
/* RFC 3339 with the branch's offset: 2025-07-01T09:12:00+08:00. */
void format_time(char out[32], int64_t t);
/* Minutes as seconds, uniformly between @lo and @hi minutes. */
int64_t minutes(rng *r, double lo, double hi);

/* ---- people ---- */

/* The branch's staff, drawn once from the seed. */
void people_init(uint64_t seed);

enum role { R_AGENT, R_SUPERVISOR, R_PREPROCESSOR, R_SERVICE_OWNER, R_QUALITY, R_SECURITY, R_MANAGEMENT, R_ROLES };

extern const char *const role_names[R_ROLES];

/* A staff member of @role, at random. */
const char *staff(rng *r, int role);
/* Staff member @i of @role (modulo the team's size). */
const char *staff_at(int role, int i);
int staff_count(int role);
/* The owner of a service (§2.4 signature). */
const char *service_owner(const char *service);

enum lang { ZH, EN };

typedef struct customer {
	char name[48];    /* as the CRM shows it */
	char id[48];      /* the customer's account id, the actor when they act */
	char contact[64]; /* a phone number, or an e-mail address */
	int lang;
} customer;

void make_customer(rng *r, customer *c, bool email);

/* ---- text ---- */

/* One text in the two languages of the branch's records. */
typedef struct duo {
	const char *zh, *en;
} duo;

#define TEXT(d, lang) ((lang) == EN ? (d).en : (d).zh)

/* @tpl with $A (an address), $P (a package), $N (a number 2..9) and
 * $M (a month) filled in; at most @cap bytes with the NUL. */
void expand(char *out, size_t cap, const char *tpl, rng *r, int lang);

/* ---- the stream ---- */

typedef struct gen gen;

uint64_t gen_seed(const gen *g);

/* One case while its events are written. */
typedef struct cs {
	gen *g;
	rng r;
	char ref[24];
	uint32_t no; /* the case's place in the merge's tie-break */
	uint32_t idx;
	int64_t last; /* its last event's time */
	bool cut;     /* an event fell after the quarter: the rest is not exported */
} cs;

void case_open(cs *c, gen *g, uint32_t no, const char *ref, uint64_t stream);

/* An event: begin, add keys, end. Times before the case's last one are
 * moved up to it, so a case's events stay in order. @actor and @role go
 * together: NULL both for an event no one makes (an outage's). */
void ev_begin(cs *c, const char *op, int64_t at, const char *actor, const char *role);
void ev_str(cs *c, const char *key, const char *value);
void ev_int(cs *c, const char *key, int64_t value);
void ev_time(cs *c, const char *key, int64_t t);
void ev_list(cs *c, const char *key, const char *const *items, int n);
/* The event is one the rules refuse (planted, docs/events.md "What
 * happens to a refused event"); @why is for the --planted list. */
void ev_refusable(cs *c, const char *why);
/* Ends the event with its note (NULL for none); false if it fell after
 * the quarter and was dropped. */
bool ev_end(cs *c, const char *note);

/* Whether to plant a refused event at this case's chance. */
bool plant_refused(cs *c, double weight);

/* ---- the quarter ---- */

/* What phase 1 planned for a request or a complaint. */
typedef struct plan {
	int64_t at;
	uint32_t no;
	int16_t outage;  /* the outage that caused it, or -1 */
	uint8_t kind;    /* PLAN_REQUEST, PLAN_COMPLAINT */
	uint8_t channel; /* index into the kind's channel list */
} plan;

enum { PLAN_REQUEST, PLAN_COMPLAINT };

typedef struct outage {
	int64_t start, end;
	int units;
	int scenario;
	char ref[24];
} outage;

extern const char *const request_channels[5];
extern const char *const complaint_channels[4];

/* Fill an outage's units and end from its scenario and start. */
void plan_outage(rng *r, outage *o);
/* The outage scenarios' service types, for the cases they cause. */
const char *outage_service(const outage *o);
int outage_scenarios(void);
bool outage_is_attack(const outage *o);

void build_request(gen *g, const plan *p, const char *ref, const outage *o);
void build_complaint(gen *g, const plan *p, const char *ref, const outage *o);
void build_outage(gen *g, const outage *o, uint32_t no);
/* @n incidents over the quarter, the first linked to @attack if any. */
void build_incidents(gen *g, int n, uint32_t first_no, const outage *attack);

/* A satisfaction score 0..100; the mix averages about 89.6 (RULES.md). */
int satisfaction(rng *r);

#endif
