#!/usr/bin/env node
// planlens in the browser: the page's WebAssembly engine against plain JavaScript on a
// generated national plan, plus the page's own start-up (issue #5).
//
//   node bench/browser.mjs PLAN.json [--runs 3] [--planted PLAN.json.planted.json]
//                          [--markdown OUT.md] [--no-ui] [--page dist/planlens.html]
//   node bench/browser.mjs --startup-only [--runs 5] [--page FILE]   (part 1 alone)
//
// Needs dist/planlens.html (`make page`) and Debian's Chromium (CHROMIUM overrides
// /usr/bin/chromium). The page is opened over file://, where it cannot fetch, so the
// plan text is handed in through page.evaluate (not timed). Measured inside the page
// with performance.now():
//   1. the default page: navigation → engine ready (html[data-ready]) → first chart
//      (the first svg.chart-svg: the detail chart of the first finding), median of runs,
//      with the page's own start-up marks (performance.mark 'pl:…', www/engine.js; the
//      worker's steps are carried over to the page's timeline) as a breakdown;
//   2. plain JS: JSON.parse + the area_sum check of bench/areasum.mjs (its source is
//      evaluated in the page: the page's CSP forbids eval, DevTools evaluation is not
//      subject to it);
//   3. wasm: a fresh Session of the page's module, reached through the page's handle
//      window.planlens.app.engine (www/main.js): with the engine on the main thread,
//      `new (engine.session.constructor)()`; with the engine in a Web Worker,
//      `await engine.constructor.start()` (a fresh worker) and its `call`s, so the times
//      include handing the text to the worker and the report back. Timed: add (parse
//      + validate), check (checks + the JSON report string), JSON.parse of the report;
//   4. (unless --no-ui) the whole page with the plan loaded through the file input:
//      from setInputFiles to the result on screen (data-shown: the counts and the first
//      rows of the checks table painted), to the page settled (the plans' account and
//      the link's values too) and to its first chart drawn, the plan chosen two
//      seconds after the engine is ready, as by a user who looks at the page first (the
//      engine's warm-up after start-up has run by then). A page without data-shown
//      (before session 9) shows its result when it settles. The default plan stays loaded beside it, as for a user.
//      Each run is followed by plain JS the same way (4b): a file input of its own in a
//      fresh copy of the page, file.text(), JSON.parse, the check of 2, the count and
//      the first 100 failures painted; so both sides pay for reading the file.
// Every run's failing set is compared with the planted list (differences: the report's
// numbers through String(), exact for these plans' ≤ 15-digit decimals).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { areaSum, plainOnInput } from './areasum.mjs';
import { canon } from './failset.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
let PAGE = join(ROOT, 'dist/planlens.html');
const ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

function parseArgs(argv) {
  const o = { plan: null, runs: 3, planted: null, markdown: null, ui: true, startupOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]) || 3);
    else if (a === '--planted') o.planted = argv[++i];
    else if (a === '--markdown') o.markdown = argv[++i];
    else if (a === '--no-ui') o.ui = false;
    else if (a === '--startup-only') o.startupOnly = true;
    else if (a === '--page') PAGE = resolve(argv[++i]);
    else if (!o.plan) o.plan = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!o.plan && !o.startupOnly) throw new Error('usage: node bench/browser.mjs PLAN.json [--runs N] [--planted FILE] [--markdown OUT] [--no-ui] [--page HTML] | --startup-only [--runs N] [--page HTML]');
  if (o.plan) o.planted ??= `${o.plan}.planted.json`;
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function key(f) {
  return `${f.indicator}\u0000${f.area}\u0000${f.year}\u0000${canon(f.difference)}`;
}

function sameSet(got, want) {
  const a = got.map(key).sort();
  const b = want.map(key).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// Records, from the first script on, when the engine is ready and when the first chart
// appears (performance.now(): milliseconds since navigation start).
const OBSERVER = () => {
  window.__bench = { ready: null, chart: null, settled: [], shown: [] };
  const seen = () => {
    const root = document.documentElement;
    if (!root) return;
    if (window.__bench.ready === null && root.dataset.ready === 'true') window.__bench.ready = performance.now();
    if (window.__bench.chart === null && document.querySelector('svg.chart-svg')) window.__bench.chart = performance.now();
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-settled') {
        window.__bench.settled.push({ n: document.documentElement.dataset.settled, at: performance.now() });
      }
      if (r.type === 'attributes' && r.attributeName === 'data-shown') {
        window.__bench.shown.push({ n: document.documentElement.dataset.shown, at: performance.now() });
      }
    }
    seen();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready', 'data-settled', 'data-shown'] });
};

async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(OBSERVER);
  await page.goto(pathToFileURL(PAGE).href);
  await page.waitForSelector('html[data-ready=true]', { state: 'attached', timeout: 60_000 });
  page.errors = errors;
  return { context, page };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run make page`);
  const text = o.plan ? readFileSync(o.plan, 'utf8') : '';
  const planted = o.plan && existsSync(o.planted) ? JSON.parse(readFileSync(o.planted, 'utf8')) : null;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  const version = browser.version();
  const res = { startup: [], js: [], wasm: [], ui: [], uiPlain: [] };
  const verdict = { js: [], wasm: [], ui: [], uiPlain: [] };
  try {
    // 1. The default page: time to engine ready and to the first chart.
    for (let r = 0; r < o.runs; r++) {
      const { context, page } = await openPage(browser);
      await page.waitForFunction(() => window.__bench.chart !== null, null, { timeout: 60_000 });
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const marks = {};
        for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('pl:') && !(m.name in marks)) marks[m.name] = m.startTime;
        const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
        return { dcl: nav ? nav.domContentLoadedEventEnd : null, ready: window.__bench.ready, chart: window.__bench.chart, fcp: fcp ? fcp.startTime : null, marks };
      });
      res.startup.push(t);
      await context.close();
    }
    if (!o.startupOnly) {
      // 2 and 3. The engine on the big plan.
      const { context, page } = await openPage(browser);
      await page.evaluate((t) => {
        window.__plan = t;
      }, text);
      await page.evaluate(`window.__areaSum = ${areaSum.toString()};`);
      for (let r = 0; r < o.runs; r++) {
        const js = await page.evaluate(() => {
          const t0 = performance.now();
          const plan = JSON.parse(window.__plan);
          const t1 = performance.now();
          const out = window.__areaSum(plan);
          const t2 = performance.now();
          const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
          return { parse: t1 - t0, check: t2 - t1, total: t2 - t0, heap, failures: out.failures };
        });
        if (planted) verdict.js.push(sameSet(js.failures, planted));
        delete js.failures;
        res.js.push(js);

        const wasm = await page.evaluate(async () => {
          const pick = (findings) =>
            findings
              .filter((f) => f.status === 'fail' && f.check === 'area_sum')
              .map((f) => ({ indicator: f.indicator, area: f.area, year: f.year, difference: String(f.difference) }));
          const engine = window.planlens.app.engine;
          if (engine.session) {
            // The engine on the page's main thread: a fresh Session of the same module.
            const Session = engine.session.constructor;
            const s = new Session();
            try {
              const t0 = performance.now();
              s.add('national.json', window.__plan);
              const t1 = performance.now();
              const report = s.check({});
              const t2 = performance.now();
              const parsed = JSON.parse(report);
              const t3 = performance.now();
              return { where: 'main thread', add: t1 - t0, check: t2 - t1, reportParse: t3 - t2, total: t3 - t0, reportBytes: report.length, failures: pick(parsed.findings) };
            } finally {
              s.free();
            }
          }
          // The engine in a Web Worker: a fresh worker and Session (Engine.start); the
          // times include handing the text to the worker and the report back.
          const e = await engine.constructor.start();
          try {
            const t0 = performance.now();
            await e.call('add', ['national.json', window.__plan]);
            const t1 = performance.now();
            const report = await e.call('check', ['']);
            const t2 = performance.now();
            const parsed = JSON.parse(report);
            const t3 = performance.now();
            return { where: 'worker', add: t1 - t0, check: t2 - t1, reportParse: t3 - t2, total: t3 - t0, reportBytes: report.length, failures: pick(parsed.findings) };
          } finally {
            e.worker.terminate();
          }
        });
        if (planted) verdict.wasm.push(sameSet(wasm.failures, planted));
        delete wasm.failures;
        res.wasm.push(wasm);
      }
      if (page.errors.length) console.error('page errors:', page.errors);
      await context.close();

      // 4. The whole page: load the plan through the file input.
      if (o.ui) {
        for (let r = 0; r < o.runs; r++) {
          const { context, page } = await openPage(browser);
          await page.waitForFunction(() => window.__bench.chart !== null, null, { timeout: 60_000 });
          // As a user who looks at the page before opening a file: two seconds after the
          // engine is ready (its warm-up, www/worker.js, has run by then).
          await page.waitForTimeout(2000);
          const before = await page.evaluate(() => {
            window.__bench.chart = null;
            for (const el of document.querySelectorAll('svg.chart-svg')) el.remove();
            return { at: performance.now(), settled: Number(document.documentElement.dataset.settled || 0) };
          });
          await page.setInputFiles('#file-input', o.plan);
          await page.waitForFunction((n) => Number(document.documentElement.dataset.settled || 0) > n, before.settled, {
            timeout: 300_000,
            polling: 100,
          });
          await page.waitForFunction(() => window.__bench.chart !== null, null, { timeout: 60_000 }).catch(() => null);
          const t = await page.evaluate((t0) => {
            const s = window.__bench.settled.filter((x) => x.at > t0);
            const shown = window.__bench.shown.filter((x) => x.at > t0);
            return {
              shown: shown.length ? shown[0].at - t0 : s.length ? s[s.length - 1].at - t0 : null,
              settled: s.length ? s[s.length - 1].at - t0 : null,
              chart: window.__bench.chart === null ? null : window.__bench.chart - t0,
            };
          }, before.at);
          if (planted) {
            const failures = await page.evaluate(() =>
              (window.planlens.app.report.findings || [])
                .filter((f) => f.status === 'fail' && f.check === 'area_sum')
                .map((f) => ({ indicator: f.indicator, area: f.area, year: f.year, difference: String(f.difference) })),
            );
            verdict.ui.push(sameSet(failures, planted));
          }
          if (page.errors.length) console.error('page errors:', page.errors);
          res.ui.push(t);
          await context.close();

          // 4b. Plain JS the same way, in the same page, right after: a file input of
          // its own, read as a web developer would (file.text()), parsed, checked, the
          // count and the first 100 failures written into a table, painted.
          const plain = await openPage(browser);
          await plain.page.waitForTimeout(2000);
          await plain.page.evaluate(`window.__areaSum = ${areaSum.toString()}; (${plainOnInput.toString()})('plain-input');`);
          const t0 = await plain.page.evaluate(() => performance.now());
          await plain.page.setInputFiles('#plain-input', o.plan);
          await plain.page.waitForFunction(() => window.__plain !== null, null, { timeout: 300_000, polling: 50 });
          const done = await plain.page.evaluate(() => window.__plain);
          res.uiPlain.push(done.painted - t0);
          if (planted) verdict.uiPlain.push(sameSet(done.failures, planted));
          await plain.context.close();
        }
      }
    }
  } finally {
    await browser.close();
  }

  const ms = (x) => (x === null || x === undefined ? '–' : `${Math.round(x)}`);
  const med = (xs, f) => {
    const vs = xs.map(f).filter((v) => v !== null && v !== undefined);
    return vs.length ? median(vs) : null;
  };
  const startupLines = () => {
    const names = [...new Set(res.startup.flatMap((x) => Object.keys(x.marks || {})))];
    names.sort((a, b) => med(res.startup, (x) => x.marks[a]) - med(res.startup, (x) => x.marks[b]));
    const out = [
      '| default page | DOMContentLoaded (ms) | engine ready (ms) | first chart (ms) | first contentful paint (ms) |',
      '|---|---:|---:|---:|---:|',
      `| ${PAGE.replace(`${ROOT}/`, '')}, default plan | ${ms(med(res.startup, (x) => x.dcl))} | ${ms(med(res.startup, (x) => x.ready))} | ${ms(med(res.startup, (x) => x.chart))} | ${ms(med(res.startup, (x) => x.fcp))} |`,
      '',
      `First charts of the ${res.startup.length} runs: ${res.startup.map((x) => ms(x.chart)).join(', ')} ms; first contentful paints: ${res.startup.map((x) => ms(x.fcp)).join(', ')} ms. The first chart is in the document at that time; it is on screen from the first paint after it.`,
      '',
    ];
    if (names.length) {
      out.push('| start-up mark (www/engine.js) | median (ms since navigation start) |', '|---|---:|');
      for (const n of names) out.push(`| ${n} | ${ms(med(res.startup, (x) => x.marks[n]))} |`);
      out.push('');
    }
    return out;
  };
  if (o.startupOnly) {
    const md = [`## The default page in Chromium ${version}, headless: medians of ${o.runs} runs`, '', ...startupLines()].join('\n');
    console.log(md);
    if (o.markdown) writeFileSync(o.markdown, `${md}\n`);
    return;
  }
  const ok = (v) => (!planted ? 'no planted list' : v.length && v.every(Boolean) ? 'yes' : `NO (${v.filter((x) => !x).length}/${v.length} runs)`);
  const mb = (Buffer.byteLength(text) / 1e6).toFixed(1);
  const lines = [
    `## In the browser (Chromium ${version}, headless): ${o.plan.split('/').pop()}, ${mb} MB`,
    '',
    `Medians of ${o.runs} runs, milliseconds, measured inside the page with performance.now().`,
    '',
    '| what | parse / add (ms) | check (ms) | report JSON.parse (ms) | total (ms) | planted = failing |',
    '|---|---:|---:|---:|---:|---|',
    `| plain JS (bench/areasum.mjs) | ${ms(med(res.js, (x) => x.parse))} | ${ms(med(res.js, (x) => x.check))} | – | ${ms(med(res.js, (x) => x.total))} | ${ok(verdict.js)} |`,
    `| wasm Session, ${res.wasm[0]?.where ?? '?'} (add, check → report string) | ${ms(med(res.wasm, (x) => x.add))} | ${ms(med(res.wasm, (x) => x.check))} | ${ms(med(res.wasm, (x) => x.reportParse))} | ${ms(med(res.wasm, (x) => x.total))} | ${ok(verdict.wasm)} |`,
    '',
    `wasm report: ${((res.wasm[0]?.reportBytes ?? 0) / 1e6).toFixed(1)} MB of JSON; JS heap after the plain-JS run: ${
      res.js[0]?.heap ? `${Math.round(med(res.js, (x) => x.heap) / 2 ** 20)} MB` : 'n/a'
    }.`,
    '',
    ...startupLines(),
  ];
  if (res.ui.length) {
    lines.push(
      '| the plan loaded through the file input | result on screen: counts and first rows (ms) | page settled (ms) | first chart (ms) | planted = failing |',
      '|---|---:|---:|---:|---|',
      `| ${mb} MB beside the default plan (median of ${res.ui.length}) | ${ms(med(res.ui, (x) => x.shown))} | ${ms(med(res.ui, (x) => x.settled))} | ${ms(med(res.ui, (x) => x.chart))} | ${ok(verdict.ui)} |`,
      `| plain JS through a file input of the same page (file.text(), JSON.parse, the check, the count and 100 rows painted; median of ${res.uiPlain.length}) | ${ms(median(res.uiPlain))} | – | – | ${ok(verdict.uiPlain)} |`,
      '',
      `Runs, on screen: planlens ${res.ui.map((x) => ms(x.shown)).join(', ')} ms; plain JS ${res.uiPlain.map(ms).join(', ')} ms (alternating).`,
      '',
    );
  }
  const md = lines.join('\n');
  console.log(md);
  if (o.markdown) writeFileSync(o.markdown, `${md}\n`);
  const bad = [verdict.js, verdict.wasm, verdict.ui, verdict.uiPlain].some((v) => v.some((x) => !x));
  process.exitCode = bad ? 1 : 0;
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(2);
});
