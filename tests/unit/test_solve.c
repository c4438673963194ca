/*
 * test_solve.c - unit tests of the supply solver (KLU) and the life-cycle inventory, including a
 * looped system checked against an answer solved by hand.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/solve.h>

#include "inventory/solve_impl.h"
#include "tap.h"

#define HEAD                                                                                        \
	"format-version: 1\n"                                                                           \
	"product: {id: 'urn:test:p', name: P, declared-unit: {amount: 1, unit: piece}, process: p}\n" \
	"reporting-period: {start: 2024-01-01, end: 2024-12-31}\n"                                      \
	"organisation: {name: Test}\n"                                                                  \
	"site: {country: DE}\n"                                                                         \
	"boundary: cradle-to-gate\n"

static pcf_inventory *parse(const char *text)
{
	pcf_inventory *inv = NULL;
	pcf_error err;
	pcf_status st = pcf_inventory_parse("test.yaml", text, strlen(text), NULL, NULL, &inv, NULL, &err);

	if (st) {
		char buf[2048];
		fprintf(stderr, "%s\n", pcf_error_format(&err, buf, sizeof buf));
	}
	ck_assert_int_eq(st, PCF_OK);
	return inv;
}

/*
 * The loop, solved by hand (s = runs of each process; the declared unit is 1 piece of p):
 *   p: makes 1 piece from 2000 g of m, 10 kWh of e; emits 1 kg CO2
 *   m: makes 1 kg from 0.5 kWh of e; emits 0.2 kg CO2
 *   e: makes 2 kWh from 0.2 kg of m and 0.6 kg of coal (inline factor 1 kg CO2 per kg)
 * Balances: s_p = 1
 *           1 s_m = 2 s_p + 0.2 s_e            (kg of m)
 *           2 s_e = 10 s_p + 0.5 s_m           (kWh of e)
 * => s_e = 5 + 0.25 s_m = 5 + 0.25 (2 + 0.2 s_e) = 5.5 + 0.05 s_e  => s_e = 5.5 / 0.95 = 110/19
 *    s_m = 2 + 0.2 * 110/19 = 2 + 22/19 = 60/19
 * CO2:   p 1 * 1 = 1;  m 0.2 * 60/19 = 12/19;  e 0.6 * 1 * 110/19 = 66/19
 *        total = 1 + 78/19 = 97/19 = 5.1052631578947...
 */
static const char loop_inv[] = HEAD
	"processes:\n"
	"  - id: p\n    name: product\n    stage: production\n    reference-flow: {amount: 1, unit: piece}\n"
	"    inputs:\n"
	"      - {process: m, amount: 2000, unit: g}\n"
	"      - {process: e, amount: 10, unit: kWh}\n"
	"    emissions: [{gas: co2-fossil, amount: 1, unit: kg}]\n"
	"  - id: m\n    name: material\n    stage: raw-material-acquisition\n    reference-flow: {amount: 1, unit: kg}\n"
	"    inputs: [{process: e, amount: 0.5, unit: kWh}]\n"
	"    emissions: [{gas: co2-fossil, amount: 200, unit: g}]\n"
	"    data-quality: {type: primary}\n"
	"  - id: e\n    name: electricity\n    stage: production\n    reference-flow: {amount: 2, unit: kWh}\n"
	"    inputs:\n"
	"      - {process: m, amount: 0.2, unit: kg}\n"
	"      - {factor: {value: 1, gas: co2-fossil, unit: kg, source: test}, amount: 0.6, unit: kg}\n";

START_TEST(loop_matches_hand_solution)
{
	pcf_inventory *inv = parse(loop_inv);
	double s[3], total = 0;
	pcf_error err;
	pcf_lci *lci;
	size_t i;

	ck_assert_int_eq(pcf_solve(inv, s, 3, &err), PCF_OK);
	ck_assert_double_eq_tol(s[0], 1.0, 1e-12);
	ck_assert_double_eq_tol(s[1], 60.0 / 19.0, 1e-12);
	ck_assert_double_eq_tol(s[2], 110.0 / 19.0, 1e-12);
	ck_assert_int_eq(pcf_lci_build(inv, s, 3, &lci, &err), PCF_OK);
	ck_assert_uint_eq(pcf_lci_count(lci), 3);
	for (i = 0; i < pcf_lci_count(lci); i++) {
		const pcf_lci_flow *f = pcf_lci_flow_at(lci, i);
		ck_assert_str_eq(f->gas, "co2-fossil");
		ck_assert_int_eq(f->category, PCF_CATEGORY_FOSSIL);
		total += f->amount_kg;
	}
	ck_assert_double_eq_tol(total, 97.0 / 19.0, 1e-12);
	/* origins and primary flags */
	ck_assert_int_eq(pcf_lci_flow_at(lci, 0)->origin, PCF_ORIGIN_DIRECT);
	ck_assert_uint_eq(pcf_lci_flow_at(lci, 1)->process, 1);
	ck_assert_int_eq(pcf_lci_flow_at(lci, 1)->primary, 1);
	ck_assert_int_eq(pcf_lci_flow_at(lci, 0)->primary, 0);
	ck_assert_double_eq_tol(pcf_lci_flow_at(lci, 1)->amount_kg, 12.0 / 19.0, 1e-12);
	ck_assert_int_eq(pcf_lci_flow_at(lci, 2)->origin, PCF_ORIGIN_FACTOR);
	ck_assert_ptr_nonnull(pcf_lci_flow_at(lci, 2)->factor);
	ck_assert_str_eq(pcf_lci_flow_at(lci, 2)->factor->id, "inline:e/inputs[1]");
	ck_assert_double_eq_tol(pcf_lci_flow_at(lci, 2)->amount_kg, 66.0 / 19.0, 1e-12);
	ck_assert_ptr_null(pcf_lci_flow_at(lci, 3));
	pcf_lci_free(lci);
	pcf_inventory_free(inv);
}
END_TEST

/*
 * The same loop with what one run consumes scaled per process (pcf_solve_scaled):
 *   scale e by 0.5:  s_m = 2 + 0.5 * 0.2 s_e;  2 s_e = 10 + 0.5 s_m
 *                 => s_e = 5.5 + 0.025 s_e = 5.5 / 0.975 = 220/39;  s_m = 2 + 0.1 * 220/39 = 100/39
 *   scale m by 0:    2 s_e = 10 + 0 => s_e = 5;  s_m = 2 + 0.2 * 5 = 3
 */
START_TEST(scaled_loop_matches_hand_solution)
{
	pcf_inventory *inv = parse(loop_inv);
	static const double half_e[3] = { 1, 1, 0.5 }, no_m[3] = { 1, 0, 1 };
	double s[3], plain[3];
	pcf_error err;

	ck_assert_int_eq(pcf_solve(inv, plain, 3, &err), PCF_OK);
	ck_assert_int_eq(pcf_solve_scaled(inv, NULL, s, 3, &err), PCF_OK);
	ck_assert_mem_eq(s, plain, sizeof s);          /* NULL is no scaling, bit for bit */
	ck_assert_int_eq(pcf_solve_scaled(inv, half_e, s, 3, &err), PCF_OK);
	ck_assert_double_eq_tol(s[0], 1.0, 1e-12);
	ck_assert_double_eq_tol(s[1], 100.0 / 39.0, 1e-12);
	ck_assert_double_eq_tol(s[2], 220.0 / 39.0, 1e-12);
	ck_assert_int_eq(pcf_solve_scaled(inv, no_m, s, 3, &err), PCF_OK);
	ck_assert_double_eq_tol(s[1], 3.0, 1e-12);
	ck_assert_double_eq_tol(s[2], 5.0, 1e-12);
	pcf_inventory_free(inv);
}
END_TEST

START_TEST(matrix_layout)
{
	pcf_inventory *inv = parse(loop_inv);
	pcfi_matrix m;
	pcf_error err;

	ck_assert_int_eq(pcfi_build_matrix(inv, &m, &err), PCF_OK);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_uint_eq(m.nnz, 7); /* 3 diagonal + p<-m, p<-e, m<-e, e<-m */
	/* column p: diag 1, then m: -2 (kg), e: -10 (kWh) */
	ck_assert_int_eq(m.Ap[0], 0);
	ck_assert_int_eq(m.Ai[0], 0);
	ck_assert_double_eq(m.Ax[0], 1);
	ck_assert_int_eq(m.Ai[1], 1);
	ck_assert_double_eq(m.Ax[1], -2);
	ck_assert_double_eq(m.Ax[2], -10);
	/* column e: diag 2, m: -0.2 */
	ck_assert_double_eq(m.Ax[m.Ap[2]], 2);
	ck_assert_double_eq(m.Ax[m.Ap[2] + 1], -0.2);
	pcfi_matrix_free(&m);
	pcf_inventory_free(inv);
}
END_TEST

/* A loop with no net output: a needs 1 kg of b for 1 kg, b needs 1 kg of a for 1 kg. */
START_TEST(singular_loop_names_processes)
{
	static const char text[] = HEAD
		"processes:\n"
		"  - {id: p, name: P, stage: production, reference-flow: {amount: 1, unit: piece},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n"
		"  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: b, amount: 1, unit: kg}]}\n"
		"  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n";
	pcf_inventory *inv = parse(text);
	double s[3];
	pcf_error err;

	ck_assert_int_eq(pcf_solve(inv, s, 3, &err), PCF_E_SOLVE);
	ck_assert_ptr_nonnull(strstr(err.message, "'a'"));
	ck_assert_ptr_nonnull(strstr(err.message, "'b'"));
	ck_assert_ptr_nonnull(strstr(err.message, "no net output"));
	ck_assert_ptr_null(strstr(err.message, "'p'"));
	pcf_inventory_free(inv);
}
END_TEST

/* a consumes as much of itself as it makes. */
START_TEST(self_consumption)
{
	static const char text[] = HEAD
		"processes:\n"
		"  - {id: p, name: P, stage: production, reference-flow: {amount: 1, unit: piece},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n"
		"  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: a, amount: 1000, unit: g}]}\n";
	pcf_inventory *inv = parse(text);
	double s[2];
	pcf_error err;

	ck_assert_int_eq(pcf_solve(inv, s, 2, &err), PCF_E_SOLVE);
	ck_assert_ptr_nonnull(strstr(err.message, "process 'a' consumes 1 kg of its own output"));
	ck_assert_uint_eq(err.line, 10);
	ck_assert_uint_eq(err.column, 5);
	pcf_inventory_free(inv);
}
END_TEST

/*
 * A loop that consumes more than it makes: a needs 2 kg of b per kg, b needs 1 kg of a per kg.
 * s_a = 1 + s_b, s_b = 2 s_a  =>  s_a = -1, s_b = -2: negative supply.
 */
START_TEST(negative_supply)
{
	static const char text[] = HEAD
		"processes:\n"
		"  - {id: p, name: P, stage: production, reference-flow: {amount: 1, unit: piece},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n"
		"  - {id: a, name: A, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: b, amount: 2, unit: kg}]}\n"
		"  - {id: b, name: B, stage: production, reference-flow: {amount: 1, unit: kg},\n"
		"     inputs: [{process: a, amount: 1, unit: kg}]}\n";
	pcf_inventory *inv = parse(text);
	double s[3];
	pcf_error err;

	ck_assert_int_eq(pcf_solve(inv, s, 3, &err), PCF_E_SOLVE);
	ck_assert_ptr_nonnull(strstr(err.message, "negative supply"));
	ck_assert_ptr_nonnull(strstr(err.message, "'a' (-1)"));
	ck_assert_ptr_nonnull(strstr(err.message, "'b' (-2)"));
	pcf_inventory_free(inv);
}
END_TEST

/* Categories: aircraft > land-use change > biogenic > fossil; removals are negative. */
START_TEST(lci_categories)
{
	static const char text[] = HEAD
		"processes:\n"
		"  - id: p\n    name: P\n    stage: production\n    reference-flow: {amount: 2, unit: piece}\n"
		"    inputs:\n"
		"      - {process: air, amount: 100, unit: tkm}\n"
		"      - {factor: {value: 0.5, gas: co2e, gwp-set: AR5, unit: kg, source: s}, amount: 4, unit: kg,\n"
		"         aircraft-transport: true}\n"
		"    emissions:\n"
		"      - {gas: co2-biogenic, amount: 2, unit: kg}\n"
		"      - {gas: co2-fossil, amount: 3, unit: kg, land-use-change: true}\n"
		"      - {gas: ch4-non-fossil, amount: 10, unit: g}\n"
		"    removals: [{gas: co2-biogenic, amount: 4, unit: kg}]\n"
		"  - id: air\n    name: air freight\n    stage: distribution\n    reference-flow: {amount: 1, unit: tkm}\n"
		"    aircraft-transport: true\n"
		"    emissions: [{gas: co2-fossil, amount: 1, unit: kg}]\n";
	pcf_inventory *inv = parse(text);
	double s[2];
	pcf_error err;
	pcf_lci *lci;
	const pcf_lci_flow *f;

	ck_assert_int_eq(pcf_solve(inv, s, 2, &err), PCF_OK);
	ck_assert_double_eq(s[0], 0.5); /* 1 piece = half a run of 2 pieces */
	ck_assert_double_eq(s[1], 50);
	ck_assert_int_eq(pcf_lci_build(inv, s, 2, &lci, &err), PCF_OK);
	ck_assert_uint_eq(pcf_lci_count(lci), 6);
	f = pcf_lci_flow_at(lci, 0);
	ck_assert_int_eq(f->category, PCF_CATEGORY_BIOGENIC);
	ck_assert_int_eq(f->biogenic, 1);
	ck_assert_double_eq(f->amount_kg, 1);
	f = pcf_lci_flow_at(lci, 1);
	ck_assert_int_eq(f->category, PCF_CATEGORY_LAND_USE_CHANGE);
	ck_assert_double_eq(f->amount_kg, 1.5);
	f = pcf_lci_flow_at(lci, 2);
	ck_assert_int_eq(f->category, PCF_CATEGORY_BIOGENIC);
	ck_assert_str_eq(f->gas, "ch4-non-fossil");
	ck_assert_double_eq(f->amount_kg, 0.005);
	f = pcf_lci_flow_at(lci, 3);
	ck_assert_int_eq(f->origin, PCF_ORIGIN_REMOVAL);
	ck_assert_double_eq(f->amount_kg, -2);
	f = pcf_lci_flow_at(lci, 4);
	ck_assert_int_eq(f->origin, PCF_ORIGIN_FACTOR);
	ck_assert_int_eq(f->category, PCF_CATEGORY_AIRCRAFT);
	ck_assert_str_eq(f->gas, "co2e");
	ck_assert_str_eq(f->gwp_set, "AR5");
	ck_assert_double_eq(f->amount_kg, 1);
	f = pcf_lci_flow_at(lci, 5);
	ck_assert_uint_eq(f->process, 1);
	ck_assert_int_eq(f->category, PCF_CATEGORY_AIRCRAFT);
	ck_assert_double_eq(f->amount_kg, 50);
	pcf_lci_free(lci);
	pcf_inventory_free(inv);
}
END_TEST

START_TEST(bad_arguments)
{
	pcf_inventory *inv = parse(loop_inv);
	double s[3];
	pcf_error err;
	pcf_lci *lci;

	ck_assert_int_eq(pcf_solve(inv, s, 2, &err), PCF_E_ARG);
	ck_assert_int_eq(pcf_solve(NULL, s, 3, &err), PCF_E_ARG);
	ck_assert_int_eq(pcf_lci_build(inv, s, 2, &lci, &err), PCF_E_ARG);
	ck_assert_ptr_null(lci);
	pcf_inventory_free(inv);
}
END_TEST

/* A chain of 2000 processes, each needing 1.001 of the next; solved in one go. */
START_TEST(long_chain)
{
	size_t n = 2000, i;
	char *text = malloc(n * 200 + 1000), *q;
	pcf_inventory *inv;
	double *s = malloc(n * sizeof *s);
	pcf_error err;

	q = text + sprintf(text, HEAD "processes:\n");
	q += sprintf(q, "  - {id: p, name: x, stage: production, reference-flow: {amount: 1, unit: piece}, "
	                "inputs: [{process: c1, amount: 1, unit: kg}]}\n");
	for (i = 1; i < n; i++) {
		if (i + 1 < n)
			q += sprintf(q, "  - {id: c%zu, name: x, stage: production, reference-flow: {amount: 1, unit: kg}, "
			                "inputs: [{process: c%zu, amount: 1.001, unit: kg}]}\n", i, i + 1);
		else
			q += sprintf(q, "  - {id: c%zu, name: x, stage: production, reference-flow: {amount: 1, unit: kg}}\n", i);
	}
	inv = parse(text);
	ck_assert_int_eq(pcf_solve(inv, s, n, &err), PCF_OK);
	ck_assert_double_eq_tol(s[n - 1], pow(1.001, (double)(n - 2)), 1e-9 * pow(1.001, (double)(n - 2)));
	pcf_inventory_free(inv);
	free(s);
	free(text);
}
END_TEST

/*
 * Runs of very different sizes are not a singular system: p makes 1 piece from 1 kWh of e; e makes
 * 1e12 kWh per run from 1e15 kg of m (1000 kg per kWh); m makes 1 kg per run. By hand: s_p = 1,
 * s_e = 1 / 1e12 = 1e-12 runs, s_m = 1e15 * 1e-12 = 1000 runs. Unscaled, m's row (1, -1e15) would
 * give a pivot of 1e-15 after KLU's row scaling and look singular; in output units it is (1, -1000).
 */
START_TEST(scales_apart)
{
	static const char text[] = HEAD
		"processes:\n"
		"  - {id: p, name: P, stage: production, reference-flow: {amount: 1, unit: piece},\n"
		"     inputs: [{process: e, amount: 1, unit: kWh}]}\n"
		"  - {id: e, name: E, stage: production, reference-flow: {amount: 1e12, unit: kWh},\n"
		"     inputs: [{process: m, amount: 1e15, unit: kg}]}\n"
		"  - {id: m, name: M, stage: production, reference-flow: {amount: 1, unit: kg}}\n";
	pcf_inventory *inv = parse(text);
	double s[3];
	pcf_error err;

	ck_assert_msg(pcf_solve(inv, s, 3, &err) == PCF_OK, "%s", err.message);
	ck_assert_double_eq_tol(s[0], 1, 1e-15);
	ck_assert_double_eq_tol(s[1], 1e-12, 1e-27);
	ck_assert_double_eq_tol(s[2], 1000, 1e-9);
	pcf_inventory_free(inv);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("solve");
	TCase *tc = tcase_create("solve");

	tcase_add_test(tc, loop_matches_hand_solution);
	tcase_add_test(tc, scaled_loop_matches_hand_solution);
	tcase_add_test(tc, matrix_layout);
	tcase_add_test(tc, singular_loop_names_processes);
	tcase_add_test(tc, self_consumption);
	tcase_add_test(tc, negative_supply);
	tcase_add_test(tc, lci_categories);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, long_chain);
	tcase_add_test(tc, scales_apart);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tap_run(suite());
}
