/*
 * footprints.c - the footprints `pcf serve` hands out: read once at start from the registry (each
 * bundle's export/pact-v3.json, the bundle file checked against the digest the registry
 * recorded), their validity periods, and the ListFootprints filters of PACT 3.0 (OR within a
 * criterion, AND across; matches of ids, geographies, classifications and status ignore case).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <pcf/bundle_reader.h>
#include <pcf/registry.h>

#include "base/error_impl.h"
#include "base/fsutil.h"
#include "base/hex.h"
#include "serve/serve_impl.h"

#define EXPORT_NAME "export/pact-v3.json"

int pcfi_is_uuid(const char *s)
{
	size_t i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return s[36] == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (linear in d, so d past the month rolls over). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* Parse into y-m-d and milliseconds of the day (offset applied); the caller adds years if it wants. */
static int parse_dt(const char *s, int *y, int *mo, int *d, int64_t *ms_of_day)
{
	int h, mi, sec = 0, oh, om;
	int64_t ms = 0;

	if (strlen(s) < 16 || digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, mo) || s[7] != '-' ||
	    digits(s + 8, 2, d) || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) || s[13] != ':' ||
	    digits(s + 14, 2, &mi))
		return -1;
	s += 16;
	if (*s == ':') {
		if (digits(s + 1, 2, &sec))
			return -1;
		s += 3;
		if (*s == '.') {
			int n = 0, scale = 100;
			for (s++; *s >= '0' && *s <= '9'; s++, n++) {
				if (n < 3)
					ms += (*s - '0') * scale;
				scale /= 10;
			}
			if (n == 0 || n > 9)
				return -1;
		}
	}
	{
		static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
		if (*mo < 1 || *mo > 12 || *d < 1 || *d > mdays[*mo - 1] || (*mo == 2 && *d == 29 && !leap) || h > 23 ||
		    mi > 59 || sec > 60)
			return -1;
	}
	ms += ((int64_t)h * 3600 + mi * 60 + sec) * 1000;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '+' ? 1 : -1;
		if (digits(s + 1, 2, &oh) || s[3] != ':' || digits(s + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		ms -= sign * ((int64_t)oh * 3600 + om * 60) * 1000;
		s += 6;
	} else {
		return -1;
	}
	if (*s)
		return -1;
	*ms_of_day = ms;
	return 0;
}

int pcfi_parse_datetime(const char *s, int64_t *out)
{
	int y, mo, d;
	int64_t ms;

	if (parse_dt(s, &y, &mo, &d, &ms))
		return -1;
	*out = days_from_civil(y, mo, d) * 86400000 + ms;
	return 0;
}

/* The validity period: validityPeriodStart/End, else referencePeriodEnd and three years after it. */
static void validity(pcfi_footprint *fp)
{
	const char *a = json_string_value(json_object_get(fp->json, "validityPeriodStart"));
	const char *b = json_string_value(json_object_get(fp->json, "validityPeriodEnd"));
	const char *r = json_string_value(json_object_get(json_object_get(fp->json, "pcf"), "referencePeriodEnd"));
	int y, mo, d;
	int64_t ms;

	fp->has_validity = 0;
	if (a && b && !pcfi_parse_datetime(a, &fp->valid_from) && !pcfi_parse_datetime(b, &fp->valid_until)) {
		fp->has_validity = 1;
	} else if (r && !parse_dt(r, &y, &mo, &d, &ms)) {
		fp->valid_from = days_from_civil(y, mo, d) * 86400000 + ms;
		fp->valid_until = days_from_civil(y + 3, mo, d) * 86400000 + ms;
		fp->has_validity = 1;
	}
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * s (from a footprint) equals v (a query value, already percent-decoded) ignoring case, either as
 * it is or with its own %XX escapes decoded: a URN such as urn:x:Example%20Co is matched by a
 * query that percent-encodes it once (what a client sends when it copies the id into a URL).
 */
static int same_ci(const char *s, const char *v)
{
	if (!strcasecmp(s, v))
		return 1;
	for (; *s; s++, v++) {
		int c = (unsigned char)*s;
		if (c == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			c = hexval(s[1]) * 16 + hexval(s[2]);
			s += 2;
		}
		if (!*v || tolower(c) != tolower((unsigned char)*v))
			return 0;
	}
	return *v == 0;
}

static int has_ci(json_t *arr, const char *v)
{
	size_t i;
	json_t *x;

	json_array_foreach(arr, i, x) {
		const char *s = json_string_value(x);
		if (s && same_ci(s, v))
			return 1;
	}
	return 0;
}

static int geo_is(json_t *pcf, const char *key, const char *v)
{
	const char *s = json_string_value(json_object_get(pcf, key));

	return s && !strcasecmp(s, v);
}

int pcfi_filter_match(const pcfi_filter *f, const pcfi_footprint *fp)
{
	json_t *pcf = json_object_get(fp->json, "pcf");
	const char *status = json_string_value(json_object_get(fp->json, "status"));
	size_t i;
	int any;

#define ANY(list, cond)                                   \
	if (f->nv[list]) {                                    \
		any = 0;                                          \
		for (i = 0; i < f->nv[list] && !any; i++) {       \
			const char *v = f->v[list][i];                \
			any = (cond);                                 \
		}                                                 \
		if (!any)                                         \
			return 0;                                     \
	}
	ANY(PCFI_F_PRODUCT, has_ci(json_object_get(fp->json, "productIds"), v))
	ANY(PCFI_F_COMPANY, has_ci(json_object_get(fp->json, "companyIds"), v))
	ANY(PCFI_F_CLASSIFICATION, has_ci(json_object_get(fp->json, "productClassifications"), v))
	ANY(PCFI_F_GEOGRAPHY, geo_is(pcf, "geographyCountry", v) || geo_is(pcf, "geographyRegionOrSubregion", v) ||
	                          geo_is(pcf, "geographyCountrySubdivision", v))
	ANY(PCFI_F_STATUS, status && !strcasecmp(status, v))
#undef ANY
	if ((f->has_on || f->has_after || f->has_before) && !fp->has_validity)
		return 0;
	if (f->has_on && !(fp->valid_from <= f->on && f->on <= fp->valid_until))
		return 0;
	if (f->has_after && !(fp->valid_from > f->after))
		return 0;
	if (f->has_before && !(fp->valid_until < f->before))
		return 0;
	return 1;
}

struct load_ctx {
	pcfi_store *st;
	const char *regdir;
	pcf_status fail;
	pcf_error *err;
};

/* The bundle's path as recorded, else relative to the registry's folder. */
static char *resolve(const char *file, const char *regdir)
{
	char *p;

	if (file[0] == '/' || access(file, R_OK) == 0 || !regdir)
		return strdup(file);
	p = malloc(strlen(regdir) + strlen(file) + 2);
	if (p)
		sprintf(p, "%s/%s", regdir, file);
	return p;
}

static int add_entry(void *vctx, const pcf_registry_entry *e)
{
	struct load_ctx *c = vctx;
	pcfi_store *st = c->st;
	pcf_bundle_view *view = NULL;
	pcf_error e2;
	char *data = NULL, *path;
	size_t len = 0, dlen;
	unsigned char md[32];
	unsigned int mdlen = 32;
	char hex[65];
	const unsigned char *exp;
	long idx;
	json_t *j = NULL;
	const char *id;
	pcfi_footprint *fp;
	size_t k;

	if (!e->file)
		goto skip;
	path = resolve(e->file, c->regdir);
	if (!path) {
		c->fail = pcfi_error(c->err, PCF_E_NOMEM, "out of memory");
		return 1;
	}
	if (pcfi_read_file(path, 256u << 20, &data, &len, &e2) != PCF_OK || (uint64_t)len != e->size ||
	    !EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || (pcfi_hex_encode(md, 32, hex), strcmp(hex, e->sha256)) ||
	    pcf_bundle_view_read_memory(path, data, len, NULL, &view, NULL, &e2) != PCF_OK ||
	    (idx = pcf_bundle_view_find(view, EXPORT_NAME)) < 0 ||
	    !(exp = pcf_bundle_view_data(view, (size_t)idx, &dlen)) ||
	    !(j = json_loadb((const char *)exp, dlen, JSON_REJECT_DUPLICATES, NULL)) || !json_is_object(j) ||
	    !(id = json_string_value(json_object_get(j, "id"))) || !pcfi_is_uuid(id)) {
		free(path);
		free(data);
		pcf_bundle_view_free(view);
		json_decref(j);
		goto skip;
	}
	free(data);
	pcf_bundle_view_free(view);
	/* The registry's status wins: a suspended or withdrawn certificate is a Deprecated footprint. */
	if (e->status != PCF_CERT_ISSUED)
		json_object_set_new(j, "status", json_string("Deprecated"));
	if (st->n == st->cap) {
		size_t nc = st->cap ? st->cap * 2 : 64;
		pcfi_footprint *nf = realloc(st->fp, nc * sizeof *nf);
		if (!nf) {
			free(path);
			json_decref(j);
			c->fail = pcfi_error(c->err, PCF_E_NOMEM, "out of memory");
			return 1;
		}
		st->fp = nf;
		st->cap = nc;
	}
	fp = &st->fp[st->n++];
	memset(fp, 0, sizeof *fp);
	fp->json = j;
	for (k = 0; k < 36; k++)
		fp->id[k] = (char)tolower((unsigned char)id[k]);
	memcpy(fp->cert_id, e->id, sizeof fp->cert_id);
	memcpy(fp->sha256, e->sha256, sizeof fp->sha256);
	fp->size = e->size;
	fp->file = path;
	validity(fp);
	return 0;
skip:
	st->skipped++;
	return 0;
}

static const pcfi_store *sort_store; /* qsort has no context argument; loading is single-threaded */

static int cmp_id(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_store->fp[x].id, sort_store->fp[y].id);

	return c ? c : (x < y ? -1 : x > y);
}

static int cmp_cert(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return strcmp(sort_store->fp[x].cert_id, sort_store->fp[y].cert_id);
}

/*
 * A footprint id issued more than once (a certificate reissued for the same footprint) is served
 * once, from the latest certificate (the registry lists by issue time, so the last one): drop the
 * others, keep registry order, and make the sorted indexes for the look-ups.
 */
static pcf_status index_store(pcfi_store *st, pcf_error *err)
{
	size_t i, w, *keep;
	char *drop;

	if (st->n == 0)
		return PCF_OK;
	st->by_id = malloc(st->n * sizeof *st->by_id);
	drop = calloc(st->n, 1);
	if (!st->by_id || !drop) {
		free(drop);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	for (i = 0; i < st->n; i++)
		st->by_id[i] = i;
	sort_store = st;
	qsort(st->by_id, st->n, sizeof *st->by_id, cmp_id);
	for (i = 0; i + 1 < st->n; i++)
		if (!strcmp(st->fp[st->by_id[i]].id, st->fp[st->by_id[i + 1]].id))
			drop[st->by_id[i]] = 1;
	for (i = w = 0; i < st->n; i++) {
		if (drop[i]) {
			json_decref(st->fp[i].json);
			free(st->fp[i].file);
			st->skipped++;
			continue;
		}
		st->fp[w++] = st->fp[i];
	}
	st->n = w;
	free(drop);
	keep = realloc(st->by_id, st->n * sizeof *st->by_id);
	if (keep)
		st->by_id = keep;
	st->by_cert = malloc(st->n * sizeof *st->by_cert);
	if (!st->by_cert)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < st->n; i++)
		st->by_id[i] = st->by_cert[i] = i;
	qsort(st->by_id, st->n, sizeof *st->by_id, cmp_id);
	qsort(st->by_cert, st->n, sizeof *st->by_cert, cmp_cert);
	sort_store = NULL;
	return PCF_OK;
}

pcf_status pcfi_store_load(pcfi_store *st, const char *path, pcf_error *err)
{
	pcf_registry *reg = NULL;
	struct load_ctx c = { st, NULL, PCF_OK, err };
	char *dir, *slash;
	pcf_status s;

	memset(st, 0, sizeof *st);
	s = pcf_registry_open(path, PCF_REGISTRY_READONLY, &reg, err);
	if (s != PCF_OK)
		return s;
	dir = strdup(path);
	if (dir && (slash = strrchr(dir, '/')) != NULL) {
		*slash = 0;
		c.regdir = dir[0] ? dir : "/";
	}
	s = pcf_registry_foreach(reg, add_entry, &c, err);
	free(dir);
	pcf_registry_close(reg);
	if (s == PCF_OK)
		s = c.fail;
	if (s == PCF_OK)
		s = index_store(st, err);
	if (s != PCF_OK)
		pcfi_store_free(st);
	return s;
}

void pcfi_store_free(pcfi_store *st)
{
	for (size_t i = 0; i < st->n; i++) {
		json_decref(st->fp[i].json);
		free(st->fp[i].file);
	}
	free(st->fp);
	free(st->by_id);
	free(st->by_cert);
	memset(st, 0, sizeof *st);
}

/* Binary search of idx (sorted by key) for the footprint whose key is k. */
static const pcfi_footprint *search(const pcfi_store *st, const size_t *idx, int by_cert, const char *k)
{
	size_t lo = 0, hi = st->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const pcfi_footprint *fp = &st->fp[idx[mid]];
		int c = strcmp(by_cert ? fp->cert_id : fp->id, k);
		if (c == 0)
			return fp;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const pcfi_footprint *pcfi_store_find(const pcfi_store *st, const char *id)
{
	char low[37];

	if (!pcfi_is_uuid(id))
		return NULL;
	for (size_t i = 0; i < 37; i++)
		low[i] = (char)tolower((unsigned char)id[i]);
	return search(st, st->by_id, 0, low);
}

const pcfi_footprint *pcfi_store_find_cert(const pcfi_store *st, const char *cert_id)
{
	return search(st, st->by_cert, 1, cert_id);
}
