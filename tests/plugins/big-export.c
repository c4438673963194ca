/*
 * big-export.c - the testgood plugin (testplugin.c, VARIANT GOOD) with one export format, "bytes",
 * that writes as many bytes as its parameter export-bytes says (default 1). For the limit on what one
 * case of 'pcf methods check' may send back from its child process (64 MiB, core/lib/plugin/check.c), tested
 * at its boundary in tests/unit/test_robust.c.
 */
#include <stdlib.h>
#include <string.h>

#include <pcf/plugin.h>

#define VARIANT 1 /* GOOD */
#define PLUGIN_ID "big-export"
#define pcf_plugin_entry testgood_entry
pcf_status testgood_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out);
#include "testplugin.c"
#undef pcf_plugin_entry

static pcf_status big_export(const pcf_host *h, pcf_ctx *ctx, const char *format, void **out, size_t *len)
{
	const char *v = h->param(ctx, "export-bytes");
	size_t n = v ? (size_t)strtoull(v, NULL, 10) : 1;
	char *b;

	if (strcmp(format, "bytes"))
		return h->error(ctx, PCF_E_INVALID, "no format '%s'", format);
	if (!(b = h->alloc(n ? n : 1)))
		return h->error(ctx, PCF_E_NOMEM, "out of memory");
	memset(b, 'x', n);
	*out = b;
	*len = n;
	return PCF_OK;
}

static const pcf_param_spec export_bytes = {
	PCF_ABI_INIT(export_bytes), "export-bytes", "a byte count", "1", "how many bytes the export 'bytes' writes",
};
static const pcf_param_spec *const big_params[] = { &scale, &export_bytes, NULL };
static const pcf_format_spec bytes_format = {
	PCF_ABI_INIT(bytes_format), "bytes", "application/octet-stream", "bin", "as many bytes as export-bytes says",
};
static const pcf_format_spec *const big_formats[] = { &bytes_format, NULL };
static pcf_plugin big;

pcf_status pcf_plugin_entry(const pcf_host *host, unsigned host_abi_major, const pcf_plugin **out)
{
	const pcf_plugin *good;
	pcf_status st = testgood_entry(host, host_abi_major, &good);

	if (st != PCF_OK)
		return st;
	big = *good;
	big.params = big_params;
	big.formats = big_formats;
	big.export_format = big_export;
	*out = &big;
	return PCF_OK;
}
