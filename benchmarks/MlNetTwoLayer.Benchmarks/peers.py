#!/usr/bin/python3
"""Peer baselines for the two-layer network: the seed's numpy algorithm, scikit-learn's
MLPClassifier (sgd and adam) and PyTorch (SGD and Adam), on the same data, same architecture,
same epochs, same batch.

Adapted from the project's shared bench/peers.py (the developers' reference script, same data
generator and the same numpy-seed / sklearn-sgd / torch-sgd peers); this copy adds the peers at
their best for issue 16: scikit-learn's `adam` solver with its default shuffling and PyTorch's
torch.optim.Adam over shuffled batches, and runs OpenBLAS with its best kernels (blas_kernel.py),
printing the kernel family threadpoolctl reports.

Usage: peers.py N D H K EPOCHS BATCH [threads]
       PEERS=sklearn-adam,torch-adam peers.py ...      (only those peers)
       TTA=1 peers.py [threads]    time to 97% validation accuracy on the real digits (the repo's
                                   tests/MlNetTwoLayer.Tests/Fixtures/digits.csv.gz, pixels / 16,
                                   every fifth row held out, 100 hidden, batch 32), as the harness's
                                   time-to-accuracy line
       TTA=mnist peers.py EPOCHS [threads] [file]   the MNIST shape (the rows below, 60000 x 784, 10
                                   classes): scikit-learn's adam and torch.optim.Adam (128 hidden, batch
                                   128) for EPOCHS epochs, wall and CPU seconds and final training
                                   accuracy; writes the rows to file (default
                                   /tmp/twolayer-tta-mnist.bin) for the harness's --tta-mnist
Prints one line per peer: name, seconds per epoch, effective GFLOP/s, train accuracy.
Needs Debian's /usr/bin/python3 with python3-sklearn python3-torch libopenblas0-pthread python3-threadpoolctl."""
import os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import blas_kernel
TTA = os.environ.get("TTA") == "1"
TTA_MNIST = os.environ.get("TTA") == "mnist"
if TTA:
    threads = sys.argv[1] if len(sys.argv) > 1 else "2"
elif TTA_MNIST:
    threads = sys.argv[2] if len(sys.argv) > 2 else "2"
else:
    threads = sys.argv[7] if len(sys.argv) > 7 else "2"
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = threads
coretype = blas_kernel.choose()
import numpy as np

if TTA:
    import gzip
    here = os.path.dirname(os.path.abspath(__file__))
    rows = np.loadtxt(gzip.open(os.path.join(here, "..", "..", "tests", "MlNetTwoLayer.Tests", "Fixtures", "digits.csv.gz")), delimiter=",")
    xa, ya = (rows[:, :64] / 16).astype(np.float32), rows[:, 64].astype(np.int64)
    held = np.arange(len(ya)) % 5 == 0
    xt, yt, xv, yv = xa[~held], ya[~held], xa[held], ya[held]
    print(f"# OPENBLAS_CORETYPE={coretype} threads={threads}", flush=True)
    print(blas_kernel.describe(), flush=True)

    def tta_sklearn():
        from sklearn.neural_network import MLPClassifier
        import warnings; warnings.filterwarnings("ignore")
        m = MLPClassifier(hidden_layer_sizes=(100,), solver="adam", batch_size=32, random_state=0, shuffle=True)
        t0 = time.perf_counter()
        for epoch in range(1, 201):
            m.partial_fit(xt, yt, classes=np.arange(10))
            if m.score(xv, yv) >= 0.97:
                return time.perf_counter() - t0, epoch
        return float("inf"), 200

    def tta_torch():
        import torch
        torch.set_num_threads(int(threads)); torch.manual_seed(0)
        X, Y, XV, YV = (torch.from_numpy(a) for a in (xt, yt, xv, yv))
        t0 = time.perf_counter()
        net = torch.nn.Sequential(torch.nn.Linear(64, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4); loss = torch.nn.CrossEntropyLoss()
        for epoch in range(1, 201):
            order = torch.randperm(len(Y))
            for s in range(0, len(Y), 32):
                idx = order[s:s+32]
                opt.zero_grad(); loss(net(X[idx]), Y[idx]).backward(); opt.step()
            with torch.no_grad():
                if (net(XV).argmax(1) == YV).float().mean().item() >= 0.97:
                    return time.perf_counter() - t0, epoch
        return float("inf"), 200

    for name, run in (("sklearn-adam", tta_sklearn), ("torch-adam", tta_torch)):
        if os.environ.get("PEERS") and name not in os.environ["PEERS"].split(","): continue
        seconds, epoch = run()
        print(f"time-to-accuracy {name:12s} target=0.97 seconds={seconds:.3f} epoch={epoch}", flush=True)
    sys.exit(0)

if TTA_MNIST:
    N, D, H, K, EPOCHS, BATCH = 60000, 784, 128, 10, int(sys.argv[1]), 128
else:
    N, D, H, K, EPOCHS, BATCH = (int(a) for a in sys.argv[1:7])
from sklearn.datasets import make_classification
# The TTA mode also draws 10000 rows more from the same distribution, held out: the training accuracy is the
# issue's target, the held-out accuracy says whether the model is useful.
HELD_OUT = 10000 if TTA_MNIST else 0
x, y = make_classification(N + HELD_OUT, D, n_informative=min(D, 20), n_redundant=0, n_classes=K,
                           n_clusters_per_class=1, random_state=0)
x = x.astype(np.float32)
x, y, x_test, y_test = x[:N], y[:N], x[N:], y[N:]
LR = 0.05
print(f"# OPENBLAS_CORETYPE={coretype} threads={threads}", flush=True)
print(blas_kernel.describe(), flush=True)

if TTA_MNIST:
    path = sys.argv[3] if len(sys.argv) > 3 else "/tmp/twolayer-tta-mnist.bin"
    for file, (xs, ys) in ((path, (x, y)), (path + ".test", (x_test, y_test))):
        with open(file + ".tmp", "wb") as f:
            np.array([len(ys), D], "<i4").tofile(f); xs.astype("<f4").tofile(f); ys.astype("<i4").tofile(f)
        os.replace(file + ".tmp", file)
    print(f"# rows written to {path} (training) and {path}.test (held out)", flush=True)

    def tta_mnist_sklearn():
        from sklearn.neural_network import MLPClassifier
        import warnings; warnings.filterwarnings("ignore")
        m = MLPClassifier(hidden_layer_sizes=(H,), solver="adam", batch_size=BATCH, max_iter=EPOCHS,
                          tol=0, n_iter_no_change=10**9, random_state=0, shuffle=True)
        t0, c0 = time.perf_counter(), time.process_time(); m.fit(x, y)
        return time.perf_counter() - t0, time.process_time() - c0, m.score(x, y), m.score(x_test, y_test)

    def tta_mnist_torch():
        import torch
        torch.set_num_threads(int(threads)); torch.manual_seed(0)
        X = torch.from_numpy(x); Y = torch.from_numpy(y.astype(np.int64))
        t0, c0 = time.perf_counter(), time.process_time()
        net = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, K))
        opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4); loss = torch.nn.CrossEntropyLoss()
        for e in range(EPOCHS):
            order = torch.randperm(N)
            for s in range(0, N, BATCH):
                idx = order[s:s+BATCH]
                opt.zero_grad(); loss(net(X[idx]), Y[idx]).backward(); opt.step()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        with torch.no_grad():
            acc = (net(X).argmax(1) == Y).float().mean().item()
            test_acc = (net(torch.from_numpy(x_test)).argmax(1) == torch.from_numpy(y_test.astype(np.int64))).float().mean().item()
        return seconds, cpu, acc, test_acc

    for name, run in (("sklearn-adam", tta_mnist_sklearn), ("torch-adam", tta_mnist_torch)):
        if os.environ.get("PEERS") and name not in os.environ["PEERS"].split(","): continue
        seconds, cpu, acc, test_acc = run()
        print(f"tta-mnist {name:12s} epochs={EPOCHS} seconds={seconds:.3f} cpu-seconds={cpu:.3f} train_acc={acc:.4f} test_acc={test_acc:.4f}", flush=True)
    sys.exit(0)

def seed_numpy(x, y, batch):
    """The seed notebook's forward/backward, vectorised as written, run in minibatches."""
    rng = np.random.default_rng(0)
    W1 = (rng.standard_normal((D, H)) * np.sqrt(2.0 / D)).astype(np.float32)
    b1 = np.zeros((1, H), np.float32)
    W2 = (rng.standard_normal((H, K)) * np.sqrt(2.0 / H)).astype(np.float32)
    b2 = np.zeros((1, K), np.float32)
    t0 = time.perf_counter()
    for e in range(EPOCHS):
        for s in range(0, N, batch):
            xb, yb = x[s:s+batch], y[s:s+batch]
            h = np.maximum(0, xb @ W1 + b1)
            score = h @ W2 + b2
            score -= score.max(axis=1, keepdims=True)
            o = np.exp(score); o /= o.sum(axis=1, keepdims=True)
            n = xb.shape[0]
            d = o; d[np.arange(n), yb] -= 1; d /= n
            dW2 = h.T @ d; db2 = d.sum(0, keepdims=True)
            dh = d @ W2.T; dh[h <= 0] = 0
            dW1 = xb.T @ dh; db1 = dh.sum(0, keepdims=True)
            W1 -= LR * dW1; b1 -= LR * db1; W2 -= LR * dW2; b2 -= LR * db2
    dt = (time.perf_counter() - t0) / EPOCHS
    h = np.maximum(0, x @ W1 + b1); p = (h @ W2 + b2).argmax(1)
    return dt, (p == y).mean()

def sklearn_mlp(x, y, batch, solver):
    """sgd: the seed's algorithm (no momentum, no shuffle); adam: scikit-learn's defaults
    (shuffle on, alpha 1e-4, lr 1e-3), only the batch and the epochs fixed."""
    from sklearn.neural_network import MLPClassifier
    import warnings; warnings.filterwarnings("ignore")
    if solver == "sgd":
        m = MLPClassifier(hidden_layer_sizes=(H,), solver="sgd", batch_size=batch, max_iter=EPOCHS,
                          learning_rate_init=LR, momentum=0.0, tol=0, n_iter_no_change=10**9,
                          random_state=0, shuffle=False)
    else:
        m = MLPClassifier(hidden_layer_sizes=(H,), solver="adam", batch_size=batch, max_iter=EPOCHS,
                          tol=0, n_iter_no_change=10**9, random_state=0, shuffle=True)
    t0 = time.perf_counter(); m.fit(x, y); dt = (time.perf_counter() - t0) / m.n_iter_
    return dt, m.score(x, y)

def torch_mlp(x, y, batch, adam):
    """SGD: the seed's loop in order. Adam: torch.optim.Adam (lr 1e-3, L2 1e-4 folded into the
    gradient, as ours) over a fresh permutation every epoch, the usual PyTorch training loop."""
    import torch
    torch.set_num_threads(int(threads)); torch.manual_seed(0)
    X = torch.from_numpy(x); Y = torch.from_numpy(y.astype(np.int64))
    net = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Linear(H, K))
    opt = (torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4) if adam
           else torch.optim.SGD(net.parameters(), lr=LR))
    loss = torch.nn.CrossEntropyLoss()
    t0 = time.perf_counter()
    for e in range(EPOCHS):
        order = torch.randperm(N) if adam else None
        for s in range(0, N, batch):
            if adam:
                idx = order[s:s+batch]; xb, yb = X[idx], Y[idx]
            else:
                xb, yb = X[s:s+batch], Y[s:s+batch]
            opt.zero_grad(); l = loss(net(xb), yb); l.backward(); opt.step()
    dt = (time.perf_counter() - t0) / EPOCHS
    with torch.no_grad(): acc = (net(X).argmax(1) == Y).float().mean().item()
    return dt, acc

peers = {"numpy-seed": lambda: seed_numpy(x, y, BATCH),
         "sklearn-sgd": lambda: sklearn_mlp(x, y, BATCH, "sgd"),
         "sklearn-adam": lambda: sklearn_mlp(x, y, BATCH, "adam"),
         "torch-sgd": lambda: torch_mlp(x, y, BATCH, adam=False),
         "torch-adam": lambda: torch_mlp(x, y, BATCH, adam=True)}
only = os.environ.get("PEERS")
for name, run in peers.items():
    if only and name not in only.split(","): continue
    dt, acc = run()
    flops = 6.0 * N * (D * H + H * K)
    print(f"{name:14s} s/epoch={dt:.4f} GFLOP/s={flops/dt/1e9:.1f} train_acc={acc:.4f}", flush=True)
