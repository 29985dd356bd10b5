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
# s4-normalisers.jsonl (session 4, the L2RowsPerWeight build): MinMax / None, seed 0 on the sets the first run had not
# reached and on hpc, credit and income (whose defaults changed), seeds 1 and 2 on every set; a row there supersedes the
# older row of the same set, learner and seed (the others train bit for bit as then).
renewed = {(r["set"], r["learner"], r["seed"]) for r in map(json.loads, open("s4-normalisers.jsonl"))}
with open("full-ours-normalisers.jsonl", "w") as out:
    for line in open("full-ours.jsonl"):
        r = json.loads(line)
        if r["learner"] in ("TwoLayer (MinMax)", "TwoLayer (None)") and (r["set"], r["learner"], r["seed"]) not in renewed:
            out.write(json.dumps(r) + "\n")

# Session 4 (L2ReferenceRows, docs/defaults.md "L2 and the data size"). The defaults (L2ReferenceRows = 0)
# train the 21 first sets as before, so their ens-defaults.jsonl rows stand; the six larger sets' defaults are
# l2n-new-defaults-s0.jsonl (seed 0) and l2n-constant.jsonl (seeds 1, 2; run as --set L2ReferenceRows=0).
# l2n-defaults.jsonl: all of those, named "TwoLayer (MeanVariance)".
# l2n-reference.jsonl: the option L2ReferenceRows = 4000, "TwoLayer (MeanVariance) [L2ReferenceRows 4000]":
# l2n-ours.jsonl (run while 4000 was the committed default: the sets with more than 4000 training rows) and,
# for every other set, the defaults' rows: up to 4000 training rows the option changes nothing (bit for bit).
# l2n-ensemble3.jsonl: ens-defaults.jsonl's "[ensemble 3]" rows.
DEFAULTS = "TwoLayer (MeanVariance)"
REFERENCE = "TwoLayer (MeanVariance) [L2ReferenceRows 4000]"
ens = [json.loads(l) for l in open("ens-defaults.jsonl")]
defaults = [r for r in ens if r["learner"] == DEFAULTS]
for path in ("l2n-new-defaults-s0.jsonl", "l2n-constant.jsonl"):
    for line in open(path):
        r = json.loads(line)
        r["learner"] = DEFAULTS
        defaults.append(r)
with open("l2n-defaults.jsonl", "w") as out:
    for r in defaults:
        out.write(json.dumps(r) + "\n")
reference = [json.loads(l) for l in open("l2n-ours.jsonl")]
shrunk = {r["set"] for r in reference}
with open("l2n-reference.jsonl", "w") as out:
    for r in reference + [dict(r) for r in defaults if r["set"] not in shrunk]:
        r["learner"] = REFERENCE
        out.write(json.dumps(r) + "\n")
with open("l2n-ensemble3.jsonl", "w") as out:
    for r in ens:
        if r["learner"] != DEFAULTS:
            out.write(json.dumps(r) + "\n")

# Session 4, L2RowsPerWeight (docs/defaults.md "L2 and the data size"): the defaults now shrink λ as
# λ·(weights/rows)³ once the training rows outnumber the network's weights. rpw-defaults.jsonl holds the nine sets
# where they do (diamonds, hpc, mpls_neighborhood, mpls_stops, chem97, credit, gss_vocab, income, wa_churn), run with
# that build, seeds 0/1/2; every other set has at most one training row per weight, so the defaults train it bit for
# bit as l2n-defaults.jsonl did. rpw-all-defaults.jsonl: the defaults over all 27 sets. l2n-fixed.jsonl: the defaults
# of before, λ on any number of rows, "[L2RowsPerWeight 0]". l2n-reference.jsonl and l2n-ensemble3.jsonl are relabelled
# in place: the rows-only rule (an option for part of session 4, withdrawn) and the ensemble, both run with a fixed λ.
RPW_FIXED = "TwoLayer (MeanVariance) [L2RowsPerWeight 0]"
rpw = [json.loads(l) for l in open("rpw-defaults.jsonl")]
changed = {r["set"] for r in rpw}
with open("rpw-all-defaults.jsonl", "w") as out:
    for r in rpw + [r for r in defaults if r["set"] not in changed]:
        r = dict(r)
        r["learner"] = DEFAULTS
        out.write(json.dumps(r) + "\n")
with open("l2n-fixed.jsonl", "w") as out:
    for r in defaults:
        r = dict(r)
        r["learner"] = RPW_FIXED
        out.write(json.dumps(r) + "\n")
for path, old, new in (("l2n-reference.jsonl", REFERENCE, "TwoLayer (MeanVariance) [rows-only rule λ·(4000/n)², fixed λ up to 4000]"),
                       ("l2n-ensemble3.jsonl", "TwoLayer (MeanVariance) [ensemble 3]", "TwoLayer (MeanVariance) [ensemble 3, λ fixed]")):
    rows = [json.loads(l) for l in open(path)]
    with open(path, "w") as out:
        for r in rows:
            if r["learner"] == old:
                r["learner"] = new
            out.write(json.dumps(r) + "\n")
