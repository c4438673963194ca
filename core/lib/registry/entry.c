/*
 * entry.c - one registry row in memory (pcf/registry.h): what the front (registry.c) and every
 * storage backend (registry_sqlite.c) hand each other, and its release, so that neither needs the
 * other to free it.
 */
#include "config.h"

#include <stdlib.h>

#include <pcf/registry.h>

void pcf_registry_entry_free(pcf_registry_entry *e)
{
	if (!e)
		return;
	free(e->product_id);
	free(e->product_name);
	free(e->declared_unit);
	free(e->method_id);
	free(e->method_version);
	free(e->unit);
	free(e->gwp_set);
	free(e->issuer_name);
	free(e->issuer_org);
	free(e->supersedes);
	free(e->file);
	free(e->status_list);
	free(e->status_reason);
	free(e);
}
