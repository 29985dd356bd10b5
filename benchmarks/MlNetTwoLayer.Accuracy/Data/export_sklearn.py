"""Exports scikit-learn's bundled data sets of the accuracy suite to Data/<name>.csv.gz (issue 15).

Run from this folder with Debian's python3 (python3-sklearn): /usr/bin/python3 export_sklearn.py
Same layout as export.R: a header, the label first, then the numeric features.
"""
import csv
import gzip

from sklearn import datasets

SETS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
}

for name, load in SETS.items():
    bunch = load()
    with gzip.open(f"{name}.csv.gz", "wt", newline="") as f:
        w = csv.writer(f)
        w.writerow(["label"] + [f"f{i}" for i in range(bunch.data.shape[1])])
        for x, y in zip(bunch.data, bunch.target):
            w.writerow([str(bunch.target_names[y]) if name != "digits" else str(y)] + ["%.7g" % v for v in x])
    print(f"{name:14s} {bunch.data.shape[0]:6d} rows {bunch.data.shape[1]:4d} features {len(set(bunch.target)):3d} classes")
