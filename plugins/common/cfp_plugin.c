/*
 * plugins/common/cfp_plugin.c - the entry point and compute function of every plugin built on the cfp
 * engine (cfp_plugin.h): compiled into each of them, serving that plugin's own method and descriptor.
 */
#include <stddef.h>

#include <pcf/plugin.h>

#include "cfp_plugin.h"

pcf_status cfp_plugin_compute(const pcf_host *host, pcf_ctx *ctx)
{
	return cfp_compute(&cfp_plugin_method, host, ctx);
}

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	(void)host;
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	*out = &cfp_plugin_descriptor;
	return PCF_OK;
}
