//! Terminal tables: CJK-aware column alignment (a Chinese character takes two columns).

use planlens::aggregate::Pivot;
use planlens::check::{Report, Status};
use planlens::num::fmt_interval;
use planlens::plan::{AreaId, Kind, Model};
use planlens::report::Row;
use unicode_width::UnicodeWidthStr;

/// Lays out rows so that every column starts at the same terminal column.
/// Plan text never drives the terminal: control characters other than the line breaks
/// of the layout (ESC, BEL, NUL, a newline inside a name…) become U+FFFD.
pub fn terminal_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    // A newline inside a cell would break the row: cells are made safe before measuring.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.replace(['\n', '\r'], " ")).collect())
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, (c, w)) in cells.zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            s.push_str(&" ".repeat(w.saturating_sub(c.width())));
        }
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(&mut header.iter().copied());
    for r in rows {
        out.push_str(&line(&mut r.iter().map(String::as_str)));
    }
    out
}

fn mark(status: &str) -> String {
    match status {
        "fail" => "✗ fail".into(),
        "uncertain" => "? uncertain".into(),
        "incomplete" => "… incomplete".into(),
        "info" => "i info".into(),
        _ => "✓ ok".into(),
    }
}

pub fn report(model: &Model, report: &Report) -> String {
    let mut out = String::new();
    for p in &model.plans {
        out.push_str(&format!(
            "{}  {}{}\n",
            p.id,
            p.title.as_deref().unwrap_or(""),
            p.doc_no
                .as_deref()
                .map(|d| format!("（{d}）"))
                .unwrap_or_default()
        ));
    }
    out.push_str(&format!(
        "{} findings: {} fail, {} uncertain, {} incomplete, {} ok, {} info\n\n",
        report.findings.len(),
        report.count(Status::Fail),
        report.count(Status::Uncertain),
        report.count(Status::Incomplete),
        report.count(Status::Ok),
        report.count(Status::Info)
    ));
    let rows: Vec<Vec<String>> = Row::all(model, report)
        .into_iter()
        .map(|r| {
            let unit = |v: &str| {
                if v.is_empty() {
                    String::new()
                } else {
                    format!("{v}{}", r.unit)
                }
            };
            vec![
                if r.exceeded.is_empty() {
                    mark(r.status)
                } else {
                    "✓ ok, exceeded".into()
                },
                r.check.to_string(),
                r.indicator.clone(),
                r.area.clone(),
                r.year.clone(),
                unit(&r.expected),
                unit(&r.actual),
                r.difference.clone(),
                r.missing.clone(),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "STATUS",
            "CHECK",
            "INDICATOR",
            "AREA",
            "YEAR",
            "EXPECTED",
            "ACTUAL",
            "DIFF",
            "MISSING",
        ],
        &rows,
    ));
    // What implied and required findings derive, one sentence each.
    let notes = planlens::report::notes(model, report);
    if !notes.is_empty() {
        out.push_str("\nNOTES\n");
        for n in notes {
            out.push_str(&terminal_safe(&n.replace(['\n', '\r'], " ")));
            out.push('\n');
        }
    }
    out
}

/// Areas in tree order with their depth (iterative, any depth).
fn tree_order(model: &Model, present: &[bool]) -> Vec<(AreaId, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(AreaId, usize)> = model
        .areas
        .iter()
        .enumerate()
        .filter(|(_, a)| a.parent.is_none())
        .map(|(i, _)| (i as AreaId, 0))
        .rev()
        .collect();
    while let Some((a, d)) = stack.pop() {
        if present.get(a as usize).copied().unwrap_or(false) {
            out.push((a, d));
        }
        for &c in model.children(a).iter().rev() {
            stack.push((c, d + 1));
        }
    }
    out
}

pub fn summary(model: &Model, pivot: &Pivot) -> String {
    let mut out = String::new();
    for (pi, p) in model.plans.iter().enumerate() {
        out.push_str(&format!(
            "# {}  {}\n",
            p.id,
            p.title.as_deref().unwrap_or("")
        ));
        for kind in [Kind::Target, Kind::Actual] {
            for (ii, ind) in model.indicators.iter().enumerate() {
                let cells: Vec<_> = pivot
                    .cells
                    .iter()
                    .filter(|c| c.plan as usize == pi && c.kind == kind && c.ind as usize == ii)
                    .collect();
                if cells.is_empty() {
                    continue;
                }
                let mut years: Vec<i32> = cells.iter().map(|c| c.year).collect();
                years.sort_unstable();
                years.dedup();
                let mut present = vec![false; model.areas.len()];
                for c in &cells {
                    if let Some(x) = present.get_mut(c.area as usize) {
                        *x = true;
                    }
                }
                out.push_str(&format!(
                    "\n{} {}（{}）\n",
                    if kind == Kind::Target {
                        "目标"
                    } else {
                        "实际"
                    },
                    ind.name,
                    ind.unit_text
                ));
                let mut header: Vec<String> = vec!["AREA".into()];
                header.extend(years.iter().map(|y| y.to_string()));
                header.push("CAGR".into());
                let rows: Vec<Vec<String>> = tree_order(model, &present)
                    .into_iter()
                    .map(|(a, depth)| {
                        let name = model.area(a).map_or("?", |x| x.name.as_str());
                        let mut row = vec![format!("{}{}", "  ".repeat(depth.min(8)), name)];
                        let series: Vec<_> = cells.iter().filter(|c| c.area == a).collect();
                        for y in &years {
                            row.push(series.iter().find(|c| c.year == *y).map_or(
                                String::new(),
                                |c| {
                                    let mut s = fmt_interval(&c.value, c.approx);
                                    if c.derived {
                                        s.push('*');
                                    }
                                    if let Some(sh) = c.share {
                                        s.push_str(&format!(" ({}%)", planlens::num::fmt_dec(sh)));
                                    }
                                    s
                                },
                            ));
                        }
                        let cagr = match (series.first(), series.last()) {
                            (Some(f), Some(l)) if l.year > f.year => {
                                match (f.value.as_point(), l.value.as_point()) {
                                    (Some(a), Some(b)) => {
                                        planlens::aggregate::cagr(a, b, l.year - f.year)
                                            .map(|g| format!("{}%", planlens::num::fmt_dec(g)))
                                    }
                                    _ => None,
                                }
                            }
                            _ => None,
                        };
                        row.push(cagr.unwrap_or_default());
                        row
                    })
                    .collect();
                let h: Vec<&str> = header.iter().map(String::as_str).collect();
                out.push_str(&table(&h, &rows));
            }
        }
        let tasks: Vec<_> = model
            .tasks
            .iter()
            .filter(|t| t.plan as usize == pi)
            .collect();
        if !tasks.is_empty() {
            out.push_str(&format!("\n任务 Tasks ({})\n", tasks.len()));
            let rows: Vec<Vec<String>> = tasks
                .iter()
                .map(|t| {
                    vec![
                        t.id.clone(),
                        t.due.clone().unwrap_or_default(),
                        t.lead.join("、"),
                        t.title.clone(),
                        if t.milestones.is_empty() {
                            String::new()
                        } else {
                            format!("{} milestones", t.milestones.len())
                        },
                    ]
                })
                .collect();
            out.push_str(&table(&["ID", "DUE", "LEAD", "TITLE", ""], &rows));
        }
        out.push('\n');
    }
    out.push_str("* derived: summed from the areas below; (n%) share of the parent area\n");
    out
}
