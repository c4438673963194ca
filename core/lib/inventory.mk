# core/lib/inventory.mk - sources of the inventory area of libpcf (appended to libpcf_core):
# the strict YAML loader, units, GWP sets, emission-factor libraries, the inventory model, the solver.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/arena.c core/lib/arena.h \
	core/lib/strmap.c core/lib/strmap.h \
	core/lib/ytree.c core/lib/ytree.h \
	core/lib/validate.c core/lib/validate.h \
	core/lib/units.c core/lib/units_impl.h core/lib/units_currency.c \
	core/lib/countries.c core/lib/countries.h \
	core/lib/gwp.c core/lib/gwp_impl.h core/lib/gwp_table.c \
	core/lib/factors.c core/lib/factors_impl.h \
	core/lib/inventory.c \
	core/lib/solve.c core/lib/solve_impl.h \
	core/lib/invjson.c
pkginclude_HEADERS += \
	core/include/pcf/units.h \
	core/include/pcf/gwp.h \
	core/include/pcf/factors.h \
	core/include/pcf/inventory.h \
	core/include/pcf/solve.h
# The generated tables are committed; their generators are kept beside them.
EXTRA_DIST += core/lib/gen_currency_table.py core/lib/gen_country_table.py core/lib/gen_gwp_table.py \
	core/lib/sources/globalwarmingpotentials.csv core/lib/sources/LICENSE-globalwarmingpotentials.txt
# The documentation of this area.
EXTRA_DIST += docs/inventory-format.md docs/limits.md
