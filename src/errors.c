/* Status names and texts, and the per-thread message of the last failure. */
#include "common.h"

#include <stdio.h>
#include <string.h>

/* The single list names and texts come from. Append-only, like the enum
 * in errors.h; the assertions below keep the two in step. */
#define TS_STATUS_MAP(X) \
	X(OK, 0, "success") \
	X(ENOMEM, -1, "out of memory") \
	X(EINVAL, -2, "invalid argument") \
	X(EPOLICY, -3, "bad policy") \
	X(ETRANSITION, -4, "transition not allowed") \
	X(EPERM, -5, "permission denied") \
	X(ECONFLICT, -6, "conflict") \
	X(ECORRUPT, -7, "corrupt data") \
	X(ESTORAGE, -8, "storage failure") \
	X(ERANGE, -9, "out of calendar range") \
	X(EUSER, -10, "user callback error") \
	X(EVERSION, -11, "version mismatch") \
	X(ENOTFOUND, -12, "not found")

#define TS_CHECK_VALUE(name, value, text) \
	_Static_assert(TELSVC_##name == (value), "errors.h and TS_STATUS_MAP disagree on " #name);
TS_STATUS_MAP(TS_CHECK_VALUE)

#define TS_MESSAGE_MAX 1024

/* Per-thread, so concurrent contexts never see each other's failures, and
 * fixed-size, so recording an error never allocates. */
static _Thread_local char last_message[TS_MESSAGE_MAX];
static _Thread_local int last_status;

/* A message cut at the buffer's end must not end inside a UTF-8 sequence
 * (key paths and policy text are UTF-8): drop a trailing partial one. */
static void trim_utf8(char *msg)
{
	size_t len = strlen(msg);
	if (len < TS_MESSAGE_MAX - 1)
		return;
	size_t start = len;
	while (start > 0 && ((unsigned char)msg[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return;
	unsigned char lead = (unsigned char)msg[start - 1];
	size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (len - (start - 1) < need)
		msg[start - 1] = '\0';
}

const char *telsvc_status_name(telsvc_status status)
{
	switch (status) {
#define TS_NAME_CASE(name, value, text) \
	case TELSVC_##name: \
		return "TELSVC_" #name;
		TS_STATUS_MAP(TS_NAME_CASE)
	}
	return "TELSVC_UNKNOWN";
}

const char *telsvc_strerror(telsvc_status status)
{
	switch (status) {
#define TS_TEXT_CASE(name, value, text) \
	case TELSVC_##name: \
		return text;
		TS_STATUS_MAP(TS_TEXT_CASE)
	}
	return "unknown status";
}

const char *telsvc_error_last(void)
{
	return last_message;
}

int telsvc_error_last_status(void)
{
	return last_status;
}

void telsvc_error_clear(void)
{
	last_message[0] = '\0';
	last_status = TELSVC_OK;
}

/* A new message may quote the last one (telsvc_error_last()): it is
 * written apart and then copied, since printing into the buffer the
 * arguments are read from garbles them. */
static void record(int status, const char *text)
{
	last_status = status;
	memcpy(last_message, text, strlen(text) + 1);
	trim_utf8(last_message);
}

void telsvc_error_set(int status, const char *message)
{
	char text[TS_MESSAGE_MAX];
	snprintf(text, sizeof(text), "%s", message ? message : "");
	record(status, text);
}

int ts_error_v(int status, const char *fmt, va_list ap)
{
	char text[TS_MESSAGE_MAX];
	vsnprintf(text, sizeof(text), fmt, ap);
	record(status, text);
	return status;
}

int ts_error(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ts_error_v(status, fmt, ap);
	va_end(ap);
	return status;
}

int ts_check_version(const char *fn, const char *what, unsigned version, unsigned known)
{
	if (version >= 1 && version <= known)
		return TELSVC_OK;
	return ts_error(TELSVC_EVERSION, "%s: unknown %s version %u (this library knows 1..%u)", fn, what, version,
			known);
}

int ts_error_nomem(void)
{
	static const char text[] = "out of memory";
	last_status = TELSVC_ENOMEM;
	memcpy(last_message, text, sizeof(text));
	return TELSVC_ENOMEM;
}
