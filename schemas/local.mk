# schemas/local.mk - JSON Schemas, installed under $(pkgdatadir)/schemas for tools that check
# inventories and factor libraries without pcfkit.
nobase_dist_pkgdata_DATA += schemas/inventory.schema.json schemas/factors.schema.json \
	schemas/manifest.schema.json schemas/pact-bundle-extension.schema.json
