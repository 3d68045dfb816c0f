// The pivot: indicator × area × year from Session.summary(), with roll-ups marked,
// shares of the parent area and growth on the previous figure.
import { h, replace, on, select } from './dom.js';
import { fmtValue, fmtPct } from './format.js';
import { t } from '../i18n.js';
import { planLabel, planName } from './names.js';

function areaOrder(areas) {
  const children = new Map();
  const ids = new Set(areas.map((a) => a.id));
  for (const a of areas) {
    const p = a.parent && ids.has(a.parent) ? a.parent : '';
    if (!children.has(p)) children.set(p, []);
    children.get(p).push(a);
  }
  const order = new Map();
  const depth = new Map();
  const walk = (p, d) => {
    for (const a of children.get(p) || []) {
      if (order.has(a.id)) continue;
      order.set(a.id, order.size);
      depth.set(a.id, d);
      walk(a.id, d + 1);
    }
  };
  walk('', 0);
  for (const a of areas) if (!order.has(a.id)) order.set(a.id, order.size); // cycles cannot load, but stay safe
  return { order, depth };
}

function valueCell(c) {
  if (!c) return h('td', { class: 'num empty' }, '');
  const text = fmtValue(c.value, c.approx) + (c.derived ? '*' : '');
  return h('td', { class: `num${c.derived ? ' derived' : ''}`, title: c.source || null }, text);
}

export function createPivot(app, els) {
  function controls() {
    const st = app.state;
    const s = app.summary || { areas: [], plans: [] };
    const q = h('input', { type: 'search', id: 'pivot-q', placeholder: t('pivot.searchPlaceholder'), props: { value: st.pq || '' }, autocomplete: 'off' });
    on(q, 'input', () => app.set({ pq: q.value }, { debounce: true }));
    const sel = (id, key, options) => {
      const el = select({ id }, options, st[key]);
      on(el, 'change', () => app.set({ [key]: el.value }));
      return el;
    };
    const check = (id, key, label) => {
      const box = h('input', { type: 'checkbox', id, props: { checked: st[key] !== '0' } });
      on(box, 'change', () => app.set({ [key]: box.checked ? '' : '0' }));
      return h('label', { class: 'check-field' }, box, label);
    };
    const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
    replace(
      els.controls,
      field(t('filter.search'), q),
      field(t('filter.area'), sel('pivot-area', 'parea', [['', t('filter.all')], ...s.areas.map((a) => [a.id, a.name])])),
      field(t('filter.plan'), sel('pivot-plan', 'pplan', [['', t('filter.all')], ...(s.plans || []).map((p) => [p.id, planName(p)])])),
      field(t('filter.kind'), sel('pivot-kind', 'pkind', [['', t('filter.all')], ['target', t('kind.target')], ['actual', t('kind.actual')]])),
      h('div', { class: 'field checks-inline' }, check('pivot-share', 'pshare', t('pivot.share')), check('pivot-growth', 'pgrowth', t('pivot.growth'))),
    );
  }

  function render() {
    controls();
    const s = app.summary;
    if (!s) {
      replace(els.body);
      return;
    }
    if (!s.cells) {
      replace(els.body);
      app.needCells().then(() => app.summary === s && app.state.tab === 'pivot' && render(), app.showError);
      return;
    }
    const st = app.state;
    const showShare = st.pshare !== '0';
    const showGrowth = st.pgrowth !== '0';
    const { order, depth } = areaOrder(s.areas);
    const planOrder = new Map((s.plans || []).map((p, i) => [p.id, i]));
    const q = (st.pq || '').toLowerCase();
    const byInd = new Map();
    for (const c of s.cells) {
      if (st.parea && c.area !== st.parea) continue;
      if (st.pplan && c.plan !== st.pplan) continue;
      if (st.pkind && c.kind !== st.pkind) continue;
      if (!byInd.has(c.indicator)) byInd.set(c.indicator, []);
      byInd.get(c.indicator).push(c);
    }
    const blocks = [];
    const singles = [];
    for (const ind of s.indicators) {
      const cells = byInd.get(ind.id);
      if (!cells) continue;
      if (q && !`${ind.name} ${ind.id}`.toLowerCase().includes(q)) continue;
      if (cells.length === 1) {
        singles.push([ind, cells[0]]);
        continue;
      }
      const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
      const rows = new Map();
      for (const c of cells) {
        const key = `${c.area}\u0000${c.kind}\u0000${c.plan}`;
        if (!rows.has(key)) rows.set(key, { area: c.area, kind: c.kind, plan: c.plan, byYear: new Map() });
        rows.get(key).byYear.set(c.year, c);
      }
      const combos = new Set([...rows.values()].map((r) => `${r.kind}\u0000${r.plan}`));
      const sorted = [...rows.values()].sort(
        (a, b) =>
          (order.get(a.area) ?? 1e9) - (order.get(b.area) ?? 1e9) ||
          (a.kind === b.kind ? 0 : a.kind === 'target' ? -1 : 1) ||
          (planOrder.get(a.plan) ?? 0) - (planOrder.get(b.plan) ?? 0),
      );
      const hasShare = showShare && cells.some((c) => typeof c.share === 'number');
      const hasGrowth = showGrowth && cells.some((c) => typeof c.growth === 'number');
      const span = 1 + (hasShare ? 1 : 0) + (hasGrowth ? 1 : 0);
      const sub = span > 1;
      const head = h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', rowspan: sub ? '2' : null, class: 'area-col' }, t('col.area')),
          years.map((y) => h('th', { scope: 'colgroup', colspan: String(span), class: 'num year-col' }, String(y))),
        ),
        sub
          ? h(
              'tr',
              { class: 'sub' },
              years.map((y) => [
                h('th', { scope: 'col', class: 'num' }, t('pivot.value')),
                hasShare ? h('th', { scope: 'col', class: 'num', title: t('pivot.shareHint') }, t('pivot.shareShort')) : null,
                hasGrowth ? h('th', { scope: 'col', class: 'num', title: t('pivot.growthHint') }, t('pivot.growthShort')) : null,
              ]),
            )
          : null,
      );
      const body = h(
        'tbody',
        {},
        sorted.map((r) =>
          h(
            'tr',
            {},
            h(
              'th',
              { scope: 'row', class: `area-name depth-${Math.min(depth.get(r.area) || 0, 4)}` },
              app.names.area.get(r.area) || r.area,
              combos.size > 1 ? h('span', { class: 'row-note' }, `${t(`kind.${r.kind}`)} · ${planLabel(app, r.plan)}`) : null,
            ),
            years.map((y) => {
              const c = r.byYear.get(y);
              return [
                valueCell(c),
                hasShare ? h('td', { class: 'num share' }, c ? fmtPct(c.share) : '') : null,
                hasGrowth ? h('td', { class: 'num growth' }, c ? fmtPct(c.growth, true) : '') : null,
              ];
            }),
          ),
        ),
      );
      blocks.push(
        h(
          'section',
          { class: 'pivot-block', dataset: { indicator: ind.id } },
          h('h3', {}, ind.name, ' ', h('span', { class: 'unit' }, ind.unit ? `（${ind.unit}）` : '')),
          h('div', { class: 'table-wrap' }, h('table', { class: 'pivot' }, head, body)),
        ),
      );
    }
    let singleTable = null;
    if (singles.length) {
      singleTable = h(
        'section',
        { class: 'pivot-block singles' },
        h('h3', {}, t('pivot.singles'), ' ', h('span', { class: 'count-note' }, `(${singles.length})`)),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'pivot single' },
            h(
              'thead',
              {},
              h('tr', {}, [t('col.indicator'), t('col.area'), t('col.year'), t('pivot.value'), t('data.kind'), t('col.plans')].map((c, i) => h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, c))),
            ),
            h(
              'tbody',
              {},
              singles.map(([ind, c]) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, ind.name),
                  h('td', {}, app.names.area.get(c.area) || c.area),
                  h('td', { class: 'num' }, String(c.year)),
                  h('td', { class: `num${c.derived ? ' derived' : ''}`, title: c.source || null }, fmtValue(c.value, c.approx) + (c.derived ? '*' : ''), ' ', h('span', { class: 'unit' }, ind.unit)),
                  h('td', {}, t(`kind.${c.kind}`)),
                  h('td', {}, planLabel(app, c.plan)),
                ),
              ),
            ),
          ),
        ),
      );
    }
    const legend = h(
      'p',
      { class: 'legend' },
      h('span', { class: 'derived' }, '123*'), ' ', t('legend.derived'), ' ',
      t('legend.approx'),
      showShare ? [' ', t('pivot.shareHint'), t('punct.stop')] : null,
      showGrowth ? [' ', t('pivot.growthHint'), t('punct.stop')] : null,
    );
    replace(els.body, legend, blocks.length || singleTable ? [blocks, singleTable] : h('p', { class: 'muted' }, t('pivot.none')));
  }
  return { render };
}
