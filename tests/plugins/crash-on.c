/*
 * crash-on.c - the testgood plugin (testplugin.c, VARIANT GOOD) with one flaw: computing an inventory
 * whose product id contains "crash" dereferences NULL. For the tests of 'pcf issue' meeting a plugin
 * that crashes on one inventory in the middle of a batch (tests/cli/robust-issue.sh).
 */
#include <signal.h>
#include <string.h>

#include <pcf/plugin.h>

#define VARIANT 1 /* GOOD */
#define PLUGIN_ID "crash-on"
#define pcf_plugin_entry testgood_entry
pcf_status testgood_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);
#include "testplugin.c"
#undef pcf_plugin_entry

static pcf_status crash_on_compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };

	if (h->product(ctx, &prod) == PCF_OK && prod.id && strstr(prod.id, "crash")) {
		/* A real segmentation fault, also under ASan/UBSan (whose handlers would turn a null store
		 * into a report and exit 1): restore the default action, then raise the signal. */
		signal(SIGSEGV, SIG_DFL);
		raise(SIGSEGV);
	}
	return compute(h, ctx);
}

static pcf_plugin crash_on;

pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	const pcf_plugin *good;
	pcf_status st = testgood_entry(host, host_abi_major, &good);

	if (st != PCF_OK)
		return st;
	crash_on = *good;
	crash_on.compute = crash_on_compute;
	*out = &crash_on;
	return PCF_OK;
}
