# Writes the scikit-learn bundled data sets used by the quality benchmark as CSV (label last).
# Run with Debian's /usr/bin/python3 and python3-sklearn (1.2.1); the files are committed, so the
# benchmark needs neither. Sources: see README.md in this folder.
import csv
from sklearn import datasets

def write(path, X, y, names, label):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(names) + [label])
        for row, target in zip(X, y):
            w.writerow([repr(float(v)) for v in row] + [target])

bc = datasets.load_breast_cancer()
# sklearn's target is 0 = malignant, 1 = benign; the benchmark predicts malignant (true).
write("breast-cancer.csv", bc.data, ["true" if t == 0 else "false" for t in bc.target], [n.replace(" ", "_") for n in bc.feature_names], "malignant")
db = datasets.load_diabetes(scaled=False)
write("diabetes.csv", db.data, [repr(float(t)) for t in db.target], db.feature_names, "progression")
