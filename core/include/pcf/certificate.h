/*
 * pcf/certificate.h - the certificate a person reads: a PDF, PNG or HTML document made from a
 * certificate bundle (.pcfb), with a QR code that names the bundle (certificate id and the SHA-256
 * of the bundle file), and the check that a scanned QR text names a given bundle.
 *
 * The document is made only from what the bundle says (manifest.json, result.json and the signer
 * certificate in manifest.p7s). With a verifier the bundle is verified first and nothing is made
 * unless the verdict is valid, suspended or withdrawn (the verifier's status lists: the page then
 * says SUSPENDED or WITHDRAWN under the title, in its status row and across the page; a valid
 * bundle whose status was checked says "In force"); without one (--unverified) the archive, the manifest and every
 * file's digest are still checked, and the document carries a "NOT VERIFIED" watermark.
 * The same bundle and options give the same bytes: no current time, no random, fixed metadata
 * (the PDF's creation and modification dates are the bundle's issue time).
 *
 * docs/certificate.md describes the layout, the QR text and the languages.
 *
 * Ownership: every output string is caller-owned (free()); the verifier is borrowed; a verdict
 * handed back is caller-owned (pcf_verdict_free).
 */
#ifndef PCF_CERTIFICATE_H
#define PCF_CERTIFICATE_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/verify.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pcf_certificate_format {
	PCF_CERTIFICATE_PDF = 0, /* A4 portrait, one page, fonts embedded */
	PCF_CERTIFICATE_PNG = 1, /* the same page at 150 dpi */
	PCF_CERTIFICATE_HTML = 2 /* one self-contained HTML file, the QR as inline SVG */
} pcf_certificate_format;

typedef enum pcf_certificate_lang {
	PCF_CERTIFICATE_EN = 0, /* English */
	PCF_CERTIFICATE_ZH = 1  /* Simplified Chinese (labels; the bundle's own text is shown as written) */
} pcf_certificate_lang;

typedef struct pcf_certificate_options {
	pcf_certificate_format format;
	pcf_certificate_lang lang;
	/* A verification URL of the body put into the QR and printed (NULL: none); at most 512 bytes,
	 * http:// or https://, without spaces, '#' or control characters. */
	const char *url;
	/* A verifier (borrowed): the bundle must be valid. NULL: not verified, watermarked. */
	const pcf_verifier *verifier;
} pcf_certificate_options;

/* Fill o with the defaults: PDF, English, no URL, no verifier. */
void pcf_certificate_options_init(pcf_certificate_options *o);

/*
 * Make the document for the bundle in data/len (name is used in messages). *out (caller frees)
 * holds *out_len bytes. When verification fails: PCF_E_VERIFY, nothing in *out, and the verdict
 * in *verdict when verdict is not NULL (also on success: valid, suspended or withdrawn, or
 * unverified without a verifier).
 * PCF_E_BUNDLE for a bundle that cannot be read even structurally, PCF_E_ARG for a bad URL.
 */
pcf_status pcf_certificate_render(const char *name, const void *data, size_t len, const pcf_certificate_options *o,
                                  char **out, size_t *out_len, pcf_verdict **verdict, pcf_error *err);

/*
 * The QR text for a certificate id and the bundle's SHA-256 (32 bytes), with url or NULL:
 *   without url: "pcfkit:certificate?id=ID&sha256=HEX"
 *   with url:    "URL?id=ID&sha256=HEX" ('&' instead of '?' when URL has a query already).
 * *out is a new string (caller frees).
 */
pcf_status pcf_certificate_qr_text(const char *id, const unsigned char sha256[32], const char *url, char **out,
                                   pcf_error *err);

/* Outcome of pcf_certificate_qr_check. */
typedef enum pcf_qr_result {
	PCF_QR_MATCH = 0,           /* the text names this bundle: same id and same SHA-256 */
	PCF_QR_MALFORMED = 1,       /* qr-malformed: no id= and sha256= of the right form */
	PCF_QR_ID_MISMATCH = 2,     /* qr-id-mismatch: another certificate */
	PCF_QR_DIGEST_MISMATCH = 3  /* qr-digest-mismatch: same id, other bytes (another copy, tampered) */
} pcf_qr_result;

/*
 * Check that the scanned text qr names the bundle in data/len: its manifest's certificate id and
 * the SHA-256 of data. *result says which; *why (caller frees; may be NULL) a sentence naming
 * both sides. PCF_OK whenever a result was made (also for a mismatch); an error status when the
 * bundle cannot be read (PCF_E_BUNDLE) or out of memory.
 */
pcf_status pcf_certificate_qr_check(const char *name, const void *data, size_t len, const char *qr,
                                    pcf_qr_result *result, char **why, pcf_error *err);

/* "match", "qr-malformed", "qr-id-mismatch", "qr-digest-mismatch". */
const char *pcf_qr_result_name(pcf_qr_result r);

#ifdef __cplusplus
}
#endif
#endif
