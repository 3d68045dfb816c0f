#!/usr/bin/env node
// Where the page's time goes when a plan is opened through its file input, from the
// browser's own profiler (the DevTools protocol), not guesses (issue #17):
//   1. the long tasks (over 20 ms) of the page's thread and of the engine's worker, in
//      order, from a trace: what runs where, and what waits for what;
//   2. the page thread's JavaScript by self time (a CPU profile), with readable names:
//      the profile runs on a build without minifying (scripts/build-page.mjs
//      --no-minify, written to target/profile/planlens.html).
//
//   node bench/profile-page.mjs PLAN.json [--top 25] [--page FILE]
//
// Needs pkg/ (scripts/build-wasm.sh) and Debian's Chromium (CHROMIUM overrides it).
// The page is opened over file:// at 1280 px in zh-CN; the plan is chosen once the
// engine's warm-up after start-up has run (html[data-warmed]), as bench/browser.mjs does.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, page: { type: 'string' } },
});
const top = Number(values.top);
let page = values.page;
const plan = positionals[0];
if (!plan) throw new Error('usage: node bench/profile-page.mjs PLAN.json [--top N] [--page FILE]');
if (!page) {
  page = join(ROOT, 'target/profile/planlens.html');
  mkdirSync(dirname(page), { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-page.mjs'), '--no-minify', '--out', page], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
const trace = join(ROOT, 'target/profile/trace.json');
let profile;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const p = await context.newPage();
  await p.goto(pathToFileURL(resolve(page)).href);
  await p.waitForSelector('html[data-warmed]', { state: 'attached', timeout: 60_000 });
  const settled = await p.evaluate(() => Number(document.documentElement.dataset.settled || 0));
  const cdp = await context.newCDPSession(p);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await browser.startTracing(p, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  await cdp.send('Profiler.start');
  await p.setInputFiles('#file-input', plan);
  await p.waitForFunction((n) => Number(document.documentElement.dataset.settled || 0) > n, settled, { timeout: 300_000, polling: 50 });
  ({ profile } = await cdp.send('Profiler.stop'));
  await browser.stopTracing();
} finally {
  await browser.close();
}

// 1. Long tasks by thread, in order (milliseconds from the first task traced).
const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents;
rmSync(trace, { force: true });
const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const tasks = events
  .filter((e) => e.ph === 'X' && e.name === 'RunTask' && /CrRendererMain|DedicatedWorker/.test(threads.get(`${e.pid}:${e.tid}`) || ''))
  .sort((a, b) => a.ts - b.ts);
const t0 = tasks.length ? tasks[0].ts : 0;
console.log('## Long tasks (over 20 ms), in order\n\n| thread | start (ms) | length (ms) |\n|---|---:|---:|');
for (const e of tasks.filter((x) => x.dur > 20_000)) {
  const name = threads.get(`${e.pid}:${e.tid}`).startsWith('Dedicated') ? 'engine worker' : 'page';
  console.log(`| ${name} | ${Math.round((e.ts - t0) / 1000)} | ${Math.round(e.dur / 1000)} |`);
}

// 2. The page thread's JavaScript by self time.
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const f = nodes.get(id).callFrame;
  const where = f.url ? `${f.functionName || '(anonymous)'} (line ${f.lineNumber + 1})` : f.functionName;
  self.set(where, (self.get(where) || 0) + (profile.timeDeltas[i] || 0) / 1000);
});
console.log(`\n## The page's thread by self time (top ${top})\n\n| ms | function |\n|---:|---|`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| ${Math.round(v)} | ${k} |`);
