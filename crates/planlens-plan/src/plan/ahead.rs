//! Reading a big file's later records ahead, for a caller with a second thread (the
//! CLI; the core itself has none).
//!
//! [`Ahead::start`] picks a place in the second half of the file that looks like the
//! start of a record (`}`, `,`, `{`); the other thread reads the records from there to
//! the end of their array into a sink of its own ([`Ahead::read`]). The reader of the
//! whole file takes them over only if it arrives at exactly that place between two
//! records of a `targets` or `actuals` array ([`Model::load_ahead`]); a guess that fell
//! inside a string or anywhere else is never met and its work is dropped. What was read
//! ahead is taken in as if read in place: ids interned in order of first use, record
//! numbers counted on, the first refused record kept, a syntax error reported with its
//! JSON pointer. The model and every refusal are those of [`Model::load`].

use super::build::{Ctx, Figures, LocalIds, Stream};
use super::format::{records_ahead, Kind};
use super::json;
use super::model::{Model, PlanIdx};
use super::parse::body;

/// Files smaller than this are read on one thread: the hand-over would cost more than
/// it saves.
const MIN_LEN: usize = 1 << 20;
/// How far past the middle a record's start is looked for.
const WINDOW: usize = 1 << 16;

/// The records of a file read ahead, from [`Ahead::start`] to the end of their array.
#[derive(Debug)]
pub struct Ahead<'a> {
    pub(crate) figures: Figures,
    pub(crate) inds: LocalIds<'a>,
    pub(crate) areas: LocalIds<'a>,
    pub(crate) stream: Stream,
    /// The offset of the array's `]`, or the refusal met.
    pub(crate) end: json::Result<usize>,
}

impl<'a> Ahead<'a> {
    /// Where another thread may start reading `text` (a file's text) ahead: the `{` of
    /// what looks like a record in the second half; `None` for a small file.
    pub fn start(text: &str) -> Option<usize> {
        let bytes = body(text).as_bytes();
        if bytes.len() < MIN_LEN {
            return None;
        }
        let from = bytes.len() / 2;
        let window = bytes.get(from..(from + WINDOW).min(bytes.len()))?;
        let ws = |b: &u8| matches!(b, b' ' | b'\n' | b'\t' | b'\r');
        window.iter().enumerate().find_map(|(k, &b)| {
            if b != b'}' {
                return None;
            }
            let mut rest = window.get(k + 1..)?.iter().enumerate();
            let (_, comma) = rest.find(|(_, b)| !ws(b))?;
            if *comma != b',' {
                return None;
            }
            let (j, open) = rest.find(|(_, b)| !ws(b))?;
            (*open == b'{').then_some(from + k + 1 + j)
        })
    }

    /// Reads the records of `text` (the text of file number `plan`) from `at` (from
    /// [`Ahead::start`]) to the end of their array.
    pub fn read(text: &'a str, plan: usize, at: usize) -> Ahead<'a> {
        let mut figures = Figures::default();
        let mut ctx = Ctx::new(
            PlanIdx::try_from(plan).unwrap_or(PlanIdx::MAX),
            &mut figures,
        );
        let end = records_ahead(body(text), at, &mut ctx);
        let [stream, _] = ctx.streams;
        Ahead {
            inds: ctx.inds,
            areas: ctx.areas,
            stream,
            end,
            figures,
        }
    }
}

/// Where a file's records are read ahead, and how to get what was read there.
pub struct ReadAhead<'r, 'a> {
    /// The file's index in the set.
    pub file: usize,
    /// The offset the records are read from ([`Ahead::start`]).
    pub at: usize,
    /// What was read ([`Ahead::read`]); asked only when the reader of the file arrives
    /// at `at`, so it may wait for a thread.
    pub get: &'r mut dyn FnMut() -> Option<Ahead<'a>>,
}

impl Model {
    /// [`Model::load`], with one file's later records read meanwhile by someone else.
    /// The model and every refusal are those of `load`.
    pub fn load_ahead<'a>(
        files: &[super::parse::Source<'a>],
        ahead: ReadAhead<'_, 'a>,
    ) -> Result<Model, super::InputError> {
        Model::load_with(files, Some(ahead))
    }
}

impl<'a> Ctx<'_, '_, 'a> {
    /// Takes over the records read ahead as the `first`th onward of this file's `kind`
    /// array; the offset of the array's `]`.
    pub(crate) fn take_over(
        &mut self,
        kind: Kind,
        first: u32,
        a: Ahead<'a>,
    ) -> json::Result<usize> {
        let end = a.end.map_err(|e| e.counted_from(first))?;
        let Some(stream) = self.streams.get_mut(kind as usize) else {
            return Ok(end);
        };
        // After a refused record the rest are read for their syntax only, as here.
        if stream.stop.is_some() {
            return Ok(end);
        }
        let inds = self.inds.intern_all(a.inds);
        let areas = self.areas.intern_all(a.areas);
        let ind = |l: u32| inds.get(l as usize).copied().unwrap_or(l);
        let area = |l: u32| areas.get(l as usize).copied().unwrap_or(l);
        let at = self.figures.figures.len();
        if !stream.started {
            stream.started = true;
            stream.figures = at..at;
        }
        self.figures
            .figures
            .extend(a.figures.figures.into_iter().map(|mut f| {
                f.kind = kind;
                f.ind = ind(f.ind);
                f.area = area(f.area);
                f.rec = f.rec.saturating_add(first);
                f
            }));
        self.figures.texts.extend(a.figures.texts);
        if a.stream.started {
            stream.figures.end = self.figures.figures.len();
        }
        if let Some(mut stop) = a.stream.stop {
            stop.rec = stop.rec.saturating_add(first);
            stop.ind = ind(stop.ind);
            stop.area = area(stop.area);
            stream.stop = Some(stop);
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(n: usize) -> String {
        let recs: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"indicator":"x","area":"a{i}","year":2020,"value":{i}}}"#))
            .collect();
        format!(
            r#"{{"format":"planlens/1","targets":[{}]}}"#,
            recs.join(",\n")
        )
    }

    #[test]
    fn starts_at_a_record_in_the_second_half_of_a_big_file() {
        let text = records(30_000);
        assert!(text.len() > MIN_LEN);
        let at = Ahead::start(&text).unwrap();
        assert!(at >= text.len() / 2 && at < text.len() / 2 + WINDOW, "{at}");
        assert!(
            text[at..].starts_with(r#"{"indicator""#),
            "{}",
            &text[at..at + 20]
        );
        assert!(text[..at].trim_end().ends_with("},"));
    }

    #[test]
    fn no_start_in_a_small_file_or_where_nothing_looks_like_a_record() {
        assert_eq!(Ahead::start(&records(100)), None);
        let notes = format!(r#"{{"plan":{{"note":"{}"}}}}"#, "x".repeat(MIN_LEN));
        assert_eq!(Ahead::start(&notes), None);
    }
}
