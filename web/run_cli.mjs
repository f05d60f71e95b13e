// Runs the costlab CLI (the native binary, or the wasm build's .js under node) and parses its
// JSON output. Used by prerender.mjs and site_pages.mjs at site build time.
// The CLI writes to a temporary file, not a pipe: the wasm build's node glue (Emscripten 3.1.6)
// was seen to drop parts of a ~30 KB output written to a pipe (about one run in five), which
// broke JSON.parse; a file receives every byte.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

let serial = 0;

export function runCli(cli, args) {
  // Old glue: fetch must be off (TOOLCHAIN.md); a native binary runs as it is.
  const isJs = /\.m?js$/.test(cli);
  const cmd = isJs ? process.execPath : cli;
  const argv = isJs ? ['--no-experimental-fetch', cli, ...args] : args;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `costlab-cli-${process.pid}-${serial++}-`));
  const file = path.join(dir, 'out.json');
  const fd = fs.openSync(file, 'w');
  try {
    execFileSync(cmd, argv, { stdio: ['ignore', fd, 'inherit'] });
  } finally {
    fs.closeSync(fd);
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
