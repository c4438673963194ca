# plugins/cbam/local.mk - the cbam methodology plugin (EU CBAM specific embedded emissions).
# It shares trade_util.c with plugins/pact. The CN codes of Annex I are data (data/cbam/annex1-cn.tsv,
# with its source), compiled into the plugin as cn_table.h.
pkglib_LTLIBRARIES += plugins/cbam.la
plugins_cbam_la_SOURCES = plugins/cbam/cbam.c plugins/common/amounts.h plugins/pact/trade_util.c plugins/pact/trade_util.h
nodist_plugins_cbam_la_SOURCES = plugins/cbam/cn_table.h
plugins_cbam_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/plugins/cbam
plugins_cbam_la_CFLAGS = $(AM_CFLAGS)
plugins_cbam_la_LDFLAGS = $(PCF_PLUGIN_LDFLAGS)
plugins_cbam_la_LIBADD = -lm
# generated before cbam.c compiles (it includes it)
$(plugins_cbam_la_OBJECTS): plugins/cbam/cn_table.h
CLEANFILES += plugins/cbam/cn_table.h
plugins/cbam/cn_table.h: $(srcdir)/data/cbam/annex1-cn.tsv $(srcdir)/plugins/cbam/cn_table.awk
	$(AM_V_GEN)$(MKDIR_P) plugins/cbam && $(AWK) -f $(srcdir)/plugins/cbam/cn_table.awk $(srcdir)/data/cbam/annex1-cn.tsv >$@.tmp && mv $@.tmp $@
EXTRA_DIST += docs/methods/cbam.md data/cbam/annex1-cn.tsv plugins/cbam/cn_table.awk
