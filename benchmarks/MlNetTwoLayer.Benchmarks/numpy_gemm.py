#!/usr/bin/python3
"""numpy (OpenBLAS) twin of the harness's GEMM figures: the same products, the same best-of-five
timing, so the two can be run side by side and compared as ratios.
Usage: numpy_gemm.py [threads]
Runs OpenBLAS with its best kernels for this processor (SkylakeX, i.e. AVX-512, where the processor has
it; PEER_CORETYPE=Haswell for AVX2, see blas_kernel.py) and prints the kernel family threadpoolctl reports."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blas_kernel
threads = sys.argv[1] if len(sys.argv) > 1 else "2"
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = threads
coretype = blas_kernel.choose()
import numpy as np

print(f"# OPENBLAS_CORETYPE={coretype}")
print(blas_kernel.describe())

def case(name, ta, tb, m, n, k):
    rng = np.random.default_rng(1)
    a = rng.random((k, m) if ta else (m, k), dtype=np.float32) - 0.5
    b = rng.random((n, k) if tb else (k, n), dtype=np.float32) - 0.5
    opa = a.T if ta else a
    opb = b.T if tb else b
    c = np.empty((m, n), np.float32)
    t0 = time.perf_counter(); reps = 0
    while time.perf_counter() - t0 < 0.1:
        np.matmul(opa, opb, out=c); reps += 1
    best = best_cpu = 1e9
    for _ in range(5):
        t, tc = time.perf_counter(), time.process_time()
        for _ in range(reps):
            np.matmul(opa, opb, out=c)
        best = min(best, (time.perf_counter() - t) / reps)
        best_cpu = min(best_cpu, (time.process_time() - tc) / reps)
    # cpu-GFLOP/s: by process CPU seconds (per thread-second), which waiting for a core does not inflate.
    print(f"numpy {name:26s} m={m:<5d} n={n:<5d} k={k:<5d} threads={threads} GFLOP/s={2.0*m*n*k/best/1e9:7.1f} "
          f"cpu-GFLOP/s={2.0*m*n*k/max(best_cpu, 1e-12)/1e9:.1f}", flush=True)

case("square 2048^3", False, False, 2048, 2048, 2048)
for shape, batch, inputs, hidden, classes in (("mnist", 128, 784, 128, 10), ("digits", 32, 64, 64, 10)):
    case(f"{shape} x*W1", False, False, batch, hidden, inputs)
    case(f"{shape} h*W2", False, False, batch, classes, hidden)
    case(f"{shape} hT*dscore", True, False, hidden, classes, batch)
    case(f"{shape} dscore*W2T", False, True, batch, hidden, classes)
    case(f"{shape} xT*dh", True, False, inputs, hidden, batch)
