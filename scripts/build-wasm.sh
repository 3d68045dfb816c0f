#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-pack, --target web, from
# crates/planlens-wasm) and optimises it with npm's wasm-opt (Debian's binaryen 108
# breaks modules; wasm-pack's own download of binaryen cannot reach GitHub here).
#
# Stable Rust as it is: no RUSTC_BOOTSTRAP, no -Z flags. The optimisation level is set
# per package (Cargo applies profiles per crate): the reader (crates/planlens-plan, "s"),
# the rest of the core (2) and rust_decimal (3) for speed, the charts, tables and
# extractor ("z") and the glue ("s") for size: `[profile.wasm]` in Cargo.toml. PLANLENS_WASM_PROFILE
# (another Cargo profile) and PLANLENS_WASM_OPT (wasm-opt's passes; by default
# `--flatten --rereloop -Oz -Oz --converge`, 2.4 KB gzipped smaller than -O3 at the same
# engine speed, BENCHMARKS.md session 7) are for measurements; BENCHMARKS.md ("Page weight") has the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PLANLENS_WASM_PROFILE:-wasm}
wasm-pack build crates/planlens-wasm --target web --profile "$profile" --out-dir ../../pkg --out-name planlens
wasm=pkg/planlens_bg.wasm
before=$(stat -c %s "$wasm")
if [ -x node_modules/.bin/wasm-opt ]; then
  features=(--enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-multivalue --enable-mutable-globals)
  level=${PLANLENS_WASM_OPT:---flatten --rereloop -Oz -Oz --converge}
  node_modules/.bin/wasm-opt "${features[@]}" $level "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
else
  echo "build-wasm: node_modules/.bin/wasm-opt missing (run npm ci); pkg/ is not optimised" >&2
fi
after=$(stat -c %s "$wasm")
echo "build-wasm: $wasm $before -> $after bytes ($(gzip -9c "$wasm" | wc -c) gzipped)"
