#!/usr/bin/env bash
# Runs one libFuzzer target: first every kept regression input, then a time-boxed fuzzing
# session from the seeds in a scratch corpus (the committed seeds are never modified). A
# crash leaves its input in regressions/ to be committed with the fix.
set -euo pipefail
fuzzer=$1 seeds=$2 regressions=$3 seconds=$4
mkdir -p "$regressions"
if compgen -G "$regressions/*" >/dev/null; then
  "$fuzzer" -runs=0 -timeout=10 "$regressions"/*
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$seeds"/. "$work"/ 2>/dev/null || true
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$regressions/" "$work"
