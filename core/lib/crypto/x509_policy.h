/*
 * x509_policy.h - the one X.509 policy of pcfkit, used by the signer (crypto/signer.c, when
 * `pcf issue` loads a key and certificate) and by the verifier (verify/): which keys and digests
 * are allowed, what a signer (leaf) certificate must carry, and how a certificate or OpenSSL's
 * errors are put into words. Internal; not installed.
 */
#ifndef PCF_CRYPTO_X509_POLICY_H
#define PCF_CRYPTO_X509_POLICY_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* documentSigning, RFC 9336: the extended key usage a signer certificate must carry. */
#define PCFI_OID_DOCUMENT_SIGNING "1.3.6.1.5.5.7.3.36"

/* Nonzero for the digests allowed anywhere in a signature: SHA-256, SHA-384, SHA-512. */
int pcfi_digest_allowed(int nid);

/* OpenSSL's short name of nid, "unknown" when it has none. Static string. */
const char *pcfi_nid_name(int nid);

/* What pcfi_key_check found. */
typedef enum pcfi_key_verdict {
	PCFI_KEY_OK = 0,
	PCFI_KEY_NONE,      /* no public key at all */
	PCFI_KEY_RSA_SHORT, /* RSA below 2048 bits */
	PCFI_KEY_EC_NO_CURVE, /* EC with explicit parameters, no named curve */
	PCFI_KEY_EC_CURVE,  /* EC on a curve other than P-256, P-384, P-521 */
	PCFI_KEY_TYPE       /* neither RSA, EC nor Ed25519 */
} pcfi_key_verdict;

typedef struct pcfi_key_info {
	int type;           /* EVP_PKEY_RSA, EVP_PKEY_EC, EVP_PKEY_ED25519 or another base id */
	int bits;           /* EVP_PKEY_get_bits */
	char group[80];     /* EC: the curve's name, "" when none */
	const EVP_MD *md;   /* the digest pcfkit signs with for this key (RSA and P-256: SHA-256,
	                       P-384: SHA-384, P-521: SHA-512); NULL for Ed25519 or a refused key */
} pcfi_key_info;

/*
 * The key policy: RSA of at least 2048 bits, EC on P-256, P-384 or P-521, Ed25519. Fills *info
 * (never NULL) whatever the verdict, so that callers can word their own messages.
 */
pcfi_key_verdict pcfi_key_check(EVP_PKEY *pk, pcfi_key_info *info);

/* pcfi_key_check, worded for the verifier: 1 when allowed, else 0 with why (size len) filled. */
int pcfi_key_allowed(EVP_PKEY *pk, char *why, size_t len);

/* The problems of a signer (leaf) certificate, as bits; 0 when it is a good leaf. */
#define PCFI_LEAF_NO_EKU 1u     /* no extended key usage documentSigning */
#define PCFI_LEAF_IS_CA 2u      /* a CA certificate (X509_check_ca) */
#define PCFI_LEAF_NO_KU 4u      /* no key usage extension */
#define PCFI_LEAF_KU 8u         /* key usage without digitalSignature and nonRepudiation */
#define PCFI_LEAF_BAD_EXT 16u   /* extensions OpenSSL cannot parse (EXFLAG_INVALID) */
unsigned pcfi_leaf_problems(X509 *x);

/* Nonzero when the extended key usage of x contains the OID oid (dotted text). */
int pcfi_x509_has_eku(X509 *x, const char *oid);

/* A name in RFC 2253 order, UTF-8 kept as it is, into buf (size len, at least 1; "" on failure). */
void pcfi_x509_name_text(X509_NAME *n, char *buf, size_t len);

/* pcfi_x509_name_text of x's subject. */
void pcfi_x509_subject(X509 *x, char *buf, size_t len);

/* The first value of attribute nid (NID_commonName ...) in x's subject as UTF-8 (caller frees); NULL when absent. */
char *pcfi_x509_subject_entry(X509 *x, int nid);

/*
 * OpenSSL's error queue as text, then the queue is cleared. PCFI_OSSL_APPEND: every queued
 * error appended to msg (NUL-terminated), "; " between them. PCFI_OSSL_ALL: the same into an
 * empty msg, "no detail from OpenSSL" when the queue was empty. PCFI_OSSL_LAST: the reason of the
 * last error only, "no details from OpenSSL" when none.
 */
enum { PCFI_OSSL_APPEND, PCFI_OSSL_ALL, PCFI_OSSL_LAST };
const char *pcfi_ossl_error_text(char *msg, size_t len, int mode);

/*
 * Whether a CRL can decide revocation on its own: a complete CRL for its issuer's whole scope.
 * A delta CRL (deltaCRLIndicator) is only meaningful with its base, and a CRL with an
 * issuingDistributionPoint covers part of the scope (some reasons, CA or user certificates only,
 * one distribution point); pcfkit uses neither (docs/trust-model.md), so that they can never stand
 * in for the complete CRL nor hide its entries.
 */
enum { PCFI_CRL_COMPLETE = 0, PCFI_CRL_DELTA = 1, PCFI_CRL_PARTITIONED = 2 };
int pcfi_crl_scope(const X509_CRL *crl);

/* Convert an ASN1_TIME to seconds since the epoch. Returns 0 on success. */
int pcfi_asn1_time_to_epoch(const ASN1_TIME *t, int64_t *out);

#endif
