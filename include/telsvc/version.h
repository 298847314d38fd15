/**
 * @file telsvc/version.h
 * @brief Compile-time and run-time version of the library.
 *
 * The macros give the version of the headers a program was compiled
 * against; telsvc_version() gives the version of the library it is linked
 * with at run time. Within one major version the ABI only grows.
 */
#ifndef TELSVC_VERSION_H
#define TELSVC_VERSION_H

#include "common.h"

/** Major version: changes only on a deliberate, documented ABI break. */
#define TELSVC_VERSION_MAJOR 1
/** Minor version: grows when symbols or struct fields are added. */
#define TELSVC_VERSION_MINOR 0
/** Patch version: fixes that change no interface. */
#define TELSVC_VERSION_PATCH 0
/** The version as one comparable number: major * 1000000 + minor * 1000 + patch. */
#define TELSVC_VERSION_NUMBER \
	(TELSVC_VERSION_MAJOR * 1000000 + TELSVC_VERSION_MINOR * 1000 + TELSVC_VERSION_PATCH)
/** The version as a string, "major.minor.patch". */
#define TELSVC_VERSION_STRING "1.0.0"

TELSVC_BEGIN_DECLS

/**
 * The version number of the linked library, in the form of
 * #TELSVC_VERSION_NUMBER. Compare it with the macro to detect a program
 * running against a different library than the one it was built with.
 */
TELSVC_API int telsvc_version(void);

/** The version of the linked library as a static string, "major.minor.patch". */
TELSVC_API const char *telsvc_version_string(void);

TELSVC_END_DECLS

#endif
