/*
 * x509_policy.c - the one X.509 policy of pcfkit (keys, digests, the signer certificate's usages)
 * and the words for certificates and OpenSSL errors; see x509_policy.h. Used when issuing
 * (crypto/signer.c) and when verifying (verify/), so the two can never disagree.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "crypto/x509_policy.h"

int pcfi_digest_allowed(int nid)
{
	return nid == NID_sha256 || nid == NID_sha384 || nid == NID_sha512;
}

const char *pcfi_nid_name(int nid)
{
	const char *s = nid != NID_undef ? OBJ_nid2sn(nid) : NULL;
	return s ? s : "unknown";
}

pcfi_key_verdict pcfi_key_check(EVP_PKEY *pk, pcfi_key_info *info)
{
	size_t glen = 0;

	memset(info, 0, sizeof *info);
	if (!pk)
		return PCFI_KEY_NONE;
	info->type = EVP_PKEY_get_base_id(pk);
	info->bits = EVP_PKEY_get_bits(pk);
	if (info->type == EVP_PKEY_RSA) {
		info->md = EVP_sha256();
		return info->bits >= 2048 ? PCFI_KEY_OK : PCFI_KEY_RSA_SHORT;
	}
	if (info->type == EVP_PKEY_EC) {
		const char *g = info->group;
		if (!EVP_PKEY_get_utf8_string_param(pk, "group", info->group, sizeof info->group, &glen) || !g[0]) {
			info->group[0] = 0;
			return PCFI_KEY_EC_NO_CURVE;
		}
		if (!strcmp(g, "prime256v1") || !strcmp(g, "P-256"))
			info->md = EVP_sha256();
		else if (!strcmp(g, "secp384r1") || !strcmp(g, "P-384"))
			info->md = EVP_sha384();
		else if (!strcmp(g, "secp521r1") || !strcmp(g, "P-521"))
			info->md = EVP_sha512();
		return info->md ? PCFI_KEY_OK : PCFI_KEY_EC_CURVE;
	}
	if (info->type == EVP_PKEY_ED25519)
		return PCFI_KEY_OK;
	return PCFI_KEY_TYPE;
}

int pcfi_key_allowed(EVP_PKEY *pk, char *why, size_t len)
{
	pcfi_key_info ki;

	switch (pcfi_key_check(pk, &ki)) {
	case PCFI_KEY_OK:
		return 1;
	case PCFI_KEY_NONE:
		snprintf(why, len, "no public key");
		break;
	case PCFI_KEY_RSA_SHORT:
		snprintf(why, len, "an RSA key of %d bits (at least 2048 needed)", ki.bits);
		break;
	case PCFI_KEY_EC_NO_CURVE:
	case PCFI_KEY_EC_CURVE:
		snprintf(why, len, "an EC key on curve %s (P-256, P-384 or P-521 needed)",
		         ki.group[0] ? ki.group : "(explicit parameters)");
		break;
	case PCFI_KEY_TYPE:
		snprintf(why, len, "a %s key (RSA, EC or Ed25519 needed)", pcfi_nid_name(ki.type));
		break;
	}
	return 0;
}

int pcfi_x509_has_eku(X509 *x, const char *oid)
{
	EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
	ASN1_OBJECT *want = eku ? OBJ_txt2obj(oid, 1) : NULL;
	int i, found = 0;

	for (i = 0; want && i < sk_ASN1_OBJECT_num(eku); i++)
		if (!OBJ_cmp(sk_ASN1_OBJECT_value(eku, i), want))
			found = 1;
	ASN1_OBJECT_free(want);
	EXTENDED_KEY_USAGE_free(eku);
	return found;
}

unsigned pcfi_leaf_problems(X509 *x)
{
	uint32_t flags;
	unsigned p = 0;

	X509_check_purpose(x, -1, 0); /* fill the extension cache */
	flags = X509_get_extension_flags(x);
	if (flags & EXFLAG_INVALID)
		p |= PCFI_LEAF_BAD_EXT;
	if (!pcfi_x509_has_eku(x, PCFI_OID_DOCUMENT_SIGNING))
		p |= PCFI_LEAF_NO_EKU;
	if (X509_check_ca(x) != 0)
		p |= PCFI_LEAF_IS_CA;
	if (!(flags & EXFLAG_KUSAGE))
		p |= PCFI_LEAF_NO_KU;
	else if (!(X509_get_key_usage(x) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
		p |= PCFI_LEAF_KU;
	return p;
}

void pcfi_x509_name_text(X509_NAME *n, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long l;

	buf[0] = 0;
	if (!b)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~XN_FLAG_DN_REV & ~ASN1_STRFLGS_ESC_MSB);
	l = BIO_get_mem_data(b, &p);
	if (l > 0)
		snprintf(buf, len, "%.*s", (int)(l < (long)len ? l : (long)len - 1), p);
	BIO_free(b);
}

void pcfi_x509_subject(X509 *x, char *buf, size_t len)
{
	pcfi_x509_name_text(X509_get_subject_name(x), buf, len);
}

char *pcfi_x509_subject_entry(X509 *x, int nid)
{
	X509_NAME *n = X509_get_subject_name(x);
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	unsigned char *u = NULL;
	char *r;
	int len;

	if (i < 0)
		return NULL;
	len = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)));
	if (len < 0)
		return NULL;
	r = malloc((size_t)len + 1);
	if (r) {
		memcpy(r, u, (size_t)len);
		r[len] = 0;
	}
	OPENSSL_free(u);
	return r;
}

const char *pcfi_ossl_error_text(char *msg, size_t len, int mode)
{
	unsigned long e;
	size_t used;

	if (mode == PCFI_OSSL_LAST) {
		const char *r;
		e = ERR_peek_last_error();
		r = e ? ERR_reason_error_string(e) : NULL;
		snprintf(msg, len, "%s", !e ? "no details from OpenSSL" : r ? r : "unknown OpenSSL error");
		ERR_clear_error();
		return msg;
	}
	if (mode == PCFI_OSSL_ALL)
		msg[0] = 0;
	used = strlen(msg);
	while ((e = ERR_get_error()) != 0) {
		char one[256];
		ERR_error_string_n(e, one, sizeof one);
		if (used + 3 < len) {
			snprintf(msg + used, len - used, "%s%s", used ? "; " : "", one);
			used = strlen(msg);
		}
	}
	if (mode == PCFI_OSSL_ALL && !msg[0])
		snprintf(msg, len, "no detail from OpenSSL");
	return msg;
}

int pcfi_crl_scope(const X509_CRL *crl)
{
	if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0)
		return PCFI_CRL_DELTA;
	if (X509_CRL_get_ext_by_NID(crl, NID_issuing_distribution_point, -1) >= 0)
		return PCFI_CRL_PARTITIONED;
	return PCFI_CRL_COMPLETE;
}

int pcfi_asn1_time_to_epoch(const ASN1_TIME *t, int64_t *out)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}
