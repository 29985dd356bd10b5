#!/usr/bin/env python3
"""Counts of a Stryker.NET run that was stopped early, from its debug log (`STRYKER_ARGS='-L'`).

Only the final JSON report is authoritative; this is for a run that never wrote one. The log says,
per test session, which mutants it tested ("Testing [...]"), whether Stryker stopped it because each
of them was already killed ("Each mutant's fate has been established"), and how it ended ("Test run
for ... is failed / success / timeout"). Read conservatively:
- a session of ONE mutant: failed = killed, timeout = timeout, success = survived;
- a session of several: "fate established" = all killed; anything else = unknown (Stryker often
  tests such mutants again in smaller groups or alone, and a later session then decides; a group
  that "succeeded" was seen retested alone, so it is not taken as survived);
- "Mutant N is not covered by any test" = no coverage.
Mutants are assigned to folders by the log's own "Mutating <file>" / "Mutant N created" lines; the
folders' mutant counts are upper bounds (created minus compile-error roll-backs, see
tools/mutation_census_log.py).

    python3 tools/mutation_log_status.py StrykerOutput/logs/log-YYYYMMDD.txt [Folder ...]
    python3 tools/mutation_log_status.py --tsv DATE COMMIT log.txt Folder ...   # rows for docs/mutation-runs.tsv,
        # untested and unknown counted as survivors (a lower bound on the folder's score)
"""
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutation_census_log import EXCLUDED, MutantCreation  # noqa: E402
from mutation_scores import folder_of  # noqa: E402


def ids_of(text: str) -> list:
    return [int(m) for m in re.findall(r"(\d+): ", text)]


def parse(path: str):
    file_of, rolled = {}, set()
    creation = MutantCreation()
    testing = {}        # runner -> ids of its current session
    fate = set()        # runners whose current session had every mutant killed
    status = {}         # mutant id -> Killed / Survived / Timeout / Unknown / NoCoverage (latest session wins)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if event := creation.read(line):
                if event[0] == "created":
                    file_of[event[2]] = event[1]
                elif event[0] == "rolled":
                    rolled.add(event[2])
            elif m := re.search(r"\] Mutant (\d+) is not covered by any test", line):
                status[int(m.group(1))] = "NoCoverage"
            elif m := re.search(r'"(Runner \d+)": Testing \[(.*)\]', line):
                testing[m.group(1)] = ids_of(m.group(2).replace('"', "") + ",")
                fate.discard(m.group(1))
            elif m := re.search(r'"(Runner \d+)": Each mutant\'s fate has been established', line):
                fate.add(m.group(1))
            elif m := re.search(r'Test run for "(.*)" is "(\w+)"', line):
                ids = ids_of(m.group(1) + ",")
                runner = next((r for r, t in testing.items() if t == ids), None)
                result = m.group(2)
                if len(ids) == 1:
                    verdict = {"timeout": "Timeout", "success": "Survived", "failed": "Killed"}.get(result, "Unknown")
                elif result == "failed" and runner in fate:
                    verdict = "Killed"
                else:
                    verdict = "Unknown"
                for i in ids:
                    status[i] = verdict
    return file_of, rolled, status


def main(path: str, folders: list, tsv=None) -> None:
    file_of, rolled, status = parse(path)
    counts = collections.defaultdict(collections.Counter)
    for mutant, file in file_of.items():
        if mutant in rolled or os.path.basename(file) in EXCLUDED:
            continue
        folder = folder_of(file.split("/src/", 1)[-1])
        if folders and folder not in folders:
            continue
        counts[folder]["mutants"] += 1
        counts[folder][status.get(mutant, "Untested")] += 1
    if tsv:
        for folder in sorted(counts):
            c = counts[folder]
            survived = c["Survived"] + c["Unknown"] + c["Untested"]
            print("\t".join([tsv[0], tsv[1], folder, str(c["Killed"]), str(c["Timeout"]), str(survived), str(c["NoCoverage"]),
                             f"PARTIAL, from the log (tools/mutation_log_status.py): {c['Survived']} survived, "
                             f"{c['Unknown']} unknown, {c['Untested']} untested (an upper bound, see the script), all counted as survivors"]))
        return
    print(f"{'folder':22} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'nocov':>6} {'unknown':>7} {'untested':>8}")
    for folder in sorted(counts):
        c = counts[folder]
        print(f"{folder:22} {c['mutants']:7} {c['Killed']:7} {c['Timeout']:7} {c['Survived']:8} {c['NoCoverage']:6} {c['Unknown']:7} {c['Untested']:8}")


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[1] == "--tsv":
        main(sys.argv[4], sys.argv[5:], tsv=(sys.argv[2], sys.argv[3]))
    else:
        main(sys.argv[1], sys.argv[2:])
