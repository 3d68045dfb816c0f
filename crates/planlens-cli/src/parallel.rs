//! The CLI's threads, at the two ends of a check:
//! - [`load`]: a big plan's later records are read on a second thread while the first
//!   reads up to them (`Model::load_ahead`); the model is the one thread's.
//! - [`check`]: the area sums, most of a check's time, are found for each half of the
//!   figures on its own thread, and the halves' reports joined in order;
//! - [`write_report_json`]: the findings are cut into chunks, the chunks serialized into
//!   buffers by worker threads, and the buffers written in order. The bytes are those
//!   of `report::write_report_json` (the library's pieces concatenate to them); memory
//!   stays bounded, at most a few chunks in flight per worker.
//!
//! This is the CLI's business, not the core's: the core has no threads (its wasm build
//! runs on one), it only offers the work in pieces (`plan::Ahead`,
//! `check::area_sums_in`, `report::ReportPieces`).

use planlens::check::{self, CheckError, Options, Report};
use planlens::plan::{Ahead, InputError, Model, ReadAhead, Source};
use planlens::report::ReportPieces;
use std::io::Write;
use std::sync::mpsc::sync_channel;

/// Findings per chunk: big enough that a chunk's hand-over costs nothing next to its
/// serialization (about a megabyte of JSON), small enough to keep memory flat.
const CHUNK: usize = 1024;
/// Reports smaller than this are written on the calling thread.
const SERIAL_BELOW: usize = 4 * CHUNK;
/// Chunks a worker may have finished and not yet handed over.
const AHEAD: usize = 2;

/// Writes the report's JSON to `out`, serializing the findings on up to `workers`
/// threads.
pub fn write_report_json<W: Write>(
    out: &mut W,
    pieces: ReportPieces<'_>,
    workers: usize,
) -> Result<(), String> {
    let n = pieces.report.findings.len();
    let err = |e: std::io::Error| e.to_string();
    pieces.head(&mut *out).map_err(err)?;
    if workers < 2 || n < SERIAL_BELOW {
        pieces.findings(&mut *out, 0..n).map_err(err)?;
        return pieces.tail(&mut *out).map_err(err);
    }
    let chunks = n.div_ceil(CHUNK);
    std::thread::scope(|scope| -> Result<(), String> {
        let mut inboxes = Vec::with_capacity(workers);
        for k in 0..workers {
            let (send, recv) = sync_channel::<Result<Vec<u8>, String>>(AHEAD);
            inboxes.push(recv);
            scope.spawn(move || {
                // Worker k serializes chunks k, k + workers, …; a closed receiver (the
                // writer gave up) ends it.
                for c in (k..chunks).step_by(workers) {
                    let mut buf = Vec::with_capacity(CHUNK * 256);
                    let range = c * CHUNK..(c + 1) * CHUNK;
                    let done = pieces.findings(&mut buf, range).map(|()| buf).map_err(err);
                    if send.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        for c in 0..chunks {
            let inbox = inboxes
                .get(c % workers)
                .ok_or_else(|| "the report's writer lost a worker".to_string())?;
            let buf = inbox
                .recv()
                .map_err(|_| "a worker of the report's writer stopped".to_string())??;
            out.write_all(&buf).map_err(|e| e.to_string())?;
        }
        Ok(())
    })?;
    pieces.tail(&mut *out).map_err(err)
}

/// The model of `files`, the biggest file's later records read on a second thread
/// when there is a core for it and the file is big enough ([`Ahead::start`]).
pub fn load(files: &[Source]) -> Result<Model, InputError> {
    let biggest = files.iter().enumerate().max_by_key(|(_, f)| f.text.len());
    let start = biggest.and_then(|(i, f)| Some((i, f, Ahead::start(f.text)?)));
    let Some((i, file, at)) = start.filter(|_| workers() > 1) else {
        return Model::load_sources(files);
    };
    std::thread::scope(|scope| {
        let mut reader = Some(scope.spawn(move || Ahead::read(file.text, i, at)));
        // Asked for only when the first thread arrives at `at`; a reader that panicked
        // gives nothing, and the first thread reads on.
        let mut get = || reader.take().and_then(|r| r.join().ok());
        Model::load_ahead(
            files,
            ReadAhead {
                file: i,
                at,
                get: &mut get,
            },
        )
    })
}

/// Plans with fewer figures are checked on one thread.
const SPLIT_CHECK: usize = 1 << 14;

/// `check::run`, the area sums of the second half of the figures found on a second
/// thread when there is a core for it; the same report.
pub fn check(model: &Model, opts: &Options) -> Result<Report, CheckError> {
    let n = model.figures.len();
    if n < SPLIT_CHECK || workers() < 2 {
        return check::run(model, opts);
    }
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| check::area_sums_in(model, opts, n / 2..n));
        (check::area_sums_in(model, opts, 0..n / 2), second.join())
    });
    let mut report = first?;
    match second {
        Ok(second) => report.append(second?),
        Err(_) => return check::run(model, opts),
    }
    check::run_after_area_sums(model, opts, report)
}

/// How many threads the CLI runs at once (the report's serializers; more than one
/// lets it read ahead and split the area sums): the machine's cores, at most four.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use planlens::check::{self, Options};
    use planlens::report::{self, Detail};
    use planlens::{Model, SourceFile};

    /// The threaded writer gives the serial writer's bytes, whatever the number of
    /// workers and wherever the chunks fall.
    #[test]
    fn same_bytes_as_the_serial_writer() {
        let (text, _) = planlens_generate::generate(&planlens_generate::Options {
            seed: 3,
            indicators: 4,
            years: 3,
            scale: 1,
            perturb: 20,
        });
        let file = SourceFile {
            name: "n.json".into(),
            text,
        };
        let model = Model::load(&[file]).unwrap();
        let report = check::run(&model, &Options::default()).unwrap();
        assert!(
            report.findings.len() > SERIAL_BELOW,
            "{}",
            report.findings.len()
        );
        let mut serial = Vec::new();
        report::write_report_json(&mut serial, &model, &report).unwrap();
        for workers in [1, 2, 3, 4] {
            let mut threaded = Vec::new();
            let pieces = ReportPieces {
                model: &model,
                report: &report,
                detail: Detail::Full,
            };
            write_report_json(&mut threaded, pieces, workers).unwrap();
            assert!(threaded == serial, "{workers} workers: the bytes differ");
        }
    }
}
