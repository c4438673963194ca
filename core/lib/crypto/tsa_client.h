/*
 * tsa_client.h - the RFC 3161 client behind pcf_signer_set_tsa (internal to the crypto module):
 * what the signer holds, and the step that stamps one SignerInfo after signing.
 */
#ifndef PCF_CRYPTO_TSA_CLIENT_H
#define PCF_CRYPTO_TSA_CLIENT_H

#include <openssl/cms.h>

#include <pcf/error.h>

typedef struct pcfi_tsa pcfi_tsa;

/*
 * Request a timestamp over si's signature value from tsa and add the token to si's unsigned
 * attributes. On failure si is unchanged and err names the URL and the reason.
 */
pcf_status pcfi_tsa_stamp(const pcfi_tsa *tsa, CMS_SignerInfo *si, pcf_error *err);
void pcfi_tsa_free(pcfi_tsa *tsa);

#endif
