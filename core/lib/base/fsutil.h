/*
 * fsutil.h - file helpers shared by libpcf (internal): bounded reads, atomic writes,
 * permission checks and environment look-ups that are safe in set-uid contexts.
 */
#ifndef PCF_FSUTIL_H
#define PCF_FSUTIL_H

#include <stddef.h>

#include "base/error_impl.h"

/*
 * Read the whole regular file at path into a new NUL-terminated buffer (*data, caller frees)
 * of *len bytes. More than max bytes is PCF_E_LIMIT; not a regular file is PCF_E_IO.
 */
pcf_status pcfi_read_file(const char *path, size_t max, char **data, size_t *len, pcf_error *err);

/*
 * The same, with the input named in the messages of the size limit: "the WHAT is N bytes, more than
 * the limit of MAX" and "the WHAT grew past the limit of MAX bytes while being read" (what NULL: the
 * messages of pcfi_read_file).
 */
pcf_status pcfi_read_file_named(const char *path, size_t max, const char *what, char **data, size_t *len,
                                pcf_error *err);
/* The same for standard input (named "stdin" in errors): a redirected file over max is refused
 * by its size, a pipe read to its end but never past max + 1 bytes ("the WHAT is more than the
 * limit of MAX bytes"). */
pcf_status pcfi_read_stdin_named(size_t max, const char *what, char **data, size_t *len, pcf_error *err);

/*
 * Write data to path atomically: a temporary file in the same folder, fsync, then a link
 * (refusing an existing path with PCF_E_EXISTS unless overwrite) or rename, then fsync of the
 * folder. On any failure the temporary file is removed and path is left as it was.
 */
pcf_status pcfi_write_file_atomic(const char *path, const void *data, size_t len, int overwrite,
                                  unsigned mode, pcf_error *err);

/* Write all len bytes to fd, retrying short writes and EINTR. 0, or -1 with errno set. */
int pcfi_write_all(int fd, const void *data, size_t len);

/* PCF_OK when path is a regular file that group and others cannot read or write (like ssh keys). */
pcf_status pcfi_check_private_file(const char *path, pcf_error *err);

/*
 * PCF_OK when path is a regular file (not a symlink) and neither it nor any folder above it is
 * writable by group or others. A sticky folder owned by root or the caller (such as /tmp) is
 * accepted, because nobody else can rename or replace the entries below it.
 */
pcf_status pcfi_check_trusted_path(const char *path, pcf_error *err);

/* getenv that returns NULL in set-uid/set-gid processes (secure_getenv where available). */
const char *pcfi_getenv(const char *name);

#endif
