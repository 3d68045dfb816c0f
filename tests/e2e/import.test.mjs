// Tables into the page, end to end in Chromium (file://): files and pastes that are
// tables are read, imported by the engine, loaded and checked; the Tables tab shows the
// roles, a click corrects one, and the saved plan is byte for byte what
// `planlens import` writes for the same file (the fixtures' expected.json, which
// tests/import.rs holds the CLI to).
//   node --test tests/e2e/import.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, openPage, downloadBytes, loadFiles, settle, ROOT } from './helpers.mjs';

const IMPORT = join(ROOT, 'tests/fixtures/import');

let browser;
useBrowser((b) => (browser = b));

const count = (page, status) => page.locator(`#summary .summary-item[data-status=${status}] .count`).innerText();

/** Opens a page with nothing loaded, so that the counts are the table's own. */
async function emptyPage(opts) {
  const page = await openPage(browser, opts);
  await settle(page, () => page.locator('#clear-all, .plan-list .remove').first().click());
  return page;
}

for (const [kase, file] of [
  ['xlsx-seed001', 'districts.xlsx'],
  ['html-seed001', 'districts.html'],
  ['seed001-text', 'seed001.txt'],
  ['seed001-tsv', 'districts.tsv'],
  ['csv-years', 'years.csv'],
  ['xlsx-openpyxl', 'seed001-openpyxl.xlsx'],
  ['xlsx-xlsxwriter', 'seed001-xlsxwriter.xlsx'],
]) {
  test(`a table file (${kase}/${file}) is read, checked, and saves the plan the CLI writes`, async () => {
    const options = (() => {
      try {
        return readFileSync(join(IMPORT, kase, 'options'), 'utf8');
      } catch {
        return '';
      }
    })();
    const page = await emptyPage();
    await loadFiles(page, [join(IMPORT, kase, file)]);
    if (options.trim()) {
      // What the table does not say, the user fills in as the CLI's flags do.
      assert.equal(await page.locator('#tables-error').isVisible(), true);
      for (const line of options.trim().split('\n')) {
        const [k, v] = line.split('=').map((s) => s.trim());
        if (k === 'sheet') {
          await settle(page, () => page.selectOption('#tables-sheet', v));
          continue;
        }
        const id = { year: '#tables-year', unit: '#tables-unit', indicator: '#tables-indicator', area_total: '#tables-area-total' }[k];
        assert.ok(id, `no field for ${k}`);
        await page.fill(id, v);
        await page.locator(id).dispatchEvent('change');
      }
      await settle(page, () => page.click('#tables-check'));
    }
    assert.equal(await page.locator('#tab-tables').getAttribute('aria-selected'), 'true');
    assert.match(await page.locator('#tables-status').innerText(), new RegExp(`${file.replace('.', '\\.')}\\.json`));
    assert.match(await page.locator('.tables-roles').first().innerText(), /areas in column [AB];/);
    assert.equal(await count(page, 'fail'), '0');
    assert.ok(Number(await count(page, 'ok')) >= 2);
    const { name, bytes } = await downloadBytes(page, () => page.click('#tables-save'));
    assert.equal(name, `${file}.json`);
    assert.equal(bytes.toString('utf8').trimEnd(), readFileSync(join(IMPORT, kase, 'expected.json'), 'utf8').trimEnd());
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  });
}

test('the Tables tab shows the roles; a click on another row makes it the total', async () => {
  const page = await emptyPage({ locale: 'zh-CN' });
  await loadFiles(page, [join(IMPORT, 'xlsx-seed001', 'districts.xlsx')]);
  const roles = await page.locator('.tables-roles').first().innerText();
  assert.match(roles, /宽表；地区在 A 列；合计行为第 4 行（全市）；年份 2011、2012；单位 亿元/);
  assert.match(await page.locator('.tables-grid tr.role-total td').first().innerText(), /^全\s+市$/);
  assert.equal(await count(page, 'ok'), '6');
  // 南山区 (grid row 7) as the total: the others do not add up to it.
  await settle(page, () => page.click('button[data-total-row="6"]'));
  assert.equal(await page.locator('.tables-grid tr.role-total td').first().innerText(), '南山区');
  assert.ok(Number(await count(page, 'fail')) > 0);
  await settle(page, () => page.click('#tables-reset'));
  assert.equal(await count(page, 'fail'), '0');
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('what a table does not say is asked for, naming the place', async () => {
  const page = await emptyPage();
  await loadFiles(page, [join(IMPORT, 'errors', 'no-year.tsv')]);
  const err = await page.locator('#tables-error').innerText();
  assert.match(err, /no-year\.tsv!B2: no year/);
  await page.fill('#tables-year', '2011');
  await page.locator('#tables-year').dispatchEvent('change');
  await settle(page, () => page.click('#tables-check'));
  assert.equal(await page.locator('#tables-status').isVisible(), true);
  await page.context().close();
});

test('paste: a TSV from a spreadsheet, an HTML table, JSON, and text that is neither', async () => {
  const page = await emptyPage();
  const paste = async (text, html) => {
    await page.click('#paste-open');
    await page.locator('#paste-text').evaluate((el, [t, hh]) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      if (hh) data.setData('text/html', hh);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      el.value = t;
    }, [text, html]);
    await settle(page, () => page.click('#paste-load'));
  };
  const tsv = readFileSync(join(IMPORT, 'seed001-tsv', 'districts.tsv'), 'utf8');
  await paste(tsv);
  assert.match(await page.locator('#messages').innerText(), /Read the pasted text as a table/);
  assert.equal(await count(page, 'ok'), '6');
  // Excel and web pages put an HTML table beside the text; the table is read from it.
  const html = readFileSync(join(IMPORT, 'html-seed001', 'districts.html'), 'utf8');
  await paste('全  市 700 540 750', html);
  assert.match(await page.locator('.tables-figure figcaption').first().innerText(), /各区\(新区\)产业发展目标分解/);
  await paste(readFileSync(join(ROOT, 'plans', 'sz-2010-98.json'), 'utf8'));
  assert.match(await page.locator('#messages').innerText(), /as a planlens\/1 plan/);
  await page.click('#paste-open');
  await page.fill('#paste-text', '今年全市经济运行平稳。');
  await settle(page, () => page.click('#paste-load'));
  assert.match(await page.locator('#paste-error').innerText(), /neither a planlens\/1 plan \(JSON\) nor a table/);
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('a table opened over the untouched example plan puts the example aside; beside another plan it stays', async () => {
  let page = await openPage(browser);
  await loadFiles(page, [join(IMPORT, 'html-seed001', 'districts.html')]);
  assert.equal(await count(page, 'ok'), '6');
  assert.match(await page.locator('#messages').innerText(), /example plan was put aside/);
  assert.doesNotMatch(await page.locator('#plans').innerText(), /sz-2010-98\.json/);
  await page.context().close();
  page = await openPage(browser);
  await loadFiles(page, [join(ROOT, 'plans', 'sz-2011-2013-innovation-city.json')]);
  await loadFiles(page, [join(IMPORT, 'html-seed001', 'districts.html')]);
  assert.match(await page.locator('#plans').innerText(), /sz-2010-98\.json[\s\S]*districts\.html\.json/);
  await page.context().close();
});

test('a picture is named as a picture, not as a plan in the wrong encoding', async () => {
  const page = await emptyPage();
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  await settle(page, () => page.setInputFiles('#file-input', [{ name: 'chart.png', mimeType: 'image/png', buffer: png }]));
  assert.match(await page.locator('#messages').innerText(), /this is a PNG file, not a plan or a table/);
  await page.context().close();
});

test('draft from text: a web table pasted as text is read as a table, the same plan as a table file', async () => {
  const page = await emptyPage();
  await page.click('#tab-extract');
  await page.fill('#extract-text', readFileSync(join(IMPORT, 'seed001-text', 'seed001.txt'), 'utf8'));
  await settle(page, () => page.click('#extract-run'));
  assert.equal(await page.locator('#tab-tables').getAttribute('aria-selected'), 'true');
  assert.match(await page.locator('#messages').innerText(), /The text is a table: read as one/);
  assert.equal(await count(page, 'ok'), '6');
  const { bytes } = await downloadBytes(page, () => page.click('#tables-save'));
  const expected = readFileSync(join(IMPORT, 'seed001-text', 'expected.json'), 'utf8');
  // The same plan; only the file name differs (text.txt, the tab's name for pasted text).
  assert.equal(bytes.toString('utf8').trimEnd(), expected.trimEnd().replaceAll('seed001.txt', 'text.txt').replace('"id": "seed001"', '"id": "text"'));
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});
