/* The host's improvement items (§5.3) for `telsvc report --improvements`:
 * a YAML list read into the library's telsvc_improvement. */
#ifndef TELSVC_CLI_IMPROVEMENTS_H
#define TELSVC_CLI_IMPROVEMENTS_H

#include "cli.h"

typedef struct improvements {
	telsvc_improvement *items;
	size_t count;
	char *text; /* the file: the items' strings point into the document */
	void *doc;  /* the parsed YAML document, which owns those strings */
} improvements;

/* Read @path; 0, or an exit status after saying what is wrong and where. */
int improvements_read(improvements *out, const char *path, const telsvc_calendar *cal);

void improvements_free(improvements *im);

#endif
