/*
 * certdoc.h - the certificate document's content, gathered once from a bundle (internal to the
 * render module), and the two writers that lay it out: cairo/pango (PDF, PNG) and HTML.
 * Every string is NUL-terminated UTF-8 owned by the document (pcfi_certdoc_free).
 */
#ifndef PCF_RENDER_CERTDOC_H
#define PCF_RENDER_CERTDOC_H

#include <jansson.h>
#include <stddef.h>

#include <pcf/certificate.h>

#include "base/buf.h"

/* The parts of the footprint reported apart, in the order shown. */
enum { PCFI_PART_FOSSIL, PCFI_PART_BIO_EMIS, PCFI_PART_BIO_REM, PCFI_PART_DLUC, PCFI_PART_AIRCRAFT, PCFI_PART_N };

#define PCFI_CERT_MAX_BARS 8

typedef struct pcfi_cert_bar {
	const char *label; /* a translated stage name, a process name, or "other (N)" */
	double value, share;
	int has_share;
} pcfi_cert_bar;

/* The certificate's status from the body's signed status lists (pcf certificate --status). */
enum { PCFI_CERT_STATUS_NONE, PCFI_CERT_STATUS_GOOD, PCFI_CERT_STATUS_SUSPENDED, PCFI_CERT_STATUS_WITHDRAWN };

typedef struct pcfi_certdoc {
	pcf_certificate_lang lang;
	int verified; /* 1: the verifier said valid; 0: --unverified (watermark) */
	int status;   /* PCFI_CERT_STATUS_*: NONE when no status list was checked */
	const char *id, *issued_at, *valid_from, *valid_until, *supersedes;
	const char *body_name, *body_org;          /* manifest issuer (the signer's CN and O) */
	char signer_subject[512], signer_issuer[512], signer_not_after[32];
	const char *product_name, *product_id, *declared_unit;
	double declared_amount;
	const char *method_id, *method_version, *standard;
	double total;
	const char *unit, *gwp_set, *boundary, *allocation;
	double part[PCFI_PART_N];
	int has_part[PCFI_PART_N];
	double primary_share;
	int has_primary;
	int has_uncertainty;       /* footprint.uncertainty {low, high} or {relative} when a result has it */
	double unc_low, unc_high, unc_rel;
	int chart_processes;       /* 1: bars are processes, 0: stages */
	pcfi_cert_bar bars[PCFI_CERT_MAX_BARS];
	size_t nbars;
	char other_label[64];
	char sha256_hex[65];
	char *qr_text;
	const char *url;
	json_t *manifest, *result; /* kept for the strings above */
} pcfi_certdoc;

void pcfi_certdoc_free(pcfi_certdoc *d);

/* The label keys of d's status: the row's text, the note under the title and the watermark
 * ("status-good" ... ; NULL when there is none to show, e.g. no note for a good standing). */
const char *pcfi_cert_status_key(const pcfi_certdoc *d, int which);
enum { PCFI_STATUS_ROW, PCFI_STATUS_NOTE, PCFI_STATUS_MARK };

/* The label text for key in the document's language (a static string). */
const char *pcfi_cert_label(const pcfi_certdoc *d, const char *key);
/* A number for people: at most 4 significant digits, no exponent below 1e15, "-" never for 0. */
void pcfi_cert_num(char *buf, size_t len, double v);

/* Lay out d on one A4 page as PDF (png 0) or PNG (png 1) into out. */
pcf_status pcfi_certdoc_draw(const pcfi_certdoc *d, int png, pcfi_buf *out, pcf_error *err);
/* Write d as one HTML file, every text from the bundle escaped. */
pcf_status pcfi_certdoc_html(const pcfi_certdoc *d, pcfi_buf *out, pcf_error *err);

/* The QR symbol of text: *width modules a side, *mods width*width bytes (1 dark; caller frees). */
pcf_status pcfi_cert_qr(const char *text, int *width, unsigned char **mods, pcf_error *err);

#endif
