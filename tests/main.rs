//! The integration suite of the workspace: one test binary, a module per area.
//! It belongs to crates/planlens-cli (so `assert_cmd` can run the real `planlens`
//! binary) and reaches the core as a library. Data lives beside its module: `fixtures.rs`
//! reads `fixtures/`, `hostile.rs` reads `hostile/`, `golden.rs` reads `golden/`,
//! `extract.rs` reads `extract/`.
#![cfg(not(target_arch = "wasm32"))]

mod expect;
mod shenzhen;

mod cli;
mod coverage;
mod extract;
mod fixtures;
mod gallery;
mod golden;
mod hostile;
mod import;
mod properties;
mod scale;
mod threads;
