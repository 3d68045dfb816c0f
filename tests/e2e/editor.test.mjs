// End-to-end tests of the editor's chart (issue #18): the builder's fields reach the
// drawing, the exports (SVG, PNG, embed code), the embed laid out again inside an article
// at 375 and 1200 px (no text under 12 px, nothing wider than the column), the dark host
// page, the chart spec in a share link, and the checks table on a phone.
//   node --test tests/e2e/editor.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { ensureBuilt, launch, openPage, downloadBytes, hasCharts, loadFiles, PLANS } from './helpers.mjs';

let browser;
let dir;
before(async () => {
  ensureBuilt();
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'planlens-embed-'));
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const HEADLINE = '南山区承担过半目标';
const NOTE = '南山区一家占四成';
/** The light theme's accent colour (src/chart/theme.rs): highlighted series take it. */
const ACCENT = /#d55e00|rgb\(213,\s*94,\s*0\)/i;

/** The builder's preview SVG, once it contains `text` (the chart is redrawn asynchronously). */
async function previewWith(page, text) {
  await page.waitForFunction((want) => (document.querySelector('#builder-preview svg')?.textContent || '').includes(want), text, { timeout: 20_000 });
  return page.evaluate(() => new XMLSerializer().serializeToString(document.querySelector('#builder-preview svg')));
}

/** Waits until the spec shown under the chart contains `text`. */
function specWith(page, text) {
  return page.waitForFunction((want) => (document.querySelector('#builder-spec')?.textContent || '').includes(want), text, { timeout: 20_000 });
}

/** The code behind "Copy embed code", read from the copy dialog (the clipboard is refused on purpose). */
async function embedCodeOf(page, context = 'builder') {
  await page.evaluate(() => {
    navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
  });
  await page.click(`#${context}-embed`);
  await page.locator('#copy-dialog').waitFor({ state: 'visible', timeout: 20_000 });
  const code = await page.locator('#copy-text').inputValue();
  await page.click('#copy-close');
  return code;
}

/**
 * The builder on the default plan, made into an editor's chart: the allocation of
 * 生物产业规模 among Shenzhen's districts, a headline, 南山区 highlighted, an annotation
 * on 南山区's bar. Returns the page.
 */
async function editedChart({ locale = 'zh-CN', viewport = { width: 1280, height: 900 }, follow = false } = {}) {
  const page = await openPage(browser, { locale, viewport });
  assert.equal(await hasCharts(page), true, 'the engine draws charts');
  await page.click('#tab-builder');
  await page.locator('#builder-type').waitFor();
  await page.selectOption('#builder-type', 'allocation');
  await page.locator('#builder-series').waitFor();
  await page.fill('#builder-text-title', HEADLINE);
  await specWith(page, HEADLINE);
  await page.locator('#builder-series label', { hasText: '南山区' }).locator('input[type=checkbox]').check();
  await page.waitForFunction(() => /"highlight":\s*true/.test(document.querySelector('#builder-spec')?.textContent || ''));
  await page.click('#builder-note-add');
  const point = page.locator('#builder-note-point-0');
  await point.waitFor();
  const value = await point.locator('option', { hasText: '南山区' }).first().getAttribute('value');
  await point.selectOption(value);
  await page.waitForFunction(() => /"area":\s*"nanshan"/.test(document.querySelector('#builder-spec')?.textContent || '') && document.getElementById('builder-note-text-0'));
  // An annotation without words yet is not drawn, and does not stop the drawing.
  await page.waitForTimeout(600);
  await page.locator('#builder-preview svg').first().waitFor();
  assert.equal(await page.locator('#builder-chart-note').count(), 0, 'the chart is drawn while the annotation is empty');
  await page.fill('#builder-note-text-0', NOTE);
  await specWith(page, NOTE);
  if (follow) {
    await page.check('#builder-follow');
    await page.waitForFunction(() => /cfollow=1/.test(location.hash));
  }
  return page;
}

test('1. the builder\'s headline, highlight and annotation reach the SVG, the spec and the exports', async () => {
  const page = await editedChart();
  const svg = await previewWith(page, NOTE);
  assert.match(svg, new RegExp(HEADLINE));
  assert.match(svg, new RegExp(NOTE));
  assert.match(svg, ACCENT, 'the highlighted district is drawn in the accent colour');
  // The spec shown is the one drawn, with the editor's part.
  const spec = JSON.parse(await page.locator('#builder-spec').textContent());
  assert.equal(spec.type, 'allocation');
  assert.equal(spec.text.title, HEADLINE);
  assert.deepEqual(spec.series.filter((s) => s.highlight).map((s) => s.area), ['nanshan']);
  assert.equal(spec.annotations.length, 1);
  assert.equal(spec.annotations[0].area, 'nanshan');
  assert.equal(spec.annotations[0].text, NOTE);
  // The source line starts as the data's default: the document number of the plan drawn.
  assert.match(await page.locator('#builder-text-source').inputValue(), /深府办〔2010〕98号/);
  assert.doesNotMatch(await page.locator('#builder-text-source').inputValue(), /sz-2010-98/);
  // The alt text starts as a generated sentence, then the data.
  const alt = await page.locator('#builder-text-alt').inputValue();
  assert.ok(alt.length > 20, `alt text: ${alt}`);
  assert.match(alt, /南山区/);
  // One generated sentence of what the chart shows opens it; the data follow under the
  // editor's headline, not the indicator's name.
  assert.ok(alt.startsWith('深圳市的目标分解到8个下级区域，南山区最多（51%）。'), `alt text: ${alt}`);
  assert.ok(alt.includes(`。${HEADLINE}：`), `alt text: ${alt}`);

  const svgFile = await downloadBytes(page, () => page.click('#builder-svg'));
  assert.match(svgFile.name, /\.svg$/);
  const svgText = svgFile.bytes.toString('utf8');
  assert.match(svgText, new RegExp(HEADLINE));
  assert.match(svgText, new RegExp(NOTE));
  const png = await downloadBytes(page, () => page.click('#builder-png'));
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.bytes.readUInt32BE(16), 2 * Number(/<svg[^>]*\swidth="(\d+)/.exec(svgText)[1]), 'the PNG is drawn at 2×');

  const code = await embedCodeOf(page);
  assert.match(code, /^<figure class="planlens-chart"/);
  assert.equal((code.match(/<svg\b/g) || []).length, 2, 'a phone and a column layout');
  assert.match(code, /@container/);
  assert.doesNotMatch(code, /<script/i);
  assert.match(code, /<figcaption>来源：深府办〔2010〕98号。/);
  assert.doesNotMatch(code, /sz-2010-98|sz-2011-2013/, 'no file id anywhere in the embed');
  assert.doesNotMatch(code, /济南|唐山|西宁/);
  assert.match(code, new RegExp(`role="img" aria-label="[^"]*南山区`));
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('2. the share link carries the editor\'s spec compressed; a malformed one is refused naming the key', async () => {
  const page = await editedChart({ locale: 'en-US' });
  await page.waitForFunction(() => /[#&]cspec=[\w-]+/.test(location.hash), null, { timeout: 10_000 });
  const hash = await page.evaluate(() => location.hash);
  assert.doesNotMatch(decodeURIComponent(hash), new RegExp(HEADLINE), 'the words are compressed, not spelled out');
  const again = await openPage(browser, { hash, locale: 'en-US' });
  await again.locator('#builder-text-title').waitFor();
  assert.equal(await again.locator('#builder-text-title').inputValue(), HEADLINE);
  await previewWith(again, NOTE);
  await again.context().close();

  const bad = zlib.deflateRawSync(Buffer.from(JSON.stringify({ text: { titel: 'x' } }))).toString('base64url');
  const refused = await openPage(browser, { hash: `#tab=builder&cspec=${bad}`, locale: 'en-US' });
  const alert = refused.locator('#messages [role=alert]');
  await alert.waitFor();
  const message = await alert.innerText();
  assert.match(message, /cspec/);
  assert.match(message, /\/text\/titel/);
  // The chart is drawn without the refused settings.
  await refused.locator('#builder-preview svg').waitFor();
  await refused.context().close();
  await page.context().close();
});

/** An article page around the embed code, written to the temp dir; `cls` goes on <html>. */
function article(code, { cls = '', name = 'article.html' } = {}) {
  const html = `<!doctype html>
<html lang="zh-CN" class="${cls}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>深圳生物产业目标分解</title>
<style>
body { margin: 0; font: 17px/1.7 "Noto Serif CJK SC", serif; background: #fff; color: #222; }
main { max-width: 680px; margin: 0 auto; padding: 0 16px; }
@media (prefers-color-scheme: dark) { body { background: #121212; color: #e6e6e6; } }
html.light body { background: #fff; color: #222; }
html.dark body { background: #121212; color: #e6e6e6; }
</style></head>
<body><main><article id="column">
<h1>深圳生物产业目标如何分解</h1>
<p>2011年，深圳市生物产业规模目标为700亿元，由各区分担。</p>
${code}
<p>各区目标之和与全市目标一致。</p>
</article></main></body></html>`;
  const path = join(dir, name);
  writeFileSync(path, html);
  return pathToFileURL(path).href;
}

/** Opens an article at a width; `colorScheme` emulates the reader's setting. */
async function openArticle(url, width, { colorScheme = 'light', bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What the reader sees of the embed: the shown SVGs, the smallest text on screen and any overflow. */
function measure(page) {
  return page.evaluate(() => {
    const column = document.getElementById('column').getBoundingClientRect();
    const shown = [...document.querySelectorAll('.planlens-chart svg')].filter((s) => s.getClientRects().length);
    let smallest = Infinity;
    let texts = 0;
    const small = [];
    for (const svg of shown) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        texts++;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        smallest = Math.min(smallest, px);
        if (px < 11.95) small.push(`${t.textContent.trim()} ${px.toFixed(1)}px`);
      }
    }
    const over = [...document.querySelectorAll('.planlens-chart, .planlens-chart *')]
      .filter((el) => el.getClientRects().length && !el.closest('details:not([open]) > :not(summary)'))
      .filter((el) => el.getBoundingClientRect().right > column.right + 0.5 || el.getBoundingClientRect().left < column.left - 0.5)
      .map((el) => el.tagName);
    return {
      classes: shown.map((s) => `${s.parentElement.getAttribute('class')} ${s.getAttribute('class')}`),
      smallest,
      texts,
      small,
      over,
      pageWider: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

test('3. the embed in an article: phone layout at 375, column layout at 1200, no text under 12 px, nothing overflows; dark hosts', async () => {
  const page = await editedChart({ follow: true });
  const code = await embedCodeOf(page);
  await page.context().close();
  assert.equal((code.match(/<svg\b/g) || []).length, 4, 'light and dark, phone and column');
  const url = article(code);
  for (const [width, layout] of [
    [375, 'pl-phone'],
    [1200, 'pl-column'],
  ]) {
    const reader = await openArticle(url, width);
    const m = await measure(reader);
    assert.deepEqual(m.classes, [`pl-light ${layout}`], `at ${width} px one SVG shows, the ${layout} light one`);
    assert.ok(m.texts > 5, `texts measured: ${m.texts}`);
    assert.deepEqual(m.small, [], `no text under 12 px at ${width} px (smallest ${m.smallest.toFixed(1)} px)`);
    assert.deepEqual(m.over, [], `nothing wider than the column at ${width} px`);
    assert.equal(m.pageWider, false);
    const caption = await reader.locator('.planlens-chart figcaption').innerText();
    assert.match(caption, /^来源：深府办〔2010〕98号。/);
    await reader.context().close();
  }
  // Dark: by the reader's setting, and by a class on the host page (which wins).
  let reader = await openArticle(url, 375, { colorScheme: 'dark' });
  assert.deepEqual((await measure(reader)).classes, ['pl-dark pl-phone']);
  await reader.context().close();
  reader = await openArticle(article(code, { cls: 'dark', name: 'dark.html' }), 1200);
  assert.deepEqual((await measure(reader)).classes, ['pl-dark pl-column']);
  await reader.context().close();
  reader = await openArticle(article(code, { cls: 'light', name: 'light.html' }), 1200, { colorScheme: 'dark' });
  assert.deepEqual((await measure(reader)).classes, ['pl-light pl-column']);
  await reader.context().close();
});

test('4. without "follow the article", the embed keeps the chosen theme', async () => {
  const page = await editedChart();
  await page.selectOption('#builder-theme', 'dark');
  await page.waitForFunction(() => document.querySelector('#builder-preview .chart-frame')?.dataset.theme === 'dark');
  const code = await embedCodeOf(page);
  await page.context().close();
  assert.equal((code.match(/<svg\b/g) || []).length, 2);
  const reader = await openArticle(article(code, { name: 'fixed.html' }), 375);
  assert.deepEqual((await measure(reader)).classes, ['pl-dark pl-phone']);
  await reader.context().close();
});

test('5. phone: the checks table fits 375 px as cards, and a tapped row brings its detail into view', async () => {
  const page = await openPage(browser, { viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
  await loadFiles(page, [join(PLANS, 'sz-2011-2013-innovation-city.json')]);
  const fit = await page.evaluate(() => {
    const table = document.getElementById('checks-table');
    const cut = [...table.querySelectorAll('td')].filter((td) => td.getClientRects().length && td.scrollWidth > td.clientWidth + 1).map((td) => td.className);
    const outside = [...table.querySelectorAll('tr.finding td')]
      .filter((td) => td.getClientRects().length && td.getBoundingClientRect().right > window.innerWidth)
      .map((td) => td.className);
    return { table: table.getBoundingClientRect().width, page: document.documentElement.scrollWidth, cut, outside };
  });
  assert.ok(fit.table <= 375, `the table is ${fit.table} px wide`);
  assert.ok(fit.page <= 375, `the page is ${fit.page} px wide`);
  assert.deepEqual(fit.cut, [], 'no cell cut off');
  // The counts above the table show their labels whole, in both languages.
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.click('#lang-switch');
    const cutLabels = await page.locator('.summary-item').evaluateAll((items) =>
      items
        .filter((it) => {
          const l = it.querySelector('.summary-label');
          const range = document.createRange();
          range.selectNodeContents(l);
          return range.getBoundingClientRect().right > it.getBoundingClientRect().right - 1 || l.scrollWidth > l.clientWidth + 1;
        })
        .map((it) => it.textContent),
    );
    assert.deepEqual(cutLabels, [], `${lang}: count labels cut off`);
  }
  await page.click('#lang-switch');
  assert.deepEqual(fit.outside, [], 'no cell beyond the screen');
  const row = page.locator('#checks-table tr.finding').nth(5);
  await row.scrollIntoViewIfNeeded();
  await row.click();
  await page.waitForFunction(
    () => {
      const r = document.getElementById('detail').getBoundingClientRect();
      return r.top >= -1 && r.top < window.innerHeight * 0.5;
    },
    null,
    { timeout: 5000 },
  );
  const key = await row.getAttribute('data-key');
  assert.equal(await page.evaluate(() => window.planlens.app.state.sel), key);
  // Keyboard: Enter on a row moves the focus to the detail's heading, in view.
  await page.evaluate(() => window.scrollTo(0, 0));
  const other = page.locator('#checks-table tr.finding').nth(2);
  await other.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.classList.contains('detail-title'));
  await page.context().close();
});

test('6. a link to the builder gives the same SVG bytes as `planlens chart --spec` (the golden drawn by the CLI)', async () => {
  const root = new URL('../../', import.meta.url);
  const spec = JSON.parse(readFileSync(new URL('tests/golden/specs/editor_allocation.json', root), 'utf8'));
  const golden = readFileSync(new URL('tests/golden/spec_editor_allocation.svg', root), 'utf8');
  const edit = { text: spec.text, series: spec.series, annotations: spec.annotations };
  const cspec = zlib.deflateRawSync(Buffer.from(JSON.stringify(edit))).toString('base64url');
  const view = `tab=builder&chart=allocation&cind=${spec.indicator}&careas=${spec.areas[0]}&cyear=${spec.year}&size=custom&cw=640&ch=${spec.height}&clang=zh&theme=light`;
  const page = await openPage(browser, { hash: `#${view}&cspec=${cspec}` });
  await previewWith(page, spec.annotations[0].text);
  const svg = await downloadBytes(page, () => page.click('#builder-svg'));
  assert.equal(svg.bytes.toString('utf8'), golden);
  // The spec shown is the CLI's file, give or take the defaults it spells out.
  const shown = JSON.parse(await page.locator('#builder-spec').textContent());
  const bare = (s) => ({ ...s, width: undefined, lang: undefined, theme: undefined });
  assert.deepEqual(bare(shown), bare(spec));
  await page.context().close();
});
