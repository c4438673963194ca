/*
 * host_text.h - the text services of the host table added in plugin ABI 1.1 (host_text.c): a string
 * builder, calendar dates and plain decimals, so that plugins stop hand-rolling them. host.c puts them
 * into pcfi_host; nothing else calls them.
 */
#ifndef PCF_PLUGIN_HOST_TEXT_H
#define PCF_PLUGIN_HOST_TEXT_H

#include <pcf/plugin.h>

#include "base/error_impl.h"

pcf_sb *pcfi_host_sb_new(pcf_ctx *ctx);
void pcfi_host_sb_printf(pcf_sb *b, const char *fmt, ...) PCFI_PRINTF(2, 3);
void pcfi_host_sb_append(pcf_sb *b, const char *s, size_t len);
const char *pcfi_host_sb_str(const pcf_sb *b);
size_t pcfi_host_sb_len(const pcf_sb *b);
pcf_status pcfi_host_sb_status(pcf_sb *b);
void pcfi_host_sb_free(pcf_sb *b);
int pcfi_host_date_check(const char *s, int *year, int *month, int *day);
pcf_status pcfi_host_date_rfc3339(pcf_ctx *ctx, const char *date, int add_days, char *buf, size_t len);
pcf_status pcfi_host_format_decimal(pcf_ctx *ctx, double v, char *buf, size_t len);

/* The plain decimal of v into buf (len >= PCF_DECIMAL_MAX): 0, or -1 when v is not finite. */
int pcfi_format_plain_decimal(double v, char *buf, size_t len);

#endif
