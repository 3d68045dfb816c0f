//! The WebAssembly binding: the only file that knows about `JsValue`.
//!
//! It converts and nothing else: JS strings and bytes in, a call into the core, JSON
//! strings (the same bytes the CLI prints) or serde-wasm-bindgen values out. Every
//! error crosses through [`into_error`], so JavaScript always catches a real `Error`
//! whose message names the file and the place.
//!
//! Nothing comes in through serde: options are plain arguments (strings), and what is
//! structured (the chart spec, grids, import options) comes as JSON text read by the
//! crates' own readers on the plan reader's cursor, whose refusals name the JSON
//! pointer. A serde `Deserialize` here would bring serde's deserializer and, with its
//! messages, the standard library's float formatting into the WebAssembly.

use planlens::check::{self, Options};
use planlens::plan::Tolerance;
use planlens::plan::{decode_text_owned, Model, SourceFile};
use planlens::report;
use planlens_table as table;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Turns any displayable error into a JavaScript `Error`.
fn into_error<E: std::fmt::Display>(err: E) -> JsError {
    JsError::new(&err.to_string())
}

/// A JavaScript `Error` with the message (English) and, for the page to word in the
/// user's language, `code` and `params` (an object) when the error has a code.
fn coded_error(message: &str, code: Option<&planlens::plan::Code>) -> js_sys::Error {
    let out = js_sys::Error::new(message);
    if let Some(code) = code {
        set(&out, "code", JsValue::from_str(code.name));
        let params = js_sys::Object::new();
        for (k, v) in &code.params {
            set(&params, k, JsValue::from_str(v));
        }
        set(&out, "params", params.into());
    }
    out
}

fn set(target: &JsValue, key: &str, value: JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
}

/// A refused plan as a JavaScript `Error` ([`coded_error`]) with its place (`file`,
/// `line`, `column`, `pointer`).
fn input_error(err: planlens::InputError) -> JsValue {
    let out = coded_error(&err.to_string(), err.code.as_deref());
    set(&out, "file", JsValue::from_str(&err.file));
    let num = |n: Option<usize>| n.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64));
    set(&out, "line", num(err.line));
    set(&out, "column", num(err.column));
    let pointer = err
        .pointer
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str);
    set(&out, "pointer", pointer);
    out.into()
}

/// A chart the spec or the data cannot give, as a JavaScript `Error` ([`coded_error`])
/// with its `pointer` into the spec.
fn spec_error(err: planlens_chart::SpecError) -> JsValue {
    let out = coded_error(&err.to_string(), err.code.as_deref());
    set(&out, "pointer", JsValue::from_str(&err.pointer));
    out.into()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** The editor's chart spec of `Session.chart` and `Session.chartMeta` (docs/CHARTS.md). */
export interface ChartSpec { type?: "trend" | "allocation" | "imbalance" | "multiples"; indicator?: string; areas?: string[]; year?: number; plan?: string; theme?: "light" | "dark"; lang?: "zh" | "en"; width?: number; height?: number; tolerance?: string; y_axis?: "zero" | "fit"; text?: { title?: string; subtitle?: string; notes?: string; source?: string; credit?: string; alt?: string }; series?: { area: string; plan?: string; color?: number; highlight?: boolean; label?: string }[]; annotations?: { area?: string; year?: number; plan?: string; text: string }[] }
/** What `Session.chartMeta` gives (JSON): the chart's texts and the plans it draws. */
export interface ChartMeta { title: string; subtitle: string; notes: string; source: string; credit: string; alt: string; plans: { id: string; doc_no: string | null; title: string | null; name: string }[] }
/** @deprecated The old name of `ChartSpec`. */
export type ChartRequest = ChartSpec;
/** A table as read by the page (www/tables/): cell text row by row, merges relative to the rows (docs/TABLES.md). */
export interface Grid { name: string; sheet?: string | null; caption?: string | null; origin?: [number, number]; rows: string[][]; merges?: { row: number; col: number; rows: number; cols: number }[] }
/** Options of `Session.importTables`: what the table does not say, and role corrections (docs/TABLES.md). */
export interface ImportOptions { indicator?: string; unit?: string; year?: number; areaTotal?: string; planId?: string; sheet?: string; areaColumn?: number; headerRows?: number; totalRow?: number }
/** What `Session.importTables` gives: the plan's text and, per grid, the roles recognised. */
export interface Imported { plan: string; tables: { headerRows: number; areaColumn: number; totalRow?: number; dataRows: number[]; columns: { col: number; year?: number; indicator?: string; unit?: string }[]; unit?: string; shape: "wide" | "long" }[] }
/** One loaded plan. */
export interface PlanInfo { id: string; file: string; title?: string; doc_no?: string; issuer?: string; issued?: string }
"#;

/// A structured argument as JSON text: the text as given, or the value's
/// (`JSON.stringify`); `None` for `undefined` and `null`. `what` names the argument.
fn json_text(v: &JsValue, what: &str) -> Result<Option<String>, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if let Some(t) = v.as_string() {
        return Ok(Some(t));
    }
    match js_sys::JSON::stringify(v).ok().and_then(|t| t.as_string()) {
        Some(t) => Ok(Some(t)),
        None => Err(into_error(format!(
            "{what}: expected a value JSON can hold, or its JSON text"
        ))),
    }
}

/// A chart spec from JavaScript: its JSON text as given, or the object's, read by the core.
fn chart_spec(spec: JsValue) -> Result<planlens_chart::ChartSpec, JsValue> {
    let text = json_text(&spec, "chart spec")?
        .ok_or_else(|| into_error("chart spec: expected an object or its JSON text"))?;
    planlens_chart::ChartSpec::from_json(&text).map_err(spec_error)
}

fn tolerance(t: Option<&str>) -> Result<Option<Tolerance>, JsError> {
    match t.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t
            .parse::<Tolerance>()
            .map(Some)
            .map_err(|e| into_error(format!("tolerance: {e}"))),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportedOut {
    plan: String,
    tables: Vec<RolesOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RolesOut {
    header_rows: usize,
    area_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_row: Option<usize>,
    data_rows: Vec<usize>,
    columns: Vec<ColumnOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    shape: &'static str,
}

#[derive(Serialize)]
struct ColumnOut {
    col: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    indicator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
}

impl From<table::Roles> for RolesOut {
    fn from(r: table::Roles) -> RolesOut {
        RolesOut {
            header_rows: r.header_rows,
            area_column: r.area_column,
            total_row: r.total_row,
            data_rows: r.data_rows,
            columns: r
                .columns
                .into_iter()
                .map(|c| ColumnOut {
                    col: c.col,
                    year: c.year,
                    indicator: c.indicator,
                    unit: c.unit,
                })
                .collect(),
            unit: r.unit,
            shape: match r.shape {
                table::Shape::Wide => "wide",
                table::Shape::Long => "long",
            },
        }
    }
}

#[derive(Serialize)]
struct GridOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    origin: (u32, u32),
    rows: &'a [Vec<String>],
    merges: Vec<MergeOut>,
}

#[derive(Serialize)]
struct MergeOut {
    row: u32,
    col: u32,
    rows: u32,
    cols: u32,
}

/// Plans loaded together, with their validated model.
#[wasm_bindgen]
pub struct Session {
    files: Vec<SourceFile>,
    model: Model,
    /// The report of the last `checkBrief`, whose findings `finding` writes in full.
    last: Option<check::Report>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

#[wasm_bindgen]
impl Session {
    /// An empty session.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session {
            files: Vec::new(),
            model: Model::default(),
            last: None,
        }
    }

    /// The embedded default plan (深府办〔2010〕98号).
    #[wasm_bindgen(js_name = defaultPlan)]
    pub fn default_plan() -> String {
        planlens::DEFAULT_PLAN.to_string()
    }

    /// The name the default plan is shown under.
    #[wasm_bindgen(js_name = defaultPlanName)]
    pub fn default_plan_name() -> String {
        planlens::DEFAULT_PLAN_NAME.to_string()
    }

    /// Adds (or replaces, by name) a plan given as text. On error the session keeps
    /// what it had.
    pub fn add(&mut self, name: &str, text: &str) -> Result<(), JsValue> {
        self.add_file(SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        })
    }

    /// Adds a plan given as bytes: UTF-8 (with or without a byte-order mark) or UTF-16
    /// with one; other encodings are refused with a message.
    #[wasm_bindgen(js_name = addBytes)]
    pub fn add_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsValue> {
        // Owned: UTF-8 bytes become the kept text without a second copy.
        let text = decode_text_owned(name, bytes).map_err(input_error)?;
        self.add_file(SourceFile {
            name: name.to_string(),
            text,
        })
    }

    /// Builds the model from the files again (a report of the old model is dropped);
    /// on error the model is as it was.
    fn reload(&mut self) -> Result<(), planlens::InputError> {
        self.model = Model::load(&self.files)?;
        self.last = None;
        Ok(())
    }

    /// Puts `file` in the list (replacing one of the same name) and reloads; on error
    /// the list is put back as it was. No text is copied: a 40 MB plan is in memory once.
    fn add_file(&mut self, file: SourceFile) -> Result<(), JsValue> {
        let at = self.files.iter().position(|f| f.name == file.name);
        let replaced = match at.and_then(|i| self.files.get_mut(i)) {
            Some(slot) => Some(std::mem::replace(slot, file)),
            None => {
                self.files.push(file);
                None
            }
        };
        match self.reload() {
            Ok(()) => Ok(()),
            Err(e) => {
                match (at.and_then(|i| self.files.get_mut(i)), replaced) {
                    (Some(slot), Some(old)) => *slot = old,
                    _ => {
                        self.files.pop();
                    }
                }
                Err(input_error(e))
            }
        }
    }

    /// Removes a plan by its file name.
    pub fn remove(&mut self, name: &str) -> Result<(), JsError> {
        let Some(at) = self.files.iter().position(|f| f.name == name) else {
            return Ok(());
        };
        let removed = self.files.remove(at);
        match self.reload() {
            Ok(()) => Ok(()),
            Err(e) => {
                self.files.insert(at, removed);
                Err(into_error(e))
            }
        }
    }

    /// Removes every plan.
    pub fn clear(&mut self) {
        self.files.clear();
        self.model = Model::default();
        self.last = None;
    }

    /// The loaded plans: `PlanInfo[]`.
    pub fn plans(&self) -> Result<JsValue, JsError> {
        let list = report::json::plans(&self.model);
        serde_wasm_bindgen::to_value(&list).map_err(into_error)
    }

    /// The plan texts as loaded (for a share link), as `[name, text][]`; `null` when
    /// they are more than `limit` UTF-16 units (JavaScript's string length) in all, so
    /// that a national plan's 40 MB never cross to the page only to be measured.
    pub fn sources(&self, limit: Option<f64>) -> Result<JsValue, JsError> {
        if let Some(limit) = limit {
            // A character takes one to three UTF-8 bytes per UTF-16 unit: past three
            // bytes per unit of the limit the texts are over it, within one byte per
            // unit under it; only in between are the units counted.
            let bytes = self.files.iter().map(|f| f.text.len()).sum::<usize>() as f64;
            let over = bytes > 3.0 * limit
                || (bytes > limit
                    && self
                        .files
                        .iter()
                        .map(|f| f.text.encode_utf16().count())
                        .sum::<usize>() as f64
                        > limit);
            if over {
                return Ok(JsValue::NULL);
            }
        }
        let list: Vec<(&str, &str)> = self
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.text.as_str()))
            .collect();
        serde_wasm_bindgen::to_value(&list).map_err(into_error)
    }

    /// Runs the checks with a tolerance (`"0.5"`, `"0.5%"`; none when absent or blank).
    fn run(&self, tolerance: Option<String>) -> Result<check::Report, JsError> {
        let tolerance = self::tolerance(tolerance.as_deref())?;
        check::run(&self.model, &Options { tolerance }).map_err(into_error)
    }

    /// Runs the checks with `tolerance` (`"0.5"` in the indicator's unit, `"0.5%"` of the
    /// expected value; none when absent or blank); returns the JSON report (the CLI's
    /// `--format json`, byte for byte).
    pub fn check(&self, tolerance: Option<String>) -> Result<String, JsError> {
        let report = self.run(tolerance)?;
        let mut out = Vec::new();
        report::write_report_json(&mut out, &self.model, &report).map_err(into_error)?;
        String::from_utf8(out).map_err(into_error)
    }

    /// Runs the checks; returns the report without the parts of each finding
    /// (`parts_count` says how many there are), which are most of a big plan's report.
    /// `finding(i)` then writes finding `i` of this report in full. With `first`, the
    /// report has only its first `first` findings (the summary counts them all), and
    /// `findingsBrief(first)` gives the others.
    #[wasm_bindgen(js_name = checkBrief)]
    pub fn check_brief(
        &mut self,
        tolerance: Option<String>,
        first: Option<usize>,
    ) -> Result<String, JsError> {
        let report = self.run(tolerance)?;
        let mut out = Vec::new();
        let pieces = report::ReportPieces {
            model: &self.model,
            report: &report,
            detail: report::Detail::Brief,
        };
        pieces.head(&mut out).map_err(into_error)?;
        let n = report.findings.len();
        pieces
            .findings(&mut out, 0..first.unwrap_or(n))
            .map_err(into_error)?;
        pieces.tail(&mut out).map_err(into_error)?;
        self.last = Some(report);
        String::from_utf8(out).map_err(into_error)
    }

    /// The findings of the last `checkBrief` report from `from` on, brief, as a JSON
    /// array.
    #[wasm_bindgen(js_name = findingsBrief)]
    pub fn findings_brief(&self, from: usize) -> Result<String, JsError> {
        let Some(report) = &self.last else {
            return Err(into_error(
                "findingsBrief: no report yet (call checkBrief first)",
            ));
        };
        let pieces = report::ReportPieces {
            model: &self.model,
            report,
            detail: report::Detail::Brief,
        };
        let mut out = Vec::new();
        pieces
            .findings_array(&mut out, from..report.findings.len())
            .map_err(into_error)?;
        String::from_utf8(out).map_err(into_error)
    }

    /// Every plan accounted for (docs/REPORT.md, *Coverage*), as JSON: of the last
    /// `checkBrief` report when there is one (the page's), else of a run with `tolerance`.
    pub fn coverage(&self, tolerance: Option<String>) -> Result<String, JsError> {
        let fresh;
        let report = match &self.last {
            Some(r) => r,
            None => {
                fresh = self.run(tolerance)?;
                &fresh
            }
        };
        let cov = planlens::coverage::account(&self.model, report);
        let mut out = Vec::new();
        planlens::coverage::write_coverage_json(&mut out, &self.model, &cov).map_err(into_error)?;
        String::from_utf8(out).map_err(into_error)
    }

    /// Finding `index` of the last `checkBrief` report in full (with its parts), as JSON.
    pub fn finding(&self, index: usize) -> Result<String, JsError> {
        let Some(report) = &self.last else {
            return Err(into_error("finding: no report yet (call checkBrief first)"));
        };
        let mut out = Vec::new();
        match report::write_finding_json(&mut out, &self.model, report, index) {
            Ok(true) => String::from_utf8(out).map_err(into_error),
            Ok(false) => Err(into_error(format!(
                "finding: no finding {index} (the report has {})",
                report.findings.len()
            ))),
            Err(e) => Err(into_error(e)),
        }
    }

    /// The report as CSV.
    #[wasm_bindgen(js_name = reportCsv)]
    pub fn report_csv(&self, tolerance: Option<String>) -> Result<String, JsError> {
        Ok(report::report_csv(&self.model, &self.run(tolerance)?))
    }

    /// The report as a Markdown table.
    #[wasm_bindgen(js_name = reportMarkdown)]
    pub fn report_markdown(&self, tolerance: Option<String>) -> Result<String, JsError> {
        Ok(report::report_markdown(&self.model, &self.run(tolerance)?))
    }

    /// Draws a chart from a chart spec (`ChartSpec`, docs/CHARTS.md: an object or its
    /// JSON text) as an SVG string, the same bytes as `planlens chart --spec`.
    pub fn chart(&self, spec: JsValue) -> Result<String, JsValue> {
        planlens_chart::draw(&self.model, &chart_spec(spec)?).map_err(spec_error)
    }

    /// What the chart of a spec says without drawing it (`ChartMeta`, as JSON): title,
    /// subtitle, notes, source, credit, alt text and the plans drawn.
    #[wasm_bindgen(js_name = chartMeta)]
    pub fn chart_meta(&self, spec: JsValue) -> Result<String, JsValue> {
        planlens_chart::describe(&self.model, &chart_spec(spec)?)
            .map(|m| m.to_json())
            .map_err(spec_error)
    }

    /// Drafts a plan from plan text, as `planlens extract` does with `--area`, `--plan-id`
    /// and the file's name (each may be left out). Returns JSON `{"plan": "<planlens/1 text>", "marks": [[start, end] | null, …]}`:
    /// `marks[i]` is where the figure of `targets[i]` stands in its `source`, in UTF-16
    /// code units (JavaScript string indices).
    pub fn extract(
        &self,
        text: &str,
        area: Option<String>,
        #[wasm_bindgen(js_name = planId)] plan_id: Option<String>,
        #[wasm_bindgen(js_name = fileName)] file_name: Option<String>,
    ) -> Result<String, JsError> {
        let opts = planlens_extract::Options {
            area_name: area,
            plan_id,
            file_name: file_name.unwrap_or_default(),
        };
        let draft = planlens_extract::extract(text, &opts);
        let (plan, origins) = planlens_extract::draft_plan(&draft, text, &opts);
        let utf16 = |s: &str| s.encode_utf16().count();
        let marks: Vec<Option<(usize, usize)>> = origins
            .iter()
            .map(|&i| {
                let c = draft.targets.get(i)?;
                let sentence = text.get(c.sentence.0..c.sentence.1)?;
                // `source` is the sentence trimmed; offsets count from its first character.
                let lead = sentence.len() - sentence.trim_start().len();
                let from = c.sentence.0 + lead;
                let before = text.get(from..c.span.0)?;
                let figure = text.get(c.span.0..c.span.1)?;
                Some((utf16(before), utf16(before) + utf16(figure)))
            })
            .collect();
        // Written by the engine's JSON writer: no serde_json in the wasm.
        let mut j = planlens::json_out::Json::new();
        j.begin_object().key("marks").begin_array();
        for m in &marks {
            j.item();
            match m {
                Some((a, b)) => {
                    j.begin_array();
                    j.item().count(*a);
                    j.item().count(*b);
                    j.end_array();
                }
                None => {
                    j.null();
                }
            }
        }
        j.end_array().key("plan").str(&plan).end_object();
        Ok(j.into_string())
    }

    /// A table in text (CSV, TSV, or one cell per line as web pages paste), as a `Grid`,
    /// or `null` when the text holds no table (the page then tries it as a plan or prose).
    #[wasm_bindgen(js_name = gridFromText)]
    pub fn grid_from_text(name: &str, text: &str) -> Result<JsValue, JsError> {
        let Some(g) = table::grid_from_text(name, text) else {
            return Ok(JsValue::NULL);
        };
        let out = GridOut {
            name: &g.name,
            sheet: g.sheet.as_deref(),
            caption: g.caption.as_deref(),
            origin: g.origin,
            rows: &g.rows,
            merges: g
                .merges
                .iter()
                .map(|m| MergeOut {
                    row: m.row,
                    col: m.col,
                    rows: m.rows,
                    cols: m.cols,
                })
                .collect(),
        };
        serde_wasm_bindgen::to_value(&out).map_err(into_error)
    }

    /// Imports tables (`Grid[]`, `ImportOptions`: each as its JSON text, as the page
    /// passes them, or as the value) into one plan, as `planlens import` does; returns
    /// `Imported`. The plan is not loaded: the page shows the roles, then `add`s the plan
    /// text. A refused grid or option is named by its JSON pointer (`grids/0/rows/2/1`).
    #[wasm_bindgen(js_name = importTables, unchecked_return_type = "Imported")]
    pub fn import_tables(
        #[wasm_bindgen(unchecked_param_type = "string | Grid[]")] grids: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | ImportOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let grids = json_text(&grids, "grids")?
            .ok_or_else(|| into_error("grids: expected an array of grids or its JSON text"))?;
        let grids = table::Grid::list_from_json(&grids).map_err(into_error)?;
        let opts = match json_text(&options, "options")? {
            Some(text) => table::ImportOptions::from_json(&text).map_err(into_error)?,
            None => table::ImportOptions::default(),
        };
        let imported = table::import(&grids, &opts).map_err(into_error)?;
        let out = ImportedOut {
            plan: imported.plan_json,
            tables: imported.tables.into_iter().map(Into::into).collect(),
        };
        serde_wasm_bindgen::to_value(&out).map_err(into_error)
    }

    /// The pivot, areas, indicators and tasks as JSON (the CLI's `summary --format json`).
    pub fn summary(&self) -> Result<String, JsError> {
        let pivot = planlens::aggregate::pivot(&self.model).map_err(into_error)?;
        let mut out = Vec::new();
        report::write_summary_json(&mut out, &self.model, &pivot).map_err(into_error)?;
        String::from_utf8(out).map_err(into_error)
    }

    /// The summary without `cells` (plans, areas, indicators, tasks): no pivot is
    /// computed. `cells()` gives them when a view needs them.
    #[wasm_bindgen(js_name = summaryBrief)]
    pub fn summary_brief(&self) -> Result<String, JsError> {
        let mut out = Vec::new();
        report::write_summary_json_with(&mut out, &self.model, None).map_err(into_error)?;
        String::from_utf8(out).map_err(into_error)
    }

    /// The pivot's cells as a JSON array (the summary's `cells`).
    pub fn cells(&self) -> Result<String, JsError> {
        let pivot = planlens::aggregate::pivot(&self.model).map_err(into_error)?;
        let mut out = Vec::new();
        report::write_cells_json(&mut out, &self.model, &pivot).map_err(into_error)?;
        String::from_utf8(out).map_err(into_error)
    }
}
