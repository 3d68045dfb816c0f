//! Reading a plan file with its `targets` and `actuals` going straight into figures.
//!
//! A national plan holds hundreds of thousands of records. Reading them into a vector
//! of [`Record`] first (240 bytes each, every id an owned string) and converting
//! afterwards cost most of the memory and much of the time of loading (issue #5), so
//! the reader ([`super::reader`]) checks each record as it is read and pushes it as a
//! [`Figure`] into one [`Sink`] shared by all files, its ids borrowed from the text and
//! interned per file in order of first use ([`LocalIds`]). The builder maps those local
//! ids to the model's once per distinct id (`Builder::records`).
//!
//! What the builder refused in a record (an unknown id, a year out of range, …) is kept
//! as the [`Stop`] of its array and reported in the builder's order, after every syntax
//! error of every file.

use super::model::{Figure, FigureText, Kind, PlanIdx, YEARS};
use super::raw::{PlanFile, Record};
use crate::num::{fmt_dec, Interval};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// The figures of all files as they are read, in file order; `texts` is parallel.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub figures: Vec<Figure>,
    pub texts: Vec<Option<Box<FigureText>>>,
}

/// No id: the end of a successor chain in [`LocalIds`].
const NONE: u32 = u32::MAX;

/// The indicator or area ids of one file's records, numbered in order of first use.
///
/// Records come in runs (one indicator, then the areas in the same order year after
/// year), so before hashing an id is compared with the previous record's and with the
/// one that followed that id last time.
#[derive(Debug, Default)]
pub(crate) struct LocalIds<'a> {
    pub names: Vec<Cow<'a, str>>,
    index: HashMap<String, u32>,
    /// `next[l]`: the id that came after `l` last time.
    next: Vec<u32>,
    last: Option<u32>,
}

impl<'a> LocalIds<'a> {
    fn intern(&mut self, s: Cow<'a, str>) -> u32 {
        let id = self.find(&s).unwrap_or_else(|| {
            let id = self.names.len() as u32;
            self.index.insert(s.to_string(), id);
            self.names.push(s);
            self.next.push(NONE);
            id
        });
        if let Some(last) = self.last {
            if let Some(n) = self.next.get_mut(last as usize) {
                *n = id;
            }
        }
        self.last = Some(id);
        id
    }

    fn find(&self, s: &str) -> Option<u32> {
        let is = |id: u32| self.names.get(id as usize).is_some_and(|n| n == s);
        let last = self.last?;
        if is(last) {
            return Some(last);
        }
        match self.next.get(last as usize) {
            Some(&n) if n != NONE && is(n) => Some(n),
            _ => self.index.get(s).copied(),
        }
    }
}

/// The first record of an array the builder refuses for what it says itself (a year
/// out of range, value with min, …), with its ids: an unknown id in it, or in an
/// earlier record, is reported first. `key` (`""`: the record) and `message` say what
/// is wrong.
#[derive(Debug)]
pub(crate) struct Stop {
    pub rec: u32,
    pub ind: u32,
    pub area: u32,
    pub key: &'static str,
    pub message: Cow<'static, str>,
}

/// One `targets` or `actuals` array as read: its figures in the [`Sink`], before any
/// [`Stop`].
#[derive(Debug, Default)]
pub(crate) struct Stream {
    pub figures: Range<usize>,
    pub stop: Option<Stop>,
}

/// A file as read: the raw plan without its records, which went into the [`Sink`].
#[derive(Debug)]
pub(crate) struct Parsed<'a> {
    /// `targets` and `actuals` are empty.
    pub file: PlanFile<'a>,
    pub inds: LocalIds<'a>,
    pub areas: LocalIds<'a>,
    pub targets: Stream,
    pub actuals: Stream,
}

/// Everything the reader of one file shares with its records.
pub(super) struct Ctx<'s, 'a> {
    pub plan: PlanIdx,
    pub sink: &'s mut Sink,
    pub inds: LocalIds<'a>,
    pub areas: LocalIds<'a>,
}

impl<'a> Ctx<'_, 'a> {
    /// Checks a record and pushes its figure, or says why the builder refuses it. The
    /// ids and texts are taken out of `r` (the reader reuses one record for all).
    pub(super) fn push(&mut self, r: &mut Record<'a>, rec: u32, kind: Kind) -> Result<(), Stop> {
        let checked = check(r);
        let ind = self.inds.intern(std::mem::take(&mut r.indicator));
        let area = self.areas.intern(std::mem::take(&mut r.area));
        let (year, base_year, value) = checked.map_err(|(key, message)| Stop {
            rec,
            ind,
            area,
            key,
            message,
        })?;
        self.sink.figures.push(Figure {
            plan: self.plan,
            kind,
            ind,
            area,
            year,
            base_year,
            value,
            approx: r.approx == Some(true),
            rec,
        });
        let has_text =
            r.source.is_some() || r.note.is_some() || r.period.is_some() || r.year_text.is_some();
        let s = |o: &mut Option<Cow<str>>| o.take().map(Cow::into_owned);
        self.sink.texts.push(has_text.then(|| {
            Box::new(FigureText {
                source: s(&mut r.source),
                note: s(&mut r.note),
                period: s(&mut r.period),
                year_text: s(&mut r.year_text),
            })
        }));
        Ok(())
    }
}

type Checked = (Option<i32>, Option<i32>, Interval);

/// What a record says for itself: its year, base year and value, or the key at fault
/// (`""` for the record) and why.
fn check(r: &Record) -> Result<Checked, (&'static str, Cow<'static, str>)> {
    let year = match r.year {
        Some(y) if YEARS.contains(&y) => Some(y as i32),
        Some(y) => return Err(("/year", format!("year {y} is outside 1900–2200").into())),
        None if r.year_text.is_some() => None,
        None => {
            return Err((
                "",
                "a year is required (or year_text for a year the document hides)".into(),
            ))
        }
    };
    let base_year = match (r.base_year, year) {
        (Some(b), Some(y)) if YEARS.contains(&b) && i64::from(y) > b => Some(b as i32),
        (Some(b), Some(y)) => {
            return Err((
                "/base_year",
                format!("base_year {b} must be a year before {y}").into(),
            ))
        }
        (Some(b), None) if YEARS.contains(&b) => Some(b as i32),
        (Some(b), None) => {
            return Err((
                "/base_year",
                format!("base_year {b} is outside 1900–2200").into(),
            ))
        }
        (None, _) => None,
    };
    let value = match (r.value, r.min, r.max) {
        (Some(v), None, None) => Interval::point(v.0),
        (Some(_), _, _) => return Err(("", "give either value or min/max, not both".into())),
        (None, None, None) => return Err(("", "a value, min or max is required".into())),
        (None, lo, hi) => {
            if let (Some(lo), Some(hi)) = (lo, hi) {
                if lo.0 > hi.0 {
                    return Err((
                        "/min",
                        format!(
                            "min {} is greater than max {}",
                            fmt_dec(lo.0),
                            fmt_dec(hi.0)
                        )
                        .into(),
                    ));
                }
            }
            Interval {
                lo: lo.map(|n| n.0),
                hi: hi.map(|n| n.0),
            }
        }
    };
    if r.approx == Some(true) && r.value.is_none() {
        return Err(("/approx", "approx goes with value, not with min/max".into()));
    }
    Ok((year, base_year, value))
}

#[cfg(test)]
mod tests {
    use super::super::load::{parse_into, parse_plan};
    use super::*;

    /// The reader refuses what `#[derive(Deserialize)]` on the raw types refuses, with
    /// the same message, place and pointer, and accepts what it accepts.
    fn same_as_derive(name: &str, text: &str) {
        let derived = parse_plan(name, text).map(|_| ());
        let streamed = parse_into(name, text, 0, &mut Sink::default()).map(|_| ());
        assert_eq!(streamed, derived, "{name}: {text:.200}");
    }

    #[test]
    fn errors_are_those_of_the_derive() {
        const HEAD: &str = r#""format":"planlens/1","plan":{"id":"p"}"#;
        let rec = r#"{"indicator":"x","area":"a","year":2011,"value":1}"#;
        let cases = [
            format!("{{{HEAD}}}"),
            format!("{{{HEAD},\"targets\":[{rec}],\"actuals\":[{rec}]}}"),
            format!(r#"{{{HEAD},"targets":[["x","a",2011,null,null,null,5]]}}"#),
            format!(r#"{{{HEAD},"targets":[["x"]]}}"#),
            format!(
                r#"{{{HEAD},"targets":[["x","a",2011,null,null,null,5,null,null,null,null,null,1]]}}"#
            ),
            format!(r#"{{{HEAD},"targets":[["x","a","2011"]]}}"#),
            format!(r#"{{{HEAD},"targets":[["x","a",2011,null,"p",null,null,null,1,2,"s","n"]]}}"#),
            format!(r#"{{{HEAD},"targets":null}}"#),
            format!(r#"{{{HEAD},"targets":{{}}}}"#),
            format!(r#"{{{HEAD},"targets":["x"]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"area":"a","year":2011}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"year":2011}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","year":2011}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","indicator":"x"}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":5}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":null}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","note":5}}]}}"#),
            format!(
                r#"{{{HEAD},"targets":[{{"indicator":"\u0078","area":"a\"b","source":"\u4e2d"}}]}}"#
            ),
            format!(r#"{{{HEAD},"targets":[{{"\u0069ndicator":"x","area":"a"}}]}}"#),
            format!(r#"{{{HEAD},"t\u0061rgets":[]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","vaule":1}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","value":"1"}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","value":1e400}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","value":[[1]]}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","year":2011.5}}]}}"#),
            format!(r#"{{{HEAD},"targets":[{{"indicator":"x","area":"a","approx":1}}]}}"#),
            format!(r#"{{{HEAD},"targets":[],"targets":[]}}"#),
            format!(r#"{{{HEAD},"foo":1}}"#),
            format!(r#"{{{HEAD},"$schema":5}}"#),
            format!(r#"{{"$schema":null,{HEAD}}}"#),
            format!(r#"{{{HEAD}}} x"#),
            format!(r#"{{{HEAD},"targets":[{rec},]}}"#),
            format!(r#"{{{HEAD},"targets":[{rec}"#),
            format!(r#"{{"targets":[{rec}],{HEAD}}}"#),
            r#"{"plan":{"id":"p"}}"#.to_string(),
            r#"{"format":"planlens/1"}"#.to_string(),
            r#"{}"#.to_string(),
            r#"{"format":"planlens/2","plan":{"id":"p"},"targets":[{"vaule":1}]}"#.to_string(),
            r#"{"format":"planlens/2","plan":{"id":"p"}}"#.to_string(),
        ];
        for (i, text) in cases.iter().enumerate() {
            same_as_derive(&format!("case{i}.json"), text);
        }
    }

    /// The messages of [`check`] name the years [`YEARS`] allows.
    #[test]
    fn years_in_messages() {
        let (lo, hi) = (*YEARS.start(), *YEARS.end());
        // Without a year, the year as written (the base year is then checked alone).
        let record = |year: Option<i64>, base_year: Option<i64>| Record {
            indicator: Cow::Borrowed("x"),
            area: Cow::Borrowed("a"),
            year,
            year_text: year.is_none().then_some(Cow::Borrowed("20XX")),
            period: None,
            base_year,
            value: Some(super::super::raw::Num(crate::num::Dec::ONE)),
            approx: None,
            min: None,
            max: None,
            source: None,
            note: None,
        };
        let refusal = |year, base_year| match check(&record(year, base_year)) {
            Ok(_) => panic!("year {year:?}, base_year {base_year:?} accepted"),
            Err((key, message)) => (key, message.into_owned()),
        };
        let range = format!("outside {lo}–{hi}");
        for y in [lo - 1, hi + 1] {
            assert_eq!(
                refusal(Some(y), None),
                ("/year", format!("year {y} is {range}"))
            );
            assert_eq!(
                refusal(None, Some(y)),
                ("/base_year", format!("base_year {y} is {range}"))
            );
        }
        // The ends themselves are years.
        for (year, base_year) in [(Some(lo), None), (Some(hi), Some(lo)), (None, Some(hi))] {
            assert!(
                check(&record(year, base_year)).is_ok(),
                "{year:?} {base_year:?}"
            );
        }
    }

    #[test]
    fn ids_are_interned_in_order_of_first_use() {
        let mut ids = LocalIds::default();
        let got: Vec<u32> = ["a", "b", "c", "a", "b", "c", "b", "d", "a"]
            .into_iter()
            .map(|s| ids.intern(Cow::Borrowed(s)))
            .collect();
        assert_eq!(got, [0, 1, 2, 0, 1, 2, 1, 3, 0]);
        assert_eq!(ids.names, ["a", "b", "c", "d"]);
    }
}
