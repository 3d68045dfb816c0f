// planlens page: wires the controls to the actions and boots the engine.
//
// app/state.js holds what the views share; app/plans.js loads plans and refreshes;
// app/render.js draws the heading, plan list and tabs; app/fragment.js keeps the URL
// fragment; app/messages.js tells the user. The views live in ui/, one file each.
import { Engine, mark } from './engine.js';
import { t, setLang, getLang, detectLang, applyStatic } from './i18n.js';
import { $, on, setErrorSink, download, debounce } from './ui/dom.js';
import { setupDrop } from './ui/loader.js';
import { parseFragment } from './ui/share.js';
import { createChecks } from './ui/checks.js';
import { createPivot } from './ui/pivot.js';
import { createTasks } from './ui/tasks.js';
import { createBuilder } from './ui/builder.js';
import { captureStandin } from './ui/chart.js';
import { createExtract } from './ui/extract.js';
import { createTables } from './ui/tables.js';
import { app, TABS } from './app/state.js';
import { notify, showError, showCopyDialog, clearMessages, progress } from './app/messages.js';
import { writtenHash } from './app/fragment.js';
import { set, renderActive, renderAll } from './app/render.js';
import { needCells, applyFragment, refresh, loadFiles, loadPasted, onPaste, importTables, openTables, loadText, removePlan, loadExample, clearAll, shareLink } from './app/plans.js';

Object.assign(app, { needCells, showError, set, notify, showCopyDialog, render: () => renderAll(), loadText, importTables, openTables, download, loadExample, removePlan, clearAll });

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
  on($('paste-text'), 'paste', onPaste);
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
  app.views.tables = createTables(app, { body: $('tables-body') });

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
  captureStandin();
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
  // While the user looks at the page: data-warmed says how many rounds ran.
  app.engine.warm().then(
    (n) => {
      document.documentElement.dataset.warmed = String(n);
    },
    () => {},
  );
}

// A handle for the browser console (and the end-to-end tests): planlens.app.report etc.
window.planlens = { app };

boot().catch(showError);
