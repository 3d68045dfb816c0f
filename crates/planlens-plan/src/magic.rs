//! What a file is by its first bytes, for files that are not text at all: a picture,
//! an archive, a program. Readers name the kind instead of calling an image "not UTF-8"
//! (the page's `www/tables/detect.js` keeps the same list).

/// `(kind, magic bytes, offset)`; the first match names the file.
const MAGIC: &[(&str, &[u8], usize)] = &[
    ("a PNG image", b"\x89PNG\r\n\x1a\n", 0),
    ("a JPEG image", b"\xff\xd8\xff", 0),
    ("a GIF image", b"GIF8", 0),
    ("a WebP image", b"WEBP", 8),
    ("a TIFF image", b"II*\0", 0),
    ("a TIFF image", b"MM\0*", 0),
    ("a PDF document", b"%PDF-", 0),
    ("a gzip archive", b"\x1f\x8b", 0),
    ("a RAR archive", b"Rar!\x1a\x07", 0),
    ("a 7-Zip archive", b"7z\xbc\xaf\x27\x1c", 0),
    ("an xz archive", b"\xfd7zXZ\0", 0),
    ("a zstd archive", b"\x28\xb5\x2f\xfd", 0),
    ("a WebAssembly module", b"\0asm", 0),
    ("an ELF program", b"\x7fELF", 0),
    ("an SQLite database", b"SQLite format 3\0", 0),
    ("an MP4 video", b"ftyp", 4),
];

/// The kind of a file that is not text, by its first bytes; `None` for anything else
/// (zip and OLE files are workbooks to the table readers, and left to them).
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(_, magic, at)| bytes.get(*at..at + magic.len()) == Some(*magic))
        .map(|(kind, _, _)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_it_knows_and_nothing_else() {
        assert_eq!(binary_kind(b"\x89PNG\r\n\x1a\n\0\0"), Some("a PNG image"));
        assert_eq!(binary_kind(b"RIFF\0\0\0\0WEBPVP8"), Some("a WebP image"));
        assert_eq!(binary_kind(b"%PDF-1.7"), Some("a PDF document"));
        assert_eq!(binary_kind(b"{\"format\": \"planlens/1\"}"), None);
        assert_eq!(binary_kind("地区,2011\n".as_bytes()), None);
        assert_eq!(binary_kind(b""), None);
        assert_eq!(binary_kind(b"PK\x03\x04"), None);
    }
}
