/* Exports and pseudonyms (§7.2): one object as JSON, personal data as a
 * keyed hash unless plain text is asked for, and then audited first. */
#include "export.h"
#include "audit.h"
#include "context.h"
#include "policy_internal.h"
#include "record.h"
#include "store.h"

#include <string.h>

#define PSEUDONYM_HEX 20 /* 80 bits */

int telsvc_ctx_set_pseudonym_key(telsvc_ctx *ctx, const void *key, size_t size)
{
	if (!ctx || !key || size < 16)
		return ts_error(TELSVC_EINVAL, "telsvc_ctx_set_pseudonym_key: %s",
				!ctx || !key ? "an argument is NULL" : "the key is shorter than 16 bytes");
	ts_hmac_init(&ctx->pseudonym, key, size);
	ctx->has_pseudonym = true;
	return TELSVC_OK;
}

int telsvc_pseudonym(char *out, size_t cap, const telsvc_ctx *ctx, const char *value)
{
	const char *fn = "telsvc_pseudonym";
	if (!out || !ctx || !value)
		return ts_error(TELSVC_EINVAL, "%s: an argument is NULL", fn);
	if (cap < TELSVC_PSEUDONYM_SIZE)
		return ts_error(TELSVC_EINVAL, "%s: the output holds %zu bytes; a pseudonym needs %d", fn, cap,
				TELSVC_PSEUDONYM_SIZE);
	if (!ctx->has_pseudonym)
		return ts_error(TELSVC_EINVAL, "%s: the context has no pseudonym key (telsvc_ctx_set_pseudonym_key)", fn);
	uint8_t mac[TS_SHA256_SIZE];
	ts_hmac_mac2(&ctx->pseudonym, value, strlen(value), NULL, 0, mac);
	static const char hex[] = "0123456789abcdef";
	out[0] = 'p', out[1] = ':';
	for (size_t i = 0; i < PSEUDONYM_HEX / 2; i++) {
		out[2 + 2 * i] = hex[mac[i] >> 4];
		out[3 + 2 * i] = hex[mac[i] & 15];
	}
	out[2 + PSEUDONYM_HEX] = '\0';
	return TELSVC_OK;
}

/* ---- what the kinds' exporters share ---- */

void ts_export_personal(ts_export *x, const char *key, const char *value)
{
	if (!value)
		return;
	char p[TELSVC_PSEUDONYM_SIZE];
	ts_sb_printf(x->sb, ",\"%s\":", key);
	if (x->plain)
		ts_json_string(x->sb, value);
	else if (telsvc_pseudonym(p, sizeof(p), x->ctx, value) == TELSVC_OK)
		ts_json_string(x->sb, p);
	else
		ts_sb_puts(x->sb, "\"redacted\"");
}

void ts_export_text(ts_export *x, const char *key, const char *value)
{
	if (!value)
		return;
	ts_sb_printf(x->sb, ",\"%s\":", key);
	ts_json_string(x->sb, value);
}

void ts_export_history(ts_export *x, const ts_history *h, const char *const *action_keys)
{
	ts_sb_puts(x->sb, ",\"history\":[");
	for (size_t i = 0; i < h->count; i++) {
		const ts_event *e = &h->items[i];
		ts_sb_printf(x->sb, "%s{\"action\":\"%s\",\"at\":", i ? "," : "", action_keys[e->action]);
		ts_json_instant(x->sb, x->policy, e->at);
		ts_sb_puts(x->sb, ",\"actor\":");
		ts_json_string(x->sb, e->actor);
		ts_sb_puts(x->sb, ",\"role\":");
		ts_json_string(x->sb, e->role);
		ts_sb_printf(x->sb, ",\"arg\":%lld", (long long)e->arg);
		if (e->note) {
			ts_sb_puts(x->sb, ",\"note\":");
			ts_json_string(x->sb, e->note);
		}
		ts_sb_puts(x->sb, "}");
	}
	ts_sb_puts(x->sb, "]");
}

void ts_export_deadline(ts_export *x, telsvc_param limit, int64_t due, int64_t done, bool first)
{
	ts_sb_printf(x->sb, "%s{\"limit\":", first ? "" : ",");
	ts_json_string(x->sb, telsvc_param_key(limit));
	ts_sb_puts(x->sb, ",\"due\":");
	ts_json_instant(x->sb, x->policy, due);
	ts_sb_puts(x->sb, ",\"done\":");
	ts_json_instant(x->sb, x->policy, done);
	ts_sb_puts(x->sb, "}");
}

/* ---- TMF621 ---- */

static void tmf_date(ts_export *x, const char *key, int64_t t)
{
	if (t == TELSVC_NEVER)
		return;
	ts_sb_printf(x->sb, ",\"%s\":", key);
	ts_json_instant(x->sb, x->policy, t);
}

void ts_tmf621_ticket(ts_export *x, const ts_tmf621 *t)
{
	static const char *const channels[] = { "?", "phone", "online", "onsite", "email", "fax" };
	ts_sb *sb = x->sb;
	const ts_history *h = t->history;
	ts_sb_printf(sb, ",\"@type\":\"TroubleTicket\",\"ticketType\":\"%s\",\"status\":\"%s\"", t->type, t->status);
	if (t->priority)
		ts_sb_printf(sb, ",\"priority\":\"%s\"", t->priority);
	if (t->severity)
		ts_sb_printf(sb, ",\"severity\":\"%s\"", t->severity);
	ts_export_text(x, "description", t->description);
	tmf_date(x, "creationDate", t->created);
	tmf_date(x, "lastUpdate", h->items[h->count - 1].at);
	tmf_date(x, "expectedResolutionDate", t->expected);
	tmf_date(x, "resolutionDate", t->resolved);
	ts_sb_printf(sb, ",\"channel\":{\"id\":\"%d\",\"name\":\"%s\"}", t->channel, channels[t->channel]);
	ts_sb_puts(sb, ",\"relatedParty\":[{\"role\":\"customer\",\"@referredType\":\"Individual\"");
	ts_export_personal(x, "name", t->customer);
	ts_sb_puts(sb, "}],\"troubleTicketCharacteristic\":[{\"name\":\"contact\"");
	ts_export_personal(x, "value", t->contact);
	ts_sb_puts(sb, "}");
	if (t->category)
		ts_sb_printf(sb, ",{\"name\":\"category\",\"value\":\"%s\"}", t->category);
	ts_sb_puts(sb, "],\"note\":[");
	bool first = true;
	for (size_t i = 0; i < h->count; i++) {
		const ts_event *e = &h->items[i];
		if (!e->note)
			continue;
		ts_sb_printf(sb, "%s{\"date\":", first ? "" : ",");
		ts_json_instant(sb, x->policy, e->at);
		ts_sb_puts(sb, ",\"author\":");
		ts_json_string(sb, e->actor);
		ts_sb_puts(sb, ",\"text\":");
		ts_json_string(sb, e->note);
		ts_sb_printf(sb, ",\"@type\":\"Note\",\"action\":\"%s\"}", t->action_keys[e->action]);
		first = false;
	}
	ts_sb_puts(sb, "]");
}

/* ---- plain text, audited ---- */

/* Record that @actor saw object (@kind, @id) in plain text, and why. The
 * record is the log's own (kind 0): replay leaves it aside, and the
 * verifier checks it like any other. */
static int record_disclosure(telsvc_ctx *ctx, const ts_object *o, const telsvc_export_options *opts)
{
	ts_sb body;
	ts_sb_init(&body, ctx);
	ts_rec_text(&body, TS_DISCLOSED_ACTOR, opts->actor->id);
	ts_rec_u64(&body, TS_DISCLOSED_KIND, (uint64_t)o->ops->kind);
	ts_rec_text(&body, TS_DISCLOSED_PURPOSE, opts->purpose);
	int64_t at = opts->at;
	if (!at)
		telsvc_ctx_now(&at, ctx);
	int rc = body.failed ? TELSVC_ENOMEM : TELSVC_OK;
	if (rc == TELSVC_OK) {
		ts_audit_entry e = { .at = at,
				     .id = o->id,
				     .action = TS_AUDIT_DISCLOSE,
				     .revision = o->revision,
				     .role = opts->actor->role,
				     .body = body.ptr,
				     .body_size = body.size };
		rc = ts_store_log(ctx, &e, NULL, NULL, "a disclosure");
	}
	ts_sb_free(&body);
	return rc;
}

static int check_plain(const telsvc_ctx *ctx, const ts_object *o, const telsvc_export_options *opts, const char *fn)
{
	int rc = ts_check_actor(ctx, opts->actor, fn);
	if (rc)
		return rc;
	if (!opts->purpose || !opts->purpose[0])
		return ts_error(TELSVC_EINVAL, "%s: a plain export needs a purpose (§7.2 purpose limitation)", fn);
	if (ctx->in_txn)
		return ts_error(TELSVC_EINVAL, "%s: a plain export is audited in a transaction of its own; end the open "
					       "one first", fn);
	return ts_object_permitted(ctx->policy, TELSVC_PARAM_PERMIT_DISCLOSE, o->ops->noun, o->id,
				   "see personal data in plain text", opts->actor->role);
}

int telsvc_export_json(telsvc_buf *out, telsvc_ctx *ctx, int kind, const char *number,
		       const telsvc_export_options *opts)
{
	const char *fn = "telsvc_export_json";
	static const telsvc_export_options defaults = TELSVC_EXPORT_OPTIONS_INIT;
	if (!out || !ctx || !number)
		return ts_error(TELSVC_EINVAL, "%s: an argument is NULL", fn);
	if (!opts)
		opts = &defaults;
	int rc = ts_check_version(fn, "options", opts->version, TELSVC_EXPORT_OPTIONS_VERSION);
	if (rc || (rc = ts_store_ready(ctx, fn)))
		return rc;
	if (!ts_kind_get(kind))
		return ts_error(TELSVC_EINVAL, "%s: %d is not a kind of object", fn, kind);
	if (opts->flags & ~(TELSVC_EXPORT_PLAIN | TELSVC_EXPORT_TMF621))
		return ts_error(TELSVC_EINVAL, "%s: unknown flags 0x%x", fn, opts->flags);
	ts_object *o;
	if ((rc = ts_object_find(&o, ctx, kind, number, fn)))
		return rc;
	bool tmf = opts->flags & TELSVC_EXPORT_TMF621;
	if (tmf && !o->ops->export_tmf621)
		return ts_error(TELSVC_EINVAL, "%s: a %s has no TMF621 TroubleTicket form", fn, o->ops->noun);
	bool plain = opts->flags & TELSVC_EXPORT_PLAIN;
	if (plain && ((rc = check_plain(ctx, o, opts, fn)) || (rc = record_disclosure(ctx, o, opts))))
		return rc;
	ts_sb sb;
	ts_sb_init(&sb, ctx);
	ts_export x = { &sb, ctx, ctx->policy, plain };
	if (tmf) {
		ts_sb_puts(&sb, "{\"id\":");
		ts_json_string(&sb, o->id);
		o->ops->export_tmf621(o, &x);
	} else {
		ts_sb_printf(&sb, "{\"kind\":\"%s\",\"number\":", o->ops->noun);
		ts_json_string(&sb, o->id);
		ts_sb_printf(&sb, ",\"revision\":%llu,\"personal_data\":\"%s\"", (unsigned long long)o->revision,
			     plain ? "plain" : ctx->has_pseudonym ? "pseudonymised" : "redacted");
		o->ops->export_json(o, &x);
	}
	ts_sb_puts(&sb, "}\n");
	rc = sb.failed ? TELSVC_ENOMEM : telsvc_buf_set(out, sb.ptr, sb.size);
	ts_sb_free(&sb);
	return rc;
}
