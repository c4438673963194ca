/*
 * error_impl.h - internal helpers for filling pcf_error and pcf_diag (not installed).
 */
#ifndef PCF_ERROR_IMPL_H
#define PCF_ERROR_IMPL_H

#include <stdarg.h>

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

/*
 * The one formatter behind both (and behind every wrapper that adds its own context): fill err
 * like pcfi_error_at with the message prefix (may be NULL) followed by fmt formatted with ap,
 * truncated to fit. Wrappers pass their va_list here instead of formatting into a buffer.
 */
pcf_status pcfi_error_atv(pcf_error *err, pcf_status status, const char *file, unsigned long line,
                          unsigned long column, const char *path, const char *prefix, const char *fmt, va_list ap)
	PCFI_PRINTF(8, 0);

/* Short form without a position. */
pcf_status pcfi_error(pcf_error *err, pcf_status status, const char *fmt, ...) PCFI_PRINTF(3, 4);

/* Append a copy of err to diag (may be NULL). Returns PCF_E_NOMEM if the copy failed. */
pcf_status pcfi_diag_add(pcf_diag *diag, const pcf_error *err);

#endif
