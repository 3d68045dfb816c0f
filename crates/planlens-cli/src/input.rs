//! The bytes of the files the CLI is given: a big regular file is mapped into memory,
//! anything else (a small file, a pipe, stdin) is read.
//!
//! Mapping spares a 40 MB plan its copy out of the page cache into fresh memory: the
//! reader touches the cached pages directly, and the two threads that load it
//! (`parallel::load`) fault in their halves at once. On this project's 2-core machine
//! that took the file's 28-31 ms to 8 ms (UTF-8 validation included; BENCHMARKS.md,
//! session 11).

use std::fs::File;
use std::io::Read;
use std::ops::Deref;
use std::path::Path;

/// Regular files at least this big are mapped; smaller ones are read (a map costs a
/// few system calls of its own).
const MAP_FROM: u64 = 1 << 20;

/// A file's bytes, mapped or read.
pub enum Bytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            Bytes::Read(bytes) => bytes,
        }
    }
}

/// The bytes of the file at `path`.
pub fn read(path: &Path) -> std::io::Result<Bytes> {
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() >= MAP_FROM {
        // SAFETY: the map is read-only and private to this process, which never writes
        // the file. Another process that shrinks the file while it is mapped makes
        // reading past its new end a SIGBUS, and one that rewrites it may change the
        // bytes under the reader; this is the trade every tool that maps files makes
        // (ripgrep maps single big files by default). A map that fails falls back to
        // reading.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Bytes::Mapped(map));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(Bytes::Read(bytes))
}

/// Everything on stdin.
pub fn read_stdin() -> std::io::Result<Bytes> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    Ok(Bytes::Read(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A big file is mapped, a small one read, and both give the file's bytes.
    #[test]
    fn mapped_or_read_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        for (len, mapped) in [(10usize, false), (MAP_FROM as usize + 7, true)] {
            let want: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let path = dir.path().join(format!("f{len}"));
            File::create(&path).unwrap().write_all(&want).unwrap();
            let got = read(&path).unwrap();
            assert_eq!(matches!(got, Bytes::Mapped(_)), mapped, "{len} bytes");
            assert!(*got == *want, "{len} bytes differ");
        }
    }

    /// An empty file is nothing.
    #[test]
    fn empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty");
        File::create(&path).unwrap();
        assert!(read(&path).unwrap().is_empty());
    }
}
