#!/usr/bin/env python3
"""Derives the report inputs that name learners as results.md does (run from results/):
   python3 relabel.py
ens-defaults.jsonl: the EnsembleSize runs of 2026-12-01 (ens-tuning.jsonl, ens-confirmation.jsonl), with
"[ensemble 1]" (= the committed defaults, one network) named "TwoLayer (MeanVariance)" and "[ensemble 3]"
kept as "TwoLayer (MeanVariance) [ensemble 3]" (the option, not the default).
full-ours-normalisers.jsonl: the MinMax / None rows of full-ours.jsonl (one network, the binary before
EnsembleSize, so the defaults); its MeanVariance rows are superseded by ens-defaults.jsonl."""
import json

names = {"TwoLayer (MeanVariance) [ensemble 1]": "TwoLayer (MeanVariance)",
         "TwoLayer (MeanVariance) [ensemble 3]": "TwoLayer (MeanVariance) [ensemble 3]"}
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
            out.write(json.dumps(r) + "\n")
