# core/lib/bundle.mk - sources of the bundle area of libpcf (appended to libpcf_core): the signer
# (key, certificate and chain checks, detached CMS), the deterministic ustar writer and the
# bundle builder. docs/bundle-format.md is the normative format; schemas/manifest.schema.json
# describes the manifest.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/signer.c core/lib/signer_impl.h core/lib/signer_pkcs11.c \
	core/lib/tarw.c core/lib/tarw.h \
	core/lib/bundle.c core/lib/bundle_batch.c
pkginclude_HEADERS += core/include/pcf/signer.h core/include/pcf/bundle.h
EXTRA_DIST += docs/bundle-format.md schemas/manifest.schema.json
