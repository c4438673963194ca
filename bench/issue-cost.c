/*
 * issue-cost.c - what one bundle of B1 costs, stage by stage, in CPU time in one process (built only
 * by `make bench`, never installed):
 *
 *   bench/issue-cost KEY CERT CHAIN INVENTORY [N]
 *
 * times N times (default 2000) each of: the raw ECDSA/RSA signature of a SHA-256 digest with the
 * issuer's key (EVP_PKEY_sign, what `openssl speed ecdsap256` measures), the detached CMS signature
 * of a manifest-sized text as pcf issue makes it (pcfi_cms_sign_detached: CMS_sign, signer, signingTime,
 * the chain, CMS_final, DER), the whole bundle in memory (pcf_bundle_build: digests, manifest, CMS,
 * tar), and the computation in the compute worker (pcf_compute_bytes with the iso14067 method and
 * pcf_result_json). Prints microseconds per operation, and what is left of the budget of 20 % of the
 * raw signing rate. Times are CPU seconds of this process.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <pcf/pcf.h>

#include "base/fsutil.h"
#include "crypto/signer_impl.h"

static double cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int die(const char *what, const pcf_error *err)
{
	fprintf(stderr, "issue-cost: %s: %s\n", what, err ? err->message : "failed");
	return 1;
}

int main(int argc, char **argv)
{
	pcf_signer_options so = { 0 };
	pcf_signer *signer = NULL;
	pcf_methods *methods = NULL;
	const pcf_method *method = NULL;
	pcf_factor_lib *factors = NULL;
	pcf_error err;
	char *inv = NULL, *json = NULL;
	size_t inv_len = 0, json_len = 0, i, n;
	unsigned char md[32], sig[1024], *der = NULL;
	size_t der_len = 0, sig_len;
	char manifest[1500];
	double t0, t_raw, t_cms, t_bundle, t_compute, budget;
	EVP_PKEY_CTX *pctx;
	pcf_result *r = NULL;
	pcf_bundle_input in;

	if (argc < 5) {
		fprintf(stderr, "usage: issue-cost KEY CERT CHAIN INVENTORY [N]\n");
		return 2;
	}
	n = argc > 5 ? (size_t)strtoul(argv[5], NULL, 10) : 2000;
	so.key_path = argv[1];
	so.cert_path = argv[2];
	so.chain_path = argv[3];
	so.at = (int64_t)time(NULL);
	if (pcf_signer_load(&signer, &so, &err) != PCF_OK)
		return die("signer", &err);
	if (pcf_file_read(argv[4], 64u << 20, &inv, &inv_len, &err) != PCF_OK)
		return die("inventory", &err);
	if (pcf_factor_lib_new(&factors, &err) || pcf_factor_lib_load_default(factors, NULL, &err) ||
	    pcf_methods_new(&methods, 0, &err) || pcf_methods_find(methods, "iso14067", &method, &err))
		return die("method", &err);

	/* raw signature of a digest */
	RAND_bytes(md, sizeof md);
	pctx = EVP_PKEY_CTX_new(signer->key, NULL);
	if (!pctx || EVP_PKEY_sign_init(pctx) <= 0 || EVP_PKEY_CTX_set_signature_md(pctx, EVP_sha256()) <= 0)
		return die("EVP_PKEY_sign_init", NULL);
	t0 = cpu();
	for (i = 0; i < n; i++) {
		sig_len = sizeof sig;
		if (EVP_PKEY_sign(pctx, sig, &sig_len, md, sizeof md) <= 0)
			return die("EVP_PKEY_sign", NULL);
	}
	t_raw = (cpu() - t0) / (double)n;
	EVP_PKEY_CTX_free(pctx);

	/* CMS over a manifest-sized text */
	memset(manifest, 'm', sizeof manifest);
	t0 = cpu();
	for (i = 0; i < n; i++) {
		if (pcfi_cms_sign_detached(signer, manifest, sizeof manifest, so.at, &der, &der_len, &err) != PCF_OK)
			return die("cms", &err);
		OPENSSL_free(der);
	}
	t_cms = (cpu() - t0) / (double)n;

	/* the computation, as the compute worker does it */
	t0 = cpu();
	for (i = 0; i < n; i++) {
		pcf_result_free(r);
		free(json);
		r = NULL;
		if (pcf_compute_bytes(method, argv[4], inv, inv_len, factors, NULL, &r, NULL, NULL, &err) != PCF_OK ||
		    pcf_result_json(r, &json, &json_len, &err) != PCF_OK)
			return die("compute", &err);
	}
	t_compute = (cpu() - t0) / (double)n;

	/* the whole bundle in memory */
	memset(&in, 0, sizeof in);
	in.issued_at = so.at;
	in.valid_days = 365;
	in.product_id = pcf_result_product_id(r);
	in.product_name = pcf_result_product_name(r);
	in.declared_amount = pcf_result_declared_amount(r);
	in.declared_unit = pcf_result_declared_unit(r);
	in.methodology_id = pcf_result_method_id(r);
	in.methodology_version = pcf_result_method_version(r);
	in.footprint.total = pcf_result_total(r);
	in.footprint.unit = pcf_result_unit(r);
	in.footprint.gwp_set = pcf_result_gwp_set(r);
	in.footprint.fossil = pcf_result_figure(r, "fossil");
	in.footprint.biogenic_emissions = pcf_result_figure(r, "biogenic-emissions");
	in.footprint.biogenic_removals = pcf_result_figure(r, "biogenic-removals");
	in.footprint.dluc = pcf_result_figure(r, "dluc");
	in.footprint.aircraft = pcf_result_figure(r, "aircraft");
	in.inventory = inv;
	in.inventory_size = inv_len;
	in.result = json;
	in.result_size = json_len;
	t0 = cpu();
	for (i = 0; i < n; i++) {
		unsigned char *b = NULL;
		size_t blen;
		if (pcf_bundle_build(signer, &in, &b, &blen, NULL, &err) != PCF_OK)
			return die("bundle", &err);
		free(b);
	}
	t_bundle = (cpu() - t0) / (double)n;

	budget = 5 * t_raw;   /* 20 % of the raw rate: five raw signatures' time per bundle */
	printf("operations %zu, inventory %zu bytes, result %zu bytes, key %s\n", n, inv_len, json_len,
	       pcf_signer_key_description(signer));
	printf("raw signature (EVP_PKEY_sign)     %8.1f us   %8.0f per CPU second\n", t_raw * 1e6, 1 / t_raw);
	printf("CMS signature (pcfi_cms_sign...)  %8.1f us   = %.2f raw signatures\n", t_cms * 1e6, t_cms / t_raw);
	printf("bundle build (pcf_bundle_build)   %8.1f us   = %.2f raw signatures (CMS included)\n", t_bundle * 1e6,
	       t_bundle / t_raw);
	printf("compute + result JSON             %8.1f us   = %.2f raw signatures\n", t_compute * 1e6, t_compute / t_raw);
	printf("budget at 20 %% of the raw rate    %8.1f us per bundle; bundle build + compute use %.0f %% of it\n",
	       budget * 1e6, (t_bundle + t_compute) / budget * 100);
	pcf_result_free(r);
	free(json);
	free(inv);
	pcf_methods_free(methods);
	pcf_factor_lib_free(factors);
	pcf_signer_free(signer);
	return 0;
}
