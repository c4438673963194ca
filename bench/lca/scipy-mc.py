#!/usr/bin/python3
"""scipy-mc.py - SciPy's spsolve per Monte Carlo draw on the matrix lca-bench wrote (B5), each draw
with every entry redrawn (lognormal, gsd 1.1), as a user of SciPy would do it.

usage: scipy-mc.py MATRIX.mtx DRAWS"""
import sys
import time

import numpy as np
import scipy.io
import scipy.sparse.linalg as sla

A = scipy.io.mmread(sys.argv[1]).tocsc()
n = int(sys.argv[2])
b = np.zeros(A.shape[0])
b[0] = 1
rng = np.random.default_rng(1)
t, c = time.perf_counter(), time.process_time()
for _ in range(n):
    B = A.copy()
    B.data = B.data * rng.lognormal(0, np.log(1.1), B.data.size)
    sla.spsolve(B, b)
print('scipy spsolve: %.2f ms wall, %.2f ms cpu per draw (n %d, nnz %d)' %
      (1e3 * (time.perf_counter() - t) / n, 1e3 * (time.process_time() - c) / n, A.shape[0], A.nnz))
