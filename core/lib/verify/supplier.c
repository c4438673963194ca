/*
 * supplier.c - supplier certificates as inputs (docs/inventory-format.md, "Supplier certificates"):
 * the resolver `pcf issue` and `pcf compute` give the inventory parser, which verifies each supplier
 * bundle under the issuer's supplier trust policy (a verifier) and hands back its figures, once per
 * SHA-256 digest for a whole batch; and the reading of a supplier's figures from its manifest and
 * result.json, shared with recomputation from embedded supplier bundles.
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include <pcf/bundle_reader.h>
#include <pcf/verify.h>

#include "base/error_impl.h"
#include "base/hex.h"
#include "bundle/reader_impl.h"
#include "verify/supplier_impl.h"
#include "verify/verify_run.h"

/* One digest the policy has judged: its figures, or why it was refused. */
typedef struct sup_entry {
	unsigned char sha[32];
	int ok;
	pcf_error err;
	pcfi_supplier_figs figs;
} sup_entry;

struct pcf_supplier_policy {
	const pcf_verifier *v;
	pthread_mutex_t lock;
	sup_entry *e;
	size_t n, cap;
	pcf_verdict **known;       /* --supplier-known bundles, for supersession */
	size_t nknown;
	size_t verified;           /* distinct digests verified */
};

pcf_status pcf_supplier_policy_new(const pcf_verifier *v, const char *const *known, size_t nknown,
                                   pcf_supplier_policy **out, pcf_error *err)
{
	pcf_supplier_policy *p;
	size_t i;

	if (!out || !v)
		return pcfi_error(err, PCF_E_ARG, "pcf_supplier_policy_new: NULL argument");
	*out = NULL;
	if (!(p = calloc(1, sizeof *p)) || !(p->known = calloc(nknown + 1, sizeof *p->known))) {
		free(p);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	if (pthread_mutex_init(&p->lock, NULL)) {
		free(p->known);
		free(p);
		return pcfi_error(err, PCF_E_NOMEM, "cannot create a lock");
	}
	p->v = v;
	for (i = 0; i < nknown; i++) {
		pcf_verdict *vd = NULL;
		if (pcf_verify_file(v, known[i], &vd, err) != PCF_OK) {
			pcf_supplier_policy_free(p);
			return err ? err->status : PCF_E_INTERNAL;
		}
		p->known[p->nknown++] = vd;
	}
	*out = p;
	return PCF_OK;
}

void pcf_supplier_policy_free(pcf_supplier_policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		pcfi_supplier_figs_free(&p->e[i].figs);
	for (i = 0; i < p->nknown; i++)
		pcf_verdict_free(p->known[i]);
	free(p->known);
	free(p->e);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

size_t pcf_supplier_policy_verified(const pcf_supplier_policy *p)
{
	return p ? p->verified : 0;
}

/* Judge one bundle (data/len, digest sha) into e. Called with the lock held. */
static void judge(pcf_supplier_policy *p, const char *path, const unsigned char *data, size_t len, sup_entry *e)
{
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcf_error ie;

	memset(&m, 0, sizeof m);
	pcf_error_clear(&ie);
	if (pcfi_vfy_run(p->v, path, data, len, 0, &vd, &view, &m, &ie) != PCF_OK || !vd) {
		e->err = ie;
		return;
	}
	p->verified++;
	if (vd->code == PCF_VERDICT_VALID && p->nknown) {
		/* superseded by a newer supplier certificate the issuer was given (--supplier-known)? */
		pcf_verdict **all = calloc(p->nknown + 1, sizeof *all);
		if (all) {
			memcpy(all, p->known, p->nknown * sizeof *all);
			all[p->nknown] = vd;
			pcf_verify_apply_supersession(all, p->nknown + 1);
			free(all);
		}
	}
	if (vd->code != PCF_VERDICT_VALID) {
		pcfi_error(&e->err, PCF_E_VERIFY, "not a valid certificate: %s (%s)%s%s", pcf_verdict_code_name(vd->code),
		           pcf_reason_name(vd->reason), vd->message && *vd->message ? ": " : "",
		           vd->message ? vd->message : "");
	} else if (!view || !vd->has_manifest) {
		pcfi_error(&e->err, PCF_E_INTERNAL, "verified, but its contents were not handed back");
	} else if (pcfi_supplier_figs_read(&m, view, e->sha, PCF_SUPPLIER_VERIFIED, &e->figs, &e->err) == PCF_OK) {
		e->ok = 1;
		pcfi_supplier_figs_quality(&e->figs, view, pcfi_vfy_recomputer_factors(p->v->recomputer));
	}
	pcf_verdict_free(vd);
	pcf_bundle_view_free(view);
	if (view)
		pcfi_vfy_manifest_free(&m);
}

pcf_status pcf_supplier_policy_resolve(void *arg, const char *ref, const char *path, pcf_supplier *out, pcf_error *err)
{
	pcf_supplier_policy *p = arg;
	pcf_verify_limits lim;
	unsigned char sha[32], *data = NULL;
	unsigned int dl = 0;
	size_t len = 0, i;
	pcf_reason reason = PCF_REASON_NONE;
	pcf_error e;
	pcf_status st;

	(void)ref;
	if (!p || !path || !out)
		return pcfi_error(err, PCF_E_ARG, "pcf_supplier_policy_resolve: NULL argument");
	pcfi_vfy_limits(p->v, &lim);
	pcf_error_clear(&e);
	if (pcfi_bundle_read_input(path, lim.max_input_bytes, &data, &len, &reason, &e) != PCF_OK) {
		if (err)
			*err = e;
		return e.status ? e.status : PCF_E_IO;
	}
	if (!EVP_Digest(data, len, sha, &dl, EVP_sha256(), NULL) || dl != 32) {
		free(data);
		return pcfi_error(err, PCF_E_CRYPTO, "SHA-256 failed");
	}
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->n; i++)
		if (!memcmp(p->e[i].sha, sha, 32))
			break;
	if (i == p->n) {
		if (p->n == p->cap) {
			size_t nc = p->cap ? 2 * p->cap : 8;
			sup_entry *g = realloc(p->e, nc * sizeof *g);
			if (!g) {
				pthread_mutex_unlock(&p->lock);
				free(data);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
			p->e = g;
			p->cap = nc;
		}
		memset(&p->e[i], 0, sizeof p->e[i]);
		memcpy(p->e[i].sha, sha, 32);
		{
			size_t w = 0;
			while (w < len && (data[w] == ' ' || data[w] == '\t' || data[w] == '\n' || data[w] == '\r'))
				w++;
			if (w < len && (data[w] == '{' || data[w] == '[')) {
				/* a PACT ProductFootprint (supplier: {pact: PATH}): declared figures, not verified */
				if (pcfi_supplier_pact_read(path, data, len, sha, &p->e[i].figs, &p->e[i].err) == PCF_OK)
					p->e[i].ok = 1;
			} else {
				judge(p, path, data, len, &p->e[i]);
			}
		}
		p->n++;
	}
	free(data);
	if (p->e[i].ok) {
		*out = p->e[i].figs.s;   /* strings owned by the policy: they outlive the parse */
		st = PCF_OK;
	} else {
		if (err)
			*err = p->e[i].err;
		st = p->e[i].err.status ? p->e[i].err.status : PCF_E_VERIFY;
	}
	pthread_mutex_unlock(&p->lock);
	return st;
}
