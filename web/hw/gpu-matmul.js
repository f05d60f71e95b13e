// The WebGPU matmul runner: the configurations of shaders/matmul.wgsl's TUNABLE constants
// (tiles, and per kernel kind: fp32, f16 inputs with f32 accumulation, the fp32 subgroup
// variant of matmul_subgroups.wgsl), their shader source, f16 input conversion, a prepared
// dispatch (prepareMatmul), and gpuMatmul / timeGpuMatmul for one product or one speed.
import { MATMUL_WGSL, MATMUL_SUBGROUPS_WGSL } from './wgsl.js';
import { GpuError, withErrors, pipeline, patternMatrix, readBuffer, timeDispatches } from './gpu-device.js';

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

const roundUp = (x, to) => Math.ceil(x / to) * to;

// A matmul ready to dispatch: device buffers (N and K padded to multiples of 4 with zeros, for
// the vec4 rows; the shader handles every other edge) and a bind group. Without A and B, the
// inputs are a fixed pseudo-random pattern (for timing).
export async function prepareMatmul(gpu, m, n, k, tiles, precision = 'f32', A = null, B = null) {
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

export const encodeMatmul = (pass, job) => {
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
export async function batchFor(gpu, job, seconds, maxCalls = 4096) {
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
