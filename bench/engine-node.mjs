// The engine in Node, without the page: times Session.addBytes and checkBrief on a plan.
//
//   node bench/engine-node.mjs [PKG_DIR] PLAN.json [--runs 4]
//
// PKG_DIR defaults to pkg/ (scripts/build-wasm.sh). Prints the minimum and every run in
// milliseconds; the first run includes the module's warm-up.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 4;
const [pkgDir, plan] = args.length > 1 ? args : ['pkg', args[0]];
if (!plan) throw new Error('usage: node bench/engine-node.mjs [PKG_DIR] PLAN.json [--runs N]');
const dir = resolve(pkgDir);
const mod = await import(pathToFileURL(`${dir}/planlens.js`).href);
mod.initSync({ module: readFileSync(`${dir}/planlens_bg.wasm`) });
const bytes = readFileSync(plan);
const res = { add: [], check: [] };
for (let r = 0; r < runs; r++) {
  const s = new mod.Session();
  let t = performance.now();
  s.addBytes('plan.json', new Uint8Array(bytes));
  res.add.push(performance.now() - t);
  t = performance.now();
  s.checkBrief();
  res.check.push(performance.now() - t);
  s.free();
}
const show = (a) => `min ${Math.min(...a).toFixed(0)} ms [${a.map((x) => x.toFixed(0)).join(', ')}]`;
console.log(`addBytes ${show(res.add)}; checkBrief ${show(res.check)}`);
