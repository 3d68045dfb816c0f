// Loading: plans from files, the paste field, a link or the page itself go into the
// engine; `refresh` runs the checks and the summary again and redraws.
import { mark } from '../engine.js';
import { t, setLang, detectLang, applyStatic } from '../i18n.js';
import { $, nextPaint } from '../ui/dom.js';
import { readFile, decodeText } from '../ui/loader.js';
import { decodePlanBytes, parseFragment, canCompress } from '../ui/share.js';
import { planName } from '../ui/names.js';
import { copyText } from '../ui/chart.js';
import { fmtBytes } from '../ui/format.js';
import { app, settled, shown, VIEW_KEYS, TABS } from './state.js';
import { notify, clearMessages, progress, wordError } from './messages.js';
import { updatePlanValues, fragment, writeFragment, planNameFor, readSpecValue, LINK_WARN, LINK_MAX } from './fragment.js';
import { renderAll, renderPlans, renderFindings } from './render.js';
import { FILTER_KEYS, PAGE_ROWS, findingsCounted } from '../ui/checks.js';
import { sniff, binaryKind } from '../tables/detect.js';
import { readXlsx } from '../tables/xlsx.js';
import { gridsFromHtml } from '../tables/html.js';

/**
 * The pivot's cells of the current summary, asked for once (the summary comes without
 * them: a national plan's are tens of megabytes, and only the figures table, the chart
 * builder and embed codes need them). Resolves when `app.summary.cells` is there.
 */
export function needCells() {
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

/** Opens the plans and view named by a fragment (no plan: the default plan). */
export async function applyFragment(hash) {
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
  // The editor's chart spec comes compressed; a bad one is refused with a message.
  if (view.cspec) state.cspec = await readSpecValue(view.cspec);
  if (!plans.length) {
    await Promise.all([cleared, app.engine.addDefault()]);
    mark('added');
  } else {
    await cleared;
    await app.engine.ready;
    progress(t('progress.link'));
    const taken = new Set();
    let refused = 0;
    const defaultPlan = app.engine.defaultPlan;
    let loaded = 0;
    for (let i = 0; i < plans.length; i++) {
      let name = `shared-${i + 1}.json`;
      try {
        if (plans[i] === 'default') {
          name = defaultPlan.name;
          taken.add(name);
          await app.engine.add(name, defaultPlan.text);
        } else {
          // Unpacked no further than the page's file limit, then told apart like a file.
          const bytes = await decodePlanBytes(plans[i], MAX_FILE_BYTES);
          if (sniff(name, bytes) === 'binary') throw Object.assign(new Error('not a plan'), { code: 'binary', kind: binaryKind(bytes) });
          name = planNameFor(new TextDecoder().decode(bytes), i, taken);
          await app.engine.addBytes(name, bytes);
        }
        loaded++;
      } catch (e) {
        refused++;
        notify('error', () => t('error.link', { n: i + 1 }), refusal(e));
      }
    }
    if (!loaded) notify('error', () => t('error.linkNone'));
    await refresh();
    if (refused && loaded) sayWhatIsShown('notice.keptLink');
    return;
  }
  await refresh();
}

/** What a refused plan is told, in the page's language where the page knows why. */
function refusal(e) {
  if (e && e.code === 'tooBig') return () => t('error.linkTooBig', { max: fmtBytes(e.max) });
  if (e && e.code === 'binary') return () => (e.kind ? t('error.binary', { kind: e.kind }) : t('error.notText'));
  return wordError(e);
}

/**
 * After a refused file: says that what the page shows belongs to the plans loaded
 * (named), so that no one reads the old checks as the refused file's.
 */
function sayWhatIsShown(key = 'notice.keptBefore') {
  const plans = app.plans || [];
  notify('info', () => (plans.length ? t(key, { names: plans.map(planName).join('、') }) : t('notice.keptNone')));
}

function rebuildNames() {
  const s = app.summary || { areas: [], indicators: [], plans: [] };
  app.names.area = new Map(s.areas.map((a) => [a.id, a.name]));
  app.names.indicator = new Map(s.indicators.map((i) => [i.id, i]));
  app.names.plan = new Map(app.plans.map((p) => [p.id, p]));
}

/**
 * The brief report names no area or indicator (the summary names each once): each
 * finding gets its names and unit, as the full report has them. (An empty `missing`
 * stays left out: the views read it as `f.missing || []`.)
 */
function nameFindings(findings) {
  for (const f of findings) {
    const ind = app.names.indicator.get(f.indicator);
    f.indicator_name = ind ? ind.name : f.indicator;
    f.unit = ind ? ind.unit : '';
    f.area_name = app.names.area.get(f.area) ?? f.area;
  }
}

/**
 * Whether the checks table, as the view stands, shows the report's first findings: the
 * checks tab with no filter, search or chosen finding, whose rows the later findings
 * could not change. A big report then comes in two parts (`refresh`).
 */
function firstRowsSuffice() {
  const s = app.state;
  return (s.tab || 'checks') === 'checks' && ![...FILTER_KEYS, 'sel'].some((k) => s[k]);
}

/** Runs the checks and the summary again, then redraws everything. */
export async function refresh() {
  // No wait for a paint: the engine works in its worker, the page paints meanwhile.
  progress(t('progress.running'));
  // A big report comes in two parts when the table shows its first rows: the counts and
  // the table's first page at once, the other findings (a national plan's 74,000, 13 MB
  // of JSON) after they are on screen.
  const first = firstRowsSuffice() ? PAGE_ROWS : null;
  try {
    // All three asked at once (answered in order); the summary and the plan list do not
    // depend on the tolerance.
    const checked = app.engine.check(app.state.tol, first);
    const rest = Promise.all([app.engine.summary(), app.engine.plans()]);
    rest.catch(() => {}); // awaited below unless the checks fail
    try {
      app.report = await checked;
    } catch (e) {
      if (!app.state.tol) throw e;
      notify('error', () => t('error.tolerance'), e.message);
      app.state.tol = '';
      $('tolerance').value = '';
      app.report = await app.engine.check('', first);
    }
    mark('checked');
    [app.summary, app.plans] = await rest;
    app.coverage = null;
    rebuildNames();
    nameFindings(app.report.findings);
  } finally {
    progress(null);
  }
  renderAll();
  mark('rendered');
  shown();
  // Asked for after the render has asked for its chart, which the engine draws first.
  // The account (docs/REPORT.md, "Coverage"; a fifth of a second for a national plan)
  // is asked for with the later findings, so that the engine makes it while the page
  // takes those in.
  const report = app.report;
  const have = report.findings.length;
  const later = have < findingsCounted(report) ? app.engine.findingsFrom(have) : null;
  const account = app.engine.coverage(app.state.tol).catch(() => null);
  if (later) {
    try {
      const more = await later;
      // Parsing them was one task of the page's thread; drawing them is the next, and
      // a click or a key in between is answered.
      await nextPaint();
      // Unless another refresh has put its report in this one's place meanwhile.
      if (app.report === report) {
        nameFindings(more);
        // A new report object: what is kept of the old one (search.js) is made again.
        app.report = { ...report, findings: report.findings.concat(more) };
        renderFindings();
      }
    } catch (e) {
      notify('error', () => t('error.check'), e.message);
    }
  }
  app.coverage = await account;
  if (app.coverage) renderPlans();
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

/**
 * Reads the tables of a file: an XLSX through DecompressionStream and DOMParser, an HTML
 * page through DOMParser (both on this thread: workers have no DOMParser), CSV, TSV and
 * pasted text through the engine. Returns null when the file is not a table.
 */
async function tablesOf(name, bytes, kind) {
  if (kind === 'xlsx') return readXlsx(name, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const text = decodeText(bytes);
  if (kind === 'html') return gridsFromHtml(name, text);
  const grid = await app.engine.gridFromText(name, text);
  return grid ? [grid] : null;
}


/** A table's plan is loaded under this name (replacing the one of an earlier import). */
function tablePlanName(grids) {
  return `${grids[0].name}.json`;
}

/**
 * Imports app.tables (the grids last read, with the user's corrections) and loads the
 * plan; on failure the tables view shows the table and the engine's message.
 */
export async function importTables({ note } = {}) {
  const st = app.tables;
  if (!st || !st.grids.length) return;
  clearMessages();
  progress(t('progress.importing'));
  const name = tablePlanName(st.grids);
  try {
    const result = await app.engine.importTables(st.grids, st.options);
    // A table opened over the untouched example: the checks shown are the table's own.
    const plans = app.plans || [];
    const example = app.engine.defaultPlan?.name;
    const aside = plans.length === 1 && plans[0].file === example;
    if (aside) {
      await app.engine.remove(example);
      app.plans = [];
    }
    const had = (app.plans || []).some((p) => p.file === name);
    if (had) await app.engine.remove(name);
    if (st.planName && st.planName !== name && (app.plans || []).some((p) => p.file === st.planName)) await app.engine.remove(st.planName);
    await app.engine.add(name, result.plan);
    Object.assign(st, { result, error: null, planName: name });
    if (note) notify('info', note);
    if (aside) notify('info', () => t('tables.exampleAside'));
  } catch (e) {
    Object.assign(st, { result: null, error: e && e.message ? e.message : String(e), planName: name });
    progress(null);
    app.state.tab = 'tables';
    renderAll();
    settled();
    return;
  }
  progress(null);
  app.state.tab = 'tables';
  await refresh();
}

/** Opens tables read from files, the clipboard or a text: shown, imported and checked. */
export async function openTables(grids, note, options = {}) {
  app.tables = { grids, options, result: null, error: null, planName: null };
  await importTables({ note });
}

export async function loadFiles(files) {
  clearMessages();
  let changed = 0;
  let refused = 0;
  const grids = [];
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      refused++;
      notify('error', () => t('error.load', { name: file.name }), () => t('error.tooBig', { size: fmtBytes(file.size), max: fmtBytes(MAX_FILE_BYTES) }));
      continue;
    }
    try {
      const bytes = await readFile(file, (read, total) =>
        progress(t('progress.reading', { name: file.name, read: fmtBytes(read), total: fmtBytes(total) }), read, total),
      );
      const kind = sniff(file.name, bytes);
      if (kind === 'binary') {
        refused++;
        const what = binaryKind(bytes);
        notify('error', () => t('error.load', { name: file.name }), () => (what ? t('error.binary', { kind: what }) : t('error.notText')));
        continue;
      }
      if (kind !== 'json') {
        progress(t('progress.readingTable', { name: file.name }));
        const found = await tablesOf(file.name, bytes, kind);
        if (found && found.length) {
          grids.push(...found);
          continue;
        }
        if (kind !== 'text') {
          refused++;
          notify('error', () => t('error.load', { name: file.name }), () => t('error.noTable'));
          continue;
        }
      }
      // No wait for a paint: the engine reads the plan in its worker.
      progress(t('progress.checking', { name: file.name }));
      const { gbk } = await app.engine.addBytes(file.name, bytes);
      changed++;
      if (gbk) notify('info', () => t('notice.gbk', { name: file.name }));
    } catch (e) {
      refused++;
      notify('error', () => t('error.load', { name: file.name }), wordError(e));
    } finally {
      progress(null);
    }
  }
  if (grids.length) {
    if (app.state.sel) app.state.sel = '';
    await openTables(grids);
    return;
  }
  if (changed) {
    if (app.state.sel) app.state.sel = '';
    await refresh();
  }
  if (refused) sayWhatIsShown();
  settled();
}

/** The tables of the last paste's text/html (Excel, WPS and web pages put one there). */
let pastedHtml = null;

/** Keeps the clipboard's HTML table of a paste into the paste field. */
export function onPaste(e) {
  const html = e.clipboardData && e.clipboardData.getData('text/html');
  const text = e.clipboardData && e.clipboardData.getData('text/plain');
  pastedHtml = null;
  if (html && /<table/i.test(html)) {
    const grids = gridsFromHtml('pasted', html);
    if (grids.length) pastedHtml = { grids, text: text || '' };
  }
}

/**
 * The paste field takes a planlens/1 plan (JSON) or a table (the clipboard's HTML table,
 * TSV from a spreadsheet, CSV, or a web page's table pasted as text, one cell per line),
 * and says which it read.
 */
export async function loadPasted() {
  const name = ($('paste-name').value || 'pasted.json').trim() || 'pasted.json';
  const text = $('paste-text').value;
  const errBox = $('paste-error');
  errBox.hidden = true;
  const fail = (message) => {
    errBox.textContent = message;
    errBox.hidden = false;
    settled();
  };
  progress(t('progress.checking', { name }));
  await nextPaint();
  const looksJson = /^\s*[{[]/.test(text);
  if (!looksJson) {
    let grids = pastedHtml && pastedHtml.text.trim() === text.trim() ? pastedHtml.grids : null;
    try {
      if (!grids) {
        const grid = text.trim() ? await app.engine.gridFromText('pasted', text) : null;
        grids = grid ? [grid] : null;
      }
    } catch (e) {
      progress(null);
      fail(`${t('error.load', { name })} ${e && e.message ? e.message : String(e)}`);
      return;
    }
    progress(null);
    if (!grids) {
      fail(t('paste.neither'));
      return;
    }
    $('paste-dialog').close();
    $('paste-text').value = '';
    pastedHtml = null;
    await openTables(grids, () => t('paste.readTable'));
    return;
  }
  try {
    await app.engine.add(name, text);
  } catch (e) {
    const worded = wordError(e);
    errBox.textContent = `${t('error.load', { name })} ${typeof worded === 'function' ? worded() : worded}`;
    errBox.hidden = false;
    settled();
    return;
  } finally {
    progress(null);
  }
  $('paste-dialog').close();
  $('paste-text').value = '';
  clearMessages();
  notify('ok', () => t('paste.readJson', { name }));
  await refresh();
}

/** Loads (or replaces) a plan built on the page, then shows its checks. */
export async function loadText(name, text) {
  clearMessages();
  // The plan list knows the file names; asking the worker for every source text would
  // copy all loaded plans across just to compare names.
  const had = (app.plans || []).some((p) => p.file === name);
  try {
    if (had) await app.engine.remove(name);
    await app.engine.add(name, text);
  } catch (e) {
    notify('error', () => t('error.load', { name }), wordError(e));
    settled();
    return;
  }
  notify('ok', () => t('notice.loaded', { name }));
  app.state.tab = 'checks';
  await refresh();
}

export async function removePlan(file) {
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

export async function loadExample() {
  clearMessages();
  await app.engine.addDefault();
  await refresh();
}

export async function clearAll() {
  clearMessages();
  await app.engine.clear();
  await refresh();
}

export async function shareLink() {
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
