/*
 * serve.c - the HTTP side of `pcf serve`, a PACT 3.0 host system (pcf/serve.h): libmicrohttpd
 * with TLS only, one internal polling thread; routing, the request limits of docs/limits.md,
 * OAuth2 client credentials (/auth/token, /.well-known/openid-configuration), ListFootprints
 * with filters and Link paging, GetFootprint, the signed bundles, and the PACT error bodies.
 * The footprints are read-only after start, so requests share them without locks.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <pcf/serve.h>

#include "base/error_impl.h"
#include "base/fsutil.h"
#include "base/hex.h"
#include "serve/serve_impl.h"

#define EXT_SCHEMA_PATH "/extensions/pcfkit-bundle/1.0.0/schema.json"
#define EXT_DOC_URL "https://pcfkit.example/docs/pact-host.html#the-bundle-extension"
#define PEM_MAX (1u << 20)

/* The extension's JSON schema, byte for byte schemas/pact-bundle-extension.schema.json (a test compares). */
static const char ext_schema[] =
#include "serve/ext_schema.inc"
	;

struct pcf_server {
	struct MHD_Daemon *d;
	pcfi_store store;
	pcfi_auth *auth;
	unsigned port;
	char *cert_pem, *key_pem;
	pcf_serve_log_fn log;
	void *log_ctx;
};

/* Per request: the body read so far (POST /auth/token) and whether it went over the limit. */
struct req {
	char body[PCF_SERVE_BODY_MAX + 1];
	size_t len;
	int too_big;
	int refused;
};

static void logf_(struct pcf_server *s, const char *fmt, ...) PCFI_PRINTF(2, 3);
static void logf_(struct pcf_server *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!s->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->log(s->log_ctx, line);
}

/* A path for the log: printable ASCII only, at most 120 bytes (a query is never logged). */
static void log_path(char *out, size_t n, const char *url)
{
	size_t i;

	for (i = 0; url[i] && i + 1 < n && i < 120; i++)
		out[i] = (url[i] > 32 && url[i] < 127) ? url[i] : '?';
	out[i] = 0;
}

static enum MHD_Result respond(struct pcf_server *s, struct MHD_Connection *c, unsigned status, const char *ctype,
                               char *body, size_t len, const char *method, const char *url, const char *h1,
                               const char *v1, const char *h2, const char *v2)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	char p[128];

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (h1)
		MHD_add_response_header(r, h1, v1);
	if (h2)
		MHD_add_response_header(r, h2, v2);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	log_path(p, sizeof p, url);
	logf_(s, "%s %s %u %zu", method, p, status, len);
	return ret;
}

static enum MHD_Result send_json(struct pcf_server *s, struct MHD_Connection *c, unsigned status, json_t *j,
                                 const char *method, const char *url, const char *h1, const char *v1)
{
	char *text = json_dumps(j, JSON_COMPACT);

	json_decref(j);
	if (!text)
		return MHD_NO;
	return respond(s, c, status, "application/json", text, strlen(text), method, url, h1, v1, NULL, NULL);
}

/* A PACT Error body ({"code", "message"}) with its status. */
static enum MHD_Result pact_error(struct pcf_server *s, struct MHD_Connection *c, unsigned status, const char *code,
                                  const char *message, const char *method, const char *url)
{
	json_t *j = json_pack("{s:s, s:s}", "code", code, "message", message);
	const char *h = NULL, *v = NULL;

	if (status == MHD_HTTP_UNAUTHORIZED) {
		h = MHD_HTTP_HEADER_WWW_AUTHENTICATE;
		v = !strcmp(code, "TokenExpired") ? "Bearer error=\"invalid_token\", error_description=\"token expired\""
		                                  : "Bearer error=\"invalid_token\"";
	}
	return send_json(s, c, status, j, method, url, h, v);
}

/* An RFC 6749 section 5.2 error of the token endpoint. */
static enum MHD_Result oauth_error(struct pcf_server *s, struct MHD_Connection *c, unsigned status, const char *error,
                                   const char *desc, const char *method, const char *url)
{
	json_t *j = json_pack("{s:s, s:s}", "error", error, "error_description", desc);

	return send_json(s, c, status, j, method, url,
	                 status == MHD_HTTP_UNAUTHORIZED ? MHD_HTTP_HEADER_WWW_AUTHENTICATE : NULL,
	                 "Basic realm=\"pcf serve\"");
}

static int hexdig(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

struct hdr_sum {
	size_t total;
};

static enum MHD_Result sum_headers(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct hdr_sum *h = cls;

	h->total += strlen(key) + (value ? strlen(value) : 0);
	return MHD_YES;
}

/* The Host header when it is a plausible host[:port] (it goes into links), else NULL. */
static const char *good_host(struct MHD_Connection *c)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	size_t i;

	if (!h || !h[0] || strlen(h) > 255)
		return NULL;
	for (i = 0; h[i]; i++)
		if (!isalnum((unsigned char)h[i]) && !strchr(".-:[]_", h[i]))
			return NULL;
	return h;
}

/* Check the bearer token: 0 valid, else a response was queued (*ret). */
static int need_token(struct pcf_server *s, struct MHD_Connection *c, const char *method, const char *url,
                      enum MHD_Result *ret)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	int r;

	if (!a || strncasecmp(a, "Bearer ", 7)) {
		*ret = pact_error(s, c, MHD_HTTP_UNAUTHORIZED, "BadRequest", "missing bearer access token", method, url);
		return -1;
	}
	a += 7;
	while (*a == ' ')
		a++;
	r = pcfi_auth_token(s->auth, a);
	if (r == 0)
		return 0;
	*ret = r == 1 ? pact_error(s, c, MHD_HTTP_UNAUTHORIZED, "TokenExpired", "the access token has expired", method, url)
	              : pact_error(s, c, MHD_HTTP_UNAUTHORIZED, "BadRequest", "invalid access token", method, url);
	return -1;
}

static int b64_decode(const char *in, unsigned char *out, size_t cap, size_t *outlen)
{
	size_t n = strlen(in);
	int len, pad = 0;

	if (n == 0 || n % 4 || n / 4 * 3 > cap)
		return -1;
	len = EVP_DecodeBlock(out, (const unsigned char *)in, (int)n);
	if (len < 0)
		return -1;
	if (in[n - 1] == '=')
		pad++;
	if (in[n - 2] == '=')
		pad++;
	*outlen = (size_t)len - (size_t)pad;
	out[*outlen] = 0;
	return 0;
}

/* application/x-www-form-urlencoded: the decoded value of key into out, 1 found, 0 not, -1 malformed. */
static int form_value(const char *body, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	const char *p = body;

	while (*p) {
		const char *amp = strchr(p, '&'), *e = amp ? amp : p + strlen(p);
		if ((size_t)(e - p) > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			size_t o = 0;
			for (const char *q = p + kl + 1; q < e; q++) {
				int ch = *q;
				if (ch == '+')
					ch = ' ';
				else if (ch == '%') {
					unsigned v;
					if (e - q < 3 || !isxdigit((unsigned char)q[1]) || !isxdigit((unsigned char)q[2]) ||
					    sscanf(q + 1, "%2x", &v) != 1)
						return -1;
					ch = (int)v;
					q += 2;
				}
				if (o + 1 >= cap)
					return -1;
				out[o++] = (char)ch;
			}
			out[o] = 0;
			return 1;
		}
		p = amp ? amp + 1 : e;
	}
	return 0;
}

static enum MHD_Result do_token(struct pcf_server *s, struct MHD_Connection *c, struct req *rq, const char *method,
                                const char *url)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	unsigned char dec[1024];
	char grant[64], tok[65], *colon;
	size_t dlen = 0;
	int ok, r;
	json_t *j;

	if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33))
		return oauth_error(s, c, MHD_HTTP_BAD_REQUEST, "invalid_request",
		                   "the body must be application/x-www-form-urlencoded", method, url);
	rq->body[rq->len] = 0;
	r = form_value(rq->body, "grant_type", grant, sizeof grant);
	if (r < 0 || memchr(rq->body, 0, rq->len))
		return oauth_error(s, c, MHD_HTTP_BAD_REQUEST, "invalid_request", "malformed form body", method, url);
	if (r == 0)
		return oauth_error(s, c, MHD_HTTP_BAD_REQUEST, "invalid_request", "grant_type is missing", method, url);
	if (strcmp(grant, "client_credentials"))
		return oauth_error(s, c, MHD_HTTP_BAD_REQUEST, "unsupported_grant_type",
		                   "only grant_type=client_credentials is supported", method, url);
	if (!a || strncasecmp(a, "Basic ", 6))
		return oauth_error(s, c, MHD_HTTP_UNAUTHORIZED, "invalid_client",
		                   "client authentication (HTTP Basic) is required", method, url);
	a += 6;
	while (*a == ' ')
		a++;
	if (b64_decode(a, dec, sizeof dec - 1, &dlen) || !(colon = memchr(dec, ':', dlen)) || memchr(dec, 0, dlen)) {
		OPENSSL_cleanse(dec, sizeof dec);
		return oauth_error(s, c, MHD_HTTP_UNAUTHORIZED, "invalid_client", "malformed Basic credentials", method, url);
	}
	*colon = 0;
	ok = pcfi_auth_check_client(s->auth, (char *)dec, colon + 1, dlen - (size_t)(colon + 1 - (char *)dec));
	OPENSSL_cleanse(dec, sizeof dec);
	if (!ok)
		return oauth_error(s, c, MHD_HTTP_UNAUTHORIZED, "invalid_client", "unknown client or wrong secret", method,
		                   url);
	if (pcfi_auth_issue(s->auth, tok))
		return pact_error(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "InternalError",
		                  "too many live access tokens; try again later", method, url);
	j = json_pack("{s:s, s:s, s:I, s:s}", "access_token", tok, "token_type", "Bearer", "expires_in",
	              (json_int_t)pcfi_auth_ttl(s->auth), "scope", "footprint:list footprint:read");
	OPENSSL_cleanse(tok, sizeof tok);
	return send_json(s, c, MHD_HTTP_OK, j, method, url, NULL, NULL);
}

static enum MHD_Result do_openid(struct pcf_server *s, struct MHD_Connection *c, const char *host, const char *method,
                                 const char *url)
{
	char iss[300], tok[320];
	json_t *j;

	snprintf(iss, sizeof iss, "https://%s", host);
	snprintf(tok, sizeof tok, "https://%s/auth/token", host);
	j = json_pack("{s:s, s:s, s:[s], s:[s], s:[s], s:[s], s:[s]}", "issuer", iss, "token_endpoint", tok,
	              "token_endpoint_auth_methods_supported", "client_secret_basic", "grant_types_supported",
	              "client_credentials", "response_types_supported", "token", "scopes_supported", "footprint:list",
	              "subject_types_supported", "public");
	json_array_append_new(json_object_get(j, "scopes_supported"), json_string("footprint:read"));
	return send_json(s, c, MHD_HTTP_OK, j, method, url, NULL, NULL);
}

/* The footprint as served: a shallow copy with the pcfkit bundle extension appended. */
static json_t *served(const pcfi_footprint *fp, const char *host)
{
	json_t *j = json_copy(fp->json), *ext = json_object_get(fp->json, "extensions"), *arr, *e;
	char schema[300], bundle[400];

	if (!j)
		return NULL;
	arr = json_is_array(ext) ? json_copy(ext) : json_array();
	snprintf(schema, sizeof schema, "https://%s%s", host, EXT_SCHEMA_PATH);
	snprintf(bundle, sizeof bundle, "https://%s/bundles/%s.pcfb", host, fp->cert_id);
	e = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:I, s:s, s:s}}", "specVersion", "2.0.0", "dataSchema", schema,
	              "documentation", EXT_DOC_URL, "data", "certificateId", fp->cert_id, "sha256", fp->sha256,
	              "size", (json_int_t)fp->size, "bundleUrl", bundle, "mediaType", "application/vnd.pcfkit.bundle");
	if (!arr || !e || json_array_append_new(arr, e) || json_object_set_new(j, "extensions", arr)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

struct query {
	pcfi_filter f;
	const char *key[PCF_SERVE_QUERY_VALUES_MAX], *val[PCF_SERVE_QUERY_VALUES_MAX];
	size_t n;
	int too_many;
	const char *bad;       /* the first unknown parameter */
	const char *empty;     /* the first parameter without a value */
	const char *limit, *offset;
	const char *on, *after, *before;
};

static const char *const list_names[PCFI_F_LISTS] = { "productId", "companyId", "geography", "classification",
	                                                  "status" };

static enum MHD_Result take_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct query *q = cls;
	int i;

	if (q->n == PCF_SERVE_QUERY_VALUES_MAX) {
		q->too_many = 1;
		return MHD_NO;
	}
	q->key[q->n] = key;
	q->val[q->n] = value ? value : "";
	q->n++;
	if (!strncasecmp(key, "x-", 2))
		return MHD_YES; /* extension filters of other hosts: ignored, as the specification allows */
	if (!value || !value[0]) {
		if (!q->empty)
			q->empty = key;
		return MHD_YES;
	}
	for (i = 0; i < PCFI_F_LISTS; i++)
		if (!strcasecmp(key, list_names[i])) {
			q->f.v[i][q->f.nv[i]++] = value;
			return MHD_YES;
		}
	if (!strcasecmp(key, "limit"))
		q->limit = value;
	else if (!strcasecmp(key, "offset"))
		q->offset = value;
	else if (!strcasecmp(key, "validOn"))
		q->on = value;
	else if (!strcasecmp(key, "validAfter"))
		q->after = value;
	else if (!strcasecmp(key, "validBefore"))
		q->before = value;
	else if (!q->bad)
		q->bad = key;
	return MHD_YES;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 10)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Append s percent-encoded (RFC 3986 unreserved kept) to the buffer. */
static void url_encode(char *out, size_t cap, size_t *o, const char *s)
{
	static const char hx[] = "0123456789ABCDEF";

	for (; *s && *o + 4 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if (isalnum(ch) || strchr("-._~:", ch)) {
			out[(*o)++] = (char)ch;
		} else {
			out[(*o)++] = '%';
			out[(*o)++] = hx[ch >> 4];
			out[(*o)++] = hx[ch & 15];
		}
	}
	out[*o] = 0;
}

static enum MHD_Result do_list(struct pcf_server *s, struct MHD_Connection *c, const char *host, const char *method,
                               const char *url)
{
	struct query q;
	unsigned long limit = PCF_SERVE_PAGE_MAX, offset = 0, skipped = 0;
	json_t *data, *j;
	size_t i, taken = 0;
	int more = 0;
	char msg[200];

	memset(&q, 0, sizeof q);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, take_arg, &q);
	if (q.too_many) {
		snprintf(msg, sizeof msg, "more than %u query parameters", PCF_SERVE_QUERY_VALUES_MAX);
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
	}
	if (q.bad || q.empty) {
		snprintf(msg, sizeof msg, q.bad ? "unknown query parameter \"%.60s\"" : "query parameter \"%.60s\" has no value",
		         q.bad ? q.bad : q.empty);
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
	}
	if (q.limit && parse_uint(q.limit, 4294967295ul, &limit)) {
		snprintf(msg, sizeof msg, "limit must be a whole number from 0, found \"%.40s\"", q.limit);
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
	}
	if (limit == 0 || limit > PCF_SERVE_PAGE_MAX)
		limit = PCF_SERVE_PAGE_MAX;
	if (q.offset && parse_uint(q.offset, 4294967295ul, &offset)) {
		snprintf(msg, sizeof msg, "offset must be a whole number from 0, found \"%.40s\"", q.offset);
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
	}
	{
		const char *dv[3] = { q.on, q.after, q.before }, *dn[3] = { "validOn", "validAfter", "validBefore" };
		int *has[3] = { &q.f.has_on, &q.f.has_after, &q.f.has_before };
		int64_t *at[3] = { &q.f.on, &q.f.after, &q.f.before };
		for (i = 0; i < 3; i++) {
			if (!dv[i])
				continue;
			if (pcfi_parse_datetime(dv[i], at[i])) {
				snprintf(msg, sizeof msg, "%s must be an RFC 3339 date-time such as 2025-01-01T00:00:00Z, found \"%.40s\"",
				         dn[i], dv[i]);
				return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
			}
			*has[i] = 1;
		}
	}
	data = json_array();
	if (!data)
		return MHD_NO;
	for (i = 0; i < s->store.n; i++) {
		const pcfi_footprint *fp = &s->store.fp[i];
		if (!pcfi_filter_match(&q.f, fp))
			continue;
		if (skipped < offset) {
			skipped++;
			continue;
		}
		if (taken == limit) {
			more = 1;
			break;
		}
		if (json_array_append_new(data, served(fp, host))) {
			json_decref(data);
			return pact_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "InternalError", "out of memory", method, url);
		}
		taken++;
	}
	j = json_pack("{s:o}", "data", data);
	if (more) {
		char link[8192];
		size_t o;
		o = (size_t)snprintf(link, sizeof link, "<https://%s/3/footprints?", host);
		for (i = 0; i < q.n; i++) {
			if (!strcasecmp(q.key[i], "limit") || !strcasecmp(q.key[i], "offset"))
				continue;
			url_encode(link, sizeof link, &o, q.key[i]);
			if (o + 1 < sizeof link) {
				link[o++] = '=';
				link[o] = 0;
			}
			url_encode(link, sizeof link, &o, q.val[i]);
			if (o + 1 < sizeof link) {
				link[o++] = '&';
				link[o] = 0;
			}
		}
		snprintf(link + o, sizeof link - o, "limit=%lu&offset=%lu>; rel=\"next\"", limit, offset + taken);
		return send_json(s, c, MHD_HTTP_OK, j, method, url, "Link", link);
	}
	return send_json(s, c, MHD_HTTP_OK, j, method, url, NULL, NULL);
}

static enum MHD_Result do_get(struct pcf_server *s, struct MHD_Connection *c, const char *id, const char *host,
                              const char *method, const char *url)
{
	const pcfi_footprint *fp;
	json_t *j;

	if (!pcfi_is_uuid(id))
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest",
		                  "a footprint id is a UUID (8-4-4-4-12 hexadecimal digits)", method, url);
	fp = pcfi_store_find(&s->store, id);
	if (!fp)
		return pact_error(s, c, MHD_HTTP_NOT_FOUND, "NotFound", "no footprint with this id", method, url);
	j = served(fp, host);
	if (!j)
		return pact_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "InternalError", "out of memory", method, url);
	return send_json(s, c, MHD_HTTP_OK, json_pack("{s:o}", "data", j), method, url, NULL, NULL);
}

static enum MHD_Result do_bundle(struct pcf_server *s, struct MHD_Connection *c, const char *name, const char *method,
                                 const char *url)
{
	char id[PCF_BUNDLE_ID_LEN + 1], hex[65];
	const pcfi_footprint *fp;
	unsigned char md[32];
	unsigned int mdlen = 32;
	char *data = NULL;
	size_t len = 0;
	pcf_error e;

	if (strlen(name) != PCF_BUNDLE_ID_LEN + 5 || strcmp(name + PCF_BUNDLE_ID_LEN, ".pcfb"))
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", "a bundle is named CERTIFICATE-ID.pcfb", method,
		                  url);
	memcpy(id, name, PCF_BUNDLE_ID_LEN);
	id[PCF_BUNDLE_ID_LEN] = 0;
	if (!pcfi_is_uuid(id))
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", "a certificate id is a UUID", method, url);
	fp = pcfi_store_find_cert(&s->store, id);
	if (!fp)
		return pact_error(s, c, MHD_HTTP_NOT_FOUND, "NotFound", "no bundle with this certificate id", method, url);
	/* Read and hash it again: what is sent is what the registry recorded, or nothing. */
	if (pcfi_read_file(fp->file, (size_t)fp->size, &data, &len, &e) != PCF_OK || len != fp->size ||
	    !EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || (pcfi_hex_encode(md, 32, hex), strcmp(hex, fp->sha256))) {
		free(data);
		return pact_error(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "InternalError",
		                  "the bundle file is missing or no longer matches the registry", method, url);
	}
	return respond(s, c, MHD_HTTP_OK, "application/vnd.pcfkit.bundle", data, len, method, url, NULL, NULL, NULL,
	               NULL);
}

#define EV_PREFIX "org.wbcsd.pact.ProductFootprint."

/*
 * POST /3/events: the CloudEvent (structured mode) is validated; a PublishedEvent (a data owner
 * telling us that footprints changed) is acknowledged with 200 and an empty body; the request
 * events (RequestCreated, RequestFulfilled, RequestRejected) are valid but not handled by this host
 * (501): it has no asynchronous requests and no callbacks yet.
 */
static enum MHD_Result do_events(struct pcf_server *s, struct MHD_Connection *c, struct req *rq, const char *method,
                                 const char *url)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *type, *k, *t;
	json_t *ev, *data, *ids, *x;
	int64_t ms;
	size_t i;
	char msg[200];
	static const char *const need[] = { "specversion", "id", "source", "time", "type" };

	if (!ct || (strncasecmp(ct, "application/cloudevents+json", 28) && strncasecmp(ct, "application/json", 16)))
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest",
		                  "an event is sent as application/cloudevents+json (structured mode)", method, url);
	ev = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(ev)) {
		json_decref(ev);
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", "the event is not a JSON object", method, url);
	}
	for (i = 0; i < sizeof need / sizeof need[0]; i++) {
		k = json_string_value(json_object_get(ev, need[i]));
		if (!k || !k[0]) {
			json_decref(ev);
			snprintf(msg, sizeof msg, "the event has no \"%s\" string", need[i]);
			return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
		}
	}
	t = json_string_value(json_object_get(ev, "time"));
	type = json_string_value(json_object_get(ev, "type"));
	data = json_object_get(ev, "data");
	if (strcmp(json_string_value(json_object_get(ev, "specversion")), "1.0") || pcfi_parse_datetime(t, &ms) ||
	    !json_is_object(data)) {
		json_decref(ev);
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest",
		                  "the event needs specversion \"1.0\", an RFC 3339 time and a data object", method, url);
	}
	if (!strcmp(type, EV_PREFIX "PublishedEvent.3")) {
		ids = json_object_get(data, "pfIds");
		if (!json_is_array(ids) || json_array_size(ids) == 0) {
			json_decref(ev);
			return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest",
			                  "a PublishedEvent's data.pfIds is a non-empty list of footprint ids", method, url);
		}
		json_array_foreach(ids, i, x) {
			if (!json_is_string(x) || !pcfi_is_uuid(json_string_value(x))) {
				json_decref(ev);
				snprintf(msg, sizeof msg, "data.pfIds[%zu] is not a footprint id (a UUID)", i);
				return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", msg, method, url);
			}
		}
		json_decref(ev);
		return respond(s, c, MHD_HTTP_OK, "text/plain", strdup(""), 0, method, url, NULL, NULL, NULL, NULL);
	}
	if (!strcmp(type, EV_PREFIX "RequestCreatedEvent.3") || !strcmp(type, EV_PREFIX "RequestFulfilledEvent.3") ||
	    !strcmp(type, EV_PREFIX "RequestRejectedEvent.3")) {
		json_decref(ev);
		return pact_error(s, c, MHD_HTTP_NOT_IMPLEMENTED, "NotImplemented",
		                  "asynchronous footprint requests are not implemented by this host: use GET /3/footprints",
		                  method, url);
	}
	json_decref(ev);
	return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", "unknown event type", method, url);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct pcf_server *s = cls;
	struct req *rq = *con_cls;
	struct hdr_sum hs = { 0 };
	const char *host, *cl;
	enum MHD_Result ret;
	char msg[160];

	if (!rq) {
		rq = calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		*con_cls = rq;
		MHD_get_connection_values(c, MHD_HEADER_KIND, sum_headers, &hs);
		if (hs.total > PCF_SERVE_HEADER_MAX) {
			rq->refused = 1;
			snprintf(msg, sizeof msg, "the request's header fields have %zu bytes, more than %u", hs.total,
			         PCF_SERVE_HEADER_MAX);
			return pact_error(s, c, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE, "BadRequest", msg, method, url);
		}
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && (strlen(cl) > 10 || strtoull(cl, NULL, 10) > PCF_SERVE_BODY_MAX)) {
			rq->refused = 1;
			snprintf(msg, sizeof msg, "the request body is over %u bytes", PCF_SERVE_BODY_MAX);
			return pact_error(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "BadRequest", msg, method, url);
		}
		return MHD_YES;
	}
	if (rq->refused)
		return MHD_NO;
	if (*upload_size) {
		if (rq->len + *upload_size > PCF_SERVE_BODY_MAX)
			rq->too_big = 1;
		else {
			memcpy(rq->body + rq->len, upload, *upload_size);
			rq->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->too_big) {
		snprintf(msg, sizeof msg, "the request body is over %u bytes", PCF_SERVE_BODY_MAX);
		return pact_error(s, c, MHD_HTTP_CONTENT_TOO_LARGE, "BadRequest", msg, method, url);
	}
	host = good_host(c);
	if (!host)
		return pact_error(s, c, MHD_HTTP_BAD_REQUEST, "BadRequest", "missing or malformed Host header", method, url);
	if (!strcmp(url, "/auth/token")) {
		if (strcmp(method, MHD_HTTP_METHOD_POST))
			return pact_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "BadRequest", "use POST", method, url);
		return do_token(s, c, rq, method, url);
	}
	if (!strcmp(url, "/.well-known/openid-configuration") || !strcmp(url, EXT_SCHEMA_PATH)) {
		if (strcmp(method, MHD_HTTP_METHOD_GET))
			return pact_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "BadRequest", "use GET", method, url);
		if (!strcmp(url, EXT_SCHEMA_PATH)) {
			char *b = strdup(ext_schema);
			if (!b)
				return MHD_NO;
			return respond(s, c, MHD_HTTP_OK, "application/schema+json", b, strlen(b), method, url, NULL, NULL,
			               NULL, NULL);
		}
		return do_openid(s, c, host, method, url);
	}
	if (!strcmp(url, "/3/events")) {
		if (strcmp(method, MHD_HTTP_METHOD_POST))
			return pact_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "BadRequest", "use POST", method, url);
		if (need_token(s, c, method, url, &ret))
			return ret;
		return do_events(s, c, rq, method, url);
	}
	if (!strcmp(url, "/3/footprints") || !strncmp(url, "/3/footprints/", 14) || !strncmp(url, "/bundles/", 9)) {
		if (strcmp(method, MHD_HTTP_METHOD_GET))
			return pact_error(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "BadRequest", "use GET", method, url);
		if (need_token(s, c, method, url, &ret))
			return ret;
		if (!strcmp(url, "/3/footprints"))
			return do_list(s, c, host, method, url);
		if (!strncmp(url, "/bundles/", 9))
			return do_bundle(s, c, url + 9, method, url);
		return do_get(s, c, url + 14, host, method, url);
	}
	return pact_error(s, c, MHD_HTTP_NOT_FOUND, "NotFound", "no such endpoint", method, url);
}

/*
 * Percent-decoding of paths and query values (libmicrohttpd's, less one thing): %00 stays as the
 * three characters it is, so that no NUL can cut an id or a value short behind our back.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *r = s, *w = s;

	while (*r) {
		int hi, lo;
		if (*r == '%' && (hi = hexdig(r[1])) >= 0 && (lo = hexdig(r[2])) >= 0 && (hi | lo)) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	free(*con_cls);
	*con_cls = NULL;
}

pcf_status pcf_serve_start(const pcf_serve_config *cfg, pcf_server **out, pcf_error *err)
{
	struct pcf_server *s;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	size_t len;
	pcf_status st;

	*out = NULL;
	if (!cfg || !cfg->registry || !cfg->tls_cert || !cfg->tls_key || !cfg->credentials || cfg->port > 65535)
		return pcfi_error(err, PCF_E_ARG, "pcf_serve_start: registry, TLS certificate, key and credentials are needed");
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->host ? cfg->host : "127.0.0.1", &sa.sin_addr) != 1)
		return pcfi_error(err, PCF_E_ARG, "not an IPv4 address to listen on: %s", cfg->host);
	s = calloc(1, sizeof *s);
	if (!s)
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	s->log = cfg->log;
	s->log_ctx = cfg->log_ctx;
	st = pcfi_auth_new(cfg->credentials, cfg->token_ttl, &s->auth, err);
	if (st == PCF_OK)
		st = pcfi_read_file(cfg->tls_cert, PEM_MAX, &s->cert_pem, &len, err);
	if (st == PCF_OK)
		st = pcfi_check_private_file(cfg->tls_key, err);
	if (st == PCF_OK)
		st = pcfi_read_file(cfg->tls_key, PEM_MAX, &s->key_pem, &len, err);
	if (st == PCF_OK)
		st = pcfi_store_load(&s->store, cfg->registry, err);
	if (st != PCF_OK) {
		pcf_serve_stop(s);
		return st;
	}
	s->d = MHD_start_daemon(MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL, handle, s,
	                        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_HTTPS_MEM_CERT, s->cert_pem,
	                        MHD_OPTION_HTTPS_MEM_KEY, s->key_pem, MHD_OPTION_CONNECTION_LIMIT,
	                        (unsigned int)(cfg->max_connections ? cfg->max_connections : PCF_SERVE_CONNECTIONS),
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)PCF_SERVE_TIMEOUT,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                        (unsigned int)0, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	                        MHD_OPTION_UNESCAPE_CALLBACK, unescape, s, MHD_OPTION_END);
	if (!s->d) {
		pcf_serve_stop(s);
		return pcfi_error(err, PCF_E_IO,
		                  "cannot serve HTTPS on %s:%u (the port is taken, or the TLS certificate or key was refused)",
		                  cfg->host ? cfg->host : "127.0.0.1", cfg->port);
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_LISTEN_FD);
	if (info) {
		struct sockaddr_in b;
		socklen_t bl = sizeof b;
		if (!getsockname(info->listen_fd, (struct sockaddr *)&b, &bl))
			s->port = ntohs(b.sin_port);
	}
	*out = s;
	return PCF_OK;
}

unsigned pcf_serve_port(const pcf_server *srv)
{
	return srv->port;
}

size_t pcf_serve_footprints(const pcf_server *srv)
{
	return srv->store.n;
}

size_t pcf_serve_skipped(const pcf_server *srv)
{
	return srv->store.skipped;
}

void pcf_serve_stop(pcf_server *s)
{
	if (!s)
		return;
	if (s->d)
		MHD_stop_daemon(s->d);
	pcfi_store_free(&s->store);
	pcfi_auth_free(s->auth);
	if (s->key_pem) {
		OPENSSL_cleanse(s->key_pem, strlen(s->key_pem));
		free(s->key_pem);
	}
	free(s->cert_pem);
	free(s);
}
