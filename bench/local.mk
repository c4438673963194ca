# bench/local.mk - benchmarks (bench/run, `make bench`); not part of make check. The timing helper
# bench/pcf-bench is an EXTRA_PROGRAM: built only when `make bench` asks for it.
EXTRA_PROGRAMS += bench/pcf-bench
bench_pcf_bench_SOURCES = bench/pcf-bench.c
bench_pcf_bench_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
bench_pcf_bench_LDADD = core/lib/libpcf_core.la $(YAML_LIBS) $(KLU_LIBS)
dist_noinst_SCRIPTS += bench/run
EXTRA_DIST += bench/gen-inventory.py bench/solve_scipy.py bench/tree/gen-tree.py
dist_noinst_SCRIPTS += bench/tree/run-b7

# `make bench` builds everything bench/run needs, then runs it (BENCH="b1 b3" for a subset).
bench: all bench/pcf-bench$(EXEEXT)
	PCF_BUILDDIR=$(abs_top_builddir) $(top_srcdir)/bench/run $(BENCH)
.PHONY: bench

# B1: pcfi_format_double against the reference that tries every precision, on millions of doubles.
EXTRA_PROGRAMS += bench/check-format-double
bench_check_format_double_SOURCES = bench/check-format-double.c tests/unit/jsonw_ref.h
bench_check_format_double_LDADD = core/lib/libpcf_core.la -lm

# B1: what one bundle costs stage by stage in one process (raw signature, CMS, bundle, compute).
EXTRA_PROGRAMS += bench/issue-cost
bench_issue_cost_SOURCES = bench/issue-cost.c
bench_issue_cost_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
bench_issue_cost_LDADD = core/lib/libpcf_core.la $(CRYPTO_LIBS)
include bench/lca/lca.mk

# B6: status lists: publishing a list of 1,000,000 entries, and what checking a bundle's bit costs
# next to verifying it.
EXTRA_PROGRAMS += bench/status-bench
bench_status_bench_SOURCES = bench/status-bench.c
bench_status_bench_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS)
bench_status_bench_LDADD = core/lib/libpcf_core.la $(SQLITE_LIBS)
