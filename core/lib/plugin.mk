# core/lib/plugin.mk - sources of the plugin area of libpcf (appended to libpcf_core): the plugin ABI
# (plugin.h), the loader, the host services table, the result model and its JSON, compute, exports and
# the conformance check behind 'pcf methods check'.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/plugin_impl.h \
	core/lib/loader.c \
	core/lib/host.c \
	core/lib/result.c \
	core/lib/compute.c \
	core/lib/check.c
pkginclude_HEADERS += \
	core/include/pcf/plugin.h \
	core/include/pcf/methods.h \
	core/include/pcf/result.h \
	core/include/pcf/compute.h

# The inventories 'pcf methods check' runs every plugin on, installed so that the check works for
# plugin authors outside this tree (pkgdatadir/check/{examples,hostile}).
pcfcheck_examplesdir = $(pkgdatadir)/check/examples
pcfcheck_hostiledir = $(pkgdatadir)/check/hostile
dist_pcfcheck_examples_DATA =
dist_pcfcheck_hostile_DATA =
