# plugins/gbt24067/local.mk - the gbt24067 methodology plugin, built from its own descriptor and the shared
# engine of plugins/common compiled into it (CFP_PLUGIN_SOURCES; not a shared library).
pkglib_LTLIBRARIES += plugins/gbt24067.la
plugins_gbt24067_la_SOURCES = plugins/gbt24067/gbt24067.c $(CFP_PLUGIN_SOURCES) plugins/common/cfp_params_iso.c
plugins_gbt24067_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
plugins_gbt24067_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
EXTRA_DIST += docs/methods/gbt24067.md
