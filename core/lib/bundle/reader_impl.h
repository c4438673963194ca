/*
 * reader_impl.h - internals of the bundle reader (bundle/bundle_reader.c) that the modules above it
 * use: the bounded read of an input file that reports a pcf_reason. Not installed.
 */
#ifndef PCF_READER_IMPL_H
#define PCF_READER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <pcf/error.h>
#include <pcf/reason.h>

/*
 * Read the file at path (at most max bytes) into a new buffer (*data, caller frees with free()) of
 * *len bytes; *reason says io-error or input-too-large (internal-error when out of memory).
 */
pcf_status pcfi_vfy_read_input(const char *path, uint64_t max, unsigned char **data, size_t *len, pcf_reason *reason,
                               pcf_error *err);

#endif
