// The page's table readers (www/tables/: xlsx.js, html.js, detect.js) in Debian's
// Chromium (playwright-core) and Firefox ESR (Marionette), from a file:// page under the
// product's CSP, against exact grids (the tables contract). The .xlsx files are written
// here by a small zip writer (node:zlib's deflateRawSync and our CRC-32), so each case
// shows the bytes it tests: shared and inline strings, numbers as stored, formulas,
// errors, merges, two sheets, ZIP64, and hostile zips (bombs, truncation, a PNG named
// .xlsx, too many entries or cells); two fixtures come from real writers (make.py).
//   node --test tests/e2e/tables.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { ROOT, HERE, launch } from './helpers.mjs';
import { Firefox, findFirefox, quietOfflinePrefs } from './marionette.mjs';
import { sniff, binaryKind } from '../../www/tables/detect.js';

// ------------------------------------------------------------------ the browsers

/** A module of www/tables/ as an expression: its exports in an object (they import nothing). */
function inlineModule(file) {
  const src = readFileSync(join(ROOT, 'www/tables', file), 'utf8');
  assert.doesNotMatch(src, /^\s*import\s/m, `${file} imports: the test page must bundle it`);
  const names = [...src.matchAll(/^export\s+(?:async\s+)?(?:function|const|let|class)\s+([\w$]+)/gm)].map((m) => m[1]);
  return `(() => {\n${src.replace(/^export\s+/gm, '')}\nreturn { ${names.join(', ')} };\n})()`;
}

// What the tests call in the page (sent as source; arguments and results as JSON).
const IN_PAGE = {
  async readXlsx(b64, opts, name) {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const t0 = performance.now();
    try {
      return { grids: await T.xlsx.readXlsx(name, bin.buffer, opts), ms: performance.now() - t0 };
    } catch (e) {
      return { error: e.message, ms: performance.now() - t0, isError: e instanceof Error };
    }
  },
  html(html, name) {
    try {
      return T.html.gridsFromHtml(name, html);
    } catch (e) {
      return { error: e.message };
    }
  },
  // The shape of a big grid, which is slow to send back whole.
  htmlShape(html) {
    const [g] = T.html.gridsFromHtml('x', html);
    return [g.rows.length, g.rows.every((r) => r.length === 1000 && r[0] === 'x' && r[999] === ''), g.merges.length];
  },
  detect(cases) {
    return cases.map(([name, b64]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      return [T.detect.sniff(name, bytes), T.detect.binaryKind(bytes)];
    });
  },
};

// The page runs under the product's Content-Security-Policy, from file://, modules inline.
const CSP = /export const CSP =\s*"([^"]+)"/.exec(readFileSync(join(ROOT, 'scripts/build-page.mjs'), 'utf8'))[1];
const TEST_PAGE = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}"><title>tables</title>
<script type="module">
const T = { xlsx: ${inlineModule('xlsx.js')}, html: ${inlineModule('html.js')}, detect: ${inlineModule('detect.js')} };
window.TEST = { ${Object.values(IN_PAGE).map((f) => f.toString()).join(',\n')} };
document.documentElement.dataset.ready = 'true';
</script></head><body></body></html>`;

let dir;
let chromium;
let firefox;
/** The browsers every test runs in: {name, call(fn, ...args)} with fn a key of IN_PAGE. */
const drivers = [];
/** The browser of the test running now (tests run one at a time, each in every browser). */
let d;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'planlens-tables-'));
  const url = pathToFileURL(join(dir, 'tables.html')).href;
  writeFileSync(join(dir, 'tables.html'), TEST_PAGE);

  chromium = await launch();
  const page = await chromium.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('html[data-ready=true]', { timeout: 10_000 });
  drivers.push({ name: 'chromium', errors: async () => errors, call: (fn, ...args) => page.evaluate(([f, a]) => window.TEST[f](...a), [fn, args]) });

  // Firefox too (issue #4: the page must work in both), as firefox.test.mjs requires it.
  const binary = findFirefox();
  if (!binary) throw new Error("Firefox is not installed: these tests need Debian's firefox-esr too (bash scripts/setup.sh), or FIREFOX=/path/to/firefox");
  firefox = await Firefox.launch({ binary, prefs: quietOfflinePrefs() });
  await firefox.navigate(url);
  await firefox.waitFor("return document.documentElement.dataset.ready === 'true'", { what: 'the test page' });
  await firefox.execute("window.__errors = []; window.addEventListener('error', (e) => window.__errors.push(String(e.message))); document.addEventListener('securitypolicyviolation', (e) => window.__errors.push('csp: ' + e.violatedDirective));");
  drivers.push({
    name: 'firefox',
    errors: () => firefox.execute('return window.__errors'),
    call: (fn, ...args) => firefox.executeAsync('const [f, a, done] = arguments; Promise.resolve().then(() => window.TEST[f](...a)).then(done, (e) => done({ thrown: String(e) }));', [fn, args]),
  });
});

after(async () => {
  for (const drv of drivers) assert.deepEqual(await drv.errors(), [], `${drv.name}: errors in the page`);
  await chromium?.close();
  await firefox?.quit();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A test body run in every browser in turn; a failure names the browser. */
const each = (body) => async () => {
  for (const drv of drivers) {
    d = drv;
    try {
      await body(drv);
    } catch (e) {
      e.message = `[${drv.name}] ${e.message}`;
      throw e;
    }
  }
};

// ------------------------------------------------------------------ a zip writer

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip of [path, content] or {path, data, store, raw, size, crc, zip64}: deflated unless
 * `store`; `raw` is already-deflated data (then `size`/`crc` are what the directory
 * claims); `zip64` writes ZIP64 extra fields and end records.
 */
function zip(entries, { zip64 = false } = {}) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const e of entries.map((x) => (Array.isArray(x) ? { path: x[0], data: x[1] } : x))) {
    const name = Buffer.from(e.path);
    const data = e.raw ? null : Buffer.from(e.data);
    const body = e.raw ?? (e.store ? data : zlib.deflateRawSync(data));
    const size = e.size ?? data.length;
    const crc = e.crc ?? crc32(data);
    const method = e.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const extra = zip64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(zip64 ? 45 : 20, 4);
    cd.writeUInt16LE(zip64 ? 45 : 20, 6);
    cd.writeUInt16LE(0x800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(zip64 ? 0xffffffff : body.length, 20);
    cd.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    central.push(cd, name, extra);
    offset += 30 + name.length + body.length;
  }
  const cdBytes = Buffer.concat(central);
  const count = entries.length;
  const tail = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(count), 24);
    rec.writeBigUInt64LE(BigInt(count), 32);
    rec.writeBigUInt64LE(BigInt(cdBytes.length), 40);
    rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(offset + cdBytes.length), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : cdBytes.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cdBytes, ...tail, end]);
}

// ------------------------------------------------------------------ workbooks

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<c>` XML from a value: strings become shared strings (index into `sst`), numbers stay their text. */
function row(r, cells, sst) {
  const cs = cells.map((v, i) => {
    const ref = `${String.fromCharCode(65 + i)}${r}`;
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') return v.xml.replace('REF', ref); // raw cell XML
    if (typeof v === 'number' || /^-?[\d.]+(E[+-]?\d+)?$/.test(v)) return `<c r="${ref}"><v>${v}</v></c>`;
    let i2 = sst.indexOf(v);
    if (i2 < 0) i2 = sst.push(v) - 1;
    return `<c r="${ref}" t="s"><v>${i2}</v></c>`;
  });
  return `<row r="${r}">${cs.join('')}</row>`;
}

/**
 * A workbook of sheets {name, xml?, rows?: [[rowNumber, [values from column A]]], merges?,
 * dimension?}; returns the zip's entries (so a case can change one) or with `bytes`, the zip.
 */
function workbook(sheets, { sstXml, extraEntries = [], store = false } = {}) {
  const sst = [];
  const parts = sheets.map((s, i) => {
    if (s.xml) return s.xml;
    const rows = (s.rows || []).map(([r, cells]) => row(r, cells, sst)).join('');
    const merges = s.merges ? `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
    const dim = s.dimension ? `<dimension ref="${s.dimension}"/>` : '';
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${dim}<sheetData>${rows}</sheetData>${merges}</worksheet>`;
  });
  const sstText = sstXml ?? `<?xml version="1.0" encoding="UTF-8"?><sst ${NS} count="${sst.length}" uniqueCount="${sst.length}">${sst.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  const entries = [
    ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/${s.chart ? 'chartsheet' : 'worksheet'}" Target="${s.chart ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/sharedStrings.xml', sstText],
    ...parts.map((xml, i) => [`xl/${sheets[i].chart ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml`, xml]),
    ...extraEntries,
  ];
  return store ? entries.map(([path, data]) => ({ path, data, store: true })) : entries;
}

/** Reads bytes with www/tables/xlsx.js in the current browser: {grids, ms} or {error, ms}. */
const readXlsx = (bytes, opts, name = 'districts.xlsx') => d.call('readXlsx', Buffer.from(bytes).toString('base64'), opts ?? {}, name);

const grid = (o) => ({ name: 'districts.xlsx', sheet: 'Sheet1', caption: null, origin: [0, 0], merges: [], ...o });

// Seed 001 (深府办〔2010〕98号): the district allocation table, with its unit line above.
const SEED_HEAD = [
  ['', '2011年', '', '', '2012年', '', ''],
  ['', '生物', '互联网', '新能源', '生物', '互联网', '新能源'],
];
const SEED_BODY = [
  ['全  市', '700', '540', '750', '900', '800', '1100'],
  ['福田区', '28', '170', '5', '30', '250', '8'],
  ['罗湖区', '5', '18', '4', '6', '36', '5'],
  ['南山区', '360', '345', '250', '460', '498', '350'],
  ['盐田区', '19', '1', '1', '27', '2', '2'],
  ['宝安区', '226', '2', '50', '288', '5', '65'],
  ['龙岗区', '20', '2', '300', '26', '5', '470'],
  ['光明新区', '14', '1', '60', '20', '2', '80'],
  ['坪山新区', '28', '1', '80', '43', '2', '120'],
];

// ------------------------------------------------------------------ xlsx

test('xlsx: shared strings (rich text runs, no phonetic runs), inline strings, numbers as stored, formulas, errors, booleans', each(async () => {
  const sstXml = `<?xml version="1.0"?><sst ${NS}>` +
    '<si><t>地区</t></si>' +
    '<si><r><rPr><b/></rPr><t>生物</t></r><r><t xml:space="preserve">产业 </t></r><r><t>规模</t></r></si>' +
    '<si><t>深圳</t><rPh sb="0" eb="2"><t>シンセン</t></rPh></si>' +
    '<si><t>第一行_x000D_\n第二行 a_x005F_x000D_b</t></si>' +
    '</sst>';
  const cells = [
    '<c r="A1" t="s"><v>0</v></c>',
    '<c r="B1" t="s"><v>1</v></c>',
    '<c r="C1" t="inlineStr"><is><t>内联</t></is></c>',
    '<c r="D1" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c>',
    '<c r="A2" t="s"><v>2</v></c>',
    '<c r="B2"><v>0.1</v></c>',
    '<c r="C2" s="3"><v>1234.5</v></c>',
    '<c r="D2" t="n"><v>1.0000000000000001E-3</v></c>',
    '<c r="E2"><v>0.30000000000000004</v></c>',
    '<c r="A3"><f>SUM(B2:C2)</f><v>1234.6</v></c>',
    '<c r="B3" t="str"><f>"x"&amp;"y"</f><v>xy</v></c>',
    '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c r="D3" t="e"><v>#N/A</v></c>',
    '<c r="E3"><f>NOW()</f></c>', // never calculated: no cached value
    '<c r="A4" t="b"><v>1</v></c>',
    '<c r="B4" t="b"><v>0</v></c>',
    '<c r="C4" t="s"><v>3</v></c>',
    '<c r="D4" s="7"/>', // styled, empty
    '<c r="E4" t="d"><v>2011-12-31T00:00:00</v></c>',
  ];
  const byRow = [1, 2, 3, 4].map((r) => `<row r="${r}">${cells.filter((c) => new RegExp(`r="[A-E]${r}"`).test(c)).join('')}</row>`);
  const xml = `<?xml version="1.0"?><worksheet ${NS}><dimension ref="A1:E4"/><sheetData>${byRow.join('')}</sheetData></worksheet>`;
  const out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml }], { sstXml })));
  assert.deepEqual(out.grids, [grid({
    rows: [
      ['地区', '生物产业 规模', '内联', '富文本'],
      ['深圳', '0.1', '1234.5', '1.0000000000000001E-3', '0.30000000000000004'],
      ['1234.6', 'xy', '#DIV/0!', '#N/A'],
      ['TRUE', 'FALSE', '第一行\r\n第二行 a_x000D_b', '', '2011-12-31T00:00:00'],
    ],
  })]);
}));

test('xlsx: seed 001 with 2011年/2012年 merged over 3 columns, the area header over 2 rows, origin B3 under a unit line', each(async () => {
  const rows = [[1, ['单位：亿元']]];
  [...SEED_HEAD, ...SEED_BODY].forEach((r, i) => rows.push([i + 3, [null, ...r.map((v) => v || null)]]));
  const sheet = { name: '分解', rows, merges: ['C3:E3', 'F3:H3', 'B3:B4'], dimension: 'A1:H13' };
  const out = await readXlsx(zip(workbook([sheet])));
  assert.equal(out.error, undefined);
  assert.equal(out.grids.length, 1);
  const [g] = out.grids;
  assert.deepEqual(g, grid({
    sheet: '分解',
    origin: [0, 0],
    rows: [['单位：亿元'], [], ['', '', '2011年', '', '', '2012年', '', ''], ['', '', '生物', '互联网', '新能源', '生物', '互联网', '新能源'], ...SEED_BODY.map((r) => ['', ...r])],
    merges: [{ row: 2, col: 2, rows: 1, cols: 3 }, { row: 2, col: 5, rows: 1, cols: 3 }, { row: 2, col: 1, rows: 2, cols: 1 }],
  }));

  // Without the unit line the grid starts at the table: origin B3, rows and merges relative to it.
  const bare = { ...sheet, rows: rows.slice(1) };
  const [g2] = (await readXlsx(zip(workbook([bare])))).grids;
  assert.deepEqual(g2, grid({
    sheet: '分解',
    origin: [2, 1],
    rows: [...SEED_HEAD, ...SEED_BODY],
    merges: [{ row: 0, col: 1, rows: 1, cols: 3 }, { row: 0, col: 4, rows: 1, cols: 3 }, { row: 0, col: 0, rows: 2, cols: 1 }],
  }));
}));

test('xlsx: two sheets in workbook order, a chart sheet left out, an empty sheet kept; stored entries read too', each(async () => {
  const sheets = [
    { name: '2011', rows: [[1, ['区', '生物']], [2, ['福田区', '28']]] },
    { name: 'Chart1', chart: true, xml: `<?xml version="1.0"?><chartsheet ${NS}/>` },
    { name: '2012 & after', rows: [[2, [null, '区', '生物']], [3, [null, '福田区', '30']]] },
    { name: 'empty', rows: [], dimension: 'C5' },
  ];
  for (const store of [false, true]) {
    const out = await readXlsx(zip(workbook(sheets, { store })));
    assert.deepEqual(out.grids, [
      grid({ sheet: '2011', rows: [['区', '生物'], ['福田区', '28']] }),
      grid({ sheet: '2012 & after', origin: [1, 1], rows: [['区', '生物'], ['福田区', '30']] }),
      grid({ sheet: 'empty', origin: [4, 2], rows: [] }),
    ], `store: ${store}`);
  }
}));

test('xlsx: prefixed (x:) markup, cells and rows without r, absolute targets, a ZIP64 directory', each(async () => {
  const X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const entries = [
    ['_rels/.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<x:workbook ${X}><x:sheets><x:sheet name="S" sheetId="1" r:id="r7"/></x:sheets></x:workbook>`],
    ['xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r7" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="r8" Type="${REL}/sharedStrings" Target="/xl/strings.xml"/></Relationships>`],
    ['xl/strings.xml', `<x:sst ${X}><x:si><x:t>区</x:t></x:si></x:sst>`],
    ['xl/worksheets/data.xml', `<x:worksheet ${X}><x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c><x:v>7</x:v></x:c></x:row><x:row><x:c r="B2"><x:v>8</x:v></x:c><x:c><x:v>9</x:v></x:c></x:row></x:sheetData></x:worksheet>`],
  ];
  const want = [grid({ sheet: 'S', rows: [['区', '7'], ['', '8', '9']] })];
  assert.deepEqual((await readXlsx(zip(entries))).grids, want);
  assert.deepEqual((await readXlsx(zip(entries, { zip64: true }))).grids, want);
}));

test('xlsx: the XML scanner reads pretty-printed XML, comments, CDATA, references, quotes; refuses what is not well-formed', each(async () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand -->
<worksheet ${NS}>
  <sheetData>
    <!-- a comment between rows -->
    <row r='1'>
      <c r='A1' t='inlineStr'><is><t><![CDATA[<b>不是标签</b> & 5]]></t></is></c>
      <c r="B1" t="inlineStr" note="a>b"><is><t>&#x4E2D;&#25991; &lt;&amp;&gt; &quot;&apos;</t></is></c>
      <c r="C1"
         t="n"><v>
42</v></c>
    </row>
    <?page break?>
  </sheetData>
</worksheet>
`;
  assert.deepEqual((await readXlsx(zip(workbook([{ name: 'Sheet1', xml }])))).grids, [grid({ rows: [['<b>不是标签</b> & 5', '中文 <&> "\'', '42']] })]);

  const broken = [
    `<worksheet ${NS}><sheetData></worksheet>`,
    `<worksheet ${NS}><sheetData/><x>&bogus;</x></worksheet>`,
    `<worksheet ${NS}><sheetData/><x>AT&T</x></worksheet>`,
    `<worksheet ${NS}><sheetData/></worksheet>trailing text`,
    `<worksheet ${NS}/><worksheet ${NS}/>`,
    `<worksheet ${NS}><!-- never closed </worksheet>`,
    `<worksheet ${NS} a="1<2"/>`,
    `<worksheet ${NS}><sheetData>`,
    `<worksheet ${NS}><1bad/></worksheet>`,
    `<worksheet ${NS}><x>&#0;</x></worksheet>`,
    `<worksheet ${NS}></worksheet x="1">`,
    `<worksheet ${NS}><sheetData><row><c r="A1" t='s></row></sheetData></worksheet>`,
    `<worksheet ${NS}><!ENTITY x "y"></worksheet>`,
  ];
  for (const bad of broken) {
    const out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: bad }])));
    assert.match(out.error ?? 'no error', /^districts\.xlsx: xl\/worksheets\/sheet1\.xml is not well-formed XML \(.+\)$/, bad);
  }
  // An attribute with a bad reference is refused when read.
  const out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: `<worksheet ${NS}><sheetData><row r="1&x;"/></sheetData></worksheet>` }])));
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml is not well-formed XML ("&" is not a character or entity in the attribute r)');
}));

test('xlsx: not a zip, a PNG named .xlsx, other zips: clean errors', each(async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d605e30000000049454e44ae426082', 'hex');
  assert.equal(sniff('districts.xlsx', png), 'binary');
  assert.equal(binaryKind(png), 'PNG');
  let out = await readXlsx(png);
  assert.equal(out.error, 'districts.xlsx: not an XLSX workbook (no zip signature)');
  assert.ok(out.isError);
  out = await readXlsx(Buffer.from('区,生物\n福田区,28\n'));
  assert.equal(out.error, 'districts.xlsx: not an XLSX workbook (no zip signature)');
  out = await readXlsx(Buffer.alloc(0));
  assert.equal(out.error, 'districts.xlsx: not an XLSX workbook (no zip signature)');

  const ods = zip([{ path: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', store: true }, ['content.xml', '<office:document-content/>']]);
  assert.equal(sniff('districts.ods', ods), 'xlsx', 'every zip goes to readXlsx, which says what it is');
  assert.equal((await readXlsx(ods)).error, 'districts.xlsx: not an XLSX workbook (an OpenDocument file (.ods): save it as .xlsx)');
  const docx = zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document/>']]);
  assert.equal((await readXlsx(docx)).error, 'districts.xlsx: not an XLSX workbook (a Word document)');
  assert.equal((await readXlsx(zip([['a.txt', 'hello']]))).error, 'districts.xlsx: not an XLSX workbook (no xl/workbook.xml in the zip)');
}));

test('xlsx: a truncated or corrupted zip is refused, naming what broke', each(async () => {
  const bytes = zip(workbook([{ name: 'Sheet1', rows: [[1, ['区', '生物']], [2, ['福田区', '28']]] }]));
  for (const cut of [bytes.length - 1, bytes.length >> 1, 40]) {
    const out = await readXlsx(bytes.subarray(0, cut));
    assert.equal(out.error, 'districts.xlsx: the zip is damaged or truncated (no end of central directory)', `cut at ${cut}`);
  }
  // The directory points past the end of the file.
  const far = Buffer.from(bytes);
  far.writeUInt32LE(far.length, far.length - 6);
  assert.equal((await readXlsx(far)).error, 'districts.xlsx: the zip is damaged or truncated (the central directory passes the end of the file)');

  // A sheet's deflate stream cut short, the directory intact: the entry is named.
  const sheet = `<worksheet ${NS}><sheetData>${Array.from({ length: 300 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i * 7919}</v></c></row>`).join('')}</sheetData></worksheet>`;
  const whole = zlib.deflateRawSync(Buffer.from(sheet));
  const entries = workbook([{ name: 'Sheet1', xml: sheet }]).map(([path, data]) => (path === 'xl/worksheets/sheet1.xml'
    ? { path, raw: whole.subarray(0, whole.length >> 1), size: Buffer.byteLength(sheet), crc: crc32(Buffer.from(sheet)) }
    : [path, data]));
  let out = await readXlsx(zip(entries));
  assert.match(out.error, /^districts\.xlsx: xl\/worksheets\/sheet1\.xml is damaged \(.+\)$/);

  // One flipped bit in the stored data: the CRC says so.
  const flipped = workbook([{ name: 'Sheet1', xml: sheet }]).map(([path, data]) => (path === 'xl/worksheets/sheet1.xml'
    ? { path, data: data.replace('7919', '7918'), crc: crc32(Buffer.from(data)), store: true }
    : [path, data]));
  out = await readXlsx(zip(flipped));
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml is damaged (CRC mismatch)');

  // Broken XML and a DTD.
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: `<worksheet ${NS}><sheetData><row>` }])));
  assert.match(out.error, /^districts\.xlsx: xl\/worksheets\/sheet1\.xml is not well-formed XML \(.+\)$/);
  const laughs = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet ${NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`;
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: laughs }])));
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml has a DTD, which no workbook part has');
  // A shared string index that does not exist.
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', rows: [[2, [null, { xml: '<c r="REF" t="s"><v>5</v></c>' }]]] }])));
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml cell B2 refers to shared string "5", which does not exist');
}));

/** Raw deflate that unpacks to `mib` MiB of zeros: one 1 MiB block (full flush, so it
 * stands alone) repeated, then an empty final block. 1 KiB per MiB: 4 GiB in 4 MiB. */
function zerosBomb(mib) {
  const block = zlib.deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array(mib).fill(block), Buffer.from([0x03, 0x00])]);
}

test('xlsx: a zip bomb that lies about its size stops at the 64 MiB limit (4 GiB inside)', each(async () => {
  const raw = zerosBomb(4096);
  assert.ok(raw.length < 5 << 20);
  const bytes = zip(workbook([{ name: 'Sheet1', rows: [[1, ['a']]] }]).map(([path, data]) => (path === 'xl/worksheets/sheet1.xml' ? { path, raw, size: 1000, crc: 0 } : [path, data])));
  const out = await readXlsx(bytes);
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml unpacks past 64 MiB; planlens stops there');
  // Stopping is what makes it fast: inflating all 4 GiB takes many seconds (and the memory).
  assert.ok(out.ms < 4000, `took ${out.ms} ms`);
  // The page still works afterwards.
  assert.equal((await readXlsx(zip(workbook([{ name: 'Sheet1', rows: [[1, ['ok']]] }])))).grids[0].rows[0][0], 'ok');
}));

test('xlsx: declared sizes past the limit are refused before inflating; the limit counts every part; maxBytes', each(async () => {
  // A directory that declares 100 MiB for the sheet.
  const lying = zip(workbook([{ name: 'Sheet1', rows: [[1, ['a']]] }]).map(([path, data]) => (path === 'xl/worksheets/sheet1.xml'
    ? { path, raw: zlib.deflateRawSync(Buffer.from(data)), size: 100 << 20, crc: crc32(Buffer.from(data)) }
    : [path, data])));
  let out = await readXlsx(lying);
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml unpacks past 64 MiB; planlens stops there');
  assert.ok(out.ms < 500, `took ${out.ms} ms`);

  // 3 MiB of shared strings against maxBytes 2 MiB; then 1.5 MiB of them and a 1 MiB sheet.
  const big = (n) => `<?xml version="1.0"?><sst ${NS}><si><t>${'区'.repeat(n / 3)}</t></si></sst>`;
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', rows: [[1, ['x']]] }], { sstXml: big(3 << 20) })), { maxBytes: 2 << 20 });
  assert.equal(out.error, 'districts.xlsx: xl/sharedStrings.xml unpacks past 2 MiB; planlens stops there');
  const sheet = `<worksheet ${NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><!--${'x'.repeat(1 << 20)}--></worksheet>`;
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: sheet }], { sstXml: big(1.5 * (1 << 20)) })), { maxBytes: 2 << 20 });
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml unpacks past 2 MiB (with the parts read before it); planlens stops there');
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: sheet }], { sstXml: big(1.5 * (1 << 20)) })), { maxBytes: 3 << 20 });
  assert.equal(out.grids[0].rows[0][0].length, (1.5 * (1 << 20)) / 3);
  // A stored (uncompressed) entry is held to the same limit.
  out = await readXlsx(zip(workbook([{ name: 'Sheet1', xml: sheet }], { store: true })), { maxBytes: 1 << 20 });
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml unpacks past 1 MiB; planlens stops there');
}));

test('xlsx: more than 10,000 entries, or a sheet of more than 1,000,000 cells, is refused', each(async () => {
  const many = workbook([{ name: 'Sheet1', rows: [[1, ['a']]] }], { extraEntries: Array.from({ length: 10_000 }, (_, i) => [`xl/media/x${i}.txt`, '']) });
  let out = await readXlsx(zip(many));
  assert.equal(out.error, 'districts.xlsx: more than 10,000 entries in the zip; planlens stops there');
  // Just under: 10,000 in all reads.
  out = await readXlsx(zip(many.slice(0, 10_000)));
  assert.equal(out.error, undefined);

  // Two cells a million rows apart lay out a million rows.
  const sparse = { name: 'Sheet1', rows: [[1, ['a']], [1048576, ['b']]] };
  out = await readXlsx(zip(workbook([sparse])));
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml (sheet "Sheet1") spans A1:A1048576, which lays out more than 1,000,000 cells; planlens stops there');
  // Counted cells, with a lower limit.
  const eleven = { name: 'Sheet1', rows: [[1, Array.from({ length: 11 }, (_, i) => String(i))]] };
  out = await readXlsx(zip(workbook([eleven])), { maxCells: 10 });
  assert.equal(out.error, 'districts.xlsx: xl/worksheets/sheet1.xml (sheet "Sheet1") has more than 10 cells; planlens stops there');
  out = await readXlsx(zip(workbook([eleven])), { maxCells: 11 });
  assert.equal(out.grids[0].rows[0].length, 11);
}));

test('xlsx: workbooks written by xlsxwriter and openpyxl (fixtures/tables/make.py) read as the same seed 001 grid', each(async () => {
  const seed = [['单位：亿元'], [], ...SEED_HEAD, ...SEED_BODY];
  const merges = [{ row: 2, col: 0, rows: 2, cols: 1 }, { row: 2, col: 1, rows: 1, cols: 3 }, { row: 2, col: 4, rows: 1, cols: 3 }];
  const read = (file) => readXlsx(readFileSync(join(HERE, 'fixtures/tables', file)), {}, file);
  const a = await read('seed001-xlsxwriter.xlsx');
  assert.deepEqual(a.grids, [
    { name: 'seed001-xlsxwriter.xlsx', sheet: '分解', caption: null, origin: [0, 0], rows: seed, merges },
    { name: 'seed001-xlsxwriter.xlsx', sheet: 'notes', caption: null, origin: [0, 0], rows: [['0.1', '1234.5', '1234.6', '#DIV/0!', 'TRUE'], ['生物产业规模', '  两端空格  ']], merges: [] },
  ]);
  // openpyxl: inline strings, absolute part names, no shared strings part, a formula with an empty <v/>.
  const b = await read('seed001-openpyxl.xlsx');
  assert.deepEqual(b.grids, [
    // (openpyxl writes the merges in another order)
    { name: 'seed001-openpyxl.xlsx', sheet: '分解', caption: null, origin: [1, 1], rows: seed, merges: [merges[1], merges[2], merges[0]] },
    { name: 'seed001-openpyxl.xlsx', sheet: '空', caption: null, origin: [0, 0], rows: [], merges: [] },
  ]);
}));

// ------------------------------------------------------------------ html

const fromHtml = (html, name = 'districts.html') => d.call('html', html, name);
const hgrid = (o) => ({ name: 'districts.html', sheet: null, caption: null, origin: [0, 0], merges: [], ...o });

test('html: seed 001 as a web page table: caption, colspan header, rowspan area header, 全  市', each(async () => {
  const td = (r) => `<tr>${r.map((v) => `<td>${v}</td>`).join('')}</tr>`;
  const html = `<!doctype html><html><body><p>单位：亿元</p>
    <table border="1"><caption> 各区（新区）产业发展目标分解
      （单位：亿元）</caption>
    <thead><tr><th rowspan="2"> </th><th colspan="3">2011年</th><th colspan="3">2012年</th></tr>
    <tr><th>生物</th><th>互联网</th><th>新能源</th><th>生物</th><th>互联网</th><th>新能源</th></tr></thead>
    <tbody>${SEED_BODY.map((r, i) => td(i === 0 ? ['全&nbsp;&nbsp;市', ...r.slice(1)] : r)).join('\n')}</tbody></table></body></html>`;
  assert.deepEqual(await fromHtml(html), [hgrid({
    caption: '各区（新区）产业发展目标分解 （单位：亿元）',
    rows: [...SEED_HEAD, ...SEED_BODY.map((r, i) => (i === 0 ? ['全 市', ...r.slice(1)] : r))],
    merges: [{ row: 0, col: 0, rows: 2, cols: 1 }, { row: 0, col: 1, rows: 1, cols: 3 }, { row: 0, col: 4, rows: 1, cols: 3 }],
  })]);
}));

test('html: cells are placed around rowspans and colspans as browsers do; rowspan=0 and long rowspans end with their group', each(async () => {
  const html = `<table>
    <tr><td rowspan="3">A</td><td>B</td><td colspan="2" rowspan="2">C</td><td>D</td></tr>
    <tr><td>E</td><td>F</td></tr>
    <tr><td>G</td><td>H</td><td>I</td><td>J</td></tr>
  </table>
  <table>
    <thead><tr><td rowspan="5">long</td><td>h</td></tr></thead>
    <tbody><tr><td rowspan="0">all</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></tbody>
    <tfoot><tr><td>foot</td></tr></tfoot>
  </table>
  <table><tr><td>x</td><td rowspan="2">y</td></tr><tr><td colspan="3">wide</td><td>z</td></tr></table>`;
  assert.deepEqual(await fromHtml(html), [
    hgrid({
      rows: [['A', 'B', 'C', '', 'D'], ['', 'E', '', '', 'F'], ['', 'G', 'H', 'I', 'J']],
      merges: [{ row: 0, col: 0, rows: 3, cols: 1 }, { row: 0, col: 2, rows: 2, cols: 2 }],
    }),
    hgrid({
      rows: [['long', 'h'], ['all', '1'], ['', '2'], ['', '3'], ['foot']],
      merges: [{ row: 1, col: 0, rows: 3, cols: 1 }],
    }),
    // The colspan running into y's rowspan stops before it (z goes after y).
    hgrid({ rows: [['x', 'y'], ['wide', '', 'z']], merges: [{ row: 0, col: 1, rows: 2, cols: 1 }] }),
  ]);
}));

test('html: nested markup, <br>, footnote marks, hidden text; layout tables around data tables; empty tables; none', each(async () => {
  const html = `<table id="layout"><tr><td>
      <table><tr><th><p>生物</p><p>产业</p></th><td><b>7</b><span>00</span></td><td>700<sup>1</sup></td><td>万m<sup>2</sup></td></tr>
        <tr><td>第一行<br>第二行</td><td>5<span hidden>9</span><span style="display: none">9</span></td><td><script>x()</script>6</td><td>\u3000全\u3000市\u3000</td></tr></table>
    </td><td><table><tr><td></td><td>&nbsp;</td></tr></table></td>
    <td><table><caption></caption><tr><td>second</td></tr></table></td></tr></table>`;
  assert.deepEqual(await fromHtml(html), [
    hgrid({ rows: [['生物 产业', '700', '700 1', '万m2'], ['第一行 第二行', '5', '6', '全 市']] }),
    hgrid({ rows: [['second']] }),
  ]);
  assert.deepEqual(await fromHtml('<p>no table here</p>'), []);
  assert.deepEqual(await fromHtml(''), []);
}));

test('html: Excel clipboard HTML (x:num for formatted numbers but not dates, styles, StartFragment, <br>, &nbsp;)', each(async () => {
  // The shape Excel puts on the clipboard as text/html (trimmed).
  const html = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Excel.Sheet><meta name=Generator content="Microsoft Excel 15">
<style>
<!--table {mso-displayed-decimal-separator:"\\.";}
.xl65 {mso-style-parent:style0; mso-number-format:"\\#\\,\\#\\#0\\.00";}
.xl66 {mso-number-format:Percent;}
-->
</style></head>
<body link="#0563C1" vlink="#954F72">
<table border=0 cellpadding=0 cellspacing=0 width=288 style='border-collapse:collapse;width:216pt'>
<!--StartFragment-->
 <col width=72 span=4 style='width:54pt'>
 <tr height=19 style='height:14.25pt'>
  <td height=19 width=72 style='height:14.25pt;width:54pt'></td>
  <td colspan=2 class=xl67 width=144 style='width:108pt'>2011年</td>
  <td width=72 style='width:54pt'>备注</td>
 </tr>
 <tr height=19 style='height:14.25pt'>
  <td height=19 style='height:14.25pt'>全&nbsp; 市</td>
  <td class=xl65 align=right x:num="1234.5">1,234.50</td>
  <td class=xl66 align=right x:num="0.1">10%</td>
  <td>按产值<br style='mso-data-placement:same-cell'>发生地</td>
 </tr>
 <tr height=19 style='height:14.25pt'>
  <td height=19 style='height:14.25pt'>福田区</td>
  <td align=right x:num>28</td>
  <td class=xl68 x:err>#DIV/0!</td>
  <td>&nbsp;</td>
 </tr> <tr height=19 style='height:14.25pt'>
  <td height=19 class=xl69 x:num="40543">2010/12/31</td>
  <td class=xl70 x:num="40544">2011年</td>
  <td class=xl65 x:num="1234.5">1,235</td>
  <td class=xl71 x:num="-1234">(1,234)</td>
 </tr>
<!--EndFragment-->
</table>
</body>
</html>`;
  assert.deepEqual(await fromHtml(html, 'pasted'), [{
    name: 'pasted', sheet: null, caption: null, origin: [0, 0],
    rows: [['', '2011年', '', '备注'], ['全 市', '1234.5', '0.1', '按产值 发生地'], ['福田区', '28', '#DIV/0!', ''], ['2010/12/31', '2011年', '1234.5', '-1234']],
    merges: [{ row: 0, col: 1, rows: 1, cols: 2 }],
  }]);
}));

test('html: a table that lays out more than 1,000,000 cells is refused', each(async () => {
  const html = `<table>${'<tr><td colspan="1000">x</td></tr>'.repeat(1001)}</table>`;
  assert.deepEqual(await fromHtml(html), { error: 'districts.html: table 1 lays out more than 1,000,000 cells; planlens stops there' });
  // Just under the limit: read (its shape checked in the page; a million strings are slow to send back).
  const shape = await d.call('htmlShape', `<table>${'<tr><td colspan="1000">x</td></tr>'.repeat(999)}</table>`);
  assert.deepEqual(shape, [999, true, 999]);
}));

// ------------------------------------------------------------------ detect

test('detect: sniff by first bytes, then by name; binaryKind names the magic (in the page and in Node alike)', each(async () => {
  const enc = (s) => new TextEncoder().encode(s);
  const xlsx = zip(workbook([{ name: 'Sheet1', rows: [[1, ['a']]] }]));
  const cases = [
    ['districts.xlsx', xlsx, 'xlsx', 'ZIP'],
    ['districts.zip', xlsx, 'xlsx', 'ZIP'], // a workbook renamed
    ['report.docx', zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document/>']]), 'xlsx', 'ZIP'], // readXlsx names it
    ['plan.json', enc('\ufeff \n {"format": "planlens/1"}'), 'json', null],
    ['plan.txt', enc('[1, 2]'), 'json', null],
    ['plan.json', enc('oops'), 'json', null],
    ['page.html', enc('<!DOCTYPE html><html>'), 'html', null],
    ['export.xls', enc('\r\n<table><tr><td>1</td></tr></table>'), 'html', null], // many sites' "xls"
    ['page.htm', enc('text first'), 'html', null],
    ['districts.csv', enc('区,生物\n福田区,28\n'), 'text', null],
    ['BMI.tsv', enc('BMI\tMZ\n'), 'text', null],
    ['unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('区\t生物\r\n', 'utf16le')]), 'text', null], // Excel's "Unicode text"
    ['unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<table>', 'utf16le')]), 'html', null],
    ['empty.csv', new Uint8Array(0), 'text', null],
    ['shot.xlsx', Buffer.from('89504e470d0a1a0a0000000d', 'hex'), 'binary', 'PNG'],
    ['photo.jpg', Buffer.from('ffd8ffe000104a464946', 'hex'), 'binary', 'JPEG'],
    ['anim.gif', enc('GIF89a\x01\x00'), 'binary', 'GIF'],
    ['plan.pdf', enc('%PDF-1.7\n'), 'binary', 'PDF'],
    ['plan.json.gz', zlib.gzipSync('{}'), 'binary', 'GZIP'],
    ['old.xls', Buffer.from('d0cf11e0a1b11ae1000000', 'hex'), 'binary', 'OLE2'],
    ['x.7z', Buffer.from('377abcaf271c0004', 'hex'), 'binary', '7Z'],
    ['x.xz', Buffer.from('fd377a585a000004', 'hex'), 'binary', 'XZ'],
    ['x.bz2', Buffer.from('425a683931415926535900', 'hex'), 'binary', 'BZIP2'],
    ['x.bin', Buffer.from('00010203', 'hex'), 'binary', null],
    ['x.bmp', Buffer.from('424d3a000000000000003600', 'hex'), 'binary', 'BMP'],
    ['x.webp', Buffer.concat([enc('RIFF'), Buffer.from('24000000', 'hex'), enc('WEBPVP8 ')]), 'binary', 'WEBP'],
  ];
  const inPage = await d.call('detect', cases.map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]));
  cases.forEach(([name, bytes, want, kind], i) => {
    assert.deepEqual([sniff(name, bytes), binaryKind(bytes)], [want, kind], name);
    assert.deepEqual(inPage[i], [want, kind], `${name} in ${d.name}`);
  });
}));
