/*
 * fuzz_bundle.c - libFuzzer target: the safe bundle reader and the strict manifest parser on
 * arbitrary bytes (pcf inspect's path: archive and manifest checks, no keys needed), and, when
 * PCF_FUZZ_PKI names a demo PKI (certs/make-demo-pki), the whole verifier with its root and CRLs.
 * Nothing may crash, leak or hang, and nothing but the seed itself may come out valid.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/bundle_reader.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

#include "verify/verify_manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pcf_verifier *fuzz_verifier(void)
{
	static int done;
	static pcf_trust *trust;
	static pcf_verifier *v;
	const char *pki = getenv("PCF_FUZZ_PKI");
	char root[1024], crl[1024];
	const char *anchors[1], *crls[1];
	pcf_verify_options o;

	if (done)
		return v;
	done = 1;
	if (!pki)
		return NULL;
	snprintf(root, sizeof root, "%s/root.pem", pki);
	snprintf(crl, sizeof crl, "%s/crl/trusted.crl.pem", pki);
	anchors[0] = root;
	crls[0] = crl;
	pcf_verify_options_init(&o, PCF_VERIFY_OPTIONS_VERSION);
	o.at_set = 1;
	o.at = 1798761600; /* 2027-01-01 */
	o.no_recompute = 1;
	if (pcf_trust_load(anchors, 1, crls, 1, &trust, NULL) != PCF_OK || pcf_verifier_new(trust, &o, &v, NULL) != PCF_OK)
		v = NULL;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pcf_verdict *vd = NULL;
	pcf_bundle_view *view = NULL;
	pcfi_vfy_manifest m;
	pcf_verifier *v = fuzz_verifier();

	memset(&m, 0, sizeof m);
	if (pcfi_vfy_run(NULL, "fuzz", data, size, 2, &vd, &view, &m, NULL) == PCF_OK) {
		pcf_verdict_free(vd);
		pcf_bundle_view_free(view);
		pcfi_vfy_manifest_free(&m);
	}
	if (v && pcf_verify_memory(v, "fuzz", data, size, &vd, NULL) == PCF_OK) {
		char *json = NULL;
		size_t len;
		pcf_verdicts_to_json((const pcf_verdict *const *)&vd, 1, &json, &len, NULL);
		free(json);
		pcf_verdict_free(vd);
	}
	return 0;
}
