/*
 * bitstring.c - the W3C Bitstring Status List encoding (pcf/status.h): a bitstring, gzip-compressed
 * (zlib), base64url, with the multibase prefix "u". Used by the list writer (registry/status_publish.c)
 * and the verifier's status check (verify/status_check.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <pcf/status.h>

#include "base/error_impl.h"

/* ---- encoding ---- */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pcf_status pcf_status_encode_bits(const unsigned char *bits, size_t nbits, char **out, pcf_error *err)
{
	z_stream z;
	unsigned char *gz;
	size_t cap, gzlen, i, n = 0;
	char *s;

	if (!out || (!bits && nbits) || nbits % 8)
		return pcfi_error(err, PCF_E_ARG, "pcf_status_encode_bits needs whole bytes of bits and an output");
	*out = NULL;
	memset(&z, 0, sizeof z);
	/* windowBits 15 + 16: a gzip (RFC 1952) wrapper with a zero mtime and no name: same bits, same bytes. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return pcfi_error(err, PCF_E_NOMEM, "cannot start gzip compression");
	cap = deflateBound(&z, (uLong)(nbits / 8));
	if (!(gz = malloc(cap))) {
		deflateEnd(&z);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	z.next_in = (unsigned char *)bits;
	z.avail_in = (uInt)(nbits / 8);
	z.next_out = gz;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(gz);
		return pcfi_error(err, PCF_E_INTERNAL, "gzip compression did not finish");
	}
	gzlen = cap - z.avail_out;
	deflateEnd(&z);
	if (!(s = malloc(2 + (gzlen + 2) / 3 * 4 + 1))) {
		free(gz);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	s[n++] = 'u';   /* multibase: base64url without padding */
	for (i = 0; i + 2 < gzlen; i += 3) {
		unsigned v = (unsigned)gz[i] << 16 | (unsigned)gz[i + 1] << 8 | gz[i + 2];
		s[n++] = b64url[v >> 18 & 63];
		s[n++] = b64url[v >> 12 & 63];
		s[n++] = b64url[v >> 6 & 63];
		s[n++] = b64url[v & 63];
	}
	if (gzlen - i == 1) {
		unsigned v = (unsigned)gz[i] << 16;
		s[n++] = b64url[v >> 18 & 63];
		s[n++] = b64url[v >> 12 & 63];
	} else if (gzlen - i == 2) {
		unsigned v = (unsigned)gz[i] << 16 | (unsigned)gz[i + 1] << 8;
		s[n++] = b64url[v >> 18 & 63];
		s[n++] = b64url[v >> 12 & 63];
		s[n++] = b64url[v >> 6 & 63];
	}
	s[n] = '\0';
	free(gz);
	*out = s;
	return PCF_OK;
}

static int b64val(int c)
{
	const char *p = c ? strchr(b64url, c) : NULL;

	return p ? (int)(p - b64url) : -1;
}

pcf_status pcf_status_decode_bits(const char *enc, size_t max_bytes, unsigned char **bits, size_t *nbits,
                                  pcf_error *err)
{
	size_t len, i, n = 0, cap = 0;
	unsigned char *gz, *raw = NULL;
	unsigned acc = 0;
	int nacc = 0, zr;
	z_stream z;

	if (!enc || !bits || !nbits)
		return pcfi_error(err, PCF_E_ARG, "pcf_status_decode_bits needs an encoded list and outputs");
	*bits = NULL;
	*nbits = 0;
	if (enc[0] != 'u')
		return pcfi_error(err, PCF_E_SYNTAX, "encodedList: expected multibase base64url (a leading 'u'), found '%.8s'",
		                  enc);
	len = strlen(enc + 1);
	if (len % 4 == 1 || !(gz = malloc(len / 4 * 3 + 3)))
		return len % 4 == 1 ? pcfi_error(err, PCF_E_SYNTAX, "encodedList: not base64url (bad length)")
		                    : pcfi_error(err, PCF_E_NOMEM, "out of memory");
	for (i = 0; i < len; i++) {
		int v = b64val((unsigned char)enc[1 + i]);
		if (v < 0) {
			free(gz);
			return pcfi_error(err, PCF_E_SYNTAX, "encodedList: character %zu is not base64url (no padding)", i + 1);
		}
		acc = acc << 6 | (unsigned)v;
		if ((nacc += 6) >= 8) {
			nacc -= 8;
			gz[n++] = (unsigned char)(acc >> nacc);
		}
	}
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 16 + 15) != Z_OK) {   /* gzip only */
		free(gz);
		return pcfi_error(err, PCF_E_NOMEM, "cannot start gzip decompression");
	}
	z.next_in = gz;
	z.avail_in = (uInt)n;
	do {
		if (z.total_out >= max_bytes) {
			zr = Z_BUF_ERROR;
			break;
		}
		if (z.total_out == cap) {
			size_t nc = cap ? cap * 2 : 65536;
			unsigned char *g;
			if (nc > max_bytes + 1)
				nc = max_bytes + 1;
			if (!(g = realloc(raw, nc))) {
				inflateEnd(&z);
				free(gz);
				free(raw);
				return pcfi_error(err, PCF_E_NOMEM, "out of memory");
			}
			raw = g;
			cap = nc;
		}
		z.next_out = raw + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		zr = inflate(&z, Z_NO_FLUSH);
	} while (zr == Z_OK);
	n = z.total_out;
	i = z.avail_in;
	inflateEnd(&z);
	free(gz);
	if (zr != Z_STREAM_END || i != 0) {
		free(raw);
		if (n >= max_bytes)
			return pcfi_error(err, PCF_E_LIMIT, "encodedList: the bitstring is larger than %zu bytes", max_bytes);
		return pcfi_error(err, PCF_E_SYNTAX, "encodedList: not one complete gzip stream");
	}
	*bits = raw;
	*nbits = n * 8;
	return PCF_OK;
}
