# plugins/example/local.mk - the example methodology plugin.
