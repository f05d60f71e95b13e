// WebGPU runner: the tiled fp32 matmul (shaders/matmul.wgsl) and the copy bandwidth probe
// (shaders/bandwidth.wgsl), embedded at build time into ./wgsl.js. Results are checked against
// the CPU before any speed is reported; no WebGPU, no adapter or a lost device come back as a
// sentence in `message`, never as an exception.
//
//   const gpu = await openGpu();                 // {device, adapter, info, limits, timestamps} or throws GpuError
//   const C = await gpuMatmul(gpu, A, B, m, n, k, tiles?)   // Float32Array, any m, n, k >= 1
//   const r = await runWebGpuBenchmark({ budgetS, signal, onProgress, cpuSgemm, protocol })
//     -> { gflops, gbps, adapter, tiles, timing, checked, maxError, sizes } or { message }
import { MATMUL_WGSL, BANDWIDTH_WGSL } from './wgsl.js';

export class GpuError extends Error {
  constructor(message) { super(message); this.name = 'GpuError'; }
}

const TIMESTAMPS = 'timestamp-query';

export async function openGpu({ powerPreference = 'high-performance' } = {}) {
  if (typeof navigator !== 'object' || !navigator.gpu) {
    throw new GpuError('WebGPU is unavailable in this browser, so the GPU was not timed.');
  }
  let adapter = null;
  try {
    adapter = await navigator.gpu.requestAdapter({ powerPreference });
  } catch (err) {
    throw new GpuError(`The browser could not look for a GPU (${err.message}).`);
  }
  if (!adapter) {
    throw new GpuError('WebGPU is unavailable here: the browser found no usable GPU adapter (blocked, disabled or unsupported), so the GPU was not timed.');
  }
  const want = {};
  for (const name of ['maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup',
    'maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY']) {
    if (adapter.limits[name] !== undefined) want[name] = adapter.limits[name];
  }
  const features = adapter.features.has(TIMESTAMPS) ? [TIMESTAMPS] : [];
  let device;
  try {
    device = await adapter.requestDevice({ requiredFeatures: features, requiredLimits: want });
  } catch (err) {
    throw new GpuError(`The GPU adapter refused to open a device (${err.message}).`);
  }
  const info = adapter.info || (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  const gpu = {
    adapter, device, limits: device.limits, timestamps: features.length > 0,
    info, description: describeAdapter(info), lost: null, errors: [],
  };
  device.lost.then((l) => { gpu.lost = `The GPU device was lost (${l.reason || 'unknown'}: ${l.message || 'no details'}).`; });
  device.addEventListener?.('uncapturederror', (ev) => gpu.errors.push(ev.error?.message || String(ev.error)));
  return gpu;
}

export function describeAdapter(info = {}) {
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((x) => x);
  return parts.length ? [...new Set(parts)].join(' ') : 'unnamed GPU adapter';
}

// Tile configurations, largest first; the ones the adapter's limits allow are candidates.
export const TILE_CONFIGS = [
  { BM: 128, BN: 128, BK: 16, TM: 8, TN: 8 }, // 256 invocations, 16 KiB workgroup memory
  { BM: 64, BN: 64, BK: 16, TM: 4, TN: 4 },   // 256 invocations, 8 KiB
  { BM: 32, BN: 32, BK: 16, TM: 4, TN: 4 },   // 64 invocations, 4 KiB
];

export function tileCandidates(limits) {
  return TILE_CONFIGS.filter((t) => {
    const wgx = t.BN / t.TN, wgy = t.BM / t.TM;
    return (t.BM + t.BN) * t.BK * 4 <= limits.maxComputeWorkgroupStorageSize
      && wgx * wgy <= limits.maxComputeInvocationsPerWorkgroup
      && wgx <= limits.maxComputeWorkgroupSizeX && wgy <= limits.maxComputeWorkgroupSizeY;
  });
}

// matmul.wgsl with its TUNABLE constants set.
export function matmulSource(t) {
  let src = MATMUL_WGSL;
  for (const [name, value] of Object.entries(t)) {
    const re = new RegExp(`(const ${name}: u32 = )\\d+u;`);
    if (!re.test(src)) throw new GpuError(`matmul.wgsl has no tunable ${name}`);
    src = src.replace(re, `$1${value}u;`);
  }
  return src;
}

async function withErrors(device, what, fn) {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const value = fn();
  const oom = await device.popErrorScope();
  const invalid = await device.popErrorScope();
  const err = oom || invalid;
  if (err) throw new GpuError(`${what} failed: ${err.message}`);
  return value;
}

const pipelines = new WeakMap(); // device -> Map(key -> pipeline)
async function pipeline(gpu, key, code) {
  let cache = pipelines.get(gpu.device);
  if (!cache) pipelines.set(gpu.device, cache = new Map());
  if (!cache.has(key)) {
    const module = gpu.device.createShaderModule({ code });
    const info = module.getCompilationInfo ? await module.getCompilationInfo() : { messages: [] };
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) throw new GpuError(`The ${key} shader did not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
    try {
      cache.set(key, await gpu.device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } }));
    } catch (err) {
      throw new GpuError(`Building the ${key} pipeline failed: ${err.message}`);
    }
  }
  return cache.get(key);
}

const roundUp = (x, to) => Math.ceil(x / to) * to;

// A matmul ready to dispatch: padded device buffers and a bind group.
async function prepareMatmul(gpu, m, n, k, tiles, A = null, B = null) {
  const { device } = gpu;
  const M = roundUp(m, tiles.BM), N = roundUp(n, tiles.BN), K = roundUp(k, tiles.BK);
  const bytes = 4 * Math.max(M * K, K * N, M * N);
  if (bytes > gpu.limits.maxStorageBufferBindingSize || bytes > gpu.limits.maxBufferSize) {
    throw new GpuError(`A ${m} x ${n} x ${k} product needs ${(bytes / 2 ** 20).toFixed(0)} MiB buffers, more than this GPU allows (${(gpu.limits.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB).`);
  }
  const pipe = await pipeline(gpu, `matmul ${tiles.BM}x${tiles.BN}x${tiles.BK}/${tiles.TM}x${tiles.TN}`, matmulSource(tiles));
  return withErrors(device, 'Allocating the matmul buffers', () => {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const a = device.createBuffer({ size: 4 * M * K, usage });
    const b = device.createBuffer({ size: 4 * K * N, usage });
    const c = device.createBuffer({ size: 4 * M * N, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const u = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(u, 0, new Uint32Array([M, N, K, 0]));
    const pad = (src, rows, cols, R, Cc) => {
      const out = new Float32Array(R * Cc);
      for (let i = 0; i < rows; i++) out.set(src.subarray(i * cols, i * cols + cols), i * Cc);
      return out;
    };
    if (A) device.queue.writeBuffer(a, 0, pad(A, m, k, M, K));
    else device.queue.writeBuffer(a, 0, patternMatrix(M * K, 1));
    if (B) device.queue.writeBuffer(b, 0, pad(B, k, n, K, N));
    else device.queue.writeBuffer(b, 0, patternMatrix(K * N, 2));
    const group = device.createBindGroup({
      layout: pipe.getBindGroupLayout(0),
      entries: [u, a, b, c].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return {
      m, n, k, M, N, K, tiles, pipe, group, c,
      groups: [N / tiles.BN, M / tiles.BM],
      flops: 2 * m * n * k, // the useful work, not the padding
      destroy() { for (const x of [a, b, c, u]) x.destroy(); },
    };
  });
}

function patternMatrix(count, seed) {
  const out = new Float32Array(count);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = ((x >>> 8) - (1 << 23)) / (1 << 23);
  }
  return out;
}

async function readBuffer(gpu, buffer, size, offset = 0) {
  const { device } = gpu;
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, offset, staging, 0, size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

// Runs `calls` dispatches of a prepared job in one submit; returns seconds per dispatch
// (GPU timestamps when the adapter has them, else wall time to onSubmittedWorkDone).
async function timeDispatches(gpu, job, calls, encode) {
  const { device } = gpu;
  let query = null, resolve = null;
  if (gpu.timestamps) {
    query = device.createQuerySet({ type: 'timestamp', count: 2 });
    resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  }
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass(query ? { timestampWrites: { querySet: query, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {});
  for (let i = 0; i < calls; i++) encode(pass, job);
  pass.end();
  if (query) enc.resolveQuerySet(query, 0, 2, resolve, 0);
  const t0 = performance.now();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  const wall = (performance.now() - t0) / 1e3;
  if (gpu.lost) throw new GpuError(gpu.lost);
  if (!query) return wall / calls;
  const staging = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const e2 = device.createCommandEncoder();
  e2.copyBufferToBuffer(resolve, 0, staging, 0, 16);
  device.queue.submit([e2.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const [begin, end] = new BigUint64Array(staging.getMappedRange());
  staging.unmap();
  for (const x of [staging, resolve]) x.destroy();
  query.destroy();
  const gpuSeconds = Number(end - begin) / 1e9;
  // Timestamps can be quantized or zero on some drivers: fall back to the wall clock then.
  return gpuSeconds > 0 && gpuSeconds <= wall * 1.5 ? gpuSeconds / calls : wall / calls;
}

const encodeMatmul = (pass, job) => {
  pass.setPipeline(job.pipe);
  pass.setBindGroup(0, job.group);
  pass.dispatchWorkgroups(job.groups[0], job.groups[1]);
};

export async function gpuMatmul(gpu, A, B, m, n, k, tiles = tileCandidates(gpu.limits)[0]) {
  if (!(m >= 1 && n >= 1 && k >= 1)) throw new GpuError(`M, N and K must each be at least 1 (got ${m}, ${n}, ${k})`);
  if (!tiles) throw new GpuError('This GPU adapter\'s limits allow none of the matmul tile sizes.');
  const job = await prepareMatmul(gpu, m, n, k, tiles, A, B);
  try {
    await timeDispatches(gpu, job, 1, encodeMatmul);
    const full = await readBuffer(gpu, job.c, 4 * job.M * job.N);
    const out = new Float32Array(m * n);
    for (let i = 0; i < m; i++) out.set(full.subarray(i * job.N, i * job.N + n), i * n);
    return out;
  } finally {
    job.destroy();
  }
}

// GFLOP/s of an n x n x n product with given tiles (default: the first the limits allow):
// dispatches batched per submit until a batch lasts minSeconds, median of `reps` batches.
// For side-by-side benchmarks (bench/kernels/webgpu.mjs); timing as in runWebGpuBenchmark.
export async function timeGpuMatmul(gpu, n, { tiles = tileCandidates(gpu.limits)[0], minSeconds = 0.1, reps = 5 } = {}) {
  const job = await prepareMatmul(gpu, n, n, n, tiles);
  try {
    await timeDispatches(gpu, job, 1, encodeMatmul);
    let calls = 1;
    for (;;) {
      const s = await timeDispatches(gpu, job, calls, encodeMatmul) * calls;
      if (s >= minSeconds / 2 || calls >= 4096) break;
      calls = Math.min(4096, Math.ceil(calls * Math.max(2, minSeconds / Math.max(s, 1e-6))));
    }
    const rates = [];
    for (let r = 0; r < reps; r++) rates.push(2 * n ** 3 / await timeDispatches(gpu, job, calls, encodeMatmul) / 1e9);
    rates.sort((a, b) => a - b);
    return { gflops: rates[rates.length >> 1], calls, timing: gpu.timestamps ? 'timestamp-query' : 'wall clock' };
  } finally {
    job.destroy();
  }
}

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

// The whole GPU measurement. cpuSgemm(m, n, k, A, B) -> Float32Array is the CPU reference
// (the kernel module's sgemm); protocol(kind, options) makes a RateProtocol (kernels-module.js).
export async function runWebGpuBenchmark({ budgetS = 3, signal, onProgress = () => {}, cpuSgemm,
  protocol, sizes = [256, 512, 1024, 2048, 4096], checkTolerance = 1e-3 } = {}) {
  let gpu;
  try {
    gpu = await openGpu();
  } catch (err) {
    return { message: err.message };
  }
  const result = { adapter: gpu.description, timing: gpu.timestamps ? 'timestamp-query' : 'wall clock', gflops: 0, gbps: 0 };
  try {
    const candidates = tileCandidates(gpu.limits);
    if (!candidates.length) throw new GpuError('This GPU adapter\'s limits allow none of the matmul tile sizes.');
    const limitBytes = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    const ladder = sizes.filter((s) => 4 * s * s <= limitBytes);
    if (!ladder.length) throw new GpuError('This GPU adapter allows no buffer large enough for the matmul sizes.');

    // 1. Pick the fastest tile configuration the limits allow, at the first ladder size
    //    (timings only compare candidates; nothing is reported before the check below).
    let tiles = candidates[0];
    if (candidates.length > 1) {
      let best = Infinity;
      const n0 = Math.min(ladder[0], 512);
      for (const t of candidates) {
        const job = await prepareMatmul(gpu, n0, n0, n0, t);
        try {
          await timeDispatches(gpu, job, 1, encodeMatmul);
          const s = await timeDispatches(gpu, job, 2, encodeMatmul);
          if (s < best) { best = s; tiles = t; }
        } finally {
          job.destroy();
        }
        if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      }
    }
    result.tiles = `${tiles.BM}x${tiles.BN} tiles, ${tiles.TM}x${tiles.TN} per invocation, BK ${tiles.BK}`;
    onProgress(0.05);

    // 2. Correctness of that configuration against the CPU, on an odd shape (every padding
    //    path) and a square one, before any speed is reported.
    let maxError = 0;
    for (const [m, n, k] of [[67, 45, 133], [128, 96, 160]]) {
      const A = patternMatrix(m * k, 5), B = patternMatrix(k * n, 6);
      const C = await gpuMatmul(gpu, A, B, m, n, k, tiles);
      const e = relativeError(C, cpuSgemm(m, n, k, A, B));
      maxError = Math.max(maxError, e);
      if (!(e <= checkTolerance)) {
        throw new GpuError(`The GPU matmul (${tiles.BM}x${tiles.BN} tiles) gave wrong results at ${m} x ${n} x ${k} (relative error ${e.toExponential(1)}), so no GPU speed is reported.`);
      }
    }
    if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    result.checked = true;
    result.maxError = maxError;
    onProgress(0.1);

    // 3. The size ladder, driven by the C++ timing protocol.
    const p = protocol('sgemm', { budgetS: budgetS * 0.75, warmupSize: 0, ladder, reps: 3, minBatchS: 0.05 });
    const jobs = new Map();
    try {
      for (;;) {
        const a = p.next();
        if (a.kind === 'done') break;
        if (signal?.aborted) { p.cancel(); throw new DOMException('cancelled', 'AbortError'); }
        if (!jobs.has(a.size)) {
          for (const j of jobs.values()) j.destroy();
          jobs.clear();
          const job = await prepareMatmul(gpu, a.size, a.size, a.size, tiles);
          await timeDispatches(gpu, job, 1, encodeMatmul); // first dispatch: pipeline warm-up
          jobs.set(a.size, job);
        }
        p.record(a.calls * await timeDispatches(gpu, jobs.get(a.size), a.calls, encodeMatmul));
        onProgress(0.1 + 0.75 * p.progress());
      }
      const r = p.result();
      result.gflops = r.best_rate / 1e9;
      result.bestSize = r.best_size;
      result.sizes = r.sizes.map((s) => ({ n: s.size, gflops: s.median / 1e9, spread: s.spread }));
    } finally {
      for (const j of jobs.values()) j.destroy();
      p.free();
    }

    // 4. Copy bandwidth over 64 MiB (or what the adapter allows).
    result.gbps = await gpuBandwidth(gpu, Math.min(64 * 2 ** 20, limitBytes), budgetS * 0.2);
    onProgress(1);
    if (gpu.lost) throw new GpuError(gpu.lost);
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    result.message = err instanceof GpuError ? err.message : `The GPU measurement failed: ${err.message}`;
    result.gflops = result.checked ? result.gflops : 0;
  } finally {
    gpu.device.destroy();
  }
  return result;
}

async function gpuBandwidth(gpu, bytes, seconds) {
  const { device } = gpu;
  const n4 = Math.floor(bytes / 16);
  const pipe = await pipeline(gpu, 'bandwidth', BANDWIDTH_WGSL);
  const groups = Math.ceil(n4 / (64 * 4));
  const maxX = gpu.limits.maxComputeWorkgroupsPerDimension || 65535;
  const gx = Math.min(groups, maxX), gy = Math.ceil(groups / gx);
  const src = device.createBuffer({ size: n4 * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const dst = device.createBuffer({ size: n4 * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const u = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(u, 0, new Uint32Array([n4, gx, 0, 0]));
  // Real data, not zeros (some GPUs compress uniform memory), checked after the copies.
  const pattern = patternMatrix(n4 * 4, 9);
  device.queue.writeBuffer(src, 0, pattern);
  const group = device.createBindGroup({ layout: pipe.getBindGroupLayout(0),
    entries: [u, src, dst].map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const job = { pipe, group };
  const encode = (pass) => { pass.setPipeline(pipe); pass.setBindGroup(0, group); pass.dispatchWorkgroups(gx, gy); };
  try {
    await timeDispatches(gpu, job, 1, encode);
    let calls = 1, s = await timeDispatches(gpu, job, calls, encode);
    calls = Math.max(1, Math.min(200, Math.round(seconds / 3 / Math.max(s, 1e-6))));
    const rates = [];
    for (let r = 0; r < 3; r++) rates.push(2 * n4 * 16 / await timeDispatches(gpu, job, calls, encode) / 1e9);
    rates.sort((a, b) => a - b);
    // The first and the last MiB (the start, the 2D fold and the bound) must be copies.
    const span = Math.min(n4 * 16, 1 << 20);
    for (const offset of [0, n4 * 16 - span]) {
      const got = await readBuffer(gpu, dst, span, offset);
      for (let i = 0; i < got.length; i++) {
        if (got[i] !== pattern[offset / 4 + i]) throw new GpuError('The GPU copy kernel gave wrong results, so no GPU bandwidth is reported.');
      }
    }
    return rates[1];
  } finally {
    for (const x of [src, dst, u]) x.destroy();
  }
}
