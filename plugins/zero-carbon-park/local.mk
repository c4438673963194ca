# plugins/zero-carbon-park/local.mk - the zero-carbon-park methodology plugin (CO2 per unit of energy
# consumption of a park, NDRC/MIIT/NEA 2025 No. 910). Uses the host services of plugin ABI 1.1 (dates).
pkglib_LTLIBRARIES += plugins/zero-carbon-park.la
plugins_zero_carbon_park_la_SOURCES = plugins/zero-carbon-park/park.c plugins/common/amounts.h
plugins_zero_carbon_park_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
plugins_zero_carbon_park_la_LIBADD = -lm
EXTRA_DIST += docs/methods/zero-carbon-park.md
