/*
 * version.c - the runtime version string of libpcf.
 */
#include "config.h"

#include <pcf/version.h>

const char *pcf_version(void)
{
	return PACKAGE_VERSION;
}
