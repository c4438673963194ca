/*
 * hex.c - lowercase hexadecimal encoding (hex.h).
 */
#include "config.h"

#include "base/hex.h"

char *pcfi_hex_encode(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		*out++ = digits[d[i] >> 4];
		*out++ = digits[d[i] & 15];
	}
	*out = '\0';
	return out;
}
