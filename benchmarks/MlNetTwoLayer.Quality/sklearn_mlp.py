# scikit-learn's MLPClassifier / MLPRegressor with their defaults under the quality benchmark's
# protocol: 5-fold CV (shuffled, seeds 1..3), features standardised inside each fold.
# Run with Debian's /usr/bin/python3 and python3-sklearn from the repository root:
#   /usr/bin/python3 benchmarks/MlNetTwoLayer.Quality/sklearn_mlp.py
import csv, os, warnings
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, cross_validate
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)
folder = os.path.join(os.path.dirname(__file__), "..", "QualityData")

def load(name, binary):
    with open(os.path.join(folder, name + ".csv")) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = np.array([r[-1] == "true" for r in rows]) if binary else np.array([float(r[-1]) for r in rows])
    return X, y

print("Binary classification: 5-fold CV accuracy / AUC, MLPClassifier defaults, seeds 1..3")
for name in ["breast-cancer", "pima", "biopsy", "birthwt"]:
    X, y = load(name, True)
    acc, auc = [], []
    for seed in (1, 2, 3):
        cv = cross_validate(make_pipeline(StandardScaler(), MLPClassifier(random_state=seed)), X, y,
                            cv=KFold(5, shuffle=True, random_state=seed), scoring=["accuracy", "roc_auc"])
        acc.append(cv["test_accuracy"].mean()); auc.append(cv["test_roc_auc"].mean())
    print(f"  {name:14} accuracy {np.mean(acc):.3f}  AUC {np.mean(auc):.3f}  (per seed accuracy {' / '.join(f'{a:.3f}' for a in acc)})")

print("Regression: 5-fold CV R² / RMSE, MLPRegressor defaults, seeds 1..3")
for name in ["diabetes", "boston", "cpus", "airquality"]:
    X, y = load(name, False)
    r2, rmse = [], []
    for seed in (1, 2, 3):
        cv = cross_validate(make_pipeline(StandardScaler(), MLPRegressor(random_state=seed)), X, y,
                            cv=KFold(5, shuffle=True, random_state=seed), scoring=["r2", "neg_root_mean_squared_error"])
        r2.append(cv["test_r2"].mean()); rmse.append(-cv["test_neg_root_mean_squared_error"].mean())
    print(f"  {name:14} R² {np.mean(r2):.3f}  RMSE {np.mean(rmse):.4g}  (per seed R² {' / '.join(f'{a:.3f}' for a in r2)})")
