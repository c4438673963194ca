# core/lib/local.mk - libpcf. All objects go into a convenience library (unit tests link it to reach
# internals); the installed libpcf.so wraps it and exports only pcf_* symbols.
noinst_LTLIBRARIES += core/lib/libpcf_core.la
core_lib_libpcf_core_la_SOURCES =
core_lib_libpcf_core_la_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS) $(ARCHIVE_CFLAGS) $(YAML_CFLAGS) $(JANSSON_CFLAGS)
core_lib_libpcf_core_la_LIBADD = $(CRYPTO_LIBS) $(ARCHIVE_LIBS) $(YAML_LIBS) $(JANSSON_LIBS) $(KLU_LIBS) $(PTHREAD_LIBS)

# One folder per module, each adding its sources in its own fragment; docs/hacking.md has the map and
# the direction of dependencies (cli -> {render, registry} -> verify -> {crypto, bundle, status} ->
# {plugin, lca} -> inventory -> base), which tests/cli/layering.sh checks.
include core/lib/base/local.mk
include core/lib/inventory/local.mk
include core/lib/plugin/local.mk
include core/lib/crypto/local.mk
include core/lib/bundle/local.mk
include core/lib/status/local.mk
include core/lib/verify/local.mk
include core/lib/render/local.mk
include core/lib/lca/local.mk
include core/lib/registry/local.mk
include core/lib/serve/local.mk
include core/lib/pact/local.mk

lib_LTLIBRARIES += core/lib/libpcf.la
core_lib_libpcf_la_SOURCES =
core_lib_libpcf_la_LIBADD = core/lib/libpcf_core.la
# current:revision:age; bump per libtool rules when the public API changes.
core_lib_libpcf_la_LDFLAGS = -version-info 0:0:0 -export-symbols-regex '^pcf_[a-z]' -no-undefined
nodist_EXTRA_core_lib_libpcf_la_SOURCES = dummy.c

pkgincludedir = $(includedir)/pcf

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = core/lib/pcf.pc
EXTRA_DIST += core/lib/pcf.pc.in
