/*
 * solve_impl.h - the linked-process matrix in compressed-column form (internal; unit tests and
 * benchmarks use it to check and time the assembly and the KLU solve apart).
 */
#ifndef PCF_SOLVE_IMPL_H
#define PCF_SOLVE_IMPL_H

#include <stddef.h>

#include <pcf/inventory.h>

typedef struct pcfi_matrix {
	size_t n, nnz;
	int *Ap;     /* n + 1 column starts */
	int *Ai;     /* row (supplier) of each entry */
	double *Ax;  /* value of each entry */
} pcfi_matrix;

/* Assemble A of inv (see pcf/solve.h). PCF_E_SOLVE when a process has no net output. */
pcf_status pcfi_build_matrix(const pcf_inventory *inv, pcfi_matrix *m, pcf_error *err);
/* Solve A x = b in place (x holds b on entry). Messages name processes of inv. */
pcf_status pcfi_solve_matrix(const pcf_inventory *inv, const pcfi_matrix *m, double *x, pcf_error *err);
void pcfi_matrix_free(pcfi_matrix *m);

#endif
