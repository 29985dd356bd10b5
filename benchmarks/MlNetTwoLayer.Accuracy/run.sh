#!/usr/bin/env bash
# The accuracy suite in one command (issue 15), from the repository root:
#   bash benchmarks/MlNetTwoLayer.Accuracy/run.sh            # full: every set, seeds 0/1/2 (hours on 2 shared cores)
#   bash benchmarks/MlNetTwoLayer.Accuracy/run.sh --quick    # 7 small sets, seed 0 (minutes)
# Extra arguments go to the .NET runner for our trainer, e.g. --set LearningRate=0.001 --suffix lr001.
# Writes results/<mode>-{python,mlnet,ours}.jsonl and results.md (quick: results-quick.md). Needs
# Debian's python3-sklearn for the scikit-learn peers (skipped with a note when absent).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mode=full; quick=()
if [[ "${1:-}" == "--quick" ]]; then mode=quick; quick=(--quick); shift; fi
out="$here/results"; mkdir -p "$out"
rm -f "$out/$mode-python.jsonl" "$out/$mode-mlnet.jsonl" "$out/$mode-ours.jsonl"
dotnet build "$here/MlNetTwoLayer.Accuracy.csproj" -c Release -v quiet -nologo
bin="$here/bin/Release/net10.0/MlNetTwoLayer.Accuracy"
if /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
  # One BLAS/OpenMP thread: on a shared 2-core machine spinning threads only add noise; CPU time is reported too.
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 "$here/peers.py" "${quick[@]}" --raw "$out/$mode-python.jsonl"
else
  echo "python3-sklearn not installed (apt-get install -y python3-sklearn): no scikit-learn peers in this report." >&2
fi
# SDCA last: with its defaults it is by far the slowest learner here.
nice -n 10 "$bin" "${quick[@]}" --peers-only --peers LbfgsMaximumEntropy,LightGbm --raw "$out/$mode-mlnet.jsonl"
nice -n 10 "$bin" "${quick[@]}" --peers-only --peers SdcaMaximumEntropy --raw "$out/$mode-mlnet.jsonl"
nice -n 10 "$bin" "${quick[@]}" --ours-only --raw "$out/$mode-ours.jsonl" "$@"
report="$here/results.md"; [[ $mode == quick ]] && report="$here/results-quick.md"
"$bin" "${quick[@]}" --report-only --merge "$out/$mode-python.jsonl,$out/$mode-mlnet.jsonl,$out/$mode-ours.jsonl" \
  --report "$report" --title "Accuracy suite ($mode)"
