#!/usr/bin/env bash
# Installs what a fresh machine lacks, and skips what is there: the wasm32 target,
# wasm-pack, wasm-bindgen-cli at exactly the Cargo.lock version, the npm packages
# (wasm-opt from binaryen, playwright-core), and Debian's Chromium with its driver and
# CJK fonts, and Debian's firefox-esr, for the browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

[ -f Cargo.lock ] || cargo generate-lockfile
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
pids=()
if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack (several minutes)"
  cargo install wasm-pack --locked >/tmp/setup-wasm-pack.log 2>&1 & pids+=($!)
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  # Not --locked: its lock file names a webpki-roots release the registry mirror lacks.
  log "installing wasm-bindgen-cli $want (several minutes; found '${have:-none}')"
  cargo install wasm-bindgen-cli --version "$want" --force >/tmp/setup-wasm-bindgen.log 2>&1 & pids+=($!)
fi

apt_pkgs=()
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
  apt_pkgs+=(chromium chromium-driver fonts-noto-cjk)
fi
# Firefox for tests/e2e/firefox.test.mjs, driven over Marionette (Playwright's patched
# Firefox cannot be downloaded here; Debian's firefox-esr can be installed).
if [ ! -x /usr/bin/firefox-esr ]; then
  apt_pkgs+=(firefox-esr)
fi
# xz packs the wasm into the single page (scripts/build-page.mjs).
if ! command -v xz >/dev/null; then
  apt_pkgs+=(xz-utils)
fi
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  log "installing ${apt_pkgs[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${apt_pkgs[@]}" >/tmp/setup-apt.log 2>&1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

for p in "${pids[@]}"; do
  if ! wait "$p"; then
    log "an install failed; see /tmp/setup-wasm-pack.log and /tmp/setup-wasm-bindgen.log"
    tail -20 /tmp/setup-wasm-*.log || true
    exit 1
  fi
done
log "ready"
