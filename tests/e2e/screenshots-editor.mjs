#!/usr/bin/env node
// Screenshots of the editor's chart (issue #18) into docs/screenshots/ (run after a build):
// the builder with a headline, a highlighted district and an annotation, and its embed
// inside an article, at 375 and 1280 px, in Chinese and English; the embed in a dark
// article; the checks as cards on a phone.
//   node tests/e2e/screenshots-editor.mjs
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, launch, openPage, loadFiles, PLANS, ROOT } from './helpers.mjs';

const OUT = join(ROOT, 'docs/screenshots');
mkdirSync(OUT, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'planlens-shots-'));
ensureBuilt();
const browser = await launch();
const shot = async (page, name, opts = {}) => {
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(OUT, `${name}.png`), ...opts });
  console.log(`docs/screenshots/${name}.png`);
};

const WORDS = {
  zh: { title: '南山区承担过半目标', note: '南山区一家占五成', credit: '制图：本报数据组', h1: '深圳生物产业目标如何分解', p: '2011年，深圳市生物产业规模目标为700亿元，由各区分担。' },
  en: { title: 'Nanshan carries half the target', note: "Half the city's target", credit: 'Graphic: data desk', h1: 'How Shenzhen split its biotech target', p: 'In 2011 Shenzhen set a 70 billion yuan target for its biotech industry and split it among its districts.' },
};

/** The builder with the editor's chart, in `lang`, at `width`; returns the page and the embed code. */
async function builder(lang, width) {
  const w = WORDS[lang];
  const page = await openPage(browser, { viewport: { width, height: width < 600 ? 812 : 900 }, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
  await page.click('#tab-builder');
  await page.selectOption('#builder-type', 'allocation');
  await page.locator('#builder-series').waitFor();
  await page.fill('#builder-text-title', w.title);
  await page.fill('#builder-text-credit', w.credit);
  await page.locator('#builder-series label', { hasText: '南山区' }).locator('input[type=checkbox]').check();
  await page.click('#builder-note-add');
  const point = page.locator('#builder-note-point-0');
  await point.waitFor();
  await point.selectOption(await point.locator('option', { hasText: '南山区' }).first().getAttribute('value'));
  await page.waitForFunction(() => document.getElementById('builder-note-text-0'));
  await page.fill('#builder-note-text-0', w.note);
  await page.check('#builder-follow');
  await page.waitForFunction((n) => (document.querySelector('#builder-preview svg')?.textContent || '').includes(n), w.note, { timeout: 20_000 }).catch(() => {});
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
  });
  await page.click('#builder-embed');
  await page.locator('#copy-dialog').waitFor({ state: 'visible', timeout: 20_000 });
  const code = await page.locator('#copy-text').inputValue();
  await page.click('#copy-close');
  return { page, code };
}

function article(lang, code, cls = '') {
  const w = WORDS[lang];
  const path = join(tmp, `article-${lang}-${cls || 'plain'}.html`);
  writeFileSync(
    path,
    `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}" class="${cls}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${w.h1}</title>
<style>body{margin:0;font:17px/1.7 Georgia,"Noto Serif CJK SC",serif;background:#fff;color:#222}main{max-width:680px;margin:0 auto;padding:8px 16px}
html.dark body{background:#121212;color:#e6e6e6}</style></head>
<body><main><h1>${w.h1}</h1><p>${w.p}</p>${code}<p>${w.p}</p></main></body></html>`,
  );
  return pathToFileURL(path).href;
}

try {
  for (const lang of ['zh', 'en']) {
    for (const width of [1280, 375]) {
      const { page, code } = await builder(lang, width);
      // On a phone the chart is below the fields; at 1280 it stays in sight beside them.
      await page.evaluate((phone) => document.getElementById(phone ? 'builder-preview' : 'builder-words').scrollIntoView({ block: 'start' }), width < 600);
      await shot(page, `builder-${lang}-${width}`);
      await page.context().close();
      for (const cls of width < 600 && lang === 'zh' ? ['', 'dark'] : ['']) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const reader = await context.newPage();
        await reader.goto(article(lang, code, cls));
        await shot(reader, `embed-${lang}${cls ? `-${cls}` : ''}-${width}`, { fullPage: true });
        await context.close();
      }
    }
  }
  // The checks on a phone: the page as it opens, whole, and with two plans the table's
  // rows as cards.
  let page = await openPage(browser, { viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await shot(page, 'phone-390');
  await shot(page, 'phone-390-full', { fullPage: true });
  await page.context().close();
  page = await openPage(browser, { viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  await loadFiles(page, [join(PLANS, 'sz-2011-2013-innovation-city.json')]);
  await page.evaluate(() => document.getElementById('checks-table').scrollIntoView({ block: 'start' }));
  await shot(page, 'phone-390-cards');
  await page.context().close();
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
