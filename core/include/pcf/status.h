/*
 * pcf/status.h - signed status lists: the registry's suspensions and withdrawals published as W3C
 * Bitstring Status List credentials (one per purpose: "revocation" for withdrawn certificates,
 * "suspension" for suspended ones), in a CMS SignedData made by the certification body, and the
 * check of a bundle against such lists. docs/certification-body.md and docs/trust-model.md
 * ("Status lists") give the format and the rules.
 *
 * Ownership: bytes handed out are caller-owned (free()); a pcf_status_lists is caller-owned
 * (pcf_status_lists_free) and borrows the pcf_trust it was made with.
 */
#ifndef PCF_STATUS_H
#define PCF_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>
#include <pcf/registry.h>
#include <pcf/signer.h>
#include <pcf/trust.h>
#include <pcf/verify.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest status list file read, and largest bitstring decoded (bytes); docs/limits.md. */
#define PCF_STATUS_LIST_FILE_MAX (16u << 20)
#define PCF_STATUS_LIST_BITS_MAX (16u << 20)
/* Bytes of a status list id (an absolute URI) in a manifest's status-list entry (docs/limits.md). */
#define PCF_STATUS_LIST_ID_MAX 200

/*
 * Build the signed status list of purpose ("revocation" or "suspension") from reg: the JSON
 * credential (BitstringStatusListCredential, encodedList "u" + base64url(gzip(bitstring))) with
 * validFrom/validUntil, inside a DER CMS SignedData (content attached, signingTime = valid_from)
 * signed by signer. *out (caller frees with free()) holds *len bytes.
 */
pcf_status pcf_status_list_build(pcf_registry *reg, const char *purpose, const pcf_signer *signer,
                                 int64_t valid_from, int64_t valid_until, unsigned char **out, size_t *len,
                                 pcf_error *err);

/*
 * The encoding alone: "u" + base64url without padding of the gzip (RFC 1952) of nbits bits
 * (nbits a multiple of 8). *out is a NUL-terminated string (caller frees). For benchmarks and tests.
 */
pcf_status pcf_status_encode_bits(const unsigned char *bits, size_t nbits, char **out, pcf_error *err);
/* The reverse, refusing more than max_bytes of bitstring. *bits caller-freed, *nbits bits. */
pcf_status pcf_status_decode_bits(const char *encoded, size_t max_bytes, unsigned char **bits, size_t *nbits,
                                  pcf_error *err);

/* A set of status lists given to a verifier (pcf verify --status LIST ...). */
typedef struct pcf_status_lists pcf_status_lists;

/*
 * A new, empty set. require: a bundle without an entry, or without a list valid at the
 * verification time for each purpose it names, fails (fail closed). A verifier given the set
 * (pcf_verify_options.status_lists) checks the lists' signers against its own trust store and CRLs.
 */
pcf_status pcf_status_lists_new(int require, pcf_status_lists **out, pcf_error *err);
/* Read a list file (not yet checked: the check runs per bundle, at the verification time). */
pcf_status pcf_status_lists_add_file(pcf_status_lists *lists, const char *path, pcf_error *err);
void pcf_status_lists_free(pcf_status_lists *lists);

/*
 * Check the bundle whose manifest is manifest_json (len bytes) and whose signature is p7s (its
 * DER, for the signer's issuing body) against the lists at time t, their signers chained to the
 * anchors of trust (with its CRLs for every chain member unless no_revocation_check). Returns PCF_OK with
 * *code and *reason: PCF_VERDICT_VALID (not listed, or not checked: *message says why),
 * PCF_VERDICT_SUSPENDED, PCF_VERDICT_WITHDRAWN or PCF_VERDICT_INVALID (a list that is malformed,
 * badly signed, from another body, stale, for an unknown purpose, or, with require, missing).
 * message (size msglen) says what was found.
 */
pcf_status pcf_status_lists_check(const pcf_status_lists *lists, const pcf_trust *trust, int no_revocation_check,
                                  const void *manifest_json, size_t len, const void *p7s, size_t p7s_len, int64_t t,
                                  pcf_verdict_code *code, pcf_reason *reason, char *message, size_t msglen,
                                  pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
