/*
 * countries.h - ISO 3166-1 alpha-2 codes (internal; table generated into countries.c).
 */
#ifndef PCF_COUNTRIES_H
#define PCF_COUNTRIES_H

#include <stddef.h>

extern const char pcfi_countries[][3];
extern const size_t pcfi_country_count;

/* 1 when s is an assigned ISO 3166-1 alpha-2 code (upper case), else 0. */
int pcfi_country_valid(const char *s);

#endif
