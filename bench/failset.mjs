#!/usr/bin/env node
// The failing area_sum set of any tool, in one canonical form, so that outputs can be
// compared with `cmp`:
//
//   node bench/failset.mjs report  REPORT.json    # planlens check --format json
//   node bench/failset.mjs planted PLAN.json.planted.json
//   node bench/failset.mjs lines   FAILING.jsonl  # baseline.mjs / baseline_duckdb.py output
//
// Output: one line per failure, {"indicator","area","year","difference"}, the difference
// a canonical decimal string (no exponent, no trailing zeros, no "-0"), sorted by
// indicator, area, year. The report is scanned as a stream (reports of the large plans
// exceed what one JavaScript string can hold) and each finding's difference is taken
// from its JSON text, never through a binary float.
import { openSync, readSync, closeSync, readFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Canonical decimal text of a JSON number or decimal string ("1.50" → "1.5", "1e2" → "100"). */
export function canon(text) {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(String(text));
  if (!m) throw new Error(`not a decimal: ${text}`);
  const [, sign, int = '', frac = '', exp = '0'] = m;
  let digits = (int + frac).replace(/^0+/, '');
  let scale = frac.length - Number(exp);
  if (!digits) return '0';
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let s = digits;
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  }
  return sign === '-' ? `-${s}` : s;
}

function line(f) {
  return JSON.stringify({ indicator: f.indicator, area: f.area, year: Number(f.year), difference: canon(f.difference) });
}

function sortLines(items) {
  items.sort((a, b) =>
    a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : a.area < b.area ? -1 : a.area > b.area ? 1 : a.year - b.year,
  );
  return items.map(line);
}

/** Streams a planlens JSON report and returns its failing area_sum findings. */
export function fromReport(path) {
  const fd = openSync(path, 'r');
  const chunk = Buffer.alloc(1 << 22);
  const decoder = new StringDecoder('utf8');
  const found = [];
  let buf = '';
  let pos = 0; // scan position in buf
  let inFindings = false;
  let depth = 0; // depth inside the findings array (1 = inside a finding object)
  let inString = false;
  let escape = false;
  let start = -1;
  const diffRe = /"difference":(null|-?[0-9][0-9.eE+-]*)/;
  const take = (obj) => {
    if (!obj.includes('"status":"fail"') || !obj.includes('"check":"area_sum"')) return;
    const f = JSON.parse(obj);
    if (f.status !== 'fail' || f.check !== 'area_sum') return;
    const d = diffRe.exec(obj);
    found.push({ indicator: f.indicator, area: f.area, year: f.year, difference: d && d[1] !== 'null' ? d[1] : 'NaN' });
  };
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, null);
    buf += n > 0 ? decoder.write(chunk.subarray(0, n)) : decoder.end();
    if (!inFindings) {
      const at = buf.indexOf('"findings":[');
      if (at >= 0) {
        inFindings = true;
        pos = at + '"findings":['.length;
      } else if (n === 0) {
        break;
      } else {
        continue;
      }
    }
    for (; pos < buf.length; pos++) {
      const c = buf.charCodeAt(pos);
      if (inString) {
        if (escape) escape = false;
        else if (c === 92) escape = true; // backslash
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) inString = true;
      else if (c === 123 || c === 91) {
        if (depth === 0 && c === 123) start = pos;
        depth++;
      } else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0 && c === 125) {
          take(buf.slice(start, pos + 1));
          start = -1;
        } else if (depth < 0) {
          break; // end of the findings array
        }
      }
    }
    if (depth < 0 || n === 0) break;
    // Keep only the unfinished finding.
    const keep = start >= 0 ? start : pos;
    buf = buf.slice(keep);
    pos -= keep;
    if (start >= 0) start = 0;
  }
  closeSync(fd);
  return found;
}

function main() {
  const [mode, path] = process.argv.slice(2);
  let items;
  if (mode === 'report') items = fromReport(path);
  else if (mode === 'planted') items = JSON.parse(readFileSync(path, 'utf8'));
  else if (mode === 'lines')
    items = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        // Keep the difference's text exact whether it is written as a string or a number.
        const raw = /"difference":\s*("?)([^",}\s]+)\1/.exec(l);
        const f = JSON.parse(l);
        return { ...f, difference: raw ? raw[2] : String(f.difference) };
      });
  else {
    console.error('usage: node bench/failset.mjs report|planted|lines FILE');
    process.exit(2);
  }
  const out = sortLines(items);
  process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
}

if (import.meta.url === `file://${process.argv[1]}`) main();
