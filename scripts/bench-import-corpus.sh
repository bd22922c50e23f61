#!/usr/bin/env bash
# Time of `dashc import` over the corpus of real dashboards in
# ../shared/corpus/dashboards (release build, one process per dashboard, as
# a user imports them; best of ROUNDS runs of the whole corpus). Dashboards
# that cannot be carried over still count: the importer reads, migrates and
# checks them before it reports why. Usage: scripts/bench-import-corpus.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10}"
corpus=../shared/corpus/dashboards/dashboards
[ -d "$corpus" ] || { echo "missing $corpus (the shared corpus beside the repository)" >&2; exit 2; }
cargo build --release -q -p dashc --bin dashc
target="${CARGO_TARGET_DIR:-target}"
dashc="$target/release/dashc"
files=("$corpus"/*.json)
imported=0
for f in "${files[@]}"; do
  if "$dashc" import "$f" >/dev/null 2>&1; then imported=$((imported + 1)); fi
done
best=""
for _ in $(seq "$rounds"); do
  start=$(date +%s%N)
  for f in "${files[@]}"; do "$dashc" import "$f" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  ns=$((end - start))
  if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
done
echo "dashboards: ${#files[@]}, imported: $imported"
awk -v ns="$best" -v n="${#files[@]}" \
  'BEGIN { printf "best of runs: %.1f ms for the corpus, %.2f ms per dashboard\n", ns / 1e6, ns / 1e6 / n }'
