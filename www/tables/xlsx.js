// Reading .xlsx workbooks into grids (the tables contract: /work/contract-tables.md):
// one grid per worksheet, cell text exactly as stored, merged ranges, the sheet's origin.
//
// An .xlsx is a zip of XML parts. We read the zip's central directory ourselves (every
// offset and length checked against the file), inflate the parts we need with the
// browser's DecompressionStream('deflate-raw'), and read the XML with a small strict
// scanner (see "XML parts" for why not DOMParser). No dependency, nothing from the
// network; it runs in a Web Worker as well as in the page.
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
  const part = async (path) => partText(name, path, await unpack(name, bytes, zip.get(path.toLowerCase()), budget));
  const where = (path) => `${name}: ${path}`;

  if (!zip.has('xl/workbook.xml') && !zip.has('[content_types].xml')) refuseOther(name, zip);
  // The workbook part is named by the package's relationships (almost always xl/workbook.xml).
  const rootRels = zip.has('_rels/.rels') ? rels(where('_rels/.rels'), await part('_rels/.rels'), '') : [];
  const wbPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target || 'xl/workbook.xml';
  if (!zip.has(wbPath.toLowerCase())) refuseOther(name, zip);
  const wbDir = wbPath.slice(0, wbPath.lastIndexOf('/') + 1);
  const relsPath = `${wbDir}_rels/${wbPath.slice(wbDir.length)}.rels`;
  const wbRels = zip.has(relsPath.toLowerCase()) ? rels(where(relsPath), await part(relsPath), wbDir) : [];
  const byId = new Map(wbRels.map((r) => [r.id, r]));

  const sstPath = wbRels.find((r) => r.type.endsWith('/sharedStrings'))?.target || `${wbDir}sharedStrings.xml`;
  const strings = zip.has(sstPath.toLowerCase()) ? sharedStrings(where(sstPath), await part(sstPath)) : [];

  const grids = [];
  for (const sheet of sheetList(where(wbPath), await part(wbPath))) {
    const rel = byId.get(sheet.id);
    if (!rel) throw new Error(`${name}: sheet "${sheet.name}" has no part in ${relsPath}`);
    if (!rel.type.endsWith('/worksheet')) continue; // chart, dialog and macro sheets
    if (!zip.has(rel.target.toLowerCase())) throw new Error(`${name}: sheet "${sheet.name}" (${rel.target}) is missing from the zip`);
    grids.push(worksheet(name, rel.target, sheet.name, await part(rel.target), strings, maxCells));
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
//
// The parts are read by a small strict scanner, not DOMParser. Measured in Chromium on a
// busy 2-core machine: a sheet of a million cells (37 MB of XML) took DOMParser 12–20 s
// (and a DOM many times the text's size), the scanner about 3 s for the whole workbook;
// 15 million empty elements (a 64 KB .xlsx) froze the page for 50 s in DOMParser, and
// take the scanner 2 s. It knows the XML that workbooks are written in: elements,
// attributes, text, the five predefined entities and character references, CDATA,
// comments and processing instructions; a DTD or anything else, or a tag closed out of
// order, is refused as not well-formed. It also works where DOMParser does not (a Web
// Worker, Node).

/** A part's text (UTF-8, or UTF-16 with a BOM); refuses DTDs (no OOXML part has one). */
function partText(name, path, bytes) {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  const text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
  if (/<!DOCTYPE/i.test(text)) throw new Error(`${name}: ${path} has a DTD, which no workbook part has`);
  return text;
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

let scanning = ''; // the part scanXml is reading, for attr's messages

/**
 * Walks the XML `text`, calling on.open(local, attrs, up), on.text(text, up) and
 * on.close(local, up): `local` is the element's name without its prefix, `attrs` its raw
 * attribute text (read with `attr`, which checks it), `up` the local names of the open
 * elements, innermost last (for text, its own element included). Throws "<where> is not
 * well-formed XML (…)". indexOf and one loop over each tag's characters: a regex per token
 * was 3 times slower.
 */
function scanXml(where, text, on) {
  const bad = (what, at) => new Error(`${where} is not well-formed XML (${what} at character ${at})`);
  scanning = where;
  const names = [];
  const up = [];
  let rooted = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const stop = lt < 0 ? n : lt;
    if (stop > i) {
      if (names.length) on.text?.(decode(text.slice(i, stop), bad, i), up);
      else if (/\S/.test(text.slice(i, stop))) throw bad('text outside the root element', i);
    }
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 33 || next === 63) {
      // <!-- comment -->, <![CDATA[ text ]]>, <?processing instruction?>
      const [open, close] = text.startsWith('<!--', lt) ? ['<!--', '-->'] : text.startsWith('<![CDATA[', lt) ? ['<![CDATA[', ']]>'] : next === 63 ? ['<?', '?>'] : [null, null];
      if (!open) throw bad('a declaration', lt);
      const end = text.indexOf(close, lt + open.length);
      if (end < 0) throw bad(`${open} not closed`, lt);
      if (open === '<![CDATA[') {
        if (!names.length) throw bad('CDATA outside the root element', lt);
        on.text?.(text.slice(lt + open.length, end), up);
      }
      i = end + close.length;
      continue;
    }
    // A tag: up to the first ">" outside quotes.
    let j = lt + 1;
    let quote = 0;
    for (; j < n; j++) {
      const ch = text.charCodeAt(j);
      if (quote) {
        if (ch === quote) quote = 0;
        else if (ch === 60) throw bad('"<" in an attribute', j);
      } else if (ch === 62) break;
      else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 60) throw bad('"<" in a tag', j);
    }
    if (j >= n) throw bad('a tag not closed', lt);
    const closing = next === 47; // </name>
    const empty = !closing && text.charCodeAt(j - 1) === 47; // <name …/>
    const from = lt + (closing ? 2 : 1);
    const to = empty ? j - 1 : j;
    let k = from;
    while (k < to && text.charCodeAt(k) > 32) k++;
    const tag = text.slice(from, k);
    if (!NAME.test(tag)) throw bad(`the tag name "${tag}"`, lt);
    const local = tag.slice(tag.indexOf(':') + 1);
    if (closing) {
      if (k < to && /\S/.test(text.slice(k, to))) throw bad(`</${tag}> with attributes`, lt);
      if (names.pop() !== tag) throw bad(`</${tag}> closes nothing open`, lt);
      up.pop();
      on.close?.(local, up);
    } else {
      if (!names.length && rooted) throw bad('a second root element', lt);
      rooted = true;
      on.open?.(local, k < to ? text.slice(k, to) : '', up);
      if (empty) on.close?.(local, up);
      else {
        names.push(tag);
        up.push(local);
      }
    }
    i = j + 1;
  }
  if (names.length) throw bad(`<${names[names.length - 1]}> not closed`, n);
}

function decode(s, bad, at) {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#x([0-9A-Fa-f]{1,6})|(lt|gt|amp|quot|apos));|&/g, (m, dec, hex, name) => {
    if (name) return ENTITIES[name];
    const cp = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : -1;
    if (!(cp >= 1 && cp <= 0x10ffff)) throw bad(`"${m}" is not a character or entity`, at);
    return String.fromCodePoint(cp);
  });
}

const ATTRS = new Map();
/** An attribute's value from a tag's attribute text, or null. `name` may be a pattern ("[\w.-]+:id"). */
function attr(attrs, name) {
  let re = ATTRS.get(name);
  if (!re) ATTRS.set(name, (re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(attrs);
  return m ? decode(m[1] ?? m[2], (what) => new Error(`${scanning} is not well-formed XML (${what} in the attribute ${name})`)) : null;
}

/** Relationships: [{id, type, target}] with targets resolved to zip paths from `dir`. */
function rels(where, text, dir) {
  const out = [];
  scanXml(where, text, {
    open(local, a) {
      if (local !== 'Relationship' || attr(a, 'TargetMode') === 'External') return;
      out.push({ id: attr(a, 'Id'), type: attr(a, 'Type') || '', target: resolvePath(dir, attr(a, 'Target') || '') });
    },
  });
  return out;
}

/** The workbook's sheets in order: [{name, id}] (id: the r:id, whatever its prefix). */
function sheetList(where, text) {
  const out = [];
  scanXml(where, text, {
    open(local, a, up) {
      if (local === 'sheet' && up[up.length - 1] === 'sheets') out.push({ name: attr(a, 'name') ?? '', id: attr(a, '[\\w.-]+:id') });
    },
  });
  return out;
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

/**
 * Whether text at `up` belongs to a string item `item` (si, is): its own <t>, or a run's
 * <t> (<r><t>); phonetic runs (<rPh><t>) are left out.
 */
function inItemText(up, item) {
  const n = up.length;
  return up[n - 1] === 't' && (up[n - 2] === item || (up[n - 2] === 'r' && up[n - 3] === item));
}

function sharedStrings(where, text) {
  const out = [];
  let cur = null;
  scanXml(where, text, {
    open(local, _a, up) {
      if (local === 'si' && up[up.length - 1] === 'sst') cur = '';
    },
    text(s, up) {
      if (cur !== null && inItemText(up, 'si')) cur += s;
    },
    close(local, up) {
      if (local === 'si' && up[up.length - 1] === 'sst') {
        out.push(unescapeX(cur));
        cur = null;
      }
    },
  });
  return out;
}

// ------------------------------------------------------------------ worksheets

/** "BC12" (or "$BC$12") → [row, col], 0-based; null when not a cell reference inside the sheet. */
function cellRef(ref) {
  if (!ref) return null;
  let i = ref.charCodeAt(0) === 36 ? 1 : 0; // $
  let col = 0;
  const start = i;
  for (let ch = ref.charCodeAt(i) | 32; ch >= 97 && ch <= 122 && i - start < 3; ch = ref.charCodeAt(++i) | 32) col = col * 26 + ch - 96;
  if (i === start) return null;
  if (ref.charCodeAt(i) === 36) i++;
  const digits = ref.slice(i);
  if (!/^\d{1,7}$/.test(digits)) return null;
  const row = Number(digits);
  if (row < 1 || row > MAX_ROWS || col > MAX_COLS) return null;
  return [row - 1, col - 1];
}

function worksheet(name, path, sheet, text, strings, maxCells) {
  const fail = (what) => new Error(`${name}: ${path} ${what}`);
  const tooMany = (what) => fail(`(sheet "${sheet}") ${what} more than ${maxCells.toLocaleString('en')} cells; planlens stops there`);
  const rowOf = []; // the cells with text: absolute row, column, text
  const colOf = [];
  const texts = [];
  const merges = [];
  let dimension = null;
  let row = -1;
  let col = -1;
  let cell = null; // the open <c>: {t, v, is}
  scanXml(`${name}: ${path}`, text, {
    open(local, a, up) {
      const parent = up[up.length - 1];
      if (local === 'c' && parent === 'row' && up[up.length - 2] === 'sheetData') {
        const ref = attr(a, 'r');
        if (ref === null) col++;
        else {
          const rc = cellRef(ref);
          if (!rc) throw fail(`has a cell at "${ref}"`);
          [row, col] = rc; // a cell's own reference wins over its row's
        }
        if (col >= MAX_COLS) throw fail('has a cell past column XFD');
        cell = { t: attr(a, 't') || 'n', v: null, is: null };
      } else if (cell) {
        if (local === 'v' && parent === 'c') cell.v ??= '';
        else if (local === 'is' && parent === 'c') cell.is ??= '';
      } else if (local === 'row' && parent === 'sheetData') {
        const r = attr(a, 'r');
        row = r === null ? row + 1 : Number(r) - 1;
        if (!Number.isInteger(row) || row < 0 || row >= MAX_ROWS) throw fail(`has a row numbered "${r}"`);
        col = -1;
      } else if (local === 'mergeCell' && parent === 'mergeCells') {
        const ref = attr(a, 'ref') || '';
        const [p, q = p] = ref.split(':').map(cellRef);
        if (!p || !q) throw fail(`has a merged range "${ref}"`);
        merges.push({ row: Math.min(p[0], q[0]), col: Math.min(p[1], q[1]), rows: Math.abs(p[0] - q[0]) + 1, cols: Math.abs(p[1] - q[1]) + 1 });
      } else if (local === 'dimension' && parent === 'worksheet') {
        dimension = attr(a, 'ref');
      }
    },
    text(s, up) {
      if (!cell) return;
      const n = up.length;
      if (up[n - 1] === 'v' && up[n - 2] === 'c') cell.v += s;
      else if (cell.is !== null && inItemText(up, 'is')) cell.is += s;
    },
    close(local, up) {
      if (local !== 'c' || !cell || up[up.length - 1] !== 'row') return;
      const value = cellText(cell, strings, () => fail(`cell ${colName(col)}${row + 1} refers to shared string "${cell.v}", which does not exist`));
      cell = null;
      if (value === '') return;
      if (texts.length >= maxCells) throw tooMany('has');
      rowOf.push(row);
      colOf.push(col);
      texts.push(value);
    },
  });

  // The origin: the top-left of what holds text or is merged (styled empty cells and a
  // stale <dimension> add nothing); an empty sheet keeps its <dimension>'s corner.
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  for (let i = 0; i < texts.length; i++) {
    top = Math.min(top, rowOf[i]);
    left = Math.min(left, colOf[i]);
    bottom = Math.max(bottom, rowOf[i]);
    right = Math.max(right, colOf[i]);
  }
  for (const m of merges) {
    top = Math.min(top, m.row);
    left = Math.min(left, m.col);
    bottom = Math.max(bottom, m.row + m.rows - 1);
    right = Math.max(right, m.col + m.cols - 1);
  }
  if (top === Infinity) {
    [top, left] = cellRef((dimension || '').split(':')[0]) || [0, 0];
    return { name, sheet, caption: null, origin: [top, left], rows: [], merges };
  }

  // Rows run from the top to the last row with text or merged; each row ends at its last
  // text or at the right edge of a merge over it (so a merged header spans its columns
  // with "", as the HTML reader gives it). An empty row counts as one cell.
  const span = `spans ${colName(left)}${top + 1}:${colName(right)}${bottom + 1}, which lays out`;
  if (bottom - top + 1 > maxCells) throw tooMany(span);
  const ends = new Uint32Array(bottom - top + 1);
  for (let i = 0; i < texts.length; i++) ends[rowOf[i] - top] = Math.max(ends[rowOf[i] - top], colOf[i] - left + 1);
  let merged = 0; // rows under merges: each is laid out, so they too stop at the limit
  for (const m of merges) {
    if ((merged += m.rows) > maxCells) throw tooMany(span);
    for (let r = m.row - top; r < m.row - top + m.rows; r++) ends[r] = Math.max(ends[r], m.col + m.cols - left);
  }
  let size = 0;
  for (const n of ends) size += Math.max(1, n);
  if (size > maxCells) throw tooMany(span);
  const rows = Array.from(ends, (n) => new Array(n).fill(''));
  for (let i = 0; i < texts.length; i++) rows[rowOf[i] - top][colOf[i] - left] = texts[i];
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
function cellText({ t, v, is }, strings, missing) {
  if (t === 'inlineStr') return is === null ? '' : unescapeX(is);
  if (v === null) return ''; // empty, or a formula never calculated
  if (t === 'str') return unescapeX(v); // a formula's text: its spaces are its own
  v = v.trim(); // numbers, booleans, errors, dates, indexes: spaces around mean nothing
  if (v === '') return '';
  if (t === 's') {
    const i = Number(v);
    if (!Number.isInteger(i) || i < 0 || i >= strings.length) throw missing();
    return strings[i];
  }
  if (t === 'b') return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
  return v; // n, e, d
}
