/*
 * serve_impl.h - internals of the serve module (not installed): the footprint store with the
 * PACT 3.0 filters (footprints.c), the credentials and access tokens (auth.c); serve.c is the
 * HTTP side.
 */
#ifndef PCF_SERVE_IMPL_H
#define PCF_SERVE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include <pcf/error.h>
#include <pcf/registry.h>

/* One footprint: its PACT JSON (owned) and what the filters and the extension need. */
typedef struct pcfi_footprint {
	json_t *json;                   /* the ProductFootprint as exported, status set from the registry */
	char id[37];                    /* its PACT id (lowercase UUID) */
	char cert_id[PCF_BUNDLE_ID_LEN + 1];
	char sha256[65];                /* of the bundle file */
	uint64_t size;
	char *file;                     /* the bundle's path, resolved at load */
	int64_t valid_from, valid_until;/* validity period in milliseconds since the epoch */
	int has_validity;
} pcfi_footprint;

typedef struct pcfi_store {
	pcfi_footprint *fp;             /* in registry order (issue time, then certificate id) */
	size_t n, cap;
	size_t skipped;
	size_t *by_id, *by_cert;        /* indexes into fp sorted by footprint id and by certificate id */
} pcfi_store;

/* Load every bundle of the registry at path that carries export/pact-v3.json. */
pcf_status pcfi_store_load(pcfi_store *st, const char *path, pcf_error *err);
void pcfi_store_free(pcfi_store *st);
const pcfi_footprint *pcfi_store_find(const pcfi_store *st, const char *id);
const pcfi_footprint *pcfi_store_find_cert(const pcfi_store *st, const char *cert_id);

/* RFC 3339 date-time (seconds and fraction optional, Z or an offset) to milliseconds; 0 or -1. */
int pcfi_parse_datetime(const char *s, int64_t *ms);

/* A parsed ListFootprints filter; values point into the request (not owned). */
#define PCFI_F_PRODUCT 0
#define PCFI_F_COMPANY 1
#define PCFI_F_GEOGRAPHY 2
#define PCFI_F_CLASSIFICATION 3
#define PCFI_F_STATUS 4
#define PCFI_F_LISTS 5
typedef struct pcfi_filter {
	const char *v[PCFI_F_LISTS][64];
	size_t nv[PCFI_F_LISTS];
	int has_on, has_after, has_before;
	int64_t on, after, before;
} pcfi_filter;

/* 1 when fp matches every criterion of f (OR within one, AND across). */
int pcfi_filter_match(const pcfi_filter *f, const pcfi_footprint *fp);

/* 1 when s is a lowercase or uppercase hexadecimal 8-4-4-4-12 UUID. */
int pcfi_is_uuid(const char *s);

/* Credentials and tokens. */
typedef struct pcfi_auth pcfi_auth;
pcf_status pcfi_auth_new(const char *credentials, unsigned ttl, pcfi_auth **out, pcf_error *err);
void pcfi_auth_free(pcfi_auth *a);
/* 1 when id/secret are a client's; constant time in the secret. */
int pcfi_auth_check_client(const pcfi_auth *a, const char *id, const char *secret, size_t secret_len);
/* A new token for a client into out (65 bytes); 0, or -1 when the table is full or randomness failed. */
int pcfi_auth_issue(pcfi_auth *a, char out[65]);
/* 0 valid, 1 expired, 2 unknown. */
int pcfi_auth_token(pcfi_auth *a, const char *token);
unsigned pcfi_auth_ttl(const pcfi_auth *a);

#endif
