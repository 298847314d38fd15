/* §6.1 classification of a complaint: its category from the keywords its
 * text mentions, its severity from the intake's facts and the text. */
#include "complaint_internal.h"
#include "policy_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static unsigned char lower(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

/* Where @needle first occurs in @folded (the text with its ASCII letters
 * lower-cased), its ASCII letters compared without case and every other
 * byte as is (UTF-8 stays intact), or -1. A keyword without upper-case
 * letters, as keywords usually are, is found by strstr. */
static long find(const char *folded, const char *needle)
{
	if (!needle[0])
		return -1;
	const char *hit = NULL;
	bool plain = true;
	for (const char *n = needle; *n && plain; n++)
		plain = !(*n >= 'A' && *n <= 'Z');
	if (plain) {
		hit = strstr(folded, needle);
	} else {
		size_t n = strlen(needle);
		for (const char *t = folded; *t && !hit; t++) {
			size_t i = 0;
			while (i < n && t[i] == (char)lower((unsigned char)needle[i]))
				i++;
			if (i == n)
				hit = t;
		}
	}
	return hit ? (long)(hit - folded) : -1;
}

/* How many of list @param's words @text mentions, where the first one
 * is, and the first word found. */
typedef struct mentions {
	size_t count;
	long first;
	const char *word;
} mentions;

static mentions scan(const telsvc_policy *p, telsvc_param param, const char *folded)
{
	mentions m = { 0, -1, NULL };
	const ts_strlist *words = &p->values[param].names;
	for (size_t i = 0; i < words->count; i++) {
		long at = find(folded, words->items[i]);
		if (at < 0)
			continue;
		m.count++;
		if (m.first < 0 || at < m.first) {
			m.first = at;
			m.word = words->items[i];
		}
	}
	return m;
}

static const struct {
	int category;
	telsvc_param keywords;
	const char *name;
} categories[] = {
	{ TELSVC_COMPLAINT_SERVICE, TELSVC_PARAM_COMPLAINT_KEYWORDS_SERVICE, "service" },
	{ TELSVC_COMPLAINT_NETWORK, TELSVC_PARAM_COMPLAINT_KEYWORDS_NETWORK, "network" },
	{ TELSVC_COMPLAINT_BILLING, TELSVC_PARAM_COMPLAINT_KEYWORDS_BILLING, "billing" },
	{ TELSVC_COMPLAINT_TECHNICAL, TELSVC_PARAM_COMPLAINT_KEYWORDS_TECHNICAL, "technical" },
};

static void classify_category(const telsvc_policy *p, const telsvc_complaint_intake *in, const char *folded,
			      telsvc_complaint_class *out)
{
	if (in->category) {
		out->category = in->category;
		snprintf(out->category_reason, sizeof(out->category_reason), "given at intake");
		return;
	}
	int best = -1;
	mentions top = { 0, -1, NULL };
	for (size_t i = 0; i < TS_ARRAY_LEN(categories); i++) {
		mentions m = scan(p, categories[i].keywords, folded);
		if (m.count > top.count || (m.count && m.count == top.count && m.first < top.first)) {
			top = m;
			best = (int)i;
		}
	}
	if (best < 0) {
		out->category = TELSVC_COMPLAINT_OTHER;
		snprintf(out->category_reason, sizeof(out->category_reason),
			 "§6.1: the text mentions no category's keyword: other");
		return;
	}
	out->category = categories[best].category;
	snprintf(out->category_reason, sizeof(out->category_reason),
		 "§6.1: %s: the text mentions '%s'%s (%s)", categories[best].name, top.word,
		 top.count > 1 ? " and more of its words" : "", telsvc_param_key(categories[best].keywords));
}

static void classify_severity(const telsvc_policy *p, const telsvc_complaint_intake *in, const char *folded,
			      telsvc_complaint_class *out)
{
	char *why = out->severity_reason;
	size_t cap = sizeof(out->severity_reason);
	if (in->severity) {
		out->severity = in->severity;
		snprintf(why, cap, "given at intake");
		return;
	}
	mentions major = scan(p, TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR, folded);
	mentions serious = scan(p, TELSVC_PARAM_COMPLAINT_KEYWORDS_SERIOUS, folded);
	if (in->flags & TELSVC_COMPLAINT_MEDIA) {
		out->severity = TELSVC_SEVERITY_MAJOR;
		snprintf(why, cap, "§6.1: media, a regulator or legal action is involved (intake flags)");
	} else if (in->flags & TELSVC_COMPLAINT_MASS) {
		out->severity = TELSVC_SEVERITY_MAJOR;
		snprintf(why, cap, "§6.1: many customers are affected (intake flags)");
	} else if (major.count) {
		out->severity = TELSVC_SEVERITY_MAJOR;
		snprintf(why, cap, "§6.1: the text mentions '%s' (%s)", major.word,
			 telsvc_param_key(TELSVC_PARAM_COMPLAINT_KEYWORDS_MAJOR));
	} else if (in->flags & TELSVC_COMPLAINT_REPEAT) {
		out->severity = TELSVC_SEVERITY_SERIOUS;
		snprintf(why, cap, "§6.1: the customer complained of this before (intake flags)");
	} else if (serious.count) {
		out->severity = TELSVC_SEVERITY_SERIOUS;
		snprintf(why, cap, "§6.1: the text mentions '%s' (%s)", serious.word,
			 telsvc_param_key(TELSVC_PARAM_COMPLAINT_KEYWORDS_SERIOUS));
	} else {
		out->severity = TELSVC_SEVERITY_GENERAL;
		snprintf(why, cap, "§6.1: no fact or word raises it: general");
	}
}

int ts_complaint_classify(telsvc_ctx *ctx, const telsvc_policy *p, const telsvc_complaint_intake *in,
			  telsvc_complaint_class *out)
{
	/* the text with its ASCII letters lower-cased, once for every keyword */
	size_t n = strlen(in->content);
	char small[1024], *folded = n < sizeof(small) ? small : ts_malloc(ctx, n + 1);
	if (!folded)
		return TELSVC_ENOMEM;
	for (size_t i = 0; i <= n; i++)
		folded[i] = (char)lower((unsigned char)in->content[i]);
	classify_category(p, in, folded, out);
	classify_severity(p, in, folded, out);
	if (folded != small)
		ts_free(ctx, folded);
	return TELSVC_OK;
}
