// A long list to pick from (211 indicators over eight plans): a <select> grouped by
// <optgroup> (one per plan), with a filter box above it that narrows the options as
// one types. Both are native controls with their own labels, so keyboards and screen
// readers use them as they use any select.
import { h, on } from './dom.js';
import { t } from '../i18n.js';
import { planLabel } from './names.js';

/**
 * A picker's groups, one per plan in the order the plans were loaded, each named as
 * people name plans. `plan`, `value` and `label` read an item (a `value` of undefined
 * skips it); the first item of a value counts, within its plan (`perPlan`) or at all.
 * Called on every finding of a national report: no object is made per item.
 */
export function planGroups(app, items, { plan, value, label, perPlan = true }) {
  const groups = new Map();
  const seenIn = new Map();
  const seenAll = new Set();
  for (const item of items) {
    const v = value(item);
    if (v === undefined) continue;
    const p = plan(item);
    let seen = seenAll;
    if (perPlan) {
      seen = seenIn.get(p);
      if (!seen) seenIn.set(p, (seen = new Set()));
    }
    if (seen.has(v)) continue;
    seen.add(v);
    let options = groups.get(p);
    if (!options) groups.set(p, (options = []));
    options.push([v, label(item)]);
  }
  const order = new Map((app.plans || []).map((x, k) => [x.id, k]));
  return [...groups.entries()].sort((a, b) => (order.get(a[0]) ?? 1e9) - (order.get(b[0]) ?? 1e9)).map(([p, options]) => [planLabel(app, p), options]);
}

/** A labelled field holding a picker (the picker's controls carry their own labels). */
export function pickerField(label, o, extra = '') {
  return h('div', { class: `field${extra ? ` ${extra}` : ''}` }, h('span', { class: 'field-label', 'aria-hidden': 'true' }, label), groupedPicker({ ...o, label }));
}

/** What was typed into each picker's filter, kept across redraws. */
const typed = new Map();

/**
 * @param {{id: string, label: string, all?: string, groups: Array<[string, Array<[string, string]>]>,
 *          current: string, onChange: (value: string) => void}} o
 * @returns {HTMLElement} a div with the filter box and the select
 */
export function groupedPicker(o) {
  const select = h('select', { id: o.id, 'aria-label': o.label });
  const filter = h('input', {
    type: 'search',
    id: `${o.id}-filter`,
    class: 'picker-filter',
    placeholder: t('picker.filterPlaceholder'),
    'aria-label': `${o.label}: ${t('picker.filter')}`,
    'aria-controls': o.id,
    autocomplete: 'off',
    props: { value: typed.get(o.id) || '' },
  });
  const fill = () => {
    const q = filter.value.trim().toLowerCase();
    select.replaceChildren();
    if (o.all) select.appendChild(h('option', { value: '' }, o.all));
    let shown = 0;
    for (const [group, options] of o.groups) {
      const kept = options.filter(([value, label]) => !q || `${label} ${value} ${group}`.toLowerCase().includes(q) || value === o.current);
      if (!kept.length) continue;
      shown += kept.length;
      select.appendChild(h('optgroup', { label: group }, kept.map(([value, label]) => h('option', { value, props: { selected: value === o.current } }, label))));
    }
    if (q && !shown) select.appendChild(h('option', { value: '', disabled: true }, t('picker.none')));
    if (!o.current && o.all) select.value = '';
  };
  fill();
  on(filter, 'input', () => {
    typed.set(o.id, filter.value);
    fill();
  });
  on(select, 'change', () => o.onChange(select.value));
  return h('div', { class: 'picker' }, filter, select);
}
