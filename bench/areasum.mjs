// The area_sum check in plain JavaScript: the baseline planlens is compared with.
//
// Used by bench/baseline.mjs (Node) and bench/browser.mjs (injected into the page as
// source text, so `areaSum` must stay self-contained: no imports, no outer names).
//
// What it checks, on a parsed planlens/1 object: for every target with an exact `value`
// of an additive indicator (`additive` not false) in an area that has children, the sum
// of the children's targets (same indicator and year) against the parent's value. The
// result is the list of failures {indicator, area, year, difference}, difference =
// children's sum − parent's value as an exact decimal string. It covers what the
// generated national plans contain (one plan, exact values, every child has a target);
// planlens' other rules are not reproduced: ranges and bounds (`min`/`max`) are skipped,
// a parent with some but not all children stated is skipped (planlens derives the
// missing ones from their own children or reports `incomplete`), tolerances are
// ignored, and several plans are not merged.
//
// Exactness: JSON.parse turns every number into a binary double. The baseline turns it
// back into its shortest round-trip text (String(v)), which is exactly the decimal in
// the file whenever that decimal has at most 15 significant digits (any double prints
// back as the same 15-digit decimal it came from), then into an integer count of
// 10^-dp units. Sums are done on integers at the largest dp of the group: with Numbers
// while every value is a safe integer (|x| < 2^53), otherwise with BigInt. A value
// with more than 15 significant digits cannot be recovered after JSON.parse: it is
// counted in `inexact` so the caller can warn. No epsilon anywhere.

export function areaSum(plan) {
  // "123.45" → [12345, 2]; "1e-7" and the like go through BigInt.
  function scaled(v) {
    const s = String(v);
    let digits = s;
    let dp = 0;
    let exp = 0;
    const e = s.indexOf('e'); // String(number) writes a lowercase exponent
    if (e >= 0) {
      exp = Number(s.slice(e + 1));
      digits = s.slice(0, e);
    }
    const dot = digits.indexOf('.');
    if (dot >= 0) {
      dp = digits.length - dot - 1;
      digits = digits.slice(0, dot) + digits.slice(dot + 1);
    }
    dp -= exp;
    if (dp < 0) {
      digits += '0'.repeat(-dp);
      dp = 0;
    }
    const n = Number(digits);
    return [Number.isSafeInteger(n) ? n : BigInt(digits), dp];
  }
  function sigDigits(v) {
    const s = String(Math.abs(v));
    // Fewer than 16 characters cannot hold 16 significant digits.
    if (s.length < 16) return s.length;
    return s.replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').length;
  }
  function format(x, dp) {
    // x: Number or BigInt count of 10^-dp units → canonical decimal text.
    let neg = x < 0;
    let s = (neg ? -x : x).toString();
    if (dp > 0) {
      s = s.padStart(dp + 1, '0');
      s = `${s.slice(0, s.length - dp)}.${s.slice(s.length - dp)}`.replace(/0+$/, '').replace(/\.$/, '');
    }
    if (s === '0') neg = false;
    return neg ? `-${s}` : s;
  }
  function pow10(k, big) {
    return big ? 10n ** BigInt(k) : 10 ** k;
  }

  const additive = new Map();
  for (const ind of plan.indicators || []) additive.set(ind.id, ind.additive !== false);
  const children = new Map();
  for (const a of plan.areas || []) {
    if (a.parent === undefined || a.parent === null) continue;
    let list = children.get(a.parent);
    if (!list) children.set(a.parent, (list = []));
    list.push(a.id);
  }
  // indicator → year → group {area → index into the value arrays}.
  const byInd = new Map();
  const groups = [];
  const mant = [];
  const dps = [];
  let inexact = 0;
  for (const t of plan.targets || []) {
    if (typeof t.value !== 'number' || typeof t.year !== 'number') continue;
    if (!additive.get(t.indicator)) continue;
    let years = byInd.get(t.indicator);
    if (!years) byInd.set(t.indicator, (years = new Map()));
    let g = years.get(t.year);
    if (!g) {
      years.set(t.year, (g = { indicator: t.indicator, year: t.year, byArea: new Map() }));
      groups.push(g);
    }
    const [m, dp] = scaled(t.value);
    if (sigDigits(t.value) > 15) inexact++;
    g.byArea.set(t.area, mant.length);
    mant.push(m);
    dps.push(dp);
  }

  const failures = [];
  let checked = 0;
  for (const g of groups) {
    for (const [area, pi] of g.byArea) {
      const kids = children.get(area);
      if (!kids) continue;
      const idx = [];
      for (const c of kids) {
        const i = g.byArea.get(c);
        if (i !== undefined) idx.push(i);
      }
      if (idx.length === 0 || idx.length !== kids.length) continue; // not split, or incomplete
      checked++;
      let dp = dps[pi];
      let big = typeof mant[pi] === 'bigint';
      for (const i of idx) {
        if (dps[i] > dp) dp = dps[i];
        if (typeof mant[i] === 'bigint') big = true;
      }
      let diff = 0;
      if (!big) {
        // Every term and partial sum must stay a safe integer, else redo with BigInt.
        let sum = 0;
        for (const i of idx) {
          const term = mant[i] * pow10(dp - dps[i], false);
          sum += term;
          if (!Number.isSafeInteger(term) || !Number.isSafeInteger(sum)) big = true;
        }
        const own = mant[pi] * pow10(dp - dps[pi], false);
        diff = sum - own;
        if (!Number.isSafeInteger(own) || !Number.isSafeInteger(diff)) big = true;
      }
      if (big) {
        let sum = 0n;
        for (const i of idx) sum += BigInt(mant[i]) * pow10(dp - dps[i], true);
        diff = sum - BigInt(mant[pi]) * pow10(dp - dps[pi], true);
      }
      if (diff != 0) {
        failures.push({ indicator: g.indicator, area, year: g.year, difference: format(diff, dp) });
      }
    }
  }
  failures.sort((a, b) =>
    a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : a.area < b.area ? -1 : a.area > b.area ? 1 : a.year - b.year,
  );
  return { failures, checked, inexact };
}

/** One JSON line per failure, in the canonical form bench/failset.mjs compares. */
export function failureLines(failures) {
  return failures
    .map((f) => JSON.stringify({ indicator: f.indicator, area: f.area, year: f.year, difference: f.difference }))
    .join('\n');
}

/**
 * Plain JS from a file input, as a web developer would write it: a file input with id
 * `id` appended to the page; on `change`, file.text(), JSON.parse, window.__areaSum (this
 * file's areaSum, injected as source), the count and the first 100 failures written into
 * a table; once the frame after it is painted, window.__plain = { read, parse, check,
 * painted, failures } (milliseconds; `painted` is performance.now()). Used by
 * bench/browser.mjs and bench/firefox.mjs; injected as source text like areaSum, so it
 * stays self-contained.
 */
export function plainOnInput(id) {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = id;
  document.body.append(input);
  window.__plain = null;
  input.addEventListener('change', async () => {
    const t0 = performance.now();
    const text = await input.files[0].text();
    const t1 = performance.now();
    const plan = JSON.parse(text);
    const t2 = performance.now();
    const out = window.__areaSum(plan);
    const t3 = performance.now();
    const table = document.createElement('table');
    table.createCaption().textContent = `${out.failures.length} failing`;
    for (const f of out.failures.slice(0, 100)) {
      const row = table.insertRow();
      for (const v of [f.indicator, f.area, f.year, f.difference]) row.insertCell().textContent = String(v);
    }
    document.body.prepend(table);
    requestAnimationFrame(() =>
      setTimeout(() => {
        window.__plain = { read: t1 - t0, parse: t2 - t1, check: t3 - t2, painted: performance.now(), failures: out.failures };
      }),
    );
  });
}
