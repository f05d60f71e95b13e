#!/usr/bin/env node
// Browser checks of "time my hardware" (web/hw/, shaders/*.wgsl, the kernel modules) in headless
// Chromium with WebGPU on SwiftShader: the WGSL matmul matches the CPU reference for odd shapes
// and every tile configuration (fp32, and f16 where the adapter has shader-f16, else the f16
// path is skipped with a sentence); the f16 error bound and f32 -> f16 conversion are right; the full measurement runs with N workers whose checksums agree;
// cancel stops it; it runs in a cross-origin iframe (no COOP/COEP, no SharedArrayBuffer); no
// WebGPU and a lost device come back as sentences.
//
//   node tests/browser/kernels.mjs            (COSTLAB_SITE_DIR, default build/site, must hold hw/)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { Checks, chromiumArgs, chromiumPath, repoRoot, startServer } from './harness.mjs';

const siteDir = path.resolve(repoRoot, process.env.COSTLAB_SITE_DIR || 'build/site');
const checks = new Checks();
// COSTLAB_ONLY=<regex>: run only the checks whose name matches (for debugging).
const only = process.env.COSTLAB_ONLY ? new RegExp(process.env.COSTLAB_ONLY, 'i') : null;
const check = (name, fn) => (!only || only.test(name) ? checks.check(name, fn) : undefined);

async function launch(extraArgs) {
  const { chromium } = await import('playwright-core');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'costlab-kernels-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true, args: [...chromiumArgs, ...extraArgs], timeout: 60000,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

if (!fs.existsSync(path.join(siteDir, 'hw', 'benchmark.js')) || !fs.existsSync(path.join(siteDir, 'hw', 'wgsl.js'))) {
  console.log(`FAIL ${siteDir}/hw is missing: build the web preset first (cmake --build --preset web-release)`);
  process.exit(1);
}

const server = await startServer(siteDir);
const origin = server.url.replace(/\/$/, '');
const otherOrigin = origin.replace('127.0.0.1', 'localhost'); // same server, another origin
const browser = await launch(['--enable-unsafe-webgpu']);
const page = await browser.context.newPage();
const logs = [];
page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));

try {
  await page.goto(`${origin}/hw/check.html`);

  await check('engine features: SIMD128 and relaxed SIMD detected by WebAssembly.validate', async () => {
    const f = await page.evaluate(async () => {
      const m = await import('./features.js');
      return { simd: m.hasSimd128(), relaxed: m.hasRelaxedSimd(), engine: m.engineName(), isolated: self.crossOriginIsolated };
    });
    assert.equal(f.simd, true);
    assert.equal(f.relaxed, true, 'Chromium ships relaxed SIMD');
    assert.equal(f.isolated, false, 'the page is served without COOP/COEP');
    checks.note(`engine: ${f.engine}`);
  });

  await check('the site\'s kernel modules: blocked SGEMM several times the reference (build-flag guard)', async () => {
    const r = await page.evaluate(async () => {
      const { loadKernelModule } = await import('./kernels-module.js');
      const out = {};
      for (const file of ['costlab_kernels.wasm', 'costlab_kernels_relaxed.wasm']) {
        const km = await loadKernelModule(`./${file}`);
        const p = km.problem(192);
        const time = (ref) => {
          km.useReference(ref);
          const t = performance.now();
          p.run(ref ? 1 : 4);
          return (performance.now() - t) / (ref ? 1 : 4);
        };
        for (let i = 0; i < 20; i++) time(false);
        const ratios = [];
        for (let i = 0; i < 5; i++) ratios.push(time(true) / time(false));
        ratios.sort((a, b) => a - b);
        out[file] = ratios[2];
        p.free();
      }
      return out;
    });
    for (const [file, ratio] of Object.entries(r)) assert.ok(ratio > 3, `${file}: blocked only ${ratio.toFixed(1)}x the reference`);
    checks.note(`blocked / reference speed: ${Object.entries(r).map(([f, x]) => `${f} ${x.toFixed(0)}x`).join(', ')}`);
  });

  const adapter = await check('WebGPU adapter (SwiftShader) opens', async () => {
    const a = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const gpu = await w.openGpu();
      const out = { description: gpu.description, timestamps: gpu.timestamps, f16: gpu.f16,
        offersF16: gpu.adapter.features.has('shader-f16'), subgroups: gpu.adapter.features.has('subgroups'),
        candidates: w.tileCandidates(gpu.limits).map(w.tileName),
        storage: gpu.limits.maxComputeWorkgroupStorageSize, invocations: gpu.limits.maxComputeInvocationsPerWorkgroup };
      gpu.device.destroy();
      return out;
    });
    assert.ok(a.candidates.length >= 1, 'at least one tile configuration fits the limits');
    assert.equal(a.f16, a.offersF16, 'shader-f16 is requested exactly when offered');
    checks.note(`adapter: ${a.description}; timestamps ${a.timestamps}; shader-f16 ${a.offersF16}; subgroups ${a.subgroups}; `
      + `tiles ${a.candidates.join(', ')}; workgroup storage ${a.storage} B, ${a.invocations} invocations`);
    return a;
  });

  await check('WGSL matmul matches the CPU reference (odd shapes, every tile size)', async () => {
    const r = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const { loadKernelModule } = await import('./kernels-module.js');
      const km = await loadKernelModule('./costlab_kernels.wasm');
      const gpu = await w.openGpu();
      // Sizes that are no multiple of any tile (nor of 4: the host's padding), several K steps,
      // one that is exactly one 128 x 128 tile, and K a multiple of 4 but not of BK.
      const shapes = [[1, 1, 1], [1, 70, 3], [70, 1, 3], [3, 5, 7], [67, 45, 133], [128, 128, 128], [200, 17, 300], [129, 257, 65], [136, 132, 68]];
      const results = [];
      for (const tiles of w.tileCandidates(gpu.limits)) {
        for (const [m, n, k] of shapes) {
          const A = new Float32Array(m * k).map((_, i) => Math.sin(i * 0.37));
          const B = new Float32Array(k * n).map((_, i) => Math.cos(i * 0.11));
          const C = await w.gpuMatmul(gpu, A, B, m, n, k, tiles);
          const R = km.sgemm(m, n, k, A, B, { reference: true });
          results.push({ tiles: w.tileName(tiles), shape: `${m}x${n}x${k}`, err: w.relativeError(C, R) });
          if (m * n > 100) { // the check itself sees a single wrong element
            C[m * n >> 1] += 1e-3;
            results.push({ tiles: 'corrupted', shape: `${m}x${n}x${k}`, err: w.relativeError(C, R), corrupted: true });
          }
        }
      }
      gpu.device.destroy();
      return results;
    });
    const good = r.filter((x) => !x.corrupted);
    const worst = good.reduce((a, b) => (b.err > a.err ? b : a));
    for (const x of good) assert.ok(x.err <= 1e-5, `${x.tiles} tiles, ${x.shape}: relative error ${x.err}`);
    for (const x of r.filter((y) => y.corrupted)) assert.ok(x.err > 1e-4, `a corrupted element went unseen (${x.err})`);
    assert.equal(new Set(good.map((x) => x.tiles)).size, adapter.candidates.length, 'every candidate configuration was checked');
    checks.note(`${good.length} GPU products checked, worst relative error ${worst.err.toExponential(1)} (${worst.tiles}, ${worst.shape})`);
  });

  await check('f32 -> f16 conversion (the fallback for engines without Float16Array) rounds as Float16Array does', async () => {
    const r = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const xs = [0, -0, 1, -1, 65504, 65519.99, 65520, 1e6, -1e6, Infinity, -Infinity, NaN, 2 ** -14, 2 ** -24,
        2 ** -25, 2 ** -25 * 1.0001, 3 * 2 ** -26, 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -20, 0.1, 1 / 3];
      for (let i = 0; i < 20000; i++) xs.push(Math.sin(i * 12.9898) * 2 ** ((i % 60) - 30));
      const native = w.toF16(new Float32Array(xs), true), fallback = w.toF16(new Float32Array(xs), false);
      const bad = [];
      for (let i = 0; i < xs.length; i++) if (native[i] !== fallback[i]) bad.push(`${xs[i]}: ${native[i].toString(16)} vs ${fallback[i].toString(16)}`);
      return { hasF16Array: typeof Float16Array === 'function', count: xs.length, bad: bad.slice(0, 5), nBad: bad.length };
    });
    assert.ok(r.hasF16Array, 'Chromium 156 has Float16Array');
    assert.equal(r.nBad, 0, r.bad.join('; '));
    checks.note(`${r.count} values: the fallback matches Float16Array bit for bit`);
  });

  await check('the f16 error bound (from K and f16 epsilon) holds for a true f16 product and catches an error', async () => {
    // A GPU-free stand-in for an f16-input, f32-accumulate kernel: the CPU product of the
    // inputs rounded to f16. It must pass the bound for every K, and one element off by the
    // size of the bound must fail it.
    const r = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const { loadKernelModule } = await import('./kernels-module.js');
      const km = await loadKernelModule('./costlab_kernels.wasm');
      const out = [];
      for (const [m, n, k] of [[67, 45, 133], [32, 40, 4096], [64, 64, 1024]]) {
        const A = new Float32Array(m * k).map((_, i) => Math.sin(i * 0.37) * (i % 7 === 0 ? 1e-5 : 1));
        const B = new Float32Array(k * n).map((_, i) => Math.cos(i * 0.11));
        const round = (X) => new Float32Array(new Float16Array(X));
        const R = km.sgemm(m, n, k, A, B), absR = km.sgemm(m, n, k, A.map(Math.abs), B.map(Math.abs));
        const C = km.sgemm(m, n, k, round(A), round(B));
        const bound = w.f16ErrorBound(k, 1, 1);
        const ratio = w.boundRatio(C, R, absR, bound);
        const bad = C.slice();
        const i = (m * n) >> 1;
        bad[i] += 1.5 * (bound.rel * absR[i] + bound.abs);
        out.push({ shape: `${m}x${n}x${k}`, ratio, bad: w.boundRatio(bad, R, absR, bound), rel: bound.rel,
          relErr: w.relativeError(C, R) });
      }
      return out;
    });
    for (const x of r) {
      assert.ok(x.ratio <= 1, `${x.shape}: an exact f16 product is ${x.ratio} of the bound`);
      assert.ok(x.ratio > 1e-3, `${x.shape}: the bound is vacuous (${x.ratio})`);
      assert.ok(x.bad > 1, `${x.shape}: a wrong element passed (${x.bad})`);
    }
    checks.note(r.map((x) => `${x.shape}: worst error ${x.ratio.toFixed(2)} of the bound (relative ${x.rel.toExponential(1)} of |A||B|), rms-relative ${x.relErr.toExponential(1)}`).join('; '));
  });

  await check(adapter?.offersF16 ? 'f16 matmul matches the CPU within the f16 bound (odd shapes, every tile size)'
    : 'no shader-f16 on this adapter: the f16 path is skipped with a reason', async () => {
    const r = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const { loadKernelModule } = await import('./kernels-module.js');
      const km = await loadKernelModule('./costlab_kernels.wasm');
      const gpu = await w.openGpu();
      const out = { f16: gpu.f16, results: [] };
      if (!gpu.f16) {
        try {
          await w.gpuMatmul(gpu, new Float32Array(12), new Float32Array(12), 3, 4, 4, w.tileCandidates(gpu.limits, 'f16')[0], 'f16');
          out.error = null;
        } catch (err) {
          out.error = err.message;
          out.name = err.name;
        }
      } else {
        for (const tiles of w.tileCandidates(gpu.limits, 'f16')) {
          for (const [m, n, k] of [[1, 1, 1], [3, 5, 7], [67, 45, 133], [128, 128, 128], [129, 257, 65], [136, 132, 68]]) {
            const A = new Float32Array(m * k).map((_, i) => Math.sin(i * 0.37));
            const B = new Float32Array(k * n).map((_, i) => Math.cos(i * 0.11));
            const C = await w.gpuMatmul(gpu, A, B, m, n, k, tiles, 'f16');
            const R = km.sgemm(m, n, k, A, B), absR = km.sgemm(m, n, k, A.map(Math.abs), B.map(Math.abs));
            out.results.push({ tiles: w.tileName(tiles), shape: `${m}x${n}x${k}`, ratio: w.boundRatio(C, R, absR, w.f16ErrorBound(k, 1, 1)) });
          }
        }
      }
      gpu.device.destroy();
      return out;
    });
    if (!r.f16) {
      assert.equal(r.name, 'GpuError', JSON.stringify(r));
      assert.match(r.error, /no shader-f16/);
      checks.note(`f16 skipped: "${r.error}"`);
    } else {
      for (const x of r.results) assert.ok(x.ratio <= 1, `${x.tiles}, ${x.shape}: ${x.ratio} of the f16 bound`);
      const worst = r.results.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      checks.note(`${r.results.length} f16 products checked, worst ${worst.ratio.toFixed(2)} of the bound (${worst.tiles}, ${worst.shape})`);
    }
  });

  await check('GPU benchmark: checked first, then a speed and a bandwidth', async () => {
    const g = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const { loadKernelModule } = await import('./kernels-module.js');
      const km = await loadKernelModule('./costlab_kernels.wasm');
      const steps = [];
      const gpu = await w.openGpu();
      const candidates = w.tileCandidates(gpu.limits).length, offersF16 = gpu.adapter.features.has('shader-f16');
      gpu.device.destroy();
      const t0 = performance.now();
      const r = await w.runWebGpuBenchmark({
        budgetS: 3, sizes: [128, 256], onProgress: (p) => steps.push(p),
        cpuSgemm: (m, n, k, A, B) => km.sgemm(m, n, k, A, B), protocol: (kind, o) => km.protocol(kind, o),
      });
      return { ...r, steps, candidates, offersF16, seconds: (performance.now() - t0) / 1e3 };
    });
    assert.equal(g.message, undefined, g.message);
    assert.equal(g.checked, true);
    assert.ok(g.gflops > 0 && g.gbps > 0, JSON.stringify(g));
    assert.ok(g.maxError < 1e-3);
    // The sweep: every candidate listed; each one tried was checked before it was timed.
    assert.equal(g.sweep.length, g.candidates);
    const tried = g.sweep.filter((e) => e.gflops !== undefined);
    assert.ok(tried.length >= 1 && tried.every((e) => e.error <= 1e-3), JSON.stringify(g.sweep));
    assert.ok(tried.some((e) => e.tiles === g.tiles), 'the figure comes from a tried configuration');
    for (const e of g.sweep.filter((x) => x.gflops === undefined)) assert.ok(e.note, JSON.stringify(e));
    if (g.offersF16) {
      assert.equal(g.f16.message, undefined, g.f16.message);
      assert.ok(g.f16.gflops > 0 && g.f16.checked && g.f16.accumulate === 'f32', JSON.stringify(g.f16));
    } else {
      assert.match(g.f16.message, /does not offer shader-f16/);
      assert.equal(g.f16.gflops, undefined);
    }
    checks.note(`SwiftShader (a CPU, not a GPU: correctness only): fp32 ${g.gflops.toFixed(2)} GFLOP/s with ${g.tiles} `
      + `(${tried.length} of ${g.sweep.length} candidates tried: ${tried.map((e) => `${e.tiles} ${e.gflops.toFixed(2)}`).join(', ')}), `
      + `f16: ${g.f16.message || `${g.f16.gflops.toFixed(2)} GFLOP/s`}; ${g.gbps.toFixed(1)} GB/s, timing by ${g.timing}; `
      + `${g.seconds.toFixed(1)} s for a 3 s budget`);
  });

  await check('the sweep never times a wrong configuration and picks the fastest correct one', async () => {
    // Two broken configurations, put first so they are tried even when the sweep's time is
    // short: one that compiles but leaves rows of C unwritten (TM = 3 does not divide BM = 32:
    // 10 x 3 rows of 32), one that does not compile (TN = 2: a zero-length accumulator array).
    const g = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const { loadKernelModule } = await import('./kernels-module.js');
      const km = await loadKernelModule('./costlab_kernels.wasm');
      // Only the small configurations beside them, and most of the time for the sweep, so that
      // several correct ones are timed on SwiftShader too.
      const saved = w.TILE_CONFIGS.splice(0);
      w.TILE_CONFIGS.push({ BM: 32, BN: 32, BK: 16, TM: 3, TN: 4 }, { BM: 32, BN: 32, BK: 16, TM: 4, TN: 2 },
        ...saved.filter((t) => t.BM <= 64 && t.BN <= 64));
      try {
        return await w.runWebGpuBenchmark({
          budgetS: 30, sweepShare: 0.9, sizes: [64], // the time bounds the sweep; the work is small
          cpuSgemm: (m, n, k, A, B) => km.sgemm(m, n, k, A, B), protocol: (kind, o) => km.protocol(kind, o),
        });
      } finally {
        w.TILE_CONFIGS.splice(0, w.TILE_CONFIGS.length, ...saved);
      }
    });
    assert.equal(g.message, undefined, g.message);
    const wrong = g.sweep.find((e) => e.tiles === '32x32/3x4/k16');
    assert.ok(wrong && /^wrong at/.test(wrong.note) && wrong.gflops === undefined, JSON.stringify(wrong));
    const refused = g.sweep.find((e) => e.tiles === '32x32/4x2/k16');
    assert.ok(refused && /did not compile/.test(refused.note) && refused.gflops === undefined, JSON.stringify(refused));
    const tried = g.sweep.filter((e) => e.gflops !== undefined);
    assert.ok(tried.length >= 2, `only ${tried.length} candidates timed: ${JSON.stringify(g.sweep)}`);
    const fastest = tried.reduce((a, b) => (b.gflops > a.gflops ? b : a));
    assert.equal(g.tiles, fastest.tiles);
    checks.note(`sweep at n=${g.sweepSize}: ${g.sweep.map((e) => `${e.tiles} ${e.gflops ? e.gflops.toFixed(2) : e.note}`).join(', ')}; chose ${g.tiles}`);
  });

  await check('full measurement: 2 workers, same checksum, progress to 1, profile for the model', async () => {
    const r = await page.evaluate(async () => {
      const { measureDevice } = await import('./benchmark.js');
      const progress = [];
      const p = await measureDevice({ budgetS: 4, threads: 2, onProgress: (f) => progress.push(f) });
      return { p, progress };
    });
    const { p, progress } = r;
    assert.ok(p.sgemm_gflops_1 > 0 && p.sgemm_gflops_all >= p.sgemm_gflops_1);
    assert.ok(p.gbps_1 > 0 && p.gbps_all > 0);
    assert.equal(p.threads, 2);
    assert.equal(p.backend, 'wasm-relaxed-simd');
    assert.equal(p.details.checksums_agree, true, 'every worker computed the same C as the page');
    assert.equal(p.gpu_message, '', p.gpu_message);
    assert.ok(p.gpu_gflops > 0);
    if (adapter?.offersF16) assert.ok(p.gpu_gflops_f16 > 0 && p.gpu_f16_message === '', p.gpu_f16_message);
    else assert.ok(p.gpu_gflops_f16 === 0 && /shader-f16/.test(p.gpu_f16_message), JSON.stringify(p));
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i] >= progress[i - 1], 'progress never goes back');
    assert.equal(progress.at(-1), 1);
    assert.ok(p.details.sgemm_1.warmup_calls > 0, 'warmed up before measuring');
    checks.note(`CPU ${p.backend}: ${p.sgemm_gflops_1.toFixed(1)} GFLOP/s on one worker, ${p.sgemm_gflops_all.toFixed(1)} on 2 `
      + `(${(p.sgemm_gflops_all / p.sgemm_gflops_1).toFixed(2)}x), triad ${p.gbps_1.toFixed(1)} / ${p.gbps_all.toFixed(1)} GB/s, `
      + `${p.details.seconds.toFixed(1)} s in all`);
  });

  await check('cancel stops the measurement at once', async () => {
    const r = await page.evaluate(async () => {
      const { measureDevice } = await import('./benchmark.js');
      const ctl = new AbortController();
      const t0 = performance.now();
      setTimeout(() => ctl.abort(), 400);
      try {
        await measureDevice({ budgetS: 20, threads: 2, signal: ctl.signal });
        return { name: 'finished', ms: performance.now() - t0 };
      } catch (err) {
        return { name: err.name, ms: performance.now() - t0 };
      }
    });
    assert.equal(r.name, 'AbortError');
    assert.ok(r.ms < 3000, `took ${r.ms} ms`);
  });

  await check('runs inside a cross-origin iframe with no COOP/COEP headers', async () => {
    await page.evaluate((src) => new Promise((resolve, reject) => {
      const f = document.createElement('iframe');
      f.src = src;
      f.onload = resolve;
      f.onerror = reject;
      document.body.append(f);
    }), `${otherOrigin}/hw/check.html`);
    const frame = page.frames().find((f) => f.url().startsWith(otherOrigin));
    assert.ok(frame, 'the iframe loaded');
    const r = await frame.evaluate(async () => {
      const { measureDevice } = await import('./benchmark.js');
      const p = await measureDevice({ budgetS: 2, threads: 2, gpu: false });
      return { p, isolated: self.crossOriginIsolated, sab: typeof SharedArrayBuffer, origin: location.origin, top: document.referrer };
    });
    assert.notEqual(new URL(r.origin).host, new URL(origin).host, 'the frame is another origin');
    assert.equal(r.isolated, false);
    assert.ok(r.p.sgemm_gflops_1 > 0 && r.p.sgemm_gflops_all > 0 && r.p.gbps_all > 0);
    assert.equal(r.p.details.checksums_agree, true);
    checks.note(`iframe at ${r.origin} (SharedArrayBuffer: ${r.sab}): ${r.p.sgemm_gflops_all.toFixed(1)} GFLOP/s on 2 workers`);
  });

  await check('a lost GPU device is reported in words', async () => {
    const r = await page.evaluate(async () => {
      const w = await import('./webgpu.js');
      const gpu = await w.openGpu();
      gpu.device.destroy();
      await gpu.device.lost;
      try {
        await w.gpuMatmul(gpu, new Float32Array(64), new Float32Array(64), 8, 8, 8);
        return { lost: gpu.lost, error: null };
      } catch (err) {
        return { lost: gpu.lost, error: err.message, name: err.name };
      }
    });
    assert.match(r.lost, /GPU device was lost/);
    assert.ok(r.error && r.name === 'GpuError', `got ${JSON.stringify(r)}`);
  });

  await check('no WebGPU at all: a sentence, and the CPU results still stand', async () => {
    const r = await page.evaluate(async () => {
      Object.defineProperty(navigator, 'gpu', { value: undefined, configurable: true });
      const { measureDevice } = await import('./benchmark.js');
      return measureDevice({ budgetS: 1.5, threads: 1 });
    });
    assert.match(r.gpu_message, /WebGPU is (not available|unavailable)/);
    assert.equal(r.gpu_gflops, 0);
    assert.ok(r.sgemm_gflops_1 > 0);
  });
  await page.goto(`${origin}/hw/check.html`); // undo the navigator.gpu override

  await check('no GPU adapter (Chromium without --enable-unsafe-webgpu): a sentence', async () => {
    const plain = await launch([]);
    try {
      const p2 = await plain.context.newPage();
      await p2.goto(`${origin}/hw/check.html`);
      const r = await p2.evaluate(async () => {
        const w = await import('./webgpu.js');
        try {
          const gpu = await w.openGpu();
          gpu.device.destroy();
          return { message: null };
        } catch (err) {
          return { message: err.message, name: err.name };
        }
      });
      if (r.message) checks.note(`without the flag: "${r.message}"`);
      else checks.note('this Chromium offers an adapter even without the flag; the message path is covered above');
      if (r.message) {
        assert.equal(r.name, 'GpuError');
        assert.match(r.message, /WebGPU|adapter/);
      }
    } finally {
      await plain.close();
    }
  });

  await check('the diagnostic page runs end to end from its button', async () => {
    await page.click('#go');
    await page.waitForFunction(() => /Done|Could not|Cancelled/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
    const status = await page.textContent('#status');
    assert.match(status, /Done in/);
    const rows = await page.$$eval('#out tr', (trs) => trs.map((t) => t.textContent));
    assert.ok(rows.length >= 5 && rows.every((t) => !/NaN|undefined/.test(t)), rows.join(' | '));
  });
} finally {
  if (checks.failed.length) console.log(logs.slice(-20).join('\n'));
  await browser.close();
  await server.stop();
}
process.exit(checks.summary() ? 0 : 1);
