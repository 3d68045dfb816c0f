// The engine's worker: owns the WebAssembly module and the Session, so that parsing and
// checking a big plan never freezes the page. Messages: {id, method, args} in,
// {id, value} or {id, error} out. The wasm's bytes come with `init`, packed as the
// single file embeds them (xz or deflate; decoded from base64 by www/start.js as the
// page starts) or plain (fetched by the development page). Calls may come before it;
// they wait for it and are answered in order, after it.
import { initSync, Session } from '../pkg/planlens.js';
import { CALLS } from './calls.js';

let session = null;
// Start-up marks (epoch milliseconds), handed to the page with `init`'s answer.
const now = () => performance.timeOrigin + performance.now();
const marks = { 'w-start': now() };

/** The wasm's bytes unpacked: `encoding` is '' (plain), 'xz' or a DecompressionStream format. */
async function unpack(bytes, encoding) {
  if (!encoding) return bytes;
  const packed = new ReadableStream({
    start(c) {
      c.enqueue(bytes);
      c.close();
    },
  });
  let stream;
  if (encoding === 'xz') {
    const xz = self['xz-decompress'];
    if (!xz) throw new Error('engine: the xz decoder is missing from this build');
    stream = new xz.XzReadableStream(packed);
  } else {
    if (typeof DecompressionStream !== 'function') {
      throw new Error('this browser cannot unpack the engine (no DecompressionStream); use a current Chrome, Edge, Firefox or Safari');
    }
    stream = packed.pipeThrough(new DecompressionStream(encoding));
  }
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  marks['w-unpacked'] = now();
  return out;
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
    self.postMessage({ id, error: e && e.message ? e.message : String(e) });
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
        (plain) => reply(id, method, [plain]),
        (e) => self.postMessage({ id, error: `engine: cannot unpack the module: ${e && e.message ? e.message : e}` }),
      )
      .finally(started);
  } else {
    init.then(() => reply(id, method, args));
  }
};
