/*
 * pcf/tsa.h - trusted time for issued bundles: RFC 3161 timestamps requested from a time-stamping
 * authority (TSA) over HTTP(S) when a bundle is signed, over the SignerInfo's signature value, and
 * embedded as its unsigned attribute id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14),
 * which `pcf verify --tsa-trust` checks (docs/trust-model.md, "Timestamps").
 *
 * The request carries a SHA-256 message imprint, a random 64-bit nonce and certReq; the reply must
 * be granted, carry a token whose signature verifies with the certificate it includes, and whose
 * TSTInfo has version 1, the same imprint, the same nonce and, when one was asked for, the policy.
 * Anything else fails the bundle being signed (PCF_E_IO for the transport, PCF_E_CRYPTO for the
 * reply), with the URL and the reason; the other bundles of a batch go on.
 *
 * Ownership: the signer keeps a copy of the options; pcf_signer_free releases it.
 */
#ifndef PCF_TSA_H
#define PCF_TSA_H

#include <pcf/error.h>
#include <pcf/signer.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcf_tsa_options {
	const char *url;      /* http:// or https:// URL of the TSA */
	const char *policy;   /* an OID the token's policy must be (and that is asked for), or NULL */
	long timeout_seconds; /* for the whole request; 0: 30 */
} pcf_tsa_options;

/*
 * Have every signature s makes from now on timestamped by the TSA in o (copied). Call before
 * signing, from one thread. PCF_E_ARG for a URL that is not http(s) or a malformed policy OID.
 */
pcf_status pcf_signer_set_tsa(pcf_signer *s, const pcf_tsa_options *o, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
