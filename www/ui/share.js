// Share links without a server: the URL fragment carries the plans and the view.
//
//   #plan=<base64url(deflate-raw(plan JSON))>&plan=…&tab=checks&status=fail&…
//
// `plan=default` stands for the plan built into the page. No fragment, or one without
// any `plan=`, opens the default plan. Everything after the plans is view state
// (see VIEW_KEYS in main.js); unknown keys are ignored.

function bytesToBase64url(bytes) {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlToBytes(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bin = atob(padded);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function canCompress() {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

/** Plan text → fragment value. */
export async function encodePlan(text) {
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return bytesToBase64url(packed);
}

/**
 * Fragment value → the plan's bytes, unpacked at most `max` bytes far: a link of 0.8 MB
 * can unpack to 600 MB, so unpacking stops at the page's file limit and throws an
 * Error with `code: 'tooBig'` and `max`. Throws on a damaged value.
 */
export async function decodePlanBytes(value, max = Infinity) {
  let bytes;
  try {
    bytes = base64urlToBytes(value);
  } catch {
    throw new Error('the link is damaged (not base64url)');
  }
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value: chunk } = await reader.read();
      if (done) break;
      total += chunk.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        throw Object.assign(new Error(`the plan in the link unpacks to more than ${max} bytes: unpacking stopped there`), { code: 'tooBig', max });
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e && e.code === 'tooBig') throw e;
    throw new Error('the link is damaged or cut off (the compressed data does not unpack)');
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Fragment value → plan text. Throws on a damaged value. */
export async function decodePlan(value, max) {
  return new TextDecoder('utf-8').decode(await decodePlanBytes(value, max));
}

/** Splits a fragment into plan values and view parameters. */
export function parseFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const plans = [];
  const view = {};
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    let value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === 'plan') {
      plans.push(value);
    } else {
      try {
        value = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        continue;
      }
      view[key] = value;
    }
  }
  return { plans, view };
}

/** Builds a fragment from plan values and view parameters (empty values are left out). */
export function buildFragment(plans, view) {
  const parts = plans.map((p) => `plan=${p}`);
  for (const [key, value] of Object.entries(view)) {
    if (value === undefined || value === null || value === '') continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `#${parts.join('&')}` : '';
}
