#!/usr/bin/env node
// Build step: strips comments and whitespace from a page script with Emscripten's own
// acorn-based optimizer (already on the machine with emscripten; no npm minifier needed).
//   node web/minify.mjs <acorn-optimizer.js> <in.js> <out.js>
// The optimizer loads acorn from Debian's node modules: NODE_PATH must include
// /usr/share/nodejs (TOOLCHAIN.md); it is added here when missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import process from 'node:process';

const [optimizer, input, output] = process.argv.slice(2);
if (!optimizer || !input || !output) {
  console.error('usage: node web/minify.mjs <acorn-optimizer.js> <in.js> <out.js>');
  process.exit(2);
}
const nodePath = [process.env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(':');
const code = execFileSync(process.execPath, [optimizer, input, 'minifyWhitespace'], {
  encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NODE_PATH: nodePath },
});
if (code.trim().length < 16) throw new Error(`minify: empty output for ${input}`);
fs.writeFileSync(output, code);
