#!/usr/bin/env bash
# Replays every kept regression input (fuzz/regressions/<target>/*) once, without
# fuzzing, one process per input so that every failing one is listed. Exits non-zero
# when any still fails.
# Usage: bash fuzz/regress.sh [target…]   (needs cargo-fuzz and the nightly toolchain)
set -uo pipefail
cd "$(dirname "$0")"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse reader check chart extract)
cargo +nightly fuzz build >/dev/null 2>&1 || { echo "cargo fuzz build failed"; exit 2; }
failed=()
for t in "${targets[@]}"; do
  for f in regressions/"$t"/*; do
    [ -f "$f" ] || continue
    if cargo +nightly fuzz run "$t" "$f" -- -runs=1 -timeout=10 -rss_limit_mb=2048 >"/tmp/planlens-regress.$$" 2>&1; then
      echo "ok    $f"
    else
      echo "FAIL  $f: $(grep -m1 -E 'panicked at|ERROR: libFuzzer' -A1 "/tmp/planlens-regress.$$" | tail -1)"
      failed+=("$f")
    fi
  done
done
rm -f "/tmp/planlens-regress.$$"
[ ${#failed[@]} -eq 0 ] || { echo "${#failed[@]} regression input(s) still fail"; exit 1; }
