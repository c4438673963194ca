/*
 * pull.c - the PACT client behind `pcf pact pull` (pcf/pull.h): libcurl with TLS verification always
 * on, OAuth2 client credentials, the footprint listing with its Link paging, each footprint's shape
 * checked, each bundle of the pcfkit extension fetched from the same host, checked against size and
 * SHA-256 and verified, and the files written atomically.
 */
#include "config.h"

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pcf/pull.h>
#include <pcf/reason.h>

#include "base/error_impl.h"
#include "base/fsutil.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;
static void curl_init(void) { curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT); }

typedef struct buf {
	char *p;
	size_t n, max;
	int over;
} buf;

static size_t on_body(char *d, size_t sz, size_t nm, void *ud)
{
	buf *b = ud;
	size_t k = sz * nm;
	char *q;

	if (b->n + k > b->max) {
		b->over = 1;
		return 0;
	}
	if (!(q = realloc(b->p, b->n + k + 1)))
		return 0;
	b->p = q;
	memcpy(b->p + b->n, d, k);
	b->n += k;
	b->p[b->n] = 0;
	return k;
}

/* The Link rel="next" target, collected from the response headers. */
static size_t on_header(char *d, size_t sz, size_t nm, void *ud)
{
	char *next = ud, *lt, *gt;
	size_t k = sz * nm;
	char line[PCF_PULL_URL_MAX + 64];

	if (k >= sizeof line || k < 5 || strncasecmp(d, "link:", 5))
		return k;
	memcpy(line, d, k);
	line[k] = 0;
	if ((lt = strchr(line, '<')) && (gt = strchr(lt, '>')) && strstr(gt, "rel=\"next\"") &&
	    (size_t)(gt - lt - 1) < PCF_PULL_URL_MAX) {
		memcpy(next, lt + 1, (size_t)(gt - lt - 1));
		next[gt - lt - 1] = 0;
	}
	return k;
}

typedef struct ctx {
	const pcf_pull_config *cfg;
	CURL *c;
	char origin[PCF_PULL_URL_MAX]; /* https://host[:port] */
	char token[1024];
	char *secret;
	long timeout;
} ctx;

/* One request: GET (post NULL) or POST of post; body into b; status into *code; next link into next. */
static pcf_status request(ctx *x, const char *url, const char *post, int basic, buf *b, long *code, char *next,
                          pcf_error *err)
{
	struct curl_slist *h = NULL;
	char auth[1100], ebuf[CURL_ERROR_SIZE] = "";
	CURLcode rc;

	curl_easy_reset(x->c);
	curl_easy_setopt(x->c, CURLOPT_URL, url);
	curl_easy_setopt(x->c, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(x->c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(x->c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (x->cfg->cacert)
		curl_easy_setopt(x->c, CURLOPT_CAINFO, x->cfg->cacert);
	curl_easy_setopt(x->c, CURLOPT_TIMEOUT, x->timeout);
	curl_easy_setopt(x->c, CURLOPT_CONNECTTIMEOUT, x->timeout);
	curl_easy_setopt(x->c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(x->c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(x->c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)b->max);
	if (next) {
		next[0] = 0;
		curl_easy_setopt(x->c, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(x->c, CURLOPT_HEADERDATA, next);
	}
	h = curl_slist_append(h, "Accept: application/json");
	if (basic) {
		curl_easy_setopt(x->c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(x->c, CURLOPT_USERNAME, x->cfg->client_id);
		curl_easy_setopt(x->c, CURLOPT_PASSWORD, x->secret);
	} else {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", x->token);
		h = curl_slist_append(h, auth);
	}
	if (post)
		curl_easy_setopt(x->c, CURLOPT_POSTFIELDS, post);
	curl_easy_setopt(x->c, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(x->c);
	curl_slist_free_all(h);
	memset(auth, 0, sizeof auth);
	if (b->over || rc == CURLE_FILESIZE_EXCEEDED)
		return pcfi_error(err, PCF_E_LIMIT, "%s: the response is more than the limit of %zu bytes", url, b->max);
	if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CONNECT_ERROR)
		return pcfi_error(err, PCF_E_CRYPTO, "%s: TLS refused: %s", url, *ebuf ? ebuf : curl_easy_strerror(rc));
	if (rc != CURLE_OK)
		return pcfi_error(err, PCF_E_IO, "%s: %s", url, *ebuf ? ebuf : curl_easy_strerror(rc));
	curl_easy_getinfo(x->c, CURLINFO_RESPONSE_CODE, code);
	return PCF_OK;
}

static pcf_status get_token(ctx *x, pcf_error *err)
{
	char url[PCF_PULL_URL_MAX + 32];
	buf b = { NULL, 0, 65536, 0 };
	long code = 0;
	json_t *j;
	const char *t;
	pcf_status st;

	snprintf(url, sizeof url, "%s/auth/token", x->cfg->url);
	if ((st = request(x, url, "grant_type=client_credentials", 1, &b, &code, NULL, err)) != PCF_OK)
		goto out;
	if (code == 400 || code == 401 || code == 403) {
		st = pcfi_error(err, PCF_E_VERIFY, "%s: the host refused the client credentials of '%s' (HTTP %ld)", url,
		                x->cfg->client_id, code);
		goto out;
	}
	if (code != 200) {
		st = pcfi_error(err, PCF_E_IO, "%s: expected HTTP 200, found %ld", url, code);
		goto out;
	}
	j = b.p ? json_loads(b.p, 0, NULL) : NULL;
	t = json_string_value(json_object_get(j, "access_token"));
	if (!t || !*t || strlen(t) >= sizeof x->token || strpbrk(t, "\r\n")) {
		st = pcfi_error(err, PCF_E_SYNTAX, "%s: expected a JSON object with an access_token, found something else", url);
	} else {
		strcpy(x->token, t);
		st = PCF_OK;
	}
	json_decref(j);
out:
	free(b.p);
	return st;
}

static void sha256_hex(const void *d, size_t n, char hex[65])
{
	unsigned char md[32];
	unsigned int ml = 0;
	size_t i;

	EVP_Digest(d, n, md, &ml, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	hex[64] = 0;
}

/* A safe file name part: [0-9A-Za-z._:-], not starting with '.', at most 128 bytes. */
static int safe_name(const char *s)
{
	size_t i, n = strlen(s);

	if (!n || n > 128 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._:-", s[i]))
			return 0;
	return 1;
}

/* The footprint's shape: an object with a string id, specVersion and a pcf object. NULL when good. */
static const char *shape(json_t *fp)
{
	if (!json_is_object(fp))
		return "expected a footprint object";
	if (!json_is_string(json_object_get(fp, "id")) || !safe_name(json_string_value(json_object_get(fp, "id"))))
		return "expected a string id of [0-9A-Za-z._:-] (at most 128 bytes)";
	if (!json_is_string(json_object_get(fp, "specVersion")))
		return "expected a string specVersion";
	if (!json_is_object(json_object_get(fp, "pcf")))
		return "expected a pcf object";
	return NULL;
}

/* The data of the pcfkit bundle extension, or NULL. */
static json_t *bundle_ext(json_t *fp)
{
	json_t *ex = json_object_get(fp, "extensions"), *e;
	size_t i;

	json_array_foreach(ex, i, e) {
		json_t *d = json_object_get(e, "data");
		const char *mt = json_string_value(json_object_get(d, "mediaType"));
		if (mt && !strcmp(mt, "application/vnd.pcfkit.bundle"))
			return d;
	}
	return NULL;
}

static int add_item(pcf_pull_result *r, const char *id, pcf_pull_kind k, const char *file, const char *why)
{
	pcf_pull_item *it = realloc(r->items, (r->n + 1) * sizeof *it);

	if (!it)
		return -1;
	r->items = it;
	it += r->n++;
	it->id = strdup(id);
	it->kind = k;
	it->file = file ? strdup(file) : NULL;
	it->why = why ? strdup(why) : NULL;
	return 0;
}

/* One footprint: its bundle verified and written, or its JSON written, or refused (an item). */
static pcf_status one(ctx *x, json_t *fp, pcf_pull_result *r, pcf_error *err)
{
	const pcf_pull_config *cfg = x->cfg;
	const char *bad = shape(fp), *id = json_string_value(json_object_get(fp, "id"));
	char path[4096], why[600], hex[65], prefix[PCF_PULL_URL_MAX + 16];
	json_t *d;
	pcf_status st;

	if (bad)
		return add_item(r, id && safe_name(id) ? id : "?", PCF_PULL_REFUSED, NULL, bad) ? PCF_E_NOMEM : PCF_OK;
	if (!(d = bundle_ext(fp))) {
		char *s = json_dumps(fp, JSON_SORT_KEYS | JSON_INDENT(2));
		snprintf(path, sizeof path, "%s/%s.pact.json", cfg->outdir, id);
		if (!s)
			return pcfi_error(err, PCF_E_NOMEM, "out of memory");
		st = pcfi_write_file_atomic(path, s, strlen(s), cfg->force, 0644, err);
		free(s);
		if (st != PCF_OK)
			return st;
		return add_item(r, id, PCF_PULL_UNVERIFIED, path, NULL) ? PCF_E_NOMEM : PCF_OK;
	}
	{
		const char *cid = json_string_value(json_object_get(d, "certificateId"));
		const char *sha = json_string_value(json_object_get(d, "sha256"));
		const char *url = json_string_value(json_object_get(d, "bundleUrl"));
		json_int_t size = json_integer_value(json_object_get(d, "size"));
		buf b = { NULL, 0, PCF_PULL_BUNDLE_MAX, 0 };
		long code = 0;
		pcf_verdict *vd = NULL;
		pcf_error e2;

		snprintf(prefix, sizeof prefix, "%s/bundles/", x->origin);
		why[0] = 0;
		if (!cid || !safe_name(cid) || !sha || strlen(sha) != 64 || !url || size < 1 ||
		    (size_t)size > PCF_PULL_BUNDLE_MAX)
			snprintf(why, sizeof why, "the bundle extension lacks certificateId, sha256, size (1 to %zu) or bundleUrl",
			         PCF_PULL_BUNDLE_MAX);
		else if (strncmp(url, prefix, strlen(prefix)) || strlen(url) >= PCF_PULL_URL_MAX)
			snprintf(why, sizeof why, "bundleUrl '%.200s' is not on the host pulled from (%.200s)", url, x->origin);
		else if (!cfg->verifier)
			snprintf(why, sizeof why, "no trust policy to verify the bundle with");
		if (*why)
			return add_item(r, id, PCF_PULL_REFUSED, NULL, why) ? PCF_E_NOMEM : PCF_OK;
		if ((st = request(x, url, NULL, 0, &b, &code, NULL, err)) != PCF_OK) {
			free(b.p);
			return st;
		}
		if (code != 200)
			snprintf(why, sizeof why, "%s: expected HTTP 200, found %ld", url, code);
		else if (b.n != (size_t)size)
			snprintf(why, sizeof why, "the bundle has %zu bytes, the extension says %lld", b.n, (long long)size);
		else {
			sha256_hex(b.p, b.n, hex);
			if (strcmp(hex, sha))
				snprintf(why, sizeof why, "the bundle's SHA-256 is %s, the extension says %s", hex, sha);
		}
		if (!*why) {
			if (pcf_verify_memory(cfg->verifier, url, b.p, b.n, &vd, &e2) != PCF_OK)
				snprintf(why, sizeof why, "the bundle cannot be verified: %.400s", e2.message);
			else if (pcf_verdict_get_code(vd) != PCF_VERDICT_VALID)
				snprintf(why, sizeof why, "the bundle is %s (%s)", pcf_verdict_code_name(pcf_verdict_get_code(vd)),
				         pcf_reason_name(pcf_verdict_get_reason(vd)));
			else if (!pcf_verdict_certificate_id(vd) || strcmp(pcf_verdict_certificate_id(vd), cid))
				snprintf(why, sizeof why, "the bundle is certificate %s, the extension says %s",
				         pcf_verdict_certificate_id(vd) ? pcf_verdict_certificate_id(vd) : "?", cid);
			pcf_verdict_free(vd);
		}
		if (*why) {
			free(b.p);
			return add_item(r, id, PCF_PULL_REFUSED, NULL, why) ? PCF_E_NOMEM : PCF_OK;
		}
		snprintf(path, sizeof path, "%s/%s.pcfb", cfg->outdir, cid);
		st = pcfi_write_file_atomic(path, b.p, b.n, cfg->force, 0644, err);
		free(b.p);
		if (st != PCF_OK)
			return st;
		return add_item(r, id, PCF_PULL_VERIFIED, path, NULL) ? PCF_E_NOMEM : PCF_OK;
	}
}

static void enc(char *out, size_t cap, size_t *o, const char *s)
{
	for (; *s && *o + 4 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || strchr("-._~", ch))
			out[(*o)++] = (char)ch;
		else
			*o += (size_t)sprintf(out + *o, "%%%02X", ch);
	}
	out[*o] = 0;
}

pcf_status pcf_pull(const pcf_pull_config *cfg, pcf_pull_result **out, pcf_error *err)
{
	ctx x;
	pcf_pull_result *r;
	char url[PCF_PULL_URL_MAX + 1], next[PCF_PULL_URL_MAX + 1];
	const char *p;
	size_t i, o, total = 0;
	unsigned pages_max;
	pcf_status st = PCF_OK;

	if (out)
		*out = NULL;
	if (!cfg || !out || !cfg->url || !cfg->client_id || !cfg->secret_file || !cfg->outdir)
		return pcfi_error(err, PCF_E_ARG, "pcf_pull: NULL argument");
	if (strncmp(cfg->url, "https://", 8) || strlen(cfg->url) >= PCF_PULL_URL_MAX - 64 || strpbrk(cfg->url, " \r\n\t"))
		return pcfi_error(err, PCF_E_ARG, "'%s': expected an https:// URL of at most %u bytes", cfg->url,
		                  PCF_PULL_URL_MAX - 64);
	memset(&x, 0, sizeof x);
	x.cfg = cfg;
	x.timeout = cfg->timeout > 0 ? cfg->timeout : PCF_PULL_TIMEOUT;
	pages_max = cfg->max_pages ? cfg->max_pages : PCF_PULL_PAGES_MAX;
	p = strchr(cfg->url + 8, '/');
	o = p ? (size_t)(p - cfg->url) : strlen(cfg->url);
	memcpy(x.origin, cfg->url, o);
	x.origin[o] = 0;
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK || !(x.c = curl_easy_init()))
		return pcfi_error(err, PCF_E_INTERNAL, "cannot initialize libcurl");
	if (!(r = calloc(1, sizeof *r))) {
		curl_easy_cleanup(x.c);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	{
		size_t sl = 0;
		if ((st = pcfi_check_private_file(cfg->secret_file, err)) != PCF_OK ||
		    (st = pcfi_read_file_named(cfg->secret_file, 4096, "secret file", &x.secret, &sl, err)) != PCF_OK)
			goto out;
		while (sl && (x.secret[sl - 1] == '\n' || x.secret[sl - 1] == '\r'))
			x.secret[--sl] = 0;
		if (!sl || strlen(x.secret) != sl || strpbrk(x.secret, "\r\n")) {
			st = pcfi_error(err, PCF_E_INVALID, "%s: expected the secret on one line, found an empty file or several lines",
			                cfg->secret_file);
			goto out;
		}
	}
	if ((st = get_token(&x, err)) != PCF_OK)
		goto out;
	for (int v = 3; v >= 2; v--) {
		long code = 0;
		o = (size_t)snprintf(url, sizeof url, "%s/%d/footprints", cfg->url, v);
		for (i = 0; i < cfg->nfilters; i++) {
			const char *eq = strchr(cfg->filters[i], '=');
			char name[256];
			if (!eq || eq == cfg->filters[i] || (size_t)(eq - cfg->filters[i]) >= sizeof name) {
				st = pcfi_error(err, PCF_E_ARG, "filter '%s': expected NAME=VALUE", cfg->filters[i]);
				goto out;
			}
			if (o + 3 * strlen(cfg->filters[i]) + 8 >= sizeof url) {
				st = pcfi_error(err, PCF_E_LIMIT, "the listing URL is more than the limit of %u bytes",
				                PCF_PULL_URL_MAX);
				goto out;
			}
			memcpy(name, cfg->filters[i], (size_t)(eq - cfg->filters[i]));
			name[eq - cfg->filters[i]] = 0;
			url[o++] = i ? '&' : '?';
			enc(url, sizeof url, &o, name);
			url[o++] = '=';
			enc(url, sizeof url, &o, eq + 1);
		}
		if (cfg->limit)
			o += (size_t)snprintf(url + o, sizeof url - o, "%slimit=%u", cfg->nfilters ? "&" : "?", cfg->limit);
		if (o + 8 >= sizeof url) {
			st = pcfi_error(err, PCF_E_LIMIT, "the listing URL is more than the limit of %u bytes", PCF_PULL_URL_MAX);
			goto out;
		}
		while (*url) {
			buf b = { NULL, 0, PCF_PULL_BODY_MAX, 0 };
			json_t *j, *data, *fp;
			json_error_t je;
			size_t k;

			if (r->pages >= pages_max) {
				st = pcfi_error(err, PCF_E_LIMIT, "the listing has more than the limit of %u pages", pages_max);
				goto out;
			}
			if ((st = request(&x, url, NULL, 0, &b, &code, next, err)) != PCF_OK) {
				free(b.p);
				goto out;
			}
			if (code == 404 && v == 3 && r->pages == 0) {
				free(b.p);
				break; /* no 3.x: try 2.x */
			}
			if (code != 200) {
				free(b.p);
				st = pcfi_error(err, code == 401 || code == 403 ? PCF_E_VERIFY : PCF_E_IO,
				                "%s: expected HTTP 200, found %ld", url, code);
				goto out;
			}
			r->pages++;
			j = b.p ? json_loadb(b.p, b.n, 0, &je) : NULL;
			free(b.p);
			data = json_object_get(j, "data");
			if (!json_is_array(data)) {
				json_decref(j);
				st = pcfi_error(err, PCF_E_SYNTAX, "%s: expected a JSON object with a data array", url);
				goto out;
			}
			if (!r->version)
				r->version = strdup(v == 3 ? "3" : "2");
			json_array_foreach(data, k, fp) {
				if (++total > PCF_PULL_FOOTPRINTS_MAX) {
					json_decref(j);
					st = pcfi_error(err, PCF_E_LIMIT, "the listing has more than the limit of %u footprints",
					                PCF_PULL_FOOTPRINTS_MAX);
					goto out;
				}
				if ((st = one(&x, fp, r, err)) != PCF_OK) {
					json_decref(j);
					goto out;
				}
			}
			json_decref(j);
			if (*next && strncmp(next, x.origin, strlen(x.origin))) {
				st = pcfi_error(err, PCF_E_INVALID, "the Link rel=next '%.200s' is not on the host pulled from", next);
				goto out;
			}
			strcpy(url, next);
		}
		if (r->version)
			break;
		if (v == 2) {
			st = pcfi_error(err, PCF_E_IO, "%s: the host offers neither /3/footprints nor /2/footprints", cfg->url);
			goto out;
		}
	}
out:
	memset(x.token, 0, sizeof x.token);
	if (x.secret) {
		memset(x.secret, 0, strlen(x.secret));
		free(x.secret);
	}
	curl_easy_cleanup(x.c);
	if (st != PCF_OK && r->n == 0) {
		pcf_pull_result_free(r);
		return st;
	}
	*out = r;
	return st;
}

void pcf_pull_result_free(pcf_pull_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->items[i].id);
		free(r->items[i].file);
		free(r->items[i].why);
	}
	free(r->items);
	free(r->version);
	free(r);
}
