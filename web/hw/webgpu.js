// WebGPU runner: the tiled matmul template (shaders/matmul.wgsl: fp32, and f16 inputs with f32
// accumulation where the adapter has `shader-f16`), its subgroup variant
// (shaders/matmul_subgroups.wgsl, fp32, where the adapter has `subgroups`) and the copy bandwidth probe
// (shaders/bandwidth.wgsl), embedded at build time into ./wgsl.js. Every configuration is
// checked against the CPU before any speed is reported; no WebGPU, no adapter, no f16 or a lost
// device come back as a sentence in `message`, never as an exception.
//
//   const gpu = await openGpu();      // {device, adapter, info, limits, timestamps, f16, subgroups, subgroupMinSize}
//                                     //   or throws GpuError
//   const C = await gpuMatmul(gpu, A, B, m, n, k, tiles?, precision?, stats?)  // Float32Array, any m, n, k >= 1
//   const r = await runWebGpuBenchmark({ budgetS, signal, onProgress, cpuSgemm, protocol })
//     -> { gflops, gbps, adapter, tiles, timing, checked, maxError, sizes, sweep,
//          f16: { gflops, tiles, accumulate, sizes, ... } or { message },
//          subgroups: { gflops, tiles, fallbackShare, sizes, ... } or { message } } or { message }
// precision: 'f32', 'f16' or 'f32-subgroups' (the kernel kinds of KERNELS).
// Start reading at runWebGpuBenchmark (bottom): sweep, check, ladder, per precision.
import { MATMUL_WGSL, MATMUL_SUBGROUPS_WGSL, BANDWIDTH_WGSL } from './wgsl.js';

export class GpuError extends Error {
  constructor(message) { super(message); this.name = 'GpuError'; }
}

const TIMESTAMPS = 'timestamp-query';
const F16 = 'shader-f16';
const SUBGROUPS = 'subgroups'; // the feature's name in Chromium 134+ (WebGPU spec), 156 here

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
  // Optional features, each requested only where offered: GPU timestamps, f16 arithmetic in
  // shaders and subgroup operations (without one, its path is skipped with a sentence).
  const features = [TIMESTAMPS, F16, SUBGROUPS].filter((f) => adapter.features.has(f));
  let device;
  try {
    device = await adapter.requestDevice({ requiredFeatures: features, requiredLimits: want });
  } catch (err) {
    throw new GpuError(`The GPU adapter refused to open a device (${err.message}).`);
  }
  const info = adapter.info || (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
  const gpu = {
    adapter, device, limits: device.limits, timestamps: features.includes(TIMESTAMPS), f16: features.includes(F16),
    subgroups: features.includes(SUBGROUPS),
    // The smallest subgroup the adapter may use (GPUAdapterInfo, Chromium 134+); 4 where it
    // does not say (the smallest in practice: SwiftShader). Sets G of the subgroup kernel.
    subgroupMinSize: info.subgroupMinSize || 4, subgroupMaxSize: info.subgroupMaxSize || 0,
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

// The candidates of the on-device sweep, each a setting of matmul.wgsl's TUNABLE constants.
// Largest register tiles first: 8 x 8 outputs per invocation (16 vec4 accumulators) is what
// fast WebGPU/CUDA SGEMMs use; 4 x 4 and a small 32 x 32 tile cover adapters with tight
// limits or few registers. Which wins depends on the GPU (registers, shared memory banks,
// occupancy), hence the sweep rather than a fixed choice.
export const TILE_CONFIGS = [
  { BM: 128, BN: 128, BK: 8, TM: 8, TN: 8 },  // 256 invocations, 16 KiB fp32 (2 stages)
  { BM: 128, BN: 128, BK: 16, TM: 8, TN: 8 }, // 256 invocations, 32 KiB fp32, 16 KiB f16
  { BM: 64, BN: 128, BK: 16, TM: 8, TN: 8 },  // 128 invocations, 24 KiB fp32
  { BM: 64, BN: 64, BK: 16, TM: 8, TN: 8 },   // 64 invocations, 16 KiB fp32
  { BM: 64, BN: 64, BK: 16, TM: 4, TN: 4 },   // 256 invocations, 16 KiB fp32
  { BM: 32, BN: 32, BK: 16, TM: 4, TN: 4 },   // 64 invocations, 8 KiB fp32
];

export const PRECISIONS = ['f32', 'f16'];
// Every kernel kind: its element type and shader; 'f32-subgroups' is fp32 through
// matmul_subgroups.wgsl (A shared by subgroup shuffles), reported as its own figure.
export const KERNELS = ['f32', 'f16', 'f32-subgroups'];
const elementBytes = (precision) => (precision === 'f16' ? 2 : 4);
const isSubgroups = (precision) => precision === 'f32-subgroups';

// Workgroup memory a configuration needs: two stages of A (BM x BK) and B (BK x BN).
export function tileStorageBytes(t, precision = 'f32') {
  return 2 * (t.BM + t.BN) * t.BK * elementBytes(precision);
}

export function tileName(t) { return `${t.BM}x${t.BN}/${t.TM}x${t.TN}/k${t.BK}${t.G ? `/g${t.G}` : ''}`; }

// The configurations an adapter's limits allow. For 'f32-subgroups' each gets G, the lanes
// that share A reads: the adapter's smallest subgroup, at most a row group (WG_X); the
// configuration is kept only where G divides WG_X (a run of G lanes then stays in one row).
export function tileCandidates(limits, precision = 'f32', subgroupMinSize = 4) {
  return TILE_CONFIGS.filter((t) => {
    const wgx = t.BN / t.TN, wgy = t.BM / t.TM;
    return tileStorageBytes(t, precision) <= limits.maxComputeWorkgroupStorageSize
      && wgx * wgy <= limits.maxComputeInvocationsPerWorkgroup
      && wgx <= limits.maxComputeWorkgroupSizeX && wgy <= limits.maxComputeWorkgroupSizeY
      && (!isSubgroups(precision) || wgx % Math.min(subgroupMinSize, wgx) === 0);
  }).map((t) => (isSubgroups(precision) ? { ...t, G: Math.min(subgroupMinSize, t.BN / t.TN) } : t));
}

// matmul.wgsl (matmul_subgroups.wgsl for f32-subgroups) with its TUNABLE constants set, and the
// directive its kind needs (for f16 also the element type).
export function matmulSource(t, precision = 'f32') {
  if (isSubgroups(precision) && !t.G) throw new GpuError('the subgroup matmul needs G (tileCandidates sets it)');
  let src = isSubgroups(precision) ? MATMUL_SUBGROUPS_WGSL : MATMUL_WGSL;
  for (const [name, value] of Object.entries(t)) {
    const re = new RegExp(`(const ${name}: u32 = )\\d+u;`);
    if (!re.test(src)) throw new GpuError(`matmul.wgsl has no tunable ${name}`);
    src = src.replace(re, `$1${value}u;`);
  }
  if (precision === 'f16') {
    if (!/alias IN = f32;/.test(src)) throw new GpuError('matmul.wgsl has no tunable element type');
    src = `enable f16;\n${src.replace(/alias IN = f32;/, 'alias IN = f16;')}`;
  } else if (isSubgroups(precision)) {
    src = `enable subgroups;\n${src}`;
  } else if (precision !== 'f32') {
    throw new GpuError(`unknown matmul precision "${precision}" (${KERNELS.join(', ')})`);
  }
  return src;
}

// f32 -> IEEE binary16 bits, round to nearest even (what Float16Array does; it is used when the
// engine has it, this is the fallback for engines with WebGPU f16 but no Float16Array).
const f32view = new Float32Array(1), u32view = new Uint32Array(f32view.buffer);
export function f16Bits(x) {
  f32view[0] = x;
  const b = u32view[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf, NaN (quiet)
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) { // subnormal or zero in f16
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let h = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (h & 1))) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++; // may carry into the exponent: right
  return sign | h;
}

export function toF16(src, useNative = typeof Float16Array === 'function') {
  if (useNative) return new Uint16Array(new Float16Array(src).buffer);
  const out = new Uint16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f16Bits(src[i]);
  return out;
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

// A matmul ready to dispatch: device buffers (N and K padded to multiples of 4 with zeros, for
// the vec4 rows; the shader handles every other edge) and a bind group. Without A and B, the
// inputs are a fixed pseudo-random pattern (for timing).
async function prepareMatmul(gpu, m, n, k, tiles, precision = 'f32', A = null, B = null) {
  const { device } = gpu;
  if (precision === 'f16' && !gpu.f16) throw new GpuError('This GPU adapter has no shader-f16, so there is no f16 matmul.');
  if (isSubgroups(precision) && !gpu.subgroups) throw new GpuError('This GPU adapter has no subgroups, so there is no subgroup matmul.');
  const N = roundUp(n, 4), K = roundUp(k, 4);
  const size = elementBytes(precision);
  const bytes = Math.max(size * m * K, size * K * N, 4 * m * N);
  if (bytes > gpu.limits.maxStorageBufferBindingSize || bytes > gpu.limits.maxBufferSize) {
    throw new GpuError(`A ${m} x ${n} x ${k} product needs ${(bytes / 2 ** 20).toFixed(0)} MiB buffers, more than this GPU allows (${(gpu.limits.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB).`);
  }
  const groups = [Math.ceil(N / tiles.BN), Math.ceil(m / tiles.BM)];
  const maxGroups = gpu.limits.maxComputeWorkgroupsPerDimension || 65535;
  if (groups[0] > maxGroups || groups[1] > maxGroups) {
    throw new GpuError(`A ${m} x ${n} x ${k} product needs more workgroups than this GPU allows in one dimension (${maxGroups}).`);
  }
  const pipe = await pipeline(gpu, `matmul ${precision} ${tileName(tiles)}`, matmulSource(tiles, precision));
  return withErrors(device, 'Allocating the matmul buffers', () => {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const a = device.createBuffer({ size: size * m * K, usage });
    const b = device.createBuffer({ size: size * K * N, usage });
    const c = device.createBuffer({ size: 4 * m * N, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const u = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(u, 0, new Uint32Array([m, N / 4, K / 4, 0]));
    // The subgroup kernel counts the invocations that could not take its subgroup path.
    const fallbacks = isSubgroups(precision)
      ? device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST })
      : null;
    if (fallbacks) device.queue.writeBuffer(fallbacks, 0, new Uint32Array(4));
    const pad = (src, rows, cols, Cc) => {
      if (cols === Cc) return src;
      const out = new Float32Array(rows * Cc);
      for (let i = 0; i < rows; i++) out.set(src.subarray(i * cols, i * cols + cols), i * Cc);
      return out;
    };
    const upload = (buffer, values) => device.queue.writeBuffer(buffer, 0, precision === 'f16' ? toF16(values) : values);
    upload(a, A ? pad(A, m, k, K) : patternMatrix(m * K, 1));
    upload(b, B ? pad(B, k, n, N) : patternMatrix(K * N, 2));
    const buffers = fallbacks ? [u, a, b, c, fallbacks] : [u, a, b, c];
    const group = device.createBindGroup({
      layout: pipe.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return {
      m, n, k, N, K, tiles, precision, pipe, group, c, groups, fallbacks,
      invocations: groups[0] * groups[1] * (tiles.BN / tiles.TN) * (tiles.BM / tiles.TM),
      flops: 2 * m * n * k, // the useful work, not the padding
      destroy() { for (const x of buffers) x.destroy(); },
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

async function readBuffer(gpu, buffer, size, offset = 0, Type = Float32Array) {
  const { device } = gpu;
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, offset, staging, 0, size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Type(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

// Runs `calls` dispatches of a prepared job in one submit; returns seconds per dispatch
// (GPU timestamps when the adapter has them, else wall time to onSubmittedWorkDone).
async function timeDispatches(gpu, job, calls, encode, { wallClock = false } = {}) {
  const { device } = gpu;
  let query = null, resolve = null;
  if (gpu.timestamps && !wallClock) {
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

// stats (optional, an object): for the subgroup kernel, gets `fallbacks` (invocations that took
// the workgroup-read path: their subgroup's lanes were not laid out as the kernel needs) and
// `invocations` (all of them) of this one dispatch.
export async function gpuMatmul(gpu, A, B, m, n, k, tiles = tileCandidates(gpu.limits)[0], precision = 'f32', stats = null) {
  if (!(m >= 1 && n >= 1 && k >= 1)) throw new GpuError(`M, N and K must each be at least 1 (got ${m}, ${n}, ${k})`);
  if (!tiles) throw new GpuError('This GPU adapter\'s limits allow none of the matmul tile sizes.');
  const job = await prepareMatmul(gpu, m, n, k, tiles, precision, A, B);
  try {
    await timeDispatches(gpu, job, 1, encodeMatmul);
    if (stats && job.fallbacks) {
      stats.fallbacks = (await readBuffer(gpu, job.fallbacks, 16, 0, Uint32Array))[0];
      stats.invocations = job.invocations;
    }
    const full = await readBuffer(gpu, job.c, 4 * m * job.N);
    if (job.N === n) return full;
    const out = new Float32Array(m * n);
    for (let i = 0; i < m; i++) out.set(full.subarray(i * job.N, i * job.N + n), i * n);
    return out;
  } finally {
    job.destroy();
  }
}

// Dispatches per submit so that one batch lasts about `seconds` (from a warm single dispatch).
async function batchFor(gpu, job, seconds, maxCalls = 4096) {
  await timeDispatches(gpu, job, 1, encodeMatmul); // first dispatch: pipeline warm-up
  let calls = 1;
  for (;;) {
    const s = await timeDispatches(gpu, job, calls, encodeMatmul) * calls;
    if (s >= seconds / 2 || calls >= maxCalls) return calls;
    calls = Math.min(maxCalls, Math.ceil(calls * Math.max(2, seconds / Math.max(s, 1e-6))));
  }
}

// GFLOP/s of an n x n x n product with given tiles and precision: dispatches batched per
// submit until a batch lasts minSeconds, median of `reps` batches. For side-by-side benchmarks
// (bench/kernels/webgpu.mjs); timing as in runWebGpuBenchmark, or by the wall clock to
// onSubmittedWorkDone with wallClock (to compare like with like with peers timed that way).
export async function timeGpuMatmul(gpu, n, { precision = 'f32', tiles = tileCandidates(gpu.limits, precision)[0], minSeconds = 0.1, reps = 5, wallClock = false } = {}) {
  const job = await prepareMatmul(gpu, n, n, n, tiles, precision);
  try {
    const calls = await batchFor(gpu, job, minSeconds);
    const rates = [];
    for (let r = 0; r < reps; r++) rates.push(2 * n ** 3 / await timeDispatches(gpu, job, calls, encodeMatmul, { wallClock }) / 1e9);
    rates.sort((a, b) => a - b);
    return { gflops: rates[rates.length >> 1], calls, timing: gpu.timestamps && !wallClock ? 'timestamp-query' : 'wall clock' };
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

function cancelled() { return new DOMException('cancelled', 'AbortError'); }

// One precision: the sweep (each candidate checked against the CPU, then timed at one size;
// the fastest correct one wins), then the size ladder with it through the C++ protocol.
async function measurePrecision(gpu, precision, { budgetS, sweepShare, ladder, signal, onProgress, cpuSgemm, protocol, tolerance }) {
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

// The whole GPU measurement. cpuSgemm(m, n, k, A, B) -> Float32Array is the CPU reference
// (the kernel module's sgemm); protocol(kind, options) makes a RateProtocol (kernels-module.js).
// fp32 first (its figure and fields at the top level, as before), then f16 where the adapter
// has shader-f16 (result.f16; a sentence in result.f16.message otherwise), then the fp32
// subgroup variant where it has subgroups (result.subgroups, likewise), then bandwidth.
// sweepShare: the part of each precision's time that the sweep of configurations may take.
export async function runWebGpuBenchmark({ budgetS = 3, signal, onProgress = () => {}, cpuSgemm,
  protocol, sizes = [256, 512, 1024, 2048, 4096], checkTolerance = 1e-3, sweepShare = 0.3 } = {}) {
  let gpu;
  try {
    gpu = await openGpu();
  } catch (err) {
    return { message: err.message };
  }
  const result = { adapter: gpu.description, timing: gpu.timestamps ? 'timestamp-query' : 'wall clock', gflops: 0, gbps: 0 };
  // Shares of the budget: fp32, f16, subgroups (a missing one's share goes to fp32), bandwidth.
  const share = [0.4, gpu.f16 ? 0.25 : 0, gpu.subgroups ? 0.2 : 0, 0.15];
  share[0] = 1 - share[1] - share[2] - share[3];
  try {
    const limitBytes = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    const ladder = sizes.filter((s) => 4 * s * s <= limitBytes);
    if (!ladder.length) throw new GpuError('This GPU adapter allows no buffer large enough for the matmul sizes.');
    const common = { ladder, signal, cpuSgemm, protocol, tolerance: checkTolerance, sweepShare: Math.min(0.9, Math.max(0.05, sweepShare)) };

    const f32 = await measurePrecision(gpu, 'f32', { ...common, budgetS: budgetS * share[0], onProgress: (p) => onProgress(share[0] * p) });
    Object.assign(result, f32, { tiles: f32.tiles });

    if (!gpu.f16) {
      result.f16 = { message: 'This GPU adapter does not offer shader-f16, so no half-precision figure was measured (the model uses the fp32 figure for 16-bit work).' };
    } else {
      try {
        result.f16 = await measurePrecision(gpu, 'f16', { ...common, budgetS: budgetS * share[1], onProgress: (p) => onProgress(share[0] + share[1] * p) });
        result.f16.accumulate = 'f32';
      } catch (err) {
        if (err.name === 'AbortError') throw err;
        result.f16 = { message: err instanceof GpuError ? err.message : `The GPU f16 measurement failed: ${err.message}` };
      }
    }
    if (signal?.aborted) throw cancelled();

    // Reported beside the fp32 figure, not in its place: the model uses the plain kernel's.
    if (!gpu.subgroups) {
      result.subgroups = { message: 'This GPU adapter does not offer subgroups, so the subgroup matmul was not measured.' };
    } else {
      const start = share[0] + share[1];
      try {
        result.subgroups = await measurePrecision(gpu, 'f32-subgroups', { ...common, budgetS: budgetS * share[2], onProgress: (p) => onProgress(start + share[2] * p) });
      } catch (err) {
        if (err.name === 'AbortError') throw err;
        result.subgroups = { message: err instanceof GpuError ? err.message : `The GPU subgroup measurement failed: ${err.message}` };
      }
    }
    if (signal?.aborted) throw cancelled();

    result.gbps = await gpuBandwidth(gpu, Math.min(64 * 2 ** 20, limitBytes), budgetS * share[3]);
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
