// The engine: the planlens WebAssembly module and one Session of loaded plans.
//
// In dist/planlens.html the module's bytes sit in <script type="application/octet-stream"
// id="planlens-wasm"> (base64 of the zlib-deflated wasm; see scripts/build-page.mjs) and
// are instantiated with initSync, because browsers refuse to fetch a .wasm from file://.
// The development page (www/index.html over http) fetches ../pkg/planlens_bg.wasm.
import init, { initSync, Session } from '../pkg/planlens.js';

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

/** Instantiates the WebAssembly module (once). */
export async function loadEngine() {
  const el = document.getElementById('planlens-wasm');
  if (el) {
    let bytes = base64ToBytes(el.textContent.replace(/\s+/g, ''));
    const enc = el.getAttribute('data-encoding');
    if (enc === 'deflate' || enc === 'gzip') bytes = await inflate(bytes, enc);
    initSync({ module: bytes });
  } else {
    await init();
  }
}

/** One Session with JSON-decoding wrappers. Every method may throw an Error naming the file and the place. */
export class Engine {
  constructor() {
    this.session = new Session();
  }

  static defaultPlan() {
    return { name: Session.defaultPlanName(), text: Session.defaultPlan() };
  }

  hasCharts() {
    return typeof this.session.chart === 'function';
  }

  add(name, text) {
    this.session.add(name, text);
  }

  /**
   * Adds a file's bytes. UTF-8 and UTF-16 with a BOM go straight in; when the engine
   * says "not UTF-8", the bytes are tried as GBK/GB18030 (common in Chinese offices).
   * Returns { gbk: true } when that decoding was used.
   */
  addBytes(name, bytes) {
    try {
      this.session.addBytes(name, bytes);
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
        this.session.add(name, text);
      } catch (gbkErr) {
        throw new Error(`${message} (read as GBK instead: ${gbkErr && gbkErr.message})`);
      }
      return { gbk: true };
    }
  }

  remove(name) {
    this.session.remove(name);
  }

  clear() {
    this.session.clear();
  }

  /** [{id, file, title, doc_no, issuer, issued}] */
  plans() {
    return this.session.plans();
  }

  /** [[name, text]] */
  sources() {
    return this.session.sources();
  }

  static options(tolerance) {
    return tolerance && tolerance.trim() ? { tolerance: tolerance.trim() } : {};
  }

  check(tolerance) {
    return JSON.parse(this.session.check(Engine.options(tolerance)));
  }

  csv(tolerance) {
    return this.session.reportCsv(Engine.options(tolerance));
  }

  markdown(tolerance) {
    return this.session.reportMarkdown(Engine.options(tolerance));
  }

  summary() {
    return JSON.parse(this.session.summary());
  }

  /** An SVG string; throws ChartsUnavailable when the engine has no charts yet. */
  chart(spec) {
    if (!this.hasCharts()) throw new ChartsUnavailable();
    return this.session.chart(spec);
  }
}
