/*
 * pcf/bundle.h - writing certificate bundles (.pcfb): a deterministic POSIX ustar archive of a
 * signed manifest, its detached CMS signature, the inventory, the result and optional exports
 * and evidence. docs/bundle-format.md is the normative description of the format; its facts (entry
 * names, ids, times, the reader's limits) are in pcf/bundle_format.h, included here.
 *
 * Ownership: every input is borrowed for the duration of the call; pcf_bundle_build hands the
 * archive bytes to the caller, who frees them with free(). All functions are thread-safe: many
 * bundles may be built at once with the same pcf_signer.
 */
#ifndef PCF_BUNDLE_H
#define PCF_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/bundle_format.h>
#include <pcf/error.h>
#include <pcf/signer.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One entry of a bundle: its name (which must satisfy pcf_bundle_name_valid) and bytes. */
typedef struct pcf_bundle_file {
	const char *path;
	const void *data;
	size_t size;
} pcf_bundle_file;

/*
 * The footprint summary copied into the manifest. Optional numbers are NAN when absent and are
 * then written as null; strings must be non-NULL except gwp_set (NULL writes null).
 */
typedef struct pcf_bundle_footprint {
	double total;
	const char *unit;               /* e.g. "kg CO2e" */
	const char *gwp_set;            /* e.g. "AR6" */
	double fossil;
	double biogenic_emissions;
	double biogenic_removals;
	double dluc;
	double aircraft;
} pcf_bundle_footprint;

/* A supplier certificate the bundle embeds (format 1.2): the path as written in the inventory and
 * the lowercase hex SHA-256 of the bundle (embedded as entry suppliers/<sha256>.pcfb). */
typedef struct pcf_bundle_supplier {
	const char *ref;
	const char *sha256;
} pcf_bundle_supplier;

/* The version of pcf_bundle_input this header describes (pcf_bundle_input_init). */
#define PCF_BUNDLE_INPUT_VERSION 2

/*
 * Everything a bundle says besides the signer. pcf_bundle_input_init (or zero-initialise), then
 * fill; fields are only ever appended.
 *   version         PCF_BUNDLE_INPUT_VERSION; 0 (a zeroed struct) counts as 1; a version above
 *                   this library's is refused with PCF_E_ARG
 *   certificate_id  NULL for a new random id (128 bits from RAND_bytes), or a fixed id in the
 *                   text form (lowercase hex 8-4-4-4-12), for reproducible builds and tests
 *   issued_at       seconds since the epoch (UTC); also the tar mtime and the CMS signingTime;
 *                   the signer certificate and every intermediate must be valid then
 *   valid_from      0 means issued_at
 *   valid_days      the certificate is valid until valid_from + valid_days * 86400; must be > 0
 *   supersedes      NULL or the certificate id this one replaces
 *   inventory       the inventory bytes, exactly as submitted (entry inventory.yaml)
 *   result          the result JSON (entry result.json)
 *   extra           further entries: exports ("export/pact-v2.json") and evidence
 *                   ("evidence/NAME"); any order, names unique
 *   factors         (version 2) NULL, or the library factors the result was computed with, as one
 *                   factor library file (pcf_inventory_factors_export): entry factors.json, and the
 *                   manifest then says format 1.2 (docs/bundle-format.md, "factors.json")
 */
typedef struct pcf_bundle_input {
	unsigned version;
	const char *certificate_id;
	int64_t issued_at;
	int64_t valid_from;
	unsigned valid_days;
	const char *supersedes;
	const char *product_id;
	const char *product_name;
	double declared_amount;
	const char *declared_unit;
	const char *methodology_id;
	const char *methodology_version;
	pcf_bundle_footprint footprint;
	const void *inventory;
	size_t inventory_size;
	const void *result;
	size_t result_size;
	const pcf_bundle_file *extra;
	size_t n_extra;
	/* The certificate's entry in its body's status lists (docs/bundle-format.md, "status-list"):
	 * NULL writes no entry (the manifest is then as in format 1.0); else the list id (an absolute
	 * URI of at most 200 bytes) and the index (0 to 2^31-1), for both purposes. */
	const char *status_list;
	int64_t status_index;
	/* version 2: the factors entry (see above); factors_size bytes at factors */
	const void *factors;
	size_t factors_size;
	/* version 2: supplier certificates (docs/bundle-format.md, "suppliers"): n_suppliers refs sorted by ref, each
	 * of whose digests must be an extra entry suppliers/<sha256>.pcfb. 0 writes no member (and the
	 * manifest keeps format 1.0 or 1.1); else the manifest says format 1.2. */
	const pcf_bundle_supplier *suppliers;
	size_t n_suppliers;
} pcf_bundle_input;

/*
 * The supplier bundles a result used (its "suppliers" list, pcf/result.h), for embedding: each ref
 * made relative to the folder of inventory_path (the inventory file's name as given), read (at most
 * max_bytes), checked against the digest the computation recorded (PCF_E_VERIFY when the file
 * changed since), deduplicated by digest. A result without suppliers gives an empty set. *out is
 * caller-owned (pcf_bundle_suppliers_free); the files and refs it hands out live as long as it.
 */
typedef struct pcf_bundle_supplier_set pcf_bundle_supplier_set;
pcf_status pcf_bundle_suppliers_read(const char *inventory_path, const void *result, size_t result_len,
                                     uint64_t max_bytes, pcf_bundle_supplier_set **out, pcf_error *err);
/* The entries to embed (suppliers/<sha256>.pcfb, as extra entries) and the refs (sorted by ref). */
size_t pcf_bundle_suppliers_files(const pcf_bundle_supplier_set *set, const pcf_bundle_file **files);
size_t pcf_bundle_suppliers_refs(const pcf_bundle_supplier_set *set, const pcf_bundle_supplier **refs);
void pcf_bundle_suppliers_free(pcf_bundle_supplier_set *set);

/*
 * Zero *in and set its version (libgit2's pattern: pass PCF_BUNDLE_INPUT_VERSION, then fill).
 * PCF_E_ARG for NULL or a version this library does not know; in stays the caller's.
 */
pcf_status pcf_bundle_input_init(pcf_bundle_input *in, unsigned version);

/*
 * Build and sign a bundle in memory. On success *out (caller frees with free()) holds *out_len
 * archive bytes, and id_out (may be NULL; at least PCF_BUNDLE_ID_LEN + 1 bytes) the certificate
 * id. Fails with PCF_E_ARG (a missing field, a bad name or id, duplicate entries), PCF_E_CERT
 * (issued_at outside the validity of the signer or an intermediate), PCF_E_CRYPTO, PCF_E_NOMEM, PCF_E_INTERNAL.
 */
pcf_status pcf_bundle_build(const pcf_signer *signer, const pcf_bundle_input *in, unsigned char **out,
                            size_t *out_len, char *id_out, pcf_error *err);

/*
 * Build a bundle and write it to path atomically (temporary file in the same folder, fsync,
 * link or rename, fsync of the folder). An existing path is refused with PCF_E_EXISTS unless
 * overwrite. On any failure nothing is left at path and no temporary file remains.
 */
pcf_status pcf_bundle_write(const pcf_signer *signer, const pcf_bundle_input *in, const char *path,
                            int overwrite, char *id_out, pcf_error *err);

/*
 * Batches: many bundles written with one flush to disk per group instead of two fsyncs each
 * (group commit). pcf_bundle_batch_add builds a bundle and writes it to a temporary file next to
 * its path; when `group` bundles are staged (or at pcf_bundle_batch_commit) the file system is
 * flushed once (syncfs), each temporary file is linked (or, with overwrite, renamed) into place
 * and each folder is flushed. A bundle is durable and visible only once committed; `done` is then
 * called for it with its final status (PCF_OK, PCF_E_EXISTS when another process created the path
 * meanwhile, PCF_E_IO). On any failure nothing is left at the path and the temporary file is
 * removed. A batch may be shared by threads: adds run in parallel, one commit runs at a time.
 */
typedef struct pcf_bundle_batch pcf_bundle_batch;

/* Called once per staged bundle, from the thread that commits it; data is the add's data. */
typedef void (*pcf_bundle_done_fn)(void *data, pcf_status status, const pcf_error *err);

/* A new batch (caller frees with pcf_bundle_batch_free). group 0 means 64. */
pcf_status pcf_bundle_batch_new(pcf_bundle_batch **out, int overwrite, size_t group, pcf_bundle_done_fn done,
                                pcf_error *err);

/*
 * Build a bundle and stage it for path. On an error (those of pcf_bundle_build, PCF_E_EXISTS for
 * an existing path without overwrite, PCF_E_IO when the temporary file cannot be written)
 * nothing is staged, done is not called, and no file is left. On success id_out (may be NULL)
 * has the certificate id and done will be called for data. A commit may run in this call.
 */
pcf_status pcf_bundle_batch_add(pcf_bundle_batch *batch, const pcf_signer *signer, const pcf_bundle_input *in,
                                const char *path, void *data, char *id_out, pcf_error *err);

/* Commit everything staged. Returns PCF_OK when every staged bundle was committed. */
pcf_status pcf_bundle_batch_commit(pcf_bundle_batch *batch, pcf_error *err);

/*
 * Free a batch. Bundles still staged are dropped (their temporary files removed) and done is
 * called for each with PCF_E_INTERRUPTED; commit first to keep them. NULL is allowed.
 */
void pcf_bundle_batch_free(pcf_bundle_batch *batch);

/*
 * A journal that records each bundle of a batch elsewhere (a registry) in step with the files, so
 * that a bundle is at its path if and only if the journal has it (pcf/registry.h). All four
 * functions are called with ctx; each may be called from any thread of the batch.
 *   stage    after a bundle is built and written to its temporary file: make a record of it from
 *            the archive bytes; NULL (and err set) fails that bundle, which is then not staged
 *   prepare  once per group, after the temporary files are durable and before any is put in
 *            place: record the group durably, with each bundle's temporary file name. A failure
 *            drops the whole group (nothing is put in place)
 *   settle   after the group was put in place: placed[i] says whether bundle i is at its path now;
 *            a failure here is repaired later by the journal's own recovery
 *   release  free a record (called for every record stage returned)
 */
typedef struct pcf_bundle_journal {
	void *ctx;
	void *(*stage)(void *ctx, const unsigned char *bytes, size_t len, const char *path, pcf_error *err);
	pcf_status (*prepare)(void *ctx, void *const *records, const char *const *tmp_paths, size_t n, pcf_error *err);
	void (*settle)(void *ctx, void *const *records, const int *placed, size_t n);
	void (*release)(void *ctx, void *record);
} pcf_bundle_journal;

/* Attach a journal (borrowed; must outlive the batch) before the first add. NULL detaches. */
void pcf_bundle_batch_set_journal(pcf_bundle_batch *batch, const pcf_bundle_journal *journal);

#ifdef __cplusplus
}
#endif
#endif
