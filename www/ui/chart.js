// Charts: drawn by the engine (Session.chart → SVG string), inserted with DOMParser,
// exported as SVG, PNG (2× through a canvas) and an embeddable <figure> snippet.
import { h, replace, svgNode, download, on } from './dom.js';
import { fmtValue, fmtDiff } from './format.js';
import { t, tIn, getLang, hasKey } from '../i18n.js';
import { ChartsUnavailable, mark } from '../engine.js';
import { planLabel } from './names.js';

export const SIZES = {
  phone: [360, 320],
  column: [640, 400],
  wide: [1200, 600],
};

/** The series palette of the engine's light theme (src/chart/theme.rs), for the builder's swatches. */
export const PALETTE = ['#0072B2', '#009E73', '#CC79A7', '#56B4E9', '#555555', '#E69F00'];
/** Chart backgrounds by theme (src/chart/theme.rs), under a PNG. */
const BACKGROUND = { light: '#ffffff', dark: '#1b1c1f' };
/** The phone layout of an embed: drawn this wide, shown from its container's width up to 480 px. */
export const PHONE_WIDTH = 320;

/**
 * The detail's chart is drawn at most this wide (CSS scales it to its column): one width
 * for every wide screen, so that the page can ship the default plan's first chart drawn
 * (the stand-in, see takeStandin and scripts/build-page.mjs).
 */
export const DETAIL_WIDTH = 340;

/**
 * The size a chart is drawn at in a column `slot` px wide, at most `maxWidth`: an
 * allocation chart needs a bar per sub-area (`summary.areas`). Pure: the build draws the
 * stand-in with it.
 */
export function chartSize(spec, slot, summary, maxWidth = 1200) {
  const width = Math.max(320, Math.min(maxWidth, Math.round(slot || 480)));
  let height = Math.round(Math.max(260, Math.min(560, width * 0.72)));
  if (spec.type === 'allocation' && spec.areas && spec.areas.length) {
    const kids = ((summary && summary.areas) || []).filter((a) => a.parent === spec.areas[0]).length;
    height = Math.max(height, Math.min(900, 190 + 24 * (kids + 2)));
  }
  return { width, height };
}

/** The spec as the engine is asked for it: its JSON text, the key of a stand-in. */
export function specKey(spec) {
  return JSON.stringify(cleanSpec(spec));
}

/**
 * The stand-in (dist/planlens.html): the default plan's first detail chart, drawn by the
 * engine at build time for a wide zh-CN page in the light scheme. An inline script drops
 * it before the first paint when the page is not that; it stays until the engine draws
 * the same chart. `captureStandin` keeps it before the page's first render replaces the
 * detail; `takeStandin` hands its frame over once, to the chart of the same spec.
 */
let standin = null;
export function captureStandin() {
  standin = document.getElementById('standin');
}
function takeStandin(key) {
  const frame = standin;
  standin = null;
  return frame && frame.dataset.spec === key ? frame : null;
}

/** The page's colour scheme, for charts that follow it. */
export function systemTheme() {
  return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The chart for a finding: the allocation among the sub-areas, else the indicator's trend. */
export function specForFinding(f) {
  if (f.check === 'area_sum' && typeof f.year === 'number') {
    return { type: 'allocation', indicator: f.indicator, areas: [f.area], year: f.year };
  }
  return { type: 'trend', indicator: f.indicator, areas: [f.area] };
}

/** The spec without empty keys (nor theme "auto", which the page resolves), as the CLI takes it. */
export function cleanSpec(spec) {
  const out = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    if (k === 'theme' && v === 'auto') continue;
    if (k === 'text') {
      const text = Object.fromEntries(Object.entries(v).filter(([, s]) => typeof s === 'string' && s !== ''));
      if (Object.keys(text).length) out.text = text;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** Draws a spec with the engine; resolves to the SVG text. Rejects with ChartsUnavailable or the engine's Error. */
export function drawSvg(app, spec) {
  return app.engine.chart(cleanSpec(spec));
}

function svgSize(svgText, spec) {
  const m = /<svg\b[^>]*>/i.exec(svgText);
  const tag = m ? m[0] : '';
  const num = (name) => {
    const r = new RegExp(`\\s${name}="([\\d.]+)(px)?"`).exec(tag);
    return r ? Number(r[1]) : NaN;
  };
  let w = num('width');
  let hgt = num('height');
  if (!(w > 0 && hgt > 0)) {
    const vb = /viewBox="[\d.\-]+[ ,]+[\d.\-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"/.exec(tag);
    if (vb) {
      w = Number(vb[1]);
      hgt = Number(vb[2]);
    }
  }
  if (!(w > 0 && hgt > 0)) {
    w = spec.width || 640;
    hgt = spec.height || 400;
  }
  return [w, hgt];
}

/** The chart's title, from its <title> element. */
function svgTitle(node) {
  const el = node.querySelector('title');
  return el ? el.textContent.trim() : '';
}

/** Labels the engine's <svg> as the page shows charts: its class, an image named by its title. */
export function labelChart(node) {
  node.setAttribute('class', 'chart-svg');
  if (!node.getAttribute('role')) node.setAttribute('role', 'img');
  const title = svgTitle(node);
  if (title) node.setAttribute('aria-label', title);
}

/** Renders an SVG string to a PNG Blob at `scale`× through a canvas. */
export async function svgToPng(svgText, spec, scale = 2) {
  const [w, hgt] = svgSize(svgText, spec);
  const img = new Image();
  const loaded = new Promise((resolve, reject) => {
    img.onload = resolve;
    img.onerror = () => reject(new Error(t('export.pngFailed')));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(hgt * scale);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND[spec.theme] || BACKGROUND.light;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('export.pngFailed')))), 'image/png');
  });
}

export function cellsFor(app, spec) {
  const cells = (app.summary && app.summary.cells) || [];
  let areas = spec.areas && spec.areas.length ? new Set(spec.areas) : null;
  if (spec.type === 'allocation' && spec.areas && spec.areas.length) {
    const parent = spec.areas[0];
    areas = new Set([parent, ...((app.summary && app.summary.areas) || []).filter((a) => a.parent === parent).map((a) => a.id)]);
  }
  return cells.filter(
    (c) =>
      (!spec.indicator || c.indicator === spec.indicator) &&
      (!areas || areas.has(c.area)) &&
      (spec.type !== 'allocation' || !spec.year || c.year === spec.year) &&
      (!spec.plan || c.plan === spec.plan),
  );
}

/** The figures behind a chart, as a small table: { head: [...], rows: [[...]] }, worded by `tr` (default: the page's language). */
export function chartData(app, spec, tr = t) {
  if (spec.type === 'imbalance') {
    const rows = ((app.report && app.report.findings) || [])
      .filter((f) => f.check === 'area_sum' && (!spec.year || f.year === spec.year) && (!spec.plan || (f.plans || []).includes(spec.plan)))
      .map((f) => [f.indicator_name || f.indicator, f.area_name || f.area, String(f.year ?? ''), fmtValue(f.expected), fmtValue(f.actual), fmtDiff(f.difference), f.unit || '']);
    return { head: [tr('col.indicator'), tr('col.area'), tr('col.year'), tr('col.expected'), tr('col.actual'), tr('col.difference'), tr('data.unit')], rows };
  }
  const unit = app.names.indicator.get(spec.indicator)?.unit || '';
  const rows = cellsFor(app, spec).map((c) => [
    app.names.area.get(c.area) || c.area,
    String(c.year ?? ''),
    fmtValue(c.value, c.approx) + (c.derived ? '*' : ''),
    unit,
    tr(`kind.${c.kind}`),
    planLabel(app, c.plan),
  ]);
  return { head: [tr('col.area'), tr('col.year'), tr('data.value'), tr('data.unit'), tr('data.kind'), tr('col.plans')], rows };
}

/**
 * The chart's words without drawing it: { title, subtitle, source, alt, plans } from the
 * engine (Session.chartMeta; docs/CHARTS.md); empty when the engine cannot draw.
 */
export async function chartMeta(app, spec) {
  if (!app.engine || !app.engine.hasCharts()) return {};
  return (await app.engine.chartMeta(cleanSpec({ ...spec, theme: spec.theme === 'dark' ? 'dark' : 'light' }))) || {};
}

/** Adds a stop in `lang` unless the text ends with one. */
function sentence(text, lang) {
  const s = String(text || '').trim();
  if (!s) return '';
  return /[。．.!?！？]$/.test(s) ? s : s + tIn(lang, 'punct.stop');
}

/**
 * A self-contained HTML snippet that lays the chart out again for the width it gets: two
 * drawings by the engine, the phone layout (PHONE_WIDTH wide, shown up to 480 px) and the
 * column layout (the spec's size, shown once its container is that wide, so that it is
 * never scaled down), chosen by a container query; no script. With `follow`, a light and
 * a dark pair, chosen by the host's `prefers-color-scheme` or a class on an ancestor
 * (`dark`/`light`, `data-theme=dark|light`). Its caption names the plans drawn, in the
 * chart's language; the alt text is the figure's accessible name. (The engine's SVG has
 * no ids, so that the four drawings, and several embeds, can share a page.)
 */
export async function embedCode(app, spec, { follow = false } = {}) {
  const lang = spec.lang || getLang();
  const themes = follow ? ['light', 'dark'] : [spec.theme === 'dark' ? 'dark' : 'light'];
  const colW = spec.width || 640;
  const colH = spec.height || 400;
  // As tall as the column layout: the narrower drawing needs the height for its labels.
  const phoneH = Math.max(320, Math.min(900, colH));
  const layouts = [
    ['phone', { width: PHONE_WIDTH, height: phoneH }],
    ['column', { width: colW, height: colH }],
  ];
  const meta = await chartMeta(app, spec);
  const text = spec.text || {};
  const alt = text.alt || meta.alt || text.title || meta.title || '';
  const source = text.source || meta.source || '';
  const doc = document.implementation.createHTMLDocument('');
  const el = (tag, attrs, ...kids) => {
    const n = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) n.setAttribute(k, v);
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== '') n.append(kid && typeof kid === 'object' && kid.nodeType ? kid : doc.createTextNode(String(kid)));
    return n;
  };
  const groups = [];
  for (const theme of themes) {
    const svgs = [];
    for (const [layout, size] of layouts) {
      const svgText = await drawSvg(app, { ...spec, ...size, theme });
      const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
      const svg = doc.importNode(parsed, true);
      if (!svg.getAttribute('viewBox')) svg.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.removeAttribute('role');
      svg.setAttribute('class', `pl-${layout}`);
      svg.setAttribute('aria-hidden', 'true');
      svg.setAttribute('focusable', 'false');
      svgs.push(svg);
    }
    groups.push(el('div', { class: `pl-${theme}` }, svgs));
  }
  const c = '.planlens-chart';
  const css = [
    `${c}{container-type:inline-size;margin:1em 0;max-width:${Math.max(colW, 480)}px}`,
    `${c} svg{display:block;width:100%;height:auto}`,
    `${c} .pl-phone{max-width:480px}`,
    `${c} .pl-column{display:none}`,
    `@container (min-width:${colW}px){${c} .pl-phone{display:none}${c} .pl-column{display:block}}`,
    `${c} figcaption{font-size:.875rem;line-height:1.5;margin-top:.5em}`,
    `${c} details{font-size:.875rem}${c} table{border-collapse:collapse}${c} th,${c} td{padding:.2em .5em;text-align:left}`,
  ];
  if (follow) {
    css.push(
      `${c} .pl-dark{display:none}`,
      `@media (prefers-color-scheme:dark){${c} .pl-light{display:none}${c} .pl-dark{display:block}}`,
      `:is(.dark,[data-theme=dark]) ${c} .pl-light{display:none}:is(.dark,[data-theme=dark]) ${c} .pl-dark{display:block}`,
      `:is(.light,[data-theme=light]) ${c} .pl-dark{display:none}:is(.light,[data-theme=light]) ${c} .pl-light{display:block}`,
    );
  }
  const data = chartData(app, spec, (k, p) => tIn(lang, k, p));
  const caption = [sentence(source, lang), sentence(text.credit, lang), tIn(lang, 'embed.checked')].filter(Boolean).join(lang === 'zh' ? '' : ' ');
  const figure = el(
    'figure',
    { class: 'planlens-chart', lang: lang === 'zh' ? 'zh-CN' : 'en' },
    el('style', {}, css.join('')),
    el('div', { role: 'img', 'aria-label': alt }, groups),
    el('figcaption', {}, caption),
    el(
      'details',
      {},
      el('summary', {}, tIn(lang, 'embed.data')),
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, data.head.map((x) => el('th', { scope: 'col' }, x)))),
        el('tbody', {}, data.rows.map((r) => el('tr', {}, r.map((x) => el('td', {}, x))))),
      ),
    ),
  );
  return figure.outerHTML;
}

function fileBase(spec) {
  return ['planlens', spec.type, spec.indicator, spec.areas && spec.areas[0], spec.year]
    .filter((x) => x !== undefined && x !== null && x !== '')
    .join('-')
    .replace(/[^\w\-.\u3400-\u9fff]+/g, '_');
}

/** Copies text to the clipboard; when that is refused, shows it in a dialog to copy by hand. */
export async function copyText(app, text, what) {
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    app.notify('ok', () => t('copy.done', { what }));
  } catch {
    app.showCopyDialog(text, what);
  }
}

/** Why a chart cannot be drawn, in the page's language where the engine gives a code. */
function chartError(e) {
  if (e && e.code && hasKey(`chart.code.${e.code}`)) return t(`chart.code.${e.code}${e.params && e.params.year ? '.year' : ''}`, e.params);
  return e && e.message ? e.message : String(e);
}

/** The number of the latest drawing requested per container. */
const drawSeq = new WeakMap();

/**
 * Draws `spec` into `container` with the export buttons under it. Without chart support
 * in the engine, a clear "charts unavailable" note takes the chart's place.
 */
export async function chartPanel(container, app, spec, { context, follow = false, maxWidth } = {}) {
  const theme = spec.theme && spec.theme !== 'auto' ? spec.theme : systemTheme();
  const fit = spec.width ? { width: spec.width, height: spec.height } : chartSize(spec, container.clientWidth, app.summary, maxWidth);
  const full = { ...spec, theme, ...fit, lang: spec.lang || getLang(), tolerance: app.state.tol || undefined };
  // The stand-in of this very chart stays in sight while the engine draws it.
  const key = specKey(full);
  const early = takeStandin(key);
  if (early) replace(container, early);
  // Only the latest request for a container may fill it (drawing is asynchronous).
  const seq = (drawSeq.get(container) || 0) + 1;
  drawSeq.set(container, seq);
  let svgText;
  try {
    mark('chart-asked');
    svgText = await drawSvg(app, full);
    mark('chart-svg');
  } catch (e) {
    if (drawSeq.get(container) !== seq) return null;
    const unavailable = e instanceof ChartsUnavailable;
    replace(
      container,
      h(
        'div',
        { class: `chart-note${unavailable ? ' unavailable' : ' error'}`, id: `${context}-chart-note`, role: unavailable ? null : 'status' },
        unavailable ? t('chart.unavailable') : t('chart.failed', { message: chartError(e) }),
      ),
    );
    return null;
  }
  if (drawSeq.get(container) !== seq) return null;
  const node = svgNode(svgText);
  labelChart(node);
  const base = fileBase(full);
  const btn = (id, label, fn) => {
    const b = h('button', { type: 'button', class: 'small', id: `${context}-${id}` }, label);
    on(b, 'click', fn);
    return b;
  };
  replace(
    container,
    h('div', { class: 'chart-frame', dataset: { theme, spec: key } }, node),
    h(
      'div',
      { class: 'chart-actions', role: 'group', 'aria-label': t('export.chart') },
      btn('svg', t('export.svg'), () => download(`${base}.svg`, new Blob([svgText], { type: 'image/svg+xml' }))),
      btn('png', t('export.png'), async () => download(`${base}.png`, await svgToPng(svgText, full, 2))),
      // The embed code carries the figures behind the chart: the pivot's cells.
      btn('embed', t('export.embed'), () =>
        app
          .needCells()
          .then(() => embedCode(app, full, { follow }))
          .then((code) => copyText(app, code, t('copy.embed')), app.showError),
      ),
    ),
  );
  mark('chart-shown');
  return { svgText, spec: full };
}
