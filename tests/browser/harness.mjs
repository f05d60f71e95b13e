// Helpers for the browser tests: a tiny check runner, the static server as a child
// process, and headless Debian Chromium through playwright-core (TOOLCHAIN.md flags).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---- checks ----------------------------------------------------------------------------
export class Checks {
  constructor() {
    this.results = [];
  }
  // Runs fn; a throw (assert or otherwise) is a FAIL with its message. Returns fn's value.
  async check(name, fn) {
    const t0 = Date.now();
    try {
      const value = await fn();
      this.results.push({ name, ok: true });
      console.log(`PASS ${name} (${Date.now() - t0} ms)`);
      return value;
    } catch (e) {
      this.results.push({ name, ok: false, error: e });
      console.log(`FAIL ${name}: ${(e && e.message) || e}`);
      return undefined;
    }
  }
  note(text) {
    console.log(`NOTE ${text}`);
  }
  get failed() {
    return this.results.filter((r) => !r.ok);
  }
  summary() {
    const f = this.failed.length;
    console.log(`\n${this.results.length - f} passed, ${f} failed`);
    for (const r of this.failed) console.log(`  failed: ${r.name}`);
    return f === 0;
  }
}

export function closeEnough(a, b, rel = 1e-9) {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (a === b) return true;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));
}

// ---- the server ------------------------------------------------------------------------
// Starts scripts/serve.mjs on a free port; resolves to {url, stop()}.
export function startServer(siteDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/serve.mjs'), siteDir, '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server did not start in 10 s: ${out}${err}`));
    }, 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${out}${err}`));
    });
  });
}

// ---- the browser -----------------------------------------------------------------------
export const chromiumPath = process.env.COSTLAB_CHROMIUM || '/usr/bin/chromium';

// Flags that worked headless as root here (TOOLCHAIN.md). playwright adds --headless and
// the user-data dir itself (launchPersistentContext on a fresh temp dir).
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--metrics-recording-only',
  '--no-pings',
];

export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed (run scripts/deps.sh or npm ci): ${e.message}`);
  }
  if (!fs.existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (scripts/deps.sh installs it)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costlab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1100, height: 900 },
    locale: 'en-US',
    timeout: 60000,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
