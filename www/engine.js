// The engine: the planlens WebAssembly module and one Session of loaded plans, running in
// a Web Worker (www/worker.js) so that the page stays responsive while a big plan is
// parsed and checked. Every method returns a Promise; errors are Errors whose message
// names the file and the place.
//
// In dist/planlens.html the module's bytes sit in <script type="application/octet-stream"
// id="planlens-wasm"> (base64 of the LZMA-compressed wasm) and the worker's bundled source in
// <script type="text/plain" id="planlens-worker">; www/start.js, inlined after them in
// <head>, starts the worker as a classic worker from a blob: URL and hands it the packed
// module while the page is still loading (browsers refuse to fetch scripts and .wasm
// files from file://; the CSP allows `worker-src blob:`). The development page
// (www/index.html over http) starts www/worker.js and fetches ../pkg/planlens_bg.wasm.

/** Thrown by `Engine.chart` when the engine was built without charts. */
export class ChartsUnavailable extends Error {
  constructor() {
    super('charts unavailable');
    this.name = 'ChartsUnavailable';
  }
}

/**
 * A start-up mark on the page's timeline (read by bench/browser.mjs), once per name; `at`
 * is a worker's time (epoch milliseconds).
 */
const marked = new Set();
export function mark(name, at) {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(`pl:${name}`, at ? { startTime: at - performance.timeOrigin } : undefined);
}

/** The development page (www/index.html over http): www/worker.js and the fetched wasm. */
function startDevWorker() {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  fetch(new URL('../pkg/planlens_bg.wasm', import.meta.url))
    .then((r) => r.arrayBuffer())
    .then(
      (buf) => worker.postMessage({ id: 0, method: 'init', args: [new Uint8Array(buf)] }, [buf]),
      (e) => worker.onmessage({ data: { id: 0, error: e.message } }),
    );
  return { worker, early: [] };
}

/** One Session in a worker. Calls are answered in order. */
export class Engine {
  constructor(worker) {
    this.worker = worker;
    this.pending = new Map();
    this.next = 1;
    this.charts = false;
    this.defaultPlan = null;
    worker.onmessage = (ev) => {
      const { id, value, error, code, params, place } = ev.data || {};
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (error !== undefined) p.reject(Object.assign(new Error(error), code ? { code, params, place } : {}));
      else p.resolve(value);
    };
    worker.onerror = (ev) => {
      const err = new Error(`the engine stopped: ${ev && ev.message ? ev.message : 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  /**
   * The engine, at once: the worker www/start.js started at the top of the page (the
   * first time), else a new one. Calls may be made right away (the worker answers them
   * once it has its module); `ready` resolves then, and rejects when starting fails.
   */
  static begin() {
    const started = self.planlensStarted || (self.planlensStart ? self.planlensStart() : startDevWorker());
    self.planlensStarted = null;
    const engine = new Engine(started.worker);
    const init = new Promise((resolve, reject) => engine.pending.set(0, { resolve, reject }));
    for (const ev of started.early) (ev.type === 'error' ? engine.worker.onerror : engine.worker.onmessage)(ev);
    engine.ready = init.then((info) => {
      for (const [k, v] of Object.entries(info.marks || {})) mark(k, v);
      mark('init');
      engine.charts = info.charts;
      engine.defaultPlan = info.defaultPlan;
      return engine;
    });
    return engine;
  }

  /** Starts the worker and the WebAssembly module in it; resolves when it is ready. */
  static start() {
    return Engine.begin().ready;
  }

  call(method, args = [], transfer = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args }, transfer);
    });
  }

  /**
   * Warms the engine up on the default plan in the background (worker.js `warm`);
   * resolves to the rounds run. Any other call stops it.
   */
  warm(rounds = 60) {
    return this.call('warm', [rounds]);
  }

  hasCharts() {
    return this.charts;
  }

  add(name, text) {
    return this.call('add', [name, text]);
  }

  /** Adds the default plan (the engine knows it: no need to wait for its text). */
  addDefault() {
    return this.call('addDefault');
  }

  /** Resolves to { gbk } (see calls.js). The bytes are handed over to the worker. */
  addBytes(name, bytes) {
    return this.call('addBytes', [name, bytes], [bytes.buffer]);
  }

  remove(name) {
    return this.call('remove', [name]);
  }

  clear() {
    return this.call('clear');
  }

  /** Every plan accounted for, of the last report (docs/REPORT.md, "Coverage"). */
  coverage(tolerance) {
    return this.call('coverage', [tolerance]);
  }

  /** [{id, file, title, doc_no, issuer, issued}] */
  plans() {
    return this.call('plans');
  }

  /** [[name, text]], or null when the texts are longer than `limit` characters in all. */
  sources(limit) {
    return this.call('sources', limit === undefined ? [] : [limit]);
  }

  /**
   * The report, brief: findings carry `parts_count` instead of `parts` (see `finding`,
   * which takes a finding's place in `findings`).
   */
  async check(tolerance, first) {
    return JSON.parse(await this.call('check', [tolerance || '', first]));
  }

  /** The findings of the last report from `from` on (after a `check` with `first`). */
  async findingsFrom(from) {
    return JSON.parse(await this.call('findingsFrom', [from]));
  }

  /** Finding `index` of the last report in full, with its parts. */
  async finding(index) {
    return JSON.parse(await this.call('finding', [index]));
  }

  csv(tolerance) {
    return this.call('csv', [tolerance || '']);
  }

  markdown(tolerance) {
    return this.call('markdown', [tolerance || '']);
  }

  /** The pivot's cells (the summary's `cells`). */
  async cells() {
    return JSON.parse(await this.call('cells'));
  }

  async summary() {
    return JSON.parse(await this.call('summary'));
  }

  /** A draft plan from plan text: JSON {plan, marks} (see Session.extract). */
  /** A table in text (CSV, TSV, one cell per line) as a Grid, or null. */
  gridFromText(name, text) {
    return this.call('gridFromText', [name, text]);
  }

  /** Grids and options in, `{ plan, tables }` out (Session.importTables, which takes both as JSON text). */
  importTables(grids, options) {
    return this.call('importTables', [JSON.stringify(grids), JSON.stringify(options || {})]);
  }

  extract(text, options) {
    return this.call('extract', [text, options]);
  }

  /** A chart's words without drawing it ({ title, subtitle, source, alt, plans }). */
  async chartMeta(spec) {
    if (!this.charts) throw new ChartsUnavailable();
    return JSON.parse(await this.call('chartMeta', [spec]));
  }

  /** An SVG string; rejects with ChartsUnavailable when the engine has no charts. */
  async chart(spec) {
    if (!this.charts) throw new ChartsUnavailable();
    return this.call('chart', [spec]);
  }
}
