#!/usr/bin/python3
"""GEMM side by side with OpenBLAS, the way issue 16 asks for it: ROUNDS interleaved rounds, each
one run of the harness's --gemm (which prints the FMA peak measured in that round first) and one
run of numpy_gemm.py (OpenBLAS with its best kernels, named by threadpoolctl); then, per product,
the best of the rounds of each side, their ratio, and our figure as a fraction of the best FMA peak.
Usage (from the repository root, after a Release build):
    /usr/bin/python3 benchmarks/MlNetTwoLayer.Benchmarks/compare_gemm.py [rounds] [threads]"""
import os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
threads = sys.argv[2] if len(sys.argv) > 2 else "2"
ours, theirs, peaks = {}, {}, []
ours_cpu, theirs_cpu = {}, {}
cpu_field = re.compile(r"cpu-GFLOP/s=([\d.]+)")
line = re.compile(r"^(gemm|numpy) (.+?)\s+m=(\d+)\s+n=(\d+)\s+k=(\d+)\s+threads=(\d+) GFLOP/s=\s*([\d.]+)")
for r in range(1, rounds + 1):
    out = subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", here, "--", "--gemm", "--threads", threads],
                         capture_output=True, text=True, check=True).stdout
    peak = [float(m.group(2)) for m in re.finditer(r"fma-peak threads=(\d+) GFLOP/s=\s*([\d.]+)", out) if m.group(1) == threads]
    peaks += peak
    print(f"round {r}: " + " ".join(l for l in out.splitlines() if l.startswith("fma-peak")), flush=True)
    blas = subprocess.run([sys.executable, os.path.join(here, "numpy_gemm.py"), threads], capture_output=True, text=True, check=True).stdout
    print(f"round {r}: " + " ".join(l for l in blas.splitlines() if l.startswith("#")), flush=True)
    for text, table, cpu_table in ((out, ours, ours_cpu), (blas, theirs, theirs_cpu)):
        for l in text.splitlines():
            m = line.match(l)
            if m and m.group(6) == threads:
                key = (m.group(2).strip(), int(m.group(3)), int(m.group(4)), int(m.group(5)))
                table[key] = max(table.get(key, 0.0), float(m.group(7)))
                c = cpu_field.search(l)
                if c:
                    cpu_table[key] = max(cpu_table.get(key, 0.0), float(c.group(1)))
best_peak = max(peaks) if peaks else float("nan")
print(f"# best of {rounds} interleaved rounds, {threads} threads; FMA peak (best round) {best_peak:.1f} GFLOP/s, rounds: {', '.join(f'{p:.1f}' for p in peaks)}")
# cpu columns: GFLOP per process CPU second, i.e. per busy thread-second, against the peak per thread.
per_thread_peak = best_peak / int(threads)
print(f"{'product':28s} {'m':>5s} {'n':>5s} {'k':>5s} {'ours':>8s} {'openblas':>9s} {'ratio':>6s} {'%peak':>6s} "
      f"{'ours-cpu':>9s} {'blas-cpu':>9s} {'ratio':>6s} {'%peak':>6s}")
for key, g in ours.items():
    t = theirs.get(key)
    ratio = f"{g / t:.2f}" if t else "-"
    gc, tc = ours_cpu.get(key, float("nan")), theirs_cpu.get(key, float("nan"))
    print(f"{key[0]:28s} {key[1]:5d} {key[2]:5d} {key[3]:5d} {g:8.1f} {t if t else float('nan'):9.1f} {ratio:>6s} {100 * g / best_peak:5.0f}% "
          f"{gc:9.1f} {tc:9.1f} {gc / tc if tc else float('nan'):6.2f} {100 * gc / per_thread_peak:5.0f}%")
