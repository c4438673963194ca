/*
 * error_impl.h - internal helpers for filling pcf_error and pcf_diag (not installed).
 */
#ifndef PCF_ERROR_IMPL_H
#define PCF_ERROR_IMPL_H

#include <pcf/error.h>

#if defined(__GNUC__)
#define PCFI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PCFI_PRINTF(f, a)
#endif

/*
 * Fill err (may be NULL) and return status. file and path may be NULL; line/column 0 when
 * not applicable. The message is printf-formatted and truncated to fit.
 */
pcf_status pcfi_error_at(pcf_error *err, pcf_status status, const char *file, unsigned long line,
                         unsigned long column, const char *path, const char *fmt, ...) PCFI_PRINTF(7, 8);

/* Short form without a position. */
pcf_status pcfi_error(pcf_error *err, pcf_status status, const char *fmt, ...) PCFI_PRINTF(3, 4);

/* Append a copy of err to diag (may be NULL). Returns PCF_E_NOMEM if the copy failed. */
pcf_status pcfi_diag_add(pcf_diag *diag, const pcf_error *err);

#endif
