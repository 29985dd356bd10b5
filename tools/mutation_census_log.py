#!/usr/bin/env python3
"""Per-folder mutant counts from a Stryker.NET debug log (`STRYKER_ARGS='-L'`), for docs/mutation-census.tsv.

A Stryker run logs "Mutating <file>" and then "Mutant N created" for each mutant of that file before it
compiles anything, and then "RollBacking mutations from <file>" with "Found mutant N" for each mutant it
removes as a compile error. So a run stopped as soon as its mutants are compiled (a few minutes, whatever
it mutates or tests) still tells how many mutants each folder has: created minus rolled back. That is an
UPPER bound on what a full run counts, since the mutants Stryker later ignores ("block already covered")
or removes in safe mode without listing them are still in it; a lower bound on the score that counts
these as survivors is therefore safe.

    python3 tools/mutation_census_log.py DATE COMMIT StrykerOutput/logs/log-YYYYMMDD.txt   # rows for docs/mutation-census.tsv
"""
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutation_scores import folder_of  # noqa: E402

# tools/mutation.sh never mutates these (see its header), so they are no folder's mutants.
EXCLUDED = {"GemmMicroKernel128.cs", "GemmMicroKernel256.cs", "GemmMicroKernel512.cs", "IgnoresAccessChecksToAttribute.cs"}


class MutantCreation:
    """Reads, line by line, which file each mutant was created in and which were rolled back as compile errors."""

    def __init__(self) -> None:
        self.current, self.mode = None, None

    def read(self, line: str):
        """("created" | "rolled", file, mutant id) for such a line, ("file", file, None) when the file changes, else None."""
        if m := re.search(r'\] Mutating "([^"]+)"', line):
            self.current, self.mode = m.group(1), "create"
            return "file", self.current, None
        if m := re.search(r'RollBacking mutations from "([^"]+)"', line):
            self.current, self.mode = m.group(1), "rollback"
            return "file", self.current, None
        if self.mode == "create" and (m := re.search(r"\] Mutant (\d+) created", line)):
            return "created", self.current, int(m.group(1))
        if self.mode == "rollback" and (m := re.search(r"Found mutant (-?\d+) of type", line)):
            return "rolled", self.current, int(m.group(1))
        return None


def main(date: str, commit: str, path: str) -> None:
    created = collections.defaultdict(set)
    rolled = collections.defaultdict(set)
    creation = MutantCreation()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            event = creation.read(line)
            if event and event[0] == "created":
                created[event[1]].add(event[2])
            elif event and event[0] == "rolled":
                rolled[event[1]].add(event[2])
    counts = collections.Counter()
    for file, ids in created.items():
        if os.path.basename(file) in EXCLUDED:
            continue
        relative = file.split("/src/", 1)[-1]
        counts[folder_of(relative)] += len(ids - rolled.get(file, set()))
    for folder in sorted(counts):
        print("\t".join([date, commit, folder, str(counts[folder]), "upper bound: created minus rolled back, from the log (tools/mutation_census_log.py)"]))


if __name__ == "__main__":
    main(*sys.argv[1:4])
