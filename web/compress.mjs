#!/usr/bin/env node
// Precompresses the site for scripts/serve.mjs (and any static host that serves precompressed
// files): writes x.br (Brotli, quality 11) beside every text or wasm file x under <dir>, and
// x.gz (gzip -9) where none exists. Skips files whose compressed twins are newer than they are,
// so it is cheap to run after every build. Output is reproducible (no names or time stamps).
//
//   node web/compress.mjs <site dir>
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';

const COMPRESSIBLE = /\.(html|css|js|mjs|wasm|json|svg|txt|wgsl|csv)$/;

function fresh(target, source) {
  try {
    return fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs;
  } catch {
    return false;
  }
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && COMPRESSIBLE.test(e.name)) out.push(p);
  }
  return out;
}

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node web/compress.mjs <site dir>');
  process.exit(2);
}
let written = 0;
for (const file of walk(dir)) {
  const data = fs.readFileSync(file);
  if (!fresh(file + '.br', file)) {
    fs.writeFileSync(file + '.br', zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm') ? zlib.constants.BROTLI_MODE_GENERIC : zlib.constants.BROTLI_MODE_TEXT,
      },
    }));
    written++;
  }
  if (!fresh(file + '.gz', file)) {
    fs.writeFileSync(file + '.gz', zlib.gzipSync(data, { level: 9 }));
    written++;
  }
}
if (written) console.log(`compress: ${written} file(s) written in ${dir}`);
