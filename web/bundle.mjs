#!/usr/bin/env node
// Build step: the page's scripts through esbuild (npm, pinned in package-lock.json; installed
// by scripts/deps.sh), which minifies names as well as whitespace.
//   node web/bundle.mjs page <entry.js> <out.js>   ES modules (web/page/) -> one classic script
//       (an IIFE: the page loads it with <script defer> next to costlab.js, which defines the
//       global createCostlab); import('./hw/...') stays a request of its own, made on demand
//   node web/bundle.mjs module <in.js> <out.js>    one ES module minified as it is (web/hw/:
//       its imports, import.meta.url and its exports stay, so each file still loads alone)
//   node web/bundle.mjs script <in.js> <out.js>    one classic script minified as it is; its
//       top-level names stay (costlab.js's createCostlab is what app.js calls)
//   node web/bundle.mjs style <in.css> <out.css>   one stylesheet minified (comments and
//       whitespace out, shorter colours and numbers; nothing lowered: no browser targets given)
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const [mode, input, output] = process.argv.slice(2);
if (!['page', 'module', 'script', 'style'].includes(mode) || !input || !output) {
  console.error('usage: node web/bundle.mjs page|module|script|style <in> <out>');
  process.exit(2);
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch (e) {
  console.error(`bundle: esbuild is not installed (run scripts/deps.sh, or npm ci): ${e.message}`);
  process.exit(1);
}

const common = {
  entryPoints: [input],
  outfile: output,
  minify: true,
  // What the page already required (dynamic import(), optional chaining); esbuild lowers
  // anything newer.
  target: 'es2020',
  charset: 'utf8',       // '—' and '×' as UTF-8 (the server says utf-8), not \u escapes
  legalComments: 'none',
  logLevel: 'warning',
};
const modes = {
  page: { bundle: true, format: 'iife', external: ['./hw/*'] },
  module: { format: 'esm' },
  script: {}, // no format: a script's top level is global, so esbuild keeps its names
  style: {},  // the .css extension picks esbuild's CSS loader
};
await esbuild.build({ ...common, ...modes[mode] });
if (fs.statSync(output).size < 16) throw new Error(`bundle: empty output for ${path.basename(input)}`);
