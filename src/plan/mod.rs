//! The plan format `planlens/1`: reading, validating and interning plan files.
//!
//! [`raw`] is the contract (the serde types a file is read into, and from which the
//! JSON Schema is generated); [`load`] turns text into raw plans with errors that name
//! the place; [`model`] validates several raw plans together and interns their ids into
//! the dense [`Model`] the checks and aggregation run on. `Model::load` reads files
//! with a reader of its own (`reader`, no serde_json), the `targets` and `actuals`
//! straight into figures (`stream`), without a vector of raw records, and with exactly
//! the errors of the raw types.

mod error;
pub mod load;
pub mod model;
pub mod raw;
mod reader;
mod stream;

pub use error::InputError;
pub use load::{decode_text, parse_only, parse_plan, SourceFile};
pub use model::{
    Area, AreaId, Better, Figure, FigureText, IndId, Indicator, Kind, Model, PlanIdx, PlanMeta,
    Relation, Task, Tolerance,
};

/// The JSON Schema of `planlens/1`, generated from [`raw::PlanFile`].
#[cfg(feature = "schema")]
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(raw::PlanFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
