/*
 * units.c - the unit system: each unit an exact rational multiple of its dimension's base unit,
 * conversions computed from those integers (reduced, then rounded once where they fit in 53 bits).
 *
 * Definitions (all exact by definition of the unit):
 *   mass (g):        mg = 1/1000, kg = 1000, t = 10^6, lb = 453.59237 (international pound, 1959)
 *   energy (J):      kJ, MJ, GJ, TJ = 10^3..10^12; Wh = 3600, kWh, MWh, GWh; Btu = 1055.05585262
 *                    (International Table Btu); MMBtu = 10^6 Btu; therm = 105.505585257 MJ (EC
 *                    therm, Directive 80/181/EEC; the US therm 105.4804 MJ is not used)
 *   volume (L):      mL = 1/1000, m3 = 1000, gal = 3.785411784 (US liquid gallon)
 *   length (m):      km = 1000, mi = 1609.344 (international mile)
 *   area (m2):       ha = 10^4, km2 = 10^6
 *   count (piece):   piece (aliases item, pcs, p)
 *   time (s):        min = 60, h = 3600, d = 86400
 *   mass*distance (kgkm): tkm = 1000 (tonne-kilometre; aliases t*km, t.km)
 *   currency:        ISO 4217 codes, never converted into each other
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "inventory/units_impl.h"
#include "base/error_impl.h"

typedef struct unit_def {
	pcf_unit pub;
	uint64_t num, den;   /* 1 unit = num/den base units */
} unit_def;

#define U(sym, name, dim, num, den) { { sym, name, dim, (double)(num) / (double)(den) }, num, den }

static const unit_def units[] = {
	U("mg", "milligram", PCF_DIM_MASS, 1, 1000),
	U("g", "gram", PCF_DIM_MASS, 1, 1),
	U("kg", "kilogram", PCF_DIM_MASS, 1000, 1),
	U("t", "tonne", PCF_DIM_MASS, 1000000, 1),
	U("lb", "pound (international, 0.45359237 kg)", PCF_DIM_MASS, 45359237, 100000),
	U("J", "joule", PCF_DIM_ENERGY, 1, 1),
	U("kJ", "kilojoule", PCF_DIM_ENERGY, 1000, 1),
	U("MJ", "megajoule", PCF_DIM_ENERGY, 1000000, 1),
	U("GJ", "gigajoule", PCF_DIM_ENERGY, 1000000000, 1),
	U("TJ", "terajoule", PCF_DIM_ENERGY, 1000000000000, 1),
	U("Wh", "watt hour", PCF_DIM_ENERGY, 3600, 1),
	U("kWh", "kilowatt hour", PCF_DIM_ENERGY, 3600000, 1),
	U("MWh", "megawatt hour", PCF_DIM_ENERGY, 3600000000, 1),
	U("GWh", "gigawatt hour", PCF_DIM_ENERGY, 3600000000000, 1),
	U("Btu", "British thermal unit (International Table, 1055.05585262 J)", PCF_DIM_ENERGY, 105505585262, 100000000),
	U("MMBtu", "million British thermal units (International Table)", PCF_DIM_ENERGY, 105505585262, 100),
	U("therm", "therm (EC, 105.505585257 MJ)", PCF_DIM_ENERGY, 105505585257, 1000),
	U("mL", "millilitre", PCF_DIM_VOLUME, 1, 1000),
	U("L", "litre", PCF_DIM_VOLUME, 1, 1),
	U("m3", "cubic metre", PCF_DIM_VOLUME, 1000, 1),
	U("gal", "US liquid gallon (3.785411784 L)", PCF_DIM_VOLUME, 3785411784, 1000000000),
	U("m", "metre", PCF_DIM_LENGTH, 1, 1),
	U("km", "kilometre", PCF_DIM_LENGTH, 1000, 1),
	U("mi", "mile (international, 1609.344 m)", PCF_DIM_LENGTH, 1609344, 1000),
	U("m2", "square metre", PCF_DIM_AREA, 1, 1),
	U("ha", "hectare", PCF_DIM_AREA, 10000, 1),
	U("km2", "square kilometre", PCF_DIM_AREA, 1000000, 1),
	U("piece", "piece", PCF_DIM_COUNT, 1, 1),
	U("s", "second", PCF_DIM_TIME, 1, 1),
	U("min", "minute", PCF_DIM_TIME, 60, 1),
	U("h", "hour", PCF_DIM_TIME, 3600, 1),
	U("d", "day", PCF_DIM_TIME, 86400, 1),
	U("kgkm", "kilogram kilometre", PCF_DIM_MASS_DISTANCE, 1, 1),
	U("tkm", "tonne kilometre", PCF_DIM_MASS_DISTANCE, 1000, 1),
};
#define NUNITS (sizeof units / sizeof units[0])

static const struct alias {
	const char *alias, *symbol;
} aliases[] = {
	{ "tonne", "t" }, { "l", "L" }, { "m³", "m3" }, { "m²", "m2" }, { "km²", "km2" },
	{ "item", "piece" }, { "items", "piece" }, { "pcs", "piece" }, { "p", "piece" }, { "pieces", "piece" },
	{ "t*km", "tkm" }, { "t.km", "tkm" }, { "t·km", "tkm" }, { "kg*km", "kgkm" },
};

/* A currency by ISO 4217 code (binary search of the sorted table). */
static const pcf_unit *find_currency(const char *s)
{
	size_t lo = 0, hi = pcfi_currency_count;

	if (strlen(s) != 3)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s, pcfi_currencies[mid].symbol);
		if (!c)
			return &pcfi_currencies[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const unit_def *find_def(const char *s)
{
	size_t i;

	/* most symbols differ in their first byte: compare it before calling strcmp */
	for (i = 0; i < NUNITS; i++)
		if (s[0] == units[i].pub.symbol[0] && !strcmp(s, units[i].pub.symbol))
			return &units[i];
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (s[0] == aliases[i].alias[0] && !strcmp(s, aliases[i].alias))
			return find_def(aliases[i].symbol);
	return NULL;
}

const char *pcfi_unit_canonical(const char *symbol)
{
	const unit_def *d;
	const pcf_unit *c;

	if (!symbol)
		return NULL;
	if ((d = find_def(symbol)))
		return d->pub.symbol;
	if ((c = find_currency(symbol)))
		return c->symbol;
	return NULL;
}

pcf_dimension pcfi_unit_dimension(const char *symbol)
{
	const unit_def *d;

	if (!symbol)
		return PCF_DIM_NONE;
	if ((d = find_def(symbol)))
		return d->pub.dimension;
	return find_currency(symbol) ? PCF_DIM_CURRENCY : PCF_DIM_NONE;
}

static pcf_status unknown(pcf_error *err, const char *symbol)
{
	return pcfi_error(err, PCF_E_UNIT, "unknown unit '%.100s' (see docs/inventory-format.md for the units pcfkit knows)",
	                  symbol ? symbol : "(null)");
}

pcf_status pcf_unit_lookup(const char *symbol, pcf_unit *out, pcf_error *err)
{
	const unit_def *d;
	const pcf_unit *c;

	if (!symbol)
		return unknown(err, symbol);
	if ((d = find_def(symbol))) {
		if (out)
			*out = d->pub;
		return PCF_OK;
	}
	if ((c = find_currency(symbol))) {
		if (out)
			*out = *c;
		return PCF_OK;
	}
	return unknown(err, symbol);
}

/* The exact ratio from/to as a reduced fraction n/d (both < 2^64 after reduction, or an error). */
static pcf_status ratio(const char *from, const char *to, uint64_t *n, uint64_t *d, pcf_error *err)
{
	const unit_def *a, *b;
	pcf_dimension da = pcfi_unit_dimension(from), db = pcfi_unit_dimension(to);
	unsigned __int128 nn, dd, g;

	if (da == PCF_DIM_NONE)
		return unknown(err, from);
	if (db == PCF_DIM_NONE)
		return unknown(err, to);
	if (da != db)
		return pcfi_error(err, PCF_E_UNIT, "cannot convert %.60s (%s) to %.60s (%s)", from, pcf_dimension_name(da), to,
		                  pcf_dimension_name(db));
	if (da == PCF_DIM_CURRENCY) {
		if (strcmp(from, to))
			return pcfi_error(err, PCF_E_UNIT,
			                  "cannot convert %.60s to %.60s: pcfkit does not convert between currencies", from, to);
		*n = *d = 1;
		return PCF_OK;
	}
	a = find_def(from);
	b = find_def(to);
	if (a == b) { /* the common case: no conversion */
		*n = *d = 1;
		return PCF_OK;
	}
	{
		uint64_t n64, d64;
		if (!__builtin_mul_overflow(a->num, b->den, &n64) && !__builtin_mul_overflow(a->den, b->num, &d64)) {
			uint64_t x = n64, y = d64;
			while (y) {
				uint64_t t = x % y;
				x = y;
				y = t;
			}
			*n = n64 / x;
			*d = d64 / x;
			return PCF_OK;
		}
	}
	nn = (unsigned __int128)a->num * b->den;
	dd = (unsigned __int128)a->den * b->num;
	{
		unsigned __int128 x = nn, y = dd;
		while (y) {
			unsigned __int128 t = x % y;
			x = y;
			y = t;
		}
		g = x;
	}
	nn /= g;
	dd /= g;
	if (nn > UINT64_MAX || dd > UINT64_MAX)
		return pcfi_error(err, PCF_E_INTERNAL, "conversion from %s to %s overflows", from, to);
	*n = (uint64_t)nn;
	*d = (uint64_t)dd;
	return PCF_OK;
}

pcf_status pcf_unit_factor(const char *from, const char *to, double *out, pcf_error *err)
{
	uint64_t n, d;
	pcf_status st = ratio(from, to, &n, &d, err);

	if (st)
		return st;
	*out = (double)n / (double)d;
	return PCF_OK;
}

pcf_status pcf_unit_convert(double value, const char *from, const char *to, double *out, pcf_error *err)
{
	uint64_t n, d;
	pcf_status st;

	if (!isfinite(value))
		return pcfi_error(err, PCF_E_ARG, "cannot convert a non-finite amount");
	st = ratio(from, to, &n, &d, err);
	if (st)
		return st;
	if (d == 1)
		*out = value * (double)n;
	else if (n == 1)
		*out = value / (double)d;
	else
		*out = value * (double)n / (double)d;
	if (!isfinite(*out))
		return pcfi_error(err, PCF_E_UNIT, "converting %g %.60s to %.60s overflows", value, from, to);
	return PCF_OK;
}

const char *pcf_dimension_name(pcf_dimension dim)
{
	switch (dim) {
	case PCF_DIM_MASS: return "mass";
	case PCF_DIM_ENERGY: return "energy";
	case PCF_DIM_VOLUME: return "volume";
	case PCF_DIM_LENGTH: return "length";
	case PCF_DIM_AREA: return "area";
	case PCF_DIM_COUNT: return "count";
	case PCF_DIM_TIME: return "time";
	case PCF_DIM_MASS_DISTANCE: return "mass*distance";
	case PCF_DIM_CURRENCY: return "currency";
	default: return "none";
	}
}

const char *pcf_dimension_base(pcf_dimension dim)
{
	switch (dim) {
	case PCF_DIM_MASS: return "g";
	case PCF_DIM_ENERGY: return "J";
	case PCF_DIM_VOLUME: return "L";
	case PCF_DIM_LENGTH: return "m";
	case PCF_DIM_AREA: return "m2";
	case PCF_DIM_COUNT: return "piece";
	case PCF_DIM_TIME: return "s";
	case PCF_DIM_MASS_DISTANCE: return "kgkm";
	default: return NULL;
	}
}

size_t pcf_unit_count(void)
{
	return NUNITS + pcfi_currency_count;
}

const pcf_unit *pcf_unit_at(size_t i)
{
	if (i < NUNITS)
		return &units[i].pub;
	i -= NUNITS;
	return i < pcfi_currency_count ? &pcfi_currencies[i] : NULL;
}
