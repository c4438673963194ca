# plugins/pact/local.mk - the pact methodology plugin.
