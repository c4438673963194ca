/*
 * test_certificate.c - the render module through its API (pcf/certificate.h): bundles built in memory
 * with results that today's plugins do not make (an uncertainty, more than 8 processes, a negative
 * stage, a stage name nobody translates), rendered as HTML and checked for the chart's grouping and
 * rows; the QR text with and without a URL; the QR check's four outcomes; refusals (bad URL, a
 * bundle that is not one). Uses the demo PKI that make check builds (certs/demo, or $PCF_TEST_PKI).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include <pcf/bundle.h>
#include <pcf/certificate.h>
#include <pcf/signer.h>

#include "fixture.h"
#include "tap.h"

static pcf_signer *signer;

static void setup(void)
{
	signer = fx_issuer(1796054400); /* 2026-11-30T16:00:00Z */
}

static void teardown(void)
{
	pcf_signer_free(signer);
	signer = NULL;
}

#define ID "0123abcd-0000-1111-2222-333344445555"

/*
 * result with the figures the manifest shows (product, declared unit, GWP set, the five parts,
 * the inventory's digest) filled in, since a verifier refuses a manifest that differs from the
 * result it summarises; a result that is not an object is kept as it is. Caller frees.
 */
static char *with_summary(const char *result, const char *inv, size_t invlen)
{
	json_t *r = json_loads(result, 0, NULL), *fp;
	unsigned char md[32];
	char hex[65], *out;
	unsigned int ml = 0;
	int i;

	if (!json_is_object(r)) {
		json_decref(r);
		return strdup(result);
	}
	EVP_Digest(inv, invlen, md, &ml, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	json_object_set_new(r, "inventory", json_pack("{s:s}", "sha256", hex));
	json_object_set_new(r, "product", json_pack("{s:s,s:s,s:{s:i,s:s}}", "id", "urn:test:widget", "name", "Widget",
	                                            "declared-unit", "amount", 1, "unit", "kg"));
	if (!json_object_get(r, "kind"))
		json_object_set_new(r, "kind", json_string("pcfkit-result"));
	if (!json_object_get(r, "format-version"))
		json_object_set_new(r, "format-version", json_string("1.0"));
	if (!json_object_get(r, "methodology"))
		json_object_set_new(r, "methodology", json_pack("{s:s,s:s}", "id", "example", "version", "1.0.0"));
	fp = json_object_get(r, "footprint");
	if (!json_object_get(fp, "total"))
		json_object_set_new(fp, "total", json_integer(10));
	if (!json_object_get(fp, "unit"))
		json_object_set_new(fp, "unit", json_string("kg CO2e"));
	json_object_set_new(fp, "gwp-set", json_string("AR6"));
	json_object_set_new(fp, "fossil", json_integer(12));
	json_object_set_new(fp, "biogenic-emissions", json_integer(0));
	json_object_set_new(fp, "biogenic-removals", json_integer(-2));
	json_object_set_new(fp, "dluc", json_integer(0));
	json_object_set_new(fp, "aircraft", json_integer(0));
	out = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(r);
	return out;
}

/* A bundle whose result.json is result (the manifest's figures are fixed). */
static unsigned char *bundle(const char *result0, size_t *len)
{
	pcf_bundle_input in;
	unsigned char *out = NULL;
	static const char inv[] = "format-version: 1\n";
	char *result = with_summary(result0, inv, sizeof inv - 1);

	fx_bundle_input(&in, "urn:test:widget", "Widget", 1796054400);
	in.certificate_id = ID;
	in.valid_days = 730;
	in.footprint.total = 10;
	in.footprint.fossil = 12;
	in.footprint.biogenic_removals = -2;
	in.inventory = inv;
	in.inventory_size = sizeof inv - 1;
	in.result = result;
	in.result_size = strlen(result);
	ck_assert_int_eq(pcf_bundle_build(signer, &in, &out, len, NULL, NULL), PCF_OK);
	free(result);
	return out;
}

static char *html(const unsigned char *b, size_t len, pcf_certificate_lang lang)
{
	pcf_certificate_options o;
	pcf_verdict *vd = NULL;
	pcf_error err;
	char *out = NULL;
	size_t ol = 0;
	pcf_status st;

	pcf_certificate_options_init(&o);
	o.format = PCF_CERTIFICATE_HTML;
	o.lang = lang;
	st = pcf_certificate_render("t.pcfb", b, len, &o, &out, &ol, &vd, &err);
	ck_assert_msg(st == PCF_OK, "render: %s", err.message);
	ck_assert_int_eq(pcf_verdict_get_code(vd), PCF_VERDICT_UNVERIFIED);
	ck_assert_uint_eq(strlen(out), ol);
	pcf_verdict_free(vd);
	return out;
}

static const char many[] =
	"{\"kind\":\"pcfkit-result\",\"format-version\":\"1.0\","
	"\"methodology\":{\"id\":\"example\",\"version\":\"1.0.0\",\"standard\":\"Test Standard 1\"},"
	"\"footprint\":{\"total\":10,\"unit\":\"kg CO2e\",\"boundary\":\"cradle-to-grave\",\"primary-data-share\":0.5,"
	"\"uncertainty\":{\"low\":9,\"high\":11.5},\"allocation\":{\"method\":\"economic\"}},"
	"\"breakdown\":{\"stages\":[{\"stage\":\"production\",\"value\":12,\"share\":1.2},"
	"{\"stage\":\"moon-landing\",\"value\":-2,\"share\":-0.2}],"
	"\"processes\":["
	"{\"name\":\"p1\",\"value\":1,\"share\":0.1},{\"name\":\"p2\",\"value\":5,\"share\":0.5},"
	"{\"name\":\"p3\",\"value\":0.25,\"share\":0.025},{\"name\":\"p4\",\"value\":2,\"share\":0.2},"
	"{\"name\":\"p5\",\"value\":0.5,\"share\":0.05},{\"name\":\"p6\",\"value\":-3,\"share\":-0.3},"
	"{\"name\":\"p7\",\"value\":1.5,\"share\":0.15},{\"name\":\"p8\",\"value\":0.75,\"share\":0.075},"
	"{\"name\":\"p9\",\"value\":2,\"share\":0.2},{\"name\":\"p10\",\"value\":0.0,\"share\":0}]}}";

START_TEST(chart_groups_the_smallest)
{
	size_t len;
	unsigned char *b = bundle(many, &len);
	char *h = html(b, len, PCF_CERTIFICATE_EN);

	/* 10 processes > 2 stages: the processes; the 7 largest by magnitude, in the result's order. */
	ck_assert_ptr_nonnull(strstr(h, "Contribution by process"));
	ck_assert_ptr_null(strstr(h, "Contribution by life-cycle stage"));
	ck_assert_ptr_nonnull(strstr(h, "<span>p2</span>"));
	ck_assert_ptr_nonnull(strstr(h, "<span>p6</span><i class=\"neg\""));
	ck_assert_ptr_nonnull(strstr(h, "<span>p8</span>"));
	ck_assert_ptr_null(strstr(h, "<span>p3</span>"));
	ck_assert_ptr_null(strstr(h, "<span>p5</span>"));
	ck_assert_ptr_null(strstr(h, "<span>p10</span>"));
	/* The rest: p3 + p5 + p10 = 0.75, 7.5 % of the total. */
	ck_assert_msg(strstr(h, "<span>other (3)</span>") != NULL, "%s", h);
	ck_assert_ptr_nonnull(strstr(h, "<b>0.75 (7.5 %)</b>"));
	ck_assert(strstr(h, "<span>p1</span>") < strstr(h, "<span>p2</span>"));
	ck_assert(strstr(h, "<span>p9</span>") < strstr(h, "<span>other (3)</span>"));
	/* The rows. */
	ck_assert_ptr_nonnull(strstr(h, "<th>Uncertainty</th><td>9 – 11.5 kg CO2e</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>Biogenic removals</th><td>-2 kg CO2e</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>Fossil GHG emissions</th><td>12 kg CO2e</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>System boundary</th><td>cradle to grave</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>Standard</th><td>Test Standard 1</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>Allocation</th><td>economic</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>Primary data share</th><td>50.0 %</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<th>Valid until</th><td>2028-11-29T16:00:00Z</td>"));
	ck_assert_ptr_nonnull(strstr(h, "id=\"not-verified\""));
	ck_assert_ptr_nonnull(strstr(h, "id=\"certificate-id\">" ID "</b>"));
	free(h);
	free(b);
}
END_TEST

START_TEST(chart_of_stages_translated)
{
	static const char few[] =
		"{\"footprint\":{\"boundary\":\"gate-to-gate\",\"uncertainty\":{\"relative\":0.125}},"
		"\"breakdown\":{\"stages\":[{\"stage\":\"production\",\"value\":12,\"share\":1.2},"
		"{\"stage\":\"moon-landing\",\"value\":-2,\"share\":-0.2}],\"processes\":[{\"name\":\"x\",\"value\":10}]}}";
	size_t len;
	unsigned char *b = bundle(few, &len);
	char *h = html(b, len, PCF_CERTIFICATE_ZH);

	ck_assert_ptr_nonnull(strstr(h, "各生命周期阶段的贡献"));
	ck_assert_ptr_nonnull(strstr(h, "<span>生产</span>"));
	ck_assert_ptr_nonnull(strstr(h, "<span>moon-landing</span><i class=\"neg\""));
	ck_assert_ptr_nonnull(strstr(h, "<th>不确定性</th><td>± 12.5 %</td>"));
	ck_assert_ptr_nonnull(strstr(h, "<td>从大门到大门</td>"));
	ck_assert_ptr_nonnull(strstr(h, "lang=\"zh-Hans\""));
	free(h);
	free(b);
}
END_TEST

START_TEST(qr_text_and_check)
{
	size_t len;
	unsigned char *b = bundle(many, &len), md[32];
	unsigned int ml = 0;
	char *q = NULL, *why = NULL, hex[65], other[300];
	pcf_qr_result res;
	pcf_error err;
	size_t i;

	EVP_Digest(b, len, md, &ml, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	ck_assert_int_eq(pcf_certificate_qr_text(ID, md, NULL, &q, NULL), PCF_OK);
	snprintf(other, sizeof other, "pcfkit:certificate?id=%s&sha256=%s", ID, hex);
	ck_assert_str_eq(q, other);
	ck_assert_int_eq(pcf_certificate_qr_check("t", b, len, q, &res, &why, NULL), PCF_OK);
	ck_assert_int_eq(res, PCF_QR_MATCH);
	ck_assert_ptr_nonnull(strstr(why, hex));
	free(q);
	free(why);
	ck_assert_int_eq(pcf_certificate_qr_text(ID, md, "https://x.example/v?a=1", &q, NULL), PCF_OK);
	snprintf(other, sizeof other, "https://x.example/v?a=1&id=%s&sha256=%s", ID, hex);
	ck_assert_str_eq(q, other);
	ck_assert_int_eq(pcf_certificate_qr_check("t", b, len, q, &res, NULL, NULL), PCF_OK);
	ck_assert_int_eq(res, PCF_QR_MATCH);
	free(q);
	{
		/* The URL's limit at its boundary: 512 bytes pass, 513 are refused. */
		char u[600];
		memset(u, 'a', sizeof u);
		memcpy(u, "https://", 8);
		u[512] = 0;
		ck_assert_int_eq(pcf_certificate_qr_text(ID, md, u, &q, NULL), PCF_OK);
		free(q);
		q = NULL;
		u[512] = 'a';
		u[513] = 0;
		ck_assert_int_eq(pcf_certificate_qr_text(ID, md, u, &q, &err), PCF_E_ARG);
		ck_assert_ptr_nonnull(strstr(err.message, "at most 512 bytes"));
	}
	ck_assert_int_eq(pcf_certificate_qr_text(ID, md, "https://x.example/a b", &q, &err), PCF_E_ARG);
	ck_assert_int_eq(pcf_certificate_qr_text(ID, md, "file:///etc/passwd", &q, &err), PCF_E_ARG);
	ck_assert_ptr_null(q);

	snprintf(other, sizeof other, "pcfkit:certificate?id=%.35s9&sha256=%s", ID, hex);
	ck_assert_int_eq(pcf_certificate_qr_check("t", b, len, other, &res, NULL, NULL), PCF_OK);
	ck_assert_int_eq(res, PCF_QR_ID_MISMATCH);
	snprintf(other, sizeof other, "pcfkit:certificate?id=%s&sha256=%.63s%c", ID, hex, hex[63] == '0' ? '1' : '0');
	ck_assert_int_eq(pcf_certificate_qr_check("t", b, len, other, &res, NULL, NULL), PCF_OK);
	ck_assert_int_eq(res, PCF_QR_DIGEST_MISMATCH);
	snprintf(other, sizeof other, "pcfkit:certificate?id=%s&sha256=%s", ID, "ABCDEF");
	ck_assert_int_eq(pcf_certificate_qr_check("t", b, len, other, &res, NULL, NULL), PCF_OK);
	ck_assert_int_eq(res, PCF_QR_MALFORMED);
	ck_assert_int_eq(pcf_certificate_qr_check("t", b, len, "id=x", &res, NULL, NULL), PCF_OK);
	ck_assert_int_eq(res, PCF_QR_MALFORMED);
	ck_assert_str_eq(pcf_qr_result_name(PCF_QR_DIGEST_MISMATCH), "qr-digest-mismatch");
	/* Not a bundle at all. */
	ck_assert_int_eq(pcf_certificate_qr_check("t", "hello", 5, other, &res, NULL, &err), PCF_E_BUNDLE);
	free(b);
}
END_TEST

START_TEST(refusals)
{
	pcf_certificate_options o;
	pcf_verdict *vd = NULL;
	pcf_error err;
	char *out = NULL;
	size_t ol = 0, len;
	unsigned char *b = bundle("[1]", &len);

	pcf_certificate_options_init(&o);
	/* result.json that is not an object. */
	ck_assert_int_eq(pcf_certificate_render("t.pcfb", b, len, &o, &out, &ol, &vd, &err), PCF_E_BUNDLE);
	ck_assert_ptr_nonnull(strstr(err.message, "result.json"));
	ck_assert_ptr_null(out);
	pcf_verdict_free(vd);
	vd = NULL;
	o.url = "javascript:alert(1)";
	ck_assert_int_eq(pcf_certificate_render("t.pcfb", b, len, &o, &out, &ol, NULL, &err), PCF_E_ARG);
	o.url = NULL;
	ck_assert_int_eq(pcf_certificate_render("x.pcfb", "not a tar", 9, &o, &out, &ol, &vd, &err), PCF_E_BUNDLE);
	ck_assert_ptr_nonnull(vd);
	ck_assert_ptr_null(out);
	pcf_verdict_free(vd);
	ck_assert_int_eq(pcf_certificate_render(NULL, b, len, &o, &out, &ol, NULL, &err), PCF_E_ARG);
	free(b);
}
END_TEST

START_TEST(pdf_and_png)
{
	pcf_certificate_options o;
	char *out = NULL;
	size_t ol = 0, len;
	unsigned char *b = bundle(many, &len);

	pcf_certificate_options_init(&o);
	ck_assert_int_eq(pcf_certificate_render("t.pcfb", b, len, &o, &out, &ol, NULL, NULL), PCF_OK);
	ck_assert_uint_gt(ol, 1000);
	ck_assert_int_eq(memcmp(out, "%PDF-1.5", 8), 0);
	free(out);
	o.format = PCF_CERTIFICATE_PNG;
	ck_assert_int_eq(pcf_certificate_render("t.pcfb", b, len, &o, &out, &ol, NULL, NULL), PCF_OK);
	ck_assert_int_eq(memcmp(out, "\x89PNG\r\n\x1a\n", 8), 0);
	free(out);
	free(b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("certificate");
	TCase *tc = tcase_create("certificate");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, chart_groups_the_smallest);
	tcase_add_test(tc, chart_of_stages_translated);
	tcase_add_test(tc, qr_text_and_check);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, pdf_and_png);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
