#!/usr/bin/python3
"""solve_scipy.py MATRIX.mtx - time SciPy's spsolve (SuperLU, COLAMD ordering, its defaults) on the
system pcf-bench wrote (MATRIX.mtx, MATRIX.mtx.rhs) and check it against pcf's solution (MATRIX.mtx.x).
Prints "key value" lines: the best of 3 solve times, the factor fill and the largest relative difference."""
import sys
import time

import numpy as np
import scipy
import scipy.io
import scipy.sparse.linalg as sla

path = sys.argv[1]
A = scipy.io.mmread(path).tocsc()
b = np.loadtxt(path + ".rhs")
x_pcf = np.loadtxt(path + ".x")
best = float("inf")
for _ in range(3):
    t = time.perf_counter()
    x = sla.spsolve(A, b)
    best = min(best, time.perf_counter() - t)
lu = sla.splu(A)
diff = np.max(np.abs(x - x_pcf) / np.maximum(np.abs(x_pcf), 1e-300))
print("scipy_version %s\nscipy_solve_s %.6f\nsuperlu_nnz %d\nmax_rel_diff %.3g" % (
    scipy.__version__, best, lu.L.nnz + lu.U.nnz, diff))
