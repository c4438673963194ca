/*
 * pcf/registry.h - the certification body's registry of issued certificates: one row per bundle
 * that `pcf issue --registry` wrote (or `pcf registry import` read back), with its status
 * (issued, suspended, withdrawn) and the history of status changes. The storage is SQLite by
 * default, behind a small backend interface (core/lib/registry/registry_impl.h) so that another
 * database can be added; docs/certification-body.md describes the protocol that keeps a bundle on
 * disk if and only if it is in the registry.
 *
 * Ownership: pcf_registry_open returns a handle the caller closes with pcf_registry_close; entries
 * handed out are caller-owned (pcf_registry_entry_free); strings returned by *_export are
 * caller-owned (free()). A handle may be used by several threads at once (calls are serialized);
 * several processes may open one registry at once (busy waits, then PCF_E_IO).
 */
#ifndef PCF_REGISTRY_H
#define PCF_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/bundle.h>
#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (PRAGMA user_version); older ones are migrated at open. */
#define PCF_REGISTRY_SCHEMA_VERSION 2

/* The status of a certificate. Withdrawn is final; reinstated is a transition back to issued. */
typedef enum pcf_cert_status {
	PCF_CERT_ISSUED = 0,
	PCF_CERT_SUSPENDED = 1,
	PCF_CERT_WITHDRAWN = 2
} pcf_cert_status;

/* One certificate. Optional strings are NULL, optional numbers NAN, a missing index -1. */
typedef struct pcf_registry_entry {
	char id[PCF_BUNDLE_ID_LEN + 1];
	char *product_id, *product_name, *declared_unit;
	double declared_amount;
	char *method_id, *method_version;
	double total;
	char *unit, *gwp_set;
	double fossil, biogenic_emissions, biogenic_removals, dluc, aircraft;
	int64_t issued_at, valid_from, valid_until;
	char *issuer_name, *issuer_org;
	char *supersedes;
	char sha256[65];              /* of the whole bundle file */
	uint64_t size;                /* bytes of the bundle file */
	char *file;                   /* the bundle's path as written (or imported) */
	char *status_list;            /* the status list id, NULL when the bundle has no entry */
	int64_t status_index;
	pcf_cert_status status;
	int64_t status_at;            /* when the status last changed (the issue time at first) */
	char *status_reason;          /* NULL while issued and never changed */
} pcf_registry_entry;

typedef struct pcf_registry pcf_registry;

/* Flags of pcf_registry_open. */
#define PCF_REGISTRY_CREATE 1u    /* create the file when missing */
#define PCF_REGISTRY_READONLY 2u  /* never write (no migration, no recovery) */

/*
 * Open the registry at target (an SQLite file name). Migrates an older schema, refuses a newer
 * one (PCF_E_UNSUPPORTED), and, when no other process has it open, runs the recovery of the
 * commit protocol (docs/certification-body.md). PCF_E_NOTFOUND when missing without CREATE;
 * PCF_E_IO when it cannot be read or written; PCF_E_SYNTAX when it is not a registry.
 */
pcf_status pcf_registry_open(const char *target, unsigned flags, pcf_registry **out, pcf_error *err);
void pcf_registry_close(pcf_registry *reg);

/* The registry's status list id ("urn:uuid:..."), made when it was created. Owned by reg. */
const char *pcf_registry_list_id(const pcf_registry *reg);

/*
 * Reserve the next status list index for a certificate about to be issued. Indexes are taken
 * from the database in blocks, so that concurrent issuers never share one; indexes reserved but
 * not used stay unset in the lists forever.
 */
pcf_status pcf_registry_reserve_index(pcf_registry *reg, int64_t *index, pcf_error *err);

/*
 * A journal for pcf_bundle_batch_set_journal: every bundle the batch commits is recorded in reg
 * by the protocol of docs/certification-body.md. Owned by reg; valid while reg is open.
 */
const pcf_bundle_journal *pcf_registry_journal(pcf_registry *reg);

/*
 * Read the bundle at path (archive, manifest, entries and digests checked: a well-formed bundle;
 * the signature is not checked) and record it as issued. PCF_E_BUNDLE for a malformed bundle,
 * PCF_E_EXISTS when its certificate id is already there (with another file digest; the same
 * bundle again is PCF_OK and changes nothing).
 */
pcf_status pcf_registry_import_file(pcf_registry *reg, const char *path, pcf_error *err);

/* The entry with certificate id id (caller frees), or PCF_E_NOTFOUND. */
pcf_status pcf_registry_get(pcf_registry *reg, const char *id, pcf_registry_entry **out, pcf_error *err);
void pcf_registry_entry_free(pcf_registry_entry *e);

/* Call fn for every certificate, by issue time then id; fn returns nonzero to stop. */
typedef int (*pcf_registry_entry_fn)(void *ctx, const pcf_registry_entry *e);
pcf_status pcf_registry_foreach(pcf_registry *reg, pcf_registry_entry_fn fn, void *ctx, pcf_error *err);

/* Export every certificate as a JSON array or as CSV (RFC 4180, a header line) into *out. */
#define PCF_REGISTRY_JSON 0
#define PCF_REGISTRY_CSV 1
pcf_status pcf_registry_export(pcf_registry *reg, int format, char **out, size_t *len, pcf_error *err);
/* One entry as a JSON object with its history (pcf registry show --json), into *out. */
pcf_status pcf_registry_entry_json(pcf_registry *reg, const pcf_registry_entry *e, char **out, size_t *len,
                                   pcf_error *err);

/*
 * Change a certificate's status at time at (seconds since the epoch) for reason (non-empty):
 * to PCF_CERT_SUSPENDED from issued; to PCF_CERT_WITHDRAWN from issued or suspended; to
 * PCF_CERT_ISSUED (reinstated) only from suspended. Anything else is PCF_E_INVALID naming the
 * current status; PCF_E_NOTFOUND for an unknown id. Recorded in the history in one transaction.
 */
pcf_status pcf_registry_set_status(pcf_registry *reg, const char *id, pcf_cert_status to, const char *reason,
                                   int64_t at, pcf_error *err);

/* The history of id, oldest first: one call per change (the status it went to, when, why). */
typedef int (*pcf_registry_event_fn)(void *ctx, int64_t at, const char *status, const char *reason);
pcf_status pcf_registry_history(pcf_registry *reg, const char *id, pcf_registry_event_fn fn, void *ctx,
                                pcf_error *err);

/*
 * The bitstring of one purpose ("revocation": withdrawn; "suspension": suspended) of the
 * registry's status list: *bits (caller frees) of *nbits bits, bit i (the most significant bit
 * of byte i / 8 first, as W3C Bitstring Status List counts) set when the certificate with index
 * i has that status. *nbits is the smallest multiple of 131072 that holds every index reserved.
 */
pcf_status pcf_registry_status_bits(pcf_registry *reg, const char *purpose, unsigned char **bits, size_t *nbits,
                                    pcf_error *err);

/* "issued", "suspended", "withdrawn". */
const char *pcf_cert_status_name(pcf_cert_status s);

#ifdef __cplusplus
}
#endif
#endif
