// The stand-in (issue #17: the first chart at once): the default plan's first detail
// chart, drawn at build time by the engine itself (pkg/, the module the page embeds)
// through the page's own code for choosing it (www/ui/checks.js filteredFindings,
// www/ui/chart.js specForFinding, chartSize, specKey), for a wide zh-CN page in the
// light scheme. scripts/build-page.mjs puts it in the detail column with
// www/standin.js, which drops it when the page is not that one; the page hands it to the
// engine's drawing of the same spec. tests/e2e/standin.test.mjs proves the engine in the
// page draws these very bytes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** { svg, spec }: the SVG text as the engine gives it and the spec's key. */
export async function drawStandin(root) {
  const glue = await import(pathToFileURL(resolve(root, 'pkg/planlens.js')).href);
  glue.initSync({ module: readFileSync(resolve(root, 'pkg/planlens_bg.wasm')) });
  const { filteredFindings } = await import(pathToFileURL(resolve(root, 'www/ui/checks.js')).href);
  const { specForFinding, chartSize, specKey, DETAIL_WIDTH } = await import(pathToFileURL(resolve(root, 'www/ui/chart.js')).href);
  const { Session } = glue;
  const s = new Session();
  try {
    s.add(Session.defaultPlanName(), Session.defaultPlan());
    // As www/engine.js and www/app/plans.js have them, with the page's default view.
    const report = JSON.parse(s.checkBrief(undefined));
    const summary = JSON.parse(s.summaryBrief());
    const app = { report, summary, plans: s.plans(), state: { tab: 'checks' } };
    const [first] = filteredFindings(app);
    if (!first || first.check === 'ratio_sum' || typeof first.year !== 'number') return null;
    const spec = specForFinding(first);
    const full = { ...spec, theme: 'light', ...chartSize(spec, DETAIL_WIDTH, summary, DETAIL_WIDTH), lang: 'zh', tolerance: undefined };
    const key = specKey(full);
    return { svg: s.chart(key), spec: key };
  } finally {
    s.free();
  }
}
