# core/lib/status/local.mk - the status module of libpcf: signed W3C Bitstring Status Lists made from
# the registry (pcf/status.h) and the verifier's status step. docs/trust-model.md, "Status lists".
core_lib_libpcf_core_la_SOURCES += core/lib/status/status.c core/lib/status/status_impl.h
core_lib_libpcf_core_la_CFLAGS += $(ZLIB_CFLAGS)
core_lib_libpcf_core_la_LIBADD += $(ZLIB_LIBS)
pkginclude_HEADERS += core/include/pcf/status.h
