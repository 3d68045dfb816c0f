#!/usr/bin/env node
// Builds dist/planlens.html: ONE self-contained file an analyst can open from an e-mail
// or a USB stick (file://, no server, no network).
//
//   node scripts/build-page.mjs [--raw-wasm] [--no-minify] [--out FILE]
//
// - The ES modules of www/ are bundled and minified by esbuild into one classic script
//   for the page; www/worker.js (the engine's Web Worker, with the wasm-bindgen glue
//   pkg/planlens.js) into another. Both go into one LZMA stream, base64-encoded into a
//   non-executed <script type="application/octet-stream" id="planlens-js">: LZMA packs
//   the page's code about 4 KB smaller than the page's own gzip would.
// - The wasm (pkg/planlens_bg.wasm) is LZMA-compressed (the `xz` tool, .lzma format,
//   -9e; see scripts/lzma-pack.mjs) and base64-encoded into a non-executed
//   <script type="application/octet-stream" id="planlens-wasm" data-encoding="lzma">;
//   www/lzma.js (our 1.5 KB decoder) unpacks it and the worker calls initSync. LZMA
//   makes the wasm 20 % smaller than gzip -9 does (browsers' DecompressionStream knows
//   only gzip and deflate); base64 of compressed bytes gzips to about their own size,
//   so the file's gzipped weight is the LZMA size plus the page. --deflate packs the
//   wasm with zlib instead (DecompressionStream); --raw-wasm embeds plain base64.
// - The page's markup comes first, with the stand-in (scripts/standin.mjs: the default
//   plan's first chart drawn at build time, kept by the inline www/standin.js), so the
//   first paint can show it; both tags and www/start.js (a classic script, inlined) end
//   the body. After that first frame start.js unpacks the code, starts the worker from a
//   blob: URL and posts it the wasm, then runs the page's script from a blob: URL, and
//   www/engine.js takes the worker over.
// - --no-minify keeps the bundles readable.
// - style.css is inlined (comments and extra whitespace removed); the development Content-Security-Policy is replaced by the
//   product's (see CSP below).
// - A guard refuses sources that insert HTML (innerHTML & co.): plan text must only
//   ever reach the page as text.
import { readFileSync, writeFileSync, renameSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { packLzma } from './lzma-pack.mjs';
import { drawStandin } from './standin.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WWW = resolve(ROOT, 'www');
const WASM = resolve(ROOT, 'pkg/planlens_bg.wasm');

// default-src 'none'        nothing may be fetched, framed, connected to or loaded
// script-src 'unsafe-inline' the one inline script, www/start.js (there is no server to hash or nonce
//                            it per response; the page inserts no HTML, so nothing else can inject one)
//            blob:           the page's script, unpacked by start.js (a blob: URL is made in
//                            the page from its own bytes: nothing is fetched)
// 'wasm-unsafe-eval'        compiling the inlined WebAssembly
// style-src 'unsafe-inline' the inline <style> (and CSSOM style changes)
// img-src data: blob:       PNG export draws the chart SVG through an <img> from a data: URL
// worker-src blob:          the engine's worker starts from a blob: URL of its inlined source
// base-uri 'none', form-action 'none': restrictions only (default-src does not cover them)
export const CSP =
  "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval' blob:; style-src 'unsafe-inline'; img-src data: blob:; worker-src blob:; base-uri 'none'; form-action 'none'";

const args = process.argv.slice(2);
const rawWasm = args.includes('--raw-wasm');
const deflate = args.includes('--deflate');
const minify = !args.includes('--no-minify');
const outArg = args.indexOf('--out');
const OUT = outArg >= 0 ? resolve(args[outArg + 1]) : resolve(ROOT, 'dist/planlens.html');

function fail(message) {
  console.error(`build-page: ${message}`);
  process.exit(1);
}

// ------------------------------------------------------------------ guards

function guardSources(files) {
  const banned = [/\.innerHTML\b/, /\binsertAdjacentHTML\b/, /\bouterHTML\s*=[^=]/, /\bdocument\.write\b/, /\beval\s*\(/, /\bnew\s+Function\s*\(/];
  for (const file of files) {
    if (!file.startsWith(WWW)) continue;
    const text = readFileSync(file, 'utf8');
    for (const re of banned) {
      if (re.test(text)) fail(`${relative(ROOT, file)} uses ${re.source}: insert plan text as text, SVG through DOMParser`);
    }
  }
}

/**
 * Drops comments and collapses whitespace (none is needed around `{ } ; ,`). Spaces
 * elsewhere stay single: they separate selectors and values. style.css has no string
 * with two spaces in a row or with one of those characters, which this would change.
 */
function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

function inlineScript(js) {
  // Nothing inside may close the <script> element or open an HTML comment.
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

// ------------------------------------------------------------------ build

/**
 * Bundles one entry module with esbuild into a classic script (the page, the worker, the
 * start script, the stand-in's keeper), guards its sources and minifies it. esbuild parses
 * every file, so a syntax error fails the build with its place.
 */
async function pack(entry) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    fail('the esbuild package is missing: run npm ci');
  }
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      // Every bundle runs as a classic script: the page from a blob: URL (a module
      // script from a blob: URL of a file:// page is refused: its origin is opaque).
      format: 'iife',
      banner: { js: '"use strict";' },
      target: 'es2020',
      minify,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
      // The glue's unused fetch path names the wasm beside the script; a classic
      // worker has no import.meta, so it becomes the worker's own URL.
      define: { 'import.meta.url': 'self.location.href' },
    });
  } catch (e) {
    fail(`the bundle of ${relative(ROOT, entry)} failed:\n${(e.errors || []).map((m) => `${m.location?.file}:${m.location?.line}:${m.location?.column}: ${m.text}`).join('\n') || e.message}`);
  }
  const files = Object.keys(result.metafile.inputs).map((f) => resolve(ROOT, f));
  guardSources(files);
  return { code: result.outputFiles[0].text, files };
}

async function build() {
  let html;
  try {
    html = readFileSync(resolve(WWW, 'index.html'), 'utf8');
  } catch {
    fail('www/index.html is missing');
  }
  let wasm;
  try {
    wasm = readFileSync(WASM);
  } catch {
    fail('pkg/planlens_bg.wasm is missing: run ./scripts/build-wasm.sh first');
  }
  const cssText = readFileSync(resolve(WWW, 'style.css'), 'utf8');
  const css = minify ? minifyCss(cssText) : cssText;
  const page = await pack(resolve(WWW, 'main.js'));
  // A classic worker: module workers cannot start from a blob: URL of a file:// page
  // (its origin is opaque). The bundle has no imports left; `import.meta.url` (in the
  // glue's unused fetch path) becomes the worker's own URL.
  const worker = await pack(resolve(WWW, 'worker.js'));
  const code = page.code;
  const files = page.files;
  // The start script: a classic script (no imports), checked and minified like the bundles.
  const startFile = resolve(WWW, 'start.js');
  const start = await pack(startFile);

  const encoding = rawWasm ? '' : deflate ? 'deflate' : 'lzma';
  let packed = wasm;
  if (encoding === 'deflate') packed = zlib.deflateSync(wasm, { level: 9 });
  if (encoding === 'lzma') {
    try {
      packed = packLzma(wasm);
    } catch (e) {
      fail(`xz failed (install xz-utils, or build with --deflate): ${e.message}`);
    }
  }
  const b64 = packed.toString('base64').replace(/.{1,2000}/g, '$&\n');
  const wasmTag = `<script type="application/octet-stream" id="planlens-wasm"${encoding ? ` data-encoding="${encoding}"` : ''}>\n${b64}</script>`;

  const replaceOnce = (text, re, by, what) => {
    if (!re.test(text)) fail(`www/index.html: ${what} not found`);
    return text.replace(re, () => by);
  };
  html = replaceOnce(html, /<!--\s*Development policy[\s\S]*?-->\s*/, '', 'the development-policy comment');
  html = replaceOnce(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/, `<meta http-equiv="Content-Security-Policy" content="${CSP}">`, 'the CSP meta tag');
  // The page's code and the worker's, one LZMA stream (www/start.js unpacks it): the
  // worker's length in UTF-16 units, a line break, the worker, the page.
  const codeText = `${worker.code.length}\n${worker.code}${code}`;
  let packedCode;
  try {
    packedCode = packLzma(Buffer.from(codeText));
  } catch (e) {
    fail(`xz failed (install xz-utils): ${e.message}`);
  }
  const codeTag = `<script type="application/octet-stream" id="planlens-js" data-encoding="lzma">\n${packedCode.toString('base64').replace(/.{1,2000}/g, '$&\n')}</script>`;
  const startTag = `<script>\n${inlineScript(start.code)}\n</script>`;
  // The first chart at once: the stand-in and its keeper in the detail column.
  let standin;
  try {
    standin = await drawStandin(ROOT);
  } catch (e) {
    fail(`the stand-in chart could not be drawn: ${e && e.message ? e.message : e}`);
  }
  if (!standin) fail('the default plan has no first chart for the stand-in');
  const keeper = await pack(resolve(WWW, 'standin.js'));
  const attr = (v) => String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  html = replaceOnce(
    html,
    /<!--standin-->/,
    `<div class="chart-slot"><div class="chart-frame" data-theme="light" id="standin" data-spec="${attr(standin.spec)}">${standin.svg}</div></div><script>${inlineScript(keeper.code)}</script>`,
    'the stand-in comment',
  );
  html = replaceOnce(html, /<link rel="stylesheet" href="style.css">/, `<style>\n${css.replace(/<\/style/gi, '<\\/style')}</style>`, 'the style.css link');
  // The code and the engine after the page's markup: the stand-in is parsed (and can be
  // painted) before the parser reaches 380 KB of base64 and the start script.
  html = replaceOnce(html, /<script type="module" src="main.js"><\/script>\s*/, `${codeTag}\n${wasmTag}\n${startTag}\n`, 'the main.js script');

  // Nothing in the page may load from elsewhere.
  const external = /\s(?:src|href)\s*=\s*["']?(?:https?:|\/\/)/i.exec(html);
  if (external) fail(`the page refers to an external resource: ${external[0]}`);

  mkdirSync(dirname(OUT), { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, OUT);

  const size = statSync(OUT).size;
  const gz = zlib.gzipSync(Buffer.from(html), { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const wasmGz = zlib.gzipSync(wasm, { level: 9 }).length;
  console.log(`build-page: ${relative(process.cwd(), OUT) || OUT}`);
  console.log(`  file     ${size} bytes (${kb(size)}), gzipped ${gz} bytes (${kb(gz)}); budget 300 KB gzipped: ${gz <= 300 * 1024 ? 'within' : `OVER by ${kb(gz - 300 * 1024)}`}`);
  console.log(`  wasm     ${wasm.length} bytes raw, ${wasmGz} gzipped, embedded as ${encoding ? `base64 of ${encoding} (${packed.length} bytes)` : 'base64'}`);
  console.log(`  js       page ${Buffer.byteLength(code)} bytes from ${files.length} modules, worker ${Buffer.byteLength(worker.code)} bytes from ${worker.files.length}, embedded as base64 of lzma (${packedCode.length} bytes); start ${Buffer.byteLength(start.code)} bytes; css ${Buffer.byteLength(css)} bytes`);
}

await build();
