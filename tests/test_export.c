/* Exports and personal data (§7.2): pseudonyms by default, stable across
 * objects so analysts can join; plain text only for a permitted role with
 * a purpose, recorded in the audit log first; valid JSON for every kind. */
#include "store_env.h"

#include <stdio.h>

#define T0 1759222800 /* Tue 2025-09-30 17:00 +08:00 */

static const unsigned char pkey[32] = "operator pseudonym key, 32 byte";
static const unsigned char akey[32] = "operator audit key, 32 bytes ok";

/* The shared environment, with a sealed audit log and a buffer. */
static telsvc_buf *buf;

static int setup_export(void **state)
{
	setup(state);
	env *e = *state;
	telsvc_audit_options ao = TELSVC_AUDIT_OPTIONS_INIT;
	ao.key = akey, ao.key_size = sizeof(akey);
	assert_int_equal(telsvc_ctx_set_audit_key(e->ctx, &ao), TELSVC_OK);
	assert_int_equal(telsvc_buf_new(&buf, e->ctx), TELSVC_OK);
	return 0;
}

static int teardown_export(void **state)
{
	telsvc_buf_free(buf);
	return teardown(state);
}

static const telsvc_actor agent = { "a.li", "agent" };
static const telsvc_actor supervisor = { "s.zhou", "supervisor" };
static const telsvc_actor officer = { "o.xu", "security_officer" };

#define NAME "Zhang San"
#define PHONE "+86 138 0000 0000"

static telsvc_complaint *complaint(env *e)
{
	telsvc_complaint_intake in = TELSVC_COMPLAINT_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_PHONE, in.customer = NAME, in.contact = PHONE;
	in.content = "家里宽带断网了", in.received_at = T0;
	telsvc_complaint *c;
	assert_int_equal(telsvc_complaint_create(&c, e->ctx, &in, &agent), TELSVC_OK);
	assert_int_equal(telsvc_complaint_apply(c, TELSVC_COMPLAINT_VERIFY, &agent, T0 + 60, 0,
						"said \"urgent\"\nline 2\ttab \x01"),
			 TELSVC_OK);
	return c;
}

static telsvc_request *request(env *e)
{
	telsvc_intake in = TELSVC_INTAKE_INIT;
	in.channel = TELSVC_CHANNEL_ONLINE, in.requester = NAME, in.contact = PHONE, in.content = "new fibre line";
	in.content_type = TELSVC_CONTENT_DATA, in.service_type = "broadband", in.received_at = T0;
	in.delivery = TELSVC_DELIVERY_BASIC;
	telsvc_request *r;
	assert_int_equal(telsvc_request_create(&r, e->ctx, &in, &agent), TELSVC_OK);
	return r;
}

static telsvc_incident *incident(env *e)
{
	telsvc_incident_detection d = TELSVC_INCIDENT_DETECTION_INIT;
	d.source = TELSVC_SOURCE_USER_REPORT, d.type = TELSVC_INCIDENT_DATA_LEAK;
	d.description = "a customer found her data on a forum", d.reporter = NAME, d.detected_at = T0;
	telsvc_incident *inc;
	assert_int_equal(telsvc_incident_create(&inc, e->ctx, &d, &agent), TELSVC_OK);
	assert_int_equal(telsvc_incident_apply(inc, TELSVC_INCIDENT_CONFIRM, &officer, T0 + 60, TELSVC_GRADE_LARGER,
					       "the forum post"),
			 TELSVC_OK);
	return inc;
}

static const char *json(env *e, int kind, const char *number, const telsvc_export_options *opts)
{
	int rc = telsvc_export_json(buf, e->ctx, kind, number, opts);
	if (rc != TELSVC_OK)
		fail_msg("export %s: %s", number, telsvc_error_last());
	return telsvc_buf_data(buf);
}

static void pseudonyms_by_default(void **state)
{
	env *e = *state;
	telsvc_complaint *c = complaint(e);
	telsvc_request *r = request(e);
	/* without a key, personal data is redacted */
	const char *doc = json(e, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(c), NULL);
	assert_null(strstr(doc, NAME));
	assert_null(strstr(doc, PHONE));
	assert_non_null(strstr(doc, "\"customer\":\"redacted\""));
	assert_non_null(strstr(doc, "\"personal_data\":\"redacted\""));
	char p[TELSVC_PSEUDONYM_SIZE];
	assert_int_equal(telsvc_pseudonym(p, sizeof(p), e->ctx, NAME), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "pseudonym key"));
	assert_int_equal(telsvc_ctx_set_pseudonym_key(e->ctx, pkey, 8), TELSVC_EINVAL);

	/* with one, the same value gives the same pseudonym in every object */
	assert_int_equal(telsvc_ctx_set_pseudonym_key(e->ctx, pkey, sizeof(pkey)), TELSVC_OK);
	char name_p[TELSVC_PSEUDONYM_SIZE], phone_p[TELSVC_PSEUDONYM_SIZE], want[64];
	assert_int_equal(telsvc_pseudonym(name_p, sizeof(name_p), e->ctx, NAME), TELSVC_OK);
	assert_int_equal(telsvc_pseudonym(phone_p, sizeof(phone_p), e->ctx, PHONE), TELSVC_OK);
	assert_int_equal(strlen(name_p), TELSVC_PSEUDONYM_SIZE - 1);
	assert_memory_equal(name_p, "p:", 2);
	assert_string_not_equal(name_p, phone_p);
	assert_int_equal(telsvc_pseudonym(p, 10, e->ctx, NAME), TELSVC_EINVAL);
	doc = json(e, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(c), NULL);
	assert_null(strstr(doc, NAME));
	assert_null(strstr(doc, PHONE));
	snprintf(want, sizeof(want), "\"customer\":\"%s\"", name_p);
	assert_non_null(strstr(doc, want));
	snprintf(want, sizeof(want), "\"contact\":\"%s\"", phone_p);
	assert_non_null(strstr(doc, want));
	assert_non_null(strstr(doc, "\"personal_data\":\"pseudonymised\""));
	doc = json(e, TELSVC_KIND_REQUEST, telsvc_request_number(r), NULL);
	snprintf(want, sizeof(want), "\"requester\":\"%s\"", name_p);
	assert_non_null(strstr(doc, want)); /* analysts can join the request and the complaint */
	/* another operator's key gives other pseudonyms */
	telsvc_ctx *other = test_ctx();
	static const unsigned char okey[20] = "another operator ke";
	assert_int_equal(telsvc_ctx_set_pseudonym_key(other, okey, sizeof(okey)), TELSVC_OK);
	assert_int_equal(telsvc_pseudonym(p, sizeof(p), other, NAME), TELSVC_OK);
	assert_string_not_equal(p, name_p);
	telsvc_ctx_free(other);
	/* a pseudonymised export is not a disclosure: nothing is audited */
	uint64_t audit = telsvc_memstore_audit_count(e->mem);
	json(e, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(c), NULL);
	assert_int_equal(telsvc_memstore_audit_count(e->mem), audit);
}

static void plain_text_is_permitted_and_audited(void **state)
{
	env *e = *state;
	assert_int_equal(telsvc_ctx_set_pseudonym_key(e->ctx, pkey, sizeof(pkey)), TELSVC_OK);
	telsvc_complaint *c = complaint(e);
	const char *number = telsvc_complaint_number(c);
	uint64_t audit = telsvc_memstore_audit_count(e->mem);
	telsvc_export_options o = TELSVC_EXPORT_OPTIONS_INIT;
	o.flags = TELSVC_EXPORT_PLAIN;
	/* who and why are required; an agent may not */
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_COMPLAINT, number, &o), TELSVC_EINVAL);
	o.actor = &agent, o.purpose = "call the customer back";
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_COMPLAINT, number, &o), TELSVC_EPERM);
	assert_non_null(strstr(telsvc_error_last(), "permissions.personal_data.disclose"));
	o.actor = &supervisor, o.purpose = "";
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_COMPLAINT, number, &o), TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "purpose"));
	assert_int_equal(telsvc_memstore_audit_count(e->mem), audit);
	/* a failed audit append discloses nothing, nor a failed begin or commit,
	 * nor (after that commit) a failure to read the log's head again */
	o.purpose = "call the customer back";
	telsvc_buf_set(buf, "before", 6);
	const enum fault_method failing[] = { FAULT_AUDIT_APPEND, FAULT_BEGIN, FAULT_COMMIT, FAULT_AUDIT_ITERATE };
	for (size_t i = 0; i < sizeof(failing) / sizeof(failing[0]); i++) {
		e->fs.method = failing[i], e->fs.fail_at = 1, e->fs.calls = 0, e->fs.persistent = 0;
		assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_COMPLAINT, number, &o), TELSVC_ESTORAGE);
		assert_int_equal(e->fs.failures, (long)i + 1);
		assert_int_equal(telsvc_buf_size(buf), 6);
		assert_int_equal(telsvc_memstore_audit_count(e->mem), audit);
	}
	e->fs.fail_at = 0;
	/* inside a host transaction it is refused: the record must be committed first */
	assert_int_equal(telsvc_txn_begin(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_COMPLAINT, number, &o), TELSVC_EINVAL);
	assert_int_equal(telsvc_txn_rollback(e->ctx), TELSVC_OK);
	/* a supervisor with a purpose sees the plain values, and it is recorded */
	const char *doc = json(e, TELSVC_KIND_COMPLAINT, number, &o);
	assert_non_null(strstr(doc, "\"customer\":\"" NAME "\""));
	assert_non_null(strstr(doc, "\"contact\":\"" PHONE "\""));
	assert_non_null(strstr(doc, "\"personal_data\":\"plain\""));
	assert_int_equal(telsvc_memstore_audit_count(e->mem), audit + 1);
	/* the log still verifies, and replay is not disturbed by the record */
	telsvc_audit_anchor anchor;
	assert_int_equal(telsvc_audit_head(&anchor, e->ctx), TELSVC_OK);
	telsvc_audit_report rep = { .version = TELSVC_AUDIT_REPORT_VERSION };
	assert_int_equal(telsvc_audit_verify(&rep, e->ctx, akey, sizeof(akey), &anchor), TELSVC_OK);
	assert_int_equal(rep.verdict, TELSVC_AUDIT_OK);
	telsvc_replay_report rr = { .version = TELSVC_REPLAY_REPORT_VERSION };
	assert_int_equal(telsvc_audit_replay(&rr, e->ctx), TELSVC_OK);
	assert_int_equal(rr.matched, 1);
	assert_int_equal(rr.diverged, 0);
	/* and a reload reads past it */
	assert_int_equal(telsvc_ctx_load(e->ctx), TELSVC_OK);
	assert_int_equal(telsvc_complaint_count(e->ctx), 1);
}

static void every_kind_is_valid_json(void **state)
{
	env *e = *state;
	assert_int_equal(telsvc_ctx_set_pseudonym_key(e->ctx, pkey, sizeof(pkey)), TELSVC_OK);
	telsvc_complaint *c = complaint(e);
	telsvc_request *r = request(e);
	telsvc_incident *inc = incident(e);
	const char *doc = json(e, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(c), NULL);
	test_assert_json(doc);
	/* notes keep quotes, newlines, tabs and control characters escaped */
	assert_non_null(strstr(doc, "said \\\"urgent\\\"\\nline 2\\ttab \\u0001"));
	assert_non_null(strstr(doc, "\"received_at\":\"2025-09-30T17:00:00+08:00\""));
	assert_non_null(strstr(doc, "{\"limit\":\"complaints.limits.general.closed_loop\",\"due\":\"2025-10-15T00:00:00+08:00\",\"done\":null}"));
	assert_non_null(strstr(doc, "\"state\":\"verified\""));
	assert_non_null(strstr(doc, "\"category\":\"network\""));
	/* each member once: the stored intake class is not repeated */
	const char *first = strstr(doc, "\"category\":");
	assert_null(strstr(first + 1, "\"category\":"));
	first = strstr(doc, "\"severity_reason\":");
	assert_null(strstr(first + 1, "\"severity_reason\":"));
	assert_non_null(strstr(doc, "\"content\":\"家里宽带断网了\""));
	doc = json(e, TELSVC_KIND_REQUEST, telsvc_request_number(r), NULL);
	test_assert_json(doc);
	assert_non_null(strstr(doc, "\"kind\":\"request\""));
	assert_non_null(strstr(doc, "\"limit\":\"delivery.basic\""));
	assert_null(strstr(doc, NAME));
	doc = json(e, TELSVC_KIND_INCIDENT, telsvc_incident_number(inc), NULL);
	test_assert_json(doc);
	assert_non_null(strstr(doc, "\"grade\":\"larger\""));
	assert_non_null(strstr(doc, "{\"limit\":\"incidents.report.larger\",\"due\":\"2025-09-30T18:01:00+08:00\""));
	assert_null(strstr(doc, NAME));
	/* errors */
	assert_int_equal(telsvc_export_json(buf, e->ctx, 9, "x", NULL), TELSVC_EINVAL);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_INCIDENT, "SI-none", NULL), TELSVC_ENOTFOUND);
	telsvc_export_options o = TELSVC_EXPORT_OPTIONS_INIT;
	o.version = 9;
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_INCIDENT, telsvc_incident_number(inc), &o),
			 TELSVC_EVERSION);
	o = (telsvc_export_options)TELSVC_EXPORT_OPTIONS_INIT;
	o.flags = 0x10;
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_INCIDENT, telsvc_incident_number(inc), &o),
			 TELSVC_EINVAL);
}

static void has(const char *doc, const char *fragment)
{
	if (!strstr(doc, fragment))
		fail_msg("the document lacks %s:\n%s", fragment, doc);
}

/* TMF621 TroubleTicket: every field, the status of every state. */
static void tmf621_field_by_field(void **state)
{
	env *e = *state;
	assert_int_equal(telsvc_ctx_set_pseudonym_key(e->ctx, pkey, sizeof(pkey)), TELSVC_OK);
	telsvc_export_options o = TELSVC_EXPORT_OPTIONS_INIT;
	o.flags = TELSVC_EXPORT_TMF621;
	telsvc_complaint *c = complaint(e); /* verified, with a note */
	const char *number = telsvc_complaint_number(c);
	const char *doc = json(e, TELSVC_KIND_COMPLAINT, number, &o);
	test_assert_json(doc);
	char want[256], name_p[TELSVC_PSEUDONYM_SIZE], phone_p[TELSVC_PSEUDONYM_SIZE];
	telsvc_pseudonym(name_p, sizeof(name_p), e->ctx, NAME);
	telsvc_pseudonym(phone_p, sizeof(phone_p), e->ctx, PHONE);
	snprintf(want, sizeof(want), "{\"id\":\"%s\",\"@type\":\"TroubleTicket\",\"ticketType\":\"complaint\","
		 "\"status\":\"acknowledged\",\"severity\":\"general\"", number);
	assert_memory_equal(doc, want, strlen(want));
	has(doc, "\"description\":\"家里宽带断网了\"");
	has(doc, "\"creationDate\":\"2025-09-30T17:00:00+08:00\"");
	has(doc, "\"lastUpdate\":\"2025-09-30T17:01:00+08:00\"");
	has(doc, "\"expectedResolutionDate\":\"2025-10-15T00:00:00+08:00\"");
	assert_null(strstr(doc, "resolutionDate\":\"2025-10-1")); /* not resolved yet */
	has(doc, "\"channel\":{\"id\":\"1\",\"name\":\"phone\"}");
	snprintf(want, sizeof(want), "\"relatedParty\":[{\"role\":\"customer\",\"@referredType\":\"Individual\","
		 "\"name\":\"%s\"}]", name_p);
	has(doc, want);
	snprintf(want, sizeof(want), "{\"name\":\"contact\",\"value\":\"%s\"},{\"name\":\"category\",\"value\":\"network\"}",
		 phone_p);
	has(doc, want);
	has(doc, "\"note\":[{\"date\":\"2025-09-30T17:01:00+08:00\",\"author\":\"a.li\",\"text\":\"said \\\"urgent\\\"");
	has(doc, "\"@type\":\"Note\",\"action\":\"verify\"}]");
	assert_null(strstr(doc, NAME));
	/* the status of each state */
	static const telsvc_actor qm = { "d.chen", "quality_monitor" };
	const struct {
		int action;
		const telsvc_actor *who;
		int64_t arg;
		const char *note, *status;
	} steps[] = {
		{ TELSVC_COMPLAINT_CLASSIFY, &agent, 0, NULL, "acknowledged" },
		{ TELSVC_COMPLAINT_WAIT_CUSTOMER, &agent, 0, NULL, "pending" },
		{ TELSVC_COMPLAINT_RESUME, &agent, 0, NULL, "acknowledged" },
		{ TELSVC_COMPLAINT_HANDLE, &agent, 0, NULL, "inProgress" },
		{ TELSVC_COMPLAINT_FEEDBACK, &agent, 1, "fixed", "resolved" },
		{ TELSVC_COMPLAINT_RETURN_VISIT, &qm, 90, NULL, "resolved" },
		{ TELSVC_COMPLAINT_CLOSE, &agent, 0, NULL, "closed" },
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		assert_int_equal(telsvc_complaint_apply(c, steps[i].action, steps[i].who, T0 + 120 + (int64_t)i * 60,
							steps[i].arg, steps[i].note),
				 TELSVC_OK);
		doc = json(e, TELSVC_KIND_COMPLAINT, number, &o);
		snprintf(want, sizeof(want), "\"status\":\"%s\"", steps[i].status);
		has(doc, want);
	}
	has(doc, "\"resolutionDate\":\"2025-09-30T17:08:00+08:00\"");
	/* a withdrawn complaint is cancelled */
	telsvc_complaint *w = complaint(e);
	assert_int_equal(telsvc_complaint_apply(w, TELSVC_COMPLAINT_WITHDRAW, &agent, T0 + 200, 0, NULL), TELSVC_OK);
	has(json(e, TELSVC_KIND_COMPLAINT, telsvc_complaint_number(w), &o), "\"status\":\"cancelled\"");
	/* a request */
	telsvc_request *r = request(e);
	doc = json(e, TELSVC_KIND_REQUEST, telsvc_request_number(r), &o);
	test_assert_json(doc);
	has(doc, "\"ticketType\":\"serviceRequest\",\"status\":\"acknowledged\",\"priority\":\"general\"");
	has(doc, "\"expectedResolutionDate\":\"2025-10-01T01:00:00+08:00\""); /* 8 h */
	has(doc, "\"channel\":{\"id\":\"2\",\"name\":\"online\"}");
	has(doc, "\"note\":[]");
	assert_int_equal(telsvc_request_apply(r, TELSVC_ACTION_CANCEL, &agent, T0 + 60, 0), TELSVC_OK);
	has(json(e, TELSVC_KIND_REQUEST, telsvc_request_number(r), &o), "\"status\":\"cancelled\"");
	/* incidents have no TroubleTicket form */
	telsvc_incident *inc = incident(e);
	assert_int_equal(telsvc_export_json(buf, e->ctx, TELSVC_KIND_INCIDENT, telsvc_incident_number(inc), &o),
			 TELSVC_EINVAL);
	assert_non_null(strstr(telsvc_error_last(), "TMF621"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(pseudonyms_by_default, setup_export, teardown_export),
		cmocka_unit_test_setup_teardown(plain_text_is_permitted_and_audited, setup_export, teardown_export),
		cmocka_unit_test_setup_teardown(every_kind_is_valid_json, setup_export, teardown_export),
		cmocka_unit_test_setup_teardown(tmf621_field_by_field, setup_export, teardown_export),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
