# certs/local.mk - certs (see the folder README or files for what lives here).
