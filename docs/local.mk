# docs/local.mk - the man page (installed) and the documentation pages (distributed as a folder).
dist_man_MANS += docs/pcf.1
EXTRA_DIST += docs
