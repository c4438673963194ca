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
 * Read the file at path (at most max bytes) into a new buffer (*data, caller frees with free(), with a
 * NUL after its *len bytes) through base/fsutil.c's bounded reader, with the messages that name "the
 * bundle"; on failure *reason says io-error, input-too-large or internal-error (out of memory).
 */
pcf_status pcfi_bundle_read_input(const char *path, uint64_t max, unsigned char **data, size_t *len,
                                  pcf_reason *reason, pcf_error *err);
/* The same, but path "-" reads standard input (named "stdin" in messages), within the same limit. */
pcf_status pcfi_bundle_read_input_or_stdin(const char *path, uint64_t max, unsigned char **data, size_t *len,
                                           pcf_reason *reason, pcf_error *err);

#endif
