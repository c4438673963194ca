# plugins/eu-battery/local.mk - the eu-battery methodology plugin (Regulation (EU) 2023/1542 Art. 7 carbon
# footprint, per kWh delivered over the service life, following draft rules).
pkglib_LTLIBRARIES += plugins/eu-battery.la
plugins_eu_battery_la_SOURCES = plugins/eu-battery/battery.c plugins/common/amounts.h
plugins_eu_battery_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
plugins_eu_battery_la_LIBADD = -lm
EXTRA_DIST += docs/methods/eu-battery.md
