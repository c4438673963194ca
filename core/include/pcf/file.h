/*
 * pcf/file.h - reading and writing whole files the way libpcf does: with a size cap on what is
 * read, and atomically on what is written. For programs built on libpcf (the pcf command uses it).
 */
#ifndef PCF_FILE_H
#define PCF_FILE_H

#include <stddef.h>

#include <pcf/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Read the whole file at path ("-" is standard input) into a new NUL-terminated buffer: *data
 * (the caller frees it with free()) of *len bytes. Only regular files are read (a FIFO or a
 * device is refused at once, PCF_E_IO); more than max bytes is PCF_E_LIMIT. On failure *data is
 * NULL and err names the file.
 */
pcf_status pcf_file_read(const char *path, size_t max, char **data, size_t *len, pcf_error *err);

/*
 * Write len bytes to path atomically (a temporary file in the same folder, fsync, then link or
 * rename, then fsync of the folder), mode 0644. An existing path is PCF_E_EXISTS unless
 * overwrite. On failure nothing is left behind and path is as it was. data stays the caller's.
 */
pcf_status pcf_file_write(const char *path, const void *data, size_t len, int overwrite, pcf_error *err);

#ifdef __cplusplus
}
#endif
#endif
