// The chart builder: type, indicator, areas, year, plan, theme, size and language, then
// the editor's part of the chart spec (docs: /work notes CHARTSPEC; issue #18): the words
// (headline, subtitle, notes, source, credit, alt text), per-series colour and highlight,
// annotations on points and the y-axis. A live preview with the exports, and the spec as
// JSON. The editor's part lives in the view state as `cspec` (its JSON text), which the
// share link carries compressed (app/fragment.js).
import { h, replace, on, select } from './dom.js';
import { t, getLang } from '../i18n.js';
import { chartPanel, chartMeta, cellsFor, cleanSpec, copyText, SIZES, PALETTE } from './chart.js';
import { planLabel } from './names.js';
import { fmtValue } from './format.js';
import { planGroups, pickerField } from './picker.js';

export const CHART_TYPES = ['trend', 'allocation', 'imbalance', 'multiples'];

/** The builder's spec from the view state, with defaults filled from the data. */
export function builderSpec(app) {
  const st = app.state;
  const s = app.summary || { cells: [], areas: [], indicators: [] };
  const type = CHART_TYPES.includes(st.chart) ? st.chart : 'trend';
  const withCells = new Set(s.cells.map((c) => c.indicator));
  const firstFinding = (app.report?.findings || [])[0];
  let indicator = st.cind;
  if (!indicator || !app.names.indicator.has(indicator)) {
    indicator = (firstFinding && firstFinding.indicator) || (s.indicators.find((i) => withCells.has(i.id)) || {}).id || '';
  }
  const cells = s.cells.filter((c) => c.indicator === indicator);
  const years = [...new Set((type === 'imbalance' ? s.cells : cells).map((c) => c.year))].sort((a, b) => a - b);
  let year = st.cyear ? Number(st.cyear) : NaN;
  if (!years.includes(year)) year = type === 'allocation' ? years[0] : NaN;
  const parents = new Set(s.areas.filter((a) => a.parent).map((a) => a.parent));
  let areas = (st.careas || '').split(',').filter((a) => app.names.area.has(a));
  if (type === 'allocation') {
    if (!areas.length || !parents.has(areas[0])) {
      const withData = cells.find((c) => parents.has(c.area));
      areas = withData ? [withData.area] : [...parents].slice(0, 1);
    }
    areas = areas.slice(0, 1);
  } else if (!areas.length && type !== 'imbalance') {
    const root = cells.find((c) => !(s.areas.find((a) => a.id === c.area) || {}).parent);
    areas = root ? [root.area] : cells.length ? [cells[0].area] : [];
  }
  const narrow = typeof window !== 'undefined' && window.innerWidth < 700;
  const preset = SIZES[st.size] ? st.size : st.size === 'custom' ? 'custom' : narrow ? 'phone' : 'column';
  let [width, height] = SIZES[preset] || [Number(st.cw) || 640, Number(st.ch) || 400];
  width = Math.max(200, Math.min(2400, width));
  height = Math.max(150, Math.min(1600, height));
  const spec = {
    type,
    indicator: type === 'imbalance' ? undefined : indicator,
    areas: type === 'imbalance' ? undefined : areas,
    year: type === 'trend' || type === 'multiples' || Number.isNaN(year) ? undefined : year,
    plan: st.cplan || undefined,
    theme: st.theme === 'light' || st.theme === 'dark' ? st.theme : 'auto',
    width,
    height,
    lang: st.clang === 'zh' || st.clang === 'en' ? st.clang : getLang(),
  };
  const edit = readEdit(st.cspec);
  if (edit.y_axis && (edit.y_axis === 'zero' || FITS.has(type))) spec.y_axis = edit.y_axis;
  if (edit.text) spec.text = edit.text;
  if (edit.series) spec.series = edit.series;
  // An annotation is drawn once it has words (its row is kept while they are typed).
  const notes = (edit.annotations || []).filter((a) => a.text);
  if (notes.length) spec.annotations = notes;
  return { spec, years, preset, indicator, parents, edit };
}

/** Chart types whose y-axis may be fitted to the data (bars start from zero). */
const FITS = new Set(['trend', 'multiples']);
const TEXT_KEYS = ['title', 'subtitle', 'notes', 'source', 'credit', 'alt'];

let editCache = ['', {}];
/** The editor's part of the spec from its JSON text (the view state's `cspec`); {} when none. */
export function readEdit(text) {
  if (!text) return {};
  if (editCache[0] === text) return editCache[1];
  let edit = {};
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) edit = v;
  } catch {
    // The link's value was checked when it was read (app/fragment.js); a bad one is dropped.
  }
  editCache = [text, edit];
  return edit;
}

/** The editor's part without empty entries, in a fixed key order, as JSON text ('' when empty). */
export function editText(edit) {
  const out = {};
  if (edit.y_axis === 'zero' || edit.y_axis === 'fit') out.y_axis = edit.y_axis;
  const text = {};
  for (const k of TEXT_KEYS) if (edit.text && typeof edit.text[k] === 'string' && edit.text[k] !== '') text[k] = edit.text[k];
  if (Object.keys(text).length) out.text = text;
  const series = (edit.series || []).filter((x) => x.highlight || Number.isInteger(x.color) || x.label);
  if (series.length) out.series = series;
  const notes = (edit.annotations || []).filter((a) => a.area && a.year !== undefined);
  if (notes.length) out.annotations = notes;
  return Object.keys(out).length ? JSON.stringify(out) : '';
}

/**
 * The series an editor can colour and highlight: per area (and plan, for a trend), as
 * drawn. An allocation's series are the sub-areas; an imbalance's the areas of the sums.
 */
function seriesOf(app, spec) {
  const seen = new Map();
  const add = (area, plan) => {
    const key = `${area}|${plan || ''}`;
    if (!seen.has(key)) seen.set(key, { area, plan });
  };
  if (spec.type === 'imbalance') {
    for (const f of (app.report && app.report.findings) || []) if (f.check === 'area_sum' && (!spec.year || f.year === spec.year)) add(f.area);
  } else {
    const parent = spec.type === 'allocation' ? (spec.areas || [])[0] : null;
    for (const c of cellsFor(app, spec)) {
      if (parent && c.area === parent) continue;
      add(c.area, spec.type === 'trend' ? c.plan : undefined);
    }
  }
  return [...seen.values()];
}

/** The points an annotation can sit on: one per area, year and plan drawn. */
function pointsOf(app, spec) {
  const seen = new Map();
  if (spec.type === 'imbalance') {
    for (const f of (app.report && app.report.findings) || []) {
      if (f.check !== 'area_sum' || (spec.year && f.year !== spec.year)) continue;
      const p = { area: f.area, year: f.year };
      seen.set(JSON.stringify(p), p);
    }
  } else {
    for (const c of cellsFor(app, spec)) {
      if (typeof c.year !== 'number') continue;
      const p = { area: c.area, year: c.year, plan: c.plan };
      seen.set(JSON.stringify(p), { ...p, value: c.value });
    }
  }
  return [...seen.values()].sort((a, b) => String(a.area).localeCompare(String(b.area)) || a.year - b.year);
}

const sameSeries = (a, b) => a.area === b.area && (a.plan || '') === (b.plan || '');

export function createBuilder(app, els) {
  function render() {
    if (app.summary && !app.summary.cells) {
      // The builder offers what has figures: it waits for the pivot's cells.
      const asked = app.summary;
      replace(els.controls);
      replace(els.preview);
      app.needCells().then(() => app.summary === asked && app.state.tab === 'builder' && render(), app.showError);
      return;
    }
    const st = app.state;
    const s = app.summary || { cells: [], areas: [], indicators: [], plans: [] };
    const { spec, years, preset, indicator, parents, edit } = builderSpec(app);
    const field = (label, control, extra) => h('label', { class: `field${extra ? ` ${extra}` : ''}` }, h('span', { class: 'field-label' }, label), control);
    const sel = (id, key, options, current) => {
      const el = select({ id }, options, current);
      on(el, 'change', () => app.set({ [key]: el.value }));
      return el;
    };
    const parts = [];
    parts.push(field(t('builder.type'), sel('builder-type', 'chart', CHART_TYPES.map((c) => [c, t(`chartType.${c}`)]), spec.type)));
    if (spec.type !== 'imbalance') {
      // Searchable and grouped by the plan of its figures, as the checks' filter is.
      const byId = new Map(s.indicators.map((i) => [i.id, i]));
      parts.push(
        pickerField(
          t('builder.indicator'),
          {
            id: 'builder-indicator',
            groups: planGroups(app, s.cells, {
              plan: (c) => c.plan,
              value: (c) => byId.get(c.indicator)?.id,
              label: (c) => {
                const i = byId.get(c.indicator);
                return `${i.name}（${i.unit}）`;
              },
              perPlan: false,
            }),
            current: indicator,
            onChange: (value) => app.set({ cind: value }),
          },
          'wide-field',
        ),
      );
    }
    if (spec.type === 'allocation') {
      parts.push(field(t('builder.parent'), sel('builder-parent', 'careas', s.areas.filter((a) => parents.has(a.id)).map((a) => [a.id, a.name]), spec.areas[0])));
    } else if (spec.type !== 'imbalance') {
      const chosen = new Set(spec.areas);
      const boxes = s.areas.map((a) => {
        const box = h('input', { type: 'checkbox', value: a.id, props: { checked: chosen.has(a.id) } });
        on(box, 'change', () => {
          const now = new Set(spec.areas);
          if (box.checked) now.add(a.id);
          else now.delete(a.id);
          app.set({ careas: s.areas.filter((x) => now.has(x.id)).map((x) => x.id).join(',') });
        });
        return h('label', { class: 'check-field' }, box, a.name);
      });
      parts.push(h('fieldset', { class: 'areas-field', id: 'builder-areas' }, h('legend', {}, t('builder.areas')), boxes));
    }
    if (spec.type === 'allocation' || spec.type === 'imbalance') {
      const opts = years.map((y) => [String(y), String(y)]);
      if (spec.type === 'imbalance') opts.unshift(['', t('filter.all')]);
      parts.push(field(t('builder.year'), sel('builder-year', 'cyear', opts, spec.year === undefined ? '' : String(spec.year))));
    }
    parts.push(field(t('filter.plan'), sel('builder-plan', 'cplan', [['', t('filter.all')], ...(s.plans || []).map((p) => [p.id, p.doc_no || p.title || p.id])], st.cplan || '')));
    parts.push(field(t('builder.theme'), sel('builder-theme', 'theme', [['auto', t('builder.themeAuto')], ['light', t('builder.themeLight')], ['dark', t('builder.themeDark')]], spec.theme)));
    parts.push(
      field(
        t('builder.size'),
        sel(
          'builder-size',
          'size',
          [...Object.entries(SIZES).map(([k, [w, hh]]) => [k, `${t(`size.${k}`)} ${w}×${hh}`]), ['custom', t('size.custom')]],
          preset,
        ),
      ),
    );
    if (preset === 'custom') {
      const num = (id, key, value) => {
        const input = h('input', { type: 'number', id, min: '200', max: '2400', step: '10', inputmode: 'numeric', props: { value: String(value) } });
        on(input, 'change', () => app.set({ [key]: input.value }));
        return input;
      };
      parts.push(h('div', { class: 'field size-custom' }, field(t('builder.width'), num('builder-w', 'cw', spec.width)), field(t('builder.height'), num('builder-h', 'ch', spec.height))));
    }
    parts.push(field(t('builder.lang'), sel('builder-lang', 'clang', [['', t('builder.langPage')], ['zh', '中文'], ['en', 'English']], st.clang || '')));
    const editor = editorFields(app, spec, edit);
    replace(els.controls, parts, editor.fields);

    const box = h('div', { class: 'builder-chart', dataset: { size: preset } });
    const json = JSON.stringify(cleanSpec(spec), null, 1);
    const copy = h('button', { type: 'button', class: 'small', id: 'builder-spec-copy' }, t('builder.specCopy'));
    on(copy, 'click', () => copyText(app, json, t('copy.spec')));
    replace(
      els.preview,
      box,
      h('details', { class: 'spec' }, h('summary', {}, t('builder.spec')), h('pre', { id: 'builder-spec' }, json), copy),
    );
    chartPanel(box, app, spec, { context: 'builder', follow: st.cfollow === '1' });
    // The defaults the data gives (source line, alt text, headline) fill the fields the
    // editor has not written.
    // The alt text's default follows the editor's other words (it opens with the headline).
    const words = { ...(spec.text || {}), alt: undefined };
    Promise.all([
      chartMeta(app, { ...spec, text: undefined }),
      Object.values(words).some(Boolean) ? chartMeta(app, { ...spec, text: words }) : null,
    ]).then(([meta, own]) => {
      if (editor.fields.isConnected) editor.fill({ ...meta, alt: (own || meta).alt });
    }, () => {});
  }

  /**
   * Changes the editor's part: `change` gets the current one (the state's, which may be
   * newer than this rendering when the redraw is debounced) and returns the next.
   */
  function setEdit(change, slow) {
    const now = JSON.parse(JSON.stringify(readEdit(app.state.cspec)));
    app.set({ cspec: editText(change(now)) }, { debounce: slow });
  }

  function editorFields(app, spec, edit) {
    const text = { ...(edit.text || {}) };
    const field = (label, control, extra) => h('label', { class: `field${extra ? ` ${extra}` : ''}` }, h('span', { class: 'field-label' }, label), control);
    const defaults = {};
    const inputs = {};
    const textField = (key, multi) => {
      const attrs = { id: `builder-text-${key}`, autocomplete: 'off', props: { value: text[key] || '' } };
      const el = multi ? h('textarea', { ...attrs, rows: key === 'alt' ? '5' : '2' }) : h('input', { ...attrs, type: 'text' });
      on(el, 'input', () => {
        // A field equal to the data's default says nothing of its own.
        setEdit((e) => {
          const words = e.text || {};
          if (el.value === '' || el.value === defaults[key]) delete words[key];
          else words[key] = el.value;
          return { ...e, text: words };
        }, true);
      });
      inputs[key] = el;
      return field(t(`builder.text.${key}`), el, 'wide-field');
    };
    const words = h(
      'fieldset',
      { class: 'editor-group', id: 'builder-words' },
      h('legend', {}, t('builder.words')),
      textField('title'),
      textField('subtitle'),
      textField('notes', true),
      textField('source'),
      textField('credit'),
      textField('alt', true),
    );

    // Series: highlight and colour.
    const overrides = edit.series || [];
    const seriesRows = seriesOf(app, spec).slice(0, 24).map((sr, i) => {
      const o = overrides.find((x) => sameSeries(x, sr)) || {};
      const name = [app.names.area.get(sr.area) || sr.area, sr.plan ? planLabel(app, sr.plan) : ''].filter(Boolean).join(' · ');
      const change = (patch) => {
        setEdit((e) => {
          const list = e.series || [];
          const next = { ...(list.find((x) => sameSeries(x, sr)) || {}), ...patch, area: sr.area };
          if (sr.plan) next.plan = sr.plan;
          if (!next.highlight) delete next.highlight;
          if (!Number.isInteger(next.color)) delete next.color;
          return { ...e, series: [...list.filter((x) => !sameSeries(x, sr)), next] };
        });
      };
      const hl = h('input', { type: 'checkbox', id: `builder-hl-${i}`, props: { checked: !!o.highlight } });
      on(hl, 'change', () => change({ highlight: hl.checked }));
      const colour = select(
        { id: `builder-color-${i}`, 'aria-label': t('builder.colorOf', { name }) },
        [['', t('builder.colorAuto')], ...PALETTE.map((c, k) => [String(k), t(`color.${k}`)])],
        Number.isInteger(o.color) ? String(o.color) : '',
      );
      on(colour, 'change', () => change({ color: colour.value === '' ? undefined : Number(colour.value) }));
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true', style: Number.isInteger(o.color) ? `background:${PALETTE[o.color % PALETTE.length]}` : null });
      return h('div', { class: 'series-row' }, h('label', { class: 'check-field' }, hl, h('span', {}, name)), swatch, colour);
    });
    const seriesBox = seriesRows.length
      ? h('fieldset', { class: 'editor-group', id: 'builder-series' }, h('legend', {}, t('builder.series')), h('p', { class: 'field-hint' }, t('builder.seriesHint')), seriesRows)
      : null;

    // Annotations: a point of the data and a text.
    const points = pointsOf(app, spec);
    const pointLabel = (p) =>
      [app.names.area.get(p.area) || p.area, String(p.year), p.plan ? planLabel(app, p.plan) : '', p.value !== undefined && p.value !== null ? fmtValue(p.value) : ''].filter(Boolean).join(' · ');
    const notes = edit.annotations || [];
    const noteRows = notes.map((a, i) => {
      const key = JSON.stringify({ area: a.area, year: a.year, plan: a.plan });
      const opts = points.map((p) => [JSON.stringify({ area: p.area, year: p.year, plan: p.plan }), pointLabel(p)]);
      if (!opts.some(([v]) => v === key)) opts.unshift([key, pointLabel(a)]);
      const at = select({ id: `builder-note-point-${i}` }, opts, key);
      const words = h('input', { type: 'text', id: `builder-note-text-${i}`, autocomplete: 'off', props: { value: a.text || '' } });
      const put = (patch, slow) => setEdit((e) => ({ ...e, annotations: (e.annotations || []).map((x, k) => (k === i ? { ...x, ...patch } : x)) }), slow);
      on(at, 'change', () => {
        const p = JSON.parse(at.value);
        put({ area: p.area, year: p.year, plan: p.plan });
      });
      on(words, 'input', () => put({ text: words.value }, true));
      const remove = h('button', { type: 'button', class: 'quiet small', id: `builder-note-remove-${i}` }, t('builder.noteRemove'));
      on(remove, 'click', () => setEdit((e) => ({ ...e, annotations: (e.annotations || []).filter((_, k) => k !== i) })));
      return h('div', { class: 'note-row' }, field(t('builder.notePoint'), at, 'wide-field'), field(t('builder.noteText'), words, 'wide-field'), remove);
    });
    const addNote = h('button', { type: 'button', class: 'small', id: 'builder-note-add', disabled: !points.length }, t('builder.noteAdd'));
    on(addNote, 'click', () => {
      const p = points[0];
      const a = { area: p.area, year: p.year, text: '' };
      if (p.plan) a.plan = p.plan;
      setEdit((e) => ({ ...e, annotations: [...(e.annotations || []), a] }));
    });
    const noteBox = h('fieldset', { class: 'editor-group', id: 'builder-notes' }, h('legend', {}, t('builder.annotations')), noteRows, addNote);

    // The y-axis: from zero, or fitted (lines only).
    const axis = select(
      { id: 'builder-yaxis', disabled: !FITS.has(spec.type) },
      [['zero', t('builder.yZero')], ['fit', t('builder.yFit')]],
      spec.y_axis || 'zero',
    );
    on(axis, 'change', () => setEdit((e) => ({ ...e, y_axis: axis.value === 'zero' ? undefined : axis.value })));
    const follow = h('input', { type: 'checkbox', id: 'builder-follow', props: { checked: app.state.cfollow === '1' } });
    on(follow, 'change', () => app.set({ cfollow: follow.checked ? '1' : '' }));
    const reset = h('button', { type: 'button', class: 'link-button', id: 'builder-reset' }, t('builder.reset'));
    on(reset, 'click', () => app.set({ cspec: '' }));

    const fields = h(
      'div',
      { class: 'editor' },
      words,
      seriesBox,
      noteBox,
      field(t('builder.yAxis'), axis),
      h('label', { class: 'check-field' }, follow, h('span', {}, t('builder.follow'))),
      edit.text || edit.series || edit.annotations || edit.y_axis ? reset : null,
    );
    return {
      fields,
      fill(meta) {
        for (const key of TEXT_KEYS) {
          const el = inputs[key];
          const value = typeof meta[key] === 'string' ? meta[key] : '';
          defaults[key] = value;
          // Source and alt text start as the default, to be edited; the headline and the
          // subtitle show theirs as a placeholder.
          if (key === 'source' || key === 'alt') {
            if (!text[key] && document.activeElement !== el) el.value = value;
          } else if (value) el.setAttribute('placeholder', value);
        }
      },
    };
  }
  return { render };
}
