/* Binding calendar definitions from a parsed policy document. */
#ifndef TS_CALENDAR_LOAD_H
#define TS_CALENDAR_LOAD_H

#include "calendar.h"
#include "yaml_tree.h"

/* Build the calendar named by scalar @key from mapping @def (tables not
 * yet built). Errors name "calendars.<name>..." with line and column. */
int ts_calendar_bind(telsvc_ctx *ctx, const ts_ynode *key, const ts_ynode *def, telsvc_calendar **out);

#endif
