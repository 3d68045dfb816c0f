#!/usr/bin/env bash
# Draws the chart gallery (docs/gallery/) from the transcribed plans with the real CLI:
# one SVG per line of docs/gallery/charts.tsv, and docs/gallery/README.md showing them.
# tests/gallery.rs draws the same list and compares byte for byte, so run this after an
# intended change of the charts or the plans and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${PLANLENS:-target/release/planlens}
[ -n "${PLANLENS:-}" ] || cargo build --release --quiet
out=docs/gallery
{
  echo "# Chart gallery"
  echo
  echo "Drawn by \`make gallery\` from the transcribed plans in [plans/](../../plans) with the"
  echo "CLI; the page draws the same bytes (the same Rust code, compiled to WebAssembly)."
  echo "\`tests/gallery.rs\` keeps these files current. The list is [charts.tsv](charts.tsv)."
  echo
} >"$out/README.md"
n=0
while IFS=$'\t' read -r name files args caption; do
  case "$name" in ''|'#'*) continue ;; esac
  paths=()
  for f in $files; do paths+=("plans/$f"); done
  # shellcheck disable=SC2086 # the arguments are words by design
  "$bin" chart "${paths[@]}" $args -o "$out/$name.svg"
  {
    echo "## $name"
    echo
    echo "$caption"
    echo
    echo "![$name]($name.svg)"
    echo
    echo '```sh'
    echo "planlens chart ${paths[*]} $args"
    echo '```'
    echo
  } >>"$out/README.md"
  n=$((n + 1))
done <"$out/charts.tsv"
echo "gallery: $n charts in $out/"
