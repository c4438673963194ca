/*
 * buf.h - a growable byte buffer (internal). The buffer owns data; pcfi_buf_free releases it.
 * An allocation failure sets oom and later appends do nothing, so callers check once at the end.
 */
#ifndef PCF_BUF_H
#define PCF_BUF_H

#include <stddef.h>

#include "base/error_impl.h"

typedef struct pcfi_buf {
	char *data;   /* always NUL-terminated when len > 0 or after any append */
	size_t len;
	size_t cap;
	int oom;
} pcfi_buf;

#define PCFI_BUF_INIT { NULL, 0, 0, 0 }

void pcfi_buf_append(pcfi_buf *b, const void *data, size_t len);
void pcfi_buf_puts(pcfi_buf *b, const char *s);
void pcfi_buf_putc(pcfi_buf *b, char c);
void pcfi_buf_printf(pcfi_buf *b, const char *fmt, ...) PCFI_PRINTF(2, 3);
/* Hand the data to the caller (who frees it with free()) and reset b. */
char *pcfi_buf_steal(pcfi_buf *b, size_t *len);
void pcfi_buf_free(pcfi_buf *b);

#endif
