// The engine's calls, run where the Session lives (the worker, see worker.js). Every
// call takes and returns plain data, so it crosses postMessage unchanged.

/**
 * Adds a file's bytes. UTF-8 and UTF-16 with a BOM go straight in; when the engine says
 * "not UTF-8", the bytes are tried as GBK/GB18030 (common in Chinese offices).
 * Returns { gbk: true } when that decoding was used.
 */
function addBytes(session, name, bytes) {
  try {
    session.addBytes(name, bytes);
    return { gbk: false };
  } catch (err) {
    const message = String(err && err.message);
    // UTF-16 without a byte-order mark decodes as (wrong) GBK too: keep the engine's hint.
    if (!/not UTF-8/i.test(message) || /UTF-16/.test(message)) throw err;
    let text;
    try {
      text = new TextDecoder('gbk', { fatal: true }).decode(bytes);
    } catch {
      throw err;
    }
    try {
      session.add(name, text);
    } catch (gbkErr) {
      throw new Error(`${message} (read as GBK instead: ${gbkErr && gbkErr.message})`);
    }
    return { gbk: true };
  }
}

/** method name → (session, ...args) → plain result */
export const CALLS = {
  add: (s, name, text) => s.add(name, text),
  addDefault: (s) => s.add(s.constructor.defaultPlanName(), s.constructor.defaultPlan()),
  addBytes,
  remove: (s, name) => s.remove(name),
  clear: (s) => s.clear(),
  plans: (s) => s.plans(),
  // The texts leave the engine only when they could fit a link: `null` when all of them
  // together are longer than `limit` characters (measured in the engine).
  sources: (s, limit) => s.sources(limit),
  // The report stays a JSON string: one string crosses postMessage faster than a tree.
  // It is brief (no parts lists, most of a national report's bytes); `finding` gives one
  // finding of it in full when the page shows its parts.
  // The tolerance is a string ("0.5", "0.5%"); blank or absent means none.
  // With `first`, the report holds only its first findings (the counts are of all);
  // `findingsFrom` gives the others, as a JSON array.
  check: (s, tolerance, first) => s.checkBrief(tolerance || undefined, first),
  findingsFrom: (s, from) => s.findingsBrief(from),
  finding: (s, index) => s.finding(index),
  // Every plan accounted for, of the last checkBrief report (parsed here: small).
  coverage: (s, tolerance) => JSON.parse(s.coverage(tolerance || undefined)),
  csv: (s, tolerance) => s.reportCsv(tolerance || undefined),
  markdown: (s, tolerance) => s.reportMarkdown(tolerance || undefined),
  // Without the pivot's cells (tens of megabytes for a national plan); `cells` gives
  // them when a view needs them.
  summary: (s) => s.summaryBrief(),
  cells: (s) => s.cells(),
  chart: (s, spec) => s.chart(spec),
  chartMeta: (s, spec) => s.chartMeta(spec),
  extract: (s, text, o) => s.extract(text, o?.area, o?.planId, o?.fileName),
  gridFromText: (s, name, text) => s.constructor.gridFromText(name, text),
  // Grids and options come as JSON text (engine.js): one string crosses postMessage
  // faster than a tree, and the engine reads it with its own JSON reader.
  importTables: (s, grids, options) => s.constructor.importTables(grids, options),
};
