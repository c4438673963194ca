# tests/layout.mk - the shape of libpcf (docs/hacking.md): the dependency order and circles read from
# the objects with nm, the one time grammar as the command-line options see it, and the length of
# functions (issue 12: none over 80 lines without its reason).
dist_check_SCRIPTS += tests/cli/layering.sh tests/cli/layering.py tests/cli/times.sh \
	tests/cli/function-length.sh tests/cli/function-length.py
EXTRA_DIST += tests/cli/function-length.allow
TESTS += tests/cli/layering.sh tests/cli/times.sh tests/cli/function-length.sh
# nm reads the objects, not what the pcf command does: valgrind adds nothing there.
CLI_TESTS_NOT_UNDER_VALGRIND += tests/cli/layering.sh tests/cli/function-length.sh

check_PROGRAMS += tests/unit/test_layout
tests_unit_test_layout_SOURCES = tests/unit/test_layout.c tests/unit/tap.h
tests_unit_test_layout_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_layout_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/unit/test_layout
