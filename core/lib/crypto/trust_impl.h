/*
 * trust_impl.h - the inside of a pcf_trust (crypto/trust.c), lent to the verifier. Internal.
 */
#ifndef PCF_CRYPTO_TRUST_IMPL_H
#define PCF_CRYPTO_TRUST_IMPL_H

#include <openssl/x509.h>

#include <pcf/trust.h>

/* The trust store's parts, borrowed (they live as long as t). */
X509_STORE *pcfi_trust_store(const pcf_trust *t);
STACK_OF(X509_CRL) *pcfi_trust_crls(const pcf_trust *t);

#endif
