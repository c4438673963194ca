# plugins/iso14067/local.mk - the iso14067 methodology plugin.
