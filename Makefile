# `make` sets up, builds everything and checks the embedded default plan;
# `make test` runs every test. See README.md.
SHELL := /bin/bash
# One shell per recipe, stopped by the first command that fails: with .ONESHELL and no
# -e only a recipe's last line counted, so `cargo fmt --check` in `lint` never failed it.
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.PHONY: all setup build cli wasm page run test test-rust test-wasm test-e2e lint gallery fuzz fuzz-seed fuzz-regress

all: setup build run

setup:
	bash scripts/setup.sh

build: cli page

cli:
	cargo build --release -p planlens-cli

wasm:
	bash scripts/build-wasm.sh

page: wasm
	node scripts/build-page.mjs

run: cli
	./target/release/planlens check

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p planlens-wasm --lib --tests --target wasm32-unknown-unknown -- -D warnings

test-rust:
	cargo test --workspace

test-wasm:
	cd crates/planlens-wasm && CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome -- --test wasm

gallery: cli
	PLANLENS=target/release/planlens bash scripts/gallery.sh

test-e2e: page
	node --test tests/e2e/

test: setup lint test-rust test-wasm test-e2e

# Fuzzing (nightly toolchain and cargo-fuzz; see fuzz/README.md). FUZZ_TIME seconds per target.
fuzz-seed:
	bash fuzz/seed.sh

fuzz: fuzz-seed
	cd fuzz && for t in parse ahead check chart extract table; do cargo +nightly fuzz run $$t corpus/$$t -- -max_total_time=$${FUZZ_TIME:-900} -rss_limit_mb=2048 -timeout=10 -dict=planlens.dict -print_final_stats=1 || exit 1; done

fuzz-regress:
	bash fuzz/regress.sh
