# docs/local.mk - docs (see the folder README or files for what lives here).
