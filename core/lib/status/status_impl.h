/*
 * status_impl.h - what the verifier and the status module share (internal): the names of the
 * status reasons (140 to 159), the status step the verifier calls once per bundle, and the one
 * verdict setter it offers for that step.
 */
#ifndef PCF_STATUS_IMPL_H
#define PCF_STATUS_IMPL_H

#include <openssl/x509.h>

#include <pcf/status.h>
#include <pcf/verify.h>

/* The documented name of a status reason, or NULL for a number that is not one. */
const char *pcfi_status_reason_name(pcf_reason r);

/*
 * The status step (verify.c calls it after deciding): when lists are set and the verdict is valid,
 * expired or not yet valid, check the bundle (manifest bytes and signature DER) at time t and
 * change the verdict to suspended, withdrawn or invalid when the lists say so. leaf is the bundle's
 * signer certificate as the verifier decoded it (borrowed).
 */
void pcfi_status_step(const pcf_status_lists *lists, const pcf_trust *trust, int no_revocation_check, pcf_verdict *vd,
                      const void *man, size_t manlen, X509 *leaf, int64_t t);

/* Replace a verdict's code, reason and message (verify.c). */
void pcfi_verdict_override(pcf_verdict *vd, pcf_verdict_code code, pcf_reason reason, const char *message);

#endif
