# scikit-learn's MLPClassifier / MLPRegressor with their defaults under the quality benchmark's
# protocol: 5-fold CV (KFold, shuffled, seeds 1..3), features standardised inside each fold
# (StandardScaler in a pipeline), on the sets of sets.tsv. Writes the same tab-separated records as
# MlNetTwoLayer.Quality --raw (learner "sklearn MLP"), for its --report.
# Run with Debian's /usr/bin/python3 and python3-sklearn (1.2.1) from the repository root:
#   OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/MlNetTwoLayer.Quality/sklearn_mlp.py results/sklearn.tsv [set,set,...]
import csv, gzip, io, os, sys, time, warnings
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, cross_validate
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)
here = os.path.dirname(os.path.abspath(__file__))
benchmarks = os.path.dirname(here)
out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "results", "sklearn.tsv")
only = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None

def catalog():
    with open(os.path.join(here, "sets.tsv")) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                c = line.split("\t")
                yield c[0], c[1], os.path.join(benchmarks, c[2]), c[3] == "first", (c[4] if len(c) > 4 else None)

def load(path, label_first, positive):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        rows = list(csv.reader(f))[1:]
    labels = [r[0] if label_first else r[-1] for r in rows]
    X = np.array([[float(v) for v in (r[1:] if label_first else r[:-1])] for r in rows], dtype=np.float32).astype(np.float64)
    y = np.array([l == positive for l in labels]) if positive is not None else np.array([float(l) for l in labels])
    return X, y

new_file = not os.path.exists(out_path) or os.path.getsize(out_path) == 0
with open(out_path, "a") as out:
    if new_file:
        out.write("set\tlearner\tseed\tmetric\tsecond\tcpu_s_per_fold\twall_s_per_fold\n")
    for name, task, path, label_first, positive in catalog():
        if only is not None and name not in only:
            continue
        X, y = load(path, label_first, positive if task == "binary" else None)
        for seed in (1, 2, 3):
            model = MLPClassifier(random_state=seed) if task == "binary" else MLPRegressor(random_state=seed)
            scoring = ["accuracy", "roc_auc"] if task == "binary" else ["r2", "neg_root_mean_squared_error"]
            cpu, wall = time.process_time(), time.perf_counter()
            cv = cross_validate(make_pipeline(StandardScaler(), model), X, y,
                                cv=KFold(5, shuffle=True, random_state=seed), scoring=scoring)
            cpu, wall = (time.process_time() - cpu) / 5, (time.perf_counter() - wall) / 5
            m = cv["test_" + scoring[0]].mean()
            s = cv["test_" + scoring[1]].mean() * (1 if task == "binary" else -1)
            out.write(f"{name}\tsklearn MLP\t{seed}\t{m!r}\t{s!r}\t{cpu!r}\t{wall!r}\n"); out.flush()
            print(f"{name:14} seed {seed}: {scoring[0]} {m:.4f}  {cpu:.2f} CPU s/fold", flush=True)
