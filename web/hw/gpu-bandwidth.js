// The WebGPU copy bandwidth runner: shaders/bandwidth.wgsl copies a buffer (64 MiB or what the
// adapter allows) between storage buffers; GB/s from the median of three timed batches, and
// the copy checked at both ends before the figure counts.
import { BANDWIDTH_WGSL } from './wgsl.js';
import { GpuError, pipeline, patternMatrix, readBuffer, timeDispatches } from './gpu-device.js';

export async function gpuBandwidth(gpu, bytes, seconds) {
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
