// The engine's start (dist/planlens.html only): a classic script that
// scripts/build-page.mjs inlines at the end of the body, after the page's packed code and
// the engine. Once the first frame is painted (the markup and the stand-in chart), it
// unpacks the page's JavaScript (the page module and the worker, one LZMA stream: LZMA
// packs them 4 KB smaller than the page's gzip does), starts the worker (a new thread
// takes tens of milliseconds) and hands it the wasm's packed bytes, which the worker
// unpacks (LZMA with www/lzma.js, deflate with DecompressionStream) and compiles. The
// page module then runs from a blob: URL. www/engine.js (Engine.begin) takes the worker
// over with the messages it has already sent, and calls planlensStart() again for a
// fresh one. The build bundles it as a classic script.
import { unlzma } from './lzma.js';

/** The bytes of a base64 text (line breaks allowed). */
function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text); // skips the line breaks
  const bin = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The page's code from <script id="planlens-js">: the worker's length in UTF-16 units,
 * a line break, the worker, then the page.
 */
function unpackCode() {
  const text = new TextDecoder().decode(unlzma(fromBase64(document.getElementById('planlens-js').textContent)));
  const nl = text.indexOf('\n');
  const split = nl + 1 + Number(text.slice(0, nl));
  return { worker: text.slice(nl + 1, split), page: text.slice(split) };
}

let code;
let unpackError;

/**
 * Runs the page once the document is parsed (a classic script from a blob: URL), or, if
 * its code could not be unpacked, says so where the page's messages go.
 */
function runPage() {
  if (unpackError) {
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.textContent = `planlens could not unpack its code: ${unpackError.message || unpackError}`;
    (document.getElementById('messages') || document.body).prepend(p);
    return;
  }
  const s = document.createElement('script');
  s.src = URL.createObjectURL(new Blob([code.page], { type: 'text/javascript' }));
  s.onload = s.onerror = () => URL.revokeObjectURL(s.src);
  document.body.append(s);
}

self.planlensStart = () => {
  const wasm = document.getElementById('planlens-wasm');
  // The worker unpacks the wasm itself, so this thread is free to run the page: it gets
  // the LZMA decoder as source (unlzma is self-contained) ahead of its own code.
  const url = URL.createObjectURL(new Blob([`self.unlzma=${unlzma};\n`, code.worker], { type: 'text/javascript' }));
  const worker = new Worker(url);
  // The worker has its script once it starts; the URL may go.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  const early = [];
  worker.onmessage = worker.onerror = (ev) => early.push(ev);
  try {
    const bytes = fromBase64(wasm.textContent);
    performance.mark('pl:decoded');
    worker.postMessage({ id: 0, method: 'init', args: [bytes, wasm.getAttribute('data-encoding') || ''] }, [bytes.buffer]);
  } catch (e) {
    worker.onmessage({ data: { id: 0, error: e && e.message ? e.message : String(e) } });
  }
  return { worker, early };
};

/** Unpacks the code, starts the engine and runs the page once the document is parsed. */
function begin() {
  try {
    code = unpackCode();
  } catch (e) {
    unpackError = e;
  }
  if (!unpackError) {
    try {
      performance.mark('pl:start');
      self.planlensStarted = self.planlensStart();
    } catch {
      // www/engine.js starts the engine again and reports what fails.
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', runPage, { once: true });
  else runPage();
}

// After the first paint, which then shows the page's markup and the stand-in chart (the
// unpacking would hold it back by tens of milliseconds): a task queued from the frame's
// animation callback runs after that frame. A hidden tab runs no frames: the timer.
let begun = false;
const go = () => {
  if (begun) return;
  begun = true;
  begin();
};
requestAnimationFrame(() => setTimeout(go, 0));
setTimeout(go, 100);
