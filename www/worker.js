// The engine's worker: owns the WebAssembly module and the Session, so that parsing and
// checking a big plan never freezes the page. Messages: {id, method, args} in,
// {id, value} or {id, error} out. The wasm's bytes come with `init`, packed (from the
// page's www/start.js as the page starts; unpacked here) or plain (the development page). Calls may
// come before it; they wait for it and are answered in order, after it.
import { initSync, Session } from '../pkg/planlens.js';
import { CALLS } from './calls.js';

let session = null;

/** An error's message, whatever was thrown. */
const errorText = (e) => (e && e.message ? e.message : String(e));
// Start-up marks (epoch milliseconds), handed to the page with `init`'s answer.
const now = () => performance.timeOrigin + performance.now();
const marks = { 'w-start': now() };

/**
 * The wasm's bytes as packed in the page: `lzma` (by self.unlzma, which www/start.js puts
 * ahead of this script), `deflate` (DecompressionStream), or '' (as they are).
 */
async function unpack(bytes, encoding) {
  if (encoding === 'lzma') {
    if (typeof self.unlzma !== 'function') throw new Error('engine: no LZMA decoder in the worker');
    return self.unlzma(bytes);
  }
  if (!encoding) return bytes;
  if (typeof DecompressionStream !== 'function') {
    throw new Error('this browser cannot unpack the engine (no DecompressionStream); use a current Chrome, Edge, Firefox or Safari');
  }
  // A stream over the bytes in memory (a Blob's stream goes through the browser process).
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  }).pipeThrough(new DecompressionStream(encoding));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The engine warmed up on the default plan while the page is idle. V8 compiles a
 * WebAssembly function with its optimizing tier only after it has run for a while, and a
 * call that is running keeps the code it started with: a national plan's one long parse
 * and check would run on baseline code. Rounds of the default plan through the page's
 * calls (bytes in, the brief check, the summary, the account) in a Session of their own
 * move the hot functions to the optimizing tier first (BENCHMARKS.md, session 9). A
 * round at a time, so that a call from the page, which stops the warming, waits at most
 * one round; answered with the rounds run.
 */
let warming = null;
function warm(rounds) {
  const bytes = new TextEncoder().encode(Session.defaultPlan());
  const name = Session.defaultPlanName();
  return new Promise((resolve) => {
    let done = 0;
    warming = { stop: false };
    const run = warming;
    const step = () => {
      if (run.stop || done >= rounds) {
        resolve(done);
        return;
      }
      const s = new Session();
      try {
        s.addBytes(name, bytes);
        s.checkBrief(undefined);
        s.summaryBrief();
        s.coverage(undefined);
      } finally {
        s.free();
      }
      done++;
      setTimeout(step, 0);
    };
    step();
  });
}

function answer(method, args) {
  if (method === 'init') {
    const module = new WebAssembly.Module(args[0]);
    marks['w-compiled'] = now();
    initSync({ module });
    session = new Session();
    marks['w-session'] = now();
    return {
      defaultPlan: { name: Session.defaultPlanName(), text: Session.defaultPlan() },
      charts: typeof session.chart === 'function',
      marks,
    };
  }
  const call = CALLS[method];
  if (!session || !call) throw new Error(`engine: ${session ? `no call ${method}` : 'not started'}`);
  return call(session, ...args);
}

function reply(id, method, args) {
  try {
    self.postMessage({ id, value: answer(method, args || []) });
  } catch (e) {
    // A refused plan's code, parameters and place go along, for the page to word.
    const detail = e && e.code ? { code: e.code, params: { ...e.params }, place: { file: e.file, line: e.line, column: e.column, pointer: e.pointer } } : {};
    self.postMessage({ id, error: errorText(e), ...detail });
  }
}

// The calls that came before `init` wait for it (and fail with "not started" if it did).
let started;
const init = new Promise((resolve) => {
  started = resolve;
});

self.onmessage = (ev) => {
  const { id, method, args } = ev.data || {};
  if (method === 'init') {
    const [bytes, encoding] = args || [];
    unpack(bytes, encoding)
      .then(
        (wasm) => {
          marks['w-unpacked'] = now();
          reply(id, method, [wasm]);
        },
        (e) => self.postMessage({ id, error: errorText(e) }),
      )
      .finally(started);
  } else if (method === 'warm') {
    init.then(() => warm(Number(args && args[0]) || 0)).then(
      (value) => self.postMessage({ id, value }),
      (e) => self.postMessage({ id, error: errorText(e) }),
    );
  } else {
    if (warming) warming.stop = true;
    init.then(() => reply(id, method, args));
  }
};
