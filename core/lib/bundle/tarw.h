/*
 * tarw.h - a deterministic POSIX ustar writer over libarchive (internal).
 *
 * Regular files only, in the order given (callers sort them), mode 0644, uid/gid 0, empty
 * uname/gname, one fixed mtime, no directory entries, the two zero end blocks and nothing after
 * them. Same entries, same bytes.
 */
#ifndef PCF_TARW_H
#define PCF_TARW_H

#include <stddef.h>
#include <stdint.h>

#include "base/error_impl.h"

typedef struct pcfi_tar_entry {
	const char *path;     /* at most 100 bytes, so that a plain ustar name field holds it */
	const void *data;
	size_t size;
} pcfi_tar_entry;

/* Write the archive into a new buffer (*out, caller frees with free()) of *len bytes. */
pcf_status pcfi_tar_write(const pcfi_tar_entry *entries, size_t n, int64_t mtime, unsigned char **out,
                          size_t *len, pcf_error *err);

#endif
