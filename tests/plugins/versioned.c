/*
 * versioned.c - the testgood plugin (testplugin.c, VARIANT GOOD) under the id "versioned" with the
 * version given by -DPLUGIN_VERSION, built twice (tests/plugins/v1.0/ and tests/plugins/v1.2/) so that
 * the tests of recomputation can issue with one version and verify with another (the recompute version
 * policy, docs/trust-model.md). With -DCHATTY it also writes to its standard output and error while
 * computing, which the host must keep away from the command's output (tests/cli/verify-isolation.sh).
 */
#include <stdio.h>

#include <pcf/plugin.h>

#define VARIANT 1 /* GOOD */
#define PLUGIN_ID "versioned"
#define pcf_plugin_entry testgood_entry
pcf_status testgood_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);
#include "testplugin.c"
#undef pcf_plugin_entry

static pcf_plugin versioned;

#ifdef CHATTY
static pcf_status chatty_compute(const pcf_host *h, pcf_ctx *ctx)
{
	printf("chatty: hello from compute\n");
	fflush(stdout);
	fprintf(stderr, "chatty: a word on stderr\n");
	return compute(h, ctx);
}
#endif

pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	const pcf_plugin *good;
	pcf_status st = testgood_entry(host, host_abi_major, &good);

	if (st != PCF_OK)
		return st;
	versioned = *good;
	versioned.version = PLUGIN_VERSION;
#ifdef CHATTY
	versioned.id = "chatty";
	versioned.compute = chatty_compute;
#endif
	*out = &versioned;
	return PCF_OK;
}
