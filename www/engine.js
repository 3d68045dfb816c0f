// The engine: the planlens WebAssembly module and one Session of loaded plans, running in
// a Web Worker (www/worker.js) so that the page stays responsive while a big plan is
// parsed and checked. Every method returns a Promise; errors are Errors whose message
// names the file and the place.
//
// In dist/planlens.html the module's bytes sit in <script type="application/octet-stream"
// id="planlens-wasm"> (base64 of the zlib-deflated wasm) and the worker's bundled source in
// <script type="text/plain" id="planlens-worker">; the worker starts as a classic worker
// from a blob: URL
// (browsers refuse to fetch scripts and .wasm files from file://; the CSP allows
// `worker-src blob:`). The development page (www/index.html over http) starts
// www/worker.js and fetches ../pkg/planlens_bg.wasm.

/** Thrown by `Engine.chart` when the engine was built without charts. */
export class ChartsUnavailable extends Error {
  constructor() {
    super('charts unavailable');
    this.name = 'ChartsUnavailable';
  }
}

function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function inflate(bytes, format) {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('this browser cannot unpack the engine (no DecompressionStream); use a current Chrome, Edge, Firefox or Safari');
  }
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function wasmBytes() {
  const el = document.getElementById('planlens-wasm');
  if (!el) return new Uint8Array(await (await fetch(new URL('../pkg/planlens_bg.wasm', import.meta.url))).arrayBuffer());
  const bytes = base64ToBytes(el.textContent.replace(/\s+/g, ''));
  const enc = el.getAttribute('data-encoding');
  return enc === 'deflate' || enc === 'gzip' ? inflate(bytes, enc) : bytes;
}

function startWorker() {
  const el = document.getElementById('planlens-worker');
  if (!el) return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  const url = URL.createObjectURL(new Blob([el.textContent], { type: 'text/javascript' }));
  try {
    return new Worker(url);
  } finally {
    // The worker has its script once it starts; the URL may go.
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
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
      const { id, value, error } = ev.data || {};
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(value);
    };
    worker.onerror = (ev) => {
      const err = new Error(`the engine stopped: ${ev && ev.message ? ev.message : 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  /** Starts the worker and the WebAssembly module in it. */
  static async start() {
    const bytes = await wasmBytes();
    const engine = new Engine(startWorker());
    const info = await engine.call('init', [bytes], [bytes.buffer]);
    engine.charts = info.charts;
    engine.defaultPlan = info.defaultPlan;
    return engine;
  }

  call(method, args = [], transfer = []) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, method, args }, transfer);
    });
  }

  hasCharts() {
    return this.charts;
  }

  add(name, text) {
    return this.call('add', [name, text]);
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

  /** [{id, file, title, doc_no, issuer, issued}] */
  plans() {
    return this.call('plans');
  }

  /** [[name, text]] */
  sources() {
    return this.call('sources');
  }

  async check(tolerance) {
    return JSON.parse(await this.call('check', [tolerance || '']));
  }

  csv(tolerance) {
    return this.call('csv', [tolerance || '']);
  }

  markdown(tolerance) {
    return this.call('markdown', [tolerance || '']);
  }

  async summary() {
    return JSON.parse(await this.call('summary'));
  }

  /** A draft plan from plan text: JSON {plan, marks} (see Session.extract). */
  extract(text, options) {
    return this.call('extract', [text, options]);
  }

  /** An SVG string; rejects with ChartsUnavailable when the engine has no charts. */
  async chart(spec) {
    if (!this.charts) throw new ChartsUnavailable();
    return this.call('chart', [spec]);
  }
}
