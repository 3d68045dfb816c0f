//! Criterion benchmarks of the engine (issue #5). Work in progress.
fn main() {}
