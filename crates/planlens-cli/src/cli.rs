//! Argument parsing, file reading and output for the `planlens` binary.
//!
//! Exit codes: 0 when nothing fails, 1 when a check fails, 2 for invalid input or
//! usage. Everything below `run_*` is the library's; this module only reads files,
//! picks a renderer and writes to stdout/stderr.

use crate::{input, text};

use clap::{Parser, Subcommand, ValueEnum};
use planlens::check::Options;
use planlens::plan::Tolerance;
use planlens::plan::{decode_text, Model, Source};
use planlens::report;
use planlens_chart::{ChartSpec, ChartType, Lang, Theme};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "planlens",
    version,
    about = "Checks the numeric targets of development plans: do the parts add up, how do targets develop, were they met."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every check (area_sum, indicator_sum, conflict, progress) on one or more plans.
    Check {
        /// Plan files (planlens/1 JSON; `-` reads stdin). Without files: the embedded default plan.
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Allowed difference: `0.5` (absolute, in the indicator's unit) or `0.5%` (relative).
        #[arg(long)]
        tolerance: Option<Tolerance>,
        /// Instead of the findings, account for every plan: targets read, checked, and
        /// the figures left out of every check with why (text or json; docs/REPORT.md).
        #[arg(long)]
        coverage: bool,
    },
    /// The pivot (indicator × area × year) with roll-ups, shares, growth, and the tasks.
    Summary {
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
        format: SummaryFormat,
    },
    /// Draw a chart as SVG (stdout, or -o FILE), from flags or a chart spec (docs/CHARTS.md).
    /// A flag given with --spec replaces that key of the spec, and says so on stderr.
    Chart {
        files: Vec<PathBuf>,
        /// The chart spec: the JSON the page's builder shows and its share link carries.
        #[arg(long)]
        spec: Option<PathBuf>,
        /// trend | allocation | imbalance | multiples (needed without --spec)
        #[arg(long = "type")]
        kind: Option<ChartType>,
        #[arg(long)]
        indicator: Option<String>,
        /// Area ids, comma-separated (trend: the lines; allocation and multiples: the parent).
        #[arg(long, value_delimiter = ',')]
        area: Option<Vec<String>>,
        #[arg(long)]
        year: Option<i32>,
        /// Only figures of this plan id.
        #[arg(long)]
        plan: Option<String>,
        /// light | dark (default light)
        #[arg(long)]
        theme: Option<Theme>,
        /// zh | en (default zh)
        #[arg(long)]
        lang: Option<Lang>,
        /// Width in px (default 640; up to 480 is the phone layout).
        #[arg(long)]
        width: Option<u32>,
        /// Height in px (default 400).
        #[arg(long)]
        height: Option<u32>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        #[arg(long)]
        tolerance: Option<Tolerance>,
    },
    /// Print the JSON Schema of the plan format.
    Schema,
    /// Draft a planlens/1 plan from plan text: one target per numeric commitment, each
    /// with its sentence as `source`. Review the draft before relying on it.
    Extract {
        /// Plan text (UTF-8; UTF-16 with a BOM is decoded, GBK refused with a hint).
        file: PathBuf,
        /// The area the targets are about (default 全市).
        #[arg(long)]
        area: Option<String>,
        /// The plan id of the draft (default: from the file name).
        #[arg(long)]
        plan_id: Option<String>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Read district allocation tables into a planlens/1 plan: CSV, TSV, XLSX, XLS, ODS,
    /// HTML tables and tables pasted as text (one cell per line, as web pages paste).
    /// Areas, the total row, years, indicators and units are recognised where the table
    /// says them; what it does not say is an error naming the option that settles it.
    Import {
        /// Table files (several become one plan).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The indicator's name, when the table names none across or down.
        #[arg(long)]
        indicator: Option<String>,
        /// The unit, when the table states none (亿元, 万元, 家, %).
        #[arg(long)]
        unit: Option<String>,
        /// The year, when the table states none.
        #[arg(long)]
        year: Option<i32>,
        /// Only this sheet of a workbook.
        #[arg(long)]
        sheet: Option<String>,
        /// The total row's label (合计), or the name its area gets (全市 → 深圳市).
        #[arg(long)]
        area_total: Option<String>,
        /// The plan id (default: from the first file name).
        #[arg(long)]
        plan_id: Option<String>,
        /// The column that holds the areas: a letter (B) or a number (2), as the sheet shows it.
        #[arg(long, value_parser = parse_column)]
        area_column: Option<u32>,
        /// How many rows at the top are titles and headers.
        #[arg(long)]
        header_rows: Option<usize>,
        /// The row of the total, as the sheet numbers it (1 is the first row).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        total_row: Option<u32>,
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Write a synthetic national-scale plan (benchmarks, scale tests): 34 provinces,
    /// prefectures and counties, parents the exact sums of their children, then
    /// `--perturb` county values changed. The planted failures go to FILE.planted.json.
    Generate {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 20)]
        indicators: u32,
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// 1, 4, 16, …: multiplies the number of areas.
        #[arg(long, default_value_t = 1)]
        scale: u32,
        #[arg(long, default_value_t = 50)]
        perturb: u32,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Csv,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum SummaryFormat {
    Text,
    Json,
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let result = match cli.command {
        Command::Check {
            files,
            format,
            tolerance,
            coverage,
        } => run_check(&files, format, tolerance, coverage),
        Command::Summary { files, format } => run_summary(&files, format),
        Command::Schema => run_schema(),
        Command::Extract {
            file,
            area,
            plan_id,
            output,
        } => run_extract(&file, area, plan_id, output.as_deref()),
        Command::Import {
            files,
            indicator,
            unit,
            year,
            sheet,
            area_total,
            plan_id,
            area_column,
            header_rows,
            total_row,
            output,
        } => run_import(
            &files,
            planlens_table::ImportOptions {
                indicator,
                unit,
                year,
                area_total,
                plan_id,
                sheet,
                area_column: None,
                header_rows,
                total_row: None,
            },
            (area_column, total_row),
            output.as_deref(),
        ),
        Command::Generate {
            seed,
            indicators,
            years,
            scale,
            perturb,
            output,
        } => run_generate(
            &planlens_generate::Options {
                seed,
                indicators,
                years,
                scale,
                perturb,
            },
            &output,
        ),
        Command::Chart {
            files,
            spec,
            kind,
            indicator,
            area,
            year,
            plan,
            theme,
            lang,
            width,
            height,
            output,
            tolerance,
        } => {
            let flags = ChartFlags {
                kind,
                indicator,
                areas: area,
                year,
                plan,
                theme,
                lang,
                width,
                height,
                tolerance,
            };
            run_chart(&files, spec.as_deref(), flags, output.as_deref())
        }
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("planlens: {msg}");
            2
        }
    }
}

/// The model of the named files, or of the embedded default plan when there are none.
fn load(paths: &[PathBuf]) -> Result<Model, String> {
    if paths.is_empty() {
        let default = Source {
            name: planlens::DEFAULT_PLAN_NAME,
            text: planlens::DEFAULT_PLAN,
        };
        return crate::parallel::load(&[default]).map_err(|e| e.to_string());
    }
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let name = p.display().to_string();
        let bytes = if name == "-" {
            input::read_stdin().map_err(|e| format!("<stdin>: {e}"))?
        } else {
            input::read(p).map_err(|e| format!("{name}: {e}"))?
        };
        files.push((name, bytes));
    }
    let texts = files
        .iter()
        .map(|(name, bytes)| decode_text(name, bytes).map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let sources: Vec<Source> = files
        .iter()
        .zip(&texts)
        .map(|((name, _), text)| Source { name, text })
        .collect();
    crate::parallel::load(&sources).map_err(|e| e.to_string())
}

fn run_check(
    paths: &[PathBuf],
    format: Format,
    tolerance: Option<Tolerance>,
    coverage: bool,
) -> Result<i32, String> {
    let model = load(paths)?;
    let report =
        crate::parallel::check(&model, &Options { tolerance }).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let account = coverage.then(|| planlens::coverage::account(&model, &report));
    let written = match (format, account) {
        (Format::Json, Some(cov)) => {
            planlens::coverage::write_coverage_json(&mut out, &model, &cov)
                .map_err(|e| e.to_string())
                .and_then(|_| writeln!(out).map_err(|e| e.to_string()))
        }
        (Format::Text, Some(cov)) => out
            .write_all(
                text::terminal_safe(&planlens::coverage::coverage_text(&model, &cov)).as_bytes(),
            )
            .map_err(|e| e.to_string()),
        (Format::Csv | Format::Markdown, Some(_)) => {
            return Err("--coverage writes text or json (--format text|json)".to_string())
        }
        (format, None) => match format {
            Format::Json => {
                let pieces = report::ReportPieces {
                    model: &model,
                    report: &report,
                    detail: report::Detail::Full,
                };
                crate::parallel::write_report_json(&mut out, pieces, crate::parallel::workers())
                    .and_then(|_| writeln!(out).map_err(|e| e.to_string()))
            }
            Format::Csv => out
                .write_all(report::report_csv(&model, &report).as_bytes())
                .map_err(|e| e.to_string()),
            Format::Markdown => out
                .write_all(
                    (report::report_markdown(&model, &report)
                        + &report::markdown_notes(&model, &report))
                        .as_bytes(),
                )
                .map_err(|e| e.to_string()),
            Format::Text => out
                .write_all(text::terminal_safe(&text::report(&model, &report)).as_bytes())
                .map_err(|e| e.to_string()),
        },
    };
    written
        .and_then(|_| out.flush().map_err(|e| e.to_string()))
        .map_err(|e| format!("writing the report: {e}"))?;
    Ok(if report.any_fail() { 1 } else { 0 })
}

fn run_summary(paths: &[PathBuf], format: SummaryFormat) -> Result<i32, String> {
    let model = load(paths)?;
    let pivot = planlens::aggregate::pivot(&model).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        SummaryFormat::Json => {
            report::write_summary_json(&mut out, &model, &pivot).map_err(|e| e.to_string())?;
            writeln!(out).map_err(|e| e.to_string())?;
        }
        SummaryFormat::Text => out
            .write_all(text::terminal_safe(&text::summary(&model, &pivot)).as_bytes())
            .map_err(|e| e.to_string())?,
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(0)
}

/// The chart flags, each `None` when not given.
struct ChartFlags {
    kind: Option<ChartType>,
    indicator: Option<String>,
    areas: Option<Vec<String>>,
    year: Option<i32>,
    plan: Option<String>,
    theme: Option<Theme>,
    lang: Option<Lang>,
    width: Option<u32>,
    height: Option<u32>,
    tolerance: Option<Tolerance>,
}

/// The flag of a spec's top-level key, for errors about a value a flag gave.
fn flag_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "type" => "--type",
        "indicator" => "--indicator",
        "areas" => "--area",
        "year" => "--year",
        "plan" => "--plan",
        "theme" => "--theme",
        "lang" => "--lang",
        "width" => "--width",
        "height" => "--height",
        "tolerance" => "--tolerance",
        _ => return None,
    })
}

/// The spec of `planlens chart`: the file's (or the defaults), each flag given replacing
/// its key; returns the keys the flags gave.
fn chart_spec(
    spec_path: Option<&std::path::Path>,
    f: ChartFlags,
) -> Result<(ChartSpec, Vec<&'static str>), String> {
    let mut spec = match spec_path {
        Some(p) => {
            let text = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let text = String::from_utf8(text)
                .map_err(|_| format!("{}: a chart spec is UTF-8 JSON", p.display()))?;
            ChartSpec::from_json(text.trim_start_matches('\u{feff}'))
                .map_err(|e| format!("{}: {e}", p.display()))?
        }
        None => match f.kind {
            Some(_) => ChartSpec::default(),
            None => return Err("--type: needed without --spec".to_string()),
        },
    };
    let mut given = Vec::new();
    macro_rules! flag {
        ($value:expr, $key:literal, $place:expr) => {
            if let Some(v) = $value {
                $place = v;
                given.push($key);
            }
        };
    }
    flag!(f.kind, "type", spec.kind);
    flag!(f.indicator.map(Some), "indicator", spec.indicator);
    flag!(f.areas, "areas", spec.areas);
    flag!(f.year.map(Some), "year", spec.year);
    flag!(f.plan.map(Some), "plan", spec.plan);
    flag!(f.theme, "theme", spec.options.theme);
    flag!(f.lang, "lang", spec.lang);
    flag!(f.width, "width", spec.options.width);
    flag!(f.height, "height", spec.options.height);
    flag!(f.tolerance.map(Some), "tolerance", spec.check.tolerance);
    Ok((spec, given))
}

fn run_chart(
    paths: &[PathBuf],
    spec_path: Option<&std::path::Path>,
    flags: ChartFlags,
    output: Option<&std::path::Path>,
) -> Result<i32, String> {
    let (spec, given) = chart_spec(spec_path, flags)?;
    if let Some(p) = spec_path {
        for key in &given {
            let flag = flag_of(key).unwrap_or("a flag");
            eprintln!(
                "planlens: {flag} replaces /{key} of {} (flags win over the spec)",
                p.display()
            );
        }
    }
    let model = load(paths)?;
    let svg = planlens_chart::draw(&model, &spec).map_err(|e| {
        // An error about a value a flag gave names the flag; one about the file's, the file.
        let key = e.key();
        match (flag_of(key), spec_path) {
            (Some(flag), None) => format!("{flag}: {}", e.message),
            (Some(flag), Some(_)) if given.contains(&key) => format!("{flag}: {}", e.message),
            (_, Some(p)) => format!("{}: {e}", p.display()),
            (None, None) => format!("chart: {e}"),
        }
    })?;
    match output {
        Some(p) => std::fs::write(p, svg).map_err(|e| format!("{}: {e}", p.display()))?,
        None => print!("{svg}"),
    }
    Ok(0)
}

fn run_schema() -> Result<i32, String> {
    println!("{}", planlens::plan::schema_json());
    Ok(0)
}

fn run_generate(
    opts: &planlens_generate::Options,
    output: &std::path::Path,
) -> Result<i32, String> {
    let (plan, planted) = planlens_generate::generate(opts);
    std::fs::write(output, plan).map_err(|e| format!("{}: {e}", output.display()))?;
    let mut list = output.as_os_str().to_owned();
    list.push(".planted.json");
    let list = PathBuf::from(list);
    std::fs::write(&list, planlens_generate::planted_json(&planted))
        .map_err(|e| format!("{}: {e}", list.display()))?;
    eprintln!(
        "planlens: wrote {} and {} ({} planted failures)",
        output.display(),
        list.display(),
        planted.len()
    );
    Ok(0)
}

/// A column as a sheet names it, `B` or `2`, as a 0-based sheet column.
fn parse_column(s: &str) -> Result<u32, String> {
    let t = s.trim();
    if let Ok(n) = t.parse::<u32>() {
        return n
            .checked_sub(1)
            .ok_or_else(|| "columns are numbered from 1 (or use a letter: A)".to_string());
    }
    let mut n: u32 = 0;
    for c in t.chars() {
        let d = c.to_ascii_uppercase();
        if !d.is_ascii_uppercase() {
            return Err(format!(
                "{s:?} is not a column: write a letter (B) or a number (2)"
            ));
        }
        n = n
            .checked_mul(26)
            .and_then(|n| n.checked_add(u32::from(d as u8 - b'A') + 1))
            .ok_or_else(|| format!("{s:?} is past the last column"))?;
    }
    n.checked_sub(1)
        .ok_or_else(|| "write a letter (B) or a number (2)".to_string())
}

/// `at`: the area column (0-based) and the total row (1-based) as the sheet numbers
/// them; they become grid positions through the first table's origin.
fn run_import(
    paths: &[PathBuf],
    mut opts: planlens_table::ImportOptions,
    at: (Option<u32>, Option<u32>),
    output: Option<&std::path::Path>,
) -> Result<i32, String> {
    let mut grids = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        grids.extend(crate::read::grids(&name, &bytes)?);
    }
    let (oy, ox) = grids.first().map_or((0, 0), |g| g.origin);
    if let Some(col) = at.0 {
        let c = col.checked_sub(ox).ok_or_else(|| {
            format!(
                "--area-column: the table starts at column {}",
                planlens_table::column_letters(u64::from(ox))
            )
        })?;
        opts.area_column = Some(c as usize);
    }
    if let Some(row) = at.1 {
        let r = (row - 1)
            .checked_sub(oy)
            .ok_or_else(|| format!("--total-row: the table starts at row {}", oy + 1))?;
        opts.total_row = Some(r as usize);
    }
    let imported = planlens_table::import(&grids, &opts).map_err(|e| e.to_string())?;
    match output {
        Some(p) => {
            std::fs::write(p, &imported.plan_json).map_err(|e| format!("{}: {e}", p.display()))?
        }
        None => {
            print!("{}", imported.plan_json);
            if !imported.plan_json.ends_with('\n') {
                println!();
            }
        }
    }
    for (grid, roles) in grids.iter().zip(&imported.tables) {
        eprintln!("planlens: {}", describe_roles(grid, roles));
    }
    Ok(0)
}

/// What import recognised in a table, in one line: `t.tsv: wide table; areas in column A;
/// total row 3 (全市); years 2011, 2012; unit 亿元; 48 figures`.
fn describe_roles(grid: &planlens_table::Grid, r: &planlens_table::Roles) -> String {
    use planlens_table::{column_letters, Shape};
    let (oy, ox) = (u64::from(grid.origin.0), u64::from(grid.origin.1));
    let mut parts = vec![match r.shape {
        Shape::Wide => "wide table".to_string(),
        Shape::Long => "long table".to_string(),
    }];
    parts.push(format!(
        "areas in column {}",
        column_letters(r.area_column as u64 + ox)
    ));
    match r.total_row {
        Some(t) => parts.push(format!(
            "total row {} ({})",
            t as u64 + 1 + oy,
            grid.cell(t, r.area_column)
                .split_whitespace()
                .collect::<String>()
        )),
        None => parts.push("no total row".to_string()),
    }
    let mut years: Vec<i32> = r.columns.iter().filter_map(|c| c.year).collect();
    years.dedup();
    if !years.is_empty() {
        let y: Vec<String> = years.iter().map(i32::to_string).collect();
        parts.push(format!("years {}", y.join(", ")));
    }
    let mut units: Vec<&str> = r
        .columns
        .iter()
        .filter_map(|c| c.unit.as_deref().or(r.unit.as_deref()))
        .collect();
    units.dedup();
    if !units.is_empty() {
        parts.push(format!("unit {}", units.join(", ")));
    }
    parts.push(format!("{} rows of figures", r.data_rows.len()));
    format!("{}: {}", grid.whole(), parts.join("; "))
}

fn run_extract(
    path: &std::path::Path,
    area: Option<String>,
    plan_id: Option<String>,
    output: Option<&std::path::Path>,
) -> Result<i32, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let text = decode_text(&name, &bytes).map_err(|e| e.to_string())?;
    let opts = planlens_extract::Options {
        area_name: area,
        plan_id,
        file_name: path
            .file_name()
            .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned()),
    };
    let draft = planlens_extract::extract(&text, &opts);
    let table = planlens_extract::table_in(&text, &opts);
    // A text that is a table (seed 001's table as its web page pasted it) is read as
    // one, by the code of `planlens import`; prose around a table is drafted as prose.
    let json = match &table {
        Some(t) if draft.targets.is_empty() => match &t.plan {
            Ok(plan) => {
                eprintln!(
                    "planlens: {name} holds a table; read it as one (as planlens import does)"
                );
                plan.clone()
            }
            Err(e) => return Err(format!("{name} holds a table that cannot be read: {e}")),
        },
        _ => planlens_extract::to_plan_json(&draft, &text, &opts),
    };
    match output {
        Some(p) => std::fs::write(p, &json).map_err(|e| format!("{}: {e}", p.display()))?,
        None => print!("{json}"),
    }
    if !draft.targets.is_empty() {
        eprintln!(
            "planlens: drafted {} targets from {name}; review every one against its source",
            draft.targets.len()
        );
        if table.is_some() {
            eprintln!("planlens: {name} also holds a table: planlens import {name} reads it");
        }
    }
    Ok(0)
}
