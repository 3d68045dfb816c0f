// A long list to pick from (211 indicators over eight plans): a <select> grouped by
// <optgroup> (one per plan), with a filter box above it that narrows the options as
// one types. Both are native controls with their own labels, so keyboards and screen
// readers use them as they use any select.
import { h, on } from './dom.js';
import { t } from '../i18n.js';

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
