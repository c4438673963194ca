/*
 * timefmt.c - the one time grammar of libpcf (timefmt.h): UTC times parsed and formatted by
 * integer arithmetic on the proleptic Gregorian calendar (no time_t, no time zone, no locale), so
 * the same text gives the same seconds on every machine.
 */
#include "config.h"

#include <string.h>

#include "base/timefmt.h"

int pcfi_days_in_month(int64_t y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return mdays[m - 1] + (m == 2 && leap);
}

int pcfi_date_valid(int64_t y, int m, int d)
{
	return d >= 1 && d <= pcfi_days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil. */
int64_t pcfi_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Its inverse, civil_from_days. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* n decimal digits at s into *out; 0 when one is not a digit. */
static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* [-]DIGITS (sign only when sign_ok) as seconds within the range. */
static pcfi_time_rc parse_seconds(const char *s, int sign_ok, int64_t *out)
{
	int neg = 0;
	int64_t v = 0;

	if (sign_ok && *s == '-') {
		neg = 1;
		s++;
	}
	if (!*s)
		return PCFI_TIME_SYNTAX;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return PCFI_TIME_SYNTAX;
		if (v <= PCFI_TIME_MAX)   /* keep counting digits, but stop growing before any overflow */
			v = v * 10 + (*s - '0');
	}
	if (neg)
		v = -v;
	if (v < PCFI_TIME_MIN || v > PCFI_TIME_MAX)
		return PCFI_TIME_CALENDAR;
	*out = v;
	return PCFI_TIME_OK;
}

pcfi_time_rc pcfi_time_parse(const char *text, unsigned flags, int64_t *out)
{
	int y, mo, d, h, mi, se;
	size_t n;

	if (!text || !*text)
		return PCFI_TIME_SYNTAX;
	if (flags & PCFI_TIME_EPOCH) {
		if (text[0] == '@')
			return parse_seconds(text + 1, 1, out);
		if (strspn(text, "0123456789") == strlen(text))
			return parse_seconds(text, 0, out);
	}
	n = strlen(text);
	if (n < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':')
		return PCFI_TIME_SYNTAX;
	if (strcmp(text + 19, "Z") && !((flags & PCFI_TIME_OFFSET) && !strcmp(text + 19, "+00:00")))
		return PCFI_TIME_SYNTAX;
	if (!digits(text, 4, &y) || !digits(text + 5, 2, &mo) || !digits(text + 8, 2, &d) ||
	    !digits(text + 11, 2, &h) || !digits(text + 14, 2, &mi) || !digits(text + 17, 2, &se))
		return PCFI_TIME_SYNTAX;
	if (!pcfi_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
		return PCFI_TIME_CALENDAR;
	*out = pcfi_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
	return PCFI_TIME_OK;
}

static void put(char *p, unsigned v, int n)
{
	while (n--) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *pcfi_time_format(int64_t t, char *buf)
{
	int64_t days, secs, y;
	unsigned m, d;

	if (t < PCFI_TIME_MIN || t > PCFI_TIME_MAX) {
		memcpy(buf, "(bad time)", 11);
		return buf;
	}
	days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	secs = t - days * 86400;
	civil_from_days(days, &y, &m, &d);
	memcpy(buf, "0000-00-00T00:00:00Z", PCFI_TIME_TEXT);
	put(buf, (unsigned)y, 4);
	put(buf + 5, m, 2);
	put(buf + 8, d, 2);
	put(buf + 11, (unsigned)(secs / 3600), 2);
	put(buf + 14, (unsigned)(secs / 60 % 60), 2);
	put(buf + 17, (unsigned)(secs % 60), 2);
	return buf;
}
