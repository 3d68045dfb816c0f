#!/usr/bin/env node
// Baseline: the area_sum check in plain JavaScript on Node (see bench/areasum.mjs for
// what it checks and how it keeps decimals exact without an epsilon).
//
//   node bench/baseline.mjs PLAN.json > failing.jsonl
//
// stdout: the failing set, one JSON line each, sorted by indicator, area, year:
//   {"indicator":"gdp","area":"1405","year":2023,"difference":"11.96"}
// stderr: timings (read, parse, check) in milliseconds and counts.
import { readFileSync } from 'node:fs';
import { areaSum, failureLines } from './areasum.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/baseline.mjs PLAN.json');
  process.exit(2);
}
const t0 = performance.now();
const text = readFileSync(file, 'utf8');
const t1 = performance.now();
const plan = JSON.parse(text);
const t2 = performance.now();
const { failures, checked, inexact } = areaSum(plan);
const t3 = performance.now();
const out = failureLines(failures);
process.stdout.write(out ? `${out}\n` : '');
const ms = (a, b) => (b - a).toFixed(1);
console.error(
  `baseline.mjs: read ${ms(t0, t1)} ms, parse ${ms(t1, t2)} ms, check ${ms(t2, t3)} ms; ` +
    `${(plan.targets || []).length} targets, ${checked} sums checked, ${failures.length} failing`,
);
if (inexact) console.error(`baseline.mjs: warning: ${inexact} values have more than 15 significant digits and may not be exact after JSON.parse`);
