# core/lib/inventory/local.mk - the inventory module of libpcf: the strict YAML loader and its shape
# checks, units, GWP sets, emission-factor libraries, the inventory model and its JSON, the solver.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/inventory/ytree.c core/lib/inventory/ytree.h \
	core/lib/inventory/validate.c core/lib/inventory/validate.h \
	core/lib/inventory/units.c core/lib/inventory/units_impl.h core/lib/inventory/units_currency.c \
	core/lib/inventory/countries.c core/lib/inventory/countries.h \
	core/lib/inventory/gwp.c core/lib/inventory/gwp_impl.h core/lib/inventory/gwp_table.c \
	core/lib/inventory/factors.c core/lib/inventory/factors_impl.h \
	core/lib/inventory/inventory.c \
	core/lib/inventory/solve.c core/lib/inventory/solve_impl.h \
	core/lib/inventory/invjson.c
pkginclude_HEADERS += \
	core/include/pcf/parse.h \
	core/include/pcf/units.h \
	core/include/pcf/gwp.h \
	core/include/pcf/factors.h \
	core/include/pcf/inventory.h \
	core/include/pcf/solve.h
# The generated tables are committed; their generators are kept beside them.
EXTRA_DIST += core/lib/inventory/gen_currency_table.py core/lib/inventory/gen_country_table.py core/lib/inventory/gen_gwp_table.py \
	core/lib/inventory/sources/globalwarmingpotentials.csv core/lib/inventory/sources/LICENSE-globalwarmingpotentials.txt
# The documentation of this area.
EXTRA_DIST += docs/inventory-format.md docs/limits.md
