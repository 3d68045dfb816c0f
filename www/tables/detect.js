// What a dropped or chosen file is, from its first bytes and then its name, so that
// each goes to its reader: plan JSON to the engine, .xlsx to tables/xlsx.js, HTML
// (web pages, and the "xls" files many sites export, which are HTML tables) to
// tables/html.js, CSV/TSV/plain text to the engine's grid_from_text, and anything
// else back to the user with what it looks like.

// [kind, magic bytes (-1: any byte), offset, extra test]; the first match names the
// file. The magics text could start with (BM, MZ, BZh) must go on as binary files do.
const MAGIC = [
  ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', [0x47, 0x49, 0x46, 0x38]], // GIF8
  ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['ZIP', [0x50, 0x4b, 0x03, 0x04]],
  ['ZIP', [0x50, 0x4b, 0x05, 0x06]], // an empty zip
  ['GZIP', [0x1f, 0x8b]],
  ['OLE2', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]], // legacy .xls/.doc/.wps, or an encrypted .xlsx
  ['BMP', [0x42, 0x4d, -1, -1, -1, -1, 0, 0, 0, 0]], // BM, size, reserved zeros
  ['TIFF', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF', [0x4d, 0x4d, 0x00, 0x2a]],
  ['WEBP', [0x57, 0x45, 0x42, 0x50], 8], // RIFF....WEBP
  ['RAR', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]],
  ['7Z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['XZ', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['BZIP2', [0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]], // BZh?1AY&SY
  ['ZSTD', [0x28, 0xb5, 0x2f, 0xfd]],
  ['WASM', [0x00, 0x61, 0x73, 0x6d]],
  ['ELF', [0x7f, 0x45, 0x4c, 0x46]],
  ['EXE', [0x4d, 0x5a], 0, (b) => b.subarray(2, 64).includes(0)], // MZ and a binary header
  ['SQLITE', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66]], // "SQLite f"
  ['MP4', [0x66, 0x74, 0x79, 0x70], 4], // ....ftyp
];

/**
 * The kind of a binary file by its magic bytes: 'PNG', 'JPEG', 'GIF', 'PDF', 'ZIP',
 * 'GZIP', 'OLE2', 'BMP', 'TIFF', 'WEBP', 'RAR', '7Z', 'XZ', 'BZIP2', 'ZSTD', 'WASM',
 * 'ELF', 'EXE', 'SQLITE', 'MP4'; null when none matches. Every zip is a 'ZIP' here,
 * workbooks included.
 * @param {Uint8Array} bytes
 * @returns {string|null}
 */
export function binaryKind(bytes) {
  for (const [kind, magic, at = 0, more] of MAGIC) {
    if (bytes.length >= at + magic.length && magic.every((m, i) => m < 0 || bytes[at + i] === m) && (!more || more(bytes))) return kind;
  }
  return null;
}

/**
 * Which reader a file goes to.
 * - 'xlsx': any zip (PK\x03\x04): the xlsx reader reads workbooks and names what other
 *   zips are (.ods, .xlsb, .docx, …), whatever the file's name;
 * - 'binary': other magic bytes (see binaryKind), or NUL bytes in text with no UTF-16 BOM;
 * - 'json': `{` or `[` first, after a BOM and whitespace; 'html': `<` first;
 * - then by name: .json → 'json', .html/.htm/.xhtml → 'html'; otherwise 'text'.
 * UTF-16 text (Excel's "Unicode text" is UTF-16LE with a BOM) is looked at decoded.
 * @param {string} name
 * @param {Uint8Array} bytes the file, or at least its first 4 KiB
 * @returns {'json'|'xlsx'|'html'|'text'|'binary'}
 */
export function sniff(name, bytes) {
  const kind = binaryKind(bytes);
  if (kind === 'ZIP') return 'xlsx'; // readXlsx says what a zip that is no workbook is (.ods, .docx, …)
  if (kind) return 'binary';
  const head = bytes.subarray(0, 4096);
  let text;
  if (head[0] === 0xff && head[1] === 0xfe) text = new TextDecoder('utf-16le').decode(head);
  else if (head[0] === 0xfe && head[1] === 0xff) text = new TextDecoder('utf-16be').decode(head);
  else if (head.includes(0)) return 'binary';
  else text = new TextDecoder().decode(head); // strips a UTF-8 BOM
  const first = /^[\s\ufeff]*(.)/.exec(text)?.[1];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'html';
  if (/\.json$/i.test(name)) return 'json';
  if (/\.x?html?$/i.test(name)) return 'html';
  return 'text';
}
