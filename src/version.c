/* Run-time version of the linked library. */
#include "common.h"

int telsvc_version(void)
{
	return TELSVC_VERSION_NUMBER;
}

const char *telsvc_version_string(void)
{
	return TELSVC_VERSION_STRING;
}
