/*
 * jsonw.c - deterministic JSON writer with round-trip number formatting.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/*
 * Shortest round-trip digits, laid out like ECMAScript's Number#toString: plain decimal notation
 * for exponents -7..20 (10 -> "10", 0.001 -> "0.001"), scientific beyond ("1e+21", "1.5e-08").
 */
int pcfi_format_double(double v, char *buf, size_t len)
{
	char sci[40], digits[20];
	const char *p;
	int prec, exp, nd = 0, i;
	size_t n = 0;

	if (!isfinite(v) || len < 32)
		return -1;
	if (v == 0) {                 /* one spelling of zero: -0 is written as 0 */
		snprintf(buf, len, "0");
		return 0;
	}
	/*
	 * The fewest significant digits that read back as v. Apart from powers of two, v's rounding
	 * interval is symmetric, so if p digits read back, so do p + 1 (the nearest (p+1)-digit decimal is
	 * no farther from v): a binary search over 1..17 finds the same precision as trying each in turn,
	 * with 4 or 5 snprintf/strtod pairs instead of up to 17 (this loop was a third of `pcf issue`'s
	 * instructions per bundle). Powers of two, whose interval is lopsided, are searched linearly.
	 */
	int e2;
	if (frexp(v, &e2) == 0.5 || frexp(v, &e2) == -0.5) {
		for (prec = 1; prec < 17; prec++) {
			snprintf(sci, sizeof sci, "%.*e", prec - 1, v);
			if (strtod(sci, NULL) == v)
				break;
		}
	} else {
		int lo = 1, hi = 17;  /* 17 digits always read back */
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			snprintf(sci, sizeof sci, "%.*e", mid - 1, v);
			if (strtod(sci, NULL) == v)
				hi = mid;
			else
				lo = mid + 1;
		}
		prec = lo;
	}
	snprintf(sci, sizeof sci, "%.*e", prec - 1, v);
	/* sci is [-]d[.ddd]e(+|-)XX */
	for (p = sci; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (v < 0)
		buf[n++] = '-';
	if (exp >= 21 || exp < -7) {
		buf[n++] = digits[0];
		if (nd > 1) {
			buf[n++] = '.';
			for (i = 1; i < nd; i++)
				buf[n++] = digits[i];
		}
		snprintf(buf + n, len - n, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
		return 0;
	}
	if (exp < 0) {
		buf[n++] = '0';
		buf[n++] = '.';
		for (i = -1; i > exp; i--)
			buf[n++] = '0';
		for (i = 0; i < nd; i++)
			buf[n++] = digits[i];
	} else {
		for (i = 0; i <= exp || i < nd; i++) {
			if (i == exp + 1)
				buf[n++] = '.';
			buf[n++] = i < nd ? digits[i] : '0';
		}
	}
	buf[n] = '\0';
	return 0;
}

void pcfi_jsonw_init(pcfi_jsonw *w)
{
	memset(w, 0, sizeof *w);
}

static void indent(pcfi_jsonw *w)
{
	int i;

	pcfi_buf_putc(&w->out, '\n');
	for (i = 0; i < w->depth; i++)
		pcfi_buf_puts(&w->out, "  ");
}

/* Separator and indentation before a value or a key. */
static void before_value(pcfi_jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0) {
		if (w->out.len)
			w->bad = 1;      /* a second top-level value */
		return;
	}
	if (w->count[w->depth]++)
		pcfi_buf_putc(&w->out, ',');
	indent(w);
}

static void open_(pcfi_jsonw *w, char c)
{
	before_value(w);
	pcfi_buf_putc(&w->out, c);
	if (w->depth + 1 >= PCFI_JSONW_MAX_DEPTH) {
		w->bad = 1;
		return;
	}
	w->count[++w->depth] = 0;
}

static void close_(pcfi_jsonw *w, char c)
{
	if (w->depth == 0 || w->after_key) {
		w->bad = 1;
		return;
	}
	w->depth--;
	if (w->count[w->depth + 1])
		indent(w);
	pcfi_buf_putc(&w->out, c);
}

void pcfi_jsonw_begin_object(pcfi_jsonw *w) { open_(w, '{'); }
void pcfi_jsonw_end_object(pcfi_jsonw *w) { close_(w, '}'); }
void pcfi_jsonw_begin_array(pcfi_jsonw *w) { open_(w, '['); }
void pcfi_jsonw_end_array(pcfi_jsonw *w) { close_(w, ']'); }

static void put_string(pcfi_buf *b, const char *s, size_t len)
{
	size_t i;

	pcfi_buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': pcfi_buf_puts(b, "\\\""); break;
		case '\\': pcfi_buf_puts(b, "\\\\"); break;
		case '\n': pcfi_buf_puts(b, "\\n"); break;
		case '\r': pcfi_buf_puts(b, "\\r"); break;
		case '\t': pcfi_buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				pcfi_buf_printf(b, "\\u%04x", c);
			else
				pcfi_buf_putc(b, (char)c);
		}
	}
	pcfi_buf_putc(b, '"');
}

void pcfi_jsonw_key(pcfi_jsonw *w, const char *key)
{
	if (w->after_key || w->depth == 0) {
		w->bad = 1;
		return;
	}
	before_value(w);
	put_string(&w->out, key, strlen(key));
	pcfi_buf_puts(&w->out, ": ");
	w->after_key = 1;
}

void pcfi_jsonw_stringn(pcfi_jsonw *w, const char *s, size_t len)
{
	before_value(w);
	put_string(&w->out, s, len);
}

void pcfi_jsonw_string(pcfi_jsonw *w, const char *s)
{
	if (!s) {
		pcfi_jsonw_null(w);
		return;
	}
	pcfi_jsonw_stringn(w, s, strlen(s));
}

void pcfi_jsonw_number(pcfi_jsonw *w, double v)
{
	char tmp[40];

	before_value(w);
	if (pcfi_format_double(v, tmp, sizeof tmp)) {
		w->bad = 1;
		pcfi_buf_puts(&w->out, "null");
		return;
	}
	pcfi_buf_puts(&w->out, tmp);
}

void pcfi_jsonw_int(pcfi_jsonw *w, int64_t v)
{
	before_value(w);
	pcfi_buf_printf(&w->out, "%" PRId64, v);
}

void pcfi_jsonw_uint(pcfi_jsonw *w, uint64_t v)
{
	before_value(w);
	pcfi_buf_printf(&w->out, "%" PRIu64, v);
}

void pcfi_jsonw_bool(pcfi_jsonw *w, int v)
{
	before_value(w);
	pcfi_buf_puts(&w->out, v ? "true" : "false");
}

void pcfi_jsonw_null(pcfi_jsonw *w)
{
	before_value(w);
	pcfi_buf_puts(&w->out, "null");
}

pcf_status pcfi_jsonw_finish(pcfi_jsonw *w, char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (w->out.oom) {
		pcfi_buf_free(&w->out);
		return PCF_E_NOMEM;
	}
	if (w->bad || w->depth != 0 || w->after_key || w->out.len == 0) {
		pcfi_buf_free(&w->out);
		return PCF_E_INTERNAL;
	}
	pcfi_buf_putc(&w->out, '\n');
	if (w->out.oom) {
		pcfi_buf_free(&w->out);
		return PCF_E_NOMEM;
	}
	*out = pcfi_buf_steal(&w->out, len);
	return PCF_OK;
}

void pcfi_jsonw_discard(pcfi_jsonw *w)
{
	pcfi_buf_free(&w->out);
}
