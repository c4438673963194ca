# bench/local.mk - bench (see the folder README or files for what lives here).
