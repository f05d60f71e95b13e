// "Time my hardware": the page-side driver. It compiles the kernel module once (the relaxed-SIMD
// build where WebAssembly.validate says the engine has it, else SIMD128), starts N Web Workers
// with one instance each, and drives the C++ timing protocol (a RateProtocol in a main-thread
// instance of the same module) through them: SGEMM on one worker (warm-up, size ladder), SGEMM
// on all workers at the best size, triad bandwidth on one and on all, then the GPU through
// WebGPU (fp32, and f16 where the adapter has shader-f16: each its own figure). The result is a device profile: the JSON that core's profile_from_json() reads and
// accelerator_from_profile() turns into the "your device" accelerator.
//
//   import { measureDevice } from './hw/benchmark.js';
//   const ctl = new AbortController();
//   const profile = await measureDevice({ budgetS: 10, signal: ctl.signal,
//     onProgress: (fraction, stage) => { ... } });      // ctl.abort() cancels (AbortError)
//
// Options: budgetS (10), threads (navigator.hardwareConcurrency, at most 16), gpu (true),
// relaxed ('auto' | true | false), baseUrl (this folder). Nothing here needs SharedArrayBuffer
// or cross-origin isolation, so it runs inside a cross-origin iframe as is.
import { hasRelaxedSimd, hasSimd128, engineName } from './features.js';
import { instantiateKernelModule, KernelError } from './kernels-module.js';
import { WorkerPool } from './pool.js';

const STAGES = [
  // name, share of the budget (the GPU's share goes to the CPU stages when there is no GPU)
  ['cpu: one thread', 0.35],
  ['cpu: all threads', 0.15],
  ['memory bandwidth', 0.15],
  ['gpu', 0.35],
];

function abortError() { return new DOMException('The measurement was cancelled.', 'AbortError'); }

export async function loadKernelWasm({ baseUrl = new URL('./', import.meta.url), relaxed = 'auto' } = {}) {
  if (!hasSimd128()) throw new KernelError('This browser\'s WebAssembly has no SIMD, which the CPU kernels need.', -1);
  const useRelaxed = relaxed === 'auto' ? hasRelaxedSimd() : Boolean(relaxed);
  const file = useRelaxed ? 'costlab_kernels_relaxed.wasm' : 'costlab_kernels.wasm';
  const response = await fetch(new URL(file, baseUrl));
  if (!response.ok) throw new KernelError(`Could not load ${file} (HTTP ${response.status}).`, -1);
  return WebAssembly.compile(await response.arrayBuffer());
}

// Drives one RateProtocol through `run(size, calls) -> seconds`.
async function drive(protocol, run, { signal, onProgress }) {
  try {
    for (;;) {
      const a = protocol.next();
      if (a.kind === 'done') break;
      if (signal?.aborted) { protocol.cancel(); throw abortError(); }
      protocol.record(await run(a.size, a.calls));
      onProgress(protocol.progress());
    }
    return protocol.result();
  } finally {
    protocol.free();
  }
}

export async function measureDevice({
  budgetS = 10,
  threads = Math.min(16, Math.max(1, (typeof navigator === 'object' && navigator.hardwareConcurrency) || 2)),
  gpu = true,
  relaxed = 'auto',
  baseUrl = new URL('./', import.meta.url),
  signal,
  onProgress = () => {},
} = {}) {
  const started = performance.now();
  const profile = {
    sgemm_gflops_1: 0, sgemm_gflops_all: 0, gpu_gflops: 0, gbps_1: 0, gbps_all: 0, gpu_gbps: 0,
    gpu_gflops_f16: 0, // f16 inputs, f32 accumulation (shaders/matmul.wgsl); 0 without shader-f16
    // fp32 through shaders/matmul_subgroups.wgsl; 0 without subgroups. Its own figure: the
    // model keeps gpu_gflops (the plain kernel's).
    gpu_gflops_subgroups: 0, gpu_subgroups_message: '',
    threads, backend: '', engine: engineName(), gpu: '', gpu_message: '', gpu_f16_message: '',
    date: new Date().toISOString().slice(0, 10),
    memory_bytes: typeof navigator === 'object' && navigator.deviceMemory ? navigator.deviceMemory * 2 ** 30 : 0,
    board_power_w: 30,
    details: {},
  };
  const shares = STAGES.map(([, s]) => s);
  if (!gpu) {
    const extra = shares[3];
    shares[3] = 0;
    shares[0] += extra * 0.6;
    shares[1] += extra * 0.2;
    shares[2] += extra * 0.2;
  }
  let done = 0;
  const stage = (i) => (p) => onProgress(Math.min(0.999, done + shares[i] * p), STAGES[i][0]);
  const finishStage = (i) => { done += shares[i]; onProgress(Math.min(0.999, done), STAGES[i][0]); };

  if (signal?.aborted) throw abortError();
  const module = await loadKernelWasm({ baseUrl, relaxed });
  const km = instantiateKernelModule(module); // protocol bookkeeping + CPU reference for the GPU
  profile.backend = km.backend;
  let pool = null;
  const onAbort = () => pool?.terminate();
  signal?.addEventListener('abort', onAbort);
  try {
    pool = await WorkerPool.create(threads, module, new URL('worker.js', baseUrl));
    const timed = (cmd, count) => async (size, calls) => WorkerPool.span(await pool.run(cmd, { size, calls }, count));

    // 1. SGEMM, one worker: warm-up until the optimizing tier is in, then the size ladder.
    const r1 = await drive(km.protocol('sgemm', { budgetS: budgetS * shares[0], warmupMaxS: Math.min(1.5, budgetS * shares[0] / 3), minBatchS: 0.03 }),
      timed('sgemm', 1), { signal, onProgress: stage(0) });
    profile.sgemm_gflops_1 = r1.best_rate / 1e9;
    profile.details.sgemm_1 = r1;
    finishStage(0);

    // 2. SGEMM, all workers at once at the best size. Every worker is warmed up first (each
    //    instance tiers up on its own schedule).
    const n = r1.best_size || 256;
    await pool.run('sgemm', { size: 64, calls: 200 });
    const rAll = await drive(km.protocol('sgemm', { budgetS: budgetS * shares[1], parallel: threads, warmupSize: 0, ladder: [n], minBatchS: 0.05 }),
      timed('sgemm', threads), { signal, onProgress: stage(1) });
    profile.sgemm_gflops_all = Math.max(rAll.best_rate / 1e9, profile.sgemm_gflops_1);
    profile.details.sgemm_all = rAll;
    // The workers computed the same thing: same checksum as this thread's instance.
    const sums = await pool.run('checksum', { size: 96 });
    const local = km.problem(96);
    local.run(1);
    profile.details.checksums_agree = sums.every((s) => s.checksum === local.checksum());
    local.free();
    await pool.run('free');
    finishStage(1);

    // 3. Triad bandwidth, one worker then all: 3 x 32 MiB per worker, less with many workers
    //    (at most 512 MiB in all; still far beyond any cache, as the workers share it).
    const count = Math.max(2 ** 20, Math.min(8 * 2 ** 20, Math.floor(2 ** 29 / (12 * threads))));
    const half = budgetS * shares[2] / 2;
    const b1 = await drive(km.protocol('triad', { budgetS: half, warmupSize: 0, ladder: [count], reps: 3, minBatchS: 0.05 }),
      timed('triad', 1), { signal, onProgress: (p) => stage(2)(p / 2) });
    profile.gbps_1 = b1.best_rate / 1e9;
    const bAll = await drive(km.protocol('triad', { budgetS: half, parallel: threads, warmupSize: 0, ladder: [count], reps: 3, minBatchS: 0.05 }),
      timed('triad', threads), { signal, onProgress: (p) => stage(2)(0.5 + p / 2) });
    profile.gbps_all = bAll.best_rate / 1e9;
    profile.details.triad_1 = b1;
    profile.details.triad_all = bAll;
    await pool.run('free');
    finishStage(2);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    pool?.terminate();
  }

  // 4. The GPU. Any failure is a sentence; the CPU figures stand.
  if (gpu) {
    if (signal?.aborted) throw abortError();
    const { runWebGpuBenchmark } = await import('./webgpu.js');
    const g = await runWebGpuBenchmark({
      budgetS: budgetS * shares[3], signal, onProgress: stage(3),
      cpuSgemm: (m, n, k, A, B) => km.sgemm(m, n, k, A, B),
      protocol: (kind, opts) => km.protocol(kind, opts),
    });
    profile.gpu = g.adapter || '';
    profile.gpu_message = g.message || '';
    profile.gpu_gflops = g.message ? 0 : g.gflops;
    profile.gpu_gbps = g.message ? 0 : g.gbps;
    const f16 = g.f16 || { message: g.message || 'The GPU f16 matmul was not measured.' };
    profile.gpu_gflops_f16 = g.message || f16.message ? 0 : f16.gflops;
    profile.gpu_f16_message = g.message || f16.message || '';
    const sg = g.subgroups || { message: g.message || 'The GPU subgroup matmul was not measured.' };
    profile.gpu_gflops_subgroups = g.message || sg.message ? 0 : sg.gflops;
    profile.gpu_subgroups_message = g.message || sg.message || '';
    profile.details.gpu = g;
    finishStage(3);
  } else {
    profile.gpu_message = 'The GPU was not timed (turned off).';
    profile.gpu_f16_message = profile.gpu_message;
    profile.gpu_subgroups_message = profile.gpu_message;
  }
  profile.details.seconds = (performance.now() - started) / 1e3;
  onProgress(1, 'done');
  return profile;
}
