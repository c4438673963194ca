/*
 * pcf/serve.h - a PACT 3.0 host system over the registry (`pcf serve`): HTTPS only (libmicrohttpd
 * with GnuTLS), OAuth2 client credentials at POST /auth/token with OpenID discovery, GET
 * /3/footprints (filters, limit, RFC 8288 Link paging), GET /3/footprints/{id}, and GET
 * /bundles/{certificate-id}.pcfb for the signed bundle each footprint names in its pcfkit data
 * model extension. docs/pact-host.md describes it; docs/limits.md its limits.
 *
 * Ownership: pcf_serve_start returns a running server the caller stops and frees with
 * pcf_serve_stop; the configuration's strings are copied or read at start and need not outlive
 * the call. The log callback is called from the server's threads (one line at a time, never a
 * secret, never a token); it must be thread-safe.
 */
#ifndef PCF_SERVE_H
#define PCF_SERVE_H

#include <stddef.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits on untrusted requests (docs/limits.md); a configuration field of 0 takes the default. */
#define PCF_SERVE_HEADER_MAX 8192u       /* bytes of header fields (names + values) of one request */
#define PCF_SERVE_BODY_MAX 4096u         /* bytes of one request body */
#define PCF_SERVE_QUERY_VALUES_MAX 64u   /* query parameters of one request */
#define PCF_SERVE_PAGE_MAX 1000u         /* footprints in one response (a larger limit gets this many) */
#define PCF_SERVE_CONNECTIONS 64u        /* connections at once (default of max_connections) */
#define PCF_SERVE_TIMEOUT 10u            /* seconds an idle or slow connection is kept */
#define PCF_SERVE_TOKENS_MAX 4096u       /* access tokens alive at once */
#define PCF_SERVE_TOKEN_TTL 3600u        /* seconds an access token is valid (default of token_ttl) */
#define PCF_SERVE_CLIENTS_MAX 64u        /* clients in the credentials file */

typedef void (*pcf_serve_log_fn)(void *ctx, const char *line);

typedef struct pcf_serve_config {
	const char *registry;          /* the SQLite registry, opened read-only */
	const char *tls_cert, *tls_key;/* PEM files: the certificate (with its chain) and its key */
	const char *credentials;       /* "CLIENT-ID SECRET" lines; refused when group or others can access it */
	const char *host;              /* the IPv4 address to listen on ("127.0.0.1") */
	unsigned port;                 /* 0: any free port (pcf_serve_port says which) */
	unsigned max_connections;      /* 0: PCF_SERVE_CONNECTIONS */
	unsigned token_ttl;            /* 0: PCF_SERVE_TOKEN_TTL */
	pcf_serve_log_fn log;          /* may be NULL */
	void *log_ctx;
} pcf_serve_config;

typedef struct pcf_server pcf_server;

/*
 * Load the registry's PACT 3.0 footprints (the export/pact-v3.json of each bundle whose file is
 * there and has the digest the registry recorded) and start serving them. PCF_E_IO for an
 * unreadable file or a port that cannot be bound; PCF_E_INVALID for a credentials file that
 * others can read or that is malformed (file:line, never the secret); PCF_E_CRYPTO when the TLS
 * certificate or key is refused. The registry is never written.
 */
pcf_status pcf_serve_start(const pcf_serve_config *cfg, pcf_server **out, pcf_error *err);

/* The TCP port the server listens on. */
unsigned pcf_serve_port(const pcf_server *srv);

/* Footprints served, and registry entries skipped (no pact-v3 export, missing or changed file). */
size_t pcf_serve_footprints(const pcf_server *srv);
size_t pcf_serve_skipped(const pcf_server *srv);

/* Stop serving (open connections are closed), free everything. srv may be NULL. */
void pcf_serve_stop(pcf_server *srv);

#ifdef __cplusplus
}
#endif
#endif
