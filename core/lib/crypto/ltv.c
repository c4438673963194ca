/*
 * ltv.c - long-term validation at issue time (pcf issue --embed-revocation): pick, for the signer
 * and every intermediate, its issuer's complete CRL valid at the issue time, check it, and hand
 * the CRLs back as DER for the bundle's revocation/crl-N.der entries (docs/bundle-format.md).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "base/error_impl.h"
#include "crypto/signer_impl.h"
#include "crypto/trust_impl.h"
#include "crypto/x509_policy.h"

void pcf_crl_der_free(pcf_crl_der *crls, size_t n)
{
	size_t i;

	if (!crls)
		return;
	for (i = 0; i < n; i++)
		OPENSSL_free(crls[i].der);
	free(crls);
}

/* The issuer of x among the signer's certificates (its own or an intermediate), or NULL. */
static X509 *issuer_at_hand(const pcf_signer *s, X509 *x)
{
	int i;

	if (!X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(s->cert)) && x != s->cert)
		return s->cert;
	for (i = 0; i < sk_X509_num(s->chain); i++) {
		X509 *c = sk_X509_value(s->chain, i);
		if (c != x && !X509_NAME_cmp(X509_get_issuer_name(x), X509_get_subject_name(c)))
			return c;
	}
	return NULL;
}

pcf_status pcf_signer_revocation_evidence(const pcf_signer *s, const pcf_trust *trust, int64_t at,
                                          pcf_crl_der **out, size_t *n, pcf_error *err)
{
	STACK_OF(X509_CRL) *all;
	pcf_crl_der *v;
	size_t nv = 0;
	int i, j, members;
	char subj[256];
	pcf_status st;

	if (!s || !trust || !out || !n)
		return pcfi_error(err, PCF_E_ARG, "pcf_signer_revocation_evidence: NULL argument");
	*out = NULL;
	*n = 0;
	all = pcfi_trust_crls(trust);
	members = 1 + sk_X509_num(s->chain);
	if (members > PCF_EMBEDDED_CRLS_MAX)
		return pcfi_error(err, PCF_E_LIMIT, "the chain has %d certificates below the root; at most %d CRLs are embedded",
		                  members, PCF_EMBEDDED_CRLS_MAX);
	if (!(v = calloc((size_t)members, sizeof *v)))
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < members; i++) {
		X509 *x = i ? sk_X509_value(s->chain, i - 1) : s->cert;
		X509 *issuer;
		X509_CRL *best = NULL;
		X509_REVOKED *rev = NULL;
		int64_t best_from = 0;
		int len;
		unsigned char *der = NULL;

		if (X509_self_signed(x, 0) == 1)
			continue; /* a root in the chain file: anchors are the verifier's, never revoked by a CRL */
		issuer = issuer_at_hand(s, x);
		for (j = 0; j < sk_X509_CRL_num(all); j++) {
			X509_CRL *c = sk_X509_CRL_value(all, j);
			const ASN1_TIME *nu = X509_CRL_get0_nextUpdate(c);
			int64_t from, until;
			if (pcfi_crl_scope(c) != PCFI_CRL_COMPLETE || X509_NAME_cmp(X509_CRL_get_issuer(c), X509_get_issuer_name(x)))
				continue;
			if (!nu || pcfi_asn1_time_to_epoch(X509_CRL_get0_lastUpdate(c), &from) ||
			    pcfi_asn1_time_to_epoch(nu, &until) || !(from <= at && at < until))
				continue;
			if (issuer && X509_CRL_verify(c, X509_get0_pubkey(issuer)) != 1)
				continue;
			if (!best || from > best_from) {
				best = c;
				best_from = from;
			}
		}
		ERR_clear_error();
		pcfi_x509_subject(x, subj, sizeof subj);
		if (!best) {
			st = pcfi_error(err, PCF_E_CERT, "--embed-revocation: no complete CRL of the issuer of %s valid at the issue "
			                "time%s (give it with --crl; every certificate below the root needs one)", subj,
			                issuer ? " and signed by it" : "");
			goto fail;
		}
		if (X509_CRL_get0_by_cert(best, &rev, x) == 1) {
			st = pcfi_error(err, PCF_E_CERT, "--embed-revocation: %s is revoked (its issuer's CRL says so at the "
			                "issue time); nothing is issued", subj);
			goto fail;
		}
		if ((len = i2d_X509_CRL(best, &der)) <= 0) {
			st = pcfi_error(err, PCF_E_CRYPTO, "cannot encode the CRL of the issuer of %s", subj);
			goto fail;
		}
		v[nv].der = der;
		v[nv++].len = (size_t)len;
	}
	*out = v;
	*n = nv;
	return PCF_OK;
fail:
	ERR_clear_error();
	pcf_crl_der_free(v, nv);
	return st;
}
