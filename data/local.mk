# data/local.mk - data installed under pkgdatadir: the default emission factor library. With
# nobase, data/factors/X.yaml installs as $(pkgdatadir)/data/factors/X.yaml, which is the default
# data directory pcf_data_dir() returns when PCF_DATA_DIR is not set.
nobase_dist_pkgdata_DATA += \
	data/factors/electricity.yaml \
	data/factors/fuels.yaml \
	data/factors/materials.yaml \
	data/factors/transport.yaml
