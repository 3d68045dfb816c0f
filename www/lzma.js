// An LZMA decoder for the .lzma format (LZMA_Alone: `xz --format=lzma`), after Igor
// Pavlov's public-domain reference decoder (LzmaSpec.cpp in the LZMA SDK).
//
// Why our own: the page inlines its wasm LZMA-compressed (base64 of compressed bytes
// gzips to about their own size, and LZMA makes the wasm 20 % smaller than deflate, the
// only codec browsers unpack natively). The decoders on npm either ship a 12 KB wasm
// (xz-decompress, 10 KB of the page gzipped) or are ports through 64-bit emulation
// that take 0.2–0.5 s for our 0.5 MB (lzma, lzma1; measured in BENCHMARKS.md). This
// one is about 1.5 KB gzipped and unpacks the engine in a few milliseconds.
// tests/e2e/lzma.test.mjs compares it with xz on the real wasm and on crafted inputs.
//
// The whole output stays in memory, so it is its own dictionary. The output size must
// be in the header (the build writes it there); an end marker is accepted as well.

/**
 * Unpacks `src` (Uint8Array, .lzma format). Throws an Error on anything malformed.
 * @param {Uint8Array} src
 * @returns {Uint8Array}
 */
export function unlzma(src) {
  const fail = (what) => {
    throw new Error(`corrupt LZMA data: ${what}`);
  };
  if (src.length < 18) fail('too short');
  let props = src[0];
  if (props >= 225) fail('bad properties');
  const lc = props % 9;
  props = (props / 9) | 0;
  const lp = props % 5;
  const pb = (props / 5) | 0;
  const sizeLo = (src[5] | (src[6] << 8) | (src[7] << 16) | (src[8] << 24)) >>> 0;
  const sizeHi = (src[9] | (src[10] << 8) | (src[11] << 16) | (src[12] << 24)) >>> 0;
  if (sizeHi !== 0 || sizeLo > 0x7fffffff) fail('the output size is not in the header');
  const size = sizeLo;
  const out = new Uint8Array(size);

  // Range decoder.
  let at = 13;
  let range = 0xffffffff;
  let code = 0;
  if (src[at++] !== 0) fail('bad range coder start');
  for (let i = 0; i < 4; i++) code = ((code << 8) | src[at++]) >>> 0;
  if (code === range) fail('bad range coder start');

  const bit = (probs, i) => {
    const p = probs[i];
    const bound = (range >>> 11) * p;
    let b;
    if (code < bound) {
      range = bound;
      probs[i] = p + ((2048 - p) >> 5);
      b = 0;
    } else {
      range -= bound;
      code -= bound;
      probs[i] = p - (p >> 5);
      b = 1;
    }
    if (range < 0x1000000) {
      if (at >= src.length) fail('unexpected end');
      range = (range << 8) >>> 0;
      code = ((code << 8) | src[at++]) >>> 0;
    }
    return b;
  };
  const tree = (probs, base, bits) => {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | bit(probs, base + m);
    return m - (1 << bits);
  };
  const reverse = (probs, base, bits) => {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = bit(probs, base + m);
      m = (m << 1) | b;
      sym |= b << i;
    }
    return sym;
  };
  const direct = (bits) => {
    let res = 0;
    for (let i = 0; i < bits; i++) {
      range >>>= 1;
      let b = 0;
      if (code >= range) {
        code -= range;
        b = 1;
      }
      res = res * 2 + b;
      if (range < 0x1000000) {
        if (at >= src.length) fail('unexpected end');
        range = (range << 8) >>> 0;
        code = ((code << 8) | src[at++]) >>> 0;
      }
    }
    return res;
  };

  const model = (n) => new Uint16Array(n).fill(1024);
  const literal = model(0x300 << (lc + lp));
  const isMatch = model(192);
  const isRep = model(12);
  const isRepG0 = model(12);
  const isRepG1 = model(12);
  const isRepG2 = model(12);
  const isRep0Long = model(192);
  const posSlot = model(256);
  const posSpecial = model(115);
  const align = model(16);
  // A length coder: choice, choice 2, low (16 × 8), mid (16 × 8), high (256).
  const lenModel = model(514);
  const repLenModel = model(514);
  const len = (probs, posState) => {
    if (bit(probs, 0) === 0) return tree(probs, 2 + posState * 8, 3);
    if (bit(probs, 1) === 0) return 8 + tree(probs, 130 + posState * 8, 3);
    return 16 + tree(probs, 258, 8);
  };

  const pbMask = (1 << pb) - 1;
  const lpMask = (1 << lp) - 1;
  let state = 0;
  let rep0 = 0;
  let rep1 = 0;
  let rep2 = 0;
  let rep3 = 0;
  let pos = 0;
  while (pos < size) {
    const posState = pos & pbMask;
    if (bit(isMatch, (state << 4) + posState) === 0) {
      const prev = pos > 0 ? out[pos - 1] : 0;
      const base = 0x300 * (((pos & lpMask) << lc) + (prev >> (8 - lc)));
      let sym = 1;
      if (state >= 7) {
        let match = out[pos - rep0 - 1];
        do {
          const matchBit = (match >> 7) & 1;
          match <<= 1;
          const b = bit(literal, base + ((1 + matchBit) << 8) + sym);
          sym = (sym << 1) | b;
          if (matchBit !== b) break;
        } while (sym < 0x100);
      }
      while (sym < 0x100) sym = (sym << 1) | bit(literal, base + sym);
      out[pos++] = sym & 0xff;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let n;
    if (bit(isRep, state) === 1) {
      if (pos === 0) fail('a repeat before any data');
      if (bit(isRepG0, state) === 0) {
        if (bit(isRep0Long, (state << 4) + posState) === 0) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - rep0 - 1];
          pos++;
          continue;
        }
      } else {
        let dist;
        if (bit(isRepG1, state) === 0) {
          dist = rep1;
        } else {
          if (bit(isRepG2, state) === 0) {
            dist = rep2;
          } else {
            dist = rep3;
            rep3 = rep2;
          }
          rep2 = rep1;
        }
        rep1 = rep0;
        rep0 = dist;
      }
      n = len(repLenModel, posState);
      state = state < 7 ? 8 : 11;
    } else {
      rep3 = rep2;
      rep2 = rep1;
      rep1 = rep0;
      n = len(lenModel, posState);
      state = state < 7 ? 7 : 10;
      // The distance.
      const slot = tree(posSlot, (n < 3 ? n : 3) << 6, 6);
      if (slot < 4) {
        rep0 = slot;
      } else {
        const bits = (slot >> 1) - 1;
        rep0 = (2 | (slot & 1)) * 2 ** bits;
        if (slot < 14) {
          rep0 += reverse(posSpecial, rep0 - slot, bits);
        } else {
          rep0 += direct(bits - 4) * 16 + reverse(align, 0, 4);
        }
      }
      if (rep0 === 0xffffffff) break; // the end marker
      if (rep0 >= pos) fail('a distance before the start');
    }
    n += 2;
    if (n > size - pos) fail('more data than the header says');
    for (const end = pos + n; pos < end; pos++) out[pos] = out[pos - rep0 - 1];
  }
  if (pos !== size) fail('less data than the header says');
  return out;
}
