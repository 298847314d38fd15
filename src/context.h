/* The context's layout, shared by the files that allocate and log. */
#ifndef TS_CONTEXT_H
#define TS_CONTEXT_H

#include "common.h"

struct telsvc_ctx {
	telsvc_allocator alloc;
	telsvc_clock_fn clock_fn;
	void *clock_payload;
	telsvc_log_fn log_fn;
	void *log_payload;
	int log_level;
};

#endif
