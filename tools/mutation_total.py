#!/usr/bin/env python3
"""Overall mutation score from docs/mutation-runs.tsv, one row per folder and run.

Each row: date, commit, folder, killed, timeout, survived, nocoverage, note. For each folder the
LAST row in the file counts (the folder's latest run); a score is
(killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts its own total
(compile errors and ignored mutants left out). Rows come from
`python3 tools/mutation_scores.py --tsv DATE COMMIT report.json` (or were copied from a run's log
when its JSON report no longer exists; the note says so).

The OVERALL figure is over every folder of src/MlNetTwoLayer (as tools/mutation.sh mutates it, so
without the three excluded micro-kernel copies). The folders come from docs/mutation-census.tsv
(date, commit, folder, mutants, compile errors: how many counted mutants a census run created in
each folder, `python3 tools/mutation_scores.py --census DATE COMMIT report.json`) and from the src
tree. If every folder has a run, OVERALL is their total (a lower bound if some run is PARTIAL, a row
of tools/mutation_log_status.py --tsv from a stopped run's log). If some has none, it prints a LOWER BOUND
that counts each unmeasured folder's census mutants as survivors, or says the bound is unknown when
a folder without a run has no census count either.

    python3 tools/mutation_total.py [docs/mutation-runs.tsv [docs/mutation-census.tsv [src/MlNetTwoLayer]]]
"""
import csv
import os
import sys

EXCLUDED = {"GemmMicroKernel128.cs", "GemmMicroKernel256.cs", "GemmMicroKernel512.cs"}


def read_tsv(path: str) -> list:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def source_folders(src: str) -> set:
    """The folders mutation_scores.py reports for src's .cs files (Engine/X, MlNet/X, MlNet for its own files)."""
    folders = set()
    if not os.path.isdir(src):
        return folders
    for directory, subdirs, files in os.walk(src):
        subdirs[:] = [d for d in subdirs if d not in ("bin", "obj")]
        for name in files:
            if not name.endswith(".cs") or name in EXCLUDED:
                continue
            parts = os.path.relpath(os.path.join(directory, name), src).split(os.sep)
            if parts[0] in ("Engine", "MlNet") and len(parts) > 2:
                folders.add("/".join(parts[:2]))
            else:
                folders.add(parts[0] if len(parts) > 1 else "(root)")
    return folders


def main(runs_path: str, census_path: str, src: str) -> None:
    latest = {}
    for row in read_tsv(runs_path):
        latest[row["folder"]] = row
    census = {}
    for row in read_tsv(census_path):
        census[row["folder"]] = row
    print(f"{'folder':24} {'score':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'nocov':>6}  run")
    totals = [0, 0, 0, 0]
    for folder in sorted(latest):
        row = latest[folder]
        counts = [int(row[k]) for k in ("killed", "timeout", "survived", "nocoverage")]
        totals = [a + b for a, b in zip(totals, counts)]
        partly = "  PARTIAL run (untested counted as survivors)" if row.get("note", "").startswith("PARTIAL") else ""
        print(line(folder, counts) + f"  {row['date']} {row['commit']}{partly}")
    print(line("TOTAL (folders above)", totals))

    everything = (source_folders(src) | set(census)) - {"(root)"} if census or os.path.isdir(src) else set(latest)
    unmeasured = sorted(everything - set(latest))
    commits = sorted({latest[f]["commit"] for f in latest})
    partial = sorted(f for f in latest if latest[f].get("note", "").startswith("PARTIAL"))
    if not unmeasured:
        if partial:
            print(line("OVERALL lower bound", totals) + f"  every folder run, but {', '.join(partial)} only partly"
                  " (their untested mutants counted as survivors)")
        else:
            print(line("OVERALL src/MlNetTwoLayer", totals) + f"  every folder measured (runs at {', '.join(commits)})")
        return
    print(f"Not measured: {', '.join(unmeasured)}")
    unknown = [f for f in unmeasured if f not in census]
    if unknown:
        print(f"OVERALL src/MlNetTwoLayer: unknown (no run and no census count for {', '.join(unknown)})")
        return
    missing = sum(int(census[f]["mutants"]) for f in unmeasured)
    bound = [totals[0], totals[1], totals[2] + missing, totals[3]]
    when = sorted({census[f]["commit"] for f in unmeasured})
    print(line("OVERALL lower bound", bound)
          + f"  the {missing} mutants of the unmeasured folders (census at {', '.join(when)}) counted as survivors"
          + (f"; {', '.join(partial)} run only partly (untested counted as survivors)" if partial else ""))


def line(name, c) -> str:
    counted = sum(c)
    score = f"{100.0 * (c[0] + c[1]) / counted:6.1f}%" if counted else "    n/a"
    return f"{name:24} {score:>7} {c[0]:7} {c[1]:7} {c[2]:8} {c[3]:6}"


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0] if len(args) > 0 else "docs/mutation-runs.tsv",
         args[1] if len(args) > 1 else "docs/mutation-census.tsv",
         args[2] if len(args) > 2 else "src/MlNetTwoLayer")
