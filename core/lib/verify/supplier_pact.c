/*
 * supplier_pact.c - a supplier's declared figures read from a PACT ProductFootprint JSON file
 * (Technical Specification v2.x or v3.x, CarbonFootprint section; the OpenAPI schemas are in
 * ../shared/reference/pact), for supplier: {pact: PATH} inputs. Not a certificate: the figures are
 * flagged PCF_SUPPLIER_UNVERIFIED (secondary data). The checks are the spec rules tests/cli/
 * methods-trade-pact-check.py applies to the PACT plugin's exports that matter to the figures used
 * (required members, decimal strings, sign rules, v3's pcfExcludingBiogenicUptake formula).
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_impl.h"
#include "base/hex.h"
#include "verify/supplier_impl.h"

/* A PACT decimal: -?(0|[1-9][0-9]*)(\.[0-9]+)? (no exponent, no '+'). */
static int is_decimal(const char *s)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == 0;
}

/* pcf.key as a number into *v (NaN when absent and optional); sign: 1 >0, 2 >=0, -2 <=0, 0 any. */
static int dec(json_t *pcf, const char *key, int required, int sign, double *v, const char *path, pcf_error *err)
{
	json_t *j = json_object_get(pcf, key);
	const char *s;
	(void)path; /* the caller's error names the file */
	*v = NAN;
	if (!j) {
		if (required)
			pcfi_error(err, PCF_E_INVALID, "pcf.%s: required member missing", key);
		return !required;
	}
	if (!json_is_string(j) || !is_decimal(s = json_string_value(j))) {
		pcfi_error(err, PCF_E_INVALID, "pcf.%s: expected a decimal string (e.g. \"1.5\"), found %s", key,
		           json_is_string(j) ? json_string_value(j) : "a non-string");
		return 0;
	}
	*v = strtod(s, NULL);
	if ((sign == 1 && !(*v > 0)) || (sign == 2 && !(*v >= 0)) || (sign == -2 && !(*v <= 0))) {
		pcfi_error(err, PCF_E_INVALID, "pcf.%s: must be %s, found %s", key,
		           sign == 1 ? "> 0" : sign == 2 ? ">= 0" : "<= 0", s);
		return 0;
	}
	return 1;
}

static double z(double v)
{
	return isfinite(v) ? v : 0;
}

/* PACT declared units (v2 declaredUnit, v3 declaredUnitOfMeasurement) as pcfkit units. */
static const char *unit_of(const char *u)
{
	static const char *const map[][2] = { { "liter", "L" },         { "kilogram", "kg" },       { "cubic meter", "m3" },
		                              { "kilowatt hour", "kWh" }, { "megajoule", "MJ" },      { "ton kilometer", "tkm" },
		                              { "square meter", "m2" },   { "piece", "piece" },       { "hour", "h" },
		                              { "megabit second", NULL } };
	size_t i;
	for (i = 0; i < sizeof map / sizeof *map; i++)
		if (!strcmp(u, map[i][0]))
			return map[i][1];
	return NULL;
}

pcf_status pcfi_supplier_pact_read(const char *path, const unsigned char *data, size_t len, const unsigned char sha[32],
                                   pcfi_supplier_figs *out, pcf_error *err)
{
	json_t *root, *pcf, *j;
	json_error_t je;
	pcf_supplier *s = &out->s;
	const char *spec, *unit, *pu, *src_name;
	int v3;
	double amount, excl, incl, fossil, luc = NAN, air, a = NAN, b = NAN, c = NAN, d = NAN, e = NAN, f = NAN, g = NAN;
	char hex[65];
	pcf_status st = PCF_E_INVALID;

	memset(out, 0, sizeof *out);
	if (!(root = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, &je)))
		return pcfi_error(err, PCF_E_INVALID, "line %d, column %d: not JSON: %s", je.line, je.column, je.text);
	/* a single ProductFootprint, or a GET /footprints/{id} response {"data": ProductFootprint} */
	if (json_is_object(json_object_get(root, "data")) && !json_object_get(root, "pcf"))
		j = json_object_get(root, "data");
	else
		j = root;
	spec = json_string_value(json_object_get(j, "specVersion"));
	pcf = json_object_get(j, "pcf");
	if (!json_is_object(j) || !spec) {
		pcfi_error(err, PCF_E_INVALID, "specVersion: required member missing (not a PACT ProductFootprint)");
		goto out;
	}
	if (!strncmp(spec, "2.", 2))
		v3 = 0;
	else if (!strncmp(spec, "3.", 2))
		v3 = 1;
	else {
		pcfi_error(err, PCF_E_UNSUPPORTED, "specVersion: expected 2.x or 3.x, found %.40s", spec);
		goto out;
	}
	if (!json_is_object(pcf)) {
		pcfi_error(err, PCF_E_INVALID, "pcf: required member missing or not an object");
		goto out;
	}
	if (!json_is_string(json_object_get(j, "id"))) {
		pcfi_error(err, PCF_E_INVALID, "id: required member missing");
		goto out;
	}
	unit = json_string_value(json_object_get(pcf, v3 ? "declaredUnitOfMeasurement" : "declaredUnit"));
	if (!unit) {
		pcfi_error(err, PCF_E_INVALID, "pcf.%s: required member missing",
		           v3 ? "declaredUnitOfMeasurement" : "declaredUnit");
		goto out;
	}
	if (!(pu = unit_of(unit))) {
		pcfi_error(err, PCF_E_UNIT, "pcf.%s: '%.40s' has no pcfkit unit",
		           v3 ? "declaredUnitOfMeasurement" : "declaredUnit", unit);
		goto out;
	}
	if (v3) {
		/* TS 3.0 CarbonFootprint: pcfExcludingBiogenicUptake = fossilGhgEmissions + landUseChangeGhgEmissions
		 * + landManagementBiogenicCO2Emissions + landManagementBiogenicCO2Removals + technologicalCO2Removals
		 * + ccsTechnologicalCO2Capture + biogenicNonCO2Emissions; Including = Excluding + biogenicCO2Uptake */
		if (!dec(pcf, "declaredUnitAmount", 1, 1, &amount, path, err) ||
		    !dec(pcf, "pcfExcludingBiogenicUptake", 1, 0, &excl, path, err) ||
		    !dec(pcf, "pcfIncludingBiogenicUptake", 1, 0, &incl, path, err) ||
		    !dec(pcf, "fossilGhgEmissions", 1, 2, &fossil, path, err) ||
		    !dec(pcf, "landUseChangeGhgEmissions", 0, 2, &luc, path, err) ||
		    !dec(pcf, "landManagementBiogenicCO2Emissions", 0, 2, &a, path, err) ||
		    !dec(pcf, "landManagementBiogenicCO2Removals", 0, -2, &b, path, err) ||
		    !dec(pcf, "technologicalCO2Removals", 0, -2, &c, path, err) ||
		    !dec(pcf, "ccsTechnologicalCO2Capture", 0, -2, &d, path, err) ||
		    !dec(pcf, "biogenicNonCO2Emissions", 0, 2, &e, path, err) ||
		    !dec(pcf, "biogenicCO2Uptake", 0, -2, &f, path, err) ||
		    !dec(pcf, "aircraftGhgEmissions", 0, 2, &air, path, err) ||
		    !dec(pcf, "primaryDataShare", 0, 2, &g, path, err))
			goto out;
		{
			double sum = fossil + z(luc) + z(a) + z(b) + z(c) + z(d) + z(e);
			if (fabs(sum - excl) > 1e-9 * (fabs(excl) > 1 ? fabs(excl) : 1)) {
				pcfi_error(err, PCF_E_INVALID,
				           "pcf.pcfExcludingBiogenicUptake: %g is not the sum of its terms (TS 3.0 "
				           "CarbonFootprint: fossil + land use change + land management + removals + "
				           "biogenic non-CO2 = %g)",
				           excl, sum);
				goto out;
			}
			if (fabs(excl + z(f) - incl) > 1e-9 * (fabs(incl) > 1 ? fabs(incl) : 1)) {
				pcfi_error(err, PCF_E_INVALID,
				           "pcf.pcfIncludingBiogenicUptake: %g is not pcfExcludingBiogenicUptake + "
				           "biogenicCO2Uptake = %g",
				           incl, excl + z(f));
				goto out;
			}
		}
		s->fossil = fossil - z(air) + z(c) + z(d);   /* aircraft is part of fossilGhgEmissions */
		s->dluc = z(luc);
		s->biogenic_emissions = z(a) + z(e);
		s->biogenic_removals = -(z(b) + z(f));
		s->total = incl;
	} else {
		/* TS 2.x CarbonFootprint: pCfExcludingBiogenic, pCfIncludingBiogenic, fossilGhgEmissions,
		 * dLucGhgEmissions, biogenicCarbonWithdrawal (<= 0), aircraftGhgEmissions (>= 0) */
		double dluc = NAN, lm = NAN, other = NAN, wd = NAN;
		if (!dec(pcf, "unitaryProductAmount", 1, 1, &amount, path, err) ||
		    !dec(pcf, "pCfExcludingBiogenic", 1, 2, &excl, path, err) ||
		    !dec(pcf, "pCfIncludingBiogenic", 0, 0, &incl, path, err) ||
		    !dec(pcf, "fossilGhgEmissions", 1, 2, &fossil, path, err) ||
		    !dec(pcf, "dLucGhgEmissions", 0, 2, &dluc, path, err) ||
		    !dec(pcf, "landManagementGhgEmissions", 0, 0, &lm, path, err) ||
		    !dec(pcf, "otherBiogenicGhgEmissions", 0, 2, &other, path, err) ||
		    !dec(pcf, "biogenicCarbonWithdrawal", 0, -2, &wd, path, err) ||
		    !dec(pcf, "aircraftGhgEmissions", 0, 2, &air, path, err) ||
		    (!json_is_number(json_object_get(pcf, "primaryDataShare")) &&
		     !dec(pcf, "primaryDataShare", 0, 2, &g, path, err)))
			goto out;
		if (json_is_number(json_object_get(pcf, "primaryDataShare"))) /* v2 Percent: a JSON number */
			g = json_number_value(json_object_get(pcf, "primaryDataShare"));
		if (isfinite(g) && g < 0) {
			pcfi_error(err, PCF_E_INVALID, "pcf.primaryDataShare: must be >= 0, found %g", g);
			goto out;
		}
		/* v2: the PCF excluding biogenic is the fossil emissions plus dLUC; the biogenic figures
		 * (land management, other biogenic, withdrawal) are what the "including" figure adds */
		s->fossil = fossil - z(air);
		s->dluc = z(dluc);
		s->biogenic_emissions = z(lm) + z(other);
		s->biogenic_removals = -z(wd);
		s->total = isfinite(incl) ? incl : excl;
		(void)excl;
	}
	if (isfinite(g) && g > 100) {
		pcfi_error(err, PCF_E_INVALID, "pcf.primaryDataShare: must be between 0 and 100, found %g", g);
		goto out;
	}
	s->aircraft = z(air);
	s->declared_amount = amount;
	s->primary_share = isfinite(g) ? g / 100 : 0; /* PACT: a percentage; absent: no primary data claimed */
	s->dq_technological = s->dq_temporal = s->dq_geographical = s->dq_completeness = s->dq_reliability = NAN;
	s->flags = PCF_SUPPLIER_UNVERIFIED;
	src_name = v3 ? "pact-v3" : "pact-v2";
	pcfi_hex_encode(sha, 32, hex);
	{
		const char *src[] = { hex,
			              json_string_value(json_object_get(j, "id")),
			              json_string_value(json_object_get(j, "companyName")),
			              src_name,
			              spec,
			              json_string_value(json_object_get(j, "productNameCompany")),
			              pu };
		const char **dst[] = { &s->sha256, &s->certificate_id, &s->body_org, &s->methodology_id,
			               &s->methodology_version, &s->product_name, &s->declared_unit };
		if (pcfi_supplier_figs_keep(out, src, dst, sizeof src / sizeof *src)) {
			st = pcfi_error(err, PCF_E_NOMEM, "out of memory");
			goto out;
		}
	}
	st = PCF_OK;
out:
	json_decref(root);
	if (st != PCF_OK)
		pcfi_supplier_figs_free(out);
	return st ? st : PCF_OK;
}
