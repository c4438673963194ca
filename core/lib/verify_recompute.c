/*
 * verify_recompute.c - recompute a bundle's result with the installed methodology plugin.
 *
 * This build has no plugin loader yet (it lands with the plugin area); until then every bundle
 * is reported as "not recomputed", never as recomputed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_impl.h"
#include "verify_recompute.h"

struct pcfi_vfy_recomputer {
	char *plugin_dir;
};

pcf_status pcfi_vfy_recomputer_new(const char *plugin_dir, pcfi_vfy_recomputer **out, pcf_error *err)
{
	pcfi_vfy_recomputer *rc = calloc(1, sizeof *rc);

	*out = NULL;
	if (!rc || (plugin_dir && !(rc->plugin_dir = strdup(plugin_dir)))) {
		free(rc);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	*out = rc;
	return PCF_OK;
}

void pcfi_vfy_recomputer_free(pcfi_vfy_recomputer *rc)
{
	if (!rc)
		return;
	free(rc->plugin_dir);
	free(rc);
}

int pcfi_vfy_recompute(const pcfi_vfy_recomputer *rc, const char *method_id, const char *method_version,
                       const unsigned char *inventory, size_t inventory_len, const unsigned char *result,
                       size_t result_len, char *note, size_t len)
{
	(void)rc;
	(void)inventory;
	(void)inventory_len;
	(void)result;
	(void)result_len;
	snprintf(note, len, "not recomputed: plugin %s %s not installed (this build cannot load plugins)", method_id,
	         method_version);
	return PCFI_RECOMPUTE_UNAVAILABLE;
}
