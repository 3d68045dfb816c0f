// Search that finds an area or a plan wherever it appears: as a finding's area, inside
// an area sum (南山区 is a part of 深圳市's area_sum findings), or as the plan a finding
// comes from (by document number or title, not only its id).
import { planTitle } from './names.js';

let cache = { report: null, summary: null, plans: null, children: null };

/** The names of each area's children, from the summary's area tree (cached per load). */
function childrenOf(app) {
  if (cache.report !== app.report || cache.summary !== app.summary || cache.plans !== app.plans) {
    const children = new Map();
    for (const a of (app.summary && app.summary.areas) || []) {
      if (!a.parent) continue;
      if (!children.has(a.parent)) children.set(a.parent, []);
      children.get(a.parent).push(a);
    }
    cache = { report: app.report, summary: app.summary, plans: app.plans, children };
  }
  return cache.children;
}

/** Everything a search looks in for a finding, lowercased. */
export function findingHay(app, f) {
  const words = [f.indicator, f.indicator_name, f.area, f.area_name, String(f.year)];
  for (const id of f.plans || []) words.push(id, planTitle(app.names.plan.get(id)));
  if (f.check === 'area_sum') for (const c of childrenOf(app).get(f.area) || []) words.push(c.id, c.name);
  return words.join(' ').toLowerCase();
}

/**
 * The areas matching `q` that appear inside area sums: [{area, parent, plans}] with
 * names, for the note under the search field ("南山区, in 深圳市's district sums").
 */
export function insideSums(app, q) {
  const needle = (q || '').trim().toLowerCase();
  if (!needle) return [];
  const children = childrenOf(app);
  const names = app.names.area;
  const out = new Map();
  for (const f of (app.report && app.report.findings) || []) {
    if (f.check !== 'area_sum') continue;
    for (const c of children.get(f.area) || []) {
      if (!`${c.id} ${c.name}`.toLowerCase().includes(needle)) continue;
      const key = `${c.id}\u0000${f.area}`;
      if (!out.has(key)) out.set(key, { area: c.name, parent: names.get(f.area) || f.area, plans: new Set() });
      for (const p of f.plans || []) out.get(key).plans.add(p);
    }
  }
  return [...out.values()].map((x) => ({ ...x, plans: [...x.plans] }));
}
