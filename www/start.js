// The engine's head start (dist/planlens.html only): a classic script that
// scripts/build-page.mjs inlines in <head>, right after the engine's two tags. While the
// rest of the page is parsed and its module script run, the worker starts (a new thread
// takes tens of milliseconds) and meanwhile, on this thread, the wasm is decoded from
// base64 and unpacked (LZMA with www/lzma.js; deflate with DecompressionStream); the
// bytes go to the worker, which compiles them. www/engine.js (Engine.begin) takes the
// worker over with the messages it has already sent, and calls planlensStart() again for
// a fresh one. The build bundles it as a classic script: it runs before the module.
import { unlzma } from './lzma.js';

self.planlensStart = () => {
  const src = document.getElementById('planlens-worker');
  const wasm = document.getElementById('planlens-wasm');
  const url = URL.createObjectURL(new Blob([src.textContent], { type: 'text/javascript' }));
  const worker = new Worker(url);
  // The worker has its script once it starts; the URL may go.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  const early = [];
  worker.onmessage = worker.onerror = (ev) => early.push(ev);
  (async () => {
    const text = wasm.textContent;
    let bytes;
    if (Uint8Array.fromBase64) {
      bytes = Uint8Array.fromBase64(text); // skips the line breaks
    } else {
      const bin = atob(text.replace(/\s+/g, ''));
      bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    const encoding = wasm.getAttribute('data-encoding');
    if (encoding === 'lzma') {
      bytes = unlzma(bytes);
    } else if (encoding) {
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
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    performance.mark('pl:unpacked');
    // The worker compiles them: on a loaded two-core machine, compiling here as well
    // (WebAssembly.compile, then handing the module over) measured slower.
    worker.postMessage({ id: 0, method: 'init', args: [bytes] }, [bytes.buffer]);
  })().catch((e) => worker.onmessage({ data: { id: 0, error: e && e.message ? e.message : String(e) } }));
  return { worker, early };
};

try {
  performance.mark('pl:start');
  self.planlensStarted = self.planlensStart();
} catch {
  // www/engine.js starts the engine again and reports what fails.
}
