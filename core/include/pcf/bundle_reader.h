/*
 * pcf/bundle_reader.h - a safe, read-only, in-memory view of a certificate bundle's archive.
 *
 * The archive is read as a stream with only libarchive's tar reader enabled (no decompression,
 * no other formats) and never extracted; only plain ustar headers are accepted (no pax, no GNU). While reading, the reader enforces the limits of
 * pcf_verify_limits, accepts regular files only, checks every name against the entry-name
 * grammar of docs/bundle-format.md (pcf_bundle_name_valid, pcf/bundle.h), refuses duplicate names (also after ASCII case folding),
 * requires the end-of-archive marker and only zero bytes after it, and hashes every entry with
 * SHA-256. It knows nothing about the manifest: pcf_verify_* does that.
 *
 * Ownership: a pcf_bundle_view owns copies of all entry data; the caller frees it with
 * pcf_bundle_view_free. Pointers returned by accessors live as long as the view.
 */
#ifndef PCF_BUNDLE_READER_H
#define PCF_BUNDLE_READER_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/bundle.h>
#include <pcf/bundle_format.h>
#include <pcf/error.h>
#include <pcf/reason.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcf_bundle_view pcf_bundle_view;

/*
 * Read the archive in data/len (name is used in messages). limits may be NULL (defaults).
 * On failure *out is NULL, *reason (may be NULL) says which check failed, and err says why.
 */
pcf_status pcf_bundle_view_read_memory(const char *name, const void *data, size_t len,
                                       const pcf_verify_limits *limits, pcf_bundle_view **out,
                                       pcf_reason *reason, pcf_error *err);

/* The same from a file (refusing one larger than the input limit before reading it). */
pcf_status pcf_bundle_view_read_file(const char *path, const pcf_verify_limits *limits, pcf_bundle_view **out,
                                     pcf_reason *reason, pcf_error *err);

void pcf_bundle_view_free(pcf_bundle_view *view);

/* Number of entries, in archive order. */
size_t pcf_bundle_view_count(const pcf_bundle_view *view);
/* Name, data (*len bytes; NUL-terminated for convenience) and SHA-256 (32 bytes) of entry i. */
const char *pcf_bundle_view_name(const pcf_bundle_view *view, size_t i);
const unsigned char *pcf_bundle_view_data(const pcf_bundle_view *view, size_t i, size_t *len);
const unsigned char *pcf_bundle_view_sha256(const pcf_bundle_view *view, size_t i);
/* Index of the entry named name, or -1. */
long pcf_bundle_view_find(const pcf_bundle_view *view, const char *name);

#ifdef __cplusplus
}
#endif
#endif
