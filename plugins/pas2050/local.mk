# plugins/pas2050/local.mk - the pas2050 methodology plugin, built from its own descriptor and the shared
# engine plugins/common/cfp.c compiled into it (not a shared library).
pkglib_LTLIBRARIES += plugins/pas2050.la
plugins_pas2050_la_SOURCES = plugins/pas2050/pas2050.c plugins/common/cfp.c plugins/common/cfp.h
plugins_pas2050_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
plugins_pas2050_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
EXTRA_DIST += docs/methods/pas2050.md
