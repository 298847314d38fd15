/* The complaint's layout: a case (case.h) with its derived state. */
#ifndef TS_COMPLAINT_INTERNAL_H
#define TS_COMPLAINT_INTERNAL_H

#include "case.h"
#include "telsvc/complaint.h"

/* The intake fields, in record order (tag = 2 + index). */
enum {
	CF_CUSTOMER,
	CF_CONTACT,
	CF_CONTENT,
	CF_SERVICE_TYPE,
	CF_CHANNEL,
	CF_FLAGS,
	CF_CATEGORY, /* as classified at intake */
	CF_SEVERITY,
	CF_CATEGORY_REASON,
	CF_SEVERITY_REASON,
	CF_COUNT
};

/* The keys of the categories, 1..TELSVC_COMPLAINT_OTHER. */
extern const char *const ts_complaint_category_keys[];

/* The clocks: verification from receipt, then the §6.2 limits. */
enum { CK_VERIFY, CK_FIRST, CK_CLOSE, CK_COUNT };

typedef struct ts_complaint_derived {
	int state, resume_state;
	int category, severity;
	const char *category_note, *severity_note; /* an override's reason, or NULL */
	int satisfaction;        /* of the return visit since the last feedback; -1: none */
	int reopened;
	const char *feedback_by; /* who gave the last feedback (interned) */
} ts_complaint_derived;

struct telsvc_complaint {
	ts_case c;
	ts_complaint_derived d;
};

extern const ts_case_kind ts_complaint_kind;
#define ts_complaint_ops (ts_complaint_kind.ops)

/* Classify @in under @p into @out (complaint_classify.c); TELSVC_ENOMEM
 * only for a text of 1 KiB or more. */
int ts_complaint_classify(telsvc_ctx *ctx, const telsvc_policy *p, const telsvc_complaint_intake *in,
			  telsvc_complaint_class *out);

#endif
