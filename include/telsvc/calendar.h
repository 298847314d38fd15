/**
 * @file telsvc/calendar.h
 * @brief Business calendars and deadline arithmetic on the three clocks.
 *
 * Every time limit of the handbook runs on one of three clocks
 * (::telsvc_clock): wall time, business hours, or working days. A
 * calendar, defined in the policy (section `calendars`), gives the time
 * zone (a fixed offset or a POSIX TZ rule with daylight saving), business
 * hours per weekday, public holidays, makeup working days and special
 * hours for single dates, and the years it covers. Arithmetic that would
 * need a day outside those years fails with #TELSVC_ERANGE and a message
 * naming the calendar and the date: it never guesses.
 *
 * A working day is a day with business hours once holidays, makeup days
 * and special hours are applied. "N working days from receipt" follows
 * RULES.md (DEFAULTS; PRC Civil Code Art. 201, 203): the day of receipt
 * does not count and the period ends, by default, at 24:00 local time of
 * the Nth working day; a calendar may choose instead the same time of day
 * or the close of business of that day (::telsvc_day_end).
 *
 * Calendars are owned by their policy and immutable; the functions here
 * are pure reads and may run concurrently on one calendar.
 */
#ifndef TELSVC_CALENDAR_H
#define TELSVC_CALENDAR_H

#include "common.h"
#include "policy.h"

TELSVC_BEGIN_DECLS

/** A business calendar, borrowed from its policy. Opaque. */
typedef struct telsvc_calendar telsvc_calendar;

/** Where a period of N working days ends on its last day. */
typedef enum telsvc_day_end {
	TELSVC_DAY_END_END_OF_DAY = 0,       /**< 24:00 local time of the Nth working day (the default). */
	TELSVC_DAY_END_SAME_TIME = 1,        /**< The local time of day of the start, on the Nth working day. */
	TELSVC_DAY_END_CLOSE_OF_BUSINESS = 2 /**< The end of the last business hours of the Nth working day. */
} telsvc_day_end;

/**
 * Find a calendar of a policy.
 * @param out receives the calendar, borrowed from @p policy (valid while it lives)
 * @param policy the policy
 * @param name the calendar's name, or NULL for the policy's `default_calendar`
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ENOTFOUND
 */
TELSVC_API int telsvc_policy_calendar(const telsvc_calendar **out, const telsvc_policy *policy, const char *name);

/** The number of calendars a policy defines. */
TELSVC_API size_t telsvc_policy_calendar_count(const telsvc_policy *policy);

/** The @p index-th calendar of a policy (in name order); NULL when out of range. */
TELSVC_API const telsvc_calendar *telsvc_policy_calendar_at(const telsvc_policy *policy, size_t index);

/** The calendar's name, borrowed; never NULL for a non-NULL @p calendar. */
TELSVC_API const char *telsvc_calendar_name(const telsvc_calendar *calendar);

/**
 * The years a calendar covers, inclusive.
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_calendar_years(int *first, int *last, const telsvc_calendar *calendar);

/** How the calendar ends a period of working days. */
TELSVC_API telsvc_day_end telsvc_calendar_day_end(const telsvc_calendar *calendar);

/**
 * The offset from UTC, in seconds east, of the calendar's time zone at
 * instant @p t (daylight saving included). Defined for any instant.
 * @return #TELSVC_OK or #TELSVC_EINVAL
 */
TELSVC_API int telsvc_calendar_utc_offset(int32_t *out, const telsvc_calendar *calendar, int64_t t);

/**
 * Add an amount on a clock to an instant.
 *
 * - #TELSVC_CLOCK_WALL: @p amount seconds (the calendar is not consulted).
 * - #TELSVC_CLOCK_BUSINESS: @p amount seconds of business hours; the
 *   result is the earliest instant by which that much business time has
 *   passed, so it always lies within or at the end of business hours.
 * - #TELSVC_CLOCK_WORKING_DAYS: @p amount working days counted from the
 *   day after the day of @p start, ending as telsvc_calendar_day_end() says.
 *
 * An amount of 0 gives @p start.
 *
 * @param out receives the resulting instant (seconds since the epoch, UTC)
 * @param calendar the calendar
 * @param start the instant to count from
 * @param clock the clock
 * @param amount seconds, or working days; not negative
 * @return #TELSVC_OK, #TELSVC_EINVAL, or #TELSVC_ERANGE when the count
 *         runs outside the calendar's years
 */
TELSVC_API int telsvc_calendar_add(int64_t *out, const telsvc_calendar *calendar, int64_t start, telsvc_clock clock,
				   int64_t amount);

/**
 * Time elapsed between two instants on a clock: wall seconds, business
 * seconds, or working-day seconds (86400 for each whole working day, a
 * working day's part in proportion; non-working days count nothing).
 * Negative when @p to is before @p from.
 *
 * @return #TELSVC_OK; #TELSVC_EINVAL (a NULL argument, an unknown clock, or
 *         wall seconds that do not fit in 64 bits); #TELSVC_ERANGE
 */
TELSVC_API int telsvc_calendar_elapsed(int64_t *out, const telsvc_calendar *calendar, telsvc_clock clock, int64_t from,
				       int64_t to);

/**
 * Whether an instant lies within business hours.
 * @return 1 or 0, #TELSVC_EINVAL, or #TELSVC_ERANGE outside the calendar's years
 */
TELSVC_API int telsvc_calendar_is_working_time(const telsvc_calendar *calendar, int64_t t);

/**
 * Whether the local day of an instant is a working day.
 * @return 1 or 0, #TELSVC_EINVAL, or #TELSVC_ERANGE outside the calendar's years
 */
TELSVC_API int telsvc_calendar_is_working_day(const telsvc_calendar *calendar, int64_t t);

/**
 * The next opening: @p t itself within business hours, else the start of
 * the next business hours.
 * @return #TELSVC_OK, #TELSVC_EINVAL or #TELSVC_ERANGE (no opening within the calendar's years)
 */
TELSVC_API int telsvc_calendar_next_opening(int64_t *out, const telsvc_calendar *calendar, int64_t t);

TELSVC_END_DECLS

#endif
