/*
 * limits.c - a plugin whose descriptor is as large as the environment asks, for the loader's limits
 * at their boundary (tests/cli/robust-limits.sh): PCF_LIMITS_PARAMS parameters, PCF_LIMITS_FORMATS
 * export formats and a description of PCF_LIMITS_STRING bytes (each 1 when unset). The descriptor is
 * built when pcf_plugin_entry is called, in static storage (the host copies and never frees it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

#define MAX_N 300
#define MAX_S 70000

static pcf_param_spec param_v[MAX_N];
static const pcf_param_spec *param_p[MAX_N + 1];
static pcf_format_spec format_v[MAX_N];
static const pcf_format_spec *format_p[MAX_N + 1];
static char names[2 * MAX_N][16];
static char description[MAX_S + 1];
static pcf_plugin plugin;

static size_t env_count(const char *name, size_t max)
{
	const char *v = getenv(name);
	size_t n = v ? (size_t)strtoul(v, NULL, 10) : 1;
	return n > max ? max : n;
}

static pcf_status compute(const pcf_host *h, pcf_ctx *ctx)
{
	return h->error(ctx, PCF_E_INVALID, "this plugin only tests the loader's limits");
}

static pcf_status export_format(const pcf_host *h, pcf_ctx *ctx, const char *format, void **out, size_t *len)
{
	(void)format;
	(void)out;
	(void)len;
	return h->error(ctx, PCF_E_INVALID, "this plugin only tests the loader's limits");
}

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);

PCF_PLUGIN_EXPORT pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	size_t np = env_count("PCF_LIMITS_PARAMS", MAX_N), nf = env_count("PCF_LIMITS_FORMATS", MAX_N);
	size_t ns = env_count("PCF_LIMITS_STRING", MAX_S), i;

	(void)host;
	if (host_abi_major != PCF_PLUGIN_ABI_MAJOR)
		return PCF_E_PLUGIN;
	for (i = 0; i < np; i++) {
		snprintf(names[i], sizeof names[i], "p%zu", i);
		param_v[i] = (pcf_param_spec){ PCF_ABI_INIT(param_v[i]), names[i], "anything", NULL, "a parameter" };
		param_p[i] = &param_v[i];
	}
	param_p[np] = NULL;
	for (i = 0; i < nf; i++) {
		snprintf(names[MAX_N + i], sizeof names[0], "f%zu", i);
		format_v[i] = (pcf_format_spec){ PCF_ABI_INIT(format_v[i]), names[MAX_N + i], "text/plain", "txt", "a format" };
		format_p[i] = &format_v[i];
	}
	format_p[nf] = NULL;
	memset(description, 'd', ns);
	description[ns] = 0;
	plugin = (pcf_plugin){
		PCF_ABI_INIT(plugin), "limits", "1.0.0", "limits test plugin", "none", "-", "CC0-1.0", description,
		param_p, format_p, compute, export_format,
	};
	*out = &plugin;
	return PCF_OK;
}
