/*
 * fixture.c - the shared fixtures of the unit tests that sign bundles (fixture.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tap.h"

const char *fx_path(const char *dir, const char *name)
{
	static char buf[8][1024];
	static unsigned k;
	char *b = buf[k++ % 8];

	snprintf(b, sizeof buf[0], "%s/%s", dir, name);
	return b;
}

const char *fx_pki(const char *name)
{
	const char *e = getenv("PCF_TEST_PKI");

	return fx_path(e && *e ? e : TEST_BUILDDIR "/certs/demo", name);
}

pcf_signer *fx_issuer(int64_t at)
{
	pcf_signer_options so;
	pcf_signer *s = NULL;
	pcf_error err;

	ck_assert_int_eq(pcf_signer_options_init(&so, PCF_SIGNER_OPTIONS_VERSION), PCF_OK);
	so.key_path = fx_pki("issuer.key");
	so.cert_path = fx_pki("issuer.pem");
	so.chain_path = fx_pki("chain.pem");
	so.at = at;
	ck_assert_msg(pcf_signer_load(&s, &so, &err) == PCF_OK, "%s", err.message);
	return s;
}

void fx_bundle_input(pcf_bundle_input *in, const char *product_id, const char *product_name, int64_t issued_at)
{
	ck_assert_int_eq(pcf_bundle_input_init(in, PCF_BUNDLE_INPUT_VERSION), PCF_OK);
	in->issued_at = issued_at;
	in->valid_days = 30;
	in->product_id = product_id;
	in->product_name = product_name;
	in->declared_amount = 1;
	in->declared_unit = "kg";
	in->methodology_id = "example";
	in->methodology_version = "1.0.0";
	in->footprint.total = 1;
	in->footprint.unit = "kg CO2e";
	in->footprint.gwp_set = "AR6";
	in->footprint.fossil = 1;
}
