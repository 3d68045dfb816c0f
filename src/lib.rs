//! planlens: checks the numeric targets of development plans.
//!
//! The core reads plan files (`planlens/1`, see docs/FORMAT.md), checks whether the
//! parts add up, what the figures imply and whether targets were met ([`check`]),
//! aggregates ([`aggregate`]) and renders
//! reports ([`report`]). It does no I/O and knows nothing of JavaScript. Charts, tables
//! in and drafting from prose are crates of their own beside it (`crates/planlens-chart`,
//! `planlens-table`, `planlens-extract`); the CLI (`crates/planlens-cli`) and the
//! WebAssembly binding (`crates/planlens-wasm`) are thin layers on top. See
//! ARCHITECTURE.md.

pub mod aggregate;
pub mod check;
pub mod coverage;
pub mod json_out;
pub mod report;

/// The default plan: the district allocation table of 深府办〔2010〕98号.
pub const DEFAULT_PLAN: &str = include_str!("../plans/sz-2010-98.json");
/// The file name the default plan is shown under.
pub const DEFAULT_PLAN_NAME: &str = "sz-2010-98.json";

pub use plan::{InputError, Model, SourceFile};
pub use planlens_plan::{magic, num, order, plan};
