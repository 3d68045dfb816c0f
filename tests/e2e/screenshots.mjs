#!/usr/bin/env node
// Screenshots of the main views into docs/screenshots/ (run after a build):
//   node tests/e2e/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, launch, openPage, loadFiles, PLANS, ROOT } from './helpers.mjs';

const OUT = join(ROOT, 'docs/screenshots');
mkdirSync(OUT, { recursive: true });
ensureBuilt();
const browser = await launch();
const shot = async (page, name, opts = {}) => {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(OUT, `${name}.png`), ...opts });
  console.log(`docs/screenshots/${name}.png`);
};
try {
  let page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await shot(page, 'checks-1280');
  await page.click('#tab-pivot');
  await shot(page, 'pivot-1280');
  await page.click('#tab-tasks');
  await shot(page, 'tasks-1280');
  await page.context().close();

  page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await loadFiles(page, [join(PLANS, 'sz-2011-2013-innovation-city.json')]);
  await shot(page, 'two-plans-1280');
  await page.context().close();

  page = await openPage(browser, { viewport: { width: 1280, height: 800 }, locale: 'zh-CN', colorScheme: 'dark' });
  await shot(page, 'checks-zh-dark-1280');
  await page.context().close();

  // Tables: seed 001's district table as an XLSX, in Chinese, at 1280 and on a phone.
  const table = join(ROOT, 'tests/fixtures/import/xlsx-seed001/districts.xlsx');
  page = await openPage(browser, { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await loadFiles(page, [table]);
  await shot(page, 'tables-zh-1280', { fullPage: true });
  await page.context().close();
  page = await openPage(browser, { viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  await loadFiles(page, [table]);
  await page.locator('#panel-tables').scrollIntoViewIfNeeded();
  await shot(page, 'tables-zh-375');
  await page.context().close();

  // The builder, its embed and the checks on a phone: tests/e2e/screenshots-editor.mjs.
  page = await openPage(browser, { viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await page.click('#tab-pivot');
  await page.locator('#panel-pivot').scrollIntoViewIfNeeded();
  await shot(page, 'phone-390-pivot');
  await page.context().close();
} finally {
  await browser.close();
}
