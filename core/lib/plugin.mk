# core/lib/plugin.mk - sources of the plugin area of libpcf (appended to libpcf_core).
