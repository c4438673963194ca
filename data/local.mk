# data/local.mk - data (see the folder README or files for what lives here).
