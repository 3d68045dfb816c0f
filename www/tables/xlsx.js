// Reading .xlsx workbooks into grids (the tables contract: /work/contract-tables.md):
// one grid per worksheet, cell text exactly as stored, merged ranges, the sheet's origin.
//
// An .xlsx is a zip of XML parts. We read the zip's central directory ourselves (every
// offset and length checked against the file), inflate the parts we need with the
// browser's DecompressionStream('deflate-raw'), and parse them with DOMParser. No
// dependency, nothing from the network.
//
// Hostile files: a zip bomb cannot make us hold more than `maxBytes` of unpacked XML (the
// sizes a zip declares are checked first but not trusted: inflation is fed a slice at a
// time and stops as soon as the output passes the budget), nor make us walk more than
// `maxEntries` directory records or lay out more than `maxCells` cells per sheet. Part
// names come only from the workbook's own relationships, never from cell text.

/** The default limits (bytes unpacked in all, zip entries, cells per sheet). */
export const XLSX_LIMITS = Object.freeze({ maxBytes: 64 * 1024 * 1024, maxEntries: 10_000, maxCells: 1_000_000 });

const MAX_COLS = 16384; // XFD, Excel's last column
const MAX_ROWS = 1048576;

/**
 * Reads a workbook: one grid per worksheet, in the workbook's order (hidden sheets
 * included; chart sheets have no cells and are left out). Throws an Error whose message
 * starts with the file name on anything it cannot read.
 * @param {string} name the file name, for grids and messages
 * @param {ArrayBuffer|Uint8Array} arrayBuffer the file's bytes
 * @param {{maxBytes?: number, maxEntries?: number, maxCells?: number}} [limits]
 * @returns {Promise<Array<{name: string, sheet: string, caption: null, origin: [number, number], rows: string[][], merges: {row: number, col: number, rows: number, cols: number}[]}>>}
 */
export async function readXlsx(name, arrayBuffer, { maxBytes = XLSX_LIMITS.maxBytes, maxEntries = XLSX_LIMITS.maxEntries, maxCells = XLSX_LIMITS.maxCells } = {}) {
  const bytes = arrayBuffer instanceof Uint8Array ? arrayBuffer : new Uint8Array(arrayBuffer);
  const zip = openZip(name, bytes, maxEntries);
  const budget = { left: maxBytes, limit: maxBytes };
  const part = async (path) => xml(name, path, await unpack(name, bytes, zip.get(path.toLowerCase()), budget));

  if (!zip.has('xl/workbook.xml') && !zip.has('[content_types].xml')) refuseOther(name, zip);
  // The workbook part is named by the package's relationships (almost always xl/workbook.xml).
  const rootRels = zip.has('_rels/.rels') ? rels(await part('_rels/.rels'), '') : [];
  const wbPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target || 'xl/workbook.xml';
  if (!zip.has(wbPath.toLowerCase())) refuseOther(name, zip);
  const wbDir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const relsPath = `${wbDir}_rels/${wbPath.slice(wbDir.length)}.rels`;
  const wbRels = zip.has(relsPath.toLowerCase()) ? rels(await part(relsPath), wbDir) : [];
  const byId = new Map(wbRels.map((r) => [r.id, r]));

  const sstPath = wbRels.find((r) => r.type.endsWith('/sharedStrings'))?.target || `${wbDir}sharedStrings.xml`;
  const strings = zip.has(sstPath.toLowerCase()) ? sharedStrings(await part(sstPath)) : [];

  const grids = [];
  for (const sheet of elements(await part(wbPath), 'sheet')) {
    const sheetName = sheet.getAttribute('name') ?? '';
    const rel = byId.get(relId(sheet));
    if (!rel) throw new Error(`${name}: sheet "${sheetName}" has no part in ${relsPath}`);
    if (!rel.type.endsWith('/worksheet')) continue; // chart, dialog and macro sheets
    if (!zip.has(rel.target.toLowerCase())) throw new Error(`${name}: sheet "${sheetName}" (${rel.target}) is missing from the zip`);
    grids.push(worksheet(name, rel.target, sheetName, await part(rel.target), strings, maxCells));
  }
  return grids;
}

// ------------------------------------------------------------------ the zip

const u16 = (b, at) => b[at] | (b[at + 1] << 8);
const u32 = (b, at) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const u64 = (b, at) => u32(b, at) + u32(b, at + 4) * 2 ** 32; // exact below 2^53, more than any file here

/**
 * The central directory: lower-cased, slash-normalised path → {path, method, flags,
 * crc, csize, size, local}. Checks every record against the file's length.
 */
function openZip(name, b, maxEntries) {
  if (b.length < 4 || (u32(b, 0) !== 0x04034b50 && u32(b, 0) !== 0x06054b50)) {
    throw new Error(`${name}: not an XLSX workbook (no zip signature)`);
  }
  const damaged = (what) => new Error(`${name}: the zip is damaged or truncated (${what})`);
  // The end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KiB.
  let eocd = -1;
  for (let at = b.length - 22; at >= 0 && at >= b.length - 22 - 0xffff; at--) {
    if (u32(b, at) === 0x06054b50 && at + 22 + u16(b, at + 20) <= b.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged('no end of central directory');
  let count = u16(b, eocd + 10);
  let cdSize = u32(b, eocd + 12);
  let cdAt = u32(b, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdAt === 0xffffffff) {
    // ZIP64: the locator sits just before the record and points at the 64-bit record.
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) throw damaged('no ZIP64 locator');
    const z = u64(b, loc + 8);
    if (z + 56 > b.length || u32(b, z) !== 0x06064b50) throw damaged('bad ZIP64 record');
    count = u64(b, z + 32);
    cdSize = u64(b, z + 40);
    cdAt = u64(b, z + 48);
  }
  if (count > maxEntries) throw new Error(`${name}: more than ${maxEntries.toLocaleString('en')} entries in the zip; planlens stops there`);
  if (cdAt + cdSize > b.length) throw damaged('the central directory passes the end of the file');

  const names = new TextDecoder();
  const entries = new Map();
  let at = cdAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdAt + cdSize || u32(b, at) !== 0x02014b50) throw damaged(`directory record ${i + 1}`);
    const nameLen = u16(b, at + 28);
    const extraLen = u16(b, at + 30);
    const next = at + 46 + nameLen + extraLen + u16(b, at + 32);
    if (next > cdAt + cdSize) throw damaged(`directory record ${i + 1}`);
    const path = names.decode(b.subarray(at + 46, at + 46 + nameLen)).replace(/\\/g, '/').replace(/^\/+/, '');
    const e = { path, flags: u16(b, at + 8), method: u16(b, at + 10), crc: u32(b, at + 16), csize: u32(b, at + 20), size: u32(b, at + 24), local: u32(b, at + 42) };
    if (e.size === 0xffffffff || e.csize === 0xffffffff || e.local === 0xffffffff) zip64Extra(b, at + 46 + nameLen, extraLen, e, damaged);
    entries.set(path.toLowerCase(), e);
    at = next;
  }
  return entries;
}

/** Reads the 64-bit sizes and offset of a ZIP64 entry from its extra field (id 1). */
function zip64Extra(b, at, len, e, damaged) {
  for (let p = at; p + 4 <= at + len; p += 4 + u16(b, p + 2)) {
    if (u16(b, p) !== 1) continue;
    let q = p + 4;
    const end = q + u16(b, p + 2);
    for (const key of ['size', 'csize', 'local']) {
      if (e[key] !== 0xffffffff) continue;
      if (q + 8 > end) throw damaged(`ZIP64 sizes of ${e.path}`);
      e[key] = u64(b, q);
      q += 8;
    }
    return;
  }
  throw damaged(`ZIP64 sizes of ${e.path}`);
}

/** Says what the zip is when it is not a workbook. */
function refuseOther(name, zip) {
  const what = zip.has('mimetype') || zip.has('content.xml') ? 'an OpenDocument file (.ods): save it as .xlsx'
    : zip.has('xl/workbook.bin') ? 'a binary workbook (.xlsb): save it as .xlsx'
    : zip.has('word/document.xml') ? 'a Word document'
    : zip.has('ppt/presentation.xml') ? 'a PowerPoint file'
    : 'no xl/workbook.xml in the zip';
  throw new Error(`${name}: not an XLSX workbook (${what})`);
}

const MiB = 1024 * 1024;
const fmtLimit = (n) => (n % MiB === 0 ? `${n / MiB} MiB` : `${n.toLocaleString('en')} bytes`);

/** An entry's bytes, inflated within what is left of the budget; CRC-checked. */
async function unpack(name, b, e, budget) {
  // The budget is for the whole workbook; say so when the parts before took a good share.
  const before = budget.limit - budget.left > budget.limit / 64 ? ' (with the parts read before it)' : '';
  const over = () => new Error(`${name}: ${e.path} unpacks past ${fmtLimit(budget.limit)}${before}; planlens stops there`);
  const damaged = (what) => new Error(`${name}: ${e.path} is damaged (${what})`);
  if (e.flags & 1) throw new Error(`${name}: ${e.path} is encrypted`);
  if (e.size > budget.left) throw over();
  const lh = e.local;
  if (lh + 30 > b.length || u32(b, lh) !== 0x04034b50) throw damaged('bad local header');
  const start = lh + 30 + u16(b, lh + 26) + u16(b, lh + 28);
  if (start + e.csize > b.length) throw damaged('its data passes the end of the file');
  const data = b.subarray(start, start + e.csize);
  let out;
  if (e.size === 0 && e.csize <= 2) {
    out = new Uint8Array(0); // an empty part (deflated, it is the two bytes of an empty block)
  } else if (e.method === 0) {
    if (data.length > budget.left) throw over();
    out = data;
  } else if (e.method === 8) {
    out = await inflate(data, budget.left, over, damaged);
  } else {
    throw new Error(`${name}: ${e.path} uses zip compression method ${e.method}, which planlens does not read`);
  }
  if (crc32(out) !== e.crc) throw damaged('CRC mismatch');
  budget.left -= out.length;
  return out;
}

/**
 * Inflates raw deflate data, never holding much more than `limit` bytes of output: the
 * input goes in slices sized so that one slice cannot unpack past what is left (deflate
 * expands at most 1032:1), and reading stops, cancelling the stream, at the limit.
 */
async function inflate(data, limit, over, damaged) {
  let at = 0;
  let total = 0;
  const source = new ReadableStream({
    pull(c) {
      if (at >= data.length) return c.close();
      const n = Math.min(1 << 20, Math.max(4096, Math.floor((limit - total) / 1032)));
      c.enqueue(data.subarray(at, at + n));
      at += n;
      return undefined;
    },
  }, { highWaterMark: 0 });
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch (err) {
      throw damaged(err && err.message ? err.message : String(err));
    }
    if (step.done) break;
    total += step.value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw over();
    }
    chunks.push(step.value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

let crcTable = null;
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ------------------------------------------------------------------ XML parts

/** Parses a part as XML; refuses DTDs (no OOXML part has one: entity expansion stays out). */
function xml(name, path, bytes) {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
  if (/<!DOCTYPE/i.test(text)) throw new Error(`${name}: ${path} has a DTD, which no workbook part has`);
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const err = doc.getElementsByTagName('parsererror')[0];
  if (err) throw new Error(`${name}: ${path} is not well-formed XML (${collapse(err.textContent).slice(0, 200)})`);
  return doc;
}

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

/** Descendant elements by local name, whatever the prefix (x:c, strict OOXML). */
const elements = (node, local) => Array.from(node.getElementsByTagNameNS('*', local));

/** The first child element with this local name. */
function child(el, local) {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) if (c.localName === local) return c;
  return null;
}

/** The r:id of a <sheet>, in the transitional or the strict relationships namespace. */
function relId(el) {
  for (const a of Array.from(el.attributes)) if (a.localName === 'id' && /relationships$/.test(a.namespaceURI || '')) return a.value;
  return el.getAttribute('r:id');
}

/** Relationships: [{id, type, target}] with targets resolved to zip paths from `dir`. */
function rels(doc, dir) {
  return elements(doc, 'Relationship')
    .filter((r) => r.getAttribute('TargetMode') !== 'External')
    .map((r) => ({ id: r.getAttribute('Id'), type: r.getAttribute('Type') || '', target: resolvePath(dir, r.getAttribute('Target') || '') }));
}

function resolvePath(dir, target) {
  const parts = [];
  for (const p of (target.startsWith('/') ? target : dir + target).split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/** OOXML escapes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
const unescapeX = (s) => (s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h) => String.fromCharCode(parseInt(h, 16))) : s);

/** The text of an <si> or <is>: its <t>, or its runs' <t> concatenated (phonetic runs left out). */
function richText(el) {
  let s = '';
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    if (c.localName === 't') s += c.textContent;
    else if (c.localName === 'r') s += child(c, 't')?.textContent ?? '';
  }
  return unescapeX(s);
}

function sharedStrings(doc) {
  return elements(doc, 'si').map(richText);
}

// ------------------------------------------------------------------ worksheets

/** "BC12" → [row, col], 0-based; null when not a cell reference inside the sheet. */
function cellRef(ref) {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref || '');
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  const row = Number(m[2]);
  if (row < 1 || row > MAX_ROWS || col > MAX_COLS) return null;
  return [row - 1, col - 1];
}

function worksheet(name, path, sheet, doc, strings, maxCells) {
  const where = (r, c) => `${path} cell ${colName(c)}${r + 1}`;
  const tooMany = (what) => new Error(`${name}: ${path} (sheet "${sheet}") ${what} more than ${maxCells.toLocaleString('en')} cells; planlens stops there`);
  let right = 0;
  const cells = []; // [row, col, text], absolute
  const data = elements(doc, 'sheetData')[0];
  let row = -1;
  for (let r = data?.firstElementChild; r; r = r.nextElementSibling) {
    if (r.localName !== 'row') continue;
    const rAttr = r.getAttribute('r');
    row = rAttr === null ? row + 1 : Number(rAttr) - 1;
    if (!Number.isInteger(row) || row < 0 || row >= MAX_ROWS) throw new Error(`${name}: ${path} has a row numbered "${rAttr}"`);
    let col = -1;
    for (let c = r.firstElementChild; c; c = c.nextElementSibling) {
      if (c.localName !== 'c') continue;
      const ref = c.getAttribute('r');
      if (ref === null) col++;
      else {
        const rc = cellRef(ref);
        if (!rc) throw new Error(`${name}: ${path} has a cell at "${ref}"`);
        [row, col] = rc; // a cell's own reference wins over its row's
      }
      if (col >= MAX_COLS) throw new Error(`${name}: ${path} has a cell past column XFD`);
      const text = cellText(c, strings, () => where(row, col), name);
      if (text === '') continue;
      if (cells.length >= maxCells) throw tooMany('has');
      cells.push([row, col, text]);
      right = Math.max(right, col);
    }
  }

  const merges = [];
  for (const m of elements(doc, 'mergeCell')) {
    const [a, b = a] = (m.getAttribute('ref') || '').split(':');
    const p = cellRef(a);
    const q = cellRef(b);
    if (!p || !q) throw new Error(`${name}: ${path} has a merged range "${m.getAttribute('ref')}"`);
    const top = Math.min(p[0], q[0]);
    const left = Math.min(p[1], q[1]);
    merges.push({ row: top, col: left, rows: Math.abs(p[0] - q[0]) + 1, cols: Math.abs(p[1] - q[1]) + 1 });
  }

  // The origin: the top-left of what holds text or is merged (styled empty cells and a
  // stale <dimension> add nothing); an empty sheet keeps its <dimension>'s corner.
  let top = Infinity;
  let left = Infinity;
  for (const [r, c] of cells) {
    if (r < top) top = r;
    if (c < left) left = c;
  }
  for (const m of merges) {
    if (m.row < top) top = m.row;
    if (m.col < left) left = m.col;
  }
  if (top === Infinity) {
    const dim = cellRef((elements(doc, 'dimension')[0]?.getAttribute('ref') || '').split(':')[0]);
    [top, left] = dim || [0, 0];
  }

  // Rows run from the top to the last row with text or merged; each row ends at its last
  // text or at the right edge of a merge over it (so a merged header spans its columns
  // with "", as the HTML reader gives it). An empty row counts as one cell.
  const ends = new Map();
  let bottom = top - 1;
  const reach = (r, end) => {
    ends.set(r, Math.max(ends.get(r) ?? 0, end));
    bottom = Math.max(bottom, r);
  };
  for (const [r, c] of cells) reach(r, c - left + 1);
  for (const m of merges) {
    right = Math.max(right, m.col + m.cols - 1);
    for (let r = m.row; r < m.row + m.rows && r - top < maxCells; r++) reach(r, m.col + m.cols - left);
  }
  let size = bottom - top + 1 - ends.size;
  for (const n of ends.values()) size += Math.max(1, n);
  if (size > maxCells) throw tooMany(`spans ${colName(left)}${top + 1}:${colName(right)}${bottom + 1}, which lays out`);
  const rows = Array.from({ length: bottom - top + 1 }, (_, i) => new Array(ends.get(top + i) ?? 0).fill(''));
  for (const [r, c, text] of cells) rows[r - top][c - left] = text;
  for (const m of merges) {
    m.row -= top;
    m.col -= left;
  }
  return { name, sheet, caption: null, origin: [top, left], rows, merges };
}

function colName(c) {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * A cell's text as stored: shared and inline strings, numbers as written in the file
 * (never through Number: "0.1" stays "0.1"), a formula's cached value, errors as their
 * code (#DIV/0!), booleans as TRUE/FALSE. Dates stay serial numbers (no styles read).
 */
function cellText(c, strings, where, name) {
  const t = c.getAttribute('t') || 'n';
  if (t === 'inlineStr') {
    const is = child(c, 'is');
    return is ? richText(is) : '';
  }
  const v = child(c, 'v');
  if (!v) return ''; // empty, or a formula never calculated
  const text = v.textContent;
  if (t === 's') {
    const i = Number(text);
    if (!Number.isInteger(i) || i < 0 || i >= strings.length) throw new Error(`${name}: ${where()} refers to shared string "${text}", which does not exist`);
    return strings[i];
  }
  if (t === 'b') return text === '1' ? 'TRUE' : text === '0' ? 'FALSE' : text;
  if (t === 'str') return unescapeX(text);
  return text; // n, e, d
}
