// Tables: a table opened, dropped or pasted is shown as read, with the roles the engine
// recognised in it (header rows, the area column, the total row, what each column of
// figures holds, the unit). A click corrects a role; "Check" imports it again with the
// corrections and loads the plan; the plan can be saved as planlens/1 JSON.
//
// The grids come from www/tables/ (XLSX through DecompressionStream and DOMParser, HTML
// through DOMParser) or from the engine (CSV, TSV, text pasted one cell per line); the
// recognition is the engine's (Session.importTables, the code of `planlens import`).
import { h, replace } from './dom.js';
import { t } from '../i18n.js';

/** Rows shown per table; the rest are read and imported, not drawn. */
const SHOWN_ROWS = 200;

/** A1-style column letters. */
export function columnLetters(col) {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function gridTitle(g) {
  return g.sheet ? `${g.name} [${g.sheet}]` : g.name;
}

/** What the engine recognised, in one sentence per table. */
function rolesText(roles, grid) {
  const parts = [t(roles.shape === 'long' ? 'tables.shapeLong' : 'tables.shapeWide')];
  parts.push(t('tables.areasIn', { col: columnLetters(roles.areaColumn + (grid.origin?.[1] || 0)) }));
  if (roles.totalRow !== undefined && roles.totalRow !== null) {
    const label = (grid.rows[roles.totalRow] || [])[roles.areaColumn] || '';
    parts.push(t('tables.totalIn', { row: roles.totalRow + 1 + (grid.origin?.[0] || 0), label: label.replace(/\s+/g, '') }));
  } else {
    parts.push(t('tables.noTotal'));
  }
  const years = [...new Set(roles.columns.map((c) => c.year).filter((y) => y !== undefined && y !== null))];
  if (years.length) parts.push(t('tables.years', { years: years.join(t('list.sep')) }));
  const units = [...new Set(roles.columns.map((c) => c.unit || roles.unit).filter(Boolean))];
  if (units.length) parts.push(t('tables.unit', { unit: units.join(t('list.sep')) }));
  parts.push(t('tables.figures', { n: roles.dataRows.length * roles.columns.length }));
  return parts.join(t('tables.partSep'));
}

/** The label of a column of figures: 2011年 · 生物 · 亿元. */
function columnLabel(c) {
  return [c.year ? `${c.year}` : '', c.indicator || '', c.unit || ''].filter(Boolean).join(' · ');
}

/** The grids import reads: those of the chosen sheet (roles come in this order). */
function shown(st) {
  const sheet = st.options?.sheet;
  const chosen = sheet ? st.grids.filter((g) => !g.sheet || g.sheet === sheet) : st.grids;
  const blank = (g) => g.rows.every((r) => r.every((c) => !String(c).trim()));
  return chosen.some((g) => !blank(g)) ? chosen.filter((g) => !blank(g)) : chosen;
}

export function createTables(app, els) {
  /**
   * app.tables: { grids, options, result, error, planName } of the tables last read;
   * `options` holds the user's corrections (areaColumn, totalRow, headerRows, year,
   * unit, indicator, areaTotal).
   */
  const field = (id, key, type = 'text') => {
    const input = h('input', { id, type, autocomplete: 'off', value: app.tables?.options?.[key] ?? '' });
    input.addEventListener('change', () => {
      const v = input.value.trim();
      const opts = { ...app.tables.options };
      if (v === '') delete opts[key];
      else opts[key] = type === 'number' ? Number(v) : v;
      app.tables.options = opts;
    });
    return input;
  };

  function setOption(patch) {
    app.tables.options = { ...app.tables.options, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete app.tables.options[k];
    return app.importTables();
  }

  function tableView(grid, gi, roles) {
    const width = grid.rows.reduce((w, r) => Math.max(w, r.length), 0);
    const ox = grid.origin?.[1] || 0;
    const oy = grid.origin?.[0] || 0;
    const byCol = new Map((roles?.columns || []).map((c) => [c.col, c]));
    const dataRows = new Set(roles?.dataRows || []);
    // Column strip: the letter, the role, and a button that makes it the area column.
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col', class: 'tables-corner' }, ''),
      Array.from({ length: width }, (_, c) => {
        const col = byCol.get(c);
        const isArea = roles && roles.areaColumn === c;
        return h(
          'th',
          { scope: 'col', class: isArea ? 'role-area' : col ? 'role-figure' : '' },
          h('span', { class: 'tables-letter' }, columnLetters(c + ox)),
          isArea ? h('span', { class: 'tables-role' }, t('tables.roleArea')) : col ? h('span', { class: 'tables-role' }, columnLabel(col)) : null,
          gi === 0 && !isArea
            ? h('button', { type: 'button', class: 'link-button small', dataset: { areaCol: c }, 'aria-label': t('tables.makeAreaLabel', { col: columnLetters(c + ox) }), onclick: () => setOption({ areaColumn: c }) }, t('tables.makeArea'))
            : null,
        );
      }),
    );
    const body = grid.rows.slice(0, SHOWN_ROWS).map((row, r) => {
      const isTotal = roles && roles.totalRow === r;
      const isHeader = roles && r < roles.headerRows;
      const cls = isTotal ? 'role-total' : isHeader ? 'role-header' : dataRows.has(r) ? 'role-data' : roles ? 'role-skip' : '';
      return h(
        'tr',
        { class: cls },
        h(
          'th',
          { scope: 'row', class: 'tables-rowhead' },
          h('span', { class: 'tables-letter' }, String(r + 1 + oy)),
          gi === 0 && roles && !isTotal && !isHeader && dataRows.has(r)
            ? h('button', { type: 'button', class: 'link-button small', dataset: { totalRow: r }, 'aria-label': t('tables.makeTotalLabel', { row: r + 1 + oy }), onclick: () => setOption({ totalRow: r }) }, t('tables.makeTotal'))
            : isTotal
              ? h('span', { class: 'tables-role' }, t('tables.roleTotal'))
              : null,
        ),
        Array.from({ length: width }, (_, c) => {
          const text = row[c] ?? '';
          const figure = byCol.has(c) && (dataRows.has(r) || isTotal);
          return h('td', { class: figure ? 'num' : roles && roles.areaColumn === c ? 'tables-area' : '' }, text);
        }),
      );
    });
    const more = grid.rows.length > SHOWN_ROWS ? h('p', { class: 'muted' }, t('tables.moreRows', { n: grid.rows.length - SHOWN_ROWS })) : null;
    return h(
      'figure',
      { class: 'tables-figure' },
      h('figcaption', {}, h('strong', {}, gridTitle(grid)), grid.caption ? ` ${grid.caption}` : '', roles ? h('span', { class: 'tables-roles' }, ` ${rolesText(roles, grid)}`) : null),
      h('div', { class: 'table-wrap tables-wrap', tabindex: '0', role: 'region', 'aria-label': gridTitle(grid) }, h('table', { class: 'tables-grid' }, h('thead', {}, head), h('tbody', {}, body))),
      more,
    );
  }

  function render() {
    const st = app.tables;
    if (!st || !st.grids || !st.grids.length) {
      replace(els.body, h('p', { class: 'muted', id: 'tables-empty' }, t('tables.empty')));
      return;
    }
    const roles = st.result ? st.result.tables : [];
    const status = st.error
      ? h('div', { class: 'message message-error', role: 'alert', id: 'tables-error' }, h('p', {}, t('tables.failed'), ' ', h('span', { class: 'message-detail' }, st.error)))
      : h('p', { class: 'tables-ok', id: 'tables-status', role: 'status' }, t('tables.loaded', { name: st.planName }));
    const sheets = [...new Set(st.grids.map((g) => g.sheet).filter(Boolean))];
    const sheetSelect = sheets.length > 1
      ? h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('tables.sheet')),
        h('select', { id: 'tables-sheet', onchange: (e) => setOption({ sheet: e.target.value || undefined }) },
          h('option', { value: '' }, t('tables.allSheets')),
          sheets.map((name) => h('option', { value: name, selected: st.options?.sheet === name }, name))))
      : null;
    const controls = h(
      'div',
      { class: 'filters tables-controls' },
      sheetSelect,
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('tables.year')), field('tables-year', 'year', 'number')),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('tables.unitField')), field('tables-unit', 'unit')),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('tables.indicator')), field('tables-indicator', 'indicator')),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('tables.areaTotal')), field('tables-area-total', 'areaTotal')),
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('tables.headerRows')), field('tables-header-rows', 'headerRows', 'number')),
      h('button', { type: 'button', id: 'tables-check', class: 'primary', onclick: () => app.importTables() }, t('tables.check')),
      st.result ? h('button', { type: 'button', id: 'tables-save', onclick: () => app.download(st.planName, new Blob([st.result.plan], { type: 'application/json' })) }, t('tables.save')) : null,
      Object.keys(st.options || {}).length ? h('button', { type: 'button', class: 'quiet', id: 'tables-reset', onclick: () => { app.tables.options = {}; return app.importTables(); } }, t('tables.reset')) : null,
    );
    replace(
      els.body,
      h('p', { class: 'muted' }, t('tables.hint')),
      status,
      controls,
      shown(st).map((g, i) => tableView(g, i, roles[i])),
    );
  }

  return { render };
}
