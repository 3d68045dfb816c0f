// HTML tables into grids (the tables contract): files saved from web pages and the
// text/html flavour of the clipboard (Excel, WPS, Google Sheets, browsers).
//
// DOMParser('text/html') gives an inert document: no script runs, nothing loads. Cells
// are placed by the HTML table model (rowspan and colspan skip the slots taken by spans
// from above; rowspan="0" and overlong rowspans end with their row group), each span
// becomes a merge with its text in the top-left cell and "" in the rest.
//
// Which tables: every <table> that holds no other table. A table with tables inside its
// cells is taken for layout (a page frame, a form) and left out; its inner tables are
// read. Tables whose cells are all empty (spacers) are left out too.

/** The most cells one table may lay out (spans count every slot they cover). */
export const HTML_MAX_CELLS = 1_000_000;

/**
 * @param {string} name the file name ("pasted" for the clipboard), for grids and messages
 * @param {string} htmlText
 * @returns {Array<{name: string, sheet: null, caption: string|null, origin: [0, 0], rows: string[][], merges: {row: number, col: number, rows: number, cols: number}[]}>}
 *   one grid per data table in document order; [] when there is none
 */
export function gridsFromHtml(name, htmlText) {
  const doc = new DOMParser().parseFromString(htmlText, 'text/html');
  const grids = [];
  let n = 0;
  for (const table of Array.from(doc.getElementsByTagName('table'))) {
    n++;
    if (table.getElementsByTagName('table').length) continue;
    const grid = tableGrid(name, n, table);
    if (grid) grids.push(grid);
  }
  return grids;
}

function tableGrid(name, n, table) {
  const rows = []; // rows[r][c]: text, "" for slots a span covers; holes are unfilled slots
  const merges = [];
  const trs = Array.from(table.rows); // thead rows first, tfoot rows last, as drawn
  let cells = 0;
  let any = false;
  let groupEnd = 0;
  for (let r = 0; r < trs.length; r++) {
    // A row group (thead, a tbody, tfoot) ends where rows stop sharing a parent.
    if (r === groupEnd) while (++groupEnd < trs.length && trs[groupEnd].parentNode === trs[r].parentNode);
    rows[r] ??= [];
    let x = 0;
    for (const cell of Array.from(trs[r].cells)) {
      while (rows[r][x] !== undefined) x++;
      // The browser clamps the attributes: colSpan 1..1000, rowSpan 0..65534.
      let cols = cell.colSpan;
      const height = cell.rowSpan === 0 ? groupEnd - r : Math.min(cell.rowSpan, groupEnd - r);
      // A colspan that runs into a rowspan from above stops there (browsers overlap
      // the two cells; merges here stay disjoint).
      for (let k = 1; k < cols; k++) {
        if (rows[r][x + k] !== undefined) {
          cols = k;
          break;
        }
      }
      cells += cols * height;
      if (cells > HTML_MAX_CELLS) throw new Error(`${name}: table ${n} lays out more than ${HTML_MAX_CELLS.toLocaleString('en')} cells; planlens stops there`);
      const text = cellText(cell);
      if (text) any = true;
      for (let i = 0; i < height; i++) {
        const row = (rows[r + i] ??= []);
        for (let k = 0; k < cols; k++) row[x + k] = '';
      }
      rows[r][x] = text;
      if (cols > 1 || height > 1) merges.push({ row: r, col: x, rows: height, cols });
      x += cols;
    }
  }
  if (!any) return null;
  for (const row of rows) for (let c = 0; c < row.length; c++) row[c] ??= '';
  const caption = table.caption ? collapse(textOf(table.caption)) : '';
  return { name, sheet: null, caption: caption || null, origin: [0, 0], rows, merges };
}

/**
 * A cell's text. Excel and WPS put the stored value in x:num when the shown text is a
 * formatted number (1,234.50 or 1,235 for 1234.5, 10% for 0.1, (1,234) for -1234): that
 * value is taken, as the .xlsx reader takes the stored number. When the shown text is
 * not a number (a date 2010/12/31, a year formatted 2011年), it is kept as shown.
 */
function cellText(cell) {
  const shown = collapse(textOf(cell));
  const num = (cell.getAttribute('x:num') || '').trim();
  if (num && NUMBER.test(num) && SHOWN_NUMBER.test(shown)) return num;
  return shown;
}

const NUMBER = /^-?\d*\.?\d+(?:[Ee][+-]?\d+)?$/;
const SHOWN_NUMBER = /^[(（]?[-+−]?[¥￥$€£]?\s?\d[\d,，\s]*(?:\.\d*)?(?:[Ee][+-]?\d+)?\s?%?[)）]?$/;

const collapse = (s) => s.replace(/\s+/g, ' ').trim();

const BLOCK = new Set(['p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'table', 'tr', 'td', 'th', 'caption']);
const SKIP = new Set(['script', 'style', 'template', 'head', 'title']);

/**
 * textContent, but as a reader sees it: <br> and block boundaries separate words,
 * hidden elements (hidden attribute, inline display:none) and scripts/styles say
 * nothing, and a footnote mark after a number (700<sup>1</sup>) stays apart from it.
 */
function textOf(root) {
  // Recursive, but the HTML parser nests elements at most 512 deep.
  let s = '';
  const walk = (node) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) s += c.data;
      else if (c.nodeType === 1) {
        const tag = c.localName;
        if (SKIP.has(tag) || c.hasAttribute('hidden') || /display\s*:\s*none/i.test(c.getAttribute('style') || '')) continue;
        if (tag === 'br') {
          s += ' ';
          continue;
        }
        const block = BLOCK.has(tag);
        if (block) s += ' ';
        if ((tag === 'sup' || tag === 'sub') && /\d$/.test(s)) s += ' ';
        walk(c);
        if (block) s += ' ';
      }
    }
  };
  walk(root);
  return s;
}
