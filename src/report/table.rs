//! The report as rows of text: CSV (RFC 4180) and a Markdown table.

use crate::check::Report;
use crate::num::{fmt_dec, fmt_interval};
use crate::plan::Model;

/// One finding as the strings every tabular output shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub status: &'static str,
    pub check: &'static str,
    pub indicator: String,
    pub area: String,
    pub year: String,
    pub unit: String,
    pub expected: String,
    pub actual: String,
    pub difference: String,
    pub missing: String,
    pub plans: String,
    /// `"exceeded"` for a met progress finding beyond a range's good end, else empty.
    pub exceeded: &'static str,
}

impl Row {
    pub const HEADER: [&'static str; 12] = [
        "status",
        "check",
        "indicator",
        "area",
        "year",
        "unit",
        "expected",
        "actual",
        "difference",
        "missing",
        "plans",
        "exceeded",
    ];

    pub fn cells(&self) -> [&str; 12] {
        [
            self.status,
            self.check,
            &self.indicator,
            &self.area,
            &self.year,
            &self.unit,
            &self.expected,
            &self.actual,
            &self.difference,
            &self.missing,
            &self.plans,
            self.exceeded,
        ]
    }

    /// The rows of a report, in report order (failures first).
    pub fn all(model: &Model, report: &Report) -> Vec<Row> {
        let area = |a: u32| model.area(a).map_or("?".to_string(), |x| x.name.clone());
        let ind = |i: u32| {
            model
                .indicator(i)
                .map_or("?".to_string(), |x| x.name.clone())
        };
        let plan = |p: u16| {
            model
                .plans
                .get(p as usize)
                .map_or("?".to_string(), |x| x.display_name().to_string())
        };
        report
            .findings
            .iter()
            .map(|f| {
                let by_area = f.parts_are_areas(model);
                let missing: Vec<String> = report
                    .missing(f)
                    .map(|id| if by_area { area(id) } else { ind(id) })
                    .collect();
                let diff = match f.difference {
                    Some(d) if d > crate::num::Dec::ZERO => format!("+{}", fmt_dec(d)),
                    Some(d) => fmt_dec(d),
                    None => String::new(),
                };
                Row {
                    status: f.status.name(),
                    check: f.check.name(),
                    indicator: ind(f.ind),
                    area: area(f.area),
                    // A hidden year as the document writes it ("20XX").
                    year: f
                        .hidden_year(model)
                        .map_or_else(|| f.year.to_string(), str::to_string),
                    unit: model
                        .indicator(f.ind)
                        .map_or(String::new(), |i| i.unit_text.clone()),
                    expected: fmt_interval(&f.expected, false),
                    actual: f
                        .actual
                        .map(|a| fmt_interval(&a, f.approx))
                        .unwrap_or_default(),
                    difference: diff,
                    missing: if f.missing_more > 0 {
                        format!("{}…(+{})", missing.join("、"), f.missing_more)
                    } else {
                        missing.join("、")
                    },
                    plans: std::iter::once(plan(f.plans.0))
                        .chain(f.plans.1.map(plan))
                        .collect::<Vec<_>>()
                        .join(" / "),
                    exceeded: if f.exceeded(model) { "exceeded" } else { "" },
                }
            })
            .collect()
    }
}

fn csv_field(s: &str) -> String {
    // Plan text never drives a terminal the CSV is printed on: control characters other
    // than line breaks and tabs (ESC, BEL, NUL…) become U+FFFD, as in the text report.
    let s: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect();
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The report as CSV with a header row (UTF-8; lines end in CRLF as RFC 4180 says).
pub fn report_csv(model: &Model, report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&Row::HEADER.join(","));
    out.push_str("\r\n");
    for r in Row::all(model, report) {
        let cells: Vec<String> = r.cells().iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A Markdown table cell: pipes and backslashes escaped, line breaks joined, `<`, `>`,
/// `&` written as entities so that plan text never becomes HTML in a renderer, and
/// other control characters (ESC, BEL, NUL…) replaced by U+FFFD, as in the text report.
fn md_cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// The report as a Markdown table, preceded by a one-line summary.
pub fn report_markdown(model: &Model, report: &Report) -> String {
    use crate::check::Status;
    let mut out = format!(
        "**{} fail, {} uncertain, {} incomplete, {} ok, {} info**\n\n",
        report.count(Status::Fail),
        report.count(Status::Uncertain),
        report.count(Status::Incomplete),
        report.count(Status::Ok),
        report.count(Status::Info)
    );
    out.push_str(&format!("| {} |\n", Row::HEADER.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(Row::HEADER.len())));
    for r in Row::all(model, report) {
        let cells: Vec<String> = r.cells().iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// The notes of [`notes`] as a Markdown list (after the table; the CLI appends it, the
/// page words the findings itself and leaves the English sentences out of its engine).
pub fn markdown_notes(model: &Model, report: &Report) -> String {
    let mut out = String::new();
    for n in notes(model, report) {
        if out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("- {}\n", md_cell(&n)));
    }
    out
}

/// One line per implied or required finding: the indicator, area, and the sentence.
pub fn notes(model: &Model, report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter_map(|f| {
            let s = crate::report::explain(model, report, f)?;
            let ind = model.indicator(f.ind).map_or("?", |i| i.name.as_str());
            let area = model.area(f.area).map_or("?", |a| a.name.as_str());
            Some(format!("{} {ind}, {area}: {s}", f.check.name()))
        })
        .collect()
}
