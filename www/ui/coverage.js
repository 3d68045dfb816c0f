// Every plan accounted for: per loaded plan, the figures read, those that took part in
// a check, and the others grouped by why they took part in none (Session.coverage(),
// docs/REPORT.md "Coverage"). Shown in the plan list.
import { h } from './dom.js';
import { fmtValue } from './format.js';
import { t } from '../i18n.js';

/** The reasons in the engine's order. */
export const REASONS = ['hidden_year', 'unit', 'not_additive', 'no_counterpart'];

/** The account of a plan (by file name) in app.coverage, or null. */
export function accountOf(app, file) {
  return ((app.coverage && app.coverage.plans) || []).find((p) => p.file === file) || null;
}

/** "33 targets · 0 checked · 33 left out" (actuals only when there are some). */
export function accountLine(acc) {
  const read = acc.targets + acc.actuals;
  const checked = acc.targets_checked + acc.actuals_checked;
  const parts = [t('account.targets', { n: acc.targets })];
  if (acc.actuals) parts.push(t('account.actuals', { n: acc.actuals }));
  parts.push(t('account.checked', { n: checked }));
  parts.push(t('account.leftOut', { n: read - checked }));
  return parts.join(t('account.sep'));
}

/** The totals over every plan, for the folded plan list's summary. */
export function accountTotals(app) {
  const plans = (app.coverage && app.coverage.plans) || [];
  let read = 0;
  let checked = 0;
  for (const p of plans) {
    read += p.targets + p.actuals;
    checked += p.targets_checked + p.actuals_checked;
  }
  return plans.length ? t('account.totals', { read, checked, left: read - checked }) : '';
}

function figureItem(fig) {
  const year = fig.year_text || (fig.year === null || fig.year === undefined ? '—' : String(fig.year));
  const value = `${fmtValue(fig.value)}${fig.unit ? ` ${fig.unit}` : ''}`;
  return h(
    'li',
    { class: 'account-figure', dataset: { pointer: fig.pointer } },
    h('span', { class: 'account-what' }, h('strong', {}, fig.indicator_name || fig.indicator), t('account.sep'), fig.area_name || fig.area, t('account.sep'), year, t('account.sep'), value),
    fig.kind === 'actual' ? h('span', { class: 'account-kind' }, ` (${t('kind.actual')})`) : null,
    fig.source ? h('q', { class: 'account-source' }, fig.source) : null,
  );
}

/**
 * The account of one plan: the line of counts and, when figures were left out, a
 * <details> with them grouped by reason.
 */
export function accountBlock(app, file) {
  const acc = accountOf(app, file);
  if (!acc) return null;
  const line = h('p', { class: 'account-line' }, accountLine(acc));
  if (!acc.left_out) return h('div', { class: 'account', dataset: { file } }, line);
  const groups = REASONS.map((r) => (acc.reasons || []).find((g) => g.reason === r)).filter(Boolean);
  return h(
    'div',
    { class: 'account', dataset: { file } },
    line,
    h(
      'details',
      { class: 'account-details' },
      h('summary', {}, t('account.why', { n: acc.left_out })),
      groups.map((g) =>
        h(
          'section',
          { class: 'account-group', dataset: { reason: g.reason } },
          h('h4', {}, `${t(`reason.${g.reason}`)}${t('account.colon')}${g.count}`),
          h('p', { class: 'account-explain' }, t(`reason.${g.reason}.explain`)),
          h('ul', { class: 'account-figures' }, g.figures.map(figureItem)),
        ),
      ),
    ),
  );
}
