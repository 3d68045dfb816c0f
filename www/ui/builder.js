// The chart builder: type, indicator, areas, year, plan, theme, size and language,
// with a live preview and the same exports as every chart.
import { h, replace, on, select } from './dom.js';
import { t, getLang } from '../i18n.js';
import { chartPanel, SIZES } from './chart.js';

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
  return { spec, years, preset, indicator, parents };
}

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
    const { spec, years, preset, indicator, parents } = builderSpec(app);
    const withCells = new Set(s.cells.map((c) => c.indicator));
    const field = (label, control, extra) => h('label', { class: `field${extra ? ` ${extra}` : ''}` }, h('span', { class: 'field-label' }, label), control);
    const sel = (id, key, options, current) => {
      const el = select({ id }, options, current);
      on(el, 'change', () => app.set({ [key]: el.value }));
      return el;
    };
    const parts = [];
    parts.push(field(t('builder.type'), sel('builder-type', 'chart', CHART_TYPES.map((c) => [c, t(`chartType.${c}`)]), spec.type)));
    if (spec.type !== 'imbalance') {
      parts.push(
        field(
          t('builder.indicator'),
          sel('builder-indicator', 'cind', s.indicators.filter((i) => withCells.has(i.id)).map((i) => [i.id, `${i.name}（${i.unit}）`]), indicator),
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
    replace(els.controls, parts);

    const box = h('div', { class: 'builder-chart', dataset: { size: preset } });
    replace(
      els.preview,
      box,
      h('details', { class: 'spec' }, h('summary', {}, t('builder.spec')), h('pre', {}, JSON.stringify(spec, null, 1))),
    );
    chartPanel(box, app, spec, { context: 'builder' });
  }
  return { render };
}
