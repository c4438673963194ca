/*
 * fuzz_manifest.c - libFuzzer target: the strict parser and checker of a bundle's manifest.json on
 * arbitrary bytes (what pcf verify and pcf inspect read before any signature is checked), and the
 * strict RFC 3339 time parser on the same bytes as a string. Nothing may crash, leak or hang; a
 * refusal must carry a message.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify_manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pcfi_vfy_manifest m;
	pcf_reason reason = PCF_REASON_NONE;
	pcf_error err;
	char *s;
	int64_t t;

	memset(&m, 0, sizeof m);
	pcf_error_clear(&err);
	if (pcfi_vfy_manifest_parse("manifest.json", data, size, &m, &reason, &err) == PCF_OK) {
		size_t i;
		/* every listed file is there with a non-empty path */
		for (i = 0; i < m.nfiles; i++)
			if (!m.files[i].path || !m.files[i].path[0])
				abort();
		if (!m.certificate_id || !m.method_id)
			abort();
	} else if (!err.message[0]) {
		abort(); /* every refusal must say why */
	}
	pcfi_vfy_manifest_free(&m);

	if (size <= 64 && (s = malloc(size + 1))) {
		memcpy(s, data, size);
		s[size] = 0;
		(void)pcfi_vfy_parse_rfc3339(s, &t);
		free(s);
	}
	return 0;
}
