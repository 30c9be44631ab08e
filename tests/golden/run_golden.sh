#!/usr/bin/env bash
# Scans a golden input with the shipped rule pack and compares the detections with the
# expected file, byte for byte. UPDATE_GOLDEN=1 rewrites the expected file instead.
set -euo pipefail
binary=$1
input=$2
expected=$3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
rules=$(cd "$(dirname "$0")/../../rules" && pwd)
# A fixed "now" makes detection_time reproducible; scanning from the input's directory
# makes the source file name (and so the detection ids) the same in every checkout.
# --quiet keeps stderr for errors only.
(cd "$(dirname "$input")" &&
  "$binary" scan --quiet --fixed-time 2026-06-01T00:00:00Z --rules "$rules" "$(basename "$input")") >"$actual"
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$actual" "$expected"
  echo "updated $expected"
  exit 0
fi
if ! diff -u "$expected" "$actual"; then
  echo "golden mismatch for $input (UPDATE_GOLDEN=1 ctest -L golden to accept)" >&2
  exit 1
fi
echo "$(wc -l <"$actual") detections as expected"
