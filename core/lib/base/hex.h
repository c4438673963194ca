/*
 * hex.h - the one lowercase hexadecimal encoder of libpcf (internal): digests and random ids.
 */
#ifndef PCF_HEX_H
#define PCF_HEX_H

#include <stddef.h>

/*
 * Write the n bytes at d as 2n lowercase hex digits and a NUL into out (2n + 1 bytes). Returns
 * out + 2n, where the NUL is, so that encodings can be chained. No snprintf: hashing a small
 * inventory costs less than 32 calls of it.
 */
char *pcfi_hex_encode(const unsigned char *d, size_t n, char *out);

#endif
