/*
 * host_text.c - host services of plugin ABI 1.1 (pcf/plugin.h, "since 1.1"): a string builder, calendar
 * dates and plain decimal numbers. The pact plugin wrote all three itself and the cfp engine a string
 * buffer; they are here once, tested through the plugins' outputs (tests/cli/golden.sh) and directly
 * (tests/cli/methods-host.sh with the hosttext test plugin).
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "plugin/host_text.h"
#include "plugin/plugin_impl.h"

struct pcf_sb {
	pcf_ctx *ctx;
	pcfi_buf b;
};

static pcf_status text_error(pcf_ctx *ctx, pcf_status st, const char *fmt, ...) PCFI_PRINTF(3, 4);
static pcf_status text_error(pcf_ctx *ctx, pcf_status st, const char *fmt, ...)
{
	char msg[PCF_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ctx) {
		pcfi_error(&ctx->svc_err, st, "%s", msg);
		ctx->svc_err_set = 1;
	}
	return st;
}

/* ---- string builder ---- */

pcf_sb *pcfi_host_sb_new(pcf_ctx *ctx)
{
	pcf_sb *b = calloc(1, sizeof *b);

	if (!b)
		return NULL;
	b->ctx = ctx;
	return b;
}

void pcfi_host_sb_printf(pcf_sb *b, const char *fmt, ...)
{
	va_list ap, aq;
	char small[256];
	int n;

	if (!b || b->b.oom || !fmt)
		return;
	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->b.oom = 1;
	} else if ((size_t)n < sizeof small) {
		pcfi_buf_append(&b->b, small, (size_t)n);
	} else {
		char *big = malloc((size_t)n + 1);
		if (!big) {
			b->b.oom = 1;
		} else {
			vsnprintf(big, (size_t)n + 1, fmt, aq);
			pcfi_buf_append(&b->b, big, (size_t)n);
			free(big);
		}
	}
	va_end(aq);
}

void pcfi_host_sb_append(pcf_sb *b, const char *s, size_t len)
{
	if (!b || b->b.oom || (!s && len))
		return;
	if (memchr(s ? s : "", '\0', len)) {
		b->b.oom = 1;   /* a NUL inside would cut the string: refuse like a failure */
		return;
	}
	pcfi_buf_append(&b->b, s ? s : "", len);
}

const char *pcfi_host_sb_str(const pcf_sb *b)
{
	return b && !b->b.oom && b->b.data ? b->b.data : "";
}

size_t pcfi_host_sb_len(const pcf_sb *b)
{
	return b && !b->b.oom ? b->b.len : 0;
}

pcf_status pcfi_host_sb_status(pcf_sb *b)
{
	if (!b)
		return text_error(NULL, PCF_E_NOMEM, "out of memory");
	if (b->b.oom)
		return text_error(b->ctx, PCF_E_NOMEM, "out of memory");
	return PCF_OK;
}

void pcfi_host_sb_free(pcf_sb *b)
{
	if (!b)
		return;
	pcfi_buf_free(&b->b);
	free(b);
}

/* ---- dates ---- */

static int days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int pcfi_host_date_check(const char *s, int *year, int *month, int *day)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d) || y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	if (year)
		*year = y;
	if (month)
		*month = m;
	if (day)
		*day = d;
	return 1;
}

/* Days since 0000-03-01 of a Gregorian date and back (H. Hinnant's days_from_civil, shifted). */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era = z / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

pcf_status pcfi_host_date_rfc3339(pcf_ctx *ctx, const char *date, int add_days, char *buf, size_t len)
{
	int y, m, d;
	long yy, z;

	if (!buf || len < 21)
		return text_error(ctx, PCF_E_ARG, "date_rfc3339: buffer shorter than 21 bytes");
	if (!pcfi_host_date_check(date, &y, &m, &d))
		return text_error(ctx, PCF_E_INVALID, "date '%s' is not a calendar date YYYY-MM-DD", date ? date : "");
	z = days_from_civil(y, m, d) + add_days;
	if (z < days_from_civil(1, 1, 1) || z > days_from_civil(9999, 12, 31))
		return text_error(ctx, PCF_E_INVALID, "date '%s' plus %d days is outside years 0001-9999", date, add_days);
	civil_from_days(z, &yy, &m, &d);
	snprintf(buf, len, "%04ld-%02d-%02dT00:00:00Z", yy, m, d);
	return PCF_OK;
}

/* ---- plain decimals ---- */

int pcfi_format_plain_decimal(double v, char *out, size_t len)
{
	char buf[64], dig[40];
	const char *p, *e;
	int exp10 = 0, point = -1, nd = 0, i, pos;
	size_t o = 0;

	if (!isfinite(v) || len < PCF_DECIMAL_MAX)
		return -1;
	if (v == 0) {
		strcpy(out, "0");
		return 0;
	}
	if (pcfi_format_double(v, buf, sizeof buf))
		return -1;
	p = buf;
	if (*p == '-') {
		out[o++] = '-';
		p++;
	}
	e = strpbrk(p, "eE");
	for (; *p && p != e; p++) {
		if (*p == '.')
			point = nd;
		else if (isdigit((unsigned char)*p) && nd < (int)sizeof dig - 1)
			dig[nd++] = *p;
	}
	if (point < 0)
		point = nd;
	if (e)
		exp10 = atoi(e + 1);
	pos = point + exp10;   /* digits before the decimal point */
	while (nd > 1 && dig[0] == '0') {
		memmove(dig, dig + 1, (size_t)--nd);
		pos--;
	}
	while (nd > 1 && dig[nd - 1] == '0' && nd > pos)
		nd--;
	if (pos <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = 0; i < -pos; i++)
			out[o++] = '0';
		for (i = 0; i < nd; i++)
			out[o++] = dig[i];
	} else {
		for (i = 0; i < pos; i++)
			out[o++] = i < nd ? dig[i] : '0';
		if (nd > pos) {
			out[o++] = '.';
			for (i = pos; i < nd; i++)
				out[o++] = dig[i];
		}
	}
	out[o] = '\0';
	return 0;
}

pcf_status pcfi_host_format_decimal(pcf_ctx *ctx, double v, char *buf, size_t len)
{
	if (!buf || len < PCF_DECIMAL_MAX)
		return text_error(ctx, PCF_E_ARG, "format_decimal: buffer shorter than %d bytes", PCF_DECIMAL_MAX);
	if (!isfinite(v))
		return text_error(ctx, PCF_E_INVALID, "format_decimal: %g is not a finite number", v);
	if (pcfi_format_plain_decimal(v, buf, len))
		return text_error(ctx, PCF_E_INTERNAL, "format_decimal: %g could not be formatted", v);
	return PCF_OK;
}
