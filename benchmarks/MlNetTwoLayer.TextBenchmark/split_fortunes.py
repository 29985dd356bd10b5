#!/usr/bin/env python3
"""Splits samples/TextClassification/Data/fortunes.tsv.gz 80/20 (seed 1) into the benchmark's files:
train.tsv / test.tsv (category TAB text) and train.ft / test.ft (fastText's __label__ format, lower-cased
as fastText users do). Usage: split_fortunes.py OUT_DIR"""
import gzip, os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, '..', '..', 'samples', 'TextClassification', 'Data', 'fortunes.tsv.gz')
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rows = [l.rstrip('\n').split('\t', 1) for l in gzip.open(source, 'rt', encoding='utf-8')][1:]
random.Random(1).shuffle(rows)
cut = len(rows) * 4 // 5
for name, part in (('train', rows[:cut]), ('test', rows[cut:])):
    with open(os.path.join(out, name + '.tsv'), 'w') as f:
        for c, t in part:
            f.write(f'{c}\t{t}\n')
    with open(os.path.join(out, name + '.ft'), 'w') as f:
        for c, t in part:
            f.write(f'__label__{c} {t.lower()}\n')
print(f'{cut} training and {len(rows) - cut} test texts in {out}')
