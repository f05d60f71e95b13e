// WebGPU device setup for the runners of webgpu.js: the adapter and device (openGpu, with
// the optional features each path needs), shader pipelines (compiled once per device), buffer
// read-back, and the dispatch timer (GPU timestamps, or wall time). No WebGPU, no adapter or a
// refused device is a GpuError with a sentence for the page, never another exception.
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

export async function withErrors(device, what, fn) {
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
export async function pipeline(gpu, key, code) {
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

export function patternMatrix(count, seed) {
  const out = new Float32Array(count);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = ((x >>> 8) - (1 << 23)) / (1 << 23);
  }
  return out;
}

export async function readBuffer(gpu, buffer, size, offset = 0, Type = Float32Array) {
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
export async function timeDispatches(gpu, job, calls, encode, { wallClock = false } = {}) {
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

export function cancelled() { return new DOMException('cancelled', 'AbortError'); }
