#!/usr/bin/env python3
"""Overall mutation score from docs/mutation-runs.tsv, one row per folder and run.

Each row: date, commit, folder, killed, timeout, survived, nocoverage, note. For each folder the
LAST row in the file counts (the folder's latest run); the overall score is
(killed + timeout) / (killed + timeout + survived + no coverage) summed over those rows, as
Stryker counts its own total (compile errors and ignored mutants left out). Rows come from
`python3 tools/mutation_scores.py --tsv DATE COMMIT report.json` (or were copied from a run's log
when its JSON report no longer exists; the note says so).

    python3 tools/mutation_total.py [docs/mutation-runs.tsv]
"""
import csv
import sys


def main(path: str) -> None:
    latest = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            latest[row["folder"]] = row
    print(f"{'folder':22} {'score':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'nocov':>6}  run")
    totals = [0, 0, 0, 0]
    for folder in sorted(latest):
        row = latest[folder]
        counts = [int(row[k]) for k in ("killed", "timeout", "survived", "nocoverage")]
        totals = [a + b for a, b in zip(totals, counts)]
        print(line(folder, counts) + f"  {row['date']} {row['commit']}")
    print(line("TOTAL (folders above)", totals))


def line(name, c) -> str:
    counted = sum(c)
    score = f"{100.0 * (c[0] + c[1]) / counted:6.1f}%" if counted else "    n/a"
    return f"{name:22} {score:>7} {c[0]:7} {c[1]:7} {c[2]:8} {c[3]:6}"


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/mutation-runs.tsv")
