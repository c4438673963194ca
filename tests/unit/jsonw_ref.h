/*
 * jsonw_ref.h - the JSON writer's number formatting and string escaping as they were before they were
 * made fast (core/lib/base/jsonw.c), kept as the reference that the fast ones must match byte for byte:
 * ref_format_double tries every precision from 1 to 17 digits (the definition of "shortest round
 * trip"), ref_escape escapes byte by byte. Used by tests/unit/test_jsonw_fast.c and
 * bench/check-format-double.c.
 */
#ifndef PCF_JSONW_REF_H
#define PCF_JSONW_REF_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int ref_format_double(double v, char *buf, size_t len)
{
	char sci[40], digits[20];
	const char *p;
	int prec, exp, nd = 0, i;
	size_t n = 0;

	if (!isfinite(v) || len < 32)
		return -1;
	if (v == 0) {
		snprintf(buf, len, "0");
		return 0;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(sci, sizeof sci, "%.*e", prec - 1, v);
		if (strtod(sci, NULL) == v)
			break;
	}
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

/* s[0..len) as a JSON string with its quotes into out (at least 6 * len + 3 bytes); returns the length. */
static inline size_t ref_escape(const char *s, size_t len, char *out)
{
	size_t i, n = 0;

	out[n++] = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': n += (size_t)sprintf(out + n, "\\\""); break;
		case '\\': n += (size_t)sprintf(out + n, "\\\\"); break;
		case '\n': n += (size_t)sprintf(out + n, "\\n"); break;
		case '\r': n += (size_t)sprintf(out + n, "\\r"); break;
		case '\t': n += (size_t)sprintf(out + n, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				n += (size_t)sprintf(out + n, "\\u%04x", c);
			else
				out[n++] = (char)c;
		}
	}
	out[n++] = '"';
	out[n] = '\0';
	return n;
}

/* A deterministic 64-bit generator (splitmix64), so that a failure can be reproduced. */
static inline unsigned long long ref_rand(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * The i-th test double of a mix that covers what results hold and the corners: random bit patterns
 * (every exponent, subnormals included), short decimals read with strtod (1 to 17 digits, exponents
 * -30..30), sums and products of those (17-digit results, as computed footprints are), integers
 * below and above 2^53, and powers of two and ten with their neighbours.
 */
static inline double ref_test_double(unsigned long long *state, unsigned long long i)
{
	unsigned long long r = ref_rand(state);
	char txt[64];
	double v;

	switch (i % 6) {
	case 0:
		memcpy(&v, &r, sizeof v);
		return isfinite(v) ? v : 1.5;
	case 1:
	case 2: {
		int digits = 1 + (int)(r % 17), e = (int)((r >> 8) % 61) - 30;
		unsigned long long m = ref_rand(state) % 100000000000000000ULL;
		snprintf(txt, sizeof txt, "%llu", m);
		txt[digits < (int)strlen(txt) ? digits : (int)strlen(txt)] = '\0';
		snprintf(txt + strlen(txt), sizeof txt - strlen(txt), "e%d", e);
		v = strtod(txt, NULL);
		if (i % 6 == 2) {
			double w = (double)(ref_rand(state) % 1000000) / 1000.0;
			v = (r & 1) ? v + w * 0.001 : v * (w + 0.1);
		}
		return (r >> 40) & 1 ? -v : v;
	}
	case 3:
		return (double)(long long)(r >> (r % 40)) * ((r >> 5) & 1 ? -1.0 : 1.0);
	case 4: {
		int e = (int)(r % 2098) - 1074;
		v = ldexp(1.0, e);
		switch ((r >> 12) % 3) {
		case 0: return v;
		case 1: return nextafter(v, 0);
		default: return nextafter(v, INFINITY);
		}
	}
	default: {
		int e = (int)(r % 600) - 300;
		snprintf(txt, sizeof txt, "1e%d", e);
		v = strtod(txt, NULL);
		switch ((r >> 12) % 3) {
		case 0: return v;
		case 1: return nextafter(v, 0);
		default: return nextafter(v, INFINITY);
		}
	}
	}
}

#endif
