/*
 * buf.c - growable byte buffer used by the writers of JSON, manifests and archives.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static int grow(pcfi_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	if (extra > (size_t)-1 - b->len - 1) {
		b->oom = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void pcfi_buf_append(pcfi_buf *b, const void *data, size_t len)
{
	if (grow(b, len))
		return;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void pcfi_buf_puts(pcfi_buf *b, const char *s)
{
	pcfi_buf_append(b, s, strlen(s));
}

void pcfi_buf_putc(pcfi_buf *b, char c)
{
	pcfi_buf_append(b, &c, 1);
}

void pcfi_buf_printf(pcfi_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n)) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *pcfi_buf_steal(pcfi_buf *b, size_t *len)
{
	char *d = b->data;

	if (len)
		*len = b->len;
	if (!d && !b->oom)
		d = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
	return d;
}

void pcfi_buf_free(pcfi_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}
