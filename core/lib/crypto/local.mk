# core/lib/crypto/local.mk - the crypto module of libpcf: signing keys (files and PKCS#11 tokens),
# the signer's certificate and chain checks, the detached CMS signature, and the trust store.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/crypto/signer.c core/lib/crypto/signer_impl.h core/lib/crypto/signer_pkcs11.c \
	core/lib/crypto/trust.c core/lib/crypto/trust_impl.h \
	core/lib/crypto/x509_policy.c core/lib/crypto/x509_policy.h \
	core/lib/crypto/tsa_client.c core/lib/crypto/tsa_client.h core/lib/crypto/ltv.c
pkginclude_HEADERS += core/include/pcf/signer.h core/include/pcf/trust.h core/include/pcf/tsa.h
core_lib_libpcf_core_la_CFLAGS += $(CURL_CFLAGS)
core_lib_libpcf_core_la_LIBADD += $(CURL_LIBS)
