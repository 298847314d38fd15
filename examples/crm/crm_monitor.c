/* The monitoring loop (§3.2 early warnings, §5.1 the three-level
 * response): sleep until the next event falls due, poll, hand each event
 * to the role of its level. */
#include "crm.h"

#include <stdio.h>
#include <string.h>

/* Called by telsvc_monitor_poll() for each event due. It must not call
 * the library with the polling context: a host queues the work and does
 * it once the poll has returned. */
static int on_event(const telsvc_monitor_event *e, void *payload)
{
	static const char *const types[] = { "?", "warning", "breach", "escalation" };
	crm_host *h = payload;
	/* Delivery is at least once: an event delivered just before a crash
	 * comes again, with the same id. */
	for (unsigned i = 0; i < h->event_count; i++)
		if (strcmp(h->event_ids[i], e->id) == 0) {
			h->repeats++;
			return 0;
		}
	if (h->event_count == CRM_MAX_EVENTS) {
		/* refused: it stays pending, and the poll returns TELSVC_EUSER */
		telsvc_error_set(TELSVC_EUSER, "crm_host: the event queue is full");
		return 1;
	}
	snprintf(h->event_ids[h->event_count++], sizeof(h->event_ids[0]), "%s", e->id);
	char at[32], due[32];
	printf("  %s  %-10s level %d, to the %s: %s %s due %s\n", crm_time(e->at, at),
	       e->type >= 1 && e->type <= 3 ? types[e->type] : "?", e->level, e->role ? e->role : "(none)",
	       e->number, telsvc_param_key(e->limit), crm_time(e->due, due));
	return 0;
}

int crm_monitor_loop(crm_host *h, telsvc_ctx *ctx, int64_t until)
{
	for (;;) {
		int64_t next;
		int rc = telsvc_monitor_next(&next, ctx);
		if (rc)
			return crm_failed("monitor next", rc);
		if (next > until) /* TELSVC_NEVER when nothing is pending */
			break;
		/* A real host sleeps until then, or until a change of its own
		 * comes first; the simulation moves its clock. */
		if (next > h->now)
			h->now = next;
		rc = telsvc_monitor_poll(ctx, h->now, on_event, h, NULL);
		if (rc)
			return crm_failed("monitor poll", rc);
	}
	if (h->now < until)
		h->now = until;
	return 0;
}
