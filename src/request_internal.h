/* The service request's layout. Its history is the source of truth:
 * everything else (state, class, signatures, the SLA clock) is derived by
 * replaying it, live and when loading from storage alike. */
#ifndef TS_REQUEST_INTERNAL_H
#define TS_REQUEST_INTERNAL_H

#include "buf.h"
#include "common.h"
#include "event.h"
#include "object.h"
#include "record.h"
#include "telsvc/request.h"
#include "sla_internal.h"

/* The derived state, small enough to snapshot before each change. */
typedef struct ts_req_derived {
	int state;
	int resume_state;
	int priority;
	int reason; /* index of the classification rule */
	int satisfaction; /* -1: none recorded */
	uint32_t signed_roles; /* bit i: the i-th signature role has signed */
	bool report_written;   /* §2.4: a preprocessing report exists to sign */
	int64_t delivered_at;  /* the first delivery (§4.1), 0 before */
} ts_req_derived;

/* An execution problem (§3.3): its grade, stage, and when it reached
 * each stage (at[stage], indexed by telsvc_problem_stage). */
typedef struct ts_problem {
	int grade;
	int stage;
	int64_t at[TELSVC_PROBLEM_REVIEWED + 1];
} ts_problem;

/* What undoing the last change needs. */
typedef struct ts_req_mark {
	ts_mark_head h;
	ts_req_derived derived;
	size_t events;
	size_t sla_pauses;
	int64_t sla_last_to;
	int64_t sla_stop;
	telsvc_param sla_limit;
	size_t enc_size;  /* the length of the cached encoding */
	ts_rec_crc enc_crc; /* and its checksum state */
	size_t problems;  /* how many problems there were */
	int changed;      /* the problem the change touched, or -1 */
	ts_problem saved; /* and its state before */
} ts_req_mark;

struct telsvc_request {
	ts_object o; /* o.id is its number */
	/* intake (§2.1.3) */
	int channel;
	int content_type;
	unsigned int flags;
	int64_t affected;
	int64_t received_at;
	int intake_priority, intake_reason; /* the class given or found at intake */
	int delivery;                       /* a telsvc_delivery */
	char *requester, *contact, *content, *service_type;
	/* derived */
	ts_req_derived d;
	telsvc_sla *clock; /* the §2.1.2 handling clock */
	ts_problem *problems;
	size_t problem_count, problem_cap;
	/* the stored record without its checksum, kept so that a change
	 * appends its event instead of encoding the whole history again */
	ts_sb enc;
	ts_rec_crc enc_crc; /* the checksum of enc's body so far */
	ts_history history;
};

extern const ts_kind_ops ts_request_ops;

#endif
