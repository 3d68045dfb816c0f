// Charts: drawn by the engine (Session.chart → SVG string), inserted with DOMParser,
// exported as SVG, PNG (2× through a canvas) and an embeddable <figure> snippet.
import { h, replace, svgNode, download, on } from './dom.js';
import { fmtValue, fmtDiff } from './format.js';
import { t, getLang } from '../i18n.js';
import { ChartsUnavailable, mark } from '../engine.js';

export const SIZES = {
  phone: [360, 320],
  column: [640, 400],
  wide: [1200, 600],
};

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

function cleanSpec(spec) {
  const out = {};
  for (const [k, v] of Object.entries(spec)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
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
  ctx.fillStyle = spec.theme === 'dark' ? '#17191c' : '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error(t('export.pngFailed')))), 'image/png');
  });
}

function cellsFor(app, spec) {
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

/** The figures behind a chart, as a small table: { head: [...], rows: [[...]] }. */
export function chartData(app, spec) {
  if (spec.type === 'imbalance') {
    const rows = ((app.report && app.report.findings) || [])
      .filter((f) => f.check === 'area_sum' && (!spec.year || f.year === spec.year) && (!spec.plan || (f.plans || []).includes(spec.plan)))
      .map((f) => [f.indicator_name || f.indicator, f.area_name || f.area, String(f.year ?? ''), fmtValue(f.expected), fmtValue(f.actual), fmtDiff(f.difference), f.unit || '']);
    return { head: [t('col.indicator'), t('col.area'), t('col.year'), t('col.expected'), t('col.actual'), t('col.difference'), t('data.unit')], rows };
  }
  const unit = app.names.indicator.get(spec.indicator)?.unit || '';
  const rows = cellsFor(app, spec).map((c) => [
    app.names.area.get(c.area) || c.area,
    String(c.year ?? ''),
    fmtValue(c.value, c.approx) + (c.derived ? '*' : ''),
    unit,
    t(`kind.${c.kind}`),
    app.names.plan.get(c.plan)?.doc_no || c.plan,
  ]);
  return { head: [t('col.area'), t('col.year'), t('data.value'), t('data.unit'), t('data.kind'), t('col.plans')], rows };
}

function sourceLine(app, spec) {
  const plans = spec.plan ? [spec.plan] : [...app.names.plan.keys()];
  return plans
    .map((id) => {
      const p = app.names.plan.get(id);
      if (!p) return id;
      return [p.title || p.id, p.doc_no].filter(Boolean).join(' ');
    })
    .join('；');
}

/** A self-contained HTML snippet: <figure> with the SVG, a caption with the source, and the data. */
export function embedCode(app, svgText, spec) {
  const doc = document.implementation.createHTMLDocument('');
  const el = (tag, attrs, ...kids) => {
    const n = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
    for (const kid of kids.flat()) n.append(kid && typeof kid === 'object' && kid.nodeType ? kid : doc.createTextNode(String(kid)));
    return n;
  };
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement;
  const svg = doc.importNode(parsed, true);
  if (svg.getAttribute('viewBox')) {
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('style', 'display:block;width:100%;height:auto');
  }
  if (!svg.getAttribute('role')) svg.setAttribute('role', 'img');
  const [w] = svgSize(svgText, spec);
  const data = chartData(app, spec);
  const title = svgTitle(parsed);
  const figure = el(
    'figure',
    { class: 'planlens-chart', style: `margin:0;max-width:${w}px` },
    svg,
    el('figcaption', {}, title ? `${title}. ` : '', `${t('embed.source')}: ${sourceLine(app, spec)}. ${t('embed.checked')}`),
    el(
      'details',
      {},
      el('summary', {}, t('embed.data')),
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, data.head.map((c) => el('th', { scope: 'col' }, c)))),
        el('tbody', {}, data.rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c))))),
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

/** The number of the latest drawing requested per container. */
const drawSeq = new WeakMap();

/**
 * Draws `spec` into `container` with the export buttons under it. Without chart support
 * in the engine, a clear "charts unavailable" note takes the chart's place.
 */
export async function chartPanel(container, app, spec, { context } = {}) {
  const theme = spec.theme && spec.theme !== 'auto' ? spec.theme : systemTheme();
  let width = spec.width;
  let height = spec.height;
  if (!width) {
    // Fit the column; an allocation chart needs a bar per sub-area.
    width = Math.max(320, Math.min(1200, Math.round(container.clientWidth || 480)));
    height = Math.round(Math.max(260, Math.min(560, width * 0.72)));
    if (spec.type === 'allocation' && spec.areas && spec.areas.length) {
      const kids = ((app.summary && app.summary.areas) || []).filter((a) => a.parent === spec.areas[0]).length;
      height = Math.max(height, Math.min(900, 190 + 24 * (kids + 2)));
    }
  }
  const full = { ...spec, theme, width, height, lang: spec.lang || getLang(), tolerance: app.state.tol || undefined };
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
        unavailable ? t('chart.unavailable') : t('chart.failed', { message: e && e.message ? e.message : String(e) }),
      ),
    );
    return null;
  }
  if (drawSeq.get(container) !== seq) return null;
  const node = svgNode(svgText);
  node.setAttribute('class', 'chart-svg');
  if (!node.getAttribute('role')) node.setAttribute('role', 'img');
  const title = svgTitle(node);
  if (title) node.setAttribute('aria-label', title);
  const base = fileBase(full);
  const btn = (id, label, fn) => {
    const b = h('button', { type: 'button', class: 'small', id: `${context}-${id}` }, label);
    on(b, 'click', fn);
    return b;
  };
  replace(
    container,
    h('div', { class: 'chart-frame', dataset: { theme } }, node),
    h(
      'div',
      { class: 'chart-actions', role: 'group', 'aria-label': t('export.chart') },
      btn('svg', t('export.svg'), () => download(`${base}.svg`, new Blob([svgText], { type: 'image/svg+xml' }))),
      btn('png', t('export.png'), async () => download(`${base}.png`, await svgToPng(svgText, full, 2))),
      // The embed code carries the figures behind the chart: the pivot's cells.
      btn('embed', t('export.embed'), () =>
        app.needCells().then(() => copyText(app, embedCode(app, svgText, full), t('copy.embed')), app.showError),
      ),
    ),
  );
  mark('chart-shown');
  return { svgText, spec: full };
}
