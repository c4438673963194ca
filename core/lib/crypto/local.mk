# core/lib/crypto/local.mk - the crypto module of libpcf: signing keys (files and PKCS#11 tokens),
# the signer's certificate and chain checks, the detached CMS signature, and the trust store.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/crypto/signer.c core/lib/crypto/signer_impl.h core/lib/crypto/signer_pkcs11.c \
	core/lib/crypto/trust.c core/lib/crypto/trust_impl.h \
	core/lib/crypto/x509_policy.c core/lib/crypto/x509_policy.h
pkginclude_HEADERS += core/include/pcf/signer.h core/include/pcf/trust.h
