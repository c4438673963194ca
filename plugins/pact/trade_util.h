/*
 * trade_util.h - small helpers shared by the pact and cbam plugins (both compile trade_util.c; nothing here
 * is exported: the plugins export only pcf_plugin_entry).
 */
#ifndef PCF_TRADE_UTIL_H
#define PCF_TRADE_UTIL_H

#include <stddef.h>
#include <string.h>

#include <pcf/plugin.h>

/* Zero an *_info struct the host fills and set its ABI header. */
#define INFO_INIT(v) (memset(&(v), 0, sizeof(v)), (v).abi = (pcf_abi)PCF_ABI_INIT(v))

/* Does s appear in the comma-separated list (spaces around items ignored)? NULL list: no. */
int trade_list_has(const char *list, const char *s);

#endif
