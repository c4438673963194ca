# plugins/cbam/local.mk - the cbam methodology plugin (EU CBAM specific embedded emissions).
# It shares trade_util.c with plugins/pact.
pkglib_LTLIBRARIES += plugins/cbam.la
plugins_cbam_la_SOURCES = plugins/cbam/cbam.c plugins/pact/trade_util.c plugins/pact/trade_util.h
plugins_cbam_la_CFLAGS = $(AM_CFLAGS)
plugins_cbam_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
plugins_cbam_la_LIBADD = -lm
EXTRA_DIST += docs/methods/cbam.md
