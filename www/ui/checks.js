// The summary badges, the checks table with its filters, and the detail of the
// selected finding (with its chart).
import { h, replace, on, select } from './dom.js';
import { fmtValue, fmtDiff } from './format.js';
import { t } from '../i18n.js';
import { chartPanel, specForFinding, DETAIL_WIDTH } from './chart.js';
import { planLabel, planTitle } from './names.js';
import { findingHay, insideSums } from './search.js';
import { planGroups, pickerField } from './picker.js';

export const STATUSES = ['fail', 'uncertain', 'incomplete', 'ok', 'info'];
const STATUS_ICON = { ok: '✓', fail: '✗', uncertain: '?', incomplete: '…', info: 'i' };
/** The caption of a finding's parts table, by check; the others list the figures used. */
const PARTS_CAPTION = { area_sum: 'areas', indicator_sum: 'components', ratio_sum: 'wholeParts', part_of: 'partWhole' };
/** Checks whose `actual` is the sum of the parts. */
const SUMS = new Set(['area_sum', 'indicator_sum', 'increment', 'ratio_sum']);
/** The view-state keys that filter the checks table (app.state). */
export const FILTER_KEYS = ['status', 'check', 'ind', 'area', 'year', 'q'];

/**
 * All the findings a report's summary counts: more than the report holds while a big
 * one comes in two parts (app/plans.js).
 */
export function findingsCounted(report) {
  const s = (report && report.summary) || {};
  return STATUSES.reduce((n, k) => n + (s[k] || 0), 0);
}

export const CHECKS = ['area_sum', 'indicator_sum', 'conflict', 'progress', 'share', 'increment', 'growth', 'ratio_sum', 'part_of', 'implied', 'required'];

/** The numbers a figure is written with: an exact value, or a range's ends. */
function figureNumbers(v) {
  if (typeof v === 'number') return [v];
  if (v && typeof v === 'object') return [v.min, v.max].filter((x) => typeof x === 'number');
  return [];
}

/**
 * A quoted sentence with the figure marked: every number in it (10,000 or 1.5; never
 * inside a longer run of digits) that equals the figure or one end of its range is
 * wrapped in <mark>. A figure the sentence writes otherwise (converted, 1.2万) stays
 * unmarked rather than marking a wrong number.
 */
export function markFigure(text, value) {
  const want = figureNumbers(value);
  if (!want.length || !text) return text;
  const out = [];
  let last = 0;
  for (const m of text.matchAll(/\d[\d,，]*(?:\.\d+)?/g)) {
    const n = Number(m[0].replace(/[,，]/g, ''));
    if (!want.includes(n)) continue;
    out.push(text.slice(last, m.index), h('mark', {}, m[0]));
    last = m.index + m[0].length;
  }
  if (!out.length) return text;
  out.push(text.slice(last));
  return out;
}

/** The year of a finding as shown: a hidden year as the document writes it (20XX). */
function yearText(f) {
  if (f.year !== null && f.year !== undefined) return String(f.year);
  return f.year_text || '—';
}

const KEY = Symbol('key');

/** A stable key for a finding (used for selection and in share links), made once per finding. */
export function findingKey(f) {
  if (f[KEY] === undefined) f[KEY] = `${f.check}|${f.indicator}|${f.area}|${f.year ?? f.year_text ?? ''}|${(f.plans || []).join('+')}`;
  return f[KEY];
}

/** A status badge. */
export function badge(status, count) {
  return h(
    'span',
    { class: `badge status-${status}`, dataset: { status } },
    h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, STATUS_ICON[status] || ''),
    count !== undefined ? h('span', { class: 'count' }, String(count)) : null,
    h('span', { class: 'badge-label' }, t(`status.${status}`)),
  );
}

/** The counts by status, as coloured badges. */
export function renderSummary(el, app) {
  const s = (app.report && app.report.summary) || {};
  const total = findingsCounted(app.report);
  replace(
    el,
    h('h2', { class: 'visually-hidden' }, t('summary.heading')),
    h(
      'ul',
      { class: 'summary-badges' },
      STATUSES.map((status) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: `summary-item status-${status}${app.state.status === status ? ' active' : ''}`,
              dataset: { status },
              'aria-pressed': app.state.status === status ? 'true' : 'false',
              title: t('summary.filterHint'),
              onclick: () => app.set({ tab: 'checks', status: app.state.status === status ? '' : status }),
            },
            h('span', { class: 'summary-icon', 'aria-hidden': 'true' }, STATUS_ICON[status]),
            h('span', { class: 'count' }, String(s[status] || 0)),
            h('span', { class: 'summary-label' }, t(`status.${status}`)),
          ),
        ),
      ),
    ),
    h('p', { class: 'summary-total' }, t('summary.total', { n: total })),
  );
}

function partName(app, f, id) {
  const part = (f.parts || []).find((p) => p.id === id);
  if (part && part.name) return part.name;
  if (f.check === 'indicator_sum') return app.names.indicator.get(id)?.name || id;
  return app.names.area.get(id) || id;
}

function matches(app, f, st) {
  if (st.status && f.status !== st.status) return false;
  if (st.check && f.check !== st.check) return false;
  if (st.ind && f.indicator !== st.ind) return false;
  if (st.area && f.area !== st.area) return false;
  if (st.year && String(f.year) !== String(st.year)) return false;
  if (st.q) {
    const q = st.q.toLowerCase();
    if (!findingHay(app, f).includes(q)) return false;
  }
  return true;
}

/** The findings that pass the filters, in the report's order (failures first). */
export function filteredFindings(app) {
  const list = (app.report && app.report.findings) || [];
  return list.filter((f) => matches(app, f, app.state));
}

function uniqueOptions(findings, valueOf, labelOf) {
  const seen = new Map();
  for (const f of findings) {
    const v = valueOf(f);
    if (v === null || v === undefined || seen.has(String(v))) continue;
    seen.set(String(v), labelOf(f));
  }
  return [...seen.entries()];
}

let moreOpen = false;

/** The indicator filter: searchable, grouped by the plan of the findings. */
function indicatorField(app, all) {
  return pickerField(t('filter.indicator'), {
    id: 'filter-ind',
    all: t('filter.all'),
    groups: planGroups(app, all, { plan: (f) => (f.plans || [])[0] || '', value: (f) => f.indicator, label: (f) => f.indicator_name || f.indicator }),
    current: app.state.ind || '',
    onChange: (value) => app.set({ ind: value }),
  });
}

/** Under the search: where the searched area appears inside sums, with the plans. */
function searchInside(app) {
  const found = insideSums(app, app.state.q);
  if (!found.length) return null;
  const where = found
    .slice(0, 5)
    .map((x) => t('search.insideOne', { area: x.area, parent: x.parent, plans: x.plans.map((id) => planLabel(app, id)).join('、') }))
    .join(t('search.join'));
  return h('p', { class: 'search-inside', id: 'search-inside' }, t('search.inside', { q: app.state.q.trim(), where }));
}

function renderFilters(el, app) {
  const all = (app.report && app.report.findings) || [];
  const st = app.state;
  const counts = (app.report && app.report.summary) || {};
  const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
  const years = uniqueOptions(all, (f) => f.year, (f) => String(f.year)).sort((a, b) => Number(a[0]) - Number(b[0]));
  const search = h('input', {
    type: 'search',
    id: 'filter-q',
    placeholder: t('filter.searchPlaceholder'),
    props: { value: st.q || '' },
    autocomplete: 'off',
  });
  on(search, 'input', () => app.set({ q: search.value }, { debounce: true }));
  const sel = (id, key, options) => {
    const s = select({ id }, options, st[key]);
    on(s, 'change', () => app.set({ [key]: s.value }));
    return s;
  };
  // A report whose later findings are still on their way (app/plans.js, only when
  // nothing filters them) counts them already, as its badges do.
  const unfiltered = !FILTER_KEYS.some((k) => st[k]);
  const total = Math.max(all.length, findingsCounted(app.report));
  const shown = unfiltered ? total : filteredFindings(app).length;
  const active = ['check', 'ind', 'area', 'year'].filter((k) => st[k]).length;
  // On phones the four selects fold into a <details>; on wider screens it stays open
  // and its summary is hidden (style.css).
  const wide = !window.matchMedia || window.matchMedia('(min-width: 721px)').matches;
  const more = h(
    'details',
    { class: 'more-filters', open: wide || active > 0 || moreOpen },
    h('summary', {}, active ? t('filter.moreActive', { n: active }) : t('filter.more')),
    h(
      'div',
      { class: 'more-filters-body' },
      field(
        t('filter.check'),
        sel('filter-check', 'check', [['', t('filter.all')], ...CHECKS.map((c) => [c, t(`check.${c}`)])]),
      ),
      indicatorField(app, all),
      field(
        t('filter.area'),
        sel('filter-area', 'area', [['', t('filter.all')], ...uniqueOptions(all, (f) => f.area, (f) => f.area_name || f.area)]),
      ),
      field(t('filter.year'), sel('filter-year', 'year', [['', t('filter.all')], ...years])),
    ),
  );
  on(more, 'toggle', () => {
    if (!wide) moreOpen = more.open;
  });
  replace(
    el,
    field(t('filter.search'), search),
    field(
      t('filter.status'),
      sel('filter-status', 'status', [
        ['', t('filter.all')],
        ...STATUSES.map((s) => [s, `${t(`status.${s}`)} (${counts[s] || 0})`]),
      ]),
    ),
    more,
    searchInside(app),
    h(
      'p',
      { class: 'filter-count', 'aria-live': 'polite' },
      t('filter.showing', { shown, total }),
      shown < total
        ? h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              id: 'filter-reset',
              onclick: () => app.set(Object.fromEntries(FILTER_KEYS.map((k) => [k, '']))),
            },
            t('filter.reset'),
          )
        : null,
    ),
  );
}

function diffClass(d, f) {
  // A part below its whole has room left: not a shortfall.
  if (typeof d !== 'number' || d === 0 || (f && f.check === 'part_of' && d < 0)) return 'diff diff-zero';
  return d < 0 ? 'diff diff-neg' : 'diff diff-pos';
}

function rowFor(app, f, selected, showMissing) {
  const key = findingKey(f);
  const unit = f.unit ? h('span', { class: 'unit' }, f.unit) : null;
  const tr = h(
    'tr',
    {
      tabindex: '0',
      class: `finding status-${f.status}${selected ? ' selected' : ''}`,
      'aria-selected': selected ? 'true' : 'false',
      dataset: { key, status: f.status, check: f.check, indicator: f.indicator, area: f.area, year: f.year },
    },
    h('td', { class: 'col-status' }, badge(f.status), h('span', { class: 'check-name' }, t(`check.${f.check}`) + (f.exceeded ? ` · ${t('finding.exceeded')}` : ''))),
    h('td', { class: 'col-indicator' }, h('span', { class: 'ind-name' }, f.indicator_name || f.indicator), ' ', unit),
    h('td', { class: 'col-area' }, f.area_name || f.area),
    h('td', { class: 'col-year num' }, yearText(f)),
    // data-label names the column on a phone, where the rows become cards (style.css).
    h('td', { class: 'col-expected num', dataset: { label: t('col.expected') } }, fmtValue(f.expected, f.approx)),
    h('td', { class: 'col-actual num', dataset: { label: t('col.actual') } }, fmtValue(f.actual, f.approx)),
    h('td', { class: `col-diff num ${diffClass(f.difference, f)}`, dataset: { value: f.difference, label: t('col.difference') } }, fmtDiff(f.difference)),
    showMissing ? h('td', { class: 'col-missing', dataset: { label: t('col.missing') } }, (f.missing || []).map((id) => partName(app, f, id)).join('、') + (f.missing_more ? `…(+${f.missing_more})` : '')) : null,
    h(
      'td',
      { class: 'col-plans' },
      (f.plans || []).map((id, i) => {
        const p = app.names.plan.get(id);
        return [i ? h('br') : null, h('span', { title: p ? planTitle(p) : id }, planLabel(app, id))];
      }),
    ),
  );
  return tr;
}

/** The checks table, its filters and the detail panel. */
/** Rows drawn at first and per "show more": a national plan has tens of thousands. */
export const PAGE_ROWS = 500;
/** Rows drawn in the first frame, and per frame after it up to PAGE_ROWS. */
const FIRST_ROWS = 100;

export function createChecks(app, els) {
  let rowsByKey = new Map();
  let limit = PAGE_ROWS;
  /** The table drawn last: the rows of an older one stop coming. */
  let tableSeq = 0;

  function selectRow(key, { focus = false, scroll = false, show = false, keyboard = false } = {}) {
    app.set({ sel: key }, { render: false });
    for (const [k, tr] of rowsByKey) {
      const isSel = k === key;
      tr.classList.toggle('selected', isSel);
      tr.setAttribute('aria-selected', isSel ? 'true' : 'false');
      if (isSel && focus) tr.focus();
      if (isSel && scroll) tr.scrollIntoView({ block: 'nearest' });
    }
    renderDetail();
    if (show) showDetail(keyboard);
  }

  /**
   * Brings the chosen finding's detail into view when it is out of sight (on a phone it is
   * below the table), and then moves a keyboard user's focus to its heading. Beside the
   * table (wide screens) the focus stays on the row, for the arrow keys.
   */
  function showDetail(keyboard) {
    const box = els.detail.getBoundingClientRect();
    // Beside the table the detail is in sight with its row: nothing to move.
    if (box.left >= els.table.getBoundingClientRect().right - 1) return;
    const high = window.innerHeight || document.documentElement.clientHeight;
    if (box.top >= 0 && box.top <= high * 0.6) return;
    const still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    els.detail.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
    const title = els.detail.querySelector('.detail-title');
    if (keyboard && title) title.focus({ preventScroll: true });
  }

  function currentFinding() {
    const all = (app.report && app.report.findings) || [];
    return all.find((f) => findingKey(f) === app.state.sel) || null;
  }

  /** Selects the first finding shown when the selected one is not; returns the list. */
  function ensureSelection() {
    const list = filteredFindings(app);
    // Nothing selected (a fresh report) needs no key of every finding.
    if (!app.state.sel || !list.some((f) => findingKey(f) === app.state.sel)) {
      app.state.sel = list.length ? findingKey(list[0]) : '';
    }
    return list;
  }

  function renderTable() {
    const list = ensureSelection();
    rowsByKey = new Map();
    // The missing-parts column only when some finding shown has missing parts.
    const showMissing = list.some((f) => (f.missing || []).length);
    const cols = ['status', 'indicator', 'area', 'year', 'expected', 'actual', 'difference', showMissing ? 'missing' : null, 'plans'].filter(Boolean);
    const head = h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map((c) =>
          h('th', { scope: 'col', class: `col-${c}${['year', 'expected', 'actual', 'difference'].includes(c) ? ' num' : ''}`, title: t(`col.${c}.hint`) }, t(`col.${c}`)),
        ),
      ),
    );
    const body = h('tbody');
    const selAt = list.findIndex((f) => findingKey(f) === app.state.sel);
    const visible = list.slice(0, Math.max(limit, selAt + 1));
    const addRows = (from, to, before) => {
      for (let i = from; i < to; i++) {
        const f = visible[i];
        const tr = rowFor(app, f, i === selAt, showMissing);
        rowsByKey.set(findingKey(f), tr);
        body.insertBefore(tr, before);
      }
    };
    // The first rows (and the selected one) at once; the rest a batch per frame after the
    // frame that shows them, so that a national report is on screen without waiting for
    // the layout of hundreds of rows.
    const first = Math.min(visible.length, Math.max(FIRST_ROWS, selAt + 1));
    addRows(0, first, null);
    const seq = ++tableSeq;
    let moreRow = null;
    if (visible.length < list.length) {
      const more = h('button', { type: 'button', id: 'checks-more', class: 'small' }, t('checks.more', { n: Math.min(PAGE_ROWS, list.length - visible.length), total: list.length }));
      on(more, 'click', () => {
        limit = visible.length + PAGE_ROWS;
        renderTable();
      });
      moreRow = h('tr', { class: 'more' }, h('td', { colspan: String(cols.length) }, more));
      body.appendChild(moreRow);
    }
    const empty = list.length
      ? null
      : h('tr', { class: 'empty' }, h('td', { colspan: String(cols.length) }, (app.report?.findings || []).length ? t('checks.noneMatch') : t('checks.none')));
    if (empty) body.appendChild(empty);
    els.table.setAttribute('aria-label', t('checks.caption'));
    els.table.classList.toggle('has-missing', showMissing);
    replace(els.table, head, body);
    const rest = (from) => {
      if (seq !== tableSeq || from >= visible.length) return;
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (seq !== tableSeq) return;
          const to = Math.min(visible.length, from + FIRST_ROWS);
          addRows(from, to, moreRow);
          rest(to);
        }, 0),
      );
    };
    rest(first);
  }

  // One delegated handler for clicks and keys on rows.
  on(els.table, 'click', (e) => {
    const tr = e.target.closest('tr.finding');
    if (tr) selectRow(tr.dataset.key, { show: true });
  });
  on(els.table, 'keydown', (e) => {
    const tr = e.target.closest('tr.finding');
    if (!tr) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      selectRow(tr.dataset.key, { show: true, keyboard: true });
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
      if (next && next.classList.contains('finding')) selectRow(next.dataset.key, { focus: true, scroll: true });
    }
  });

  /** The detail's chart slot and its width when the chart was asked for. */
  let slot = null;
  let slotWidth = 0;

  /** The table of a finding's parts (null when it has none). */
  function partsTable(f) {
    if (!(f.parts || []).length) return null;
    const anyDerived = f.parts.some((p) => p.derived);
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'parts' },
        h('caption', {}, t(`detail.parts.${PARTS_CAPTION[f.check] || 'inputs'}`)),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('detail.part')), h('th', { scope: 'col', class: 'num' }, t('detail.value')))),
        h(
          'tbody',
          {},
          f.parts.map((p) =>
            h(
              'tr',
              { class: p.value === null || p.value === undefined ? 'missing' : '' },
              // The part's sentence under its name, where the check records it.
              h('th', { scope: 'row' }, p.name || p.id, p.source ? h('span', { class: 'part-source' }, markFigure(p.source, p.value)) : null),
              h(
                'td',
                { class: `num${p.derived ? ' derived' : ''}` },
                p.value === null || p.value === undefined ? t('detail.missing') : fmtValue(p.value) + (p.derived ? '*' : ''),
              ),
            ),
          ),
        ),
        SUMS.has(f.check) ? h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('detail.sum')), h('td', { class: 'num' }, fmtValue(f.actual, f.approx)))) : null,
      ),
      anyDerived ? h('p', { class: 'legend' }, t('legend.derived')) : null,
    );
  }

  /** A value with its unit (no space before %, ‰). */
  function withUnit(v, unit, approx) {
    const u = unit || '';
    return fmtValue(v, approx) + (/^[%‰]/.test(u) || !u ? u : ` ${u}`);
  }

  /** An amount for a sentence: "at least 45", "at most 5", "2–4", "45". */
  function amount(v, unit) {
    if (v && typeof v === 'object') {
      const lo = typeof v.min === 'number';
      const hi = typeof v.max === 'number';
      if (lo && !hi) return t('amount.atLeast', { v: withUnit(v.min, unit) });
      if (hi && !lo) return t('amount.atMost', { v: withUnit(v.max, unit) });
    }
    return withUnit(v, unit);
  }

  /** The negated interval (a cut is a negative addition). */
  function negate(v) {
    if (typeof v === 'number') return -v;
    return { min: typeof v.max === 'number' ? -v.max : null, max: typeof v.min === 'number' ? -v.min : null };
  }

  /** The derivation of an implied figure, step by step, each input with its sentence. */
  function derivationBlock(f) {
    const d = f.derivation;
    if (!d) return null;
    const inputs = (d.inputs || []).map((x) => {
      const when = x.base_year !== undefined && x.base_year !== null ? t('derive.period', { from: x.base_year, to: x.year }) : x.year === null || x.year === undefined ? '' : t('derive.inYear', { year: x.year });
      return h(
        'li',
        {},
        h('span', {}, t('derive.input', { role: t(`derive.role.${x.role}`) }), h('span', { class: 'num' }, withUnit(x.value, x.unit, x.approx)), ' ', when, ' · ', t(`derive.kind.${x.kind}`), ' · ', planLabel(app, x.plan)),
        x.source ? h('figure', { class: 'quote' }, h('blockquote', {}, markFigure(x.source, x.value))) : null,
      );
    });
    const unitOf = (role) => (d.inputs || []).find((x) => x.role === role)?.unit || f.unit;
    const steps = (d.steps || []).map((st) => {
      const p = { a: fmtValue(st.a), b: st.b === undefined ? '' : fmtValue(st.b), years: st.years, result: fmtValue(st.result), unit: f.unit || '' };
      if (st.op === 'published') p.unit = unitOf(d.rule === 'base_from_growth' ? 'rate' : 'share');
      return h('li', {}, t(`derive.op.${st.op}`, p));
    });
    const value = withUnit(d.value, f.unit);
    const near = typeof d.nearest === 'number' ? t('derive.nearest', { v: withUnit(d.nearest, f.unit) }) : '';
    const against = d.against === 'stated'
      ? t('derive.against.stated', { v: withUnit(f.actual, f.unit, f.approx) })
      : d.against === 'implied'
        ? t('derive.against.implied', { v: withUnit(f.actual, f.unit, f.approx) })
        : t('derive.against.none');
    return h(
      'section',
      { class: 'derivation' },
      h('h3', {}, t(`derive.rule.${d.rule}`)),
      h('p', {}, t('derive.from')),
      h('ol', { class: 'derive-inputs' }, inputs),
      h('p', {}, t('derive.steps')),
      h('ol', { class: 'derive-steps' }, steps),
      h('p', { class: 'conclusion' }, t('derive.so', { indicator: f.indicator_name || f.indicator, area: f.area_name || f.area, year: yearText(f), value, near }), ' ', against),
    );
  }

  /** What a target still asks, as a sentence a newspaper would print. */
  function requiredBlock(f) {
    const r = f.required;
    if (!r) return null;
    const unit = f.unit || '';
    const base = { area: f.area_name || f.area, target: withUnit(f.expected, unit), year: yearText(f), latest: withUnit(f.actual, unit, f.approx), from: r.from_year, n: r.years };
    if (r.met) return h('section', { class: 'derivation' }, h('p', { class: 'required-text' }, t('required.met', base)));
    const a = r.additions || {};
    const cut = typeof a === 'object' ? typeof a.max === 'number' && a.max < 0 : a < 0;
    // A change of a percentage is in points.
    const by = unit === '%' ? t('required.points') : unit;
    const change = cut ? t('required.cut', { v: amount(negate(a), by) }) : t('required.add', { v: amount(a, by) });
    const years = r.years === 1 ? t('required.oneYear') : t('required.years', { n: r.years });
    const lines = [h('p', { class: 'required-text' }, t('required.sentence', { ...base, change, years }))];
    if (r.rate) {
      const shown = [];
      if (r.so_far) shown.push(t('required.soFar', { rate: withUnit(r.so_far.rate, '%'), from: r.so_far.from_year, to: r.so_far.to_year }));
      if (r.planned_rate !== null && r.planned_rate !== undefined) shown.push(t('required.planned', { rate: withUnit(r.planned_rate, '%') }));
      lines.push(h('p', {}, t('required.rate', { rate: amount(r.rate, '%') }), shown.length ? t('required.paren', { x: shown.join(t('required.sep')) }) : ''));
    }
    if (r.planned_source) lines.push(h('figure', { class: 'quote' }, h('blockquote', {}, markFigure(r.planned_source, r.planned_rate)), h('figcaption', {}, t('required.plannedCaption'))));
    return h('section', { class: 'derivation' }, lines);
  }

  function renderDetail() {
    const f = currentFinding();
    slot = null;
    if (!f) {
      replace(els.detail, h('p', { class: 'muted' }, (app.report?.findings || []).length ? t('detail.pick') : t('checks.none')));
      return;
    }
    const unit = f.unit || '';
    const names = (f.plans || []).map((id) => planLabel(app, id));
    const label = (which) => {
      const other = f.check === 'implied' && which === 'actual' && f.derivation && f.derivation.against === 'implied' ? 'Implied' : '';
      const k = `detail.${f.check}.${which}${other}`;
      return t(k, { area: f.area_name || f.area, indicator: f.indicator_name || f.indicator, n: f.parts ? f.parts.length : f.parts_count || 0, a: names[0] || '', b: names[1] || names[0] || '', from: f.required ? f.required.from_year : '' });
    };
    const verdictKey = f.exceeded ? 'verdict.progress.exceeded' : `verdict.${f.check}.${f.status}`;
    const statusText = t(verdictKey) !== verdictKey ? t(verdictKey) : t(`verdict.${f.status}`);
    const noSecond = f.check === 'implied' && (f.actual === null || f.actual === undefined);
    const figures = h(
      'dl',
      { class: 'figures' },
      h('div', {}, h('dt', {}, label('expected')), h('dd', { class: 'num' }, fmtValue(f.expected, f.approx), ' ', h('span', { class: 'unit' }, unit))),
      // An implied figure nothing states has no second figure and no difference.
      noSecond ? null : h('div', {}, h('dt', {}, label('actual')), h('dd', { class: 'num' }, fmtValue(f.actual, f.approx), ' ', h('span', { class: 'unit' }, unit))),
      noSecond ? null : h('div', {}, h('dt', {}, t('col.difference')), h('dd', { class: `num ${diffClass(f.difference, f)}` }, fmtDiff(f.difference))),
    );
    const sources = [];
    // An implied finding quotes its inputs in its derivation; here only the figure stated for it.
    if (f.expected_source && !f.derivation) sources.push(h('figure', { class: 'quote' }, h('blockquote', {}, markFigure(f.expected_source, f.expected)), h('figcaption', {}, label('expected'))));
    if (f.actual_source) sources.push(h('figure', { class: 'quote' }, h('blockquote', {}, markFigure(f.actual_source, f.actual)), h('figcaption', {}, label('actual'))));
    // The report is brief: a finding's parts come from the engine when it is shown.
    const parts = h('div', { class: 'parts-slot' });
    // An implied or required finding lists its inputs in its own section.
    if (f.derivation || f.required) replace(parts);
    else if (f.parts) replace(parts, partsTable(f));
    else if (f.parts_count) {
      app.engine.finding(app.report.findings.indexOf(f)).then(
        (full) => {
          f.parts = full.parts || [];
          if (parts.isConnected) replace(parts, partsTable(f));
        },
        (e) => {
          if (parts.isConnected) replace(parts, h('p', { class: 'muted' }, e.message));
        },
      );
    }
    const chartBox = h('div', { class: 'chart-slot' });
    replace(
      els.detail,
      h('p', { class: 'kicker' }, t(`check.${f.check}`), ' · ', yearText(f)),
      h('h2', { class: 'detail-title', tabindex: '-1' }, f.indicator_name || f.indicator, h('span', { class: 'detail-area' }, ' — ', f.area_name || f.area)),
      h('p', { class: 'verdict' }, badge(f.status), ' ', statusText),
      figures,
      derivationBlock(f),
      requiredBlock(f),
      chartBox,
      sources.length ? h('div', { class: 'sources' }, h('h3', {}, t('detail.sources')), sources) : null,
      parts,
    );
    // A ratio's composite has no series of its own, and a hidden year has no place on a
    // time axis: no chart for them.
    if (f.check !== 'ratio_sum' && f.year !== null && f.year !== undefined) {
      chartPanel(chartBox, app, specForFinding(f), { context: 'detail', maxWidth: DETAIL_WIDTH });
    }
    slot = chartBox;
    slotWidth = chartBox.clientWidth;
  }

  return {
    render() {
      // The detail first: the engine draws its chart while the table is built.
      ensureSelection();
      renderDetail();
      renderFilters(els.filters, app);
      renderTable();
      // Drawn again if the table changed the slot's width (a page scroll bar appeared),
      // checked with the layout of the next frame rather than forcing one now.
      requestAnimationFrame(() => {
        if (slot && slot.isConnected && slot.clientWidth !== slotWidth) renderDetail();
      });
    },
    renderDetail,
    /** The filters and the table again (more findings came), the detail as it is. */
    renderList() {
      renderFilters(els.filters, app);
      renderTable();
    },
  };
}

