// The engine's worker: owns the WebAssembly module and the Session, so that parsing and
// checking a big plan never freezes the page. Messages: {id, method, args} in,
// {id, value} or {id, error} out; the first call is `init` with the wasm bytes.
import { initSync, Session } from '../pkg/planlens.js';
import { CALLS } from './calls.js';

let session = null;

function answer(id, method, args) {
  if (method === 'init') {
    initSync({ module: args[0] });
    session = new Session();
    return {
      defaultPlan: { name: Session.defaultPlanName(), text: Session.defaultPlan() },
      charts: typeof session.chart === 'function',
    };
  }
  const call = CALLS[method];
  if (!session || !call) throw new Error(`engine: ${session ? `no call ${method}` : 'not started'}`);
  return call(session, ...args);
}

self.onmessage = (ev) => {
  const { id, method, args } = ev.data || {};
  try {
    self.postMessage({ id, value: answer(id, method, args || []) });
  } catch (e) {
    self.postMessage({ id, error: e && e.message ? e.message : String(e) });
  }
};
