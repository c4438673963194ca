/*
 * optinit.c - initialising versioned public option structs (optinit.h).
 */
#include "config.h"

#include <string.h>

#include "base/optinit.h"

pcf_status pcfi_opts_init(void *opts, size_t size, unsigned version, unsigned latest)
{
	if (!opts || size < sizeof(unsigned) || version < 1 || version > latest)
		return PCF_E_ARG;
	memset(opts, 0, size);
	memcpy(opts, &version, sizeof version);   /* the first member: no padding before it */
	return PCF_OK;
}
