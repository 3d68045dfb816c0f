// www/lzma.js (the page's decoder of its inlined wasm) against xz, the encoder the
// build uses: the real wasm, inputs that exercise every kind of LZMA packet under
// every lc/lp/pb the format allows, and broken inputs, which must throw (never hang
// or return wrong bytes silently).
//   node --test tests/e2e/lzma.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unlzma } from '../../www/lzma.js';
import { packLzma } from '../../scripts/lzma-pack.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

const roundTrip = (bytes, options) => {
  const packed = packLzma(bytes, options);
  const out = unlzma(new Uint8Array(packed));
  assert.equal(out.length, bytes.length);
  assert.ok(Buffer.from(out).equals(Buffer.from(bytes)), `bytes differ (${options})`);
  return packed;
};

// Text with long and short repeats, near and far (rep0..rep3, matched literals).
function repetitive(n) {
  const words = ['深圳', '产业', 'planlens', '亿元', ' ', '\n', '2015', '{"value":', '}', 'the '];
  const parts = [];
  let seed = 7;
  const rand = (k) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % k;
  while (parts.join('').length < n) {
    parts.push(words[rand(words.length)]);
    if (rand(5) === 0 && parts.length > 30) parts.push(parts.slice(-rand(30) - 2).join(''));
  }
  return Buffer.from(parts.join('').slice(0, n));
}

test('the real wasm unpacks to the same bytes', () => {
  // No skip without pkg/: the page's tests need it too (`make wasm` builds it).
  assert.ok(existsSync(join(ROOT, 'pkg/planlens_bg.wasm')), 'pkg/planlens_bg.wasm is missing: run `make wasm` (or `make page`)');
  const wasm = readFileSync(join(ROOT, 'pkg/planlens_bg.wasm'));
  const packed = roundTrip(wasm);
  // xz itself reads what we wrote, header size included.
  const back = execFileSync('xz', ['--format=lzma', '-dc'], { input: packed, maxBuffer: 1 << 28 });
  assert.ok(back.equals(wasm));
});

test('every literal/position setting, random and repetitive data, empty input', () => {
  for (const data of [Buffer.alloc(0), Buffer.from('a'), randomBytes(5000), repetitive(40000), Buffer.alloc(70000, 0x61)]) {
    for (const [lc, lp, pb] of [[3, 0, 2], [0, 0, 0], [4, 0, 4], [0, 4, 0], [1, 3, 1], [2, 2, 3], [3, 1, 0]]) {
      roundTrip(data, `preset=6,lc=${lc},lp=${lp},pb=${pb}`);
    }
  }
});

test('broken inputs throw', () => {
  const packed = packLzma(repetitive(20000));
  const cases = {
    truncated: packed.subarray(0, packed.length >> 1),
    'bad properties': Buffer.concat([Buffer.from([225]), packed.subarray(1)]),
    'size unknown': Buffer.concat([packed.subarray(0, 5), Buffer.alloc(8, 0xff), packed.subarray(13)]),
    'size too large': (() => {
      const b = Buffer.from(packed);
      b.writeUInt32LE(20001, 5);
      return b;
    })(),
    'too short': packed.subarray(0, 10),
  };
  for (const [what, bytes] of Object.entries(cases)) {
    assert.throws(() => unlzma(new Uint8Array(bytes)), /corrupt LZMA data/, what);
  }
  // Flipped bytes anywhere: an error or other bytes, but always an end.
  for (let i = 0; i < 200; i++) {
    const b = Buffer.from(packed);
    const at = 14 + ((i * 7919) % (b.length - 14));
    b[at] ^= 1 << (i % 8);
    try {
      unlzma(new Uint8Array(b));
    } catch (e) {
      assert.match(e.message, /corrupt LZMA data/);
    }
  }
});
