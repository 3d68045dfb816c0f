// The page's state: what is loaded (the engine's Session holds the plans; app keeps
// their headings, the last report and summary, and the names for display) and the view
// (app.state: tab, filters, chart options), which the URL fragment mirrors.

/** The view-state keys kept in the URL fragment. */
const VIEW_KEYS = [
  'tab', 'lang', 'tol',
  'status', 'check', 'ind', 'area', 'year', 'q', 'sel', // checks
  'pq', 'parea', 'pplan', 'pkind', 'pshare', 'pgrowth', // pivot
  'tq', 'tplan', // tasks
  'chart', 'cind', 'careas', 'cyear', 'cplan', 'theme', 'size', 'cw', 'ch', 'clang', // chart builder
  'cspec', 'cfollow', // the editor's part of the chart spec (JSON text; compressed in the link), embed follows the host's theme
];
const TABS = ['checks', 'tables', 'pivot', 'tasks', 'builder', 'extract'];

export { VIEW_KEYS, TABS };

/**
 * The one object the views share. The actions (set, notify, loadText, …) are put in by
 * main.js, so that the views call them without importing the modules that own them.
 */
export const app = {
  engine: null,
  /** The loaded plans' headings (engine.plans(), refreshed with the report). */
  plans: [],
  report: null,
  summary: null,
  names: { area: new Map(), indicator: new Map(), plan: new Map() },
  state: { tab: 'checks' },
  planValues: [],
  views: {},
  /** The tables last read (see ui/tables.js), or null. */
  tables: null,
};

let settledCount = 0;

/** Marks that an action finished (data-settled counts up; the tests wait on it). */
export function settled() {
  settledCount++;
  document.documentElement.dataset.settled = String(settledCount);
}

let shownCount = 0;

/**
 * Marks that a report is on screen (the counts and the first rows of the checks table),
 * before the rest of an action finishes: data-shown counts up once the frame that shows
 * them is painted (a task queued from its animation callback runs after it).
 * bench/browser.mjs times it.
 */
export function shown() {
  const n = ++shownCount;
  requestAnimationFrame(() =>
    setTimeout(() => {
      document.documentElement.dataset.shown = String(n);
    }, 0),
  );
}
