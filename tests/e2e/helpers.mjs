// Shared helpers of the end-to-end tests: build the page when needed, launch Debian's
// Chromium through playwright-core, open dist/planlens.html from file://.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
export const FIXTURES = join(HERE, 'fixtures');
export const PLANS = join(ROOT, 'plans');
export const PAGE = join(ROOT, 'dist/planlens.html');
export const PAGE_URL = pathToFileURL(PAGE).href;

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Builds dist/planlens.html when it is missing or older than its sources. */
export function ensureBuilt() {
  const sources = [join(ROOT, 'www'), join(ROOT, 'pkg/planlens_bg.wasm'), join(ROOT, 'pkg/planlens.js'), join(ROOT, 'scripts/build-page.mjs'), join(ROOT, 'scripts/standin.mjs')];
  const stale = !existsSync(PAGE) || Math.max(...sources.map(newestMtime)) > statSync(PAGE).mtimeMs;
  if (stale) execFileSync(process.execPath, [join(ROOT, 'scripts/build-page.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * A suite's browser: the page built and Chromium launched before its tests, closed
 * after them; `set` receives the browser.
 */
export function useBrowser(set) {
  let browser;
  before(async () => {
    ensureBuilt();
    browser = await launch();
    set(browser);
  });
  after(async () => {
    await browser?.close();
  });
}

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * Opens the page in a fresh context. Records every request, console error and page
 * error; `page.pageErrors` should stay empty.
 */
export async function openPage(browser, { hash = '', viewport = { width: 1280, height: 800 }, locale = 'en-US', colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, locale, colorScheme, acceptDownloads: true });
  const page = await context.newPage();
  page.requests = [];
  page.pageErrors = [];
  context.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.pageErrors.push(e.message));
  await page.goto(PAGE_URL + hash);
  await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
  return page;
}

/** The fragment value of a plan: deflate-raw, base64url without padding. */
export function planFragment(text) {
  return zlib.deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url');
}

/** Saves a download and returns its bytes. */
export async function downloadBytes(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const stream = await dl.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: dl.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** Whether the engine in the page can draw charts (Session.chart). */
export function hasCharts(page) {
  return page.evaluate(() => window.planlens.app.engine.hasCharts());
}

/** Runs an action and waits until the page says it has settled (data-settled counts up). */
export async function settle(page, action) {
  const before = Number(await page.evaluate(() => document.documentElement.dataset.settled || 0));
  await action();
  await page.waitForFunction((n) => Number(document.documentElement.dataset.settled || 0) > n, before, { timeout: 20_000 });
}

/** Loads files through the file input and waits for the page to settle. */
export function loadFiles(page, paths) {
  return settle(page, () => page.setInputFiles('#file-input', paths));
}
