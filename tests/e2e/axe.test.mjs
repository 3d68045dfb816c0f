// Accessibility: axe-core (node_modules/axe-core, offline) on the page in Chinese and
// English (checks, builder with the editor's fields, on a phone and at 1280 px) and on an
// embed inside an article. Every violation fails the test, with its rule and nodes.
//   node --test tests/e2e/axe.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, launch, PAGE_URL, PLANS } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser;
let dir;
before(async () => {
  ensureBuilt();
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'planlens-axe-'));
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The page in a context that lets axe's script in past the page's CSP. */
async function open(url, { locale = 'en-US', width = 1280, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, colorScheme, bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** axe's violations, as "rule: target (summary)" lines. */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(1, 2).join('')}`));
}

for (const [locale, width, colorScheme] of [
  ['zh-CN', 1280, 'light'],
  ['en-US', 1280, 'light'],
  ['zh-CN', 375, 'light'],
  ['en-US', 375, 'light'],
  ['zh-CN', 1280, 'dark'],
]) {
  test(`the page in ${locale}, ${colorScheme}, at ${width} px: checks and the chart builder have no axe violations`, async () => {
    const page = await open(PAGE_URL, { locale, width, colorScheme });
    await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
    await page.setInputFiles('#file-input', [join(PLANS, 'sz-2011-2013-innovation-city.json')]);
    await page.waitForFunction(() => document.querySelectorAll('#checks-table tr.finding').length > 30);
    await page.locator('#detail svg').first().waitFor();
    assert.deepEqual(await violations(page), [], 'checks tab');
    await page.click('#tab-builder');
    await page.locator('#builder-series').waitFor();
    await page.click('#builder-note-add');
    await page.locator('#builder-note-text-0').waitFor();
    await page.locator('#builder-preview svg').first().waitFor();
    assert.deepEqual(await violations(page), [], 'builder tab');
    await page.context().close();
  });
}

test('an embed inside an article has no axe violations (light and dark)', async () => {
  const page = await open(PAGE_URL, { locale: 'zh-CN' });
  await page.waitForSelector('html[data-ready=true]', { timeout: 20_000 });
  await page.click('#tab-builder');
  await page.locator('#builder-follow').check();
  await page.waitForFunction(() => /cfollow=1/.test(location.hash));
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
  });
  await page.click('#builder-embed');
  await page.locator('#copy-dialog').waitFor({ state: 'visible', timeout: 20_000 });
  const code = await page.locator('#copy-text').inputValue();
  await page.context().close();
  const path = join(dir, 'article.html');
  writeFileSync(
    path,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>文章</title>
<style>body{margin:0;font:17px/1.7 serif;background:#fff;color:#222}main{max-width:680px;margin:0 auto;padding:0 16px}
@media (prefers-color-scheme: dark){body{background:#121212;color:#e6e6e6}}</style></head>
<body><main><h1>深圳生物产业</h1><p>正文。</p>${code}<p>正文。</p></main></body></html>`,
  );
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [375, 1200]) {
      const reader = await open(pathToFileURL(path).href, { width, colorScheme });
      assert.deepEqual(await violations(reader), [], `embed, ${colorScheme}, ${width} px`);
      await reader.context().close();
    }
  }
});
