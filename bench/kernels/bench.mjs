// costlab's WebAssembly SGEMM beside the kernels a user could pick instead, in one node process,
// single thread: XNNPACK (@tensorflow/tfjs-backend-wasm, threads off) and MLAS (onnxruntime-web,
// wasm, numThreads 1), plus the measured WASM SIMD peak of this run, so every figure is also a
// fraction of peak. Then 2 workers vs 1 (worker_threads, one module instance each).
//
//   ./run [--sizes 128,256,512,1024] [--reps 7] [--batch 0.15] [--skip-peers] [--modules DIR]
//
// Method per n: square n x n x n, inputs fixed; each kernel warms up (>= 0.4 s and until the
// rate stops rising: V8 tiers up from Liftoff to TurboFan, TOOLCHAIN.md item 7); then `reps`
// interleaved rounds, one batch of >= `batch` seconds per kernel per round, so load from other
// processes hits all kernels alike; GFLOP/s = 2 n^3 / seconds per call, median over rounds;
// ratios = median of the per-round ratios. The SIMD peak loop (best chain count of an initial
// sweep) runs in the same rounds, so "of peak" is also a paired, same-load ratio: costlab
// relaxed FMA against the relaxed-FMA peak, everything else against the mul+add peak. Every
// kernel's C is checked against costlab's scalar reference first (n = 128).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

import { loadKernelModule } from '../../web/hw/kernels-module.js';
import { hasRelaxedSimd, engineName } from '../../web/hw/features.js';
import { sweepPeak, peakKernel } from './peak.mjs';
import { matmulModel } from './onnx-matmul.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const SIZES = arg('sizes', '128,256,512,1024').split(',').map(Number);
const REPS = Number(arg('reps', 7));
const BATCH_S = Number(arg('batch', 0.15));
const MODULES = path.resolve(arg('modules', path.join(root, 'build/bench')));
const SKIP_PEERS = process.argv.includes('--skip-peers');

const gflops = (n, seconds) => 2 * n ** 3 / seconds / 1e9;
const pct = (x) => `${(100 * x).toFixed(0)}%`;

// Warm-up for one kernel at size n: calls for >= 0.4 s and until the rate stops rising (V8
// tiers up from Liftoff to TurboFan, TOOLCHAIN.md item 7); returns the calls per batch that make
// a batch last >= BATCH_S.
async function warmUp(n, fn) {
  const warmStart = performance.now();
  const rates = [];
  for (;;) {
    const t = performance.now();
    await fn();
    rates.push(gflops(n, (performance.now() - t) / 1e3));
    const elapsed = (performance.now() - warmStart) / 1e3;
    if (elapsed > 0.4 && rates.length >= 5) {
      const recent = rates.slice(-4);
      if (Math.min(...recent) > 0.93 * Math.max(...rates) || elapsed > 3) break;
    }
  }
  let t1 = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await fn();
    t1 = Math.min(t1, (performance.now() - t) / 1e3);
  }
  return Math.max(1, Math.ceil(BATCH_S / t1));
}

async function batch(n, fn, calls) {
  const t = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return gflops(n, (performance.now() - t) / 1e3 / calls);
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

// All kernels at one n, interleaved: REPS rounds, each round one batch per kernel, so a burst of
// load from another process hits every kernel alike. Per kernel: median and spread of its
// batches; ratios to a baseline are medians of the per-round ratios.
async function timeAll(n, kernels) {
  const insts = kernels.map((k) => k.setup(n));
  const calls = [];
  for (const inst of insts) calls.push(await warmUp(n, inst.run));
  const rates = kernels.map(() => []);
  for (let r = 0; r < REPS; r++) {
    for (let i = 0; i < kernels.length; i++) rates[i].push(await batch(n, insts[i].run, calls[i]));
  }
  for (const inst of insts) inst.free();
  return kernels.map((k, i) => {
    const med = median(rates[i]);
    return { median: med, spread: (Math.max(...rates[i]) - Math.min(...rates[i])) / med, rates: rates[i] };
  });
}

// --- the kernels --------------------------------------------------------------------------
function costlabKernel(km, label) {
  return {
    label,
    setup(n) {
      const p = km.problem(n);
      return { run: () => p.run(1), result: () => km.f32(km.e.costlab_problem_c(p.handle), n * n).slice(), free: () => p.free() };
    },
    // for the correctness check: C for given A, B
    compute: (n, A, B) => km.sgemm(n, n, n, A, B),
  };
}

async function xnnpackKernel() {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // threads off: the single-thread build
  wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
  await tf.setBackend('wasm');
  await tf.ready();
  if (tf.getBackend() !== 'wasm') throw new Error('tfjs wasm backend did not start');
  return {
    label: 'tfjs-wasm (XNNPACK)',
    note: `tfjs ${tf.version_core}, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}`,
    setup(n) {
      const a = tf.randomUniform([n, n]), b = tf.randomUniform([n, n]);
      return {
        run() { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); },
        free() { a.dispose(); b.dispose(); },
      };
    },
    compute(n, A, B) {
      const c = tf.matMul(tf.tensor2d(A, [n, n]), tf.tensor2d(B, [n, n]));
      const out = c.dataSync().slice();
      c.dispose();
      return out;
    },
  };
}

async function ortKernel() {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(matmulModel(), { executionProviders: ['wasm'] });
  const feeds = (n, A, B) => ({ A: new ort.Tensor('float32', A, [n, n]), B: new ort.Tensor('float32', B, [n, n]) });
  return {
    label: 'onnxruntime-web (MLAS)',
    note: `onnxruntime-web ${ort.env.versions.web}, wasm EP, numThreads 1`,
    setup(n) {
      const f = feeds(n, new Float32Array(n * n).fill(0.5), new Float32Array(n * n).fill(0.25));
      return { run: async () => { await session.run(f); }, free() {} };
    },
    async compute(n, A, B) { return (await session.run(feeds(n, A, B))).C.data.slice(); },
  };
}

// --- 2 workers vs 1 -----------------------------------------------------------------------
const WORKER_SRC = `
import { parentPort, workerData } from 'node:worker_threads';
const { loadKernelModule } = await import(workerData.moduleJs);
const km = await loadKernelModule(workerData.wasm);
const p = km.problem(workerData.n);
for (let i = 0; i < 30; i++) p.run(1);
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ calls }) => {
  const t0 = performance.timeOrigin + performance.now();
  p.run(calls);
  const t1 = performance.timeOrigin + performance.now();
  parentPort.postMessage({ t0, t1, checksum: p.checksum() });
});`;

async function workersVsOne(wasm, n, seconds = 1.0) {
  const moduleJs = new URL('../../web/hw/kernels-module.js', import.meta.url).href;
  const spawn = () => new Promise((resolve, reject) => {
    const w = new Worker(WORKER_SRC, { eval: true, workerData: { moduleJs, wasm, n } });
    w.once('message', () => resolve(w));
    w.once('error', reject);
  });
  const workers = [await spawn(), await spawn()];
  const round = (ws, calls) => Promise.all(ws.map((w) => new Promise((resolve) => {
    w.once('message', resolve);
    w.postMessage({ calls });
  })));
  // Calibrate calls per round to ~seconds on one worker.
  let calls = 4, one;
  for (;;) {
    const [r] = await round([workers[0]], calls);
    if (r.t1 - r.t0 > seconds * 1000 / 4) { calls = Math.ceil(calls * seconds * 1000 / (r.t1 - r.t0)); break; }
    calls *= 4;
  }
  const rate = (rs) => rs.length * calls * 2 * n ** 3 / ((Math.max(...rs.map((r) => r.t1)) - Math.min(...rs.map((r) => r.t0))) / 1e3) / 1e9;
  const ones = [], twos = [];
  let checksums = [];
  for (let i = 0; i < 5; i++) { // alternating, so both see the same background load
    ones.push(rate(await round([workers[0]], calls)));
    const rs = await round(workers, calls);
    twos.push(rate(rs));
    checksums = rs.map((r) => r.checksum);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  const med = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  return { one: med(ones), two: med(twos), sameChecksum: checksums[0] === checksums[1] };
}

// --- main ---------------------------------------------------------------------------------
const simdPath = path.join(MODULES, 'costlab_sgemm.wasm');
const relaxedPath = path.join(MODULES, 'costlab_sgemm_relaxed.wasm');
const haveRelaxed = hasRelaxedSimd();

console.log(`costlab kernel benchmark - ${engineName()}, ${os.cpus()[0]?.model ?? 'cpu'} x ${os.cpus().length}, `
  + `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`single thread, square n x n x n, warm-up, then ${REPS} interleaved rounds of one >= ${BATCH_S} s batch per kernel; median GFLOP/s = 2n^3/s`);

const kernels = [];
kernels.push(costlabKernel(await loadKernelModule(simdPath), 'costlab SIMD128'));
if (haveRelaxed) kernels.push(costlabKernel(await loadKernelModule(relaxedPath), 'costlab relaxed FMA'));
else console.log('relaxed SIMD: not available in this engine (node 20 needs --experimental-wasm-relaxed-simd)');
const reference = await loadKernelModule(simdPath);
if (!SKIP_PEERS) {
  for (const make of [xnnpackKernel, ortKernel]) {
    try { kernels.push(await make()); } catch (err) { console.log(`peer unavailable: ${err.message}`); }
  }
}
for (const k of kernels) if (k.note) console.log(`  ${k.label}: ${k.note}`);

// Correctness first: every kernel against costlab's scalar reference.
{
  const n = 128;
  const A = new Float32Array(n * n), B = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) { A[i] = Math.sin(i * 0.37); B[i] = Math.cos(i * 0.11); }
  const ref = reference.sgemm(n, n, n, A, B, { reference: true });
  let scale = 0;
  for (const v of ref) scale = Math.max(scale, Math.abs(v));
  for (const k of kernels) {
    const c = await k.compute(n, A, B);
    let err = 0;
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(c[i] - ref[i]));
    const ok = err <= 1e-4 * scale;
    console.log(`  check n=${n} ${k.label.padEnd(24)} max |C - C_ref| = ${err.toExponential(1)} (${ok ? 'ok' : 'WRONG'})`);
    if (!ok) k.wrong = true;
  }
}

const peak = sweepPeak(false);
const peakRelaxed = haveRelaxed ? sweepPeak(true) : null;
const fmtChains = (p) => Object.entries(p.byChains).map(([c, g]) => `${c}:${g.toFixed(1)}`).join(' ');
console.log(`WASM SIMD peak (mul+add, independent chains, best of sweep): ${peak.peak.toFixed(1)} GFLOP/s  [chains:GFLOP/s ${fmtChains(peak)}]`);
if (peakRelaxed) console.log(`WASM relaxed-FMA peak (relaxed_madd chains, best of sweep): ${peakRelaxed.peak.toFixed(1)} GFLOP/s  [${fmtChains(peakRelaxed)}]`);
console.log('');

const results = {}; // label -> n -> {median, spread, rates}
const bestChains = (p) => Number(Object.entries(p.byChains).sort((x, y) => y[1] - x[1])[0][0]);
const peakK = peakKernel(bestChains(peak), false);
const peakRK = peakRelaxed ? peakKernel(bestChains(peakRelaxed), true) : null;
const timed = [...kernels.filter((k) => !k.wrong), peakK, ...(peakRK ? [peakRK] : [])];
const xnnIndex = timed.findIndex((k) => k.label.startsWith('tfjs-wasm'));
const pairedRatio = (r, x) => median(r.rates.map((v, i) => v / x.rates[i]));
const peakOf = (k, rs) => rs[timed.indexOf(k.label.includes('relaxed') && peakRK ? peakRK : peakK)];
console.log(`${'kernel'.padEnd(28)} ${'n'.padStart(5)} ${'GFLOP/s'.padStart(8)} ${'of peak'.padStart(8)} ${'vs XNNPACK'.padStart(10)} ${'spread'.padStart(7)}`);
for (const n of SIZES) {
  const rs = await timeAll(n, timed);
  timed.forEach((k, i) => {
    const r = rs[i];
    (results[k.label] ??= {})[n] = r;
    r.ofPeak = pairedRatio(r, peakOf(k, rs));
    r.ofMulAddPeak = pairedRatio(r, rs[timed.indexOf(peakK)]);
    const x = xnnIndex >= 0 ? rs[xnnIndex] : null;
    console.log(`${k.label.padEnd(28)} ${String(n).padStart(5)} ${r.median.toFixed(1).padStart(8)} ${(k.isPeak ? '' : r.ofPeak.toFixed(2)).padStart(8)} `
      + `${x ? pairedRatio(r, x).toFixed(2).padStart(9) + 'x' : '         -'} ${pct(r.spread).padStart(7)}`);
  });
}

// The ratios again, all sizes on one line per kernel (medians of per-round ratios).
const xnn = results['tfjs-wasm (XNNPACK)'];
const kernelsOnly = timed.filter((k) => !k.isPeak);
if (xnn) {
  console.log('\nratio to XNNPACK at n =', SIZES.join(' / '));
  for (const k of kernelsOnly) {
    console.log(`  ${k.label.padEnd(24)} ${SIZES.map((n) => pairedRatio(results[k.label][n], xnn[n]).toFixed(2)).join(' / ')}`);
  }
}
console.log(`\nfraction of the same-round mul+add peak (${peakK.label}) at n = ${SIZES.join(' / ')}`);
for (const k of kernelsOnly) {
  console.log(`  ${k.label.padEnd(24)} ${SIZES.map((n) => results[k.label][n].ofMulAddPeak.toFixed(2)).join(' / ')}`);
}
if (peakRK) {
  console.log(`fraction of the same-round relaxed-FMA peak (${peakRK.label}) at n = ${SIZES.join(' / ')}`);
  for (const k of kernelsOnly) {
    console.log(`  ${k.label.padEnd(24)} ${SIZES.map((n) => pairedRatio(results[k.label][n], results[peakRK.label][n]).toFixed(2)).join(' / ')}`);
  }
}

const wn = 512;
const w = await workersVsOne(simdPath, wn);
console.log(`\n2 workers vs 1 (costlab SIMD128, n=${wn}, one module instance per worker_thread): `
  + `1 worker ${w.one.toFixed(1)} GFLOP/s, 2 workers ${w.two.toFixed(1)} GFLOP/s, ${(w.two / w.one).toFixed(2)}x`
  + `${w.sameChecksum ? ', same checksum' : ', CHECKSUMS DIFFER'}`);
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
