# `make` sets up, builds everything and checks the embedded default plan;
# `make test` runs every test. See README.md.
SHELL := /bin/bash
.ONESHELL:
.PHONY: all setup build cli wasm page run test test-rust test-wasm test-e2e lint gallery

all: setup build run

setup:
	bash scripts/setup.sh

build: cli page

cli:
	cargo build --release

wasm:
	bash scripts/build-wasm.sh

page: wasm
	node scripts/build-page.mjs

run: cli
	./target/release/planlens check

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

test-rust:
	cargo test

test-wasm:
	CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome -- --no-default-features --test wasm

gallery: cli
	PLANLENS=target/release/planlens bash scripts/gallery.sh

test-e2e: page
	node --test tests/e2e/

test: setup lint test-rust test-wasm test-e2e
