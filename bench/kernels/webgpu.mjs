#!/usr/bin/env node
// costlab's WebGPU matmul (shaders/matmul.wgsl through web/hw/webgpu.js) beside
// tfjs-backend-webgpu's matMul, in the same headless Chromium page, at n = 1024, 2048, 4096.
// Printed figures, not a test. Needs the built site (web preset: <site>/hw/) and this folder's
// npm packages (bench/kernels/run installs them).
//
//   node bench/kernels/webgpu.mjs [--sizes 1024,2048,4096] [--peak-tflops 67] [--site build/site]
//   COSTLAB_CHROMIUM_ARGS="--use-vulkan ..."  extra Chromium flags for a real GPU
//
// Both sides are checked against each other at the first size before any speed is printed.
// Ours is timed by GPU timestamps when the adapter has them (else wall time to
// onSubmittedWorkDone); tfjs by wall time over a batch of matMuls ending in one readback
// (tfjs has no per-kernel timestamps through its public API), so tfjs also gets a wall-clock
// figure for ours to compare like with like.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '1024,2048,4096').split(',').map(Number);
const PEAK = Number(arg('peak-tflops', 0));
const SITE = path.resolve(root, arg('site', process.env.COSTLAB_SITE_DIR || 'build/site'));
const NM = path.join(here, 'node_modules');

if (!fs.existsSync(path.join(SITE, 'hw', 'webgpu.js'))) {
  console.error(`no ${SITE}/hw/webgpu.js: build the web preset first`);
  process.exit(1);
}

const MIME = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const [base, rel] = url.pathname.startsWith('/nm/') ? [NM, url.pathname.slice(4)] : [SITE, url.pathname.slice(1)];
  const file = path.resolve(base, decodeURIComponent(rel));
  if (!file.startsWith(base) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const { chromium } = await import(path.join(root, 'node_modules/playwright-core/index.mjs'));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costlab-webgpu-bench-'));
const extra = (process.env.COSTLAB_CHROMIUM_ARGS || '').split(/\s+/).filter(Boolean);
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.COSTLAB_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu', ...extra],
});
try {
  const page = await context.newPage();
  await page.goto(`${origin}/hw/check.html`);
  await page.addScriptTag({ url: '/nm/@tensorflow/tfjs-core/dist/tf-core.min.js' });
  await page.addScriptTag({ url: '/nm/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js' });
  const out = await page.evaluate(async (sizes) => {
    const w = await import('./webgpu.js');
    const gpu = await w.openGpu();
    const tf = window.tf;
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
    await tf.ready();
    const rows = [];
    // Agreement at a moderate size first (ours vs tfjs on the same inputs).
    {
      const n = 512;
      const A = new Float32Array(n * n).map((_, i) => Math.sin(i * 0.37));
      const B = new Float32Array(n * n).map((_, i) => Math.cos(i * 0.11));
      const ours = await w.gpuMatmul(gpu, A, B, n, n, n);
      const c = tf.matMul(tf.tensor2d(A, [n, n]), tf.tensor2d(B, [n, n]));
      const theirs = await c.data();
      c.dispose();
      rows.push({ check: w.relativeError(ours, theirs) });
    }
    const candidates = w.tileCandidates(gpu.limits);
    for (const n of sizes) {
      if (4 * n * n > gpu.limits.maxStorageBufferBindingSize) continue;
      // Ours: every tile configuration the limits allow; the best is the figure.
      let best = null;
      for (const tiles of candidates) {
        const r = await w.timeGpuMatmul(gpu, n, { tiles });
        if (!best || r.gflops > best.gflops) best = { ...r, tiles: `${tiles.BM}x${tiles.BN}/${tiles.TM}x${tiles.TN}` };
      }
      // tfjs: a batch of matMuls, one readback at the end, wall time.
      const a = tf.randomUniform([n, n]), b = tf.randomUniform([n, n]);
      for (let i = 0; i < 3; i++) { const c = tf.matMul(a, b); await c.data(); c.dispose(); }
      let calls = 1, seconds = 0;
      const tfBatch = async (k) => {
        const t0 = performance.now();
        let last = null;
        for (let i = 0; i < k; i++) { if (last) last.dispose(); last = tf.matMul(a, b); }
        await last.data();
        last.dispose();
        return (performance.now() - t0) / 1e3;
      };
      while ((seconds = await tfBatch(calls)) < 0.1 && calls < 1024) calls *= 2;
      const rates = [];
      for (let r = 0; r < 5; r++) rates.push(2 * n ** 3 * calls / (await tfBatch(calls)) / 1e9);
      rates.sort((x, y) => x - y);
      a.dispose(); b.dispose();
      rows.push({ n, ours: best.gflops, timing: best.timing, tiles: best.tiles, tfjs: rates[2] });
    }
    const info = gpu.description;
    gpu.device.destroy();
    return { info, rows };
  }, SIZES);
  console.log(`WebGPU matmul in ${await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] || navigator.userAgent)}, adapter: ${out.info}`);
  const check = out.rows.shift().check;
  console.log(`agreement at n=512, costlab vs tfjs-webgpu: relative error ${check.toExponential(1)}${check < 1e-3 ? ' (ok)' : ' (DISAGREE: figures below are suspect)'}`);
  for (const r of out.rows) {
    console.log(`n=${String(r.n).padStart(5)}  costlab ${r.ours.toPrecision(4).padStart(7)} GFLOP/s (${r.tiles}, ${r.timing})`
      + `  tfjs-webgpu ${r.tfjs.toPrecision(4).padStart(7)} GFLOP/s  ratio ${(r.ours / r.tfjs).toFixed(2)}x`
      + (PEAK ? `  ${(100 * r.ours / (PEAK * 1e3)).toFixed(0)}% of ${PEAK} TFLOP/s fp32` : ''));
  }
} finally {
  await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
  server.close();
}
