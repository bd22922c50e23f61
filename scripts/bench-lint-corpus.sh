#!/usr/bin/env bash
# Time per dashboard of `dashc check` over the corpus of real dashboards in
# ../shared/corpus/dashboards (release build, one process for all files,
# best of ROUNDS runs). Usage: scripts/bench-lint-corpus.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10}"
corpus=../shared/corpus/dashboards/dashboards
[ -d "$corpus" ] || { echo "missing $corpus (the shared corpus beside the repository)" >&2; exit 2; }
cargo build --release -q -p dashc --bin dashc
target="${CARGO_TARGET_DIR:-target}"
dashc="$target/release/dashc"
files=("$corpus"/*.json)
best=""
for _ in $(seq "$rounds"); do
  start=$(date +%s%N)
  "$dashc" check "${files[@]}" >/dev/null || true
  end=$(date +%s%N)
  ns=$((end - start))
  if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
done
bytes=$(cat "${files[@]}" | wc -c)
echo "dashboards: ${#files[@]}, bytes: $bytes"
awk -v ns="$best" -v n="${#files[@]}" \
  'BEGIN { printf "best of runs: %.1f ms in all, %.2f ms per dashboard\n", ns / 1e6, ns / 1e6 / n }'
