// The WebGPU kernel sweep and check, per kernel kind (measurePrecision): every configuration
// the adapter's limits allow is checked against the CPU (fp32 by relative error, f16 by an
// elementwise error bound) before it is timed; the fastest correct one goes up the size ladder
// of the C++ timing protocol. Nothing wrong is ever timed.
import { GpuError, patternMatrix, timeDispatches, cancelled } from './gpu-device.js';
import { tileCandidates, tileName, prepareMatmul, encodeMatmul, batchFor, gpuMatmul } from './gpu-matmul.js';

// max |C - R| / (rms(R) + tiny): a wrong index or tile gives O(1), rounding ~1e-6.
export function relativeError(C, R) {
  let err = 0, ss = 0;
  for (let i = 0; i < R.length; i++) {
    err = Math.max(err, Math.abs(C[i] - R[i]));
    ss += R[i] * R[i];
  }
  if (C.some((v) => Number.isNaN(v))) return Infinity;
  return err / (Math.sqrt(ss / R.length) + 1e-30);
}

// The error an f16-input, f32-accumulate product may have against the CPU's fp32 product of the
// unrounded inputs, per element (Higham, Accuracy and Stability of Numerical Algorithms, 3.1):
// rounding each input to f16 (unit roundoff u16 = 2^-11) perturbs each product a*b by at most
// (2 u16 + u16^2)|a||b|; the GPU's and the CPU's f32 sums of K terms each add at most
// gamma_K = K u32 / (1 - K u32) times sum |a||b| (u32 = 2^-24); inputs below f16's normal range
// (2^-14) round to its subnormal grid (spacing 2^-24) instead, an absolute 2^-25 per input, so
// K 2^-25 (max|A| + max|B|) at most. So |C - R| <= rel (|A||B|) + abs elementwise.
export function f16ErrorBound(k, maxAbsA = 1, maxAbsB = 1) {
  const u16 = 2 ** -11, u32 = 2 ** -24;
  const gammaK = (k * u32) / (1 - k * u32);
  return { rel: 2 * u16 + u16 * u16 + 2 * gammaK, abs: k * 2 ** -25 * (maxAbsA + maxAbsB) };
}

// max over elements of |C - R| / bound (<= 1 passes); absRef = |A| x |B| from the CPU.
export function boundRatio(C, R, absRef, bound) {
  let worst = 0;
  for (let i = 0; i < R.length; i++) {
    const r = Math.abs(C[i] - R[i]) / (bound.rel * absRef[i] + bound.abs);
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : r;
  }
  return worst;
}

const maxAbs = (X) => X.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

// The shapes every configuration must get right before it is timed: odd sizes (no multiple of
// any tile or of 4: every bounds path) and a square one spanning several tiles and K steps.
const CHECK_SHAPES = [[67, 45, 133], [130, 132, 160]];

// Checks one configuration against the CPU. Returns { ok, error, what }: fp32 by relative
// error (tolerance), f16 by the elementwise bound above (ratio <= 1).
async function checkConfig(gpu, tiles, precision, refs, tolerance) {
  let worst = 0, fallbacks = 0, invocations = 0;
  for (const r of refs) {
    const stats = {};
    const C = await gpuMatmul(gpu, r.A, r.B, r.m, r.n, r.k, tiles, precision, stats);
    fallbacks += stats.fallbacks || 0;
    invocations += stats.invocations || 0;
    const e = precision === 'f16'
      ? boundRatio(C, r.R, r.absR, f16ErrorBound(r.k, maxAbs(r.A), maxAbs(r.B)))
      : relativeError(C, r.R);
    if (!(e <= (precision === 'f16' ? 1 : tolerance))) {
      return { ok: false, error: e, what: `${r.m} x ${r.n} x ${r.k}` };
    }
    worst = Math.max(worst, e);
  }
  return { ok: true, error: worst, fallbackShare: invocations ? fallbacks / invocations : undefined };
}


// One precision: the sweep (each candidate checked against the CPU, then timed at one size;
// the fastest correct one wins), then the size ladder with it through the C++ protocol.
export async function measurePrecision(gpu, precision, { budgetS, sweepShare, ladder, signal, onProgress, cpuSgemm, protocol, tolerance }) {
  const candidates = tileCandidates(gpu.limits, precision, gpu.subgroupMinSize);
  if (!candidates.length) throw new GpuError(`This GPU adapter's limits allow none of the ${precision} matmul tile sizes.`);
  const refs = CHECK_SHAPES.map(([m, n, k]) => {
    const A = patternMatrix(m * k, 5), B = patternMatrix(k * n, 6);
    const r = { m, n, k, A, B, R: cpuSgemm(m, n, k, A, B) };
    if (precision === 'f16') r.absR = cpuSgemm(m, n, k, A.map(Math.abs), B.map(Math.abs));
    return r;
  });

  // 1. Sweep within its share of the budget (the first correct candidate always runs). The
  //    size: the largest ladder size up to 1024 (big enough that a 128 x 128 tile fills a large
  //    GPU) that the first candidate's speed at the smallest size predicts will fit.
  const sweepS = budgetS * sweepShare, t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1e3;
  const timeAt = async (tiles, n) => {
    const job = await prepareMatmul(gpu, n, n, n, tiles, precision);
    try {
      const calls = await batchFor(gpu, job, 0.02, 64);
      return job.flops / await timeDispatches(gpu, job, calls, encodeMatmul) / 1e9;
    } finally {
      job.destroy();
    }
  };
  const sweep = [];
  let best = null, n0 = 0;
  for (const tiles of candidates) {
    if (signal?.aborted) throw cancelled();
    const entry = { tiles: tileName(tiles) };
    sweep.push(entry);
    if (best && elapsed() > sweepS) { entry.note = 'not tried: the sweep\'s time was spent'; continue; }
    let c;
    try {
      c = await checkConfig(gpu, tiles, precision, refs, tolerance);
    } catch (err) {
      // A configuration this adapter's compiler or driver refuses is skipped, not fatal.
      if (gpu.lost || !(err instanceof GpuError)) throw err;
      entry.note = `failed: ${err.message}`;
      continue;
    }
    entry.error = c.error;
    if (c.fallbackShare !== undefined) entry.fallbackShare = c.fallbackShare;
    if (!c.ok) { entry.note = `wrong at ${c.what} (${c.error.toExponential(1)})`; continue; }
    if (c.fallbackShare === 1) { // right, but no subgroup did the subgroup part: not its figure
      entry.note = 'right, but every subgroup took the workgroup-read path (its lanes were not laid out as the kernel needs)';
      continue;
    }
    if (!n0) {
      const l0 = ladder[0];
      const rate = await timeAt(tiles, l0);
      const perCandidate = (n) => 4 * 2 * n ** 3 / (rate * 1e9); // about 4 dispatches each
      n0 = Math.max(l0, ...ladder.filter((n) => n <= 1024 && perCandidate(n) * candidates.length <= sweepS));
      entry.gflops = n0 === l0 ? rate : await timeAt(tiles, n0);
    } else {
      entry.gflops = await timeAt(tiles, n0);
    }
    if (!best || entry.gflops > best.gflops) best = { tiles, gflops: entry.gflops, error: c.error, fallbackShare: c.fallbackShare };
    onProgress(Math.min(sweepShare, elapsed() / budgetS));
  }
  if (!best) {
    throw new GpuError(`The GPU ${precision} matmul gave wrong results in every configuration (${sweep.map((e) => `${e.tiles}: ${e.note}`).join('; ')}), so no ${precision} GPU speed is reported.`);
  }
  const out = { tiles: tileName(best.tiles), checked: true, maxError: best.error, sweep, sweepSize: n0 };
  if (best.fallbackShare !== undefined) out.fallbackShare = best.fallbackShare;
  onProgress(sweepShare);

  // 2. The size ladder, driven by the C++ timing protocol.
  const p = protocol('sgemm', { budgetS: budgetS * (0.95 - sweepShare), warmupSize: 0, ladder, reps: 3, minBatchS: 0.05 });
  const jobs = new Map();
  try {
    for (;;) {
      const a = p.next();
      if (a.kind === 'done') break;
      if (signal?.aborted) { p.cancel(); throw cancelled(); }
      if (!jobs.has(a.size)) {
        for (const j of jobs.values()) j.destroy();
        jobs.clear();
        const job = await prepareMatmul(gpu, a.size, a.size, a.size, best.tiles, precision);
        await timeDispatches(gpu, job, 1, encodeMatmul); // first dispatch: pipeline warm-up
        jobs.set(a.size, job);
      }
      p.record(a.calls * await timeDispatches(gpu, jobs.get(a.size), a.calls, encodeMatmul));
      onProgress(sweepShare + (1 - sweepShare) * p.progress());
    }
    const r = p.result();
    out.gflops = r.best_rate / 1e9;
    out.bestSize = r.best_size;
    out.sizes = r.sizes.map((x) => ({ n: x.size, gflops: x.median / 1e9, spread: x.spread }));
  } finally {
    for (const j of jobs.values()) j.destroy();
    p.free();
  }
  onProgress(1);
  return out;
}
