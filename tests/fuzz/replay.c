/*
 * replay.c - runs a libFuzzer target's LLVMFuzzerTestOneInput on files, without libFuzzer: linked with
 * each target as tests/fuzz/replay-TARGET (make check), so that the seed corpora and every input that
 * once crashed (tests/data/fuzz/TARGET/) are replayed by every build, the sanitizer and valgrind ones
 * included. Usage: replay-TARGET FILE... ; a crash or a sanitizer report is the failure.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX (64u << 20)

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *buf;
		size_t len;

		if (!f) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		if (!(buf = malloc(REPLAY_MAX))) {
			fclose(f);
			fprintf(stderr, "out of memory\n");
			return 2;
		}
		len = fread(buf, 1, REPLAY_MAX, f);
		if (ferror(f)) {
			fprintf(stderr, "%s: read error\n", argv[i]);
			fclose(f);
			free(buf);
			return 2;
		}
		fclose(f);
		/* an exact-size copy, so that AddressSanitizer sees reads past the end */
		{
			unsigned char *exact = malloc(len ? len : 1);
			if (!exact) {
				free(buf);
				return 2;
			}
			memcpy(exact, buf, len);
			free(buf);
			LLVMFuzzerTestOneInput(exact, len);
			free(exact);
		}
		n++;
	}
	printf("replayed %d inputs\n", n);
	return 0;
}
