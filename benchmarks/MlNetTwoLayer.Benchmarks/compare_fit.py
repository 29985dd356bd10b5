#!/usr/bin/python3
"""The defaults through the public trainer against the same algorithm elsewhere, as issue 16 asks:
ROUNDS interleaved rounds, each one run of the harness's --fit (TwoLayerTrainer.Fit with the
defaults and with the seed configuration, MNIST and digits shapes) and one run of peers.py per shape
(scikit-learn's adam with its shuffling, torch.optim.Adam over shuffled batches, the numpy seed),
OpenBLAS on its best kernels; then the best of the rounds of each and the ratios.
Usage (from the repository root, after a Release build):
    /usr/bin/python3 benchmarks/MlNetTwoLayer.Benchmarks/compare_fit.py [rounds] [threads]"""
import os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
threads = sys.argv[2] if len(sys.argv) > 2 else "2"
shapes = {"mnist": ("60000", "784", "128", "10", "2", "128"), "digits": ("1797", "64", "64", "10", "20", "32")}
best = {}

def keep(key, value):
    best[key] = min(best.get(key, float("inf")), value)

for r in range(1, rounds + 1):
    env = dict(os.environ, TWOLAYER_BENCH_SUBNORMAL="0")
    out = subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", here, "--", "--fit", "--rounds", "1",
                          "--epochs", "2", "--threads", threads], capture_output=True, text=True, check=True, env=env).stdout
    # The FMA peak measured in the same process, printed beside every round (the machine's peak moves between runs).
    print(f"round {r}: " + " ".join(l for l in out.splitlines() if l.startswith("fma-peak")), flush=True)
    for m in re.finditer(r"^fit (\w+)\s.*config=(\w+)\s+s/epoch=([\d.]+) cpu-s/epoch=([\d.]+)", out, re.M):
        keep((m.group(1), "ours-" + m.group(2)), float(m.group(3)))
        keep((m.group(1), "ours-" + m.group(2) + "-cpu"), float(m.group(4)))
    for shape, args in shapes.items():
        # TORCH_ROUNDS=n runs torch only in the first n rounds: Debian's torch 1.13 can take minutes per epoch here.
        torch = r <= int(os.environ.get("TORCH_ROUNDS", rounds))
        env = dict(os.environ, PEERS="numpy-seed,sklearn-adam" + (",torch-adam" if torch else ""))
        peers = subprocess.run([sys.executable, os.path.join(here, "peers.py"), *args, threads], capture_output=True, text=True, check=True, env=env).stdout
        if r == 1:
            print(" ".join(l for l in peers.splitlines() if l.startswith("#")), flush=True)
        for m in re.finditer(r"^([\w-]+)\s+s/epoch=([\d.]+)", peers, re.M):
            keep((shape, m.group(1)), float(m.group(2)))
    print(f"round {r}: " + ", ".join(f"{k[0]} {k[1]}={v:.4f}" for k, v in sorted(best.items())), flush=True)

print(f"# best of {rounds} interleaved rounds, {threads} threads, seconds per epoch")
for shape in shapes:
    d = best.get((shape, "ours-defaults"))
    s = best.get((shape, "ours-seed"))
    line = f"{shape:7s} ours-defaults={d:.4f} ours-seed={s:.4f} defaults/seed={d / s:.3f}"
    for peer in ("numpy-seed", "sklearn-adam", "torch-adam"):
        p = best.get((shape, peer))
        if p:
            line += f" {peer}={p:.4f} ({p / d:.2f}x ours)"
    print(line)
