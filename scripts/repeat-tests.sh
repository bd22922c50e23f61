#!/usr/bin/env bash
# Runs `cargo test --workspace` N times in a row (default 10) from a directory outside the
# repository, with CARGO_TARGET_DIR outside it too, and reports how many runs passed.
# Meant to be run while something else loads the machine (another build, busy loops): a test
# that depends on timing, on the working directory or on the target directory fails here.
#
#   scripts/repeat-tests.sh [N] [--busy K]    # K busy loops beside the runs (default 0)
#
# Environment: REPEAT_TARGET_DIR (default: a fresh temporary directory, built once cold).
# Logs of failed runs are kept and named at the end. Exit status: 0 only if every run passed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=10
busy=0
while [ $# -gt 0 ]; do
  case "$1" in
    --busy) busy="$2"; shift 2 ;;
    --busy=*) busy="${1#*=}"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) runs="$1"; shift ;;
  esac
done
case "$runs$busy" in *[!0-9]*) echo "usage: $0 [N] [--busy K] (whole numbers)" >&2; exit 2 ;; esac

outside=$(mktemp -d "${TMPDIR:-/tmp}/dashc-repeat.XXXXXX")
target=${REPEAT_TARGET_DIR:-$outside/target}
pids=()
cleanup() { for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT
for _ in $(seq 1 "$busy"); do yes >/dev/null & pids+=($!); done

passed=0
failed_logs=()
for i in $(seq 1 "$runs"); do
  log="$outside/run-$i.log"
  start=$(date +%s)
  if (cd "$outside" && CARGO_TARGET_DIR="$target" cargo test --workspace \
        --manifest-path "$repo/Cargo.toml" >"$log" 2>&1); then
    passed=$((passed + 1)); verdict=passed
  else
    failed_logs+=("$log"); verdict=FAILED
  fi
  summary=$(grep -E '^test result:' "$log" | awk '{p+=$4; f+=$6} END {printf "%d passed, %d failed", p, f}')
  echo "run $i/$runs: $verdict ($summary; $(( $(date +%s) - start )) s)"
done
echo "$passed of $runs runs passed (CARGO_TARGET_DIR=$target, from $outside, $busy busy loops)"
for log in ${failed_logs[@]+"${failed_logs[@]}"}; do echo "failed run's log: $log"; done
[ "$passed" = "$runs" ]
