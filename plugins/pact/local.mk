# plugins/pact/local.mk - the pact methodology plugin (PACT Methodology v3.0, exports pact-v2 and pact-v3).
# trade_util.c is shared with plugins/cbam.
pkglib_LTLIBRARIES += plugins/pact.la
plugins_pact_la_SOURCES = plugins/pact/pact.c plugins/common/amounts.h plugins/pact/trade_util.c plugins/pact/trade_util.h
plugins_pact_la_CFLAGS = $(AM_CFLAGS)
plugins_pact_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
plugins_pact_la_LIBADD = -lm
EXTRA_DIST += docs/methods/pact.md
