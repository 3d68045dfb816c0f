// planlens page: loads plans into the engine, runs the checks and shows them.
//
// State lives in `app.state` (the view: tab, filters, chart options) and in the engine's
// Session (the plans). The URL fragment mirrors both, so a copied link reproduces the
// view: #plan=<deflate-raw+base64url>&…&tab=checks&status=fail&chart=trend&cind=bio_output
import { Engine, mark } from './engine.js';
import { t, setLang, getLang, detectLang, applyStatic } from './i18n.js';
import { h, $, on, replace, setErrorSink, nextPaint, download, debounce } from './ui/dom.js';
import { readFile, setupDrop } from './ui/loader.js';
import { encodePlan, decodePlan, parseFragment, buildFragment, canCompress } from './ui/share.js';
import { renderSummary, createChecks } from './ui/checks.js';
import { createPivot } from './ui/pivot.js';
import { createTasks } from './ui/tasks.js';
import { createBuilder } from './ui/builder.js';
import { createExtract } from './ui/extract.js';
import { copyText } from './ui/chart.js';
import { fmtBytes } from './ui/format.js';

/** The view-state keys kept in the URL fragment. */
const VIEW_KEYS = [
  'tab', 'lang', 'tol',
  'status', 'check', 'ind', 'area', 'year', 'q', 'sel', // checks
  'pq', 'parea', 'pplan', 'pkind', 'pshare', 'pgrowth', // pivot
  'tq', 'tplan', // tasks
  'chart', 'cind', 'careas', 'cyear', 'cplan', 'theme', 'size', 'cw', 'ch', 'clang', // chart builder
];
const TABS = ['checks', 'pivot', 'tasks', 'builder', 'extract'];
const LINK_WARN = 32 * 1024;
const LINK_MAX = 1536 * 1024;
// Plan JSON deflates 4–6:1 (real plans) to 12:1 (generated national ones), never 16:1:
// texts longer than this in all cannot fit a link.
const LINK_TEXT_MAX = LINK_MAX * 16;

const app = {
  engine: null,
  /** The loaded plans' headings (engine.plans(), refreshed with the report). */
  plans: [],
  report: null,
  summary: null,
  names: { area: new Map(), indicator: new Map(), plan: new Map() },
  state: { tab: 'checks' },
  planValues: [],
  views: {},
  needCells,
  showError,
  set,
  notify,
  showCopyDialog,
  render: () => renderAll(),
};
const encodedCache = new Map();
let writtenHash = null;
let settledCount = 0;
let plansOpen = false;

/** Marks that an action finished (data-settled counts up; the tests wait on it). */
function settled() {
  settledCount++;
  document.documentElement.dataset.settled = String(settledCount);
}

// ---------------------------------------------------------------- messages

/**
 * Shows a message. `text` and `detail` are strings or functions returning one: functions
 * are called again when the language changes, so a message follows the switch.
 */
function notify(kind, text, detail) {
  const box = $('messages');
  const label = (x) => (typeof x === 'function' ? x() : x);
  const textEl = h('span', { class: 'message-text' }, label(text));
  const detailEl = detail ? h('span', { class: 'message-detail' }, label(detail)) : null;
  const close = h('button', { type: 'button', class: 'quiet small message-close', 'aria-label': t('message.dismiss'), title: t('message.dismiss'), onclick: () => msg.remove() }, '×');
  const msg = h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', {}, textEl, detailEl ? [' ', detailEl] : null), close);
  relabels.set(msg, () => {
    textEl.textContent = label(text);
    if (detailEl) detailEl.textContent = label(detail);
    close.setAttribute('aria-label', t('message.dismiss'));
    close.title = t('message.dismiss');
  });
  box.appendChild(msg);
  if (kind === 'ok') setTimeout(() => msg.remove(), 6000);
  return msg;
}

/** How each message on screen redraws its text in the current language. */
const relabels = new WeakMap();

function relabelMessages() {
  for (const msg of $('messages').children) relabels.get(msg)?.();
}

function clearMessages() {
  replace($('messages'));
}

function showError(err) {
  console.error(err);
  const message = err && err.message ? err.message : String(err);
  notify('error', () => t('error.unexpected'), message);
}

/**
 * The pivot's cells of the current summary, asked for once (the summary comes without
 * them: a national plan's are tens of megabytes, and only the figures table, the chart
 * builder and embed codes need them). Resolves when `app.summary.cells` is there.
 */
function needCells() {
  const s = app.summary;
  if (!s || s.cells) return Promise.resolve();
  if (!s.cellsAsked) {
    progress(t('progress.cells'));
    s.cellsAsked = app.engine.cells().then(
      (cells) => {
        s.cells = cells;
        if (app.summary === s) progress(null);
      },
      (e) => {
        s.cellsAsked = null;
        if (app.summary === s) progress(null);
        throw e;
      },
    );
  }
  return s.cellsAsked;
}

function progress(text, read, total) {
  const box = $('progress');
  if (text === null) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  $('progress-text').textContent = text;
  const bar = $('progress-bar');
  if (typeof read === 'number' && total > 0) {
    bar.max = total;
    bar.value = read;
  } else {
    bar.removeAttribute('value');
  }
}

function showCopyDialog(text, what) {
  const dlg = $('copy-dialog');
  $('copy-title').textContent = t('copy.dialogTitle', { what });
  const area = $('copy-text');
  area.value = text;
  if (!dlg.open) dlg.showModal();
  area.focus();
  area.select();
}

// ---------------------------------------------------------------- state and fragment

function set(patch, { render = true, debounce: slow = false } = {}) {
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

function viewParams() {
  const out = {};
  for (const k of VIEW_KEYS) {
    const v = app.state[k];
    if (v === undefined || v === null || v === '') continue;
    if (k === 'tab' && v === 'checks') continue;
    if (k === 'lang' && v === detectLang()) continue;
    out[k] = v;
  }
  return out;
}

function isOnlyDefault(sources) {
  const defaultPlan = app.engine.defaultPlan;
  return sources.length === 1 && defaultPlan && sources[0][0] === defaultPlan.name && sources[0][1] === defaultPlan.text;
}

/**
 * Compresses the loaded plans for the fragment (cached by text). Plans too long to ever
 * fit a link are neither copied out of the worker nor compressed (a 40 MB plan cost
 * seconds on every refresh): app.planValues is then null and app.planTooBig true.
 */
async function updatePlanValues() {
  const sources = await app.engine.sources(LINK_TEXT_MAX);
  app.planTooBig = sources === null;
  if (app.planTooBig) {
    app.planValues = null;
    return;
  }
  if (isOnlyDefault(sources)) {
    app.planValues = [];
    return;
  }
  if (!canCompress()) {
    app.planValues = null;
    return;
  }
  const values = [];
  const defaultPlan = app.engine.defaultPlan;
  for (const [name, text] of sources) {
    if (defaultPlan && name === defaultPlan.name && text === defaultPlan.text) {
      values.push('default');
      continue;
    }
    if (!encodedCache.has(text)) encodedCache.set(text, await encodePlan(text));
    values.push(encodedCache.get(text));
  }
  app.planValues = values;
}

function fragment() {
  return buildFragment(app.planValues || [], viewParams());
}

function writeFragment() {
  let frag = fragment();
  if (frag.length > LINK_MAX) frag = buildFragment([], viewParams());
  const base = location.href.split('#')[0];
  if (frag === (location.hash || '')) return;
  writtenHash = frag;
  try {
    history.replaceState(null, '', frag || base);
  } catch {
    // Some browsers refuse replaceState on file: URLs; the share button still works.
  }
}

function planNameFor(text, index, taken) {
  let name = `shared-${index + 1}.json`;
  try {
    const id = JSON.parse(text)?.plan?.id;
    if (typeof id === 'string' && id.trim()) name = `${id.trim().replace(/[\\/:*?"<>|\s]+/g, '_')}.json`;
  } catch {
    // The engine reports the syntax error with its place.
  }
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = name.replace(/\.json$/, `-${n}.json`);
  taken.add(unique);
  return unique;
}

/** Opens the plans and view named by a fragment (no plan: the default plan). */
async function applyFragment(hash) {
  const { plans, view } = parseFragment(hash || '');
  const state = { tab: 'checks' };
  for (const k of VIEW_KEYS) if (view[k] !== undefined) state[k] = view[k];
  if (!TABS.includes(state.tab)) state.tab = 'checks';
  app.state = state;
  setLang(state.lang === 'zh' || state.lang === 'en' ? state.lang : detectLang());
  applyStatic();
  $('tolerance').value = state.tol || '';
  // Posted at once: the worker answers in order, even before its module is ready.
  const cleared = app.engine.clear();
  clearMessages();
  if (!plans.length) {
    await Promise.all([cleared, app.engine.addDefault()]);
    mark('added');
  } else {
    await cleared;
    await app.engine.ready;
    progress(t('progress.link'));
    const taken = new Set();
    const defaultPlan = app.engine.defaultPlan;
    let loaded = 0;
    for (let i = 0; i < plans.length; i++) {
      let name = `shared-${i + 1}.json`;
      try {
        let text;
        if (plans[i] === 'default') {
          text = defaultPlan.text;
          name = defaultPlan.name;
          taken.add(name);
        } else {
          text = await decodePlan(plans[i]);
          name = planNameFor(text, i, taken);
        }
        await app.engine.add(name, text);
        loaded++;
      } catch (e) {
        notify('error', () => t('error.link', { n: i + 1 }), e && e.message ? e.message : String(e));
      }
    }
    if (!loaded) notify('error', () => t('error.linkNone'));
  }
  await refresh();
}

// ---------------------------------------------------------------- engine calls

function rebuildNames() {
  const s = app.summary || { areas: [], indicators: [], plans: [] };
  app.names.area = new Map(s.areas.map((a) => [a.id, a.name]));
  app.names.indicator = new Map(s.indicators.map((i) => [i.id, i]));
  app.names.plan = new Map(app.plans.map((p) => [p.id, p]));
}

/** Runs the checks and the summary again, then redraws everything. */
async function refresh() {
  // No wait for a paint: the engine works in its worker, the page paints meanwhile.
  progress(t('progress.running'));
  try {
    // All three asked at once (answered in order); the summary and the plan list do not
    // depend on the tolerance.
    const checked = app.engine.check(app.state.tol);
    const rest = Promise.all([app.engine.summary(), app.engine.plans()]);
    rest.catch(() => {}); // awaited below unless the checks fail
    try {
      app.report = await checked;
    } catch (e) {
      if (!app.state.tol) throw e;
      notify('error', () => t('error.tolerance'), e.message);
      app.state.tol = '';
      $('tolerance').value = '';
      app.report = await app.engine.check('');
    }
    mark('checked');
    [app.summary, app.plans] = await rest;
    rebuildNames();
  } finally {
    progress(null);
  }
  renderAll();
  mark('rendered');
  await updatePlanValues();
  writeFragment();
  settled();
}

/**
 * The largest plan file the page takes. The engine holds about 7.5 bytes of model per
 * byte of JSON (BENCHMARKS.md) and a WebAssembly module at most 4 GB: beyond this the
 * tab would run out of memory, so the file is refused with a message instead.
 */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

async function loadFiles(files) {
  clearMessages();
  let changed = 0;
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      notify('error', () => t('error.load', { name: file.name }), () => t('error.tooBig', { size: fmtBytes(file.size), max: fmtBytes(MAX_FILE_BYTES) }));
      continue;
    }
    try {
      const bytes = await readFile(file, (read, total) =>
        progress(t('progress.reading', { name: file.name, read: fmtBytes(read), total: fmtBytes(total) }), read, total),
      );
      progress(t('progress.checking', { name: file.name }));
      await nextPaint();
      const { gbk } = await app.engine.addBytes(file.name, bytes);
      changed++;
      if (gbk) notify('info', () => t('notice.gbk', { name: file.name }));
    } catch (e) {
      notify('error', () => t('error.load', { name: file.name }), e && e.message ? e.message : String(e));
    } finally {
      progress(null);
    }
  }
  if (changed) {
    if (app.state.sel) app.state.sel = '';
    await refresh();
  }
  settled();
}

async function loadPasted() {
  const name = ($('paste-name').value || 'pasted.json').trim() || 'pasted.json';
  const text = $('paste-text').value;
  const errBox = $('paste-error');
  errBox.hidden = true;
  progress(t('progress.checking', { name }));
  await nextPaint();
  try {
    await app.engine.add(name, text);
  } catch (e) {
    errBox.textContent = `${t('error.load', { name })} ${e && e.message ? e.message : String(e)}`;
    errBox.hidden = false;
    settled();
    return;
  } finally {
    progress(null);
  }
  $('paste-dialog').close();
  $('paste-text').value = '';
  clearMessages();
  notify('ok', () => t('notice.loaded', { name }));
  await refresh();
}

/** Loads (or replaces) a plan built on the page, then shows its checks. */
async function loadText(name, text) {
  clearMessages();
  // The plan list knows the file names; asking the worker for every source text would
  // copy all loaded plans across just to compare names.
  const had = (app.plans || []).some((p) => p.file === name);
  try {
    if (had) await app.engine.remove(name);
    await app.engine.add(name, text);
  } catch (e) {
    notify('error', () => t('error.load', { name }), e && e.message ? e.message : String(e));
    settled();
    return;
  }
  notify('ok', () => t('notice.loaded', { name }));
  app.state.tab = 'checks';
  await refresh();
}

async function removePlan(file) {
  clearMessages();
  try {
    await app.engine.remove(file);
  } catch (e) {
    notify('error', () => t('error.remove', { name: file }), e.message);
    settled();
    return;
  }
  await refresh();
}

async function loadExample() {
  clearMessages();
  await app.engine.addDefault();
  await refresh();
}

async function clearAll() {
  clearMessages();
  await app.engine.clear();
  await refresh();
}

async function shareLink() {
  if (!canCompress()) {
    notify('error', () => t('share.unavailable'));
    return;
  }
  await updatePlanValues();
  if (app.planTooBig) {
    notify('error', () => t('share.tooLong', { size: `> ${fmtBytes(LINK_MAX)}` }));
    return;
  }
  const url = location.href.split('#')[0] + fragment();
  const size = fmtBytes(url.length);
  if (url.length > LINK_MAX) {
    notify('error', () => t('share.tooLong', { size }));
    return;
  }
  if (url.length > LINK_WARN) notify('info', () => t('share.long', { size }));
  await copyText(app, url, t('copy.link'));
}

// ---------------------------------------------------------------- rendering

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
      h('p', { class: 'kicker' }, [p.issuer, p.issued].filter(Boolean).join(' · ') || p.id),
      h('h1', { id: 'plan-title', class: 'plan-title' }, p.title || p.id),
      p.doc_no ? h('p', { class: 'doc-no' }, p.doc_no) : null,
    );
    document.title = `${p.doc_no || p.title || p.id} — planlens`;
    return;
  }
  const named = plans.map((p) => p.doc_no || p.id);
  replace(
    box,
    h('p', { class: 'kicker' }, t('heading.kickerSeveral')),
    h('h1', { id: 'plan-title', class: 'plan-title' }, t('heading.several', { n: plans.length })),
    h('p', { class: 'doc-no' }, named.length > 4 ? `${named.slice(0, 3).join(' · ')} ${t('heading.more', { n: named.length - 3 })}` : named.join(' · ')),
  );
  document.title = `${t('heading.several', { n: plans.length })} — planlens`;
}

function renderPlans() {
  const plans = app.plans || [];
  const box = $('plans');
  if (!plans.length) {
    replace(box, h('button', { type: 'button', id: 'load-example', class: 'primary', onclick: loadExample }, t('load.example')), h('span', { class: 'drop-hint' }, t('load.dropHint')));
    return;
  }
  const several = plans.length > 1;
  const list = h(
    'ul',
    { class: `plan-list${several ? ' several' : ''}`, id: 'plan-list' },
    plans.map((p) =>
      h(
        'li',
        { dataset: { plan: p.id }, title: [p.doc_no, p.title].filter(Boolean).join(' ') || p.id },
        h('span', { class: 'plan-file' }, p.file),
        several && p.doc_no ? h('span', { class: 'plan-doc' }, p.doc_no) : null,
        several ? h('span', { class: 'plan-name' }, p.title || p.id) : null,
        h(
          'button',
          { type: 'button', class: 'quiet small remove', 'aria-label': t('plans.removeLabel', { name: p.file }), onclick: () => removePlan(p.file) },
          t('plans.remove'),
        ),
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
    h('summary', { class: 'plans-heading' }, t('plans.headingN', { n: plans.length })),
    list,
    h(
      'p',
      { class: 'plans-foot' },
      h('button', { type: 'button', class: 'link-button', id: 'clear-all', onclick: clearAll }, t('load.clear')),
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

function renderActive(keys = []) {
  withFocusKept(() => {
    renderTabs();
    if (keys.includes('status') || keys.length === 0) renderSummary($('summary'), app);
    const view = app.views[app.state.tab];
    if (view) view.render();
  });
}

function renderAll() {
  applyStatic();
  $('lang-switch-text').textContent = t('lang.other');
  $('lang-switch').setAttribute('lang', getLang() === 'zh' ? 'en' : 'zh-CN');
  // The active view first: the checks ask for their chart before the rest is built.
  renderActive([]);
  renderHeading();
  renderPlans();
}

// ---------------------------------------------------------------- wiring

function wire() {
  const input = $('file-input');
  on($('open-files'), 'click', () => input.click());
  on(input, 'change', async () => {
    const files = Array.from(input.files || []);
    input.value = '';
    if (files.length) await loadFiles(files);
  });
  setupDrop($('drop-overlay'), loadFiles);

  const paste = $('paste-dialog');
  on($('paste-open'), 'click', () => {
    $('paste-error').hidden = true;
    paste.showModal();
    $('paste-text').focus();
  });
  on($('paste-cancel'), 'click', () => paste.close());
  on($('paste-load'), 'click', loadPasted);
  on($('copy-close'), 'click', () => $('copy-dialog').close());

  on($('share-link'), 'click', shareLink);
  on($('lang-switch'), 'click', () => set({ lang: getLang() === 'zh' ? 'en' : 'zh' }));

  on($('export-csv'), 'click', async () => {
    // A byte-order mark so that Excel opens the Chinese text as UTF-8.
    download('planlens-report.csv', new Blob(['\uFEFF', await app.engine.csv(app.state.tol)], { type: 'text/csv;charset=utf-8' }));
  });
  on($('export-md'), 'click', async () => {
    download('planlens-report.md', new Blob([await app.engine.markdown(app.state.tol)], { type: 'text/markdown;charset=utf-8' }));
  });
  on($('tolerance'), 'change', async () => {
    app.state.tol = $('tolerance').value.trim();
    clearMessages();
    await refresh();
  });

  const tablist = $('tabs');
  on(tablist, 'click', (e) => {
    const tab = e.target.closest('[role=tab]');
    if (tab) set({ tab: tab.id.replace(/^tab-/, '') });
  });
  on(tablist, 'keydown', (e) => {
    const i = TABS.indexOf(app.state.tab);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') next = (i + TABS.length - 1) % TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    set({ tab: TABS[next] });
    $(`tab-${TABS[next]}`).focus();
  });

  app.views.checks = createChecks(app, { filters: $('checks-filters'), table: $('checks-table'), detail: $('detail') });
  app.views.pivot = createPivot(app, { controls: $('pivot-controls'), body: $('pivot-body') });
  app.views.tasks = createTasks(app, { controls: $('tasks-controls'), body: $('tasks-body') });
  app.views.builder = createBuilder(app, { controls: $('builder-controls'), preview: $('builder-preview') });
  app.views.extract = createExtract(app, { body: $('extract-body') });
  app.loadText = loadText;
  app.download = download;

  // Charts follow the width of their column and the colour scheme.
  let lastWidth = window.innerWidth;
  on(
    window,
    'resize',
    debounce(() => {
      if (Math.abs(window.innerWidth - lastWidth) < 40) return;
      lastWidth = window.innerWidth;
      if (app.state.tab === 'checks' && app.report) app.views.checks.renderDetail();
    }, 200),
  );
  const scheme = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  if (scheme && scheme.addEventListener) scheme.addEventListener('change', () => app.report && renderActive([]));

  on(window, 'hashchange', async () => {
    if (location.hash === writtenHash) return;
    await applyFragment(location.hash);
  });
}

async function boot() {
  mark('module');
  setErrorSink(showError);
  window.addEventListener('error', (e) => showError(e.error || e.message));
  window.addEventListener('unhandledrejection', (e) => showError(e.reason));
  const initial = parseFragment(location.hash || '').view;
  setLang(initial.lang === 'zh' || initial.lang === 'en' ? initial.lang : detectLang());
  applyStatic();
  $('lang-switch-text').textContent = t('lang.other');
  progress(t('progress.starting'));
  const failed = (e) => {
    progress(null);
    notify('error', () => t('error.engine'), e && e.message ? e.message : String(e));
  };
  try {
    // Its worker started at the top of the page; it takes calls at once.
    app.engine = Engine.begin();
  } catch (e) {
    failed(e);
    return;
  }
  wire();
  // The plans are asked for before the engine is ready; the worker answers them after.
  const opened = applyFragment(location.hash);
  try {
    await app.engine.ready;
  } catch (e) {
    opened.catch(() => {});
    failed(e);
    return;
  }
  await opened;
  document.documentElement.dataset.ready = 'true';
  mark('ready');
}

// A handle for the browser console (and the end-to-end tests): planlens.app.report etc.
window.planlens = { app };

boot().catch(showError);
