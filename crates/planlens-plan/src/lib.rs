//! planlens-plan: the reader of plan files (`planlens/1`, see docs/FORMAT.md), the
//! model it builds, exact numbers and the shared sort. It is its own crate so that the
//! WebAssembly build can optimise the reader for speed ("s") and the rest of the core
//! for size ("z"); the core (`planlens`) re-exports every module, so the paths
//! `planlens::plan`, `planlens::num`, `planlens::magic` and `planlens::order` stay.

pub mod magic;
pub mod num;
pub mod order;
pub mod plan;
