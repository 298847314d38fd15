/* The audit log: the record layout (docs/audit.md), sealing on append,
 * and reading a log's head back. The verifier is audit_verify.c. */
#ifndef TS_AUDIT_H
#define TS_AUDIT_H

#include "buf.h"
#include "common.h"
#include "sha256.h"

#include "telsvc/audit.h"

/* Actions of the log's own records (object kind 0). */
enum { TS_AUDIT_GENESIS = 1, TS_AUDIT_CHECKPOINT = 2, TS_AUDIT_PURGE = 3, TS_AUDIT_DISCLOSE = 4 };

/* The body of a disclosure record: who saw which kind of object in plain
 * text, and why (export.c; its id is the object's number). */
enum { TS_DISCLOSED_ACTOR = 1, TS_DISCLOSED_KIND = 2, TS_DISCLOSED_PURPOSE = 3 };

/* Field tags of an audit record, in the order they are written. Tags
 * below TS_AT_BODY form the header, which the seal covers. */
enum {
	TS_AT_SEQ = 1,
	TS_AT_EPOCH = 2,
	TS_AT_TIME = 3,
	TS_AT_KIND = 4,
	TS_AT_ID = 5,
	TS_AT_ACTION = 6,
	TS_AT_FROM = 7,
	TS_AT_TO = 8,
	TS_AT_REVISION = 9,
	TS_AT_ROLE = 10,
	TS_AT_BODY_DIGEST = 11,   /* SHA-256 of the body, sealed logs only */
	TS_AT_SEALED = 12,        /* genesis: 1 sealed, 0 not */
	TS_AT_EPOCH_RECORDS = 13, /* genesis */
	TS_AT_CHECKPOINT_RECORDS = 14, /* genesis */
	TS_AT_HEAD_SEQ = 15,      /* checkpoint: the record before it */
	TS_AT_HEAD_MAC = 16,      /* checkpoint: and its seal */
	TS_AT_PURGED_SEQ = 17,    /* purge: the record whose body it removed */
	TS_AT_BODY = 32,          /* the changed fields; personal data */
	TS_AT_MAC = 100,          /* the seal, sealed logs only */
};

#define TS_AUDIT_DEFAULT_EPOCH 1024
#define TS_AUDIT_DEFAULT_CHECKPOINT 1024

/* One audit record as parsed, pointing into its bytes. */
typedef struct ts_audit_view {
	uint64_t seq, epoch, kind, action, from, to, revision;
	int64_t at;
	const char *id, *role; /* not NUL-terminated: see the sizes */
	size_t id_size, role_size;
	const uint8_t *header; /* the bytes the seal covers after the previous seal */
	size_t header_size;
	const uint8_t *body; /* NULL when purged */
	size_t body_size;
	const uint8_t *body_digest, *mac; /* NULL when absent */
	uint64_t sealed, epoch_records, checkpoint_records, head_seq, purged_seq;
	const uint8_t *head_mac;
} ts_audit_view;

/* Parse an audit record: its checksum, its fields in order, their sizes.
 * TELSVC_ECORRUPT with a message naming @seq and the fault. */
int ts_audit_parse(const void *data, size_t size, uint64_t seq, ts_audit_view *v);

/* The sealing key of a context or of the verifier, one epoch at a time. */
typedef struct ts_audit_key {
	uint8_t key[TELSVC_AUDIT_KEY_MAX];
	size_t size;
	uint64_t epoch;
	ts_hmac hmac; /* the key absorbed */
} ts_audit_key;

void ts_audit_key_set(ts_audit_key *k, const uint8_t *key, size_t size, uint64_t epoch);
/* Evolve to the next epoch: the key becomes a one-way function of itself. */
void ts_audit_key_evolve(ts_audit_key *k);
void ts_audit_key_wipe(ts_audit_key *k);
/* The seal of a record: HMAC over the previous seal and the header. */
void ts_audit_seal(const ts_audit_key *k, const uint8_t prev[TELSVC_AUDIT_MAC_SIZE], const uint8_t *header,
		   size_t header_size, uint8_t out[TELSVC_AUDIT_MAC_SIZE]);

/* The context's log as it knows it. */
typedef struct ts_audit_state {
	uint64_t seq;     /* the last record stored */
	uint8_t head[TELSVC_AUDIT_MAC_SIZE]; /* its seal; zeros when none or unsealed */
	bool started;     /* the genesis record exists */
	bool sealed;      /* and says the log is sealed */
	uint64_t epoch_records, checkpoint_records;
} ts_audit_state;

typedef struct ts_audit {
	ts_audit_state log;
	bool unknown; /* a commit's outcome was unknown: read the head again before appending */
	/* sealing */
	bool keyed;
	ts_audit_key key;
	ts_audit_key before;  /* the key when the transaction began, while it evolved inside one */
	bool evolved;         /* before holds a key to erase or restore */
	uint64_t new_epoch_records, new_checkpoint_records;
	telsvc_audit_key_fn key_evolved;
	void *key_payload;
} ts_audit;

/* What one change appends: the object's header fields and the body (the
 * bytes the change added to the object's record). */
typedef struct ts_audit_entry {
	int64_t at;
	int kind;
	const char *id;
	int action, from, to;
	uint64_t revision;
	const char *role;
	const char *actor; /* not in the record's header (the body holds it): for the change hook */
	const void *body;
	size_t body_size;
	uint64_t purged_seq; /* a purge record: the record it purged */
} ts_audit_entry;

/* Append @e's record (and the genesis before it, a checkpoint after it;
 * object kind 0 is one of the log's own records, TS_AUDIT_PURGE)
 * in the storage transaction that is open, building it in @scratch. The
 * context's log state advances; the caller restores @saved on failure. */
int ts_audit_append(telsvc_ctx *ctx, const ts_audit_entry *e, ts_sb *scratch);
/* After the transaction: commit erases the key it began with and tells
 * the host of the new one; rollback restores it. */
void ts_audit_committed(telsvc_ctx *ctx);
void ts_audit_rolled_back(telsvc_ctx *ctx, const ts_audit_state *saved);

/* Read the log from record @from on (1: all of it) into the context's
 * state: count, head, and the genesis record's settings. */
int ts_audit_scan(telsvc_ctx *ctx, uint64_t from);

void ts_audit_free(ts_audit *a);

#endif
