# schemas/local.mk - schemas (see the folder README or files for what lives here).
