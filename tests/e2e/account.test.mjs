// Every plan accounted for (issue 18), through the built page from file://:
//   node --test tests/e2e/account.test.mjs
// The eight plans go in through the file input; each plan's account (read, checked,
// left out, and why) is the one the CLI pins in tests/coverage/plans.txt. Search finds
// an area inside sums; the indicator filter is grouped and searchable; a #plan= link
// that unpacks past the file limit is stopped there; a picture or random bytes are
// named as what they are. Screenshots of the account at 375 and 1280 px, zh and en, go
// to $SCREENSHOTS or the system's temporary folder (planlens-account/), not into the
// repository: each is a tall page of 0.7 MB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import zlib from 'node:zlib';
import { useBrowser, openPage, loadFiles, settle, planFragment, PLANS, ROOT } from './helpers.mjs';

let browser;
useBrowser((b) => (browser = b));

const ALL = readdirSync(PLANS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => join(PLANS, f));

/** The CLI's account (tests/coverage/plans.txt): file → [targets, checked, left out]. */
function cliAccount() {
  const out = new Map();
  let plan = null;
  for (const line of readFileSync(join(ROOT, 'tests/coverage/plans.txt'), 'utf8').split('\n')) {
    const m = /\((plans\/[^)]+)\): (\d+) targets read, (\d+) checked; (\d+) actuals read, (\d+) checked; (\d+) left out$/.exec(line);
    if (m) {
      plan = { targets: +m[2], actuals: +m[4], checked: +m[3] + +m[5], left: +m[6], reasons: {} };
      out.set(m[1].replace('plans/', ''), plan);
    }
    // A reason's line: "  25 hidden_year: why".
    const r = /^ {2}(\d+) (\w+): /.exec(line);
    if (r && plan) plan.reasons[r[2]] = +r[1];
  }
  return out;
}

const item = (page, file) => page.locator(`#plan-list > li[data-file="${file}"]`);

test('all eight plans: each is named, and its account is the CLI’s, with the reasons', async () => {
  const page = await openPage(browser);
  await loadFiles(page, ALL);
  assert.equal(await page.locator('#plan-list > li').count(), 8);
  // Eight plans fold into a list whose summary gives the totals; opened, each plan's.
  await page.locator('.plans-details > summary').click();
  const cli = cliAccount();
  assert.equal(cli.size, 8);
  for (const [file, want] of cli) {
    const li = item(page, file);
    const line = await li.locator('.account-line').innerText();
    const nums = [...line.matchAll(/\d+/g)].map(Number);
    const expected = [want.targets, ...(want.actuals ? [want.actuals] : []), want.checked, want.left];
    assert.deepEqual(nums, expected, `${file}: ${line}`);
    // The name is the document number or title, never the id (the file name is beside it).
    const name = await li.locator('.plan-doc').innerText();
    const id = JSON.parse(readFileSync(join(PLANS, file), 'utf8')).plan.id;
    assert.notEqual(name.trim(), id, file);
    assert.ok(!name.includes(id), `${file}: ${name}`);
  }
  // The four compilations: read, mostly left out for hidden years (what is checked are
  // figures of one sentence or table sharing their hidden year).
  for (const file of ['jinan-innovation-city.json', 'tangshan-innovation-city.json', 'xiangtan-innovation-city.json', 'xining-innovation-city.json']) {
    const li = item(page, file);
    const c = cli.get(file);
    assert.ok(c.checked * 3 < c.targets + c.actuals, `${file}: ${c.checked} checked`);
    await li.locator('.account-details > summary').click();
    const hidden = li.locator('.account-group[data-reason=hidden_year]');
    assert.equal(await hidden.count(), 1, file);
    const n = await hidden.locator('.account-figure').count();
    assert.ok(n * 2 > cli.get(file).left, `${file}: ${n} hidden of ${cli.get(file).left}`);
    // Each figure with its indicator, area, hidden year and source sentence.
    const first = await hidden.locator('.account-figure').first().innerText();
    assert.match(first, /20XX|201\*/, first);
    assert.equal(await hidden.locator('.account-figure').first().locator('q').count(), 1);
  }
  // Shenzhen's district plan: mostly checked, and what is left has a reason.
  const sz = cli.get('sz-2010-98.json');
  assert.ok(sz.checked * 4 > sz.targets * 3);
  await item(page, 'sz-2010-98.json').locator('.account-details > summary').click();
  assert.equal(await item(page, 'sz-2010-98.json').locator('.account-group[data-reason=no_counterpart] .account-figure').count(), sz.left);
  // Each reason of Xiangtan's figures left out, with as many figures as the CLI gives it.
  const xt = item(page, 'xiangtan-innovation-city.json');
  const reasons = cli.get('xiangtan-innovation-city.json').reasons;
  assert.ok(Object.keys(reasons).length >= 2, JSON.stringify(reasons));
  for (const [reason, n] of Object.entries(reasons)) {
    assert.equal(await xt.locator(`.account-group[data-reason=${reason}] .account-figure`).count(), n, reason);
  }
  const sum = (k) => [...cli.values()].reduce((n, c) => n + (k === 'read' ? c.targets + c.actuals : c[k]), 0);
  assert.ok(sum('read') > 500 && sum('checked') > 100, `${sum('read')} read, ${sum('checked')} checked`);
  assert.match(await page.locator('.plans-totals').innerText(), new RegExp(`${sum('read')} figures read, ${sum('checked')} checked, ${sum('left')} left out`));
  assert.deepEqual(page.pageErrors, []);
  await page.context().close();
});

test('screenshots of the account: 375 and 1280 px, Chinese and English', async () => {
  const out = process.env.SCREENSHOTS || join(tmpdir(), 'planlens-account');
  mkdirSync(out, { recursive: true });
  for (const [width, locale, lang] of [[1280, 'zh-CN', 'zh'], [1280, 'en-US', 'en'], [375, 'zh-CN', 'zh'], [375, 'en-US', 'en']]) {
    const page = await openPage(browser, { viewport: { width, height: 900 }, locale });
    await loadFiles(page, ALL);
    await page.locator('.plans-details > summary').click();
    await item(page, 'xiangtan-innovation-city.json').locator('.account-details > summary').click();
    const plans = page.locator('#plans');
    const box = await plans.boundingBox();
    assert.ok(box.width <= width, `${width}: the plan list is ${box.width} px wide`);
    // Nothing in the account is wider than the screen.
    const over = await page.evaluate((w) => [...document.querySelectorAll('#plans *')].filter((e) => e.getBoundingClientRect().right > w + 1).length, width);
    assert.equal(over, 0, `${width} ${lang}: elements past the right edge`);
    await plans.screenshot({ path: join(out, `account-${lang}-${width}.png`) });
    await page.context().close();
  }
});

test('searching 南山 finds 深圳市’s district sums and the plan that holds them', async () => {
  const page = await openPage(browser, { locale: 'zh-CN' });
  const all = await page.locator('#checks-table tbody tr.finding').count();
  await page.fill('#filter-q', '南山');
  await page.waitForFunction(() => document.querySelectorAll('#checks-table tbody tr.finding').length === 6);
  const checks = await page.locator('#checks-table tbody tr.finding').evaluateAll((rows) => rows.map((r) => `${r.dataset.check}@${r.dataset.area}`));
  assert.deepEqual([...new Set(checks)], ['area_sum@shenzhen']);
  const note = await page.locator('#search-inside').innerText();
  assert.match(note, /南山区/);
  assert.match(note, /深圳市/);
  assert.match(note, /深府办〔2010〕98号/);
  // A plan is found by its document number too: every finding of the default plan.
  await page.fill('#filter-q', '深府办');
  await page.waitForFunction((n) => document.querySelectorAll('#checks-table tbody tr.finding').length === n, all);
  assert.ok(all > 6, `${all} findings`);
  await page.context().close();
});

test('the indicator filter is grouped by plan and narrows as one types', async () => {
  const page = await openPage(browser);
  await loadFiles(page, [join(PLANS, 'sz-2011-2013-innovation-city.json')]);
  if (!(await page.locator('#filter-ind').isVisible())) await page.locator('.more-filters > summary').click();
  const groups = await page.locator('#filter-ind optgroup').evaluateAll((g) => g.map((x) => x.label));
  assert.ok(groups.includes('深府办〔2010〕98号'), groups.join(' | '));
  assert.ok(groups.some((g) => g.startsWith('深圳国家创新型城市总体规划实施方案')), groups.join(' | '));
  const before = await page.locator('#filter-ind option').count();
  await page.fill('#filter-ind-filter', '新能源');
  const after = await page.locator('#filter-ind option:not([value=""])').allInnerTexts();
  assert.ok(after.length > 0 && after.length < before - 1, `${after.length} of ${before}`);
  for (const label of after) assert.match(label, /新能源/);
  await page.selectOption('#filter-ind', 'new_energy_output');
  await page.waitForFunction(() => [...document.querySelectorAll('#checks-table tbody tr.finding')].every((r) => r.dataset.indicator === 'new_energy_output'));
  // The typed filter stays after the redraw the choice causes.
  assert.equal(await page.locator('#filter-ind-filter').inputValue(), '新能源');
  assert.equal(await page.locator('#filter-ind').inputValue(), 'new_energy_output');
  // The chart builder's indicator is the same kind of picker, grouped by the plan of the figures.
  await page.click('#tab-builder');
  await page.waitForSelector('#builder-indicator optgroup', { state: 'attached' });
  const built = await page.locator('#builder-indicator optgroup').evaluateAll((g) => g.map((x) => x.label));
  assert.ok(built.includes('深府办〔2010〕98号'), built.join(' | '));
  assert.ok(built.length >= 2, built.join(' | '));
  await page.fill('#builder-indicator-filter', '新能源');
  for (const label of await page.locator('#builder-indicator option').allInnerTexts()) assert.match(label, /新能源/);
  await page.context().close();
});

/** A deflate-raw stream of `mb` MB of spaces, base64url: about 1 KB per MB. */
function bombFragment(mb) {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const parts = [];
  const d = zlib.createDeflateRaw({ level: 9 });
  d.on('data', (c) => parts.push(c));
  for (let i = 0; i < mb; i++) d.write(chunk);
  return new Promise((resolve) => {
    d.end(() => resolve(Buffer.concat(parts).toString('base64url')));
  });
}

test('a #plan= link that unpacks past the file limit stops there and says so', async () => {
  const bomb = await bombFragment(600);
  assert.ok(bomb.length < 1024 * 1024, `${bomb.length}`);
  const example = planFragment(readFileSync(join(PLANS, 'sz-2010-98.json'), 'utf8'));
  for (const [locale, limit, kept] of [
    ['en-US', /unpacks to more than 200(\.0)? MB, the largest file the page takes: unpacking stopped there/, /What is shown belongs to the plans of the link that opened: 深府办〔2010〕98号/],
    ['zh-CN', /解压后超过 200(\.0)? MB（本页可接受的最大文件），已在此处停止解压/, /所示结果只属于链接中能打开的规划：深府办〔2010〕98号/],
  ]) {
    const started = Date.now();
    const page = await openPage(browser, { hash: `#plan=${example}&plan=${bomb}`, locale });
    await page.locator('#messages .message-info').waitFor({ timeout: 60_000 });
    const messages = await page.locator('#messages').innerText();
    assert.match(messages, limit);
    assert.match(messages, kept);
    assert.doesNotMatch(messages, /empty/);
    assert.equal(await page.locator('#plan-list > li').count(), 1);
    assert.ok(Date.now() - started < 60_000);
    assert.deepEqual(page.pageErrors, []);
    await page.context().close();
  }
});

test('a PNG and random bytes are named as what they are, and what is shown is said', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000', 'hex');
  let seed = 7;
  const noise = Buffer.from(Array.from({ length: 3000 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
  for (const [locale, pngText, noiseText, kept] of [
    ['en-US', /this is a PNG file, not a plan or a table/, /this is not a plan file: it is binary data, not text/, /What is shown belongs to the plans loaded before: 深府办〔2010〕98号/],
    ['zh-CN', /这是 PNG 文件，不是规划文件或表格/, /这不是规划文件：它是二进制数据，不是文本/, /所示结果只属于此前已载入的规划：深府办〔2010〕98号/],
  ]) {
    const page = await openPage(browser, { locale });
    await settle(page, () =>
      page.setInputFiles('#file-input', [
        { name: 'plan.json', mimeType: 'application/json', buffer: png },
        { name: 'noise.json', mimeType: 'application/json', buffer: noise },
      ]),
    );
    const messages = await page.locator('#messages').innerText();
    assert.match(messages, pngText);
    assert.match(messages, noiseText);
    assert.match(messages, kept);
    assert.doesNotMatch(messages, /UTF-8|GBK/);
    await page.context().close();
  }
});

test('a refused plan is worded in the page’s language, with its place', async () => {
  const bad = Buffer.from('{"format": "planlens/1", "plan": {"id": 5}}');
  const gbk = Buffer.from([0x7b, 0xc9, 0xee, 0xdb, 0xda, 0x7d, 0x0a]);
  for (const [locale, expected, notUtf8] of [
    ['en-US', /bad\.json:1:41: \/plan\/id: expected a string, found 5/, null],
    ['zh-CN', /bad\.json:1:41: \/plan\/id: 此处应为字符串，实际是 5/, /不是 UTF-8 文本|GBK/],
  ]) {
    const page = await openPage(browser, { locale });
    await settle(page, () => page.setInputFiles('#file-input', [{ name: 'bad.json', mimeType: 'application/json', buffer: bad }]));
    assert.match(await page.locator('#messages').innerText(), expected);
    if (notUtf8) {
      await settle(page, () => page.setInputFiles('#file-input', [{ name: 'gbk.json', mimeType: 'application/json', buffer: gbk }]));
      assert.match(await page.locator('#messages').innerText(), notUtf8);
    }
    await page.context().close();
  }
});

test('unknown ids, duplicates and cycles are worded in the page’s language too', async () => {
  const plan = (body) => Buffer.from(`{"format":"planlens/1","plan":{"id":"p"},${body}}`);
  const unknown = plan('"areas":[{"id":"x","name":"X"}],"indicators":[{"id":"i","name":"I","unit":"家"}],"targets":[{"indicator":"i","area":"atlantis","year":2020,"value":1}]');
  const duplicate = plan('"areas":[{"id":"x","name":"X"},{"id":"x","name":"Y"}]');
  const cycle = plan('"areas":[{"id":"x","name":"X","parent":"y"},{"id":"y","name":"Y","parent":"x"}]');
  for (const [locale, words] of [
    ['en-US', [/\/targets\/0\/area: unknown area “atlantis”: no plan loaded defines it/, /the area id “x” is given twice \(also at \/areas\/0\)/, /the areas’ parents form a cycle: [xy] → [xy] → [xy]/]],
    ['zh-CN', [/\/targets\/0\/area: 未知的地区“atlantis”/, /地区编号“x”重复（另见 \/areas\/0）/, /地区的上级关系构成循环：[xy] → [xy] → [xy]/]],
  ]) {
    const page = await openPage(browser, { locale });
    for (const [i, buffer] of [unknown, duplicate, cycle].entries()) {
      await settle(page, () => page.setInputFiles('#file-input', [{ name: `bad${i}.json`, mimeType: 'application/json', buffer }]));
      assert.match(await page.locator('#messages').innerText(), words[i]);
    }
    await page.context().close();
  }
});

test('a part of a sum quotes its own sentence, and the figure is marked in every quote', async () => {
  const page = await openPage(browser, { locale: 'zh-CN' });
  await page.locator('#checks-table tbody tr.finding').first().click();
  await page.waitForSelector('#detail .parts .part-source mark');
  // 福田区's 28 in its own row of the allocation table, 全市's 700 in the headline's quote.
  const futian = page.locator('#detail .parts tbody tr', { hasText: '福田区' });
  assert.match(await futian.locator('.part-source').innerText(), /福田区 2011年 生物 28/);
  assert.equal(await futian.locator('.part-source mark').innerText(), '28');
  assert.deepEqual(await page.locator('#detail .quote mark').allInnerTexts(), ['700']);
  // The year in the sentence is not the figure, and is not marked.
  for (const m of await page.locator('#detail mark').allInnerTexts()) assert.notEqual(m, '2011');
  await page.context().close();
});

test('a chart the data cannot give says why in the page’s language', async () => {
  const page = await openPage(browser, { locale: 'zh-CN' });
  await loadFiles(page, ALL);
  // Shenzhen's 2010 GDP is implied by the plans, never stated: nothing of its own to draw.
  await page.locator('#checks-table tbody tr.finding[data-check=implied][data-indicator=gdp]').first().click();
  const note = page.locator('#detail .chart-note');
  await note.waitFor();
  assert.equal(await note.innerText(), '此选择无法作图：这个指标本身没有可以绘制的数字');
  await page.click('#lang-switch');
  await page.locator('#checks-table tbody tr.finding[data-check=implied][data-indicator=gdp]').first().click();
  await page.waitForFunction(() => /has no figures of its own/.test(document.querySelector('#detail .chart-note')?.textContent || ''));
  await page.context().close();
});
