# bench/local.mk - benchmarks (bench/run, `make bench`); not part of make check. The timing helper
# bench/pcf-bench is an EXTRA_PROGRAM: built only when `make bench` asks for it.
EXTRA_PROGRAMS += bench/pcf-bench
bench_pcf_bench_SOURCES = bench/pcf-bench.c
bench_pcf_bench_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
bench_pcf_bench_LDADD = core/lib/libpcf_core.la $(YAML_LIBS) $(KLU_LIBS)
dist_noinst_SCRIPTS += bench/run
EXTRA_DIST += bench/gen-inventory.py bench/solve_scipy.py

# `make bench` builds everything bench/run needs, then runs it (BENCH="b1 b3" for a subset).
bench: all bench/pcf-bench$(EXEEXT)
	PCF_BUILDDIR=$(abs_top_builddir) $(top_srcdir)/bench/run $(BENCH)
.PHONY: bench
