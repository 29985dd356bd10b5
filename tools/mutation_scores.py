#!/usr/bin/env python3
"""Per-folder mutation scores from a Stryker mutation-report.json (schema of mutation-testing-elements).

score = (killed + timeout) / (killed + timeout + survived + no coverage); compile errors and
ignored mutants do not count, as in Stryker's own total. Survivors are listed so each can be
killed by a test or written down as equivalent.

    python3 tools/mutation_scores.py report.json
    python3 tools/mutation_scores.py --tsv DATE COMMIT report.json   # rows for docs/mutation-runs.tsv
    python3 tools/mutation_scores.py --census DATE COMMIT report.json  # rows for docs/mutation-census.tsv

A census is a run over every file whose test filter covers (almost) nothing: every mutant is then
created and compiled but not tested, so its report says how many counted mutants (not compile
errors, not ignored) each folder has, which tools/mutation_total.py needs for the folders no full
run has measured.
"""
import json
import sys
from collections import defaultdict

COUNTED = {"Killed", "Timeout", "Survived", "NoCoverage"}


def folder_of(path: str) -> str:
    parts = path.replace("\\", "/").split("/")
    if "MlNetTwoLayer" in parts:
        parts = parts[parts.index("MlNetTwoLayer") + 1:]
    # Engine/Network/X.cs -> Engine/Network; Network/X.cs -> Network; X.cs -> (root)
    if parts and parts[0] in ("Engine", "MlNet") and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else "(root)"


def main(path: str, tsv=None, census=None) -> None:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    counts = defaultdict(lambda: defaultdict(int))
    survivors = []
    for file, data in report["files"].items():
        folder = folder_of(file)
        for mutant in data["mutants"]:
            status = mutant["status"]
            counts[folder][status] += 1
            if status in ("Survived", "NoCoverage"):
                line = mutant["location"]["start"]["line"]
                survivors.append(f"{status:10} {file.split('MlNetTwoLayer/')[-1]}:{line}  {mutant['mutatorName']}: {mutant.get('replacement', '')[:80]}")
    if census:
        for folder in sorted(counts):
            c = counts[folder]
            print("\t".join([census[0], census[1], folder, str(sum(c[s] for s in COUNTED)), "counted mutants of a census run's report"]))
        return
    if tsv:
        # Only the folders this run mutated (a report lists every file; the others have no counted mutant).
        for folder in sorted(counts):
            c = counts[folder]
            if sum(c[s] for s in COUNTED):
                print("\t".join([tsv[0], tsv[1], folder, str(c["Killed"]), str(c["Timeout"]), str(c["Survived"]), str(c["NoCoverage"]), "tools/mutation.sh"]))
        return
    total = defaultdict(int)
    print(f"{'folder':28} {'score':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'nocov':>6} {'other':>6}")
    for folder in sorted(counts):
        c = counts[folder]
        for k, v in c.items():
            total[k] += v
        print(row(folder, c))
    print(row("TOTAL", total))
    if survivors:
        print("\nsurvivors:")
        print("\n".join(sorted(survivors)))


def row(name, c) -> str:
    detected = c["Killed"] + c["Timeout"]
    counted = sum(c[s] for s in COUNTED)
    other = sum(v for k, v in c.items() if k not in COUNTED)
    score = f"{100.0 * detected / counted:6.1f}%" if counted else "    n/a"
    return f"{name:28} {score:>7} {c['Killed']:7} {c['Timeout']:7} {c['Survived']:8} {c['NoCoverage']:6} {other:6}"


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--tsv":
        main(sys.argv[4], tsv=(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "--census":
        main(sys.argv[4], census=(sys.argv[2], sys.argv[3]))
    else:
        main(sys.argv[1])
