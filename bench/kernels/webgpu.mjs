#!/usr/bin/env node
// costlab's WebGPU matmul (shaders/matmul.wgsl through web/hw/webgpu.js: fp32, and f16 inputs
// with f32 accumulation where the adapter has shader-f16; fp32 through
// shaders/matmul_subgroups.wgsl where it has subgroups) beside tfjs-backend-webgpu's matMul
// and onnxruntime-web's WebGPU MatMul (fp32 and fp16), in one headless Chromium page and one
// run. Printed figures, not a test. Start with bench/kernels/run-webgpu (installs, builds, runs).
//
//   node bench/kernels/webgpu.mjs [--sizes 1024,2048,4096] [--gpu] [--peak-tflops 66.9]
//        [--peak-f16-tflops 133.8] [--min-batch 0.1] [--out result.json] [--site build/site]
//   COSTLAB_CHROMIUM=/path/to/chromium   COSTLAB_CHROMIUM_ARGS="extra flags"
//
// --gpu: a real GPU is expected (Vulkan flags added, see README.md): the run fails if the adapter
// is SwiftShader. Without it the page gets Chromium's default adapter (SwiftShader here): the
// figures then only show that everything runs.
//
// Every kernel is checked against costlab's CPU SGEMM (n = 256 and an odd 67 x 45 x 133) before
// any of its figures is printed; a kernel that fails is reported as wrong, not timed. Ours is
// timed by GPU timestamps when the adapter has them and also by the wall clock to
// onSubmittedWorkDone; the peers by the wall clock over a batch of calls ending in a wait for the
// GPU (their public APIs expose no per-kernel timestamps). Ratios use the wall-clock figures.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { peaksFor } from './gpu-peaks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '1024,2048,4096').split(',').map(Number);
if (!SIZES.length || SIZES.some((n) => !(Number.isInteger(n) && n >= 16 && n <= 16384))) {
  console.error(`--sizes takes whole numbers from 16 to 16384, comma-separated (got "${arg('sizes')}")`);
  process.exit(2);
}
const MIN_BATCH_S = Number(arg('min-batch', 0.1));
const SITE = path.resolve(root, arg('site', process.env.COSTLAB_SITE_DIR || 'build/site'));
const NM = path.join(here, 'node_modules');
const WANT_GPU = flag('gpu');

if (!fs.existsSync(path.join(SITE, 'hw', 'webgpu.js'))) {
  console.error(`no ${SITE}/hw/webgpu.js: build the web preset first (bench/kernels/run-webgpu does)`);
  process.exit(1);
}
for (const f of ['@tensorflow/tfjs-backend-webgpu', 'onnxruntime-web']) {
  if (!fs.existsSync(path.join(NM, f))) {
    console.error(`no ${NM}/${f}: run npm ci in bench/kernels (bench/kernels/run-webgpu does)`);
    process.exit(1);
  }
}

const MIME = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>costlab WebGPU matmul benchmark</title><p>running</p>';
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    return;
  }
  const routes = [['/nm/', NM], ['/hw/', path.join(SITE, 'hw')], ['/bench/', here]];
  const route = routes.find(([prefix]) => url.pathname.startsWith(prefix));
  const file = route && path.resolve(route[1], decodeURIComponent(url.pathname.slice(route[0].length)));
  if (!file || !file.startsWith(route[1]) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// Flags for WebGPU on an NVIDIA GPU through Vulkan in headless Chromium (README.md: which of
// them Chromium 156 needs on the GPU machine is still to be confirmed there).
const GPU_ARGS = ['--enable-features=Vulkan', '--use-angle=vulkan', '--use-vulkan=native',
  '--disable-vulkan-surface', '--ignore-gpu-blocklist'];
const { chromium } = await import(path.join(root, 'node_modules/playwright-core/index.mjs'));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costlab-webgpu-bench-'));
const extra = (process.env.COSTLAB_CHROMIUM_ARGS || '').split(/\s+/).filter(Boolean);
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.COSTLAB_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu',
    ...(WANT_GPU ? GPU_ARGS : []), ...extra],
});
let status = 0;
try {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => { if (m.type() === 'error') logs.push(m.text()); });
  await page.goto(`${origin}/`);
  await page.addScriptTag({ url: '/nm/@tensorflow/tfjs-core/dist/tf-core.min.js' });
  await page.addScriptTag({ url: '/nm/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js' });
  const out = await page.evaluate(runInPage, { sizes: SIZES, minBatchS: MIN_BATCH_S });
  const ua = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] || navigator.userAgent);
  status = report(out, ua);
  if (status && logs.length) console.log(`page errors:\n  ${logs.slice(-10).join('\n  ')}`);
} finally {
  await context.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
  server.close();
}
process.exit(status);

// ---- in the page ------------------------------------------------------------------------
// Everything below runs in Chromium (page.evaluate serialises this function).
async function runInPage({ sizes, minBatchS }) {
  const w = await import('/hw/webgpu.js');
  const { loadKernelModule } = await import('/hw/kernels-module.js');
  const { matmulModel, ONNX_FLOAT, ONNX_FLOAT16 } = await import('/bench/onnx-matmul.mjs');
  const km = await loadKernelModule('/hw/costlab_kernels.wasm');
  const gpu = await w.openGpu();
  const info = gpu.adapter.info || {};
  const res = {
    adapter: gpu.description, vendor: info.vendor || '', architecture: info.architecture || '',
    timestamps: gpu.timestamps, f16: gpu.f16, subgroups: gpu.subgroups,
    subgroupSizes: `${gpu.subgroupMinSize}-${gpu.subgroupMaxSize || '?'}`,
    limits: { storage: gpu.limits.maxComputeWorkgroupStorageSize, invocations: gpu.limits.maxComputeInvocationsPerWorkgroup },
    kernels: {}, rows: [], notes: [],
  };
  const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
  // Batch size: double until a batch lasts minBatchS / 2, then the median of 5 batches.
  const rate = async (n, batch) => {
    let calls = 1;
    await batch(1);
    while (calls < 4096 && (await batch(calls)) < minBatchS / 2) calls *= 2;
    const r = [];
    for (let i = 0; i < 5; i++) r.push(2 * n ** 3 * calls / (await batch(calls)) / 1e9);
    return median(r);
  };
  const pattern = (count, seed) => new Float32Array(count).map((_, i) => Math.sin(i * 0.37 + seed) * Math.cos(i * 0.011 * seed));
  const halfBits = (X) => w.toF16(X);

  // --- the kernels: { id, label, precision, checkAll(refs) -> worst error, time(n) -> { gflops } } ---
  const kernels = [];
  kernels.push({
    id: 'costlab-f32', label: 'costlab fp32', precision: 'f32',
    // Every configuration the limits allow is checked (odd shapes) and timed; the best counts.
    async time(n) {
      let best = null;
      for (const tiles of w.tileCandidates(gpu.limits, 'f32')) {
        const r = await w.timeGpuMatmul(gpu, n, { tiles, minSeconds: minBatchS });
        if (!best || r.gflops > best.gflops) best = { ...r, tiles };
      }
      const wall = await w.timeGpuMatmul(gpu, n, { tiles: best.tiles, minSeconds: minBatchS, wallClock: true });
      return { gflops: wall.gflops, gpuClock: best.timing === 'timestamp-query' ? best.gflops : null, tiles: w.tileName(best.tiles) };
    },
    async checkAll(refs) { // every candidate, not only the first
      let worst = 0;
      for (const tiles of w.tileCandidates(gpu.limits, 'f32')) {
        for (const r of refs) worst = Math.max(worst, w.relativeError(await w.gpuMatmul(gpu, r.A, r.B, r.m, r.n, r.k, tiles), r.R));
      }
      return worst;
    },
  });
  if (gpu.f16) {
    kernels.push({
      id: 'costlab-f16', label: 'costlab f16 (f32 acc)', precision: 'f16',
      async time(n) {
        let best = null;
        for (const tiles of w.tileCandidates(gpu.limits, 'f16')) {
          const r = await w.timeGpuMatmul(gpu, n, { tiles, precision: 'f16', minSeconds: minBatchS });
          if (!best || r.gflops > best.gflops) best = { ...r, tiles };
        }
        const wall = await w.timeGpuMatmul(gpu, n, { tiles: best.tiles, precision: 'f16', minSeconds: minBatchS, wallClock: true });
        return { gflops: wall.gflops, gpuClock: best.timing === 'timestamp-query' ? best.gflops : null, tiles: w.tileName(best.tiles) };
      },
      async checkAll(refs) {
        let worst = 0;
        for (const tiles of w.tileCandidates(gpu.limits, 'f16')) {
          for (const r of refs) {
            const C = await w.gpuMatmul(gpu, r.A, r.B, r.m, r.n, r.k, tiles, 'f16');
            worst = Math.max(worst, w.boundRatio(C, r.R, r.absR, w.f16ErrorBound(r.k, 1, 1)));
          }
        }
        return worst;
      },
    });
  } else {
    res.notes.push('costlab f16: the adapter has no shader-f16, so there is no f16 kernel to time');
  }

  if (gpu.subgroups) {
    const SG = 'f32-subgroups', sgTiles = () => w.tileCandidates(gpu.limits, SG, gpu.subgroupMinSize);
    kernels.push({
      id: 'costlab-f32-sg', label: 'costlab fp32 subgroups', precision: 'f32',
      async time(n) {
        let best = null;
        for (const tiles of sgTiles()) {
          const r = await w.timeGpuMatmul(gpu, n, { tiles, precision: SG, minSeconds: minBatchS });
          if (!best || r.gflops > best.gflops) best = { ...r, tiles };
        }
        const wall = await w.timeGpuMatmul(gpu, n, { tiles: best.tiles, precision: SG, minSeconds: minBatchS, wallClock: true });
        return { gflops: wall.gflops, gpuClock: best.timing === 'timestamp-query' ? best.gflops : null, tiles: w.tileName(best.tiles) };
      },
      // Right in every configuration, and the subgroup path taken (else its figure would be
      // the workgroup-read path's under another name: then it counts as wrong, not timed).
      async checkAll(refs) {
        let worst = 0, fallbacks = 0, invocations = 0;
        for (const tiles of sgTiles()) {
          for (const r of refs) {
            const stats = {};
            worst = Math.max(worst, w.relativeError(await w.gpuMatmul(gpu, r.A, r.B, r.m, r.n, r.k, tiles, SG, stats), r.R));
            fallbacks += stats.fallbacks;
            invocations += stats.invocations;
          }
        }
        res.notes.push(`costlab fp32 subgroups: ${fallbacks} of ${invocations} invocations in the checks took the workgroup-read path `
          + `(their subgroup's lanes were not laid out as the kernel needs); G = ${sgTiles().map((t) => t.G).join('/')} lanes share A reads`);
        return fallbacks === invocations ? Infinity : worst;
      },
    });
  } else {
    res.notes.push('costlab fp32 subgroups: the adapter has no subgroups, so there is no subgroup kernel to time');
  }

  // tfjs-backend-webgpu: matMul on tensors; a batch ends by reading one element (which waits
  // for the GPU without a large readback).
  try {
    const tf = window.tf;
    if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
    await tf.ready();
    kernels.push({
      id: 'tfjs-f32', label: 'tfjs-webgpu fp32', precision: 'f32', version: tf.version_core,
      async checkAll(refs) {
        let worst = 0;
        for (const r of refs) {
          const c = tf.matMul(tf.tensor2d(r.A, [r.m, r.k]), tf.tensor2d(r.B, [r.k, r.n]));
          worst = Math.max(worst, w.relativeError(await c.data(), r.R));
          c.dispose();
        }
        return worst;
      },
      async time(n) {
        const a = tf.tensor2d(pattern(n * n, 1), [n, n]), b = tf.tensor2d(pattern(n * n, 2), [n, n]);
        const batch = async (calls) => {
          const t0 = performance.now();
          let last = null;
          for (let i = 0; i < calls; i++) { if (last) last.dispose(); last = tf.matMul(a, b); }
          const one = tf.slice(last, [0, 0], [1, 1]);
          await one.data();
          one.dispose();
          last.dispose();
          return (performance.now() - t0) / 1e3;
        };
        try {
          return { gflops: await rate(n, batch) };
        } finally {
          a.dispose();
          b.dispose();
        }
      },
    });
  } catch (err) {
    res.notes.push(`tfjs-webgpu: not run (${err.message})`);
  }

  // onnxruntime-web, WebGPU EP: inputs and output stay in GPU buffers on ORT's own device;
  // a batch of session.run calls ends with onSubmittedWorkDone on that device.
  try {
    const ort = await import('/nm/onnxruntime-web/dist/ort.webgpu.min.mjs');
    ort.env.wasm.wasmPaths = '/nm/onnxruntime-web/dist/';
    ort.env.wasm.numThreads = 1; // no cross-origin isolation here, so no wasm threads anyway
    ort.env.logLevel = 'error';
    const ortKernel = async (precision) => {
      const f16 = precision === 'f16';
      const session = await ort.InferenceSession.create(matmulModel(f16 ? ONNX_FLOAT16 : ONNX_FLOAT),
        { executionProviders: ['webgpu'], preferredOutputLocation: 'gpu-buffer' });
      const device = await ort.env.webgpu.device;
      const dataType = f16 ? 'float16' : 'float32';
      const upload = (X, dims) => {
        const bytes = f16 ? halfBits(X) : X;
        const buf = device.createBuffer({ size: Math.ceil(bytes.byteLength / 16) * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
        device.queue.writeBuffer(buf, 0, bytes);
        return { buf, tensor: ort.Tensor.fromGpuBuffer(buf, { dataType, dims }) };
      };
      const run = async (m, n, k, A, B) => {
        const a = upload(A, [m, k]), b = upload(B, [k, n]);
        try {
          const out = (await session.run({ A: a.tensor, B: b.tensor })).C;
          const data = await out.getData(true);
          const C = f16 ? Float32Array.from(new Float16Array(data.buffer, data.byteOffset, data.length)) : new Float32Array(data);
          return C;
        } finally {
          a.buf.destroy();
          b.buf.destroy();
        }
      };
      return {
        id: `ort-${precision}`, label: `onnxruntime-web ${f16 ? 'fp16' : 'fp32'}`, precision, version: ort.env.versions?.web,
        async checkAll(refs) {
          let worst = 0;
          for (const r of refs) {
            const C = await run(r.m, r.n, r.k, r.A, r.B);
            // fp16 here also rounds the output to f16 and may accumulate in f16, so it gets
            // the fp32-style relative check with a tolerance of 2^-6 (see README.md).
            worst = Math.max(worst, w.relativeError(C, r.R));
          }
          return worst;
        },
        tolerance: f16 ? 2 ** -6 : 1e-3,
        async time(n) {
          const a = upload(pattern(n * n, 1), [n, n]), b = upload(pattern(n * n, 2), [n, n]);
          const batch = async (calls) => {
            const t0 = performance.now();
            const outs = [];
            for (let i = 0; i < calls; i++) outs.push((await session.run({ A: a.tensor, B: b.tensor })).C);
            await device.queue.onSubmittedWorkDone();
            const s = (performance.now() - t0) / 1e3;
            for (const o of outs) o.dispose();
            return s;
          };
          try {
            return { gflops: await rate(n, batch) };
          } finally {
            a.buf.destroy();
            b.buf.destroy();
          }
        },
      };
    };
    kernels.push(await ortKernel('f32'));
    if (gpu.f16) {
      try {
        kernels.push(await ortKernel('f16'));
      } catch (err) {
        res.notes.push(`onnxruntime-web fp16: not run (${err.message})`);
      }
    }
  } catch (err) {
    res.notes.push(`onnxruntime-web: not run (${err.message})`);
  }

  // --- 1. correctness against costlab's CPU SGEMM, before any figure ---
  const refs = [[256, 256, 256], [67, 45, 133]].map(([m, n, k]) => {
    const A = pattern(m * k, 5), B = pattern(k * n, 6);
    return { m, n, k, A, B, R: km.sgemm(m, n, k, A, B), absR: km.sgemm(m, n, k, A.map(Math.abs), B.map(Math.abs)) };
  });
  const good = [];
  for (const kern of kernels) {
    const tolerance = kern.tolerance ?? (kern.precision === 'f16' ? 1 : 1e-3);
    const what = kern.id === 'costlab-f16' ? 'of the f16 error bound' : 'relative error';
    try {
      const e = await kern.checkAll(refs);
      const ok = e <= tolerance;
      res.kernels[kern.id] = { label: kern.label, precision: kern.precision, version: kern.version, check: e, what, tolerance, ok };
      if (ok) good.push(kern);
    } catch (err) {
      res.kernels[kern.id] = { label: kern.label, precision: kern.precision, ok: false, error: err.message };
    }
  }

  // --- 2. timing, size by size ---
  for (const n of sizes) {
    if (4 * n * n > gpu.limits.maxStorageBufferBindingSize) {
      res.notes.push(`n=${n}: buffers larger than the adapter allows, skipped`);
      continue;
    }
    const row = { n, figures: {} };
    for (const kern of good) {
      try {
        row.figures[kern.id] = await kern.time(n);
      } catch (err) {
        row.figures[kern.id] = { error: err.message };
      }
    }
    res.rows.push(row);
  }
  gpu.device.destroy();
  return res;
}

// ---- printing ---------------------------------------------------------------------------
function report(out, ua) {
  const peak = peaksFor(out.adapter, { fp32: Number(arg('peak-tflops', 0)), fp16: Number(arg('peak-f16-tflops', 0)) });
  const fp32Peak = peak.fp32, fp16Peak = peak.fp16;
  const soft = /swiftshader/i.test(`${out.adapter} ${out.architecture}`);
  console.log(`costlab WebGPU matmul benchmark - ${ua}, ${new Date().toISOString().slice(0, 10)}`);
  console.log(`adapter: ${out.adapter}; timestamps ${out.timestamps}; shader-f16 ${out.f16}; subgroups ${out.subgroups} (${out.subgroupSizes} lanes); `
    + `workgroup storage ${out.limits.storage} B, ${out.limits.invocations} invocations`);
  if (soft) console.log('SwiftShader (Chromium\'s CPU implementation of Vulkan): the figures below show that everything runs, they say nothing about GPUs');
  if (fp32Peak) console.log(`peaks: fp32 ${fp32Peak} TFLOP/s, fp16 ${fp16Peak || '?'} TFLOP/s (${peak.source})`);
  else console.log('peaks: this adapter is not in the table (pass --peak-tflops and --peak-f16-tflops for fractions of peak)');
  console.log('square n x n x n, GFLOP/s = 2n^3 / s; median of 5 batches of >= the batch time; ratios on wall-clock figures');
  for (const [id, k] of Object.entries(out.kernels)) {
    const v = k.version ? ` ${k.version}` : '';
    if (k.error) console.log(`  check ${k.label}${v}: FAILED to run (${k.error})`);
    else console.log(`  check ${k.label}${v}: ${k.check.toExponential(1)} ${k.what} (tolerance ${k.tolerance}) ${k.ok ? 'ok' : 'WRONG: not timed'}`);
    void id;
  }
  for (const n of out.notes) console.log(`  note: ${n}`);

  const ratioTo = (row, a, b) => (row.figures[a]?.gflops && row.figures[b]?.gflops ? row.figures[a].gflops / row.figures[b].gflops : null);
  console.log('\nkernel                        n   GFLOP/s  GPU-clock  of peak   tiles');
  for (const row of out.rows) {
    for (const [id, f] of Object.entries(row.figures)) {
      const k = out.kernels[id];
      if (f.error) { console.log(`${k.label.padEnd(24)} ${String(row.n).padStart(6)}  error: ${f.error}`); continue; }
      const p = k.precision === 'f16' ? fp16Peak : fp32Peak;
      const frac = p ? `${(100 * f.gflops / (p * 1e3)).toFixed(1)}%` : '-';
      console.log(`${k.label.padEnd(24)} ${String(row.n).padStart(6)} ${f.gflops.toPrecision(4).padStart(9)} `
        + `${(f.gpuClock ? f.gpuClock.toPrecision(4) : '-').padStart(10)} ${frac.padStart(8)}   ${f.tiles || ''}`);
    }
  }
  console.log('\nratios (wall clock)');
  for (const row of out.rows) {
    const parts = [
      ['costlab fp32 / tfjs fp32', ratioTo(row, 'costlab-f32', 'tfjs-f32')],
      ['costlab fp32 / ort fp32', ratioTo(row, 'costlab-f32', 'ort-f32')],
      ['costlab f16 / ort fp16', ratioTo(row, 'costlab-f16', 'ort-f16')],
      ['costlab f16 / costlab fp32', ratioTo(row, 'costlab-f16', 'costlab-f32')],
      ['costlab subgroups / costlab fp32', ratioTo(row, 'costlab-f32-sg', 'costlab-f32')],
      ['costlab subgroups / tfjs fp32', ratioTo(row, 'costlab-f32-sg', 'tfjs-f32')],
    ].filter(([, r]) => r !== null).map(([l, r]) => `${l} ${r.toFixed(2)}x`);
    console.log(`  n=${row.n}: ${parts.join(', ') || '-'}`);
  }
  const last = out.rows.find((r) => r.n === 4096);
  if (last && fp32Peak && last.figures['costlab-f32']?.gflops) {
    const f = last.figures['costlab-f32'].gflops / (fp32Peak * 1e3);
    const r = ratioTo(last, 'costlab-f32', 'tfjs-f32');
    console.log(`issue 15 goals at 4096: fp32 ${(100 * f).toFixed(1)}% of peak (goal 35%), ${r ? r.toFixed(2) : '?'}x tfjs-webgpu (goal 1.3x)`);
  }
  const file = arg('out');
  if (file) {
    fs.writeFileSync(file, JSON.stringify({ ua, date: new Date().toISOString(), fp32Peak, fp16Peak, ...out }, null, 1));
    console.log(`wrote ${file}`);
  }
  const wrong = Object.values(out.kernels).filter((k) => !k.ok && k.label.startsWith('costlab'));
  if (wrong.length) return 1;
  if (WANT_GPU && soft) {
    console.log('--gpu was given but the adapter is SwiftShader: Chromium did not use the GPU (see README.md)');
    return 1;
  }
  return 0;
}
