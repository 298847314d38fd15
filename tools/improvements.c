/* Improvement items (§5.3) from YAML: a list of mappings with the keys
 * of telsvc_improvement (docs/cli.md). */
#include "improvements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ops.h"

static const char *const keys[] = { "problem", "class", "cause", "measure", "owner",
				     "due",	"done",	 "verified", "effect" };

static int bad(const char *path, const yaml_node_t *n, const char *what, const char *detail)
{
	fprintf(stderr, "telsvc: %s:%lu: %s%s%s\n", path, (unsigned long)n->start_mark.line + 1, what,
		detail ? ": " : "", detail ? detail : "");
	return EXIT_USAGE;
}

static int item(telsvc_improvement *it, yaml_document_t *doc, yaml_node_t *map, const char *path,
		const telsvc_calendar *cal)
{
	if (map->type != YAML_MAPPING_NODE)
		return bad(path, map, "an improvement item is a mapping", NULL);
	*it = (telsvc_improvement){ 0 };
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key), *v = yaml_document_get_node(doc, p->value);
		if (k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
			return bad(path, k, "keys and values are scalars", NULL);
		const char *key = (const char *)k->data.scalar.value, *value = (const char *)v->data.scalar.value;
		size_t i = 0;
		while (i < sizeof(keys) / sizeof(keys[0]) && strcmp(key, keys[i]) != 0)
			i++;
		int64_t t = 0;
		if (i >= 5 && i <= 7 && cli_parse_time(&t, value, cal))
			return bad(path, v, "not a date such as 2025-09-15", value);
		switch (i) {
		case 0:
			it->problem = value;
			break;
		case 1:
			if ((it->problem_class = name_find(&ns_problem_class, value)) < 0)
				return bad(path, v, "class is technical, process, people or external", value);
			break;
		case 2:
			it->cause = value;
			break;
		case 3:
			it->measure = value;
			break;
		case 4:
			it->owner = value;
			break;
		case 5:
			it->due = t;
			break;
		case 6:
			it->done = t;
			break;
		case 7:
			it->verified = t;
			break;
		case 8:
			it->effect = value;
			break;
		default:
			return bad(path, k, "unknown key", key);
		}
	}
	return 0;
}

int improvements_read(improvements *out, const char *path, const telsvc_calendar *cal)
{
	*out = (improvements){ 0 };
	size_t size;
	if (cli_read_file(path, &out->text, &size))
		return EXIT_FAILURE;
	yaml_parser_t parser;
	yaml_document_t *doc = calloc(1, sizeof(*doc));
	if (!doc || !yaml_parser_initialize(&parser)) {
		free(doc);
		fprintf(stderr, "telsvc: out of memory\n");
		return EXIT_FAILURE;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)out->text, size);
	int ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		fprintf(stderr, "telsvc: %s:%lu: %s\n", path, (unsigned long)parser.problem_mark.line + 1,
			parser.problem ? parser.problem : "not YAML");
		yaml_parser_delete(&parser);
		free(doc);
		return EXIT_USAGE;
	}
	yaml_parser_delete(&parser);
	out->doc = doc;
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (!root)
		return 0; /* an empty file: no items */
	if (root->type != YAML_SEQUENCE_NODE)
		return bad(path, root, "improvement items are a list", NULL);
	size_t n = (size_t)(root->data.sequence.items.top - root->data.sequence.items.start);
	if (n && !(out->items = calloc(n, sizeof(*out->items)))) {
		fprintf(stderr, "telsvc: out of memory\n");
		return EXIT_FAILURE;
	}
	for (size_t i = 0; i < n; i++) {
		int rc = item(&out->items[i], doc, yaml_document_get_node(doc, root->data.sequence.items.start[i]), path,
			      cal);
		if (rc)
			return rc;
		out->count++;
	}
	return 0;
}

void improvements_free(improvements *im)
{
	if (im->doc) {
		yaml_document_delete(im->doc);
		free(im->doc);
	}
	free(im->items);
	free(im->text);
	*im = (improvements){ 0 };
}
