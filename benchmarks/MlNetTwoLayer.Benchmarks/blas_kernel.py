"""Shared by peers.py and numpy_gemm.py: run OpenBLAS with its best kernels for this processor, and say which.

OpenBLAS 0.3.21 picks kernels by CPU model and on some virtual CPUs falls back to "Prescott" (SSE3);
OPENBLAS_CORETYPE overrides it. This must run before numpy is imported. PEER_CORETYPE chooses another
family (e.g. Haswell for the AVX2 kernels); PEER_CORETYPE=native leaves OpenBLAS to detect it."""
import os

def choose():
    wanted = os.environ.get("PEER_CORETYPE", "best")
    if wanted == "native":
        return os.environ.get("OPENBLAS_CORETYPE", "(detected)")
    if wanted == "best":
        try:
            flags = open("/proc/cpuinfo").read()
        except OSError:
            flags = ""
        wanted = "SkylakeX" if " avx512f" in flags else "Haswell" if " avx2" in flags else "Prescott"
    os.environ["OPENBLAS_CORETYPE"] = wanted
    # A preset L2 size belongs to the preset core type; both are replaced together.
    os.environ.pop("OPENBLAS_L2_SIZE", None)
    return wanted

def describe():
    """One line naming the BLAS libraries and kernel families actually loaded (threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
        return "# blas " + str([(i.get("internal_api"), i.get("version"), i.get("architecture"), i.get("num_threads")) for i in threadpool_info()])
    except ImportError:
        return "# blas unknown (install python3-threadpoolctl to see the kernel family)"
