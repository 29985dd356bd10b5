#!/usr/bin/env bash
# Re-tests single mutants by hand with Stryker.NET's own mutated assembly, to check its verdicts.
#
#   tools/mutation_switch.sh BIN OUT FILTER ID...
#
# BIN: a COPY of tests/MlNetTwoLayer.Tests/bin/Release/net10.0 of a scratch clone taken after a
# tools/mutation.sh run has started testing (Stryker then has put its mutated MlNetTwoLayer.dll there;
# `strings -e l BIN/MlNetTwoLayer.dll | grep STRYKER` shows it). A test assembly built later from the same
# src may be copied over the copy's MlNetTwoLayer.Tests.dll, to try new tests against the run's mutants.
# Mutant ids are the run's (its JSON report, or "Mutant N created" in its -L log).
# Each id is switched on the way Stryker's VsTest runner does it (MutantControl reads the environment
# variable named by STRYKER_MUTANT_ID_CONTROL_VAR) and the FILTER's tests run once; a line per id is
# appended to OUT: id, verdict (Killed / Survived / Crashed = the test host died / Timeout), seconds,
# the summary line and the first failing test. -1 switches nothing (the baseline: must say Survived).
#
# Why: Stryker 5.1.0 counted as survived mutants whose test host crashed (unsafe GEMM code writing out
# of bounds) and mutants that the tests of an xUnit theory kill (docs/mutation-equivalents.md, session 5).
# Keep FILTER narrow (a session at load 20 costs 10-60 s); TIMEOUT (s, default 180) per id.
set -uo pipefail
bin=$1; out=$2; filter=$3; shift 3
for id in "$@"; do
  start=$(date +%s)
  log=$(STRYKER_MUTANT_ID_CONTROL_VAR=MUTATION_SWITCH_ID MUTATION_SWITCH_ID=$id timeout "${TIMEOUT:-180}" \
    dotnet test "$bin/MlNetTwoLayer.Tests.dll" --filter "$filter" -- xUnit.StopOnFail=true 2>&1); rc=$?
  summary=$(echo "$log" | grep -E "^(Passed|Failed)!" | tail -1 | sed 's/ - MlNetTwoLayer.Tests.dll.*//')
  if [ $rc -eq 124 ]; then verdict=Timeout
  elif echo "$log" | grep -q "Test host process crashed"; then verdict=Crashed
  elif echo "$summary" | grep -q "^Failed!"; then verdict=Killed
  elif echo "$summary" | grep -q "^Passed!"; then verdict=Survived
  else verdict=Unknown; fi
  first=$(echo "$log" | grep -m1 -E "^\s+Failed [A-Za-z]" | sed 's/^ *//' | cut -c1-150)
  printf '%s\t%s\t%ss\t%s\t%s\n' "$id" "$verdict" "$(( $(date +%s) - start ))" "$summary" "$first" >> "$out"
done
