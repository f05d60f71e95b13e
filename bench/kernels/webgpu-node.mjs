#!/usr/bin/env node
// costlab's WebGPU matmul timed in node through Dawn (npm `webgpu`, the dawn.node build of
// Chromium's own WebGPU implementation and WGSL compiler), without a browser: for a GPU machine
// that has no Chromium (bench/kernels/README.md, "Without Chromium"). Same code as the page
// (<site>/hw/webgpu.js, the shaders embedded in wgsl.js): first the page's whole GPU measurement
// (runWebGpuBenchmark: sweep, CPU check, ladder, f16, bandwidth), then every configuration at
// each size, checked against costlab's CPU SGEMM first, as webgpu.mjs does. No peers here
// (tfjs and onnxruntime-web need a page). Printed figures, not a test.
//
//   node bench/kernels/webgpu-node.mjs [--sizes 1024,2048,4096] [--gpu] [--budget 6]
//        [--peak-tflops 66.9] [--peak-f16-tflops 133.8] [--min-batch 0.1] [--out result.json]
//        [--site build/site] [--dawn bench/kernels/node_modules/webgpu] [--backend vulkan]
//
// --gpu: fail if the adapter is SwiftShader (a real GPU was expected).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { peaksFor } from './gpu-peaks.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '1024,2048,4096').split(',').map(Number);
if (!SIZES.length || SIZES.some((n) => !(Number.isInteger(n) && n >= 16 && n <= 16384))) {
  console.error(`--sizes takes whole numbers from 16 to 16384, comma-separated (got "${arg('sizes')}")`);
  process.exit(2);
}
const BUDGET_S = Number(arg('budget', 6));
const MIN_BATCH_S = Number(arg('min-batch', 0.1));
const SITE = path.resolve(root, arg('site', process.env.COSTLAB_SITE_DIR || 'build/site'));
const DAWN = path.resolve(root, arg('dawn', path.join(here, 'node_modules/webgpu')));
const BACKEND = arg('backend', 'vulkan');

for (const [what, file] of [['the site\'s hw/ (build the web preset)', path.join(SITE, 'hw/webgpu.js')],
  ['Dawn for node (npm ci in bench/kernels)', path.join(DAWN, 'index.js')]]) {
  if (!fs.existsSync(file)) {
    console.error(`no ${file}: ${what}`);
    process.exit(1);
  }
}

// The browser globals webgpu.js uses: navigator.gpu and the GPU* constants (node 20 has no
// navigator; performance and DOMException it has).
const { create, globals } = await import(pathToFileURL(path.join(DAWN, 'index.js')).href);
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([`backend=${BACKEND}`]) }, configurable: true });

const w = await import(pathToFileURL(path.join(SITE, 'hw/webgpu.js')).href);
const { loadKernelModule } = await import(pathToFileURL(path.join(SITE, 'hw/kernels-module.js')).href);
const km = await loadKernelModule(fs.readFileSync(path.join(SITE, 'hw/costlab_kernels.wasm')));
const cpuSgemm = (m, n, k, A, B) => km.sgemm(m, n, k, A, B);

const gpu = await w.openGpu();
const adapterText = gpu.description; // vendor, architecture, device, description
const soft = /swiftshader/i.test(adapterText);
const peak = peaksFor(adapterText, { fp32: Number(arg('peak-tflops', 0)), fp16: Number(arg('peak-f16-tflops', 0)) });
const out = { date: new Date().toISOString(), engine: `node ${process.version}, Dawn (npm webgpu) ${BACKEND}`,
  adapter: adapterText, timestamps: gpu.timestamps, f16: gpu.f16, peak, page: null, rows: [], checks: [] };
console.log(`costlab WebGPU matmul in node through Dawn (${BACKEND}), ${out.date.slice(0, 10)}`);
console.log(`adapter: ${adapterText}; timestamps ${gpu.timestamps}; shader-f16 ${gpu.f16}; subgroups ${gpu.subgroups} (${gpu.subgroupMinSize}-${gpu.subgroupMaxSize || '?'} lanes); `
  + `workgroup storage ${gpu.limits.maxComputeWorkgroupStorageSize} B, ${gpu.limits.maxComputeInvocationsPerWorkgroup} invocations`);
if (soft) console.log('SwiftShader (a CPU implementation of Vulkan): the figures show that everything runs, they say nothing about GPUs');
console.log(peak.fp32 ? `peaks: fp32 ${peak.fp32} TFLOP/s, fp16 ${peak.fp16 || '?'} TFLOP/s (${peak.source})`
  : 'peaks: this adapter is not in the table (pass --peak-tflops and --peak-f16-tflops for fractions of peak)');

// 1. What "time my hardware" reports on this adapter (its own device; this one stays open).
const page = await w.runWebGpuBenchmark({ budgetS: BUDGET_S, cpuSgemm, protocol: (kind, o) => km.protocol(kind, o) });
out.page = page;
const pct = (gflops, tflops) => (tflops ? ` (${(100 * gflops / (tflops * 1e3)).toFixed(1)}% of peak)` : '');
console.log(`\n"time my hardware" (${BUDGET_S} s budget): ${page.message ? `no figure: ${page.message}` : `fp32 ${page.gflops.toPrecision(4)} GFLOP/s${pct(page.gflops, peak.fp32)} with ${page.tiles}`}`
  + `; f16 ${page.f16?.gflops ? `${page.f16.gflops.toPrecision(4)} GFLOP/s${pct(page.f16.gflops, peak.fp16)} with ${page.f16.tiles}` : (page.f16?.message || '-')}`
  + `; subgroups ${page.subgroups?.gflops ? `${page.subgroups.gflops.toPrecision(4)} GFLOP/s${pct(page.subgroups.gflops, peak.fp32)} with ${page.subgroups.tiles}` : (page.subgroups?.message || '-')}`
  + `; copy ${page.gbps ? page.gbps.toPrecision(3) : '-'} GB/s`);
for (const [label, r] of [['fp32', page], ['f16', page.f16], ['fp32 subgroups', page.subgroups]]) {
  if (r?.sweep) console.log(`  ${label} sweep at n=${r.sweepSize}: ${r.sweep.map((e) => `${e.tiles} ${e.gflops ? e.gflops.toPrecision(3) : e.note}`).join(', ')}`);
}

// 2. Every configuration, checked first, then timed at each size (GPU timestamps where the
//    adapter has them; the wall clock to onSubmittedWorkDone for the best as well).
const precisions = ['f32', ...(gpu.f16 ? ['f16'] : []), ...(gpu.subgroups ? ['f32-subgroups'] : [])];
const refs = [[256, 256, 256], [67, 45, 133]].map(([m, n, k]) => {
  const A = new Float32Array(m * k).map((_, i) => Math.sin(i * 0.37 + 5));
  const B = new Float32Array(k * n).map((_, i) => Math.cos(i * 0.11 + 6));
  return { m, n, k, A, B, R: cpuSgemm(m, n, k, A, B), absR: cpuSgemm(m, n, k, A.map(Math.abs), B.map(Math.abs)) };
});
const correct = {};
for (const precision of precisions) {
  correct[precision] = [];
  for (const tiles of w.tileCandidates(gpu.limits, precision, gpu.subgroupMinSize)) {
    let worst = 0, fallbacks = 0, invocations = 0;
    for (const r of refs) {
      const stats = {};
      const C = await w.gpuMatmul(gpu, r.A, r.B, r.m, r.n, r.k, tiles, precision, stats);
      worst = Math.max(worst, precision === 'f16' ? w.boundRatio(C, r.R, r.absR, w.f16ErrorBound(r.k, 1, 1)) : w.relativeError(C, r.R));
      fallbacks += stats.fallbacks || 0;
      invocations += stats.invocations || 0;
    }
    // The subgroup kernel must also have taken its subgroup path somewhere.
    const ok = worst <= (precision === 'f16' ? 1 : 1e-3) && !(invocations && fallbacks === invocations);
    out.checks.push({ precision, tiles: w.tileName(tiles), error: worst, ok });
    console.log(`  check ${precision} ${w.tileName(tiles)}: ${worst.toExponential(1)} ${precision === 'f16' ? 'of the f16 bound' : 'relative error'} ${ok ? 'ok' : 'WRONG: not timed'}`);
    if (ok) correct[precision].push(tiles);
  }
}
console.log('\nprecision      n   GFLOP/s  of peak  wall-clock  best tiles (all: GFLOP/s)');
for (const n of SIZES) {
  if (4 * n * n > gpu.limits.maxStorageBufferBindingSize) { console.log(`n=${n}: buffers larger than the adapter allows, skipped`); continue; }
  for (const precision of precisions) {
    const all = [];
    for (const tiles of correct[precision]) {
      const r = await w.timeGpuMatmul(gpu, n, { tiles, precision, minSeconds: MIN_BATCH_S });
      all.push({ tiles, gflops: r.gflops, timing: r.timing });
    }
    if (!all.length) continue;
    const best = all.reduce((a, b) => (b.gflops > a.gflops ? b : a));
    const wall = await w.timeGpuMatmul(gpu, n, { tiles: best.tiles, precision, minSeconds: MIN_BATCH_S, wallClock: true });
    const p = precision === 'f16' ? peak.fp16 : peak.fp32;
    const row = { n, precision, gflops: best.gflops, timing: best.timing, wallGflops: wall.gflops, tiles: w.tileName(best.tiles),
      all: all.map((a) => ({ tiles: w.tileName(a.tiles), gflops: a.gflops })) };
    out.rows.push(row);
    console.log(`${({ f32: 'fp32', f16: 'f16 (f32 acc)', 'f32-subgroups': 'fp32 subgroups' })[precision].padEnd(14)} ${String(n).padStart(5)} ${best.gflops.toPrecision(4).padStart(9)} `
      + `${(p ? `${(100 * best.gflops / (p * 1e3)).toFixed(1)}%` : '-').padStart(8)} ${wall.gflops.toPrecision(4).padStart(11)}  ${row.tiles} `
      + `(${row.all.map((a) => `${a.tiles} ${a.gflops.toPrecision(3)}`).join(', ')}; ${best.timing})`);
  }
}
const at4096 = out.rows.find((r) => r.n === 4096 && r.precision === 'f32');
if (at4096 && peak.fp32) console.log(`issue 15 goal at 4096: fp32 ${(100 * at4096.gflops / (peak.fp32 * 1e3)).toFixed(1)}% of peak (goal 35%; the tfjs ratio needs webgpu.mjs in Chromium)`);
gpu.device.destroy();

const file = arg('out');
if (file) {
  fs.writeFileSync(file, JSON.stringify(out, null, 1));
  console.log(`wrote ${file}`);
}
let status = out.checks.some((c) => !c.ok) || page.message ? 1 : 0;
if (argv.includes('--gpu') && soft) {
  console.log('--gpu was given but the adapter is SwiftShader: Dawn did not find the GPU\'s Vulkan driver (see README.md)');
  status = 1;
}
process.exit(status);
