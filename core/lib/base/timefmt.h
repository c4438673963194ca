/*
 * timefmt.h - the one time grammar of libpcf (internal): parsing and formatting of UTC times and
 * the calendar check every date in an input goes through.
 *
 * Grammar (docs/pcf.1, TIME):
 *   YYYY-MM-DDTHH:MM:SSZ        RFC 3339 in UTC, seconds required, no fraction (the only form
 *                               written, and the only form a manifest may carry)
 *   YYYY-MM-DDTHH:MM:SS+00:00   the same instant with a zero offset spelled out (any other offset
 *                               is refused: times are UTC)
 *   @SECONDS, @-SECONDS         seconds since 1970-01-01T00:00:00Z (POSIX time, leap seconds not
 *                               counted)
 *   SECONDS                     the same without the @, digits only
 * Years run from 0000 to 9999, so every accepted time formats back to 20 characters.
 */
#ifndef PCF_TIMEFMT_H
#define PCF_TIMEFMT_H

#include <stdint.h>

/* Bytes of a formatted time, with its NUL. */
#define PCFI_TIME_TEXT 21

/* The range of the grammar: 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define PCFI_TIME_MIN INT64_C(-62167219200)
#define PCFI_TIME_MAX INT64_C(253402300799)

/* Which forms pcfi_time_parse accepts besides YYYY-MM-DDTHH:MM:SSZ. */
#define PCFI_TIME_STRICT 0u         /* only the Z form (manifests, docs/bundle-format.md) */
#define PCFI_TIME_OFFSET 1u         /* also +00:00 */
#define PCFI_TIME_EPOCH 2u          /* also @SECONDS and SECONDS */
#define PCFI_TIME_ANY (PCFI_TIME_OFFSET | PCFI_TIME_EPOCH)  /* the grammar of command-line options */

/* What pcfi_time_parse found. */
typedef enum pcfi_time_rc {
	PCFI_TIME_OK = 0,
	PCFI_TIME_SYNTAX = 1,    /* not one of the accepted forms */
	PCFI_TIME_CALENDAR = 2   /* the right form, but no such date or time, or out of range */
} pcfi_time_rc;

/* Days in month m (1..12) of year y; 0 when m is out of range. */
int pcfi_days_in_month(int64_t y, int m);

/* Nonzero when y-m-d is a date of the proleptic Gregorian calendar (m 1..12, d 1..days). */
int pcfi_date_valid(int64_t y, int m, int d);

/* Days from 1970-01-01 to y-m-d (negative before); m and d must be valid. */
int64_t pcfi_days_from_civil(int64_t y, unsigned m, unsigned d);

/* Parse text in the forms allowed by flags (PCFI_TIME_*) into seconds since the epoch (*out). */
pcfi_time_rc pcfi_time_parse(const char *text, unsigned flags, int64_t *out);

/*
 * Format t as YYYY-MM-DDTHH:MM:SSZ into buf (PCFI_TIME_TEXT bytes) and return buf; a time out of
 * the grammar's range is written "(bad time)".
 */
char *pcfi_time_format(int64_t t, char *buf);

#endif
