/* The example CRM host (docs/integration.md): what its three parts share.
 * crm_setup.c opens the database and the contexts with their hooks,
 * crm_monitor.c runs the monitoring loop, crm_host.c is the scenario. */
#ifndef CRM_H
#define CRM_H

#include <telsvc/sqlite.h>
#include <telsvc/telsvc.h>

#include <stdint.h>

/* Mon 2025-11-03 09:00 +08:00, where the simulated clock starts. */
#define CRM_T0 1762131600
#define CRM_MIN 60
#define CRM_HOUR 3600
/* The default calendar's zone, to print times as the desk sees them. */
#define CRM_UTC_OFFSET (8 * CRM_HOUR)
#define CRM_KEY_SIZE 32
#define CRM_MAX_EVENTS 16

typedef struct crm_host {
	/* The simulated clock every context reads through its clock hook. */
	int64_t now;

	/* The database; a temporary one lives in dir and is removed at exit. */
	char dir[64];
	char path[128];
	telsvc_sqlite *db;

	/* The policy lives in a context of its own: the desks' contexts
	 * borrow it, so it must outlive them, and it frees through the
	 * context it was made from. */
	telsvc_ctx *policy_ctx;
	telsvc_policy *policy;

	/* The audit keys: the one the log began with, which an auditor
	 * keeps to verify, and the current sealing key with its epoch,
	 * replaced each time the library evolves it. */
	unsigned char verify_key[CRM_KEY_SIZE];
	unsigned char seal_key[CRM_KEY_SIZE];
	uint64_t seal_epoch;
	unsigned evolutions;

	/* Changes pushed by the change callback. */
	unsigned changes;

	/* Monitoring events delivered, by id, to drop repeats. */
	char event_ids[CRM_MAX_EVENTS][160];
	unsigned event_count;
	unsigned repeats;
} crm_host;

/* crm_setup.c */
int crm_open(crm_host *h, const char *path);
int crm_desk_open(crm_host *h, telsvc_ctx **out);
void crm_close(crm_host *h);
const char *crm_time(int64_t t, char buf[32]);
const char *crm_state(int kind, int state);
int crm_failed(const char *what, int rc);
int crm_expect(int ok, const char *what);

/* crm_monitor.c */
int crm_monitor_loop(crm_host *h, telsvc_ctx *ctx, int64_t until);

#endif
