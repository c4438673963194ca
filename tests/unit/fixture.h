/*
 * fixture.h - what the unit tests that sign bundles share (test_extract, test_robust, test_certificate):
 * paths in the demo PKI that make check builds, the demo issuer as a signer, and a bundle input with the
 * summary of a plain 1 kg product under the example methodology. Each helper fails the running test
 * (ck_assert) when it cannot do its job.
 *
 * Ownership: path strings live in static buffers used in turn (8 of them: enough for the arguments of
 * any one call); the signer belongs to the caller (pcf_signer_free); a bundle input borrows its strings.
 */
#ifndef PCF_TEST_FIXTURE_H
#define PCF_TEST_FIXTURE_H

#include <stdint.h>

#include <pcf/bundle.h>
#include <pcf/signer.h>

/* dir/name. */
const char *fx_path(const char *dir, const char *name);

/* name in the demo PKI: $PCF_TEST_PKI when set (make check sets it), else the build's certs/demo. */
const char *fx_pki(const char *name);

/* The demo issuer (issuer.key, issuer.pem, chain.pem) as a signer whose certificates are checked at `at`. */
pcf_signer *fx_issuer(int64_t at);

/*
 * *in made by pcf_bundle_input_init and filled with the summary of a 1 kg product (product_id,
 * product_name) under example 1.0.0: total 1 kg CO2e (AR6), all of it fossil; issued at issued_at,
 * valid 30 days. The caller adds the inventory, the result and what else its bundle needs.
 */
void fx_bundle_input(pcf_bundle_input *in, const char *product_id, const char *product_name, int64_t issued_at);

#endif
