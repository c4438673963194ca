/*
 * jsonw.c - deterministic JSON writer with round-trip number formatting.
 */
#include "config.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"

/*
 * Shortest round-trip digits, laid out like ECMAScript's Number#toString: plain decimal notation
 * for exponents -7..20 (10 -> "10", 0.001 -> "0.001"), scientific beyond ("1e+21", "1.5e-08").
 * Longer than 80 lines on purpose: one numeric algorithm (the integer fast path, the search for the
 * fewest digits that read back, the layout) whose steps share the digit buffer and its invariants;
 * split, every piece would need the others' preconditions restated.
 */
int pcfi_format_double(double v, char *buf, size_t len)
{
	char sci[40], digits[20];
	const char *p;
	int exp, nd = 0, i, prec, e2;
	size_t n = 0;

	if (!isfinite(v) || len < 32)
		return -1;
	if (v == 0) {                 /* one spelling of zero: -0 is written as 0 */
		snprintf(buf, len, "0");
		return 0;
	}
	/*
	 * Integers below 2^53 are their own shortest form: any decimal with fewer significant digits is
	 * at least 1 away, farther than the half-ulp (at most 0.5) that reads back as v. Exponent <= 15,
	 * so the layout below would write them in plain notation too.
	 */
	if (fabs(v) < 9007199254740992.0 && v == (double)(int64_t)v) {
		int64_t iv = (int64_t)v;
		uint64_t u = iv < 0 ? (uint64_t)0 - (uint64_t)iv : (uint64_t)iv;
		char tmp[24];
		int k = 0;
		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (iv < 0)
			buf[n++] = '-';
		while (k)
			buf[n++] = tmp[--k];
		buf[n] = '\0';
		return 0;
	}
	/*
	 * The fewest significant digits that read back as v. A normal double has 15.95 significant decimal digits:
	 * the 15-digit decimals are spaced at least 1e-15 * |v| apart, more than twice v's half-ulp (at most
	 * 2^-53 * |v|). So if some p <= 15 digits read back as v, that p-digit decimal, padded with zeros,
	 * is the 15-digit decimal nearest to v, i.e. what "%.14e" prints; and the fewest digits are those
	 * of "%.14e" without its trailing zeros. If 15 digits do not read back, 16 digits are the fewest
	 * when they read back (without trailing zeros: a 16-digit decimal ending in 0 would be a 15-digit
	 * one), and 17 digits always do. So three tries at most, and one for most short decimals, where
	 * searching the precision took 4 or 5 snprintf/strtod pairs. Same bytes as the search (checked on
	 * millions of doubles: tests/unit/test_base.c, bench/check-format-double.c).
	 */
	if (fabs(v) >= DBL_MIN) {
		snprintf(sci, sizeof sci, "%.14e", v);
		if (strtod(sci, NULL) != v) {
			snprintf(sci, sizeof sci, "%.15e", v);
			if (strtod(sci, NULL) != v)
				snprintf(sci, sizeof sci, "%.16e", v);
		}
	} else {
		/*
		 * Subnormals have a fixed ulp (2^-1074), far wider than 2^-53 * |v|, so fewer digits may read
		 * back than the nearest 15-digit decimal shows: search the precision. Apart from powers of two,
		 * v's rounding interval is symmetric, so if p digits read back, so do p + 1, and a binary search
		 * over 1..17 finds the fewest; powers of two are searched linearly.
		 */
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
	}
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

/* A newline and two spaces per level, in one append (depth is below PCFI_JSONW_MAX_DEPTH). */
static void indent(pcfi_jsonw *w)
{
	static const char spaces[1 + 2 * PCFI_JSONW_MAX_DEPTH] = "\n                                                                "
	                                                         "                                                                ";

	pcfi_buf_append(&w->out, spaces, 1 + 2 * (size_t)w->depth);
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

/* Bytes that go into a JSON string as they are: not '"', '\\', a control character or DEL. */
static int safe_byte(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

/*
 * s as a JSON string: whole runs of safe bytes are appended at once (most strings are one run),
 * the others escaped as \", \\, \n, \r, \t or \u00XX.
 */
static void put_string(pcfi_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run;

	pcfi_buf_putc(b, '"');
	while (i < len) {
		for (run = i; run < len && safe_byte((unsigned char)s[run]); run++)
			;
		if (run > i) {
			pcfi_buf_append(b, s + i, run - i);
			i = run;
			if (i == len)
				break;
		}
		{
			unsigned char c = (unsigned char)s[i++];
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			switch (c) {
			case '"': pcfi_buf_append(b, "\\\"", 2); break;
			case '\\': pcfi_buf_append(b, "\\\\", 2); break;
			case '\n': pcfi_buf_append(b, "\\n", 2); break;
			case '\r': pcfi_buf_append(b, "\\r", 2); break;
			case '\t': pcfi_buf_append(b, "\\t", 2); break;
			default: pcfi_buf_append(b, esc, sizeof esc); break;
			}
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
	pcfi_buf_append(&w->out, ": ", 2);
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
		pcfi_buf_append(&w->out, "null", 4);
		return;
	}
	pcfi_buf_append(&w->out, tmp, strlen(tmp));
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
