//! The format `planlens/1`: reading, validating and interning plan files.
//!
//! The modules are layered, each using only those above it in this list:
//! - [`error`]: [`InputError`], a refusal that names the file and the place;
//! - `json`: the byte cursor over a file's text (JSON's syntax, nothing of the format);
//! - [`format`]: the objects of the format, each declared once (type, keys, how each
//!   value is read, JSON Schema), read with that cursor;
//! - [`parse`]: bytes to text, the top level of a file, errors with line, column and
//!   JSON pointer;
//! - [`model`]: the types of the dense [`Model`] the checks and aggregation run on;
//! - `build`: `Model::load`, which parses the files with their records going straight
//!   into figures and holds them to every rule of the format;
//! - `ahead`: a big file's later records read on a second thread and taken over by
//!   `build` (`Model::load_ahead`, for the CLI).

mod ahead;
mod build;
mod error;
pub mod format;
pub mod json;
pub mod model;
pub mod parse;

pub use ahead::{Ahead, ReadAhead};
pub use error::{Code, InputError};
pub use format::Tolerance;
pub use model::{
    Area, AreaId, Better, Figure, FigureText, IndId, Indicator, Kind, Model, PlanIdx, PlanMeta,
    Relation, Task,
};
pub use parse::{decode_text, decode_text_owned, parse_only, Source, SourceFile};

/// The JSON Schema of `planlens/1`, generated from [`format::PlanFile`].
#[cfg(feature = "schema")]
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(format::PlanFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

#[cfg(test)]
mod tests;
