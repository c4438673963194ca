# core/lib/pact/local.mk - the pact module of libpcf: `pcf pact pull`, a PACT client (pcf/pull.h)
# with libcurl; it verifies the pulled bundles (pact -> verify).
core_lib_libpcf_core_la_SOURCES += core/lib/pact/pull.c
pkginclude_HEADERS += core/include/pcf/pull.h
