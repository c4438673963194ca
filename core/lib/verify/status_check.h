/*
 * status_check.h - the verifier's status step (internal, verify/status_check.c), called once per
 * bundle by verify.c, and the one verdict setter (verdict.c) it needs.
 */
#ifndef PCF_STATUS_CHECK_H
#define PCF_STATUS_CHECK_H

#include <openssl/x509.h>

#include <pcf/status.h>
#include <pcf/verify.h>

void pcfi_status_step(const pcf_status_lists *lists, const pcf_trust *trust, int no_revocation_check, pcf_verdict *vd,
                      const void *man, size_t manlen, X509 *leaf, int64_t t);

void pcfi_verdict_override(pcf_verdict *vd, pcf_verdict_code code, pcf_reason reason, const char *message);

#endif
