#!/usr/bin/python3
"""Issue 16's time to a useful model on the MNIST shape: peers.py's TTA=mnist mode trains
scikit-learn's adam and torch.optim.Adam (128 hidden, batch 128, shuffled) for EPOCHS epochs on the
60000 x 784 rows and writes the rows to a file; the harness's --tta-mnist then fits the defaults on the
same rows and reports the shortest fit reaching each peer's final training accuracy. Wall and CPU
seconds, ours against each peer from the same run.
Usage (from the repository root, after a Release build):
    /usr/bin/python3 benchmarks/MlNetTwoLayer.Benchmarks/compare_tta.py [epochs] [threads] [rounds]"""
import os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
epochs = sys.argv[1] if len(sys.argv) > 1 else "3"
threads = sys.argv[2] if len(sys.argv) > 2 else "2"
rounds = sys.argv[3] if len(sys.argv) > 3 else "2"
path = "/tmp/twolayer-tta-mnist.bin"
peers = subprocess.run([sys.executable, os.path.join(here, "peers.py"), epochs, threads, path], capture_output=True, text=True, check=True,
                       env=dict(os.environ, TTA="mnist")).stdout
print(peers, end="", flush=True)
found = {m.group(1): (float(m.group(2)), float(m.group(3)), float(m.group(4)))
         for m in re.finditer(r"^tta-mnist (\S+)\s+epochs=\d+ seconds=([\d.]+) cpu-seconds=([\d.]+) train_acc=([\d.]+)", peers, re.M)}
peer_test = {m.group(1): float(m.group(2)) for m in re.finditer(r"^tta-mnist (\S+)\s+epochs=.* test_acc=([\d.]+)", peers, re.M)}
targets = ",".join(f"{acc:.4f}" for (_, _, acc) in found.values())
# Streamed: each epoch count tried prints a line as it finishes.
proc = subprocess.Popen(["dotnet", "run", "-c", "Release", "--no-build", "--project", here, "--", "--tta-mnist", path, "--targets", targets,
                         "--threads", threads, "--rounds", rounds], stdout=subprocess.PIPE, text=True)
ours = ""
for line in proc.stdout:
    ours += line
    print(line, end="", flush=True)
if proc.wait() != 0:
    sys.exit(f"the harness failed ({proc.returncode})")
reached = {(m.group(1), float(m.group(2))): (float(m.group(3)), float(m.group(4)), int(m.group(5)))
           for m in re.finditer(r"^time-to-accuracy mnist config=(\S+) .*target=([\d.]+) .*seconds=([\d.]+) cpu-seconds=([\d.]+) epochs=(\d+)", ours, re.M)}
print(f"# MNIST shape, {threads} threads, to each peer's training accuracy after {epochs} epochs")
for name, (seconds, cpu, acc) in found.items():
    # Each peer against the defaults and against the same algorithm with that peer's own L2 (see the harness).
    own = "sklearn-settings" if name.startswith("sklearn") else "torch-settings"
    for config in ("defaults", own):
        r = reached.get((config, float(f"{acc:.4f}")))
        if r is None:
            print(f"{name:12s} train_acc={acc:.4f} in {seconds:.2f} s (cpu {cpu:.2f}); ours {config}: not reached")
        else:
            print(f"{name:12s} train_acc={acc:.4f} in {seconds:.2f} s (cpu {cpu:.2f}); ours {config} {r[0]:.2f} s (cpu {r[1]:.2f}, {r[2]} epochs): "
                  f"{seconds / r[0]:.1f}x sooner (cpu {cpu / r[1]:.1f}x)")

# The held-out rows (peers.py draws 10000 more from the same distribution): the first epoch count whose
# fit reaches each peer's held-out accuracy, and the best held-out accuracy each configuration reached.
tried = {}
for m in re.finditer(r"^tta-mnist ours (\S+) epochs=(\d+) seconds=([\d.]+) cpu-seconds=([\d.]+) train_acc=[\d.]+ test_acc=([\d.]+)", ours, re.M):
    tried.setdefault(m.group(1), []).append((int(m.group(2)), float(m.group(3)), float(m.group(4)), float(m.group(5))))
if peer_test and tried:
    print(f"# the same fits on 10000 held-out rows: the first fit reaching each peer's held-out accuracy")
    for name, test_acc in peer_test.items():
        seconds, cpu, _ = found[name]
        own = "sklearn-settings" if name.startswith("sklearn") else "torch-settings"
        for config in ("defaults", own):
            fits = tried.get(config, [])
            best = max((f[3] for f in fits), default=float("nan"))
            first = next((f for f in fits if f[3] >= test_acc), None)
            if first is None:
                print(f"{name:12s} test_acc={test_acc:.4f} in {seconds:.2f} s; ours {config}: not reached (best {best:.4f})")
            else:
                print(f"{name:12s} test_acc={test_acc:.4f} in {seconds:.2f} s (cpu {cpu:.2f}); ours {config} {first[1]:.2f} s (cpu {first[2]:.2f}, "
                      f"{first[0]} epochs, test_acc {first[3]:.4f}): {seconds / first[1]:.1f}x sooner (cpu {cpu / first[2]:.1f}x); best {best:.4f}")
