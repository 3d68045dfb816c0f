// Tasks: work items with lead and supporting units, deadlines and milestones.
import { h, replace, on, select } from './dom.js';
import { t } from '../i18n.js';
import { planName } from './names.js';

function milestone(m) {
  if (Array.isArray(m)) return { due: m[0], text: m[1], source: m[2] };
  return m || {};
}

export function createTasks(app, els) {
  function render() {
    const st = app.state;
    const s = app.summary || { tasks: [], plans: [] };
    const q = h('input', { type: 'search', id: 'tasks-q', placeholder: t('tasks.searchPlaceholder'), props: { value: st.tq || '' }, autocomplete: 'off' });
    on(q, 'input', () => app.set({ tq: q.value }, { debounce: true }));
    const planSel = select({ id: 'tasks-plan' }, [['', t('filter.all')], ...(s.plans || []).map((p) => [p.id, planName(p)])], st.tplan);
    on(planSel, 'change', () => app.set({ tplan: planSel.value }));
    const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
    replace(els.controls, field(t('filter.search'), q), field(t('filter.plan'), planSel));

    const needle = (st.tq || '').toLowerCase();
    const tasks = (s.tasks || []).filter((task) => {
      if (st.tplan && task.plan !== st.tplan) return false;
      if (!needle) return true;
      const ms = (task.milestones || []).map((m) => milestone(m).text || '');
      return [task.id, task.title, ...(task.lead || []), ...(task.support || []), task.due || '', ...ms].join(' ').toLowerCase().includes(needle);
    });
    if (!tasks.length) {
      replace(els.body, h('p', { class: 'muted' }, (s.tasks || []).length ? t('tasks.noneMatch') : t('tasks.none')));
      return;
    }
    const byPlan = new Map();
    for (const task of tasks) {
      if (!byPlan.has(task.plan)) byPlan.set(task.plan, []);
      byPlan.get(task.plan).push(task);
    }
    const sections = [];
    for (const [planId, list] of byPlan) {
      const p = app.names.plan.get(planId) || { id: planId };
      sections.push(
        h(
          'section',
          { class: 'task-plan' },
          h('h3', {}, p.title || planName(p), p.doc_no ? h('span', { class: 'doc-no' }, ` ${p.doc_no}`) : null, h('span', { class: 'count-note' }, ` (${list.length})`)),
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'tasks' },
              h(
                'thead',
                {},
                h('tr', {}, ['id', 'title', 'lead', 'support', 'due', 'milestones'].map((c) => h('th', { scope: 'col', class: c === 'due' ? 'num' : null }, t(`tasks.${c}`)))),
              ),
              h(
                'tbody',
                {},
                list.map((task) =>
                  h(
                    'tr',
                    {},
                    h('td', { class: 'task-id' }, task.id),
                    h('th', { scope: 'row', class: 'task-title' }, task.title),
                    h('td', { class: 'task-lead' }, (task.lead || []).join('、')),
                    h('td', { class: 'task-support' }, (task.support || []).join('、')),
                    h('td', { class: 'task-due num' }, task.due || '—'),
                    h(
                      'td',
                      { class: 'task-milestones' },
                      (task.milestones || []).length
                        ? h(
                            'ol',
                            { class: 'milestones' },
                            task.milestones.map((m) => {
                              const x = milestone(m);
                              return h('li', { title: x.source || null }, h('span', { class: 'ms-due' }, x.due || ''), ' ', x.text || '');
                            }),
                          )
                        : '',
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    }
    replace(els.body, sections);
  }
  return { render };
}
