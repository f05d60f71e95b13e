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
//
// The pieces (each usable alone): gpu-device.js (openGpu, the dispatch timer), gpu-matmul.js
// (configurations, gpuMatmul, timeGpuMatmul), gpu-sweep.js (the check and the sweep, per kind)
// and gpu-bandwidth.js; this file is the whole measurement and what pages and benchmarks import.
import { GpuError, openGpu, cancelled } from './gpu-device.js';
import { measurePrecision } from './gpu-sweep.js';
import { gpuBandwidth } from './gpu-bandwidth.js';

export { GpuError, openGpu, describeAdapter } from './gpu-device.js';
export {
  TILE_CONFIGS, PRECISIONS, KERNELS, tileStorageBytes, tileName, tileCandidates, matmulSource, f16Bits, toF16,
  gpuMatmul, timeGpuMatmul,
} from './gpu-matmul.js';
export { relativeError, f16ErrorBound, boundRatio } from './gpu-sweep.js';


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
