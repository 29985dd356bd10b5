#!/usr/bin/env bash
# The text benchmark of issue 13, every fit in its own process under /usr/bin/time -v (peak RSS and
# wall seconds of the whole process), ours beside SDCA, L-BFGS and fastText on the same documents.
# Usage: run.sh CORPUS_DIR [HIDDEN] [EPOCHS] [what...]   (what: sdca lbfgs twolayer twolayer-words twolayer-sgd-words fasttext)
set -euo pipefail
dir=$1; hidden=${2:-16}; epochs=${3:-5}; shift 3 || true
what=${*:-sdca lbfgs twolayer twolayer-words twolayer-sgd-words fasttext}
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/bin/Release/net10.0/MlNetTwoLayer.TextBenchmark
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$dir/$name.out" 2> "$dir/$name.time" || { echo "$name failed"; tail -5 "$dir/$name.time"; return; }
  local rss wall
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$dir/$name.time")
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$dir/$name.time")
  echo "$name peak_rss_mb=$((rss / 1024)) wall=$wall $(grep -h '^text ' "$dir/$name.out" || true)"
}
for w in $what; do
  case $w in
    sdca|lbfgs) measure "$w" "$bin" fit "$dir" "$w" ;;
    twolayer) measure twolayer "$bin" fit "$dir" twolayer ;;
    twolayer-words) measure twolayer-words "$bin" fit "$dir" twolayer --words --epochs "$epochs" --hidden "$hidden" ;;
    twolayer-sgd-words) measure twolayer-sgd-words "$bin" fit "$dir" twolayer-sgd --words --epochs "$epochs" --hidden "$hidden" ;;
    sdca-words) measure sdca-words "$bin" fit "$dir" sdca --words ;;
    fasttext)
      measure fasttext-train fasttext supervised -input "$dir/train.ft" -output "$dir/ft" -dim "$hidden" -epoch "$epochs" -thread 2 -wordNgrams 2 -verbose 0
      fasttext test "$dir/ft.bin" "$dir/test.ft" | sed 's/^/fasttext test: /' | tr '\n' ' '; echo
      # fastText's work per epoch: every token and every word bigram of every training document.
      awk '{n += 2 * (NF - 1) - 1} END {print "fasttext features_per_epoch=" n}' "$dir/train.ft" ;;
  esac
done
