/*
 * verify_impl.h - internals shared by the verify module of libpcf (verifier, manifest, inspect/extract,
 * status check). Not installed.
 */
#ifndef PCF_VERIFY_IMPL_H
#define PCF_VERIFY_IMPL_H

#include <stdint.h>

#include <openssl/x509.h>

#include <pcf/bundle_reader.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

#include "base/error_impl.h"
#include "bundle/reader_impl.h"
#include "crypto/trust_impl.h"
#include "crypto/x509_policy.h"

/* The bounded read of an input file is the reader's, pcfi_bundle_read_input (bundle/reader_impl.h). */

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
