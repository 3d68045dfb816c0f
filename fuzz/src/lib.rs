//! Shared parts of the fuzz targets: running the whole engine on loaded files with
//! cheap oracles, a structured plan generator that reaches the checks with valid-ish
//! plans, and the chart request read from a fixed 16-byte header.
//!
//! A panic anywhere here is a finding: either the engine broke a rule (it panicked,
//! wrote invalid JSON, gave two answers for one input) or an oracle saw a wrong sum.

use arbitrary::{Arbitrary, Unstructured};
use planlens_chart::{ChartOptions, ChartSpec, ChartType, Lang, Theme};
use planlens::check::{self, CheckKind, Options, Report, Status};
use planlens::num::Dec;
use planlens::plan::Tolerance;
use planlens::report;
use planlens::{Model, SourceFile};

/// Loads the files and, when they load, runs every check, every report writer and
/// the pivot. Returns the model for further use (charts).
pub fn exercise(files: &[SourceFile], opts: &Options) -> Option<Model> {
    let model = match Model::load(files) {
        Ok(m) => m,
        Err(e) => {
            let msg = e.to_string();
            // Every refusal names the file it is about.
            assert!(
                files.iter().any(|f| msg.starts_with(&f.name)),
                "an input error that names no file: {msg}"
            );
            assert!(!e.message.is_empty(), "an empty message: {msg}");
            return None;
        }
    };
    match check::run(&model, opts) {
        Ok(rep) => {
            oracle(&model, &rep, opts);
            let mut out = Vec::new();
            if let Err(e) = report::write_report_json(&mut out, &model, &rep) {
                panic!("writing the report failed: {e}");
            }
            valid_json(&out, "report");
            let _ = report::report_csv(&model, &rep);
            let _ = report::report_markdown(&model, &rep);
        }
        Err(e) => assert!(!e.0.is_empty(), "an empty check error"),
    }
    if let Ok(pv) = planlens::aggregate::pivot(&model) {
        let mut out = Vec::new();
        if let Err(e) = report::write_summary_json(&mut out, &model, &pv) {
            panic!("writing the summary failed: {e}");
        }
        valid_json(&out, "summary");
    }
    Some(model)
}

/// The report of one model as JSON bytes (for determinism checks).
pub fn report_bytes(model: &Model, opts: &Options) -> Option<Vec<u8>> {
    let rep = check::run(model, opts).ok()?;
    let mut out = Vec::new();
    report::write_report_json(&mut out, model, &rep).ok()?;
    Some(out)
}

fn valid_json(bytes: &[u8], what: &str) {
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(bytes) {
        panic!(
            "the {what} is not valid JSON ({e}): {}",
            String::from_utf8_lossy(bytes.get(..2000).unwrap_or(bytes))
        );
    }
}

/// Sums of exact figures without tolerance or approximation must be exactly right:
/// `actual` is the sum of the parts, `difference` is `actual − expected`, and the
/// status is ok exactly when the difference is zero.
fn oracle(model: &Model, rep: &Report, opts: &Options) {
    for f in &rep.findings {
        if !matches!(f.check, CheckKind::AreaSum | CheckKind::IndicatorSum) {
            continue;
        }
        let tol = model
            .indicator(f.ind)
            .and_then(|i| i.tolerance)
            .or(opts.tolerance);
        if f.status == Status::Incomplete || f.approx || tol.is_some() {
            continue;
        }
        let Some(expected) = f.expected.as_point() else {
            continue;
        };
        let parts = rep.parts(f);
        let mut sum = Some(Dec::ZERO);
        for p in parts {
            let v = p.value.and_then(|v| v.as_point());
            sum = match (sum, v) {
                (Some(s), Some(v)) => s.checked_add(v),
                _ => None,
            };
        }
        let Some(sum) = sum else { continue };
        assert_eq!(
            f.actual.and_then(|a| a.as_point()),
            Some(sum),
            "actual is not the sum of the parts: {f:?} {parts:?}"
        );
        let diff = sum.checked_sub(expected);
        assert_eq!(f.difference, diff, "wrong difference: {f:?}");
        let ok = diff.is_some_and(|d| d.is_zero());
        assert_eq!(f.status == Status::Ok, ok, "wrong status: {f:?} {parts:?}");
    }
}

// ---------------------------------------------------------------------------
// The structured plan generator.
// ---------------------------------------------------------------------------

/// Numbers that sit on the edges of the exact decimal type and of the parser.
const EDGE: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "1",
    "-1",
    "0.1",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "79228162514264337593543950336",
    "7.9e28",
    "-7.9e28",
    "3.96e28",
    "1e28",
    "1e29",
    "1e400",
    "1e-28",
    "1e-29",
    "1e-400",
    "123456789012345678901234567890",
    "1234567890123456789012345678",
    "0e999999",
    "1.4e4",
    "25e-2",
    "1E+28",
    "9.999999999999999999999999999",
    "1e-9223372036854775807",
    // i64::MIN as the exponent: subtracting it from the scale overflowed (a panic in
    // debug builds, found by the parse target).
    "1e-9223372036854775808",
    "1.5e-9223372036854775807",
    "1e9223372036854775807",
    "100000000000000000000000000000e-2",
];

const UNITS: &[&str] = &[
    "家",
    "个",
    "亿元",
    "万元",
    "元",
    "万亿元",
    "%",
    "‰",
    "百分点",
    "千瓦",
    "万千瓦",
    "人",
    " 亿元 ",
    "",
];

const DUES: &[&str] = &[
    "2011",
    "2011-12",
    "2011-12-31",
    "2011-Q4",
    "2011-Q5",
    "2011-13",
    "Q",
    "2011-Q",
    "",
    "１２３４",
];

#[derive(Arbitrary, Debug)]
enum NumGen {
    Int(i16),
    Big(i64),
    Scaled(i64, u8),
    Edge(u8),
    Pow(i16, i16),
}

impl NumGen {
    fn text(&self) -> String {
        match *self {
            NumGen::Int(v) => v.to_string(),
            NumGen::Big(v) => v.to_string(),
            NumGen::Scaled(m, s) => Dec::try_new(m, u32::from(s % 29))
                .map(|d| d.to_string())
                .unwrap_or_else(|_| m.to_string()),
            NumGen::Edge(i) => EDGE
                .get(usize::from(i) % EDGE.len())
                .copied()
                .unwrap_or("0")
                .to_string(),
            NumGen::Pow(m, e) => format!("{m}e{}", e % 40),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum ValGen {
    Point(NumGen),
    Min(NumGen),
    Max(NumGen),
    Range(NumGen, NumGen),
    Both(NumGen, NumGen),
    Nothing,
}

#[derive(Arbitrary, Debug)]
enum TolGen {
    Abs(NumGen),
    Rel(NumGen),
    Text(String),
}

impl TolGen {
    fn json(&self) -> String {
        match self {
            TolGen::Abs(n) => n.text(),
            TolGen::Rel(n) => format!("\"{}%\"", n.text()),
            TolGen::Text(s) => json_str(s),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct AreaGen {
    /// Index of the parent among the earlier areas (a tree), or any id when `wild`.
    parent: Option<u8>,
    wild: bool,
    odd_name: Option<String>,
}

#[derive(Arbitrary, Debug)]
enum RelGen {
    Growth(u8),
    Increment(u8),
    Share(u8, u8),
}

#[derive(Arbitrary, Debug)]
struct IndGen {
    unit: u8,
    additive: Option<bool>,
    sum_of: Option<Vec<u8>>,
    wild: bool,
    tolerance: Option<TolGen>,
    lower: bool,
    relation: Option<RelGen>,
}

#[derive(Arbitrary, Debug)]
struct RecGen {
    ind: u8,
    area: u8,
    year: u8,
    base_year: Option<u8>,
    year_text: bool,
    value: ValGen,
    approx: bool,
    source: bool,
}

#[derive(Arbitrary, Debug)]
struct TaskGen {
    id: u8,
    area: Option<u8>,
    due: Option<u8>,
    indicators: Vec<u8>,
    milestones: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct FileGen {
    plan_id: u8,
    areas: Vec<AreaGen>,
    indicators: Vec<IndGen>,
    targets: Vec<RecGen>,
    actuals: Vec<RecGen>,
    tasks: Vec<TaskGen>,
}

/// Everything the check target varies: one to three plan files and a global tolerance.
#[derive(Arbitrary, Debug)]
pub struct PlanGen {
    files: Vec<FileGen>,
    pub tolerance: Option<u8>,
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn year(y: u8) -> i64 {
    match y {
        250 => 1899,
        251 => 2201,
        252 => 1900,
        253 => 2200,
        254 => -1,
        255 => 9_223_372_036_854_775_807,
        _ => 2008 + i64::from(y % 12),
    }
}

impl FileGen {
    fn json(&self, k: usize) -> String {
        let n_areas = self.areas.len().min(40);
        let n_inds = self.indicators.len().min(10);
        let mut s = format!(
            "{{\"format\":\"planlens/1\",\"plan\":{{\"id\":\"p{}\",\"doc_no\":\"No.{k}\"}},\"areas\":[",
            self.plan_id % 4
        );
        for (i, a) in self.areas.iter().take(n_areas).enumerate() {
            if i > 0 {
                s.push(',');
            }
            let name = a
                .odd_name
                .as_deref()
                .map_or_else(|| json_str(&format!("区{i}")), json_str);
            s.push_str(&format!("{{\"id\":\"a{i}\",\"name\":{name}"));
            if let Some(p) = a.parent {
                let pid = if a.wild {
                    usize::from(p) % 44
                } else if i == 0 {
                    usize::MAX
                } else {
                    usize::from(p) % i
                };
                if pid != usize::MAX {
                    s.push_str(&format!(",\"parent\":\"a{pid}\""));
                }
            }
            s.push('}');
        }
        s.push_str("],\"indicators\":[");
        for (i, d) in self.indicators.iter().take(n_inds).enumerate() {
            if i > 0 {
                s.push(',');
            }
            let unit = UNITS
                .get(usize::from(d.unit) % UNITS.len())
                .copied()
                .unwrap_or("家");
            s.push_str(&format!(
                "{{\"id\":\"i{i}\",\"name\":\"指标{i}\",\"unit\":{}",
                json_str(unit)
            ));
            if let Some(a) = d.additive {
                s.push_str(&format!(",\"additive\":{a}"));
            }
            if let Some(list) = &d.sum_of {
                let ids: Vec<String> = list
                    .iter()
                    .take(4)
                    .filter_map(|&c| {
                        if d.wild {
                            Some(format!("\"i{}\"", usize::from(c) % 12))
                        } else if i == 0 {
                            None
                        } else {
                            Some(format!("\"i{}\"", usize::from(c) % i))
                        }
                    })
                    .collect();
                s.push_str(&format!(",\"sum_of\":[{}]", ids.join(",")));
            }
            if let Some(t) = &d.tolerance {
                s.push_str(&format!(",\"tolerance\":{}", t.json()));
            }
            if d.lower {
                s.push_str(",\"better\":\"lower\"");
            }
            match d.relation {
                Some(RelGen::Growth(g)) => s.push_str(&format!(",\"growth_of\":\"i{}\"", g % 12)),
                Some(RelGen::Increment(g)) => {
                    s.push_str(&format!(",\"increment_of\":\"i{}\"", g % 12))
                }
                Some(RelGen::Share(a, b)) => s.push_str(&format!(
                    ",\"share_of\":{{\"numerator\":\"i{}\",\"denominator\":\"i{}\"}}",
                    a % 12,
                    b % 12
                )),
                None => {}
            }
            s.push('}');
        }
        s.push(']');
        for (key, recs, cap) in [
            ("targets", &self.targets, 80),
            ("actuals", &self.actuals, 40),
        ] {
            s.push_str(&format!(",\"{key}\":["));
            for (i, r) in recs.iter().take(cap).enumerate() {
                if i > 0 {
                    s.push(',');
                }
                // Mostly ids that exist; now and then one that does not.
                let ind = usize::from(r.ind) % (n_inds.max(1) + 1);
                let area = usize::from(r.area) % (n_areas.max(1) + 1);
                s.push_str(&format!("{{\"indicator\":\"i{ind}\",\"area\":\"a{area}\""));
                if r.year_text {
                    s.push_str(",\"year_text\":\"20XX\"");
                } else {
                    s.push_str(&format!(",\"year\":{}", year(r.year)));
                }
                if let Some(b) = r.base_year {
                    s.push_str(&format!(",\"base_year\":{}", year(b)));
                }
                match &r.value {
                    ValGen::Point(v) => s.push_str(&format!(",\"value\":{}", v.text())),
                    ValGen::Min(v) => s.push_str(&format!(",\"min\":{}", v.text())),
                    ValGen::Max(v) => s.push_str(&format!(",\"max\":{}", v.text())),
                    ValGen::Range(a, b) => {
                        s.push_str(&format!(",\"min\":{},\"max\":{}", a.text(), b.text()))
                    }
                    ValGen::Both(a, b) => {
                        s.push_str(&format!(",\"value\":{},\"min\":{}", a.text(), b.text()))
                    }
                    ValGen::Nothing => {}
                }
                if r.approx {
                    s.push_str(",\"approx\":true");
                }
                if r.source {
                    s.push_str(",\"source\":\"表：第1行\"");
                }
                s.push('}');
            }
            s.push(']');
        }
        s.push_str(",\"tasks\":[");
        for (i, t) in self.tasks.iter().take(4).enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&format!(
                "{{\"id\":\"t{}\",\"title\":\"任务\",\"lead\":[\"发改委\"]",
                t.id % 3
            ));
            if let Some(a) = t.area {
                s.push_str(&format!(
                    ",\"area\":\"a{}\"",
                    usize::from(a) % (n_areas + 1)
                ));
            }
            let due = |d: u8| DUES.get(usize::from(d) % DUES.len()).copied().unwrap_or("");
            if let Some(d) = t.due {
                s.push_str(&format!(",\"due\":{}", json_str(due(d))));
            }
            let inds: Vec<String> = t
                .indicators
                .iter()
                .take(3)
                .map(|&x| format!("\"i{}\"", usize::from(x) % (n_inds + 1)))
                .collect();
            s.push_str(&format!(",\"indicators\":[{}]", inds.join(",")));
            let ms: Vec<String> = t
                .milestones
                .iter()
                .take(3)
                .map(|&d| format!("{{\"due\":{},\"text\":\"完成\"}}", json_str(due(d))))
                .collect();
            s.push_str(&format!(",\"milestones\":[{}]", ms.join(",")));
            s.push('}');
        }
        s.push_str("]}");
        s
    }
}

impl PlanGen {
    /// The plan files as text: one to three of them, sharing ids `a0…`, `i0…`.
    pub fn files(&self) -> Vec<SourceFile> {
        self.files
            .iter()
            .take(3)
            .enumerate()
            .map(|(k, f)| SourceFile {
                name: format!("f{k}.json"),
                text: f.json(k),
            })
            .collect()
    }

    /// The global tolerance option (absolute or relative).
    pub fn options(&self) -> Options {
        let tolerance = self.tolerance.and_then(|t| match t % 4 {
            0 => Tolerance::parse("0.5").ok(),
            1 => Tolerance::parse("1%").ok(),
            2 => Tolerance::parse("79228162514264337593543950335").ok(),
            _ => Tolerance::parse("1e28%").ok(),
        });
        Options { tolerance }
    }
}

/// Builds plan files from fuzz bytes (at least one file, possibly invalid).
pub fn plans_from(u: &mut Unstructured) -> arbitrary::Result<PlanGen> {
    let g = PlanGen::arbitrary(u)?;
    if g.files.is_empty() {
        return Err(arbitrary::Error::NotEnoughData);
    }
    Ok(g)
}

// ---------------------------------------------------------------------------
// The chart request.
// ---------------------------------------------------------------------------

/// Length of the chart header in front of the plan bytes of the chart target.
pub const HEADER: usize = 16;

fn size(hi: u8, lo: u8) -> u32 {
    const SPECIAL: [u32; 12] = [
        0,
        1,
        199,
        200,
        201,
        640,
        3999,
        4000,
        4001,
        65_535,
        1 << 31,
        u32::MAX,
    ];
    if hi < 24 {
        SPECIAL
            .get(usize::from(hi) % SPECIAL.len())
            .copied()
            .unwrap_or(0)
    } else {
        u32::from(u16::from_be_bytes([hi, lo])) % 4400
    }
}

/// Reads a chart request from the 16 header bytes, choosing ids of the loaded model
/// most of the time (so the request usually names something that exists).
pub fn spec_from(h: &[u8; HEADER], model: &Model) -> ChartSpec {
    let kind = match h[0] % 4 {
        0 => ChartType::Trend,
        1 => ChartType::Allocation,
        2 => ChartType::Imbalance,
        _ => ChartType::Multiples,
    };
    let ind_at = |b: u8| -> Option<String> {
        match b {
            0 => None,
            255 => Some("no such indicator".to_string()),
            _ if model.indicators.is_empty() => Some(String::new()),
            _ => model
                .indicators
                .get(usize::from(b) % model.indicators.len())
                .map(|i| i.id.clone()),
        }
    };
    let area_at = |b: u8| -> String {
        match b {
            255 => "no such area".to_string(),
            _ if model.areas.is_empty() => String::new(),
            _ => model
                .areas
                .get(usize::from(b) % model.areas.len())
                .map_or_else(String::new, |a| a.id.clone()),
        }
    };
    let areas = (0..usize::from(h[2] % 4))
        .map(|k| area_at(h[3 + k.min(2)].wrapping_add(k as u8)))
        .collect();
    let years: Vec<i32> = model.figures.iter().filter_map(|f| f.year).collect();
    let year = match h[6] {
        0 | 1 => None,
        2 => Some(i32::MIN),
        3 => Some(i32::MAX),
        4 => Some(0),
        b if years.is_empty() => Some(1890 + i32::from(b)),
        b => years.get(usize::from(b) % years.len()).copied(),
    };
    let plan = match h[7] {
        0 => None,
        255 => Some("no such plan".to_string()),
        b => model
            .plans
            .get(usize::from(b) % model.plans.len().max(1))
            .map(|p| p.id.clone()),
    };
    let tolerance = match h[13] % 8 {
        1 => Tolerance::parse("0.5").ok(),
        2 => Tolerance::parse("5%").ok(),
        3 => Tolerance::parse("79228162514264337593543950335").ok(),
        _ => None,
    };
    ChartSpec {
        kind,
        indicator: ind_at(h[1]),
        areas,
        year,
        plan,
        options: ChartOptions {
            width: size(h[8], h[9]),
            height: size(h[10], h[11]),
            theme: if h[12] & 1 == 1 {
                Theme::Dark
            } else {
                Theme::Light
            },
        },
        lang: if h[12] & 2 == 2 { Lang::En } else { Lang::Zh },
        check: Options { tolerance },
    }
}

/// The SVG must be well-formed XML (a browser shows nothing otherwise): balanced,
/// escaped, and free of the control characters XML forbids.
pub fn check_svg(svg: &str) {
    if let Err(e) = roxmltree::Document::parse(svg) {
        let at = e.pos();
        let line = svg
            .lines()
            .nth(at.row.saturating_sub(1) as usize)
            .unwrap_or("");
        panic!("the SVG is not well-formed XML ({e}): {line:?}");
    }
}
