/*
 * hang-on.c - the testgood plugin (testplugin.c, VARIANT GOOD) with one flaw: computing an inventory
 * whose product id contains "hang" never returns (a busy loop). For the tests of 'pcf issue --timeout'
 * meeting a plugin that hangs on one inventory of a batch (tests/cli/robust-issue-timeout.sh).
 */
#include <string.h>

#include <pcf/plugin.h>

#define VARIANT 1 /* GOOD */
#define PLUGIN_ID "hang-on"
#define pcf_plugin_entry testgood_entry
pcf_status testgood_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);
#include "testplugin.c"
#undef pcf_plugin_entry

static volatile int forever = 1;

static pcf_status hang_on_compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };

	if (h->product(ctx, &prod) == PCF_OK && prod.id && strstr(prod.id, "hang"))
		while (forever)
			;
	return compute(h, ctx);
}

static pcf_plugin hang_on;

pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	const pcf_plugin *good;
	pcf_status st = testgood_entry(host, host_abi_major, &good);

	if (st != PCF_OK)
		return st;
	hang_on = *good;
	hang_on.compute = hang_on_compute;
	*out = &hang_on;
	return PCF_OK;
}
