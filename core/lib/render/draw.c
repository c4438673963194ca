/*
 * draw.c - the certificate page with cairo and pango: one A4 page (PDF, or PNG at 150 dpi) with the
 * title band, the product and its footprint, the split, scope and validity tables, a bar chart of
 * stages or processes, the certification body, the QR code and the footer. Text from the bundle is
 * laid out as plain text (never as markup). Nothing depends on the time: the PDF's dates are the
 * bundle's issue time, so the same bundle gives the same bytes.
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/version.h>

#include "base/error_impl.h"
#include "render/certdoc.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define PNG_DPI 150.0
#define MARGIN 50.0

/* Colours: dark green, ink, grey, light grey, red. */
#define C_GREEN 0x1f5f3f
#define C_BAR 0x3f8f5f
#define C_NEG 0xc07020
#define C_INK 0x1a1a1a
#define C_GREY 0x606060
#define C_RULE 0xb8c8bc
#define C_RED 0xc01818

typedef struct page {
	cairo_t *cr;
	const pcfi_certdoc *d;
	const char *family;
} page;

enum { AL_LEFT, AL_CENTER, AL_RIGHT };

static void rgb(cairo_t *cr, unsigned c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0, (c & 255) / 255.0);
}

/* Lay out s in the box (x, y, w): returns the height used. mono selects a monospace face;
 * lines > 0 wraps into at most that many lines, cutting with an ellipsis (0: no limit), so that
 * text from the bundle, however long, cannot push the page's parts onto each other. */
static double text(page *p, double x, double y, double w, const char *s, double size, int bold, int align,
                   unsigned colour, int mono, int lines)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_new();
	int pw, ph;

	pango_font_description_set_family(fd, mono ? "DejaVu Sans Mono" : p->family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (lines > 0) {
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(l, -lines);
	}
	pango_layout_set_alignment(l, align == AL_CENTER ? PANGO_ALIGN_CENTER : align == AL_RIGHT ? PANGO_ALIGN_RIGHT
	                                                                                       : PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, s ? s : "", -1);
	rgb(p->cr, colour);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	pango_layout_get_size(l, &pw, &ph);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

static void rule(page *p, double x, double y, double w, unsigned colour, double width)
{
	rgb(p->cr, colour);
	cairo_set_line_width(p->cr, width);
	cairo_move_to(p->cr, x, y);
	cairo_line_to(p->cr, x + w, y);
	cairo_stroke(p->cr);
}

/* "2026-11-29T16:00:00Z" as "2026-11-29 16:00 UTC"; date_only: "2026-11-29". */
static void when(char *buf, size_t len, const char *t, int date_only)
{
	if (!t || strlen(t) != 20)
		snprintf(buf, len, "%s", t ? t : "");
	else if (date_only)
		snprintf(buf, len, "%.10s", t);
	else
		snprintf(buf, len, "%.10s %.5s UTC", t, t + 11);
}

/* A table heading, with a rule under it; returns the new y. */
static double heading(page *p, double x, double y, double w, const char *s)
{
	double h = text(p, x, y, w, s, 12, 1, AL_LEFT, C_GREEN, 0, 1);
	rule(p, x, y + h + 2, w, C_RULE, 0.8);
	return y + h + 7;
}

/* The width of s in one line at size (bold). */
static double text_width(page *p, const char *s, double size, int bold)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_new();
	int pw, ph;

	pango_font_description_set_family(fd, p->family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s ? s : "", -1);
	pango_layout_get_size(l, &pw, &ph);
	pango_font_description_free(fd);
	g_object_unref(l);
	return (double)pw / PANGO_SCALE;
}

/* One row: the label on the left, the value on the right (as wide as it needs, up to 60 %);
 * returns the new y. */
static double row(page *p, double x, double y, double w, const char *label, const char *value)
{
	double vw = text_width(p, value, 9.5, 1) + 2, lw, h1, h2;

	if (vw > w * 0.6)
		vw = w * 0.6;
	lw = w - vw - 6;
	h1 = text(p, x, y, lw, label, 9.5, 0, AL_LEFT, C_GREY, 0, 2);
	h2 = text(p, x + w - vw, y, vw, value, 9.5, 1, AL_RIGHT, C_INK, 0, 3);
	return y + (h1 > h2 ? h1 : h2) + 3;
}

static double amount_row(page *p, double x, double y, double w, const char *key, double v)
{
	char n[48], s[128];

	pcfi_cert_num(n, sizeof n, v);
	snprintf(s, sizeof s, "%s %s", n, p->d->unit);
	return row(p, x, y, w, pcfi_cert_label(p->d, key), s);
}

/* The bar chart in the height avail: bars get thinner when the page is full, and the chart is left
 * out when even thin bars would not fit (the figures are in the tables and the bundle). */
static double chart(page *p, double x, double y, double w, double avail)
{
	const pcfi_certdoc *d = p->d;
	double max = 0, lw = 190, vw = 90, bx = x + lw + 6, bw = w - lw - vw - 12, bh, gap = 4, fs;
	double pitch = (avail - 24) / (double)d->nbars;
	size_t i;

	if (pitch > 15)
		pitch = 15;
	if (pitch < 7)
		return y;
	bh = pitch - gap;
	fs = pitch < 13 ? pitch * 0.62 : 8.5;
	y = heading(p, x, y, w, pcfi_cert_label(d, d->chart_processes ? "chart-processes" : "chart-stages"));
	for (i = 0; i < d->nbars; i++)
		if (fabs(d->bars[i].value) > max)
			max = fabs(d->bars[i].value);
	/* The axis. */
	rgb(p->cr, C_RULE);
	cairo_set_line_width(p->cr, 0.8);
	cairo_move_to(p->cr, bx, y - 1);
	cairo_line_to(p->cr, bx, y + (double)d->nbars * (bh + gap) - gap + 1);
	cairo_stroke(p->cr);
	for (i = 0; i < d->nbars; i++) {
		const pcfi_cert_bar *b = &d->bars[i];
		double len = max > 0 ? fabs(b->value) / max * bw : 0;
		char n[48], s[96];
		text(p, x, y - 0.5, lw, b->label, fs, 0, AL_RIGHT, C_INK, 0, 1);
		rgb(p->cr, b->value < 0 ? C_NEG : C_BAR);
		cairo_rectangle(p->cr, bx, y + 1, len < 0.5 && b->value != 0 ? 0.5 : len, bh - 2);
		cairo_fill(p->cr);
		pcfi_cert_num(n, sizeof n, b->value);
		if (b->has_share)
			snprintf(s, sizeof s, "%s (%.1f %%)", n, b->share * 100);
		else
			snprintf(s, sizeof s, "%s", n);
		text(p, bx + len + 4, y - 0.5, vw + (bw - len), s, fs, 0, AL_LEFT, C_GREY, 0, 1);
		y += bh + gap;
	}
	rgb(p->cr, C_GREY);
	return y;
}

static void qr(page *p, double x, double y, double size, pcf_status *st, pcf_error *err)
{
	unsigned char *m = NULL;
	int n = 0, i, j;
	double cell;

	if ((*st = pcfi_cert_qr(p->d->qr_text, &n, &m, err)) != PCF_OK)
		return;
	cell = size / (n + 8); /* a quiet zone of 4 modules on each side */
	cairo_set_source_rgb(p->cr, 1, 1, 1);
	cairo_rectangle(p->cr, x, y, size, size);
	cairo_fill(p->cr);
	rgb(p->cr, 0);
	for (j = 0; j < n; j++)
		for (i = 0; i < n; i++)
			if (m[j * n + i])
				cairo_rectangle(p->cr, x + (i + 4) * cell, y + (j + 4) * cell, cell, cell);
	cairo_fill(p->cr);
	free(m);
}

static pcf_status draw_page(page *p, pcf_error *err)
{
	const pcfi_certdoc *d = p->d;
	cairo_t *cr = p->cr;
	double y, yl, yr, colw = (PAGE_W - 2 * MARGIN - 24) / 2, xr = MARGIN + colw + 24, cw = PAGE_W - 2 * MARGIN;
	char s[1024], n[48], t1[40];
	pcf_status st = PCF_OK;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	/* Frame and title band. */
	rgb(cr, C_GREEN);
	cairo_set_line_width(cr, 2.5);
	cairo_rectangle(cr, 18, 18, PAGE_W - 36, PAGE_H - 36);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 24, 24, PAGE_W - 48, PAGE_H - 48);
	cairo_stroke(cr);
	cairo_rectangle(cr, 24, 24, PAGE_W - 48, 66);
	cairo_fill(cr);
	text(p, MARGIN, 33, cw, pcfi_cert_label(d, "title"), 22, 1, AL_CENTER, 0xffffff, 0, 1);
	text(p, MARGIN, 63, cw, d->body_org ? d->body_org : d->body_name, 11.5, 0, AL_CENTER, 0xe8f0ea, 0, 1);

	y = 104;
	if (!d->verified) {
		y += text(p, MARGIN, y, cw, pcfi_cert_label(d, "not-verified-note"), 10, 1, AL_CENTER, C_RED, 0, 0) + 6;
	}
	if (pcfi_cert_status_key(d, PCFI_STATUS_NOTE))
		y += text(p, MARGIN, y, cw, pcfi_cert_label(d, pcfi_cert_status_key(d, PCFI_STATUS_NOTE)), 10, 1, AL_CENTER,
		          C_RED, 0, 0) + 6;
	y += text(p, MARGIN, y, cw, pcfi_cert_label(d, "certifies"), 11, 0, AL_CENTER, C_GREY, 0, 0) + 4;
	y += text(p, MARGIN + 20, y, cw - 40, d->product_name, 18, 1, AL_CENTER, C_INK, 0, 3) + 2;
	y += text(p, MARGIN, y, cw, d->product_id, 9, 0, AL_CENTER, C_GREY, 1, 2) + 6;
	y += text(p, MARGIN, y, cw, pcfi_cert_label(d, "is"), 11, 0, AL_CENTER, C_GREY, 0, 0) + 2;
	pcfi_cert_num(n, sizeof n, d->total);
	snprintf(s, sizeof s, "%s %s", n, d->unit);
	y += text(p, MARGIN, y, cw, s, 32, 1, AL_CENTER, C_GREEN, 0, 1);
	pcfi_cert_num(n, sizeof n, d->declared_amount);
	snprintf(s, sizeof s, "%s %s %s", pcfi_cert_label(d, "per"), n, d->declared_unit);
	y += text(p, MARGIN, y, cw, s, 11, 0, AL_CENTER, C_INK, 0, 2) + 16;

	/* Left: the split. Right: scope, method and validity. */
	yl = heading(p, MARGIN, y, colw, pcfi_cert_label(d, "split"));
	{
		static const char *const keys[PCFI_PART_N] = { "fossil", "biogenic-emissions", "biogenic-removals", "dluc",
			                                         "aircraft" };
		int i;
		for (i = 0; i < PCFI_PART_N; i++)
			if (d->has_part[i])
				yl = amount_row(p, MARGIN, yl, colw, keys[i], d->part[i]);
	}
	if (d->has_uncertainty == 1) {
		char a[48], b[48];
		pcfi_cert_num(a, sizeof a, d->unc_low);
		pcfi_cert_num(b, sizeof b, d->unc_high);
		snprintf(s, sizeof s, "%s – %s %s", a, b, d->unit);
		yl = row(p, MARGIN, yl, colw, pcfi_cert_label(d, "uncertainty"), s);
	} else if (d->has_uncertainty == 2) {
		snprintf(s, sizeof s, "± %.1f %%", d->unc_rel * 100);
		yl = row(p, MARGIN, yl, colw, pcfi_cert_label(d, "uncertainty"), s);
	}
	yl = row(p, MARGIN, yl, colw, pcfi_cert_label(d, "gwp"), d->gwp_set ? d->gwp_set : pcfi_cert_label(d, "none"));
	if (d->has_primary) {
		snprintf(s, sizeof s, "%.1f %%", d->primary_share * 100);
		yl = row(p, MARGIN, yl, colw, pcfi_cert_label(d, "primary"), s);
	}

	yr = heading(p, xr, y, colw, pcfi_cert_label(d, "scope"));
	{
		const char *b = d->boundary ? pcfi_cert_label(d, d->boundary) : NULL;
		yr = row(p, xr, yr, colw, pcfi_cert_label(d, "boundary"),
		         b ? b : d->boundary ? d->boundary : pcfi_cert_label(d, "none"));
	}
	snprintf(s, sizeof s, "%s %s", d->method_id, d->method_version);
	yr = row(p, xr, yr, colw, pcfi_cert_label(d, "methodology"), s);
	if (d->standard)
		yr = row(p, xr, yr, colw, pcfi_cert_label(d, "standard"), d->standard);
	if (d->allocation)
		yr = row(p, xr, yr, colw, pcfi_cert_label(d, "allocation"), d->allocation);
	yr += 6;
	yr = heading(p, xr, yr, colw, pcfi_cert_label(d, "validity"));
	when(t1, sizeof t1, d->valid_from, 1);
	yr = row(p, xr, yr, colw, pcfi_cert_label(d, "valid-from"), t1);
	when(t1, sizeof t1, d->valid_until, 1);
	yr = row(p, xr, yr, colw, pcfi_cert_label(d, "valid-until"), t1);
	when(t1, sizeof t1, d->issued_at, 0);
	yr = row(p, xr, yr, colw, pcfi_cert_label(d, "issued-at"), t1);
	if (d->supersedes)
		yr = row(p, xr, yr, colw, pcfi_cert_label(d, "supersedes"), d->supersedes);
	if (pcfi_cert_status_key(d, PCFI_STATUS_ROW))
		yr = row(p, xr, yr, colw, pcfi_cert_label(d, "status"), pcfi_cert_label(d, pcfi_cert_status_key(d, PCFI_STATUS_ROW)));

	y = (yl > yr ? yl : yr) + 12;
	if (d->nbars)
		y = chart(p, MARGIN, y, cw, PAGE_H - 264 - y);

	/* The body and the QR code, at the foot of the page. */
	{
		double by = PAGE_H - 250, qs = 140, qx = PAGE_W - MARGIN - qs, bw = qx - MARGIN - 16;
		double yy = heading(p, MARGIN, by, bw, pcfi_cert_label(d, "body"));
		yy += text(p, MARGIN, yy, bw, d->body_org ? d->body_org : d->body_name, 12, 1, AL_LEFT, C_INK, 0, 2) + 3;
		snprintf(s, sizeof s, "%s: %s", pcfi_cert_label(d, "signed-by"),
		         d->signer_subject[0] ? d->signer_subject : d->body_name);
		yy += text(p, MARGIN, yy, bw, s, 8.5, 0, AL_LEFT, C_INK, 0, 2) + 2;
		if (d->signer_issuer[0]) {
			snprintf(s, sizeof s, "%s: %s", pcfi_cert_label(d, "certified-by"), d->signer_issuer);
			yy += text(p, MARGIN, yy, bw, s, 8.5, 0, AL_LEFT, C_GREY, 0, 2) + 2;
		}
		if (d->verified)
			yy += text(p, MARGIN, yy, bw, pcfi_cert_label(d, "verified"), 8.5, 0, AL_LEFT, C_GREEN, 0, 0) + 2;
		yy += 6;
		yy += text(p, MARGIN, yy, bw, pcfi_cert_label(d, "cert-id"), 8.5, 0, AL_LEFT, C_GREY, 0, 0);
		yy += text(p, MARGIN, yy, bw, d->id, 10.5, 1, AL_LEFT, C_INK, 1, 0) + 4;
		yy += text(p, MARGIN, yy, bw, pcfi_cert_label(d, "sha256"), 8.5, 0, AL_LEFT, C_GREY, 0, 0);
		yy += text(p, MARGIN, yy, bw, d->sha256_hex, 7.6, 0, AL_LEFT, C_INK, 1, 0) + 4;
		if (d->url) {
			yy += text(p, MARGIN, yy, bw, pcfi_cert_label(d, "verify-at"), 8.5, 0, AL_LEFT, C_GREY, 0, 0);
			text(p, MARGIN, yy, bw, d->url, 8.5, 0, AL_LEFT, C_INK, 1, 2);
		}
		qr(p, qx, by, qs, &st, err);
		if (st != PCF_OK)
			return st;
		text(p, qx, by + qs + 2, qs, pcfi_cert_label(d, "scan"), 9, 0, AL_CENTER, C_GREY, 0, 1);
	}

	/* Footer. */
	rule(p, MARGIN, PAGE_H - 74, cw, C_RULE, 0.8);
	text(p, MARGIN, PAGE_H - 68, cw, pcfi_cert_label(d, "footer"), 7.5, 0, AL_CENTER, C_GREY, 0, 0);
	snprintf(s, sizeof s, "pcfkit %s", pcf_version());
	text(p, MARGIN, PAGE_H - 44, cw, s, 7, 0, AL_RIGHT, C_GREY, 0, 1);

	if (!d->verified || pcfi_cert_status_key(d, PCFI_STATUS_MARK)) {
		/* The watermark, across the page over everything: NOT VERIFIED, else SUSPENDED or WITHDRAWN. */
		PangoLayout *l = pango_cairo_create_layout(cr);
		PangoFontDescription *fd = pango_font_description_new();
		int pw, ph;
		pango_font_description_set_family(fd, p->family);
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
		pango_font_description_set_absolute_size(fd, 78 * PANGO_SCALE);
		pango_layout_set_font_description(l, fd);
		pango_layout_set_text(l, pcfi_cert_label(d, !d->verified ? "not-verified" :
		                                            pcfi_cert_status_key(d, PCFI_STATUS_MARK)), -1);
		pango_layout_get_size(l, &pw, &ph);
		cairo_save(cr);
		cairo_translate(cr, PAGE_W / 2, PAGE_H / 2);
		cairo_rotate(cr, -atan2(PAGE_H, PAGE_W));
		cairo_move_to(cr, -(double)pw / PANGO_SCALE / 2, -(double)ph / PANGO_SCALE / 2);
		cairo_set_source_rgba(cr, 0.75, 0.09, 0.09, 0.22);
		pango_cairo_show_layout(cr, l);
		cairo_restore(cr);
		pango_font_description_free(fd);
		g_object_unref(l);
	}
	return st;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	pcfi_buf *b = closure;
	pcfi_buf_append(b, data, len);
	return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

pcf_status pcfi_certdoc_draw(const pcfi_certdoc *d, int png, pcfi_buf *out, pcf_error *err)
{
	cairo_surface_t *sf;
	cairo_t *cr;
	cairo_font_options_t *fo;
	page p;
	pcf_status st;
	cairo_status_t cs;

	if (png) {
		sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(PAGE_W * PNG_DPI / 72),
		                                (int)lround(PAGE_H * PNG_DPI / 72));
	} else {
		sf = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
		if (cairo_surface_status(sf) == CAIRO_STATUS_SUCCESS) {
			char title[600];
			snprintf(title, sizeof title, "%s %s", pcfi_cert_label(d, "title"), d->id);
			cairo_pdf_surface_restrict_to_version(sf, CAIRO_PDF_VERSION_1_5);
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_AUTHOR, d->body_org ? d->body_org : d->body_name);
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_SUBJECT, d->product_name);
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "pcfkit (pcf certificate)");
			/* No current time anywhere: the dates are the bundle's issue time. */
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATE_DATE, d->issued_at);
			cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_MOD_DATE, d->issued_at);
		}
	}
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		cs = cairo_surface_status(sf);
		cairo_surface_destroy(sf);
		return pcfi_error(err, PCF_E_INTERNAL, "cannot make the %s surface: %s", png ? "PNG" : "PDF",
		                  cairo_status_to_string(cs));
	}
	cr = cairo_create(sf);
	if (png)
		cairo_scale(cr, PNG_DPI / 72, PNG_DPI / 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	p.cr = cr;
	p.d = d;
	/* Latin text in DejaVu Sans; Chinese in Noto Sans CJK SC (fontconfig falls back per glyph). */
	p.family = d->lang == PCF_CERTIFICATE_ZH ? "Noto Sans CJK SC, DejaVu Sans" : "DejaVu Sans, Noto Sans CJK SC";
	st = draw_page(&p, err);
	cs = cairo_status(cr);
	cairo_destroy(cr);
	if (st == PCF_OK && cs == CAIRO_STATUS_SUCCESS) {
		cairo_surface_show_page(sf);
		if (png)
			cs = cairo_surface_write_to_png_stream(sf, to_buf, out);
		else
			cairo_surface_finish(sf);
		if (cs == CAIRO_STATUS_SUCCESS)
			cs = cairo_surface_status(sf);
	}
	cairo_surface_destroy(sf);
	if (st != PCF_OK)
		return st;
	if (out->oom)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	if (cs != CAIRO_STATUS_SUCCESS)
		return pcfi_error(err, PCF_E_INTERNAL, "cannot write the %s: %s", png ? "PNG" : "PDF",
		                  cairo_status_to_string(cs));
	return PCF_OK;
}
