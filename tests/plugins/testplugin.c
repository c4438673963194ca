/*
 * testplugin.c - deliberately good and broken methodology plugins for the loader and check tests.
 * One source, built once per variant (tests/plugin.mk passes -DVARIANT=...):
 *   GOOD          a small correct plugin (id "testgood"): sums characterised flows, like plugins/example
 *   WRONG_MAJOR   descriptor claims ABI major 2
 *   NEWER_MINOR   descriptor claims a minor newer than this host's
 *   NO_ENTRY      no pcf_plugin_entry symbol at all
 *   SMALL         descriptor smaller than ABI 1.0's
 *   BAD_ID        an id that breaks the grammar
 *   NONDET        results differ from one process to the next (a warning carries the process id)
 *   CRASH         compute dereferences NULL
 *   HANG          compute never returns
 *   BAD_SUM       the stage breakdown does not add up to the total
 *   NAN_TOTAL     the total is NaN
 *   MISSING       forgets the required figure "aircraft"
 *   SILENT_FAIL   returns an error without saying why
 *   ADDRESS       results depend on where the plugin is loaded (a warning carries an address)
 *   ANY_MAJOR     accepts a host of any ABI major
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <pcf/plugin.h>

#define GOOD 1
#define WRONG_MAJOR 2
#define NEWER_MINOR 3
#define NO_ENTRY 4
#define SMALL 5
#define BAD_ID 6
#define NONDET 7
#define CRASH 8
#define HANG 9
#define BAD_SUM 10
#define NAN_TOTAL 11
#define MISSING 12
#define SILENT_FAIL 13
#define ADDRESS 14
#define ANY_MAJOR 15

#ifndef VARIANT
#error "build with -DVARIANT=..."
#endif

#ifndef PLUGIN_ID
#define PLUGIN_ID "testgood"
#endif

#if VARIANT == HANG
static volatile int forever = 1;
#elif VARIANT == ADDRESS
static int forever_address;
#endif

static pcf_status compute(const pcf_host *h, pcf_ctx *ctx)
{
	pcf_product_info prod = { .abi = PCF_ABI_INIT(prod) };
	double *supply;
	double total = 0, fossil = 0, bio = 0, rem = 0, dluc = 0, air = 0;
	size_t i, n;
	pcf_status st;

#if VARIANT == CRASH
	{
		volatile int *p = NULL;
		*p = 1;
	}
#elif VARIANT == HANG
	while (forever)
		;
#elif VARIANT == SILENT_FAIL
	return PCF_E_INVALID;
#endif
	if ((st = h->product(ctx, &prod)) != PCF_OK)
		return st;
	n = prod.process_count;
	supply = h->alloc(n * sizeof *supply);
	if (!supply)
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	if ((st = h->solve(ctx, NULL, supply, n)) != PCF_OK || (st = h->lci(ctx, supply, NULL, n)) != PCF_OK) {
		h->free(supply);
		return st;
	}
	h->free(supply);
	for (i = 0; i < h->lci_count(ctx); i++) {
		pcf_flow_info f = { .abi = PCF_ABI_INIT(f) };
		pcf_process_info p = { .abi = PCF_ABI_INIT(p) };
		double g = 1, v;
		if ((st = h->lci_flow(ctx, i, &f)) != PCF_OK || (st = h->process(ctx, f.process, &p)) != PCF_OK)
			return st;
		if (strcmp(f.gas, "co2e") && (st = h->gwp(ctx, "AR6", f.gas, &g)) != PCF_OK)
			return st;
		v = f.amount * g;
		total += v;
		if (f.category == PCF_FLOW_AIRCRAFT)
			air += v;
		else if (f.category == PCF_FLOW_LAND_USE_CHANGE)
			dluc += v;
		else if (f.category == PCF_FLOW_BIOGENIC && v < 0)
			rem -= v;
		else if (f.category == PCF_FLOW_BIOGENIC)
			bio += v;
		else
			fossil += v;
		h->add_stage(ctx, p.stage, v);
		h->add_gas(ctx, f.gas, v, f.amount);
		h->add_process(ctx, f.process, v);
		if (f.factor)
			h->add_factor(ctx, f.factor);
	}
#if VARIANT == BAD_SUM
	h->add_stage(ctx, "production", 1.0 + fabs(total));
#endif
#if VARIANT == NAN_TOTAL
	total = NAN;
#endif
	if ((st = h->set_total(ctx, total, "kg CO2e")) != PCF_OK)
		return st;
	h->set_gwp_set(ctx, "AR6");
	h->set_figure(ctx, "fossil", fossil);
	h->set_figure(ctx, "biogenic-emissions", bio);
	h->set_figure(ctx, "biogenic-removals", rem);
	h->set_figure(ctx, "dluc", dluc);
#if VARIANT != MISSING
	h->set_figure(ctx, "aircraft", air);
#endif
	h->set_primary_share(ctx, 0);
	h->log(ctx, PCF_LOG_INFO, "%zu flows characterised with AR6, scale=%s", h->lci_count(ctx), h->param(ctx, "scale"));
	h->set_allocation(ctx, "none", NULL);
#if VARIANT == NONDET
	h->warn(ctx, "computed by process %ld", (long)getpid());
#elif VARIANT == ADDRESS
	h->warn(ctx, "computed by the function at %p", (void *)&forever_address);
#endif
	return PCF_OK;
}

static const pcf_param_spec scale = {
	PCF_ABI_INIT(scale), "scale", "number", "1", "unused; shows that parameters reach the plugin",
};
static const pcf_param_spec *const params[] = { &scale, NULL };

static const pcf_plugin plugin = {
#if VARIANT == WRONG_MAJOR
	{ 2, 0, sizeof(pcf_plugin) },
#elif VARIANT == NEWER_MINOR
	{ PCF_PLUGIN_ABI_MAJOR, PCF_PLUGIN_ABI_MINOR + 1, sizeof(pcf_plugin) },
#elif VARIANT == SMALL
	{ PCF_PLUGIN_ABI_MAJOR, PCF_PLUGIN_ABI_MINOR, offsetof(pcf_plugin, compute) },
#else
	PCF_ABI_INIT(plugin),
#endif
#if VARIANT == BAD_ID
	"Bad_Id",
#else
	PLUGIN_ID,
#endif
	"0.1.0",
	"test plugin",
	"none (a test of the plugin loader)",
	"-",
	"CC0-1.0",
	"A test plugin for pcfkit's own test suite: it sums characterised flows with AR6.",
	params,
	NULL,
	compute,
	NULL,
};

#if VARIANT != NO_ENTRY
pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	(void)host;
#if VARIANT != ANY_MAJOR
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
#else
	(void)host_abi_major;
#endif
	*out = &plugin;
	return PCF_OK;
}
#else
pcf_status not_the_entry(const pcf_plugin **out);
pcf_status not_the_entry(const pcf_plugin **out)
{
	*out = &plugin;
	return PCF_OK;
}
#endif
