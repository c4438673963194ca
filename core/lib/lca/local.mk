# core/lib/lca/local.mk - the lca module of libpcf: openLCA JSON-LD import into pcfkit's process
# library, its loader, characterisation of elementary flows, background footprints with contribution
# analysis, Monte Carlo.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/lca/libfmt.h core/lib/lca/lca_impl.h \
	core/lib/lca/import.c core/lib/lca/library.c core/lib/lca/charact.c core/lib/lca/compute.c core/lib/lca/montecarlo.c \
	core/lib/lca/background.c
pkginclude_HEADERS += core/include/pcf/library.h core/include/pcf/lca.h core/include/pcf/montecarlo.h
EXTRA_DIST += docs/lca-import.md docs/monte-carlo.md bench/lca/gen-olca.py
