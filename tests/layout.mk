# tests/layout.mk - the shape of libpcf (docs/hacking.md): the dependency order and circles read from
# the objects with nm, and the one time grammar as the command-line options see it.
dist_check_SCRIPTS += tests/cli/layering.sh tests/cli/layering.py tests/cli/times.sh
TESTS += tests/cli/layering.sh tests/cli/times.sh
# nm reads the objects, not what the pcf command does: valgrind adds nothing there.
CLI_TESTS_NOT_UNDER_VALGRIND += tests/cli/layering.sh

check_PROGRAMS += tests/unit/test_layout
tests_unit_test_layout_SOURCES = tests/unit/test_layout.c tests/unit/tap.h
tests_unit_test_layout_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_layout_LDADD = $(TEST_UNIT_LDADD)
TESTS += tests/unit/test_layout
