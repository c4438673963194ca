# plugins/iso14067/local.mk - the iso14067 methodology plugin (ISO 14067:2018), built from its own
# descriptor and the shared engine of plugins/common compiled into it (CFP_PLUGIN_SOURCES; not a
# shared library).
pkglib_LTLIBRARIES += plugins/iso14067.la
plugins_iso14067_la_SOURCES = plugins/iso14067/iso14067.c $(CFP_PLUGIN_SOURCES) plugins/common/cfp_params_iso.c
plugins_iso14067_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
plugins_iso14067_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
EXTRA_DIST += docs/methods/iso14067.md
