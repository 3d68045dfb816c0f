#!/usr/bin/env node
// Firefox's figures beside Chromium's (issue #17): the same plan in the same page, in
// Debian's firefox-esr driven over Marionette (tests/e2e/marionette.mjs; Playwright's
// Firefox needs a patched build that cannot be installed here).
//
//   node bench/firefox.mjs PLAN.json [--runs 2] [--page dist/planlens.html]
//
// Per run, in one fresh page of dist/planlens.html over file://, two seconds after the
// engine is ready (as a user who looks at the page first; its warm-up has run by then):
//   1. plain JS through a file input of the bench's own: file.text(), JSON.parse,
//      bench/areasum.mjs inside the page (Marionette's scripts are not subject to the
//      page's CSP), the count and the first 100 failures painted; timed from just before
//      the file is sent (as the page is) and, apart, parse + check on the text in
//      memory (bench/browser.mjs's part 2);
//   2. the page: the plan sent to the page's own file input; from just before that to the
//      result on screen (html[data-shown] counting up: the counts and the first rows
//      painted) and to the page settled (html[data-settled]).
// Times are the page's performance.now(). The sending of the file name over Marionette
// (a few milliseconds) falls inside the page's time, against it.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Firefox, findFirefox } from '../tests/e2e/marionette.mjs';
import { areaSum, plainOnInput } from './areasum.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '2' }, page: { type: 'string', default: resolve(ROOT, 'dist/planlens.html') } },
});
const runs = Number(values.runs);
const page = resolve(values.page);
const plan = positionals[0] && resolve(positionals[0]);
if (!plan || !existsSync(plan)) throw new Error('usage: node bench/firefox.mjs PLAN.json [--runs N] [--page HTML]');
if (!findFirefox()) throw new Error('Firefox not found (apt-get install firefox-esr)');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const res = { js: [], shown: [], settled: [] };
let version = '';
for (let r = 0; r < runs; r++) {
  const ff = await Firefox.launch({ width: 1280, height: 800 });
  try {
    version = `${ff.capabilities.browserName} ${ff.capabilities.browserVersion}`;
    await ff.navigate(pathToFileURL(page).href);
    await ff.waitFor("return document.documentElement.dataset.ready === 'true'", { timeout: 60_000, what: 'the engine ready' });
    // As a user who looks at the page first (the engine's warm-up has run by then).
    await new Promise((r) => setTimeout(r, 2000));
    // 1. Plain JS through a file input of its own: file.text(), JSON.parse, the check,
    // the count and the first 100 failures written into a table and painted.
    await ff.execute(`window.__areaSum = ${areaSum.toString()}; (${plainOnInput.toString()})('bench-input'); window.__plainT0 = performance.now();`);
    await ff.sendKeys('#bench-input', plan);
    await ff.waitFor('return window.__plain !== null', { timeout: 300_000, interval: 50, what: 'plain JS done' });
    const js = await ff.execute('const p = window.__plain; document.querySelector("table")?.remove(); return { ...p, total: p.parse + p.check, failures: p.failures.length, fromInput: p.painted - window.__plainT0 };');
    res.js.push(js);
    // 2. The page through its file input.
    await ff.execute(`
      const root = document.documentElement;
      window.__bench = { shown: null, settled: null, shown0: Number(root.dataset.shown || 0), settled0: Number(root.dataset.settled || 0) };
      new MutationObserver(() => {
        const b = window.__bench;
        if (b.shown === null && Number(root.dataset.shown || 0) > b.shown0) b.shown = performance.now();
        if (b.settled === null && Number(root.dataset.settled || 0) > b.settled0) b.settled = performance.now();
      }).observe(root, { attributes: true, attributeFilter: ['data-shown', 'data-settled'] });
      window.__bench.t0 = performance.now();`);
    await ff.sendKeys('#file-input', plan);
    await ff.waitFor('return window.__bench.settled !== null', { timeout: 300_000, interval: 100, what: 'the page settled' });
    // A page without data-shown (before session 9) shows its result when it settles.
    const ui = await ff.execute('const b = window.__bench; return { shown: (b.shown ?? b.settled) - b.t0, settled: b.settled - b.t0, fail: document.querySelector("#summary .summary-item[data-status=fail] .count")?.textContent };');
    res.shown.push(ui.shown);
    res.settled.push(ui.settled);
    console.error(`run ${r + 1}: plain JS ${Math.round(js.fromInput)} ms from its input, ${Math.round(js.total)} ms parse + check (${js.failures} failures); page on screen ${Math.round(ui.shown)} ms, settled ${Math.round(ui.settled)} ms (${ui.fail} failing)`);
  } finally {
    await ff.quit();
  }
}
const ms = (x) => `${Math.round(x)}`;
console.log(
  [
    `## In Firefox (${version}, headless, Marionette): ${plan.split('/').pop()}`,
    '',
    `Medians of ${runs} runs, milliseconds, measured inside the page with performance.now().`,
    '',
    '| what | read (ms) | parse (ms) | check (ms) | parse + check (ms) |',
    '|---|---:|---:|---:|---:|',
    `| plain JS (bench/areasum.mjs) | ${ms(median(res.js.map((x) => x.read)))} | ${ms(median(res.js.map((x) => x.parse)))} | ${ms(median(res.js.map((x) => x.check)))} | ${ms(median(res.js.map((x) => x.total)))} |`,
    '',
    '| the plan loaded through a file input | result on screen (ms) | page settled (ms) |',
    '|---|---:|---:|',
    `| planlens, beside the default plan | ${ms(median(res.shown))} | ${ms(median(res.settled))} |`,
    `| plain JS (file.text(), JSON.parse, the check, the count and 100 rows painted) | ${ms(median(res.js.map((x) => x.fromInput)))} | – |`,
  ].join('\n'),
);
