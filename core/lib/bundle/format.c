/*
 * format.c - the facts of the certificate bundle format (pcf/bundle_format.h,
 * docs/bundle-format.md): the entry-name grammar, certificate ids, the time form and the limits a
 * reader enforces. The writer (bundle.c), the reader (bundle_reader.c), the signer and the
 * verifier all use these and none of them uses another for them, so the format has one home.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include <openssl/rand.h>

#include <pcf/bundle_format.h>

#include "base/error_impl.h"
#include "base/hex.h"
#include "base/timefmt.h"

/* ---- entry names ---- */

static int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static int name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int pcf_bundle_name_valid(const char *name)
{
	const char *p = name;
	size_t n;

	if (!name || !*name)
		return 0;
	n = strlen(name);
	if (n > PCF_BUNDLE_NAME_MAX)
		return 0;
	for (;;) {
		if (!name_start((unsigned char)*p))
			return 0;        /* also rejects empty components, "." and ".." */
		while (*p && *p != '/') {
			if (!name_char((unsigned char)*p))
				return 0;
			p++;
		}
		if (!*p)
			return 1;
		p++;                     /* the '/' */
	}
}

char *pcf_bundle_evidence_name(const char *file_name, char *buf)
{
	static const char prefix[] = "evidence/";
	const char *base = strrchr(file_name, '/');
	size_t n = sizeof prefix - 1;
	int started = 0;

	base = base ? base + 1 : file_name;
	memcpy(buf, prefix, n);
	for (; *base && n < PCF_BUNDLE_NAME_MAX; base++) {
		int c = (unsigned char)*base;
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if (!name_char(c))
			c = '-';
		if (!started && !name_start(c))
			continue;
		started = 1;
		buf[n++] = (char)c;
	}
	if (!started) {
		memcpy(buf + n, "file", 4);
		n += 4;
	}
	buf[n] = '\0';
	return buf;
}

/* ---- certificate ids ---- */

int pcf_bundle_id_valid(const char *id)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	if (!id || strlen(id) != PCF_BUNDLE_ID_LEN)
		return 0;
	for (i = 0; i < PCF_BUNDLE_ID_LEN; i++) {
		int c = (unsigned char)id[i];
		if (shape[i] == '-') {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

pcf_status pcf_bundle_new_id(char *buf, pcf_error *err)
{
	static const size_t groups[] = { 4, 2, 2, 2, 6 };   /* bytes of each part of 8-4-4-4-12 */
	unsigned char r[16];
	const unsigned char *p = r;
	size_t i;

	if (RAND_bytes(r, sizeof r) != 1)
		return pcfi_error(err, PCF_E_CRYPTO, "the random number generator failed");
	for (i = 0; i < 5; i++) {
		if (i)
			*buf++ = '-';
		buf = pcfi_hex_encode(p, groups[i], buf);
		p += groups[i];
	}
	return PCF_OK;
}

/* ---- times ---- */

char *pcf_bundle_time_format(int64_t t, char *buf)
{
	return pcfi_time_format(t, buf);
}

pcf_status pcf_bundle_time_parse(const char *text, int64_t *t, pcf_error *err)
{
	if (!text || !*text)
		return pcfi_error(err, PCF_E_ARG, "expected a time, found nothing");
	switch (pcfi_time_parse(text, PCFI_TIME_ANY, t)) {
	case PCFI_TIME_OK:
		return PCF_OK;
	case PCFI_TIME_CALENDAR:
		return pcfi_error(err, PCF_E_ARG, "'%s' is not a valid date and time", text);
	default:
		return pcfi_error(err, PCF_E_ARG,
		                  "expected a UTC time like 2026-11-29T16:00:00Z or seconds since the epoch, found '%s'", text);
	}
}

/* ---- the reader's limits ---- */

/* The defaults of docs/trust-model.md, by field. */
static const struct limit_default {
	size_t offset;
	uint64_t value;
} limit_defaults[] = {
	{ offsetof(pcf_verify_limits, max_input_bytes), 256u << 20 },
	{ offsetof(pcf_verify_limits, max_entries), 4096 },
	{ offsetof(pcf_verify_limits, max_entry_bytes), 128u << 20 },
	{ offsetof(pcf_verify_limits, max_total_bytes), 256u << 20 },
	{ offsetof(pcf_verify_limits, max_header_bytes), 4096 },
	{ offsetof(pcf_verify_limits, max_manifest_bytes), 1u << 20 },
	{ offsetof(pcf_verify_limits, max_signature_bytes), 256u << 10 },
	{ offsetof(pcf_verify_limits, max_certificates), 16 },
	{ offsetof(pcf_verify_limits, max_certificate_bytes), 64u << 10 },
	{ offsetof(pcf_verify_limits, max_chain_depth), 8 },
};

void pcf_verify_limits_fill(pcf_verify_limits *l)
{
	size_t i;

	for (i = 0; i < sizeof limit_defaults / sizeof limit_defaults[0]; i++) {
		uint64_t *field = (uint64_t *)(void *)((char *)l + limit_defaults[i].offset);
		if (!*field)
			*field = limit_defaults[i].value;
	}
}
