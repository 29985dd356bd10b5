#!/usr/bin/env python3
"""Each test session of a Stryker.NET run from its -L logs, and whether its test host ended cleanly.

Stryker 5.1.0 (VsTest runner) logs a session whose test host crashed (here: a mutant in unsafe GEMM code
writing out of bounds, "The active test run was aborted. Reason: Test host process crashed" when the same
mutant is switched on by hand) as "success", and such a mutant may come out Survived. The host's own log
(StrykerOutput/<date>/logs/"Runner N-log.host.<time>.txt") says which: a host that ended cleanly logs
"Testhost process exiting"; a crashed one stops mid-run. A host Stryker stopped itself (every mutant's
fate known, or its test-run timeout) also stops early, so CRASHED on a "failed" or timed-out session
means nothing; on a single-mutant "success" session it means the tests did not all pass.

    python3 tools/mutation_log_sessions.py StrykerOutput/logs     # runner, start, verdict, host, mutant ids (TSV)

tools/mutation_switch.sh re-tests a mutant by hand to confirm.
"""
import collections
import datetime
import glob
import os
import re
import sys


def host_logs(logdir: str) -> dict:
    hosts = collections.defaultdict(list)
    for path in glob.glob(os.path.join(logdir, "Runner *-log.host.*.txt")):
        m = re.search(r"Runner (\d+)-log\.host\.(\d\d)-(\d\d)-(\d\d)_(\d\d)-(\d\d)-(\d\d)_", os.path.basename(path))
        if m:
            y, mo, d, h, mi, s = (int(g) for g in m.groups()[1:])
            hosts[int(m.group(1))].append((datetime.datetime(2000 + y, mo, d, h, mi, s), path))
    for runner in hosts:
        hosts[runner].sort()
    return hosts


def sessions(logdir: str) -> list:
    main_log = sorted(glob.glob(os.path.join(logdir, "log-*.txt")))[-1]
    found, current = [], {}
    with open(main_log, encoding="utf-8", errors="replace") as f:
        for line in f:
            if m := re.match(r'(\S+)\s+\[DBG\] "Runner (\d+)": Testing \[(.*)\]', line):
                s = {"runner": int(m.group(2)), "start": datetime.datetime.fromisoformat(m.group(1)[:19]),
                     "ids": [int(x) for x in re.findall(r'(?:^|[",])\s*(\d+): ', m.group(3))], "verdict": None, "end": None}
                current[s["runner"]] = s
                found.append(s)
            elif m := re.match(r'(\S+)\s+\[DBG\] Test run for "(.*)" is "(\w+)"', line):
                ids = [int(x) for x in re.findall(r"(\d+): ", m.group(2) + ",")]
                for s in current.values():
                    if s["ids"] == ids and s["verdict"] is None:
                        s["verdict"], s["end"] = m.group(3), datetime.datetime.fromisoformat(m.group(1)[:19])
    hosts = host_logs(logdir)
    for s in found:
        last = s["end"] or s["start"] + datetime.timedelta(hours=1)
        logs = [p for t, p in hosts[s["runner"]] if s["start"] <= t <= last]
        if not logs:
            s["host"] = "nohost"
        else:
            with open(logs[0], encoding="utf-8", errors="replace") as f:
                s["host"] = "clean" if "Testhost process exiting" in f.read() else "CRASHED"
    return found


if __name__ == "__main__":
    for s in sessions(sys.argv[1]):
        print(s["runner"], s["start"].time(), s["verdict"], s["host"], ",".join(map(str, s["ids"])), sep="\t")
