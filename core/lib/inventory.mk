# core/lib/inventory.mk - sources of the inventory area of libpcf (appended to libpcf_core):
# the strict YAML loader, units, GWP sets, emission-factor libraries, the inventory model, the solver.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/inventory_stub.c
pkginclude_HEADERS += \
	core/include/pcf/units.h \
	core/include/pcf/gwp.h \
	core/include/pcf/factors.h \
	core/include/pcf/inventory.h \
	core/include/pcf/solve.h
