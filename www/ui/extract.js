// Draft from text: paste or open a plan's text, let the engine propose its targets
// (Session.extract, the same code as `planlens extract`), review them beside their
// highlighted sentences, edit or drop any, and load the result as a plan.
import { h, replace, on } from './dom.js';
import { t } from '../i18n.js';
import { readFile, decodeText } from './loader.js';

/** A value as the row shows it: 700, 10–12, ≥1000, ≤5, 约25. */
function valueText(target) {
  if (target.value !== undefined && target.value !== null) return `${target.approx ? '约' : ''}${target.value}`;
  const lo = target.min;
  const hi = target.max;
  if (lo !== undefined && lo !== null && hi !== undefined && hi !== null) return `${lo}–${hi}`;
  if (lo !== undefined && lo !== null) return `≥${lo}`;
  if (hi !== undefined && hi !== null) return `≤${hi}`;
  return '';
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';

/**
 * Reads the notation of `valueText` back into planlens/1 keys. Returns null when the text
 * is not one of its forms. Numbers stay the strings the analyst typed: they are written
 * into the JSON text unchanged, so nothing passes through a binary float.
 */
export function parseValue(text) {
  const s = String(text).trim().replace(/\s+/g, '').replace(/[～~—―－-](?=\d)/g, '–');
  let m;
  if ((m = new RegExp(`^(约|≈)?${NUM}$`).exec(s))) return m[1] ? { value: m[2], approx: true } : { value: m[2] };
  if ((m = new RegExp(`^${NUM}–${NUM}$`).exec(s))) return { min: m[1], max: m[2] };
  if ((m = new RegExp(`^(?:≥|>=)${NUM}$`).exec(s))) return { min: m[1] };
  if ((m = new RegExp(`^(?:≤|<=)${NUM}$`).exec(s))) return { max: m[1] };
  return null;
}

/** The sentence with the figure marked. */
function quote(source, mark) {
  if (!mark || !(mark[1] > mark[0]) || mark[1] > source.length) return h('span', {}, source);
  return h('span', {}, source.slice(0, mark[0]), h('mark', {}, source.slice(mark[0], mark[1])), source.slice(mark[1]));
}

/** Writes JSON text in which the given numeric strings appear as numbers. */
function planText(plan) {
  const text = JSON.stringify(plan, null, 1);
  // Numbers were kept as strings tagged with a prefix; untag them into JSON numbers.
  // (JSON.stringify writes the tag as the escape \u0001.)
  return text.replace(/"\\u0001(-?\d+(?:\.\d+)?)"/g, '$1');
}

const num = (s) => `\u0001${s}`;

export function createExtract(app, els) {
  /** { plan, rows: [{ keep, name, year, value, unit, target, mark }] } of the last extraction. */
  let draft = null;
  /** The table the last text holds, if any (offered beside its prose draft). */
  let tableGrid = null;

  const text = h('textarea', { id: 'extract-text', rows: 10, spellcheck: 'false', placeholder: t('extract.placeholder') });
  const area = h('input', { id: 'extract-area', type: 'text', autocomplete: 'off', placeholder: '全市' });
  const fileInput = h('input', { type: 'file', id: 'extract-file', accept: '.txt,text/plain', class: 'visually-hidden', tabindex: '-1' });
  let fileName = 'text.txt';
  const run = h('button', { type: 'button', id: 'extract-run', class: 'primary' });
  const open = h('button', { type: 'button', id: 'extract-open' });
  const status = h('p', { id: 'extract-status', class: 'muted', role: 'status' });

  on(open, 'click', () => fileInput.click());
  on(fileInput, 'change', async () => {
    const file = (fileInput.files || [])[0];
    fileInput.value = '';
    if (!file) return;
    const bytes = await readFile(file, () => {});
    text.value = decodeText(bytes);
    fileName = file.name;
  });
  on(run, 'click', async () => {
    if (!text.value.trim()) {
      status.textContent = t('extract.empty');
      return;
    }
    status.textContent = t('extract.running');
    const out = JSON.parse(await app.engine.extract(text.value, { area: area.value.trim() || undefined, fileName }));
    const plan = JSON.parse(out.plan);
    const names = new Map(plan.indicators.map((i) => [i.id, i]));
    draft = {
      plan,
      rows: plan.targets.map((target, i) => ({
        keep: true,
        name: names.get(target.indicator)?.name || '',
        unit: names.get(target.indicator)?.unit || '',
        year: target.year === undefined ? '' : String(target.year),
        value: valueText(target),
        target,
        mark: out.marks[i],
      })),
    };
    status.textContent = '';
    // A text that is a table (a web table pasted one cell per line, TSV, CSV) is read as
    // one, by the code of `planlens import`; around prose, the table is offered.
    const grid = await app.engine.gridFromText(fileName, text.value);
    tableGrid = grid;
    if (grid && !plan.targets.length) {
      const areaTotal = area.value.trim();
      await app.openTables([grid], () => t('extract.readTable'), areaTotal ? { areaTotal } : {});
      return;
    }
    render();
  });

  /** The kept and edited rows as a planlens/1 plan, or an error message naming the row. */
  function buildPlan() {
    const base = draft.plan;
    const indicators = [];
    const ids = new Map();
    const targets = [];
    const seen = new Set();
    for (const [i, row] of draft.rows.entries()) {
      if (!row.keep) continue;
      const v = parseValue(row.value);
      if (!v) return { error: t('extract.badValue', { n: i + 1, value: row.value }) };
      const name = row.name.trim();
      const unit = row.unit.trim();
      if (!name || !unit) return { error: t('extract.badName', { n: i + 1 }) };
      const key = `${name}\u0000${unit}`;
      if (!ids.has(key)) {
        const id = `i${ids.size + 1}`;
        ids.set(key, id);
        const ind = { id, name, unit };
        if (/^(%|‰|百分点|个百分点)$/.test(unit)) ind.additive = false;
        indicators.push(ind);
      }
      // A district of an allocation (其中南山区460亿元) keeps its own area.
      const target = { indicator: ids.get(key), area: row.target.area || 'area' };
      const year = row.year.trim();
      if (year) {
        if (!/^\d{4}$/.test(year)) return { error: t('extract.badYear', { n: i + 1, value: year }) };
        const once = `${target.indicator}/${target.area}/${year}`;
        if (seen.has(once)) return { error: t('extract.duplicate', { n: i + 1, name, year }) };
        seen.add(once);
        target.year = num(year);
      } else {
        target.year_text = row.target.year_text || '未注明';
      }
      if (row.target.period) target.period = row.target.period;
      for (const [k, x] of Object.entries(v)) target[k] = k === 'approx' ? x : num(x);
      if (row.target.source) target.source = row.target.source;
      if (row.target.note) target.note = row.target.note;
      targets.push(target);
    }
    if (!targets.length) return { error: t('extract.nothing') };
    return { plan: { format: 'planlens/1', plan: base.plan, areas: base.areas, indicators, targets } };
  }

  async function use() {
    const built = buildPlan();
    if (built.error) {
      status.textContent = built.error;
      return;
    }
    const name = `${built.plan.plan.id}.json`;
    await app.loadText(name, planText(built.plan));
  }

  function download() {
    const built = buildPlan();
    if (built.error) {
      status.textContent = built.error;
      return;
    }
    app.download(`${built.plan.plan.id}.json`, new Blob([planText(built.plan)], { type: 'application/json' }));
  }

  function rowView(row, i) {
    const input = (key, attrs) => {
      const el = h('input', { type: 'text', autocomplete: 'off', ...attrs, props: { value: row[key] } });
      on(el, 'input', () => {
        row[key] = el.value;
      });
      return el;
    };
    const keep = h('input', { type: 'checkbox', 'aria-label': t('extract.keep'), props: { checked: row.keep } });
    on(keep, 'change', () => {
      row.keep = keep.checked;
      tr.classList.toggle('dropped', !row.keep);
    });
    const tr = h(
      'tr',
      { class: row.keep ? '' : 'dropped', dataset: { row: String(i) } },
      h('td', {}, keep),
      h(
        'td',
        {},
        input('name', { class: 'x-name', 'aria-label': t('extract.col.indicator') }),
        areaName(row) ? h('span', { class: 'x-area' }, areaName(row)) : null,
      ),
      h('td', {}, input('year', { class: 'x-year', inputmode: 'numeric', 'aria-label': t('extract.col.year'), placeholder: row.target.year_text || '' })),
      h('td', {}, input('value', { class: 'x-value', 'aria-label': t('extract.col.value') })),
      h('td', {}, input('unit', { class: 'x-unit', 'aria-label': t('extract.col.unit') })),
      h('td', { class: 'x-source' }, quote(row.target.source || '', row.mark)),
    );
    return tr;
  }

  /** The district a row of an allocation is about (none for the plan's own area). */
  function areaName(row) {
    const id = row.target.area;
    if (!id || id === 'area') return '';
    return (draft.plan.areas || []).find((x) => x.id === id)?.name || id;
  }

  function render() {
    run.textContent = t('extract.run');
    open.textContent = t('extract.open');
    const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
    const controls = h(
      'div',
      { class: 'extract-controls' },
      field(t('extract.text'), text),
      h('div', { class: 'extract-actions' }, field(t('extract.area'), area), open, fileInput, run),
      h('p', { class: 'muted' }, t('extract.hint')),
    );
    if (!draft) {
      replace(els.body, controls, status);
      return;
    }
    const kept = draft.rows.filter((r) => r.keep).length;
    const table = h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'extract', id: 'extract-table' },
        h('caption', {}, t('extract.found', { n: draft.rows.length, kept })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['keep', 'indicator', 'year', 'value', 'unit', 'source'].map((c) => h('th', { scope: 'col' }, t(`extract.col.${c}`))),
          ),
        ),
        h('tbody', {}, draft.rows.map(rowView)),
      ),
    );
    const useBtn = h('button', { type: 'button', id: 'extract-use', class: 'primary' }, t('extract.use'));
    on(useBtn, 'click', use);
    const dl = h('button', { type: 'button', id: 'extract-download' }, t('extract.download'));
    on(dl, 'click', download);
    const tableBtn = tableGrid
      ? h('button', { type: 'button', id: 'extract-table', onclick: () => app.openTables([tableGrid], () => t('extract.readTable')) }, t('extract.alsoTable'))
      : null;
    replace(els.body, controls, status, h('div', { class: 'extract-actions' }, useBtn, dl, tableBtn), table);
  }

  return { render };
}

