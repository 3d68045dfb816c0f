// Rendering: the heading, the plan list, the tabs and the active view; `set` changes
// the view state and redraws what it touches.
import { t, setLang, getLang, detectLang, applyStatic } from '../i18n.js';
import { h, $, on, replace, debounce } from '../ui/dom.js';
import { renderSummary } from '../ui/checks.js';
import { app, TABS } from './state.js';
import { relabelMessages } from './messages.js';
import { writeFragment } from './fragment.js';
import { planName, planTitle } from '../ui/names.js';
import { accountBlock, accountTotals } from '../ui/coverage.js';

let plansOpen = false;

export function set(patch, { render = true, debounce: slow = false } = {}) {
  const langChanged = 'lang' in patch && patch.lang !== app.state.lang;
  Object.assign(app.state, patch);
  if (langChanged) {
    setLang(app.state.lang || detectLang());
    renderAll();
    relabelMessages();
  } else if (render) {
    if (slow) renderSoon();
    else renderActive(Object.keys(patch));
  }
  writeFragment();
}

const renderSoon = debounce(() => renderActive([]), 150);

function renderHeading() {
  const plans = app.plans || [];
  const box = $('plan-heading');
  if (!plans.length) {
    replace(box, h('h1', { id: 'plan-title', class: 'plan-title' }, t('heading.none')), h('p', { class: 'plan-meta' }, t('heading.noneHint')));
    document.title = 'planlens';
    return;
  }
  if (plans.length === 1) {
    const p = plans[0];
    replace(
      box,
      h('p', { class: 'kicker' }, [p.issuer, p.issued].filter(Boolean).join(' · ') || null),
      h('h1', { id: 'plan-title', class: 'plan-title' }, p.title || planName(p)),
      p.doc_no ? h('p', { class: 'doc-no' }, p.doc_no) : null,
    );
    document.title = `${planName(p)} — planlens`;
    return;
  }
  const named = plans.map(planName);
  replace(
    box,
    h('p', { class: 'kicker' }, t('heading.kickerSeveral')),
    h('h1', { id: 'plan-title', class: 'plan-title' }, t('heading.several', { n: plans.length })),
    h('p', { class: 'doc-no' }, named.length > 4 ? `${named.slice(0, 3).join(' · ')} ${t('heading.more', { n: named.length - 3 })}` : named.join(' · ')),
  );
  document.title = `${t('heading.several', { n: plans.length })} — planlens`;
}

/** The plan list (alone when the account of the plans comes after the checks). */
export function renderPlans() {
  const plans = app.plans || [];
  const box = $('plans');
  if (!plans.length) {
    replace(box, h('button', { type: 'button', id: 'load-example', class: 'primary', onclick: () => app.loadExample() }, t('load.example')), h('span', { class: 'drop-hint' }, t('load.dropHint')));
    return;
  }
  const several = plans.length > 1;
  // Each plan by its name (document number or title, never its file id), what was
  // checked of it and, folded, what was not and why.
  const list = h(
    'ul',
    { class: `plan-list${several ? ' several' : ''}${app.coverage ? ' accounted' : ''}`, id: 'plan-list' },
    plans.map((p) =>
      h(
        'li',
        { dataset: { plan: p.id, file: p.file } },
        h(
          'div',
          { class: 'plan-row', title: `${planTitle(p)} (${p.file})` },
          h('span', { class: 'plan-doc' }, p.doc_no || p.title || planName(p)),
          p.doc_no && p.title ? h('span', { class: 'plan-name' }, p.title) : null,
          // The file stays in view, small: it is what the user opened and can remove.
          h('span', { class: 'plan-file' }, p.file),
          h(
            'button',
            { type: 'button', class: 'quiet small remove', 'aria-label': t('plans.removeLabel', { name: planName(p) }), onclick: () => app.removePlan(p.file) },
            t('plans.remove'),
          ),
        ),
        accountBlock(app, p.file),
      ),
    ),
  );
  const hint = h('span', { class: 'drop-hint' }, t('load.dropHint'));
  if (!several) {
    replace(box, h('h2', { class: 'plans-heading' }, t('plans.heading')), list, hint);
    return;
  }
  // Several plans: a foldable list (folded when long) so the checks stay near the top.
  const details = h(
    'details',
    { class: 'plans-details', open: plans.length <= 3 || plansOpen },
    h('summary', { class: 'plans-heading' }, t('plans.headingN', { n: plans.length }), app.coverage ? h('span', { class: 'plans-totals' }, ` · ${accountTotals(app)}`) : null),
    list,
    h(
      'p',
      { class: 'plans-foot' },
      h('button', { type: 'button', class: 'link-button', id: 'clear-all', onclick: () => app.clearAll() }, t('load.clear')),
      ' ',
      hint,
    ),
  );
  on(details, 'toggle', () => {
    plansOpen = details.open;
  });
  replace(box, details);
}

function renderTabs() {
  for (const name of TABS) {
    const tab = $(`tab-${name}`);
    const active = app.state.tab === name;
    tab.setAttribute('aria-selected', active ? 'true' : 'false');
    tab.tabIndex = active ? 0 : -1;
    $(`panel-${name}`).hidden = !active;
  }
}

/** Re-renders the active tab, keeping the focus (and the caret) in the control that had it. */
function withFocusKept(fn) {
  const el = document.activeElement;
  const id = el && el.id;
  const caret = el && typeof el.selectionStart === 'number' ? [el.selectionStart, el.selectionEnd] : null;
  fn();
  if (id && document.activeElement !== el) {
    const again = document.getElementById(id);
    if (again) {
      again.focus();
      if (caret && typeof again.setSelectionRange === 'function') {
        try {
          again.setSelectionRange(caret[0], caret[1]);
        } catch {
          // not a text field
        }
      }
    }
  }
}

export function renderActive(keys = []) {
  withFocusKept(() => {
    renderTabs();
    if (keys.includes('status') || keys.length === 0) renderSummary($('summary'), app);
    const view = app.views[app.state.tab];
    if (view) view.render();
  });
}

/** The checks' filters and table again, when the rest of a report's findings came. */
export function renderFindings() {
  const view = app.views[app.state.tab];
  if (view && view.renderList) withFocusKept(() => view.renderList());
}

export function renderAll() {
  applyStatic();
  $('lang-switch-text').textContent = t('lang.other');
  $('lang-switch').setAttribute('lang', getLang() === 'zh' ? 'en' : 'zh-CN');
  // The active view first: the checks ask for their chart before the rest is built.
  renderActive([]);
  renderHeading();
  renderPlans();
}
