/*
 * validate.c - shape checks over the YAML node tree with precise messages (see validate.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "inventory/validate.h"
#include "inventory/units_impl.h"

void pcfi_v_init(pcfi_vctx *v, const char *file, pcfi_arena *arena, pcf_diag *diag, pcf_error *err)
{
	memset(v, 0, sizeof *v);
	v->file = file;
	v->arena = arena;
	v->diag = diag;
	v->err = err;
}

static void add(pcfi_vctx *v, unsigned long line, unsigned long col, pcf_status st, const char *fmt, va_list ap)
{
	pcf_error e;

	memset(&e, 0, sizeof e);
	pcfi_error_atv(&e, st, v->file, line, col, v->path, NULL, fmt, ap);
	if (v->first == PCF_OK) {
		v->first = st;
		if (v->err)
			*v->err = e;
	}
	v->nerrors++;
	pcfi_diag_add(v->diag, &e);
}

void pcfi_v_err(pcfi_vctx *v, const pcfi_ynode *at, pcf_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(v, at ? at->line : 0, at ? at->col : 0, st, fmt, ap);
	va_end(ap);
}

void pcfi_v_err_pos(pcfi_vctx *v, unsigned long line, unsigned long col, pcf_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(v, line, col, st, fmt, ap);
	va_end(ap);
}

/* Append len bytes of s to the path, truncating at its capacity (hot: no printf). */
static void path_append(pcfi_vctx *v, const char *s, size_t len)
{
	size_t room = sizeof v->path - 1 - v->plen;

	if (len > room)
		len = room;
	memcpy(v->path + v->plen, s, len);
	v->plen += len;
	v->path[v->plen] = '\0';
}

size_t pcfi_v_push_key(pcfi_vctx *v, const char *key)
{
	size_t old = v->plen;

	if (v->plen)
		path_append(v, ".", 1);
	path_append(v, key, strlen(key));
	return old;
}

size_t pcfi_v_push_index(pcfi_vctx *v, size_t i)
{
	char buf[32], *q = buf + sizeof buf;
	size_t old = v->plen;

	*--q = ']';
	do {
		*--q = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	*--q = '[';
	path_append(v, q, (size_t)(buf + sizeof buf - q));
	return old;
}

void pcfi_v_pop(pcfi_vctx *v, size_t len)
{
	v->plen = len;
	v->path[len] = '\0';
}

int pcfi_v_is_map(pcfi_vctx *v, const pcfi_ynode *n, const char *what)
{
	char d[80];

	if (n && n->kind == PCFI_Y_MAP)
		return 1;
	pcfi_v_err(v, n, PCF_E_INVALID, "expected %s (a mapping), found %s", what, pcfi_ydescribe(n, d, sizeof d));
	return 0;
}

int pcfi_v_is_seq(pcfi_vctx *v, const pcfi_ynode *n, const char *what)
{
	char d[80];

	if (n && n->kind == PCFI_Y_SEQ)
		return 1;
	pcfi_v_err(v, n, PCF_E_INVALID, "expected %s (a list), found %s", what, pcfi_ydescribe(n, d, sizeof d));
	return 0;
}

size_t pcfi_v_keys(pcfi_vctx *v, const pcfi_ynode *map, const char *const *allowed)
{
	size_t i, bad = 0;

	for (i = 0; i < map->len; i++) {
		const pcfi_ynode *k = PCFI_YKEY(map, i);
		const char *const *a;
		int ok = 0;

		if (k->kind != PCFI_Y_SCALAR || pcfi_yscalar_type(k) != PCFI_YS_STRING) {
			char d[80];
			pcfi_v_err(v, k, PCF_E_INVALID, "expected a key name, found %s", pcfi_ydescribe(k, d, sizeof d));
			bad++;
			continue;
		}
		if (!strncmp(k->u.str, "x-", 2))
			continue;
		for (a = allowed; *a; a++)
			if ((*a)[0] == k->u.str[0] && !strcmp(*a, k->u.str)) {
				ok = 1;
				break;
			}
		if (!ok) {
			char list[400];
			size_t n = 0;
			list[0] = '\0';
			for (a = allowed; *a && n < sizeof list - 1; a++) {
				int w = snprintf(list + n, sizeof list - n, "%s%s", a == allowed ? "" : ", ", *a);
				if (w > 0)
					n += (size_t)w;
			}
			const pcfi_ynode *val = PCFI_YVAL(map, i);
			int stray = val->kind == PCFI_Y_SCALAR && val->plain && val->len == 0;
			pcfi_v_err(v, k, PCF_E_INVALID, "unknown key '%.100s' (expected one of: %s; or an x- extension key)%s",
			           k->u.str, list,
			           stray ? "; if it belongs to the text before a comma, quote that text" : "");
			bad++;
		}
	}
	return bad;
}

const pcfi_ynode *pcfi_v_get(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required)
{
	const pcfi_ynode *n = pcfi_ymap_get(map, key);

	if (!n && required)
		pcfi_v_err(v, map, PCF_E_INVALID, "missing required key '%s'", key);
	return n;
}

int pcfi_v_node_string(pcfi_vctx *v, const pcfi_ynode *n, const char **out)
{
	char d[80];

	if (n->kind != PCFI_Y_SCALAR || pcfi_yscalar_type(n) != PCFI_YS_STRING) {
		if (n->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(n) != PCFI_YS_NULL)
			pcfi_v_err(v, n, PCF_E_INVALID, "expected a string, found %s (quote it to make it a string)",
			           pcfi_ydescribe(n, d, sizeof d));
		else
			pcfi_v_err(v, n, PCF_E_INVALID, "expected a string, found %s", pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	if (n->len == 0) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a non-empty string, found ''");
		return 0;
	}
	if (strlen(n->u.str) != n->len) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a string without NUL characters");
		return 0;
	}
	*out = pcfi_arena_strndup(v->arena, n->u.str, n->len);
	if (!*out) {
		pcfi_v_err(v, n, PCF_E_NOMEM, "out of memory");
		return 0;
	}
	return 1;
}

int pcfi_v_string(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, const char **out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	size_t old;
	int ok;

	if (!n)
		return 0;
	old = pcfi_v_push_key(v, key);
	ok = pcfi_v_node_string(v, n, out);
	pcfi_v_pop(v, old);
	return ok;
}

int pcfi_v_bool(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, int *out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	size_t old;
	char d[80];

	if (!n)
		return 0;
	if (n->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(n) == PCFI_YS_BOOL) {
		*out = n->u.str[0] == 't' || n->u.str[0] == 'T';
		return 1;
	}
	old = pcfi_v_push_key(v, key);
	pcfi_v_err(v, n, PCF_E_INVALID, "expected true or false, found %s", pcfi_ydescribe(n, d, sizeof d));
	pcfi_v_pop(v, old);
	return 0;
}

int pcfi_v_int(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, long min, long max, long *out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	size_t old;
	char d[80];
	int ok = 0;

	if (!n)
		return 0;
	old = pcfi_v_push_key(v, key);
	if (n->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(n) == PCFI_YS_INT) {
		long x;
		errno = 0;
		x = strtol(n->u.str, NULL, 10);
		if (errno || x < min || x > max)
			pcfi_v_err(v, n, PCF_E_INVALID, "expected an integer from %ld to %ld, found %s", min, max,
			           pcfi_ydescribe(n, d, sizeof d));
		else {
			*out = x;
			ok = 1;
		}
	} else {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected an integer, found %s", pcfi_ydescribe(n, d, sizeof d));
	}
	pcfi_v_pop(v, old);
	return ok;
}

int pcfi_v_node_number(pcfi_vctx *v, const pcfi_ynode *n, int flags, double *out)
{
	char d[80];
	pcfi_yscalar t;
	double x;

	t = n->kind == PCFI_Y_SCALAR ? pcfi_yscalar_type(n) : PCFI_YS_STRING;
	if (n->kind != PCFI_Y_SCALAR || (t != PCFI_YS_INT && t != PCFI_YS_FLOAT)) {
		if (n->kind == PCFI_Y_SCALAR && !n->plain && n->len && strtod(n->u.str, NULL) != 0)
			pcfi_v_err(v, n, PCF_E_INVALID, "expected a number, found %s (a quoted string; remove the quotes)",
			           pcfi_ydescribe(n, d, sizeof d));
		else
			pcfi_v_err(v, n, PCF_E_INVALID, "expected a number, found %s", pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	errno = 0;
	x = strtod(n->u.str, NULL);
	if (!isfinite(x) || (errno == ERANGE && fabs(x) > 1)) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a finite number, found %s (out of range)",
		           pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	if (x == 0)
		x = 0; /* no negative zero in the model */
	if ((flags & PCFI_V_POSITIVE) && !(x > 0)) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a number greater than 0, found %s", pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	if ((flags & PCFI_V_NONNEG) && x < 0) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a number of at least 0, found %s", pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	if ((flags & PCFI_V_FRACTION) && (x < 0 || x > 1)) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a fraction from 0 to 1, found %s", pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	if ((flags & PCFI_V_DQR) && (x < 1 || x > 5)) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a data quality rating from 1 to 5, found %s",
		           pcfi_ydescribe(n, d, sizeof d));
		return 0;
	}
	*out = x;
	return 1;
}

int pcfi_v_number(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, int flags, double *out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	size_t old;
	int ok;

	if (!n)
		return 0;
	old = pcfi_v_push_key(v, key);
	ok = pcfi_v_node_number(v, n, flags, out);
	pcfi_v_pop(v, old);
	return ok;
}

int pcfi_v_enum(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, const char *const *names,
                int *out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	const char *const *a;
	char list[300], d[80];
	size_t old, len = 0;

	if (!n)
		return 0;
	if (n->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(n) == PCFI_YS_STRING)
		for (a = names; *a; a++)
			if (!strcmp(*a, n->u.str)) {
				*out = (int)(a - names);
				return 1;
			}
	list[0] = '\0';
	for (a = names; *a && len < sizeof list - 1; a++) {
		int w = snprintf(list + len, sizeof list - len, "%s%s", a == names ? "" : ", ", *a);
		if (w > 0)
			len += (size_t)w;
	}
	old = pcfi_v_push_key(v, key);
	pcfi_v_err(v, n, PCF_E_INVALID, "expected one of %s, found %s", list, pcfi_ydescribe(n, d, sizeof d));
	pcfi_v_pop(v, old);
	return 0;
}

int pcfi_v_unit(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, pcf_dimension dim,
                const char **out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	const char *canon;
	size_t old;
	char d[80];
	int ok = 0;

	if (!n)
		return 0;
	old = pcfi_v_push_key(v, key);
	if (n->kind != PCFI_Y_SCALAR || pcfi_yscalar_type(n) != PCFI_YS_STRING) {
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a unit, found %s", pcfi_ydescribe(n, d, sizeof d));
	} else if (!(canon = pcfi_unit_canonical(n->u.str))) {
		pcfi_v_err(v, n, PCF_E_UNIT, "unknown unit '%.60s' (see 'Units' in docs/inventory-format.md)", n->u.str);
	} else if (dim != PCF_DIM_NONE && pcfi_unit_dimension(canon) != dim) {
		pcfi_v_err(v, n, PCF_E_UNIT, "expected a unit of %s, found %s (%s)", pcf_dimension_name(dim), canon,
		           pcf_dimension_name(pcfi_unit_dimension(canon)));
	} else {
		*out = canon;
		ok = 1;
	}
	pcfi_v_pop(v, old);
	return ok;
}

int pcfi_v_date(pcfi_vctx *v, const pcfi_ynode *map, const char *key, int required, const char **out)
{
	const pcfi_ynode *n = pcfi_v_get(v, map, key, required);
	size_t old;
	char d[80];
	int ok = 0;

	if (!n)
		return 0;
	old = pcfi_v_push_key(v, key);
	if (n->kind == PCFI_Y_SCALAR && pcfi_yscalar_type(n) == PCFI_YS_STRING && n->len == 10) {
		const char *s = n->u.str;
		int i, y, m, dd, digits = 1;
		for (i = 0; i < 10; i++)
			if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
				digits = 0;
		if (digits) {
			y = atoi(s);
			m = atoi(s + 5);
			dd = atoi(s + 8);
			if (y >= 1900 && pcfi_date_valid(y, m, dd)) {
				*out = pcfi_arena_strndup(v->arena, s, 10);
				ok = *out != NULL;
			}
		}
	}
	if (!ok)
		pcfi_v_err(v, n, PCF_E_INVALID, "expected a date YYYY-MM-DD, found %s", pcfi_ydescribe(n, d, sizeof d));
	pcfi_v_pop(v, old);
	return ok;
}
