/*
 * plugins/common/cfp_plugin.h - the plugin around the cfp engine, shared by the iso14067, gbt24067,
 * pas2050 and ghg-product plugins so that each of them holds only what is its own: its rules (a
 * cfp_method) and its descriptor.
 *
 * A plugin defines cfp_plugin_method and cfp_plugin_descriptor, whose compute is cfp_plugin_compute;
 * plugins/common/cfp_plugin.c, compiled into the plugin like the engine, gives it cfp_plugin_compute
 * and pcf_plugin_entry. plugins/common/cfp_params_iso.c holds the parameters of ISO 14067, which
 * GB/T 24067 declares the same. Everything is compiled with -fvisibility=hidden: a plugin still
 * exports pcf_plugin_entry only.
 */
#ifndef PCF_PLUGINS_CFP_PLUGIN_H
#define PCF_PLUGINS_CFP_PLUGIN_H

#include <pcf/plugin.h>

#include "cfp.h"

/* Defined by each plugin: its standard's rules, and its descriptor. */
extern const cfp_method cfp_plugin_method;
extern const pcf_plugin cfp_plugin_descriptor;

/* The descriptor's compute: cfp_compute under cfp_plugin_method. */
pcf_status cfp_plugin_compute(const pcf_host *host, pcf_ctx *ctx);

/* The parameters of ISO 14067:2018, NULL-terminated (allocation, cut-off), in cfp_params_iso.c. */
extern const pcf_param_spec *const cfp_params_iso[];
/* Its two parameters, for a plugin that declares them with more of its own (gbt24067). */
extern const pcf_param_spec cfp_param_allocation, cfp_param_cutoff;

#endif
