/*
 * charact.c - which elementary flows of a library are greenhouse gases to air, and their GWP100
 * (the rules of docs/lca-import.md "Characterisation", from the project's design note).
 *
 * "To air" is decided by the flow's whole category path; gases are matched by CAS number where the
 * flow has one, else by a normalised name against the synonym table below. The table is data: each
 * row is a name as olca databases (USLCI, ecoinvent, ELCD naming) write it, normalised (case-folded,
 * blanks collapsed, trailing [..]/(..) remarks dropped), and the IPCC gas it is, decided by the
 * chemistry the name states (IUPAC part first, designation second). Sources: the chemical names
 * and designations of IPCC AR6 WG1 Chapter 7 Supplementary Material Table 7.SM.7 (as carried by
 * openclimatedata/globalwarmingpotentials, CC0) and the CAS registry numbers below (CAS Common
 * Chemistry, commonchemistry.cas.org).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/gwp.h>

#include "lca/lca_impl.h"

/* CAS registry numbers of greenhouse gases (without leading zeros). */
static const struct {
	const char *cas, *gas;
} cas_table[] = {
	{ "124-38-9", "co2" },      /* carbon dioxide: origin from the name's qualifier */
	{ "74-82-8", "ch4" },       /* methane: origin from the name's qualifier */
	{ "10024-97-2", "n2o" },
	{ "2551-62-4", "sf6" },
	{ "7783-54-2", "nf3" },
	{ "75-73-0", "cf4" },
	{ "76-16-4", "c2f6" },
	{ "75-46-7", "hfc-23" },
	{ "75-10-5", "hfc-32" },
	{ "354-33-6", "hfc-125" },
	{ "811-97-2", "hfc-134a" },
	{ "420-46-2", "hfc-143a" },
	{ "75-37-6", "hfc-152a" },
	{ "460-73-1", "hfc-245fa" },
	{ "75-45-6", "hcfc-22" },
	{ "75-69-4", "cfc-11" },
	{ "75-71-8", "cfc-12" },
	{ "76-13-1", "cfc-113" },
	{ "76-14-2", "cfc-114" },
	{ "56-23-5", "ccl4" },
	{ "71-55-6", "ch3ccl3" },
	{ "74-83-9", "ch3br" },
	{ "74-87-3", "ch3cl" },
	{ "75-09-2", "ch2cl2" },
	{ "67-66-3", "chcl3" },
	{ "75-63-8", "halon-1301" },
	{ "353-59-3", "halon-1211" },
	{ "306-83-2", "hcfc-123" },
	{ "2837-89-0", "hcfc-124" },
	{ "75-43-4", "hcfc-21" },
	{ "75-72-9", "cfc-13" },
};

/* Normalised names (without the origin qualifier) -> gas. "co2"/"ch4" take the qualifier. */
static const struct {
	const char *name, *gas;
} name_table[] = {
	{ "carbon dioxide", "co2" },
	{ "methane", "ch4" },
	{ "dinitrogen monoxide", "n2o" },
	{ "nitrous oxide", "n2o" },
	{ "sulfur hexafluoride", "sf6" },
	{ "sulphur hexafluoride", "sf6" },
	{ "nitrogen fluoride", "nf3" },          /* NF3 (nitrogen trifluoride) */
	{ "nitrogen trifluoride", "nf3" },
	{ "methane, tetrafluoro-, cfc-14", "cf4" },
	{ "methane, tetrafluoro-, fc-14", "cf4" },
	{ "methane, tetrafluoro-, r-14", "cf4" },
	{ "tetrafluoromethane", "cf4" },
	{ "ethane, hexafluoro-, hfc-116", "c2f6" },  /* hexafluoroethane, C2F6 (PFC-116) */
	{ "hexafluoroethane", "c2f6" },
	{ "methane, trifluoro-, hfc-23", "hfc-23" },
	{ "methane, difluoro-, hfc-32", "hfc-32" },
	{ "ethane, pentafluoro-, hfc-125", "hfc-125" },
	{ "ethane, 1,1,1,2-tetrafluoro-, hfc-134a", "hfc-134a" },
	{ "ethane, trifluoro-, hfc-143", "hfc-143" },
	{ "ethane, 1,1,1-trifluoro-, hfc-143a", "hfc-143a" },
	{ "ethane, 1,1-difluoro-, hfc-152a", "hfc-152a" },
	{ "1,1,1,3,3-pentafluoropropane, hfc-245fa", "hfc-245fa" },
	{ "methane, chlorodifluoro-, hcfc-22", "hcfc-22" },
	{ "methane, difluromonochloro-, hcfc-22", "hcfc-22" },  /* sic: CHClF2 */
	{ "methane, dichlorofluoro-, hcfc-21", "hcfc-21" },
	{ "ethane, 1,1,1-trifluoro-2,2-dichloro-, hcfc-123", "hcfc-123" },
	{ "ethane, 2,2-dichloro-1,1,1-trifluoro-, hcfc-123", "hcfc-123" },
	{ "ethane, 2-chloro-1,1,1,2-tetra-fluoro-, hcfc-124", "hcfc-124" },
	{ "ethane, 2-chloro-1,1,1,2-tetrafluoro-, hcfc-124", "hcfc-124" },
	{ "methane, trichlorofluoro-, cfc-11", "cfc-11" },
	{ "methane, dichlorodifluoro-, cfc-12", "cfc-12" },
	{ "methane, chlorotrifluoro-, cfc-13", "cfc-13" },
	{ "ethane, 1,1,2-trichloro-1,2,2-trifluoro-, cfc-113", "cfc-113" },
	{ "ethane, 1,2-dichloro-1,1,2,2-tetrafluoro-, cfc-114", "cfc-114" },
	{ "methane, tetrachloro-, cfc-10", "ccl4" },      /* CCl4 */
	{ "carbon tetrachloride", "ccl4" },
	{ "ethane, 1,1,1-trichloro-, hcfc-140", "ch3ccl3" },  /* methyl chloroform */
	{ "methane, bromo-, halon 1001", "ch3br" },
	{ "methyl bromide", "ch3br" },
	{ "methane, monochloro-, r-40", "ch3cl" },
	{ "methane, monochloro, r-40", "ch3cl" },
	{ "methyl chloride", "ch3cl" },
	{ "methane, dichloro-, hcc-30", "ch2cl2" },
	{ "methane, dichloro, hcc-30", "ch2cl2" },
	{ "dichloromethane", "ch2cl2" },
	{ "chloroform", "chcl3" },
	{ "methane, bromotrifluoro-, halon 1301", "halon-1301" },
	{ "methane, bromochlorodifluoro-, halon 1211", "halon-1211" },
};

/* Greenhouse-gas-like names that stay unmatched: groups, and names contradicting their chemistry. */
static const struct {
	const char *name, *why;
} unmatched_table[] = {
	{ "cfcs and hcfcs, unspecified", "a group of gases, no single GWP" },
	{ "hfcs and hcfcs, unspecified", "a group of gases, no single GWP" },
	{ "cfcs, unspecified", "a group of gases, no single GWP" },
	{ "pfc", "a group of gases, no single GWP" },
	{ "perfluorocarbons, unspecified", "a group of gases, no single GWP" },
	{ "chlorinated fluorocarbons and hydrochlorinated fluorocarbons, unspecified", "a group of gases, no single GWP" },
	{ "halogenated hydrocarbons, chlorinated", "a group of gases, no single GWP" },
	{ "hydrocarbons, chlorinated", "a group of gases, no single GWP" },
	{ "ethane, 1,2-dichloro-1,1,2-trifluoro-, hcfc-123",
	  "the name contradicts itself: 1,2-dichloro-1,1,2-trifluoroethane is HCFC-123a, not HCFC-123" },
};

/* Normalise: trim, collapse blanks, case-fold, drop trailing [...] / (...) remarks. */
static void normalise(const char *in, char *out, size_t len)
{
	size_t o = 0;
	int blank = 0;
	for (; *in && o + 1 < len; in++) {
		unsigned char c = (unsigned char)*in;
		if (isspace(c)) {
			blank = o > 0;
			continue;
		}
		if (blank && o + 2 < len)
			out[o++] = ' ';
		blank = 0;
		out[o++] = (char)tolower(c);
	}
	out[o] = '\0';
	for (;;) {
		size_t l = strlen(out);
		char close, open, *p;
		if (!l)
			break;
		close = out[l - 1];
		if (close != ']' && close != ')')
			break;
		open = close == ']' ? '[' : '(';
		p = strrchr(out, open);
		if (!p || p == out)
			break;
		*p = '\0';
		while (p > out && p[-1] == ' ')
			*--p = '\0';
	}
}

static void cas_norm(const char *in, char *out, size_t len)
{
	while (*in == '0' && in[1] && in[1] != '-')
		in++;
	snprintf(out, len, "%s", in);
	while (*out == ' ')
		memmove(out, out + 1, strlen(out));
}

static int seg_eq(const char *seg, size_t l, const char *want)
{
	size_t i;
	if (strlen(want) != l)
		return 0;
	for (i = 0; i < l; i++)
		if (tolower((unsigned char)seg[i]) != want[i])
			return 0;
	return 1;
}

/* air = 1, resource = 2 (any resource segment), bare "Elementary Flows" root = 3, else 0 */
static int where(const char *path)
{
	const char *s = path;
	int air = 0, res = 0, n = 0;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		n++;
		if (seg_eq(s, l, "air") || seg_eq(s, l, "emission to air") || seg_eq(s, l, "emissions to air") ||
		    seg_eq(s, l, "emission output to atmosphere"))
			air = 1;
		if (seg_eq(s, l, "resource"))
			res = 1;
		s += l;
		if (*s == '/')
			s++;
	}
	if (res)
		return 2;
	if (air)
		return 1;
	if (n == 1 && seg_eq(path, strlen(path), "elementary flows"))
		return 3;
	return 0;
}

void pcfi_flow_characterise(const pcf_lib_flow *f, const struct pcf_gwp_set *set, pcfi_flow_char *o)
{
	char name[512], base[512], cas[64];
	const char *gas = NULL, *qual = "", *comma;
	size_t i;
	int w;

	memset(o, 0, sizeof *o);
	if (f->type != PCF_LIB_ELEMENTARY)
		return;
	w = where(f->category);
	normalise(f->name, name, sizeof name);
	snprintf(base, sizeof base, "%s", name);
	comma = strrchr(name, ',');
	if (comma) {
		const char *q = comma + 1;
		while (*q == ' ')
			q++;
		if (!strcmp(q, "fossil") || !strcmp(q, "biogenic") || !strcmp(q, "non-fossil") ||
		    !strcmp(q, "land transformation") || !strcmp(q, "in air")) {
			qual = q;
			base[comma - name] = '\0';
		}
	}
	if (f->cas[0]) {
		cas_norm(f->cas, cas, sizeof cas);
		for (i = 0; i < sizeof cas_table / sizeof cas_table[0]; i++)
			if (!strcmp(cas, cas_table[i].cas))
				gas = cas_table[i].gas;
		if (!gas)
			return; /* a CAS that is not a greenhouse gas is never matched by name */
	} else {
		for (i = 0; i < sizeof name_table / sizeof name_table[0]; i++)
			if (!strcmp(base, name_table[i].name))
				gas = name_table[i].gas;
	}
	/* uptake: "Carbon dioxide, in air" under any resource category, or plain "Carbon dioxide" in resource/in air */
	if (w == 2) {
		if (gas && !strcmp(gas, "co2") &&
		    (!strcmp(qual, "in air") || (!*qual && strstr(f->category, "/in air") != NULL))) {
			o->cls = PCFI_FC_REMOVAL;
			o->gas = "co2-uptake"; /* biogenic CO2 taken from air: reported apart from emissions */
			o->gwp = 1;
		}
		return;
	}
	if (!gas) {
		if (w == 1)
			for (i = 0; i < sizeof unmatched_table / sizeof unmatched_table[0]; i++)
				if (!strcmp(base, unmatched_table[i].name)) {
					o->cls = PCFI_FC_UNMATCHED;
					o->why = unmatched_table[i].why;
				}
		return;
	}
	if (w == 3) {
		o->cls = PCFI_FC_UNMATCHED;
		o->why = "directly under the root category \"Elementary Flows\": not known to be to air";
		return;
	}
	if (w != 1)
		return;
	if (strcmp(f->unit, "kg")) {
		o->cls = PCFI_FC_UNMATCHED;
		o->why = "its reference unit is not kg";
		return;
	}
	o->cls = PCFI_FC_FOSSIL;
	if (!strcmp(gas, "co2") || !strcmp(gas, "ch4")) {
		int co2 = gas[1] == 'o';
		if (!strcmp(qual, "biogenic") || !strcmp(qual, "non-fossil")) {
			o->gas = co2 ? "co2-biogenic" : "ch4-non-fossil";
			o->cls = PCFI_FC_BIOGENIC;
		} else if (!strcmp(qual, "land transformation")) {
			o->gas = co2 ? "co2-fossil" : "ch4-non-fossil";
			o->cls = PCFI_FC_DLUC;
		} else if (!strcmp(qual, "in air")) {
			o->cls = PCFI_FC_UNMATCHED;
			o->why = "\"in air\" names a resource, but the flow is an emission to air";
			return;
		} else {
			o->gas = co2 ? "co2-fossil" : "ch4-fossil";
			o->no_origin = !*qual;
		}
	} else {
		o->gas = gas;
		if (*qual && strcmp(qual, "fossil")) {
			o->cls = PCFI_FC_UNMATCHED;
			o->why = "an origin qualifier on a gas that has none";
			o->gas = NULL;
			return;
		}
	}
	if (pcf_gwp_value(set, o->gas, &o->gwp, NULL)) {
		o->cls = PCFI_FC_UNMATCHED;
		o->why = "the GWP set has no value for this gas";
		o->gwp = 0;
	}
}
