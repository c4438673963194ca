/*
 * pcf/pull.h - a PACT client (`pcf pact pull`): OAuth2 client credentials at POST /auth/token
 * (HTTP Basic), GET /3/footprints (or /2/footprints where the host offers only 2.x) with its filters
 * and RFC 8288 Link paging, a shape check of each footprint, and for each footprint that carries the
 * pcfkit bundle extension (schemas/pact-bundle-extension.schema.json) the signed bundle: fetched from
 * the same host, checked against the extension's size and SHA-256, verified under the caller's
 * verifier. Verified bundles are written as DIR/CERTIFICATE-ID.pcfb (usable as `supplier: {bundle:}`),
 * footprints without the extension as DIR/ID.pact.json (unverified secondary data). TLS is always
 * verified (the system CAs, or cacert). docs/limits.md lists the limits.
 *
 * Ownership: the configuration's strings and the verifier are borrowed for the call; the result
 * (*out) is the caller's, freed with pcf_pull_result_free. The secret is never put in an error.
 */
#ifndef PCF_PULL_H
#define PCF_PULL_H

#include <stddef.h>

#include <pcf/error.h>
#include <pcf/verify.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PCF_PULL_PAGES_MAX 1000u                  /* pages of one listing followed */
#define PCF_PULL_BODY_MAX ((size_t)16 << 20)     /* bytes of one response (token, page) */
#define PCF_PULL_BUNDLE_MAX ((size_t)64 << 20)   /* bytes of one bundle */
#define PCF_PULL_FOOTPRINTS_MAX 100000u           /* footprints of one pull */
#define PCF_PULL_TIMEOUT 30L                      /* seconds of one request */
#define PCF_PULL_URL_MAX 2048u                    /* bytes of a URL (the base, a Link, a bundleUrl) */

typedef struct pcf_pull_config {
	const char *url;                 /* https://HOST[:PORT][/PREFIX] of the host system */
	const char *client_id;           /* the client id */
	const char *secret_file;         /* file holding the secret (one line; group and others may not
	                                    read it); the secret is never printed */
	const char *cacert;              /* PEM file of CAs for TLS; NULL: the system's */
	const char *const *filters;      /* "NAME=VALUE" query parameters, sent URL-encoded */
	size_t nfilters;
	unsigned limit;                  /* page size asked for (0: the host's default) */
	const pcf_verifier *verifier;    /* verifies the bundles; NULL: bundles are refused */
	const char *outdir;              /* existing folder the files are written into */
	int force;                       /* overwrite existing files */
	unsigned max_pages;              /* 0: PCF_PULL_PAGES_MAX */
	long timeout;                    /* seconds per request; 0: PCF_PULL_TIMEOUT */
} pcf_pull_config;

typedef enum pcf_pull_kind {
	PCF_PULL_VERIFIED = 0,   /* a bundle verified and written (.pcfb) */
	PCF_PULL_UNVERIFIED = 1, /* no bundle extension: the PACT JSON written as secondary data */
	PCF_PULL_REFUSED = 2     /* invalid footprint, or bundle not matching / not valid: nothing written */
} pcf_pull_kind;

typedef struct pcf_pull_item {
	char *id;        /* the footprint's id ("?" when it has none) */
	pcf_pull_kind kind;
	char *file;      /* the file written (NULL when refused) */
	char *why;       /* why refused (NULL otherwise) */
} pcf_pull_item;

typedef struct pcf_pull_result {
	char *version;   /* "3" or "2": the API version used */
	size_t pages;
	pcf_pull_item *items;
	size_t n;
} pcf_pull_result;

/*
 * Pull. PCF_OK when the listing was read to its end (items may still be refused); otherwise an
 * error: PCF_E_ARG (configuration), PCF_E_INVALID (a secret file others can read, or empty), PCF_E_CRYPTO (TLS refused), PCF_E_VERIFY (credentials refused
 * by the host), PCF_E_IO (network, HTTP status, writing), PCF_E_LIMIT, PCF_E_SYNTAX (a response not
 * JSON), PCF_E_EXISTS (a file exists, no force). *out is set also on an error after some files were
 * written (it says which), else NULL.
 */
pcf_status pcf_pull(const pcf_pull_config *cfg, pcf_pull_result **out, pcf_error *err);

void pcf_pull_result_free(pcf_pull_result *r);

#ifdef __cplusplus
}
#endif
#endif
