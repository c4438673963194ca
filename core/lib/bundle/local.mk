# core/lib/bundle/local.mk - the bundle module of libpcf: the format's facts (format.c), the deterministic ustar writer, the bundle
# builder and batch writer, and the safe streaming reader. docs/bundle-format.md is the normative
# format; schemas/manifest.schema.json describes the manifest.
core_lib_libpcf_core_la_SOURCES += \
	core/lib/bundle/format.c \
	core/lib/bundle/tarw.c core/lib/bundle/tarw.h \
	core/lib/bundle/bundle.c core/lib/bundle/bundle_batch.c \
	core/lib/bundle/bundle_reader.c core/lib/bundle/reader_impl.h
pkginclude_HEADERS += core/include/pcf/bundle_format.h core/include/pcf/bundle.h core/include/pcf/bundle_reader.h \
	core/include/pcf/reason.h
EXTRA_DIST += docs/bundle-format.md schemas/manifest.schema.json
