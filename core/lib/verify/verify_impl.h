/*
 * verify_impl.h - internals shared by the verify area of libpcf (bundle reader, verifier,
 * manifest, inspect/extract). Not installed.
 */
#ifndef PCF_VERIFY_IMPL_H
#define PCF_VERIFY_IMPL_H

#include <stdint.h>

#include <openssl/x509.h>

#include <pcf/bundle_reader.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

#include "base/error_impl.h"
#include "crypto/trust_impl.h"
#include "crypto/x509_policy.h"

/* Read the file at path (at most max bytes) into a new buffer; *reason says io-error or input-too-large. */
pcf_status pcfi_vfy_read_input(const char *path, uint64_t max, unsigned char **data, size_t *len, pcf_reason *reason,
                               pcf_error *err);
/* The same, but path "-" reads standard input (named "stdin" in messages), with the same limit. */
pcf_status pcfi_vfy_read_input_or_stdin(const char *path, uint64_t max, unsigned char **data, size_t *len,
                                        pcf_reason *reason, pcf_error *err);

/*
 * A copy of untrusted text (caller frees) that is safe to print on a terminal: control characters
 * (C0, DEL, C1) and bytes that are not valid UTF-8 become \xNN, a backslash becomes \\.
 * NULL when out of memory. Defined in verify/verdict.c.
 */
char *pcfi_vfy_clean(const char *in);

/*
 * Append OpenSSL's queued error messages to msg (size len, NUL-terminated) and clear the queue.
 * Its one definition is pcfi_ossl_error_text in crypto/x509_policy.c; this name stays for code
 * written against it before the move.
 */
#define pcfi_vfy_openssl_errors(msg, len) ((void)pcfi_ossl_error_text((msg), (len), PCFI_OSSL_APPEND))

#endif
