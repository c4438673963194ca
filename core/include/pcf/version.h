/*
 * pcf/version.h - the version of libpcf and of the formats it reads and writes.
 */
#ifndef PCF_VERSION_H
#define PCF_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define PCF_VERSION_MAJOR 0
#define PCF_VERSION_MINOR 1
#define PCF_VERSION_PATCH 0

/* The runtime library version, e.g. "0.1.0" (static string). */
const char *pcf_version(void);

#ifdef __cplusplus
}
#endif
#endif
