# bench/lca/lca.mk - B5, background databases: lca-bench (footprint, Monte Carlo per draw, KLU floor)
# and the generator of a synthetic JSON-LD export. bench/lca/run-b5 runs them (see docs/performance.md).
EXTRA_PROGRAMS += bench/lca/lca-bench
bench_lca_lca_bench_SOURCES = bench/lca/lca-bench.c
bench_lca_lca_bench_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/core/lib
bench_lca_lca_bench_LDADD = core/lib/libpcf_core.la $(KLU_LIBS) $(PTHREAD_LIBS) -lm
dist_noinst_SCRIPTS += bench/lca/run-b5
EXTRA_DIST += bench/lca/scipy-mc.py
