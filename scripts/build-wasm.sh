#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-pack, --target web) and shrinks it
# with npm's wasm-opt (Debian's binaryen 108 breaks modules; wasm-pack's own download
# of binaryen cannot reach GitHub here). The CLI feature (clap, file I/O) stays out.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
wasm-pack build --target web --release --out-dir pkg -- --no-default-features
wasm=pkg/planlens_bg.wasm
before=$(stat -c %s "$wasm")
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -Oz --enable-reference-types --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue \
    --enable-mutable-globals "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
else
  echo "build-wasm: node_modules/.bin/wasm-opt missing (run npm ci); pkg/ is not size-optimised" >&2
fi
after=$(stat -c %s "$wasm")
echo "build-wasm: $wasm $before -> $after bytes ($(gzip -9c "$wasm" | wc -c) gzipped)"
