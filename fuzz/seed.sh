#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/, not committed) from the transcribed
# plans, the test fixtures, the small files of the hostile corpus and the committed
# regression inputs. Idempotent: files are named by their hash.
# Usage: bash fuzz/seed.sh   (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out/parse" "$out/ahead" "$out/reader" "$out/check" "$out/chart" "$out/extract" "$out/table"

put() { # put TARGET FILE: copy FILE into the corpus under its hash
  cp "$2" "$out/$1/$(sha1sum "$2" | cut -c1-16)"
}

# parse: every plan-like file as it is (64 KiB at most: larger ones slow the fuzzer).
n=0
for f in plans/*.json tests/fixtures/check/*/*.json tests/fixtures/errors/*.json \
         tests/hostile/*.json tests/hostile/*.bin fuzz/regressions/parse/*; do
  [ -f "$f" ] || continue
  case "$f" in */expected*) continue ;; esac
  [ "$(stat -c %s "$f")" -le 65536 ] || continue
  put parse "$f"
  put reader "$f"
  # ahead: the file behind a two-byte offset (little-endian), its middle.
  half=$(( $(stat -c %s "$f") / 2 ))
  tmp=$(mktemp)
  { printf "\\$(printf %03o $((half % 256)))\\$(printf %03o $((half / 256)))"; cat "$f"; } > "$tmp"
  put ahead "$tmp"
  rm -f "$tmp"
  n=$((n + 1))
done
echo "parse, reader and ahead: $n seeds"

# chart: a 16-byte request header (see spec_from in fuzz/src/lib.rs) in front of each
# plan: the four chart types, the first indicators, one area, every year, 640×400-ish.
headers=(
  '\x00\x01\x01\x00\x00\x00\x00\x00\x20\x80\x20\x80\x00\x00\x00\x00'
  '\x01\x01\x01\x00\x00\x00\x00\x00\x20\x80\x20\x80\x00\x00\x00\x00'
  '\x02\x00\x00\x00\x00\x00\x00\x00\x20\x80\x20\x80\x01\x00\x00\x00'
  '\x03\x02\x01\x00\x00\x00\x00\x00\x20\x80\x20\x80\x02\x00\x00\x00'
)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
n=0
for f in plans/*.json tests/fixtures/check/*/*.json tests/hostile/*.json; do
  [ -f "$f" ] || continue
  case "$f" in */expected*) continue ;; esac
  [ "$(stat -c %s "$f")" -le 65536 ] || continue
  for h in "${headers[@]}"; do
    { printf '%b' "$h"; cat "$f"; } > "$tmp"
    put chart "$tmp"
    n=$((n + 1))
  done
done
for f in fuzz/regressions/chart/*; do [ -f "$f" ] && put chart "$f" && n=$((n + 1)); done
echo "chart: $n seeds"

# check: structured input, any bytes will do; a few random blobs get it going faster.
n=0
for f in fuzz/regressions/check/*; do [ -f "$f" ] && put check "$f" && n=$((n + 1)); done
for i in 1 2 3 4 5 6 7 8; do
  head -c $((256 * i)) /dev/urandom > "$tmp"
  put check "$tmp"
  n=$((n + 1))
done
echo "check: $n seeds"

# extract: the gold passages of the extractor (plan text).
n=0
for f in tests/extract/passages/*.txt; do
  [ -f "$f" ] || continue
  put extract "$f"
  n=$((n + 1))
done
echo "extract: $n seeds"

# table: every text table of the import fixtures, behind a flags byte of 0 (no options).
n=0
for f in tests/fixtures/import/*/*.tsv tests/fixtures/import/*/*.csv tests/fixtures/import/*/*.txt; do
  [ -f "$f" ] || continue
  { printf '\0'; cat "$f"; } > "$out/table/$(sha1sum "$f" | cut -c1-16)"
  n=$((n + 1))
done
echo "table: $n seeds"
