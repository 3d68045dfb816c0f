// End-to-end tests of dist/planlens.html in Firefox (Debian's firefox-esr, headless,
// driven over Marionette by ./marionette.mjs), opened from file:// with the network off:
// the main path of page.test.mjs (Chromium), read from the DOM with scripts.
//   node --test tests/e2e/firefox.test.mjs
//
// The network: the profile disables DNS, Firefox runs with MOZ_DISABLE_NONLOCAL_CONNECTIONS=1,
// and every request that could still leave is sent to a local proxy that records it
// (the "trap"); the last test proves the trap does catch a request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, planFragment, FIXTURES, PLANS, PAGE_URL } from './helpers.mjs';
import { Firefox, findFirefox, quietOfflinePrefs } from './marionette.mjs';

let ff;
let trap;
let downloads;
/** First lines of every connection the trap received ("GET http://… HTTP/1.1", "CONNECT host:443 …"). */
const trapped = [];

/** A local HTTP proxy that answers 502 to everything and records what was asked. */
function startTrap() {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', (d) => {
      trapped.push(d.toString('latin1').split('\r\n')[0]);
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    socket.setTimeout(2000, () => {
      trapped.push('(a connection that sent nothing)');
      socket.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

before(async () => {
  const binary = findFirefox();
  if (!binary) {
    throw new Error(
      (process.env.FIREFOX ? `FIREFOX=${process.env.FIREFOX} does not exist. ` : 'Firefox is not installed. ') +
        "These tests need Debian's firefox-esr (issue #4: the page must work in Chromium AND Firefox): " +
        'run `bash scripts/setup.sh` (it runs `apt-get install -y firefox-esr`), or set FIREFOX=/path/to/firefox.',
    );
  }
  ensureBuilt();
  trap = await startTrap();
  downloads = mkdtempSync(join(tmpdir(), 'planlens-firefox-downloads-'));
  ff = await Firefox.launch({
    binary,
    prefs: {
      ...quietOfflinePrefs({ proxyPort: trap.address().port }),
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      'browser.download.panel.shown': true,
    },
  });
});

after(async () => {
  await ff?.quit();
  await new Promise((r) => (trap ? trap.close(r) : r()));
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

// ------------------------------------------------------------------ helpers

/** Hooks installed in the page once it is ready: they collect what would be console errors. */
const HOOKS = `
  if (window.__planlensErrors) return;
  const errors = (window.__planlensErrors = []);
  const text = (x) => {
    try {
      return x && x.message ? x.name + ': ' + x.message + (x.stack ? ' @ ' + x.stack.split('\\n')[0] : '') : String(x);
    } catch {
      return String(x);
    }
  };
  // window.console: a Marionette script has a console of its own.
  const original = window.console.error.bind(window.console);
  window.console.error = (...args) => { errors.push('console.error: ' + args.map(text).join(' ')); original(...args); };
  window.addEventListener('error', (e) => errors.push('error: ' + text(e.error || e.message)));
  window.addEventListener('unhandledrejection', (e) => errors.push('unhandledrejection: ' + text(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) =>
    errors.push('csp: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
`;

let outputMark = 0;

/** Opens the page in the one window (a real load, not a same-document hash change). */
async function open(hash = '') {
  await ff.navigate('about:blank');
  outputMark = ff.output.length;
  await ff.navigate(PAGE_URL + hash);
  await ff.waitFor("return document.documentElement.dataset.ready === 'true'", { what: 'html[data-ready=true]' });
  await ff.execute(HOOKS);
}

/**
 * What went wrong since open(): the hooks' list, the page's own "unexpected error"
 * messages (it shows every uncaught error there), and Firefox's stdout (uncaught errors
 * from the page's start, before the hooks, and console.error: the profile sends the
 * page's console to stdout).
 */
async function pageErrors({ loadError } = {}) {
  const inPage = await ff.execute(
    `
    // Every error message but the load error of the file a test expects to fail
    // ("Could not load broken.json: …"), if it names one.
    const expected = arguments[0];
    const unexpected = Array.from(document.querySelectorAll('#messages .message-error'))
      .map((m) => m.innerText)
      .filter((t) => !(expected && (t.startsWith('Could not load ' + expected + ':') || t.startsWith('无法载入 ' + expected))));
    return [...(window.__planlensErrors || []), ...unexpected.map((t) => 'message: ' + t)];
  `,
    [loadError || null],
  );
  const stdout = ff.output
    .slice(outputMark)
    .split('\n')
    .filter((l) => /^console\.error:/.test(l) || (/^JavaScript error:/.test(l) && l.includes('planlens.html')));
  return [...inPage, ...stdout];
}

/** No error but, if `loadError` names a file, that file's own load error. */
async function assertNoErrors({ loadError } = {}) {
  assert.deepEqual(await pageErrors({ loadError }), []);
}

const text = (selector) => ff.execute('const el = document.querySelector(arguments[0]); return el ? el.innerText : null;', [selector]);
const rows = () => ff.execute("return document.querySelectorAll('#checks-table tbody tr.finding').length");
const count = (status) => text(`#summary .summary-item[data-status=${status}] .count`);

/** Runs an action and waits until the page says it has settled (data-settled counts up). */
async function settle(action) {
  const before = Number(await ff.execute('return document.documentElement.dataset.settled || 0'));
  await action();
  await ff.waitFor('return Number(document.documentElement.dataset.settled || 0) > arguments[0]', { args: [before], what: `data-settled > ${before}` });
}

/** Loads files through the page's file input (WebDriver sends the paths to it). */
function loadFiles(paths) {
  return settle(() => ff.sendKeys('#file-input', paths.join('\n')));
}

/** Loads text through the page's "Paste JSON…" dialog. */
async function paste(name, body) {
  await ff.click('#paste-open');
  await ff.waitFor("return document.getElementById('paste-dialog').open", { what: 'the paste dialog opens' });
  await ff.execute(
    `const [name, body] = arguments;
     document.getElementById('paste-name').value = name;
     const area = document.getElementById('paste-text');
     area.value = body;
     area.dispatchEvent(new Event('input', { bubbles: true }));`,
    [name, body],
  );
  await settle(() => ff.click('#paste-load'));
}

// ------------------------------------------------------------------ tests

test('firefox 1. the default plan renders: title, 18 ok / 0 fail, 18 rows, a chart with its <title>', async () => {
  await open();
  const heading = await text('#plan-heading');
  assert.match(heading, /深府办〔2010〕98号/);
  assert.match(heading, /深圳市推进生物互联网新能源产业发展工作方案/);
  assert.equal(await count('ok'), '18');
  assert.equal(await count('fail'), '0');
  assert.equal(await rows(), 18);
  assert.match(await ff.execute('return document.title'), /深府办〔2010〕98号/);
  // The first finding is selected and its chart drawn by the engine.
  const chart = await ff.execute(`
    const svg = document.querySelector('#detail svg');
    if (!svg) return { note: document.querySelector('#detail')?.innerText };
    const box = svg.getBoundingClientRect();
    return { title: svg.querySelector('title')?.textContent, viewBox: svg.getAttribute('viewBox'), width: box.width, height: box.height, texts: svg.querySelectorAll('text').length };
  `);
  assert.ok(chart.title, `a chart with a <title> in #detail: ${JSON.stringify(chart)}`);
  assert.match(chart.title, /生物产业规模/);
  assert.match(chart.viewBox, /^[\d.]+[ ,][\d.]+[ ,][\d.]+[ ,][\d.]+$/);
  assert.ok(chart.width > 100 && chart.height > 100, `the chart has a size: ${chart.width}×${chart.height}`);
  assert.ok(chart.texts > 5, 'the chart has its labels');
  await assertNoErrors();
});

test('firefox 2. a second plan pasted adds its findings, with the 新能源产业规模 2012 conflict (−100)', async () => {
  await open();
  await paste('sz-2011-2013-innovation-city.json', readFileSync(join(PLANS, 'sz-2011-2013-innovation-city.json'), 'utf8'));
  assert.equal(await ff.execute("return document.getElementById('paste-dialog').open"), false, 'the dialog closed');
  // The CLI agrees: 64 findings, 1 fail, 1 uncertain, 59 ok, 3 info (planlens check on both plans).
  assert.equal(await rows(), 64);
  assert.equal(await count('fail'), '1');
  assert.equal(await count('ok'), '59');
  assert.equal(await count('info'), '3');
  const conflict = await ff.execute(`
    const rows = document.querySelectorAll('#checks-table tr.finding[data-check=conflict][data-indicator=new_energy_output][data-year="2012"]');
    return rows.length !== 1 ? { n: rows.length } : {
      n: 1,
      status: rows[0].dataset.status,
      indicator: rows[0].querySelector('.col-indicator').innerText,
      diff: rows[0].querySelector('.col-diff').innerText,
    };
  `);
  assert.deepEqual({ ...conflict, indicator: /新能源产业规模/.test(conflict.indicator) }, { n: 1, status: 'fail', indicator: true, diff: '−100' });
  // Failures first.
  assert.equal(await ff.execute("return document.querySelector('#checks-table tbody tr.finding').dataset.status"), 'fail');
  assert.match(await text('#plan-list'), /sz-2011-2013-innovation-city\.json/);
  await assertNoErrors();
});

test('firefox 3. a broken file (file input) shows an error naming the file and line 3; the previous findings stay', async () => {
  await open();
  await loadFiles([join(FIXTURES, 'broken.json')]);
  const alert = await ff.waitFor("return document.querySelector('#messages [role=alert]')?.innerText", { what: '#messages [role=alert]' });
  assert.match(alert, /broken\.json/);
  assert.match(alert, /broken\.json:3:\d+/, `line 3 named in: ${alert}`);
  assert.equal(await rows(), 18);
  assert.equal(await count('ok'), '18');
  assert.match(await text('#plan-heading'), /深府办〔2010〕98号/);
  assert.doesNotMatch(await text('#plan-list'), /broken\.json/);
  await assertNoErrors({ loadError: 'broken.json' });
});

test('firefox 3b. a file through the file input loads; a GBK file is decoded as GBK with a notice', async () => {
  await open();
  await loadFiles([join(FIXTURES, 'gbk-plan.json')]);
  const notice = await text('#messages');
  assert.match(notice, /gbk-plan\.json/);
  assert.match(notice, /GBK/);
  assert.match(await text('#plan-list'), /gbk-plan\.json/);
  assert.equal(await ff.execute("return document.querySelectorAll('#checks-table tr.finding[data-indicator=rd_spend]').length"), 4);
  await assertNoErrors();
});

test('firefox 4. a #plan= link opens that plan', async () => {
  const body = readFileSync(join(FIXTURES, 'small-plan.json'), 'utf8');
  await open(`#plan=${planFragment(body)}`);
  const heading = await text('#plan-heading');
  assert.match(heading, /测试市研发投入分解方案/);
  assert.match(heading, /测府办〔2024〕7号/);
  assert.doesNotMatch(heading, /深府办〔2010〕98号/, 'the default plan is not loaded');
  assert.equal(await count('fail'), '2');
  assert.equal(await rows(), 4);
  await assertNoErrors();
});

test('firefox 5. the Content-Security-Policy is there and enforced', async () => {
  await open();
  const csp = await ff.execute(`
    const metas = document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]');
    return Array.from(metas, (m) => m.content);
  `);
  assert.equal(csp.length, 1, 'one CSP meta');
  assert.match(csp[0], /default-src 'none'/);
  assert.match(csp[0], /script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:(;|$)/);
  assert.doesNotMatch(csp[0], /https?:|\*/, 'no host is allowed');
  // Enforced: an image from the web is refused before any request (and the trap sees nothing).
  const result = await ff.executeAsync(`
    const done = arguments[arguments.length - 1];
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective), { once: true });
    const img = document.createElement('img');
    img.onload = () => done({ loaded: true, seen });
    img.onerror = () => setTimeout(() => done({ loaded: false, seen }), 50);
    img.src = 'http://csp-probe.planlens.invalid/pixel.png';
    document.body.appendChild(img);
  `);
  assert.equal(result.loaded, false);
  assert.deepEqual(result.seen, ['img-src']);
  const errors = await pageErrors();
  assert.deepEqual(errors, ['csp: img-src blocked http://csp-probe.planlens.invalid/pixel.png'], 'the probe is the only violation');
});

test('firefox 6. no request leaves the page (plans, tabs, a row, CSV export)', async () => {
  const before = trapped.length;
  await open();
  await paste('sz-2011-2013-innovation-city.json', readFileSync(join(PLANS, 'sz-2011-2013-innovation-city.json'), 'utf8'));
  await loadFiles([join(FIXTURES, 'xss-plan.json')]);
  // A cell, not the <tr>: Marionette refuses to click table rows ("could not be scrolled into view").
  await ff.click('#checks-table tbody tr.finding:nth-child(3) .col-indicator');
  assert.equal(await ff.execute("return document.querySelector('#checks-table tbody tr.finding:nth-child(3)').getAttribute('aria-selected')"), 'true');
  for (const tab of ['pivot', 'tasks', 'builder', 'checks']) await ff.click(`#tab-${tab}`);
  assert.equal(await ff.execute("return document.getElementById('tab-checks').getAttribute('aria-selected')"), 'true');
  assert.equal(await ff.execute('return window.__xss'), null, 'plan text never ran as markup');
  // The CSV export: a blob: download, saved without a prompt to a temporary folder (prefs above).
  await ff.click('#export-csv');
  const csvPath = join(downloads, 'planlens-report.csv');
  const deadline = Date.now() + 10_000;
  while (!(existsSync(csvPath) && readFileSync(csvPath, 'utf8').length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(existsSync(csvPath), `the CSV was downloaded (found: ${readdirSync(downloads).join(', ') || 'nothing'})`);
  const csv = readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, '');
  assert.match(csv.split(/\r?\n/)[0], /^status,check,indicator,/);
  // What the page loaded: nothing but the page itself (file:, data:, blob:).
  const entries = await ff.execute(`
    return [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
  `);
  const outside = entries.filter((u) => !/^(file|data|blob|about):/.test(u));
  assert.deepEqual(outside, []);
  assert.deepEqual(trapped.slice(before), [], 'no connection reached the proxy');
  await assertNoErrors();
});

test('firefox 6b. tables: an XLSX and an HTML page through the file input, a TSV pasted: read, checked, the roles shown', async () => {
  const IMPORT = join(FIXTURES, '..', '..', 'fixtures', 'import');
  for (const file of ['xlsx-seed001/districts.xlsx', 'html-seed001/districts.html']) {
    await open();
    await loadFiles([join(IMPORT, file)]);
    assert.equal(await ff.execute("return document.getElementById('tab-tables').getAttribute('aria-selected')"), 'true', file);
    assert.match(await text('#tables-status'), /districts\.(xlsx|html)\.json/);
    assert.match(await text('.tables-roles'), /areas in column A; total row \d+ \(全市\); years 2011, 2012; unit 亿元/);
    // The table's 6 area sums, all exact; the untouched example plan was put aside.
    assert.equal(await count('ok'), '6');
    assert.match(await text('#messages'), /example plan was put aside/);
    assert.equal(await count('fail'), '0');
    await assertNoErrors();
  }
  await open();
  await paste('pasted.json', readFileSync(join(IMPORT, 'seed001-tsv', 'districts.tsv'), 'utf8'));
  assert.match(await text('#messages'), /Read the pasted text as a table/);
  assert.equal(await count('ok'), '6');
  await assertNoErrors();
});

test('firefox 7. nothing reached the network during the whole run, and the trap does catch a request', async () => {
  assert.deepEqual(trapped, [], 'no connection from the page or from Firefox itself');
  // Proof that the trap works: a top-level navigation to the web (not the page's doing,
  // and not subject to its CSP) is sent to the proxy, which refuses it.
  try {
    await ff.navigate('http://probe.planlens.invalid/');
  } catch {
    // an error page is fine
  }
  const deadline = Date.now() + 5000;
  while (!trapped.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(trapped.some((l) => l.includes('probe.planlens.invalid')), `the trap saw the probe: ${JSON.stringify(trapped)}`);
});
