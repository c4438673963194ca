/*
 * verify_impl.h - internals shared by the verify area of libpcf (bundle reader, trust store,
 * verifier, inspect/extract). Not installed.
 */
#ifndef PCF_VERIFY_IMPL_H
#define PCF_VERIFY_IMPL_H

#include <stdint.h>

#include <openssl/x509.h>

#include <pcf/bundle_reader.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

#include "base/error_impl.h"

/* Read the file at path (at most max bytes) into a new buffer; *reason says io-error or input-too-large. */
pcf_status pcfi_vfy_read_input(const char *path, uint64_t max, unsigned char **data, size_t *len, pcf_reason *reason,
                               pcf_error *err);

/* The trust store's parts, borrowed by the verifier. */
X509_STORE *pcfi_trust_store(const pcf_trust *t);
STACK_OF(X509_CRL) *pcfi_trust_crls(const pcf_trust *t);

/*
 * A copy of untrusted text (caller frees) that is safe to print on a terminal: control characters
 * (C0, DEL, C1) and bytes that are not valid UTF-8 become \xNN, a backslash becomes \\.
 * NULL when out of memory.
 */
char *pcfi_vfy_clean(const char *in);

/* Append OpenSSL's queued error messages to msg (size len, NUL-terminated) and clear the queue. */
void pcfi_vfy_openssl_errors(char *msg, size_t len);

#endif
