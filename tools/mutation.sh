#!/usr/bin/env bash
# Mutation testing of src/MlNetTwoLayer with Stryker.NET 5.1.0, score printed per folder.
#
#   dotnet tool install -g dotnet-stryker --version 5.1.0
#   tools/mutation.sh                      # every folder (hours on 2 cores; see docs in the notes)
#   tools/mutation.sh Engine/Optimizers Engine/Training  # only these folders (paths under src/MlNetTwoLayer)
#   tools/mutation.sh MlNet/.              # only the files directly in MlNet/ (the ML.NET faces), no subfolder
#   tools/mutation.sh Engine/Network/NetworkEnsemble.cs   # one file
#   FILTER='FullyQualifiedName~MlNet.|FullyQualifiedName~Optimizers' tools/mutation.sh Optimizers
#   CONCURRENCY=2 STRYKER_ARGS='-V debug -L' tools/mutation.sh Engine/Network   # extra Stryker options
#
# Each mutant starts a test host (several seconds on a loaded machine before any test runs), so
# keep FILTER to the tests that cover the folder; the log (-L, under StrykerOutput/<date>/logs) then
# shows every mutant's status as it goes, useful when a run must be stopped early.
#
# Excluded from mutation: Numerics/GemmMicroKernel128.cs, GemmMicroKernel256.cs and
# GemmMicroKernel512.cs, the SSE/AVX2/AVX-512 copies of one register-blocked micro-kernel that differ
# only in vector width. Each is checked element for element against NaiveGemm by the GEMM tests of
# every family the processor has; mutating all three would triple identical mutants (and on a
# processor without AVX-512 the 512 copy cannot even run, so its mutants would all "survive").
# GemmMicroKernelPortable.cs, the scalar form of the same kernel, stays in.
#
# Not part of CI: it rebuilds and re-runs tests once per mutant. Output: the Stryker HTML/JSON
# reports under StrykerOutput/<date>/reports and a per-folder table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
stryker=${STRYKER:-$(command -v dotnet-stryker || echo "$HOME/.dotnet/tools/dotnet-stryker")}
concurrency=${CONCURRENCY:-1}

# The engine folders as they are now, or under Engine/ and MlNet/ once the layout of issue 12 lands.
src=src/MlNetTwoLayer
mutate=()
if [ $# -eq 0 ]; then
  mutate+=(-m "**/*.cs")
else
  for folder in "$@"; do
    case "$folder" in
      # The files directly in src/MlNetTwoLayer (none since the layout of issue 12).
      root) mutate+=(-m "**/$(basename "$src")/*.cs") ;;
      # "MlNet/." = the folder's own files only, not its subfolders (the ML.NET face files): a glob's
      # "*" never crosses a "/", "**" matches zero or more folders.
      */.) mutate+=(-m "**/${folder%/.}/*.cs") ;;
      # One file (e.g. Engine/Network/NetworkEnsemble.cs): a targeted run over code merged after its folder's run.
      *.cs) mutate+=(-m "**/$folder") ;;
      # A folder with everything under it: "MlNet" is the faces AND DataViews/, Onnx/, ...; a bare
      # "Persistence" would match both Engine/Persistence and MlNet/Persistence, so name the parent.
      *) mutate+=(-m "**/$folder/**/*.cs") ;;
    esac
  done
fi
for variant in GemmMicroKernel128 GemmMicroKernel256 GemmMicroKernel512; do
  mutate+=(-m "!**/$variant.cs")
done
# Never mutate what only the compiler reads.
mutate+=(-m "!**/obj/**" -m "!**/IgnoresAccessChecksToAttribute.cs")

extra_args=()
if [ -n "${STRYKER_ARGS:-}" ]; then
  read -r -a extra_args <<< "$STRYKER_ARGS"
fi
filter_args=()
if [ -n "${FILTER:-}" ]; then
  filter_args+=(--test-case-filter "$FILTER")
fi

out="$root/StrykerOutput"
cd tests/MlNetTwoLayer.Tests
start=$(date +%s)
"$stryker" --project MlNetTwoLayer.csproj --configuration Release --concurrency "$concurrency" \
  --reporter json --reporter html --reporter progress --output "$out" --skip-version-check \
  "${mutate[@]}" "${filter_args[@]}" "${extra_args[@]}"
echo "stryker took $(( $(date +%s) - start )) s"

report=$(ls -t "$out"/reports/mutation-report.json 2>/dev/null | head -1)
python3 "$root/tools/mutation_scores.py" "$report"
