//! Reports for people and programs: the JSON contract, CSV and Markdown.
//!
//! This is the edge of the core: the check and aggregation types stay free to change,
//! and the JSON shapes written here are what the CLI prints and the page
//! receives. Text rendering writes into any `fmt::Write` or `io::Write` the caller
//! gives; nothing here opens a file.

pub mod explain;
pub mod json;
pub mod table;

pub use explain::explain;
pub use json::{
    write_cells_json, write_finding_json, write_report_json, write_report_json_with,
    write_summary_json, write_summary_json_with, Detail, ReportPieces,
};
pub use table::{markdown_notes, notes, report_csv, report_markdown, Row};
