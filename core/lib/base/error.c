/*
 * error.c - status names, pcf_error formatting and the pcf_diag error list.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_impl.h"

static const char *const status_names[] = {
	[PCF_OK] = "ok",
	[PCF_E_NOMEM] = "out of memory",
	[PCF_E_IO] = "input/output error",
	[PCF_E_SYNTAX] = "syntax error",
	[PCF_E_INVALID] = "invalid input",
	[PCF_E_UNIT] = "unit error",
	[PCF_E_LIMIT] = "limit exceeded",
	[PCF_E_NOTFOUND] = "not found",
	[PCF_E_PLUGIN] = "plugin error",
	[PCF_E_SOLVE] = "unsolvable system",
	[PCF_E_RULE] = "methodology rule broken",
	[PCF_E_CRYPTO] = "cryptographic error",
	[PCF_E_KEY] = "unusable key",
	[PCF_E_CERT] = "unusable certificate",
	[PCF_E_BUNDLE] = "malformed bundle",
	[PCF_E_EXISTS] = "output exists",
	[PCF_E_ARG] = "invalid argument",
	[PCF_E_INTERNAL] = "internal error",
	[PCF_E_UNSUPPORTED] = "not supported",
	[PCF_E_VERIFY] = "verification failed",
	[PCF_E_INTERRUPTED] = "interrupted",
};

const char *pcf_status_str(pcf_status status)
{
	if ((unsigned)status < sizeof status_names / sizeof status_names[0] && status_names[status])
		return status_names[status];
	return "unknown status";
}

void pcf_error_clear(pcf_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, cap, "%s", src);
}

pcf_status pcfi_error_atv(pcf_error *err, pcf_status status, const char *file, unsigned long line,
                          unsigned long column, const char *path, const char *prefix, const char *fmt, va_list ap)
{
	size_t n = 0;

	if (!err)
		return status;
	err->status = status;
	err->line = line;
	err->column = column;
	copy_str(err->file, sizeof err->file, file);
	copy_str(err->path, sizeof err->path, path);
	copy_str(err->message, sizeof err->message, prefix);
	n = strlen(err->message);
	vsnprintf(err->message + n, sizeof err->message - n, fmt, ap);
	return status;
}

pcf_status pcfi_error_at(pcf_error *err, pcf_status status, const char *file, unsigned long line,
                         unsigned long column, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pcfi_error_atv(err, status, file, line, column, path, NULL, fmt, ap);
	va_end(ap);
	return status;
}

pcf_status pcfi_error(pcf_error *err, pcf_status status, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return status;
	memset(err, 0, sizeof *err);
	va_start(ap, fmt);
	pcfi_error_atv(err, status, NULL, 0, 0, NULL, NULL, fmt, ap);
	va_end(ap);
	return status;
}

char *pcf_error_format(const pcf_error *err, char *buf, size_t len)
{
	size_t n = 0;

#define APPEND(...) do { \
		if (n < len) { int w_ = snprintf(buf + n, len - n, __VA_ARGS__); if (w_ > 0) n += (size_t)w_; } \
	} while (0)
	if (!buf || len == 0)
		return buf;
	buf[0] = '\0';
	if (!err)
		return buf;
	if (err->file[0]) {
		APPEND("%s:", err->file);
		if (err->line) {
			APPEND("%lu:", err->line);
			if (err->column)
				APPEND("%lu:", err->column);
		}
		APPEND(" ");
	}
	if (err->path[0])
		APPEND("%s: ", err->path);
	APPEND("%s", err->message[0] ? err->message : pcf_status_str(err->status));
#undef APPEND
	return buf;
}

struct pcf_diag {
	pcf_error *items;
	size_t count, cap;
};

pcf_diag *pcf_diag_new(void)
{
	return calloc(1, sizeof(pcf_diag));
}

void pcf_diag_free(pcf_diag *diag)
{
	if (!diag)
		return;
	free(diag->items);
	free(diag);
}

size_t pcf_diag_count(const pcf_diag *diag)
{
	return diag ? diag->count : 0;
}

const pcf_error *pcf_diag_get(const pcf_diag *diag, size_t i)
{
	return diag && i < diag->count ? &diag->items[i] : NULL;
}

pcf_status pcfi_diag_add(pcf_diag *diag, const pcf_error *err)
{
	if (!diag || !err)
		return PCF_OK;
	if (diag->count == diag->cap) {
		size_t cap = diag->cap ? diag->cap * 2 : 8;
		pcf_error *items = realloc(diag->items, cap * sizeof *items);
		if (!items)
			return PCF_E_NOMEM;
		diag->items = items;
		diag->cap = cap;
	}
	diag->items[diag->count++] = *err;
	return PCF_OK;
}
