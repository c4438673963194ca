/*
 * supply.c - the supply of linked processes with co-product allocation (see supply.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "supply.h"

int trade_list_has(const char *list, const char *s)
{
	size_t n = strlen(s);

	while (list && *list) {
		const char *end = strchr(list, ',');
		const char *a = list, *z = end ? end : list + strlen(list);
		while (a < z && *a == ' ')
			a++;
		while (z > a && z[-1] == ' ')
			z--;
		if ((size_t)(z - a) == n && !memcmp(a, s, n))
			return 1;
		list = end ? end + 1 : NULL;
	}
	return 0;
}

/* Dense LU with partial pivoting of the n x n row-major m, solving m x = rhs in place (rhs -> x).
 * Returns -1 on success, else the column whose pivot vanished. Fixed operation order: deterministic. */
static long dense_solve(double *m, double *rhs, size_t n)
{
	size_t i, j, k;
	double scale = 0;

	for (i = 0; i < n * n; i++)
		if (fabs(m[i]) > scale)
			scale = fabs(m[i]);
	for (k = 0; k < n; k++) {
		size_t p = k;
		for (i = k + 1; i < n; i++)
			if (fabs(m[i * n + k]) > fabs(m[p * n + k]))
				p = i;
		if (!(fabs(m[p * n + k]) > 1e-13 * scale))
			return (long)k;
		if (p != k) {
			for (j = 0; j < n; j++) {
				double t = m[k * n + j];
				m[k * n + j] = m[p * n + j];
				m[p * n + j] = t;
			}
			double t = rhs[k];
			rhs[k] = rhs[p];
			rhs[p] = t;
		}
		for (i = k + 1; i < n; i++) {
			double f = m[i * n + k] / m[k * n + k];
			if (f == 0)
				continue;
			m[i * n + k] = 0;
			for (j = k + 1; j < n; j++)
				m[i * n + j] -= f * m[k * n + j];
			rhs[i] -= f * rhs[k];
		}
	}
	for (k = n; k-- > 0;) {
		double s = rhs[k];
		for (j = k + 1; j < n; j++)
			s -= m[k * n + j] * rhs[j];
		rhs[k] = s / m[k * n + k];
	}
	return -1;
}

pcf_status trade_supply(const pcf_host *h, pcf_ctx *ctx, const double *alpha, double *b, size_t n)
{
	pcf_product_info prod;
	INFO_INIT(prod);
	pcf_process_info p;
	INFO_INIT(p);
	pcf_status st;
	size_t i, j, need = 0;
	double *m, demand;

	for (i = 0; alpha && i < n; i++)
		if (alpha[i] != 1.0)
			need = 1;
	if (!need)
		return h->solve(ctx, b, n);
	if (n > TRADE_DENSE_MAX)
		return h->error(ctx, PCF_E_LIMIT,
		                "co-product allocation over %zu linked processes is not supported (at most %d)", n,
		                TRADE_DENSE_MAX);
	if ((st = h->product(ctx, &prod)) != PCF_OK)
		return st;
	m = calloc(n * n, sizeof *m);
	if (!m)
		return h->error(ctx, PCF_E_NOMEM, "out of memory for the allocated system");
	for (i = 0; i < n; i++)
		b[i] = 0;
	for (i = 0; i < n; i++) {
		if ((st = h->process(ctx, i, &p)) != PCF_OK)
			goto out;
		if (!(alpha[i] > 0 && alpha[i] <= 1)) {
			st = h->error(ctx, PCF_E_INTERNAL, "allocation share of process '%s' out of range", p.id);
			goto out;
		}
		m[i * n + i] += p.amount / alpha[i];
		for (j = 0; j < p.input_count; j++) {
			pcf_input_info in;
			INFO_INIT(in);
			if ((st = h->input(ctx, i, j, &in)) != PCF_OK)
				goto out;
			if (in.kind == PCF_FROM_PROCESS)
				m[in.process * n + i] -= in.converted;
		}
		if (i == prod.reference_process) {
			if ((st = h->convert(ctx, prod.declared_amount, prod.declared_unit, p.unit, &demand)) != PCF_OK)
				goto out;
			b[i] = demand;
		}
	}
	long bad = dense_solve(m, b, n);
	if (bad >= 0) {
		h->process(ctx, (size_t)bad, &p);
		st = h->error(ctx, PCF_E_SOLVE,
		              "the allocated linked-process system is singular at process '%s' (a loop with no net output)",
		              p.id);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(b[i]) || b[i] < -1e-12) {
			h->process(ctx, i, &p);
			st = h->error(ctx, PCF_E_SOLVE, "the allocated linked-process system gives process '%s' a %s supply",
			              p.id, isfinite(b[i]) ? "negative" : "non-finite");
			goto out;
		}
		if (b[i] < 0)
			b[i] = 0;
	}
	st = PCF_OK;
out:
	free(m);
	return st;
}
