//! The derivation of an `implied` finding and what a `required` finding asks, as one
//! English sentence (the CLI's and the Markdown report's notes; the page words the same
//! JSON objects in Chinese and English itself).

use crate::check::{DerivationKind, Finding, Op, Report};
use crate::num::{fmt_dec, fmt_interval, Interval};
use crate::plan::Model;

fn unit<'m>(model: &'m Model, f: &Finding) -> &'m str {
    model.indicator(f.ind).map_or("", |i| i.unit_text.as_str())
}

/// A figure with its unit, `at least 45` for a floor, `45–60` for a range.
fn amount(v: &Interval, unit: &str) -> String {
    let body = match (v.lo, v.hi) {
        (Some(a), None) => format!("at least {}", fmt_dec(a)),
        (None, Some(b)) => format!("at most {}", fmt_dec(b)),
        _ => fmt_interval(v, false),
    };
    if unit.starts_with(['%', '‰', ' ']) || unit.is_empty() {
        format!("{body}{unit}")
    } else {
        format!("{body} {unit}")
    }
}

/// The sentence of an implied or required finding; `None` for the other checks.
pub fn explain(model: &Model, report: &Report, f: &Finding) -> Option<String> {
    if let Some(d) = report.derivation(f) {
        // A level with its year; additions and rates with their period.
        let input = |n: usize| {
            let x = d.inputs.get(n)?;
            let fig = model.figures.get(x.figure as usize)?;
            let u = model
                .indicator(fig.ind)
                .map_or("", |i| i.unit_text.as_str());
            let when = match (fig.base_year, fig.year) {
                (Some(b), Some(y)) => format!(" from {b} to {y}"),
                (None, Some(y)) => format!(" in {y}"),
                _ => String::new(),
            };
            let v = amount(&fig.value, u);
            Some(match x.role {
                "additions" => format!("{v} added{when}"),
                "rise" => format!("a rise of {v}{when}"),
                "rate" => format!("{v} a year{when}"),
                _ => format!("{v}{when}"),
            })
        };
        let (a, b) = (input(0)?, input(1)?);
        let u = unit(model, f);
        let value = amount(&d.value, u);
        let near = d
            .nearest
            .map_or(String::new(), |n| format!(" (≈ {} {u})", fmt_dec(n)));
        // The published precision a share or rate is taken within.
        let published = d
            .steps
            .iter()
            .find(|s| s.op == Op::Published)
            .map_or(String::new(), |s| {
                format!(" (read as {}%)", fmt_interval(&s.result, false))
            });
        let how = match d.kind {
            DerivationKind::StockBefore | DerivationKind::BaseFromRise => format!("{a} less {b}"),
            DerivationKind::WholeFromShare => format!("{a} is {b}{published} of it"),
            DerivationKind::BaseFromGrowth => {
                format!("{a} reached at {b}{published}")
            }
            DerivationKind::PartFromShare => format!("{b}{published} of {a}"),
            DerivationKind::RestOfSum => format!("{a} less {b}"),
        };
        let against = match (d.against_stated, f.actual) {
            (Some(true), Some(v)) => format!("; stated as {}", fmt_interval(&v, f.approx)),
            (Some(false), Some(v)) => {
                format!("; another derivation gives {}", fmt_interval(&v, f.approx))
            }
            _ => "; nothing states it".to_string(),
        };
        // A hidden year as the document writes it (20XX).
        let year = f
            .hidden_year(model)
            .map_or_else(|| f.year.to_string(), str::to_string);
        return Some(format!("implied {value}{near} in {year}: {how}{against}"));
    }
    let r = report.required(f)?;
    let u = unit(model, f);
    let actual = f.actual.map_or(String::new(), |v| amount(&v, u));
    let target = amount(&f.expected, u);
    if r.met {
        return Some(format!(
            "already met: {actual} in {} against {target} for {}",
            r.from_year, f.year
        ));
    }
    // A change of a percentage is in points.
    let points = match u {
        "%" => " percentage points",
        "‰" => " per mille points",
        _ => u,
    };
    let years = if r.years == 1 {
        "in one year".to_string()
    } else {
        format!("in {} years", r.years)
    };
    let change = match (r.additions.lo, r.additions.hi) {
        (_, Some(b)) if b.is_sign_negative() => {
            let cut = Interval {
                lo: r.additions.hi.map(|v| -v),
                hi: r.additions.lo.map(|v| -v),
            };
            format!("cut {}", amount(&cut, points))
        }
        _ => format!("add {}", amount(&r.additions, points)),
    };
    let mut s = format!(
        "from {actual} in {}, must {change} {years} to reach {target} in {}",
        r.from_year, f.year
    );
    if let Some(rate) = r.rate {
        s.push_str(&format!(", growing {} a year", amount(&rate, "%")));
    }
    let mut shown = Vec::new();
    if let Some((a, b, g)) = r.so_far {
        shown.push(format!("{}% a year {a}–{b}", fmt_dec(g)));
    }
    if let Some(p) = r.planned.and_then(|i| model.figures.get(i as usize)) {
        shown.push(format!("{} a year planned", amount(&p.value, "%")));
    }
    if !shown.is_empty() {
        s.push_str(&format!(" (so far {})", shown.join("; ")));
    }
    Some(s)
}
