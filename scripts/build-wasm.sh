#!/usr/bin/env bash
# Builds the WebAssembly package into pkg/ (wasm-pack, --target web) and shrinks it
# with npm's wasm-opt (Debian's binaryen 108 breaks modules; wasm-pack's own download
# of binaryen cannot reach GitHub here). The CLI feature (clap, file I/O) stays out.
#
# The page has a size budget (200 KB gzipped, issue #4), so this build also rebuilds
# the standard library for size, measured in BENCHMARKS.md ("Page weight"):
# - `-Zbuild-std` with `optimize_for_size` (std's own small code paths) and
#   `-Cpanic=immediate-abort` (a panic is a trap with no message: no formatting of
#   panic messages or locations is linked; the core never panics by design, and a
#   panic with `panic=abort` was already a trap that killed the module);
# - these are unstable options of the *stable* compiler, unlocked with
#   RUSTC_BOOTSTRAP=1 (as the Linux kernel does) rather than a pinned nightly; they
#   need the rust-src component (scripts/setup.sh adds it). PLANLENS_PLAIN_WASM=1
#   builds without them (bigger, same behaviour).
# - wasm-opt: -Oz with --converge, plus --low-memory-unused (Rust's linker keeps the
#   first KB of memory unused, so addresses there are never computed) and
#   --flatten --rereloop first (a better control flow before -Oz).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
cargo_args=(--no-default-features)
if [ "${PLANLENS_PLAIN_WASM:-}" != 1 ]; then
  if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
    echo "build-wasm: the rust-src component is missing: rustup component add rust-src (or PLANLENS_PLAIN_WASM=1)" >&2
    exit 1
  fi
  export RUSTC_BOOTSTRAP=1
  export RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort"
  cargo_args+=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
fi
wasm-pack build --target web --release --out-dir pkg -- "${cargo_args[@]}"
wasm=pkg/planlens_bg.wasm
before=$(stat -c %s "$wasm")
if [ -x node_modules/.bin/wasm-opt ]; then
  features=(--enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-multivalue --enable-mutable-globals)
  node_modules/.bin/wasm-opt "${features[@]}" --flatten --rereloop -Oz -Oz \
    --low-memory-unused --converge "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
else
  echo "build-wasm: node_modules/.bin/wasm-opt missing (run npm ci); pkg/ is not size-optimised" >&2
fi
after=$(stat -c %s "$wasm")
echo "build-wasm: $wasm $before -> $after bytes ($(gzip -9c "$wasm" | wc -c) gzipped, $(xz -9e -c "$wasm" 2>/dev/null | wc -c) as xz)"
