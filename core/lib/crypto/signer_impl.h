/*
 * signer_impl.h - the inside of pcf_signer and detached CMS signing (internal).
 */
#ifndef PCF_SIGNER_IMPL_H
#define PCF_SIGNER_IMPL_H

#include <pthread.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <pcf/signer.h>

#include "crypto/x509_policy.h" /* pcfi_asn1_time_to_epoch, formerly declared here */

struct pcf_signer {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;       /* intermediates only, in file order */
	const EVP_MD *md;            /* SHA-256 (RSA, P-256), SHA-384 (P-384), SHA-512 (P-521) */
	int deterministic;
	int64_t not_before, not_after;   /* the signer certificate's validity */
	int64_t chain_from, chain_until; /* when the signer and every intermediate are all valid */
	char *name;                  /* subject CN, "" when absent */
	char *organization;          /* subject O or NULL */
	char key_desc[32];
	void *engine;                /* PKCS#11: the engine the key holds; NULL for a key file */
	pthread_mutex_t *token_lock; /* PKCS#11: one signature at a time on the token */
	struct pcfi_tsa *tsa;        /* RFC 3161 timestamps for every signature (pcf_signer_set_tsa), or NULL */
};

/* Nonzero when s is an RFC 7512 PKCS#11 URI ("pkcs11:..."). */
int pcfi_pkcs11_is_uri(const char *s);

/*
 * Load the private key named by a PKCS#11 URI through libp11's engine (signer_pkcs11.c), logging
 * in with pin (NULL: no login). module NULL: PCF_PKCS11_MODULE, else the p11-kit proxy. On
 * success *key is the key and *handle the engine, released with pcfi_pkcs11_release after the
 * key is freed.
 */
pcf_status pcfi_pkcs11_load_key(const char *uri, const char *module, const char *pin, EVP_PKEY **key,
                                void **handle, pcf_error *err);

/*
 * Read the certificate that the URI names (by id or object label) from the token whose engine
 * is handle. *cert is caller-freed.
 */
pcf_status pcfi_pkcs11_load_cert(void *handle, const char *uri, X509 **cert, pcf_error *err);
void pcfi_pkcs11_release(void *handle);

/*
 * Sign data with a detached CMS SignedData (DER) whose signed attributes carry contentType,
 * messageDigest and signingTime = signing_time. *der is caller-freed with OPENSSL_free.
 */
pcf_status pcfi_cms_sign_detached(const pcf_signer *signer, const void *data, size_t len,
                                  int64_t signing_time, unsigned char **der, size_t *der_len,
                                  pcf_error *err);

#endif
