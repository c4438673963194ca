# tests/fuzz/local.mk - libFuzzer targets, built only with ./configure CC=clang --enable-fuzzing
# (tests/fuzz/run does that in build-fuzz/). Each target reads one input from bytes; seed corpora come
# from tests/data. Not part of make check: tests/fuzz/run SECONDS runs every target for that long.
FUZZ_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS) $(ARCHIVE_CFLAGS) $(YAML_CFLAGS) $(JANSSON_CFLAGS)
FUZZ_LDFLAGS = -fsanitize=fuzzer
FUZZ_LDADD = core/lib/libpcf_core.la
dist_noinst_SCRIPTS += tests/fuzz/run
FUZZ_TARGETS =
EXTRA_PROGRAMS += $(FUZZ_TARGETS)
if FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
endif
print-fuzz-targets:
	@echo $(FUZZ_TARGETS)
.PHONY: print-fuzz-targets
