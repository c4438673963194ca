# tests/fuzz/local.mk - libFuzzer targets, built only with ./configure CC=clang --enable-fuzzing
# (tests/fuzz/run does that in build-fuzz/). Each target reads one input from bytes; seed corpora come
# from tests/data. Not part of make check: tests/fuzz/run SECONDS runs every target for that long.
FUZZ_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS) $(ARCHIVE_CFLAGS) $(YAML_CFLAGS) $(JANSSON_CFLAGS)
FUZZ_LINK_FLAGS = -fsanitize=fuzzer
FUZZ_LDADD = core/lib/libpcf_core.la
dist_noinst_SCRIPTS += tests/fuzz/run
EXTRA_DIST += $(FUZZ_TARGETS:=.c) $(FUZZ_TARGETS:tests/fuzz/%=tests/fuzz/seeds-%.txt)

# inventory parsing and validation (seeds: every inventory fixture and example)
FUZZ_TARGETS += tests/fuzz/fuzz_inventory
tests_fuzz_fuzz_inventory_SOURCES = tests/fuzz/fuzz_inventory.c
tests_fuzz_fuzz_inventory_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_inventory_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_inventory_LDADD = $(FUZZ_LDADD)

# the whole bundle verification path from bytes (seeds: the bundles in tests/data/verify)
FUZZ_TARGETS += tests/fuzz/fuzz_bundle
tests_fuzz_fuzz_bundle_SOURCES = tests/fuzz/fuzz_bundle.c
tests_fuzz_fuzz_bundle_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_bundle_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_bundle_LDADD = $(FUZZ_LDADD)

# the strict manifest.json parser and checker (seeds: the manifests of the bundles in tests/data/verify)
FUZZ_TARGETS += tests/fuzz/fuzz_manifest
tests_fuzz_fuzz_manifest_SOURCES = tests/fuzz/fuzz_manifest.c
tests_fuzz_fuzz_manifest_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_manifest_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_manifest_LDADD = $(FUZZ_LDADD)
EXTRA_DIST += \
	tests/fuzz/seeds/manifest/good-attachments.json \
	tests/fuzz/seeds/manifest/good.json \
	tests/fuzz/seeds/manifest/issued.json \
	tests/fuzz/seeds/manifest/one-file.json \
	tests/fuzz/seeds/manifest/supersedes-minor.json

# the plugin result path: result.json as a verifier reads it, and a plugin calling the host table
# with fuzzed arguments through pcf_compute (seeds: the methods' expected results)
FUZZ_TARGETS += tests/fuzz/fuzz_result
tests_fuzz_fuzz_result_SOURCES = tests/fuzz/fuzz_result.c
tests_fuzz_fuzz_result_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_result_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_fuzz_result_LDADD = $(FUZZ_LDADD)
EXTRA_DIST += \
	tests/fuzz/seeds/result/issued.json \
	tests/fuzz/seeds/result/program-consistent.bin \
	tests/fuzz/seeds/result/program-nan.bin \
	tests/fuzz/seeds/result/program-reads.bin

EXTRA_PROGRAMS += $(FUZZ_TARGETS)
if FUZZING
noinst_PROGRAMS += $(FUZZ_TARGETS)
endif
print-fuzz-targets:
	@echo $(FUZZ_TARGETS)
.PHONY: print-fuzz-targets

# make fuzz [FUZZ_SECONDS=N]: build the targets in $(top_srcdir)/build-fuzz and run each for N seconds.
FUZZ_SECONDS = 60
fuzz:
	$(top_srcdir)/tests/fuzz/run $(FUZZ_SECONDS)
.PHONY: fuzz
