# core/lib/verify/local.mk - the verify module of libpcf: the verifier (signature, chain, revocation,
# manifest, recomputation), inspect and extract.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/verify/verify.c core/lib/verify/verify_impl.h core/lib/verify/verify_run.h \
	core/lib/verify/verdict.c core/lib/verify/verdict.h core/lib/verify/cms_cache.c \
	core/lib/verify/cms_profile.c \
	core/lib/verify/signature.c core/lib/verify/chain.c \
	core/lib/verify/verify_manifest.c core/lib/verify/verify_manifest.h \
	core/lib/verify/verify_recompute.c core/lib/verify/verify_recompute.h \
	core/lib/verify/status_check.c core/lib/verify/status_check.h \
	core/lib/verify/inspect.c core/lib/verify/redact.c \
	core/lib/verify/supplier.c core/lib/verify/supplier_figs.c core/lib/verify/supplier_pact.c core/lib/verify/supplier_impl.h
pkginclude_HEADERS += core/include/pcf/verify.h
