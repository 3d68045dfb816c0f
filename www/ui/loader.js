// Reading files: bytes with progress, drag and drop onto the page.
import { on } from './dom.js';

/**
 * Below this a file is read in one call: a national plan (40 MB) reads in tens of
 * milliseconds that way, while chunks through a stream cost the page's thread a tenth of
 * a second; above it the progress is worth them.
 */
const WHOLE_READ_MAX = 64 * 1024 * 1024;

/** Reads a File into a Uint8Array, reporting (bytesRead, total) as chunks arrive. */
export async function readFile(file, onProgress) {
  const total = file.size;
  onProgress(0, total);
  if (typeof file.stream !== 'function' || total <= WHOLE_READ_MAX) {
    const buf = new Uint8Array(await file.arrayBuffer());
    onProgress(total, total);
    return buf;
  }
  const reader = file.stream().getReader();
  const chunks = [];
  let read = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    read += value.length;
    const now = performance.now();
    if (now - last > 50) {
      last = now;
      onProgress(read, total);
    }
  }
  onProgress(read, total);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(read);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function hasFiles(e) {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
}

/** Files dropped anywhere on the page go to onFiles; `overlay` is shown while dragging. */
export function setupDrop(overlay, onFiles) {
  let depth = 0;
  const show = (v) => {
    overlay.hidden = !v;
  };
  on(document, 'dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    show(true);
  });
  on(document, 'dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  on(document, 'dragleave', (e) => {
    if (!hasFiles(e)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) show(false);
  });
  on(document, 'drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    show(false);
    const files = Array.from(e.dataTransfer.files || []);
    if (files.length) return onFiles(files);
    return undefined;
  });
}

/** UTF-8 (with or without BOM), UTF-16 with a BOM, else GBK: what Chinese offices write. */
export function decodeText(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}
