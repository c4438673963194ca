/*
 * html.c - the certificate as one self-contained HTML file (no script, no external resource): the
 * same content as the PDF, the chart as CSS bars and the QR code as inline SVG. Every text that
 * comes from the bundle is escaped (& < > " '), so a hostile product name stays text.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/version.h>

#include "base/error_impl.h"
#include "render/certdoc.h"

static void esc(pcfi_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': pcfi_buf_puts(b, "&amp;"); break;
		case '<': pcfi_buf_puts(b, "&lt;"); break;
		case '>': pcfi_buf_puts(b, "&gt;"); break;
		case '"': pcfi_buf_puts(b, "&quot;"); break;
		case '\'': pcfi_buf_puts(b, "&#39;"); break;
		default:
			/* Control characters other than tab and newline are dropped. */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				pcfi_buf_putc(b, *s);
		}
	}
}

static void row(pcfi_buf *b, const char *label, const char *value)
{
	pcfi_buf_puts(b, "<tr><th>");
	esc(b, label);
	pcfi_buf_puts(b, "</th><td>");
	esc(b, value);
	pcfi_buf_puts(b, "</td></tr>\n");
}

static void amount_row(pcfi_buf *b, const pcfi_certdoc *d, const char *key, double v)
{
	char n[48], s[160];
	pcfi_cert_num(n, sizeof n, v);
	snprintf(s, sizeof s, "%s %s", n, d->unit);
	row(b, pcfi_cert_label(d, key), s);
}

/* The document's head (title, the one style sheet) and the banner with the body's name. */
static void html_head(const pcfi_certdoc *d, pcfi_buf *b)
{
	pcfi_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	                pcfi_cert_label(d, "lang"));
	pcfi_buf_puts(b, "<title>");
	esc(b, pcfi_cert_label(d, "title"));
	pcfi_buf_puts(b, " ");
	esc(b, d->id);
	pcfi_buf_puts(b, "</title>\n<style>\n"
	                 "body{font-family:'DejaVu Sans','Noto Sans CJK SC',sans-serif;color:#1a1a1a;max-width:820px;"
	                 "margin:2em auto;border:3px double #1f5f3f;padding:0 0 1em}\n"
	                 "header{background:#1f5f3f;color:#fff;text-align:center;padding:1em}\n"
	                 "header h1{margin:0;font-size:1.7em}\n.c{text-align:center}\n.grey{color:#606060}\n"
	                 ".total{font-size:2.6em;font-weight:bold;color:#1f5f3f;margin:.1em}\n"
	                 ".warn{color:#c01818;font-weight:bold;text-align:center}\n"
	                 ".cols{display:flex;gap:2em;padding:0 2em}\n.cols>div{flex:1}\n"
	                 "h2{color:#1f5f3f;font-size:1.1em;border-bottom:1px solid #b8c8bc}\n"
	                 "table{width:100%;border-collapse:collapse}th{text-align:left;font-weight:normal;color:#606060}"
	                 "td{text-align:right;font-weight:bold}\n"
	                 ".chart{padding:0 2em}.bar{display:flex;align-items:center;margin:.3em 0}"
	                 ".bar span{width:30%;text-align:right;padding-right:.5em}"
	                 ".bar i{display:inline-block;height:.9em;background:#3f8f5f}.bar i.neg{background:#c07020}"
	                 ".bar b{font-weight:normal;color:#606060;padding-left:.4em}\n"
	                 ".foot{display:flex;gap:2em;padding:0 2em}.foot>div{flex:1}.mono{font-family:monospace;"
	                 "word-break:break-all}\n"
	                 "footer{font-size:.75em;color:#606060;text-align:center;border-top:1px solid #b8c8bc;"
	                 "margin:1em 2em 0;padding-top:.5em}\n"
	                 "</style>\n</head>\n<body>\n<header><h1>");
	esc(b, pcfi_cert_label(d, "title"));
	pcfi_buf_puts(b, "</h1><div>");
	esc(b, d->body_org ? d->body_org : d->body_name);
	pcfi_buf_puts(b, "</div></header>\n");
}

/* The notes that it is not verified or not current, then what is certified: the product and its total per declared unit. */
static void html_claim(const pcfi_certdoc *d, pcfi_buf *b)
{
	char n[48];

	if (!d->verified) {
		pcfi_buf_puts(b, "<p class=\"warn\" id=\"not-verified\">");
		esc(b, pcfi_cert_label(d, "not-verified-note"));
		pcfi_buf_puts(b, "</p>\n");
	}
	if (pcfi_cert_status_key(d, PCFI_STATUS_NOTE)) {
		pcfi_buf_puts(b, "<p class=\"warn\" id=\"status-note\">");
		esc(b, pcfi_cert_label(d, pcfi_cert_status_key(d, PCFI_STATUS_NOTE)));
		pcfi_buf_puts(b, "</p>\n");
	}
	pcfi_buf_puts(b, "<p class=\"c grey\">");
	esc(b, pcfi_cert_label(d, "certifies"));
	pcfi_buf_puts(b, "</p>\n<h2 class=\"c\" id=\"product\" style=\"border:0;color:#1a1a1a;font-size:1.6em\">");
	esc(b, d->product_name);
	pcfi_buf_puts(b, "</h2>\n<p class=\"c grey mono\">");
	esc(b, d->product_id);
	pcfi_buf_puts(b, "</p>\n<p class=\"c grey\">");
	esc(b, pcfi_cert_label(d, "is"));
	pcfi_cert_num(n, sizeof n, d->total);
	pcfi_buf_printf(b, "</p>\n<p class=\"c total\">%s ", n);
	esc(b, d->unit);
	pcfi_cert_num(n, sizeof n, d->declared_amount);
	pcfi_buf_puts(b, "</p>\n<p class=\"c\">");
	esc(b, pcfi_cert_label(d, "per"));
	pcfi_buf_printf(b, " %s ", n);
	esc(b, d->declared_unit);
	pcfi_buf_puts(b, "</p>\n");
}

/* The columns begin; the first: the footprint's parts, its uncertainty, the GWP set and the primary-data share. */
static void html_figures(const pcfi_certdoc *d, pcfi_buf *b)
{
	static const char *const keys[PCFI_PART_N] = { "fossil", "biogenic-emissions", "biogenic-removals", "dluc",
		                                         "aircraft" };
	char s[1024];
	int i;

	pcfi_buf_puts(b, "<div class=\"cols\"><div><h2>");
	esc(b, pcfi_cert_label(d, "split"));
	pcfi_buf_puts(b, "</h2><table>\n");
	for (i = 0; i < PCFI_PART_N; i++)
		if (d->has_part[i])
			amount_row(b, d, keys[i], d->part[i]);
	if (d->has_uncertainty == 1) {
		char a[48], c[48];
		pcfi_cert_num(a, sizeof a, d->unc_low);
		pcfi_cert_num(c, sizeof c, d->unc_high);
		snprintf(s, sizeof s, "%s – %s %s", a, c, d->unit);
		row(b, pcfi_cert_label(d, "uncertainty"), s);
	} else if (d->has_uncertainty == 2) {
		snprintf(s, sizeof s, "± %.1f %%", d->unc_rel * 100);
		row(b, pcfi_cert_label(d, "uncertainty"), s);
	}
	row(b, pcfi_cert_label(d, "gwp"), d->gwp_set ? d->gwp_set : pcfi_cert_label(d, "none"));
	if (d->has_primary) {
		snprintf(s, sizeof s, "%.1f %%", d->primary_share * 100);
		row(b, pcfi_cert_label(d, "primary"), s);
	}
	pcfi_buf_puts(b, "</table></div>");
}

/* The second column, which closes the columns: the scope (boundary, methodology, standard, allocation) and the
 * validity, with the status. */
static void html_scope(const pcfi_certdoc *d, pcfi_buf *b)
{
	char s[1024];

	pcfi_buf_puts(b, "<div><h2>");
	esc(b, pcfi_cert_label(d, "scope"));
	pcfi_buf_puts(b, "</h2><table>\n");
	{
		const char *bl = d->boundary ? pcfi_cert_label(d, d->boundary) : NULL;
		row(b, pcfi_cert_label(d, "boundary"), bl ? bl : d->boundary ? d->boundary : pcfi_cert_label(d, "none"));
	}
	snprintf(s, sizeof s, "%s %s", d->method_id, d->method_version);
	row(b, pcfi_cert_label(d, "methodology"), s);
	if (d->standard)
		row(b, pcfi_cert_label(d, "standard"), d->standard);
	if (d->allocation)
		row(b, pcfi_cert_label(d, "allocation"), d->allocation);
	pcfi_buf_puts(b, "</table><h2>");
	esc(b, pcfi_cert_label(d, "validity"));
	pcfi_buf_puts(b, "</h2><table>\n");
	row(b, pcfi_cert_label(d, "valid-from"), d->valid_from);
	row(b, pcfi_cert_label(d, "valid-until"), d->valid_until);
	row(b, pcfi_cert_label(d, "issued-at"), d->issued_at);
	if (d->supersedes)
		row(b, pcfi_cert_label(d, "supersedes"), d->supersedes);
	if (pcfi_cert_status_key(d, PCFI_STATUS_ROW))
		row(b, pcfi_cert_label(d, "status"), pcfi_cert_label(d, pcfi_cert_status_key(d, PCFI_STATUS_ROW)));
	pcfi_buf_puts(b, "</table></div></div>\n");
}

/* The chart, when there are bars: one CSS bar a stage or process, scaled to the largest magnitude. */
static void html_chart(const pcfi_certdoc *d, pcfi_buf *b)
{
	char n[48];
	double max = 0;
	size_t k;

	if (!d->nbars)
		return;
	pcfi_buf_puts(b, "<div class=\"chart\"><h2>");
	esc(b, pcfi_cert_label(d, d->chart_processes ? "chart-processes" : "chart-stages"));
	pcfi_buf_puts(b, "</h2>\n");
	for (k = 0; k < d->nbars; k++)
		if (fabs(d->bars[k].value) > max)
			max = fabs(d->bars[k].value);
	for (k = 0; k < d->nbars; k++) {
		const pcfi_cert_bar *bar = &d->bars[k];
		pcfi_buf_puts(b, "<div class=\"bar\"><span>");
		esc(b, bar->label);
		pcfi_buf_printf(b, "</span><i%s style=\"width:%.1f%%\"></i><b>", bar->value < 0 ? " class=\"neg\"" : "",
		                max > 0 ? fabs(bar->value) / max * 55 : 0);
		pcfi_cert_num(n, sizeof n, bar->value);
		if (bar->has_share)
			pcfi_buf_printf(b, "%s (%.1f %%)", n, bar->share * 100);
		else
			pcfi_buf_puts(b, n);
		pcfi_buf_puts(b, "</b></div>\n");
	}
	pcfi_buf_puts(b, "</div>\n");
}

/* The foot's first column: who issued and signed it, the certificate id, the bundle's hash and where to verify it. */
static void html_issuer(const pcfi_certdoc *d, pcfi_buf *b)
{
	pcfi_buf_puts(b, "<div class=\"foot\"><div><h2>");
	esc(b, pcfi_cert_label(d, "body"));
	pcfi_buf_puts(b, "</h2><p><b>");
	esc(b, d->body_org ? d->body_org : d->body_name);
	pcfi_buf_puts(b, "</b><br>");
	esc(b, pcfi_cert_label(d, "signed-by"));
	pcfi_buf_puts(b, ": ");
	esc(b, d->signer_subject[0] ? d->signer_subject : d->body_name);
	if (d->signer_issuer[0]) {
		pcfi_buf_puts(b, "<br><span class=\"grey\">");
		esc(b, pcfi_cert_label(d, "certified-by"));
		pcfi_buf_puts(b, ": ");
		esc(b, d->signer_issuer);
		pcfi_buf_puts(b, "</span>");
	}
	if (d->verified) {
		pcfi_buf_puts(b, "<br><span style=\"color:#1f5f3f\">");
		esc(b, pcfi_cert_label(d, "verified"));
		pcfi_buf_puts(b, "</span>");
	}
	pcfi_buf_puts(b, "</p><p><span class=\"grey\">");
	esc(b, pcfi_cert_label(d, "cert-id"));
	pcfi_buf_puts(b, "</span><br><b class=\"mono\" id=\"certificate-id\">");
	esc(b, d->id);
	pcfi_buf_puts(b, "</b><br><span class=\"grey\">");
	esc(b, pcfi_cert_label(d, "sha256"));
	pcfi_buf_printf(b, "</span><br><span class=\"mono\" id=\"sha256\">%s</span>", d->sha256_hex);
	if (d->url) {
		pcfi_buf_puts(b, "<br><span class=\"grey\">");
		esc(b, pcfi_cert_label(d, "verify-at"));
		pcfi_buf_puts(b, "</span><br><span class=\"mono\">");
		esc(b, d->url);
		pcfi_buf_puts(b, "</span>");
	}
	pcfi_buf_puts(b, "</p></div>\n<div style=\"flex:0 0 180px;text-align:center\">");
}

/* The QR code of d->qr_text (qn x qn modules in m) as inline SVG: one path of unit squares, with a quiet zone of 4 modules. */
static void html_qr(const pcfi_certdoc *d, pcfi_buf *b, int qn, const unsigned char *m)
{
	int i, j;

	pcfi_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"180\" height=\"180\" viewBox=\"0 0 %d %d\" "
	                   "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\"><title>",
	                qn + 8, qn + 8);
	esc(b, d->qr_text);
	pcfi_buf_printf(b, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", qn + 8, qn + 8);
	for (j = 0; j < qn; j++)
		for (i = 0; i < qn; i++)
			if (m[j * qn + i])
				pcfi_buf_printf(b, "M%d %dh1v1h-1z", i + 4, j + 4);
	pcfi_buf_puts(b, "\"/></svg><br><span class=\"grey\">");
	esc(b, pcfi_cert_label(d, "scan"));
	pcfi_buf_puts(b, "</span></div></div>\n");
}

pcf_status pcfi_certdoc_html(const pcfi_certdoc *d, pcfi_buf *b, pcf_error *err)
{
	unsigned char *m = NULL;
	int qn = 0;
	pcf_status st;

	if ((st = pcfi_cert_qr(d->qr_text, &qn, &m, err)) != PCF_OK)
		return st;
	html_head(d, b);
	html_claim(d, b);
	html_figures(d, b);
	html_scope(d, b);
	html_chart(d, b);
	html_issuer(d, b);
	html_qr(d, b, qn, m);
	pcfi_buf_puts(b, "<footer>");
	esc(b, pcfi_cert_label(d, "footer"));
	pcfi_buf_printf(b, "<br>pcfkit %s</footer>\n</body>\n</html>\n", pcf_version());
	free(m);
	return PCF_OK;
}
