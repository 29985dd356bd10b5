"""The scikit-learn peers of the accuracy suite (issue 15), same data, same fold count.

MLPClassifier() with its defaults behind StandardScaler, and HistGradientBoostingClassifier() with
its defaults, on StratifiedKFold(5, shuffle=True, random_state=seed). Appends one JSON object per
(set, learner, seed) to --raw, the format MlNetTwoLayer.Accuracy merges into results.md.

    /usr/bin/python3 peers.py --raw results-python.jsonl [--sets a,b] [--seeds 0,1,2] [--quick] [--learners MLP,HistGradientBoosting]
"""
import argparse
import csv
import gzip
import json
import os
import time
import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
# Same list and quick subset as DataSetCatalog.cs.
QUICK = ["breast_cancer", "crabs", "digits", "hpc", "iris", "penguins", "wine"]


def all_sets():
    return sorted(f[: -len(".csv.gz")] for f in os.listdir(os.path.join(HERE, "Data")) if f.endswith(".csv.gz"))


def load(name):
    with gzip.open(os.path.join(HERE, "Data", name + ".csv.gz"), "rt") as f:
        rows = list(csv.reader(f))[1:]
    y = np.array([r[0] for r in rows])
    x = np.array([[float(v) for v in r[1:]] for r in rows], dtype=np.float64)
    return x, y


def learners(seed):
    yield "sklearn MLPClassifier", True, lambda: make_pipeline(StandardScaler(), MLPClassifier(random_state=seed))
    yield "sklearn HistGradientBoosting", False, lambda: HistGradientBoostingClassifier(random_state=seed)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--raw", default="results-python.jsonl")
    p.add_argument("--sets", default="")
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--learners", default="", help="only learners whose name contains one of these (comma-separated)")
    a = p.parse_args()
    sets = a.sets.split(",") if a.sets else (QUICK if a.quick else all_sets())
    seeds = [0] if a.quick else [int(s) for s in a.seeds.split(",")]
    warnings.simplefilter("ignore", ConvergenceWarning)
    with open(a.raw, "a") as out:
        for name in sets:
            x, y = load(name)
            for seed in seeds:
                for learner, every_seed, make in learners(seed):
                    if not every_seed and seed != seeds[0]:
                        continue
                    if a.learners and not any(w in learner for w in a.learners.split(",")):
                        continue
                    accs, secs, cpus = [], [], []
                    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
                        model = make()
                        t, c = time.perf_counter(), time.process_time()
                        model.fit(x[train], y[train])
                        secs.append(time.perf_counter() - t)
                        cpus.append(time.process_time() - c)
                        accs.append(float(np.mean(model.predict(x[test]) == y[test])))
                    rec = {"set": name, "learner": learner, "seed": seed, "accuracy": float(np.mean(accs)), "fit_seconds": float(np.mean(secs)), "cpu_seconds": float(np.mean(cpus))}
                    out.write(json.dumps(rec) + "\n")
                    out.flush()
                    print(f"{name:14s} {learner:32s} seed {seed}: {rec['accuracy']:.4f} ({rec['fit_seconds']:.2f} s/fold, {rec['cpu_seconds']:.2f} s CPU)", flush=True)


if __name__ == "__main__":
    main()
