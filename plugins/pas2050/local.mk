# plugins/pas2050/local.mk - the pas2050 methodology plugin, built from its own descriptor and the shared
# engine of plugins/common compiled into it (CFP_PLUGIN_SOURCES; not a shared library).
pkglib_LTLIBRARIES += plugins/pas2050.la
plugins_pas2050_la_SOURCES = plugins/pas2050/pas2050.c $(CFP_PLUGIN_SOURCES)
plugins_pas2050_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
plugins_pas2050_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
EXTRA_DIST += docs/methods/pas2050.md
