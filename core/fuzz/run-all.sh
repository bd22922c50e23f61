#!/bin/sh
# Runs the given targets one after another, ten minutes each on one core,
# logging to fuzz/logs/<target>.log (built first with `cargo fuzz build -s none`).
# Usage, from core/: fuzz/run-all.sh lint import catalog checks dsl
set -u
fuzz=$(cd "$(dirname "$0")" && pwd)
bin="${CARGO_TARGET_DIR:-$fuzz/target}/x86_64-unknown-linux-gnu/release"
mkdir -p "$fuzz/logs"
for t in "$@"; do
    mkdir -p "$fuzz/corpus/$t" "$fuzz/artifacts/$t"
    "$bin/$t" -max_total_time="${FUZZ_SECONDS:-600}" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$fuzz/artifacts/$t/" "$fuzz/corpus/$t" >"$fuzz/logs/$t.log" 2>&1
    echo "$t exit $?" >>"$fuzz/logs/runs.txt"
done
