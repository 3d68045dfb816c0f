// Packs bytes in the .lzma format (LZMA_Alone) for www/lzma.js: `xz --format=lzma`
// at its strongest preset with pb=0 (wasm is a byte stream, with no 2- or 4-byte
// alignment for the position bits to follow: 0.3 % smaller than the default pb=2),
// and the output size written into the header, which xz leaves "unknown" when it
// reads a pipe (the decoder allocates the output once and stops there).
import { execFileSync } from 'node:child_process';

/** @param {Uint8Array} bytes  @param {string} [options] xz's --lzma1 options */
export function packLzma(bytes, options = 'preset=9e,pb=0') {
  const packed = execFileSync('xz', ['--format=lzma', `--lzma1=${options}`, '-c'], {
    input: bytes,
    maxBuffer: 1 << 28,
  });
  if (packed.length < 13) throw new Error('xz wrote no .lzma header');
  packed.writeUInt32LE(bytes.length, 5);
  packed.writeUInt32LE(0, 9);
  return packed;
}
