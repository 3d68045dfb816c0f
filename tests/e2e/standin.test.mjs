// The stand-in (issue #17, the first chart at once): dist/planlens.html carries the
// default plan's first detail chart drawn at build time (scripts/standin.mjs). These tests
// prove that the engine in the page draws exactly those bytes for the chart the page asks
// for, that the chart stays on screen until the engine's drawing takes its place, and
// that a page which would draw another chart (English, dark, a phone, a link) never shows
// the stand-in.
//   node --test tests/e2e/standin.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser, PAGE, PAGE_URL } from './helpers.mjs';

let browser;
useBrowser((b) => (browser = b));

/** The stand-in as the file carries it: its spec (the attribute, unescaped) and its SVG bytes. */
function standinInFile() {
  const html = readFileSync(PAGE, 'utf8');
  const m = /<div class="chart-frame" data-theme="light" id="standin" data-spec="([^"]*)">([\s\S]*?)<\/div><\/div><script>/.exec(html);
  assert.ok(m, 'dist/planlens.html has no stand-in');
  return { spec: m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'), svg: m[2] };
}

/**
 * Watches the page from its first byte: what the stand-in looked like when the document
 * was parsed, and whether a chart was ever missing from the document between the first
 * chart and the engine's drawing.
 */
const WATCH = () => {
  const w = (window.__standin = { atParse: null, gaps: 0, seen: false });
  const look = () => {
    const any = document.querySelector('svg.chart-svg');
    if (any) w.seen = true;
    else if (w.seen) w.gaps++;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('DOMContentLoaded', () => {
    const frame = document.getElementById('standin');
    const svg = frame && frame.querySelector('svg');
    w.atParse = frame
      ? { shown: getComputedStyle(frame).display !== 'none' && frame.getBoundingClientRect().width > 0, cls: svg.getAttribute('class'), label: svg.getAttribute('aria-label') }
      : null;
  });
};

async function open({ locale = 'zh-CN', width = 1280, colorScheme = 'light', hash = '' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(WATCH);
  await page.goto(PAGE_URL + hash);
  await page.waitForSelector('html[data-ready=true]', { state: 'attached', timeout: 30_000 });
  // The engine's drawing of the detail chart: a frame the page made (it has no id).
  await page.waitForSelector('#detail .chart-frame:not(#standin) svg.chart-svg', { timeout: 30_000 });
  return { context, page, errors };
}

test('the stand-in is the engine’s own drawing of the chart the page shows first, and stays until it comes', async () => {
  const file = standinInFile();
  const { context, page, errors } = await open();
  try {
    const seen = await page.evaluate(() => window.__standin);
    assert.ok(seen.atParse, 'the stand-in was dropped on a wide zh-CN page in the light scheme');
    assert.equal(seen.atParse.shown, true, 'the stand-in is not displayed');
    assert.equal(seen.atParse.cls, 'chart-svg');
    assert.ok(seen.atParse.label, 'the stand-in has no accessible name');
    assert.equal(seen.gaps, 0, 'the chart left the page between the stand-in and the engine’s drawing');
    // The page asked the engine for the stand-in's spec…
    const drawn = await page.evaluate(() => document.querySelector('#detail .chart-frame:not(#standin)').dataset.spec);
    assert.equal(drawn, file.spec);
    // …and the engine, asked in the page for that spec, draws the stand-in byte for byte.
    const svg = await page.evaluate((spec) => window.planlens.app.engine.chart(spec), file.spec);
    assert.equal(svg, file.svg);
    assert.equal(await page.locator('#standin').count(), 0, 'the stand-in is still in the page');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const [name, options] of [
  ['English', { locale: 'en-US' }],
  ['dark', { colorScheme: 'dark' }],
  ['a link', { hash: '#tab=checks' }],
]) {
  test(`no stand-in on a page that draws another first chart: ${name}`, async () => {
    const { context, page } = await open(options);
    try {
      const seen = await page.evaluate(() => window.__standin);
      assert.equal(seen.atParse, null, 'the stand-in was kept');
    } finally {
      await context.close();
    }
  });
}

test('on a phone the stand-in is hidden and the engine draws the chart for the narrow column', async () => {
  const file = standinInFile();
  const { context, page } = await open({ width: 375 });
  try {
    const seen = await page.evaluate(() => window.__standin);
    assert.equal(seen.atParse && seen.atParse.shown, false, 'the stand-in was displayed in a column narrower than the chart');
    const drawn = await page.evaluate(() => document.querySelector('#detail .chart-frame:not(#standin)').dataset.spec);
    assert.notEqual(drawn, file.spec);
    assert.equal(JSON.parse(drawn).width, 320);
  } finally {
    await context.close();
  }
});
