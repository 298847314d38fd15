/* Event-driven YAML parsing into a ts_ynode tree.
 *
 * libyaml 0.2.5's document loader has no nesting limit and takes minutes on
 * deeply nested input, so the tree is built from the event API with every
 * limit checked as events arrive: input size, depth, node count, scalar
 * length, no anchors, aliases or tags, one document, no duplicate keys. */
#include "yaml_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct builder {
	telsvc_ctx *ctx;
	const char *what;
	ts_ynode *root;
	ts_ynode *stack[TS_YAML_MAX_DEPTH];
	unsigned depth;
	size_t nodes;
	unsigned documents;
} builder;

static int fail_at(const builder *b, const yaml_mark_t *mark, const char *problem)
{
	return ts_error(TELSVC_EPOLICY, "%s: line %zu, column %zu: %s", b->what, mark->line + 1, mark->column + 1,
			problem);
}

void ts_ynode_free(telsvc_ctx *ctx, ts_ynode *node)
{
	if (!node)
		return;
	for (size_t i = 0; i < node->count; i++)
		ts_ynode_free(ctx, node->items[i]);
	ts_free(ctx, node->items);
	ts_free(ctx, node->text);
	ts_free(ctx, node);
}

int ts_yfail(const ts_ynode *n, const char *path, int status, const char *fmt, ...)
{
	char problem[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(problem, sizeof(problem), fmt, ap);
	va_end(ap);
	return ts_error(status, "policy: %s: %s (line %u, column %u)", path, problem, n->line, n->column);
}

const char *ts_ykind_name(const ts_ynode *n)
{
	switch (n->kind) {
	case TS_Y_MAP:
		return "a mapping";
	case TS_Y_SEQ:
		return "a sequence";
	default:
		return "a scalar";
	}
}

bool ts_yis_null(const ts_ynode *n)
{
	return n->kind == TS_Y_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0);
}

int ts_yscalar(const ts_ynode *n, const char *path, const char *expected, const char **text)
{
	if (n->kind != TS_Y_SCALAR)
		return ts_yfail(n, path, TELSVC_EPOLICY, "expected %s, got %s", expected, ts_ykind_name(n));
	if (strlen(n->text) != n->len)
		return ts_yfail(n, path, TELSVC_EPOLICY, "contains a NUL character");
	*text = n->text;
	return TELSVC_OK;
}

ts_ynode *ts_ymap_get(const ts_ynode *map, const char *key)
{
	if (!map || map->kind != TS_Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->count; i += 2)
		if (strcmp(map->items[i]->text, key) == 0)
			return map->items[i + 1];
	return NULL;
}

static int node_cmp(const void *pa, const void *pb)
{
	const ts_ynode *a = *(ts_ynode *const *)pa, *b = *(ts_ynode *const *)pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->text, b->text, n);
	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->column < b->column ? -1 : (a->column > b->column);
}

/* Reject a map that names a key twice; names the later occurrence. Sorting
 * keeps this O(n log n) however many keys a hostile document holds. */
static int check_duplicates(builder *b, const ts_ynode *map)
{
	size_t n = map->count / 2;
	if (n < 2)
		return TELSVC_OK;
	ts_ynode **keys = ts_calloc(b->ctx, n, sizeof(*keys));
	if (!keys)
		return TELSVC_ENOMEM;
	for (size_t i = 0; i < n; i++)
		keys[i] = map->items[2 * i];
	qsort(keys, n, sizeof(*keys), node_cmp);
	int rc = TELSVC_OK;
	for (size_t i = 1; i < n && rc == TELSVC_OK; i++) {
		if (keys[i]->len == keys[i - 1]->len && memcmp(keys[i]->text, keys[i - 1]->text, keys[i]->len) == 0)
			rc = ts_error(TELSVC_EPOLICY, "%s: line %u, column %u: duplicate key '%s' (first at line %u, column %u)",
				      b->what, keys[i]->line, keys[i]->column, keys[i]->text, keys[i - 1]->line,
				      keys[i - 1]->column);
	}
	ts_free(b->ctx, keys);
	return rc;
}

static int attach(builder *b, ts_ynode *node, const yaml_mark_t *mark)
{
	if (b->depth == 0) {
		b->root = node;
		return TELSVC_OK;
	}
	ts_ynode *parent = b->stack[b->depth - 1];
	if (parent->kind == TS_Y_MAP && parent->count % 2 == 0 && node->kind != TS_Y_SCALAR) {
		ts_ynode_free(b->ctx, node);
		return fail_at(b, mark, "a mapping key must be a scalar");
	}
	if (ts_grow(b->ctx, &parent->items, &parent->cap, parent->count, sizeof(ts_ynode *), 8)) {
		ts_ynode_free(b->ctx, node);
		return TELSVC_ENOMEM;
	}
	parent->items[parent->count++] = node;
	return TELSVC_OK;
}

static int new_node(builder *b, ts_ykind kind, const yaml_mark_t *mark, ts_ynode **out)
{
	if (++b->nodes > TS_YAML_MAX_NODES)
		return fail_at(b, mark, "too many nodes (the limit is 100000)");
	ts_ynode *node = ts_calloc(b->ctx, 1, sizeof(*node));
	if (!node)
		return TELSVC_ENOMEM;
	node->kind = kind;
	node->line = (unsigned)mark->line + 1;
	node->column = (unsigned)mark->column + 1;
	*out = node;
	return TELSVC_OK;
}

/* Anchors, aliases and explicit tags have no use in a policy and are the
 * vehicle of alias-expansion attacks, so none is accepted. */
static int check_node_props(builder *b, const yaml_event_t *ev, const yaml_char_t *anchor, const yaml_char_t *tag,
			    int implicit)
{
	if (anchor)
		return fail_at(b, &ev->start_mark, "anchors (&) are not supported");
	if (tag && !implicit)
		return fail_at(b, &ev->start_mark, "tags (!) are not supported");
	return TELSVC_OK;
}

static int open_collection(builder *b, const yaml_event_t *ev, ts_ykind kind)
{
	if (b->depth >= TS_YAML_MAX_DEPTH)
		return fail_at(b, &ev->start_mark, "nesting is deeper than 64 levels");
	ts_ynode *node = NULL;
	int rc = new_node(b, kind, &ev->start_mark, &node);
	if (rc == TELSVC_OK)
		rc = attach(b, node, &ev->start_mark);
	if (rc == TELSVC_OK)
		b->stack[b->depth++] = node;
	return rc;
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
	const yaml_char_t *value = ev->data.scalar.value;
	size_t length = ev->data.scalar.length;
	int rc = check_node_props(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag,
				  ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit);
	if (rc)
		return rc;
	if (length > TS_YAML_MAX_SCALAR)
		return fail_at(b, &ev->start_mark, "scalar is longer than 65536 bytes");
	ts_ynode *node = NULL;
	if ((rc = new_node(b, TS_Y_SCALAR, &ev->start_mark, &node)))
		return rc;
	node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	node->len = length;
	node->text = ts_strndup(b->ctx, (const char *)value, length);
	if (!node->text) {
		ts_ynode_free(b->ctx, node);
		return TELSVC_ENOMEM;
	}
	return attach(b, node, &ev->start_mark);
}

static int on_event(builder *b, const yaml_event_t *ev, bool *done)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->documents > 1)
			return fail_at(b, &ev->start_mark, "more than one document");
		return TELSVC_OK;
	case YAML_MAPPING_START_EVENT: {
		int rc = check_node_props(b, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
					  ev->data.mapping_start.implicit);
		return rc ? rc : open_collection(b, ev, TS_Y_MAP);
	}
	case YAML_SEQUENCE_START_EVENT: {
		int rc = check_node_props(b, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
					  ev->data.sequence_start.implicit);
		return rc ? rc : open_collection(b, ev, TS_Y_SEQ);
	}
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return check_duplicates(b, b->stack[b->depth]);
	case YAML_SEQUENCE_END_EVENT:
		b->depth--;
		return TELSVC_OK;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		return fail_at(b, &ev->start_mark, "aliases (*) are not supported");
	case YAML_STREAM_END_EVENT:
		*done = true;
		return TELSVC_OK;
	default:
		return TELSVC_OK;
	}
}

static int parser_failure(const builder *b, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		return ts_error_nomem();
	if (p->error == YAML_READER_ERROR)
		return ts_error(TELSVC_EPOLICY, "%s: byte offset %zu: %s", b->what, p->problem_offset,
				p->problem ? p->problem : "unreadable input");
	return ts_error(TELSVC_EPOLICY, "%s: line %zu, column %zu: %s%s%s", b->what, p->problem_mark.line + 1,
			p->problem_mark.column + 1, p->problem ? p->problem : "syntax error",
			p->context ? " " : "", p->context ? p->context : "");
}

int ts_yaml_parse(telsvc_ctx *ctx, const char *what, const char *data, size_t size, ts_ynode **out)
{
	*out = NULL;
	if (size > TS_YAML_MAX_INPUT)
		return ts_error(TELSVC_EPOLICY, "%s: document is %zu bytes; the limit is %zu", what, size,
				TS_YAML_MAX_INPUT);

	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return ts_error_nomem();
	yaml_parser_set_input_string(&parser, (const unsigned char *)(data ? data : ""), size);

	builder b = { .ctx = ctx, .what = what };
	int rc = TELSVC_OK;
	bool done = false;
	while (!done && rc == TELSVC_OK) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = parser_failure(&b, &parser);
			break;
		}
		rc = on_event(&b, &ev, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (rc != TELSVC_OK) {
		ts_ynode_free(ctx, b.root);
		return rc;
	}
	*out = b.root;
	return TELSVC_OK;
}
