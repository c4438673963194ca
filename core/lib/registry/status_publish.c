/*
 * status_publish.c - pcf status publish (pcf/status.h): a signed status list made from the
 * registry's statuses, the W3C Bitstring Status List credential JSON signed with CMS, content
 * attached, by the certification body (docs/trust-model.md, "Status lists").
 *
 * A list file is DER CMS SignedData, eContentType id-data, whose content is the JSON credential:
 *   { "@context": [...], "id": LIST#PURPOSE, "type": ["VerifiableCredential",
 *     "BitstringStatusListCredential"], "issuer": {...}, "validFrom": T, "validUntil": T,
 *     "credentialSubject": { "id": LIST, "type": "BitstringStatusList", "statusPurpose": PURPOSE,
 *     "encodedList": "u..." } }
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <zlib.h>

#include <pcf/status.h>

#include "base/error_impl.h"
#include "base/jsonw.h"
#include "crypto/signer_impl.h"


/* ---- building a list ---- */

pcf_status pcf_status_list_build(pcf_registry *reg, const char *purpose, const pcf_signer *signer,
                                 int64_t valid_from, int64_t valid_until, unsigned char **out, size_t *len,
                                 pcf_error *err)
{
	unsigned char *bits = NULL, *der = NULL;
	size_t nbits = 0, derlen = 0, jlen = 0;
	char *enc = NULL, *json = NULL, *cid = NULL, t[32];
	const char *list;
	pcfi_jsonw w;
	CMS_ContentInfo *cms = NULL;
	const unsigned char *p;
	ASN1_OCTET_STRING **pos;
	unsigned char *o = NULL;
	int n;
	pcf_status st;

	if (!reg || !purpose || !signer || !out || !len)
		return pcfi_error(err, PCF_E_ARG, "pcf_status_list_build needs a registry, a purpose, a signer and outputs");
	*out = NULL;
	*len = 0;
	if (valid_until <= valid_from)
		return pcfi_error(err, PCF_E_ARG, "validUntil must be after validFrom");
	if ((st = pcf_registry_status_bits(reg, purpose, &bits, &nbits, err)) != PCF_OK)
		return st;
	st = pcf_status_encode_bits(bits, nbits, &enc, err);
	free(bits);
	if (st != PCF_OK)
		return st;
	list = pcf_registry_list_id(reg);
	if (!(cid = malloc(strlen(list) + strlen(purpose) + 2))) {
		free(enc);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	sprintf(cid, "%s#%s", list, purpose);
	pcfi_jsonw_init(&w);
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "@context");
	pcfi_jsonw_begin_array(&w);
	pcfi_jsonw_string(&w, "https://www.w3.org/ns/credentials/v2");
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "id");
	pcfi_jsonw_string(&w, cid);
	pcfi_jsonw_key(&w, "type");
	pcfi_jsonw_begin_array(&w);
	pcfi_jsonw_string(&w, "VerifiableCredential");
	pcfi_jsonw_string(&w, "BitstringStatusListCredential");
	pcfi_jsonw_end_array(&w);
	pcfi_jsonw_key(&w, "issuer");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "id");
	pcfi_jsonw_string(&w, list);
	pcfi_jsonw_key(&w, "name");
	pcfi_jsonw_string(&w, signer->organization ? signer->organization : signer->name);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_key(&w, "validFrom");
	pcfi_jsonw_string(&w, pcf_bundle_time_format(valid_from, t));
	pcfi_jsonw_key(&w, "validUntil");
	pcfi_jsonw_string(&w, pcf_bundle_time_format(valid_until, t));
	pcfi_jsonw_key(&w, "credentialSubject");
	pcfi_jsonw_begin_object(&w);
	pcfi_jsonw_key(&w, "id");
	pcfi_jsonw_string(&w, list);
	pcfi_jsonw_key(&w, "type");
	pcfi_jsonw_string(&w, "BitstringStatusList");
	pcfi_jsonw_key(&w, "statusPurpose");
	pcfi_jsonw_string(&w, purpose);
	pcfi_jsonw_key(&w, "encodedList");
	pcfi_jsonw_string(&w, enc);
	pcfi_jsonw_end_object(&w);
	pcfi_jsonw_end_object(&w);
	free(enc);
	free(cid);
	if ((st = pcfi_jsonw_finish(&w, &json, &jlen)) != PCF_OK)
		return pcfi_error(err, st, "cannot write the status list");
	/* Sign detached (the signer's own path, PKCS#11 included), then attach the content: the
	 * signature covers the signed attributes, whose messageDigest is the content's. */
	if ((st = pcfi_cms_sign_detached(signer, json, jlen, valid_from, &der, &derlen, err)) != PCF_OK) {
		free(json);
		return st;
	}
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen);
	OPENSSL_free(der);
	if (!cms || !CMS_set_detached(cms, 0) || !(pos = CMS_get0_content(cms)) ||
	    (!*pos && !(*pos = ASN1_OCTET_STRING_new())) || !ASN1_OCTET_STRING_set(*pos, (unsigned char *)json, (int)jlen) ||
	    (n = i2d_CMS_ContentInfo(cms, &o)) <= 0) {
		CMS_ContentInfo_free(cms);
		free(json);
		ERR_clear_error();
		return pcfi_error(err, PCF_E_CRYPTO, "cannot attach the status list to its signature");
	}
	CMS_ContentInfo_free(cms);
	free(json);
	if (!(*out = malloc((size_t)n))) {
		OPENSSL_free(o);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	memcpy(*out, o, (size_t)n);
	*len = (size_t)n;
	OPENSSL_free(o);
	return PCF_OK;
}
