# core/lib/plugin/local.mk - the plugin module of libpcf: the plugin ABI (plugin.h), the loader, the
# host services table, the result model and its JSON, compute, exports and the conformance check
# behind 'pcf methods check'.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/plugin/plugin_impl.h \
	core/lib/plugin/loader.c \
	core/lib/plugin/host.c \
	core/lib/plugin/host_text.c \
	core/lib/plugin/host_text.h \
	core/lib/plugin/result.c \
	core/lib/plugin/compute.c \
	core/lib/plugin/check.c \
	core/lib/plugin/workers.h \
	core/lib/plugin/workers.c core/lib/plugin/compute_pool.c
pkginclude_HEADERS += \
	core/include/pcf/plugin.h \
	core/include/pcf/methods.h \
	core/include/pcf/result.h \
	core/include/pcf/compute.h

# The inventories 'pcf methods check' runs every plugin on, installed so that the check works for
# plugin authors outside this tree: under the data directory pcf_data_dir() names (PCF_DATA_DIR, else
# pkgdatadir/data), in check/examples and check/hostile.
pcfcheck_examplesdir = $(pkgdatadir)/data/check/examples
pcfcheck_hostiledir = $(pkgdatadir)/data/check/hostile
dist_pcfcheck_examples_DATA = \
	data/check/examples/biogenic.yaml \
	data/check/examples/coproduct.yaml \
	data/check/examples/grave.yaml \
	data/check/examples/loop.yaml \
	data/check/examples/widget.yaml
dist_pcfcheck_hostile_DATA = \
	data/check/hostile/cutoff.yaml \
	data/check/hostile/exotic-gases.yaml \
	data/check/hostile/huge-numbers.yaml \
	data/check/hostile/long-chain.yaml \
	data/check/hostile/malformed-aliases.yaml \
	data/check/hostile/malformed-binary.yaml \
	data/check/hostile/malformed-duplicates.yaml \
	data/check/hostile/malformed-syntax.yaml \
	data/check/hostile/malformed-units.yaml \
	data/check/hostile/malformed-unknown-process.yaml \
	data/check/hostile/missing-allocation-data.yaml \
	data/check/hostile/negative-total.yaml \
	data/check/hostile/offsets.yaml \
	data/check/hostile/self-use.yaml \
	data/check/hostile/singular-loop.yaml \
	data/check/hostile/use-stage.yaml \
	data/check/hostile/zero.yaml

# The JSON Schema of the result JSON (docs/result-format.md), installed for third-party verifiers.
nobase_dist_pkgdata_DATA += schemas/result.schema.json
EXTRA_DIST += docs/plugin-guide.md docs/result-format.md
