# plugins/local.mk - plugins (see the folder README or files for what lives here).
