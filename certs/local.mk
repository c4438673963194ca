# certs/local.mk - the demo/test PKI generator; make check builds one PKI shared by all tests.
dist_noinst_SCRIPTS += certs/make-demo-pki
EXTRA_DIST += certs/README.md
check_DATA = certs/demo/.stamp
certs/demo/.stamp: $(srcdir)/certs/make-demo-pki
	$(AM_V_GEN)OPENSSL='$(OPENSSL)' $(SHELL) $(srcdir)/certs/make-demo-pki certs/demo && touch $@
clean-local: clean-demo-pki
clean-demo-pki:
	-rm -rf certs/demo
.PHONY: clean-demo-pki
