# core/lib/status/local.mk - the status module of libpcf: the W3C Bitstring Status List encoding
# (gzip, base64url) that the list writer (registry/status_publish.c) and the verifier's status step
# (verify/status_check.c) share. docs/trust-model.md, "Status lists".
core_lib_libpcf_core_la_SOURCES += core/lib/status/bitstring.c
core_lib_libpcf_core_la_CFLAGS += $(ZLIB_CFLAGS)
core_lib_libpcf_core_la_LIBADD += $(ZLIB_LIBS)
pkginclude_HEADERS += core/include/pcf/status.h
