#!/usr/bin/env python3
"""Derives the report inputs that name learners as results.md does (run from results/):
   python3 relabel.py
ens-defaults.jsonl: the EnsembleSize runs of 2026-12-01 (ens-tuning.jsonl, ens-confirmation.jsonl), with
"[ensemble 3]" (= the committed defaults) named "TwoLayer (MeanVariance)" and "[ensemble 1]" named
"TwoLayer (MeanVariance) [one network]".
full-ours-normalisers.jsonl: the MinMax / None rows of full-ours.jsonl (one network, the binary before
EnsembleSize), named "... [one network]"; its MeanVariance rows are superseded by ens-defaults.jsonl."""
import json

names = {"TwoLayer (MeanVariance) [ensemble 3]": "TwoLayer (MeanVariance)",
         "TwoLayer (MeanVariance) [ensemble 1]": "TwoLayer (MeanVariance) [one network]"}
with open("ens-defaults.jsonl", "w") as out:
    for path in ("ens-tuning.jsonl", "ens-confirmation.jsonl"):
        for line in open(path):
            r = json.loads(line)
            if r["learner"] in names:
                r["learner"] = names[r["learner"]]
                out.write(json.dumps(r) + "\n")
with open("full-ours-normalisers.jsonl", "w") as out:
    for line in open("full-ours.jsonl"):
        r = json.loads(line)
        if r["learner"] in ("TwoLayer (MinMax)", "TwoLayer (None)"):
            r["learner"] += " [one network]"
            out.write(json.dumps(r) + "\n")
