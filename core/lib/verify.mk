# core/lib/verify.mk - sources of the verify area of libpcf (appended to libpcf_core): the safe
# bundle reader, the trust store, the verifier, inspect and extract.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/bundle_reader.c \
	core/lib/trust.c \
	core/lib/verify.c core/lib/verify_impl.h \
	core/lib/verify_manifest.c core/lib/verify_manifest.h \
	core/lib/verify_recompute.c core/lib/verify_recompute.h \
	core/lib/inspect.c
pkginclude_HEADERS += \
	core/include/pcf/verify.h \
	core/include/pcf/trust.h \
	core/include/pcf/bundle_reader.h
