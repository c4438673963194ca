/*
 * pcf/signer.h - the issuer's signing identity: a private key, its certificate and the
 * intermediate certificates, loaded and checked once, then used (read-only, from any number of
 * threads) to sign many certificate bundles.
 *
 * Ownership: pcf_signer_load hands a new pcf_signer to the caller, who frees it with
 * pcf_signer_free. Strings returned by the accessors belong to the signer and live as long as it.
 */
#ifndef PCF_SIGNER_H
#define PCF_SIGNER_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>
#include <pcf/trust.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcf_signer pcf_signer;

/*
 * What to load. Zero-initialise, then fill; fields are only ever appended.
 *   key_path    PEM private key (PKCS#8 or traditional, optionally encrypted); must not be
 *               readable or writable by group or others. Or an RFC 7512 PKCS#11 URI
 *               ("pkcs11:token=...;object=..."): the key stays in the token (an HSM) and is
 *               used through libp11's OpenSSL engine (docs/hsm.md)
 *   pass        NULL, "env:VAR" (the passphrase is the value of VAR) or "file:PATH" (the first
 *               line of PATH, which must be private like the key); for a PKCS#11 key, the
 *               token's user PIN. A URI carrying pin-value or pin-source is refused
 *   cert_path   PEM signer certificate; may be NULL for a PKCS#11 key, whose certificate is
 *               then read from the token (the certificate object with the URI's id or label)
 *   chain_path  NULL or a PEM file of intermediate certificates; self-signed (root) certificates
 *               in it are dropped, because a bundle never carries its root
 *   at          the time (seconds since the epoch) at which the signer and the intermediates must
 *               be valid; 0 means now
 *   pkcs11_module  for a PKCS#11 key: the module (shared library) to load; NULL means the
 *               variable PCF_PKCS11_MODULE, else the p11-kit proxy when installed
 */
/* The version of pcf_signer_options this header describes (pcf_signer_options_init). */
#define PCF_SIGNER_OPTIONS_VERSION 1

typedef struct pcf_signer_options {
	unsigned version;        /* PCF_SIGNER_OPTIONS_VERSION; 0 (a zeroed struct) counts as 1 */
	const char *key_path;
	const char *pass;
	const char *cert_path;
	const char *chain_path;
	int64_t at;
	const char *pkcs11_module;
} pcf_signer_options;

/*
 * Zero *opts and set its version (libgit2's pattern: pass PCF_SIGNER_OPTIONS_VERSION, then set the
 * fields). PCF_E_ARG for NULL or a version this library does not know; opts stays the caller's.
 * pcf_signer_load refuses options of a version above its own with PCF_E_ARG.
 */
pcf_status pcf_signer_options_init(pcf_signer_options *opts, unsigned version);

/*
 * Load and check a signing identity. Refuses, each with its own message naming the file:
 *   PCF_E_KEY   a key file accessible by group or others, a wrong or missing passphrase, a key
 *               that does not match the certificate, RSA shorter than 2048 bits, an elliptic
 *               curve other than P-256, P-384 or P-521, a key type other than RSA or EC (Ed25519
 *               in CMS needs OpenSSL 3.2 or later and is refused for now)
 *   PCF_E_CERT  a certificate without the documentSigning extended key usage
 *               (1.3.6.1.5.5.7.3.36), without a key usage extension allowing digitalSignature or
 *               nonRepudiation, a CA certificate, a signer or intermediate not valid at `at`
 *               (valid means notBefore <= at < notAfter, as OpenSSL counts), a certificate signed
 *               with a digest weaker than 112 bits of security (SHA-1, MD5)
 *   PCF_E_IO, PCF_E_SYNTAX  unreadable or malformed files
 *   PCF_E_NOTFOUND  a PKCS#11 key without a module or without libp11's engine installed
 *   PCF_E_KEY   (PKCS#11) a wrong PIN, a URI that names no private key
 * The key, certificate and checks are the same for a key in a token. The token is opened once,
 * here; signing with a token key is serialised on the token (one signature at a time), the rest
 * of the work of many threads still runs in parallel.
 * On success *out is a new signer owned by the caller.
 */
pcf_status pcf_signer_load(pcf_signer **out, const pcf_signer_options *opts, pcf_error *err);

/* Free a signer. NULL is allowed. */
void pcf_signer_free(pcf_signer *signer);

/* The signer certificate's subject commonName (never NULL; "" when absent). */
const char *pcf_signer_name(const pcf_signer *signer);

/* The signer certificate's subject organizationName, or NULL when absent. */
const char *pcf_signer_organization(const pcf_signer *signer);

/* The signer certificate's validity, in seconds since the epoch. */
int64_t pcf_signer_not_before(const pcf_signer *signer);
int64_t pcf_signer_not_after(const pcf_signer *signer);

/*
 * Nonzero when the signer's signatures are deterministic (RSA PKCS#1 v1.5), so that
 * the same inputs, issue time and certificate id give byte-identical bundles. ECDSA signatures
 * in OpenSSL 3.0 use random nonces: bundles differ in the signature bytes only.
 */
int pcf_signer_is_deterministic(const pcf_signer *signer);

/* Name of the key, e.g. "EC P-256", "RSA 3072" (owned by the signer). */
const char *pcf_signer_key_description(const pcf_signer *signer);

/* How many intermediate certificates the signature will carry (those of the chain file). */
size_t pcf_signer_chain_count(const pcf_signer *signer);
/* 1 when the signer certificate is issued by its own subject (no intermediate can be missing). */
int pcf_signer_self_issued(const pcf_signer *signer);

/* Most CRLs one bundle embeds (pcf issue --embed-revocation; docs/limits.md). */
#define PCF_EMBEDDED_CRLS_MAX 16

/* One DER-encoded CRL (owned by whoever holds the array; pcf_crl_der_free). */
typedef struct pcf_crl_der {
	unsigned char *der;
	size_t len;
} pcf_crl_der;

/*
 * The revocation evidence valid at time at for the signer's chain (long-term validation,
 * docs/certificate.md "Long-term validation"): for the signer and each intermediate, in that
 * order, the complete CRL of its issuer among the CRLs of crls (a trust store's CRLs; anchors are
 * not used) with thisUpdate <= at < nextUpdate (the latest such), its signature checked when the
 * issuer is the signer's certificate or an intermediate. Refused (PCF_E_CERT, naming the
 * certificate) when a chain member has no such CRL or is on it (revoked: nothing is issued).
 * On success *out (caller frees with pcf_crl_der_free(*out, *n)) holds *n CRLs, at most
 * PCF_EMBEDDED_CRLS_MAX (else PCF_E_LIMIT).
 */
pcf_status pcf_signer_revocation_evidence(const pcf_signer *signer, const pcf_trust *crls, int64_t at,
                                          pcf_crl_der **out, size_t *n, pcf_error *err);

/* Free n CRLs of pcf_signer_revocation_evidence and the array; NULL is fine. */
void pcf_crl_der_free(pcf_crl_der *crls, size_t n);

#ifdef __cplusplus
}
#endif
#endif
