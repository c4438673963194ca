# core/lib/render/local.mk - the render module of libpcf: the certificate a person reads (PDF and
# PNG with cairo and pango, HTML), its QR code (libqrencode) and the check of a scanned QR text.
# It reads bundles through the verify module (render -> verify).
core_lib_libpcf_core_la_SOURCES += \
	core/lib/render/certdoc.c core/lib/render/certdoc.h \
	core/lib/render/labels.c core/lib/render/draw.c core/lib/render/html.c
core_lib_libpcf_core_la_CFLAGS += $(CAIRO_CFLAGS) $(PANGO_CFLAGS) $(QRENCODE_CFLAGS)
core_lib_libpcf_core_la_LIBADD += $(CAIRO_LIBS) $(PANGO_LIBS) $(QRENCODE_LIBS)
pkginclude_HEADERS += core/include/pcf/certificate.h
