// Loads a standalone costlab kernel module (costlab_kernels.wasm or costlab_kernels_relaxed.wasm,
// built by core/kernels/CMakeLists.txt) and wraps its C exports (core/kernels/src/module_api.cpp).
// No Emscripten glue: the module imports only two functions, stubbed here. Runs in pages, Web
// Workers and node alike.
//
//   const km = await loadKernelModule(urlOrBytesOrModule);
//   km.backend                       'wasm-simd128' | 'wasm-relaxed-simd'
//   km.sgemm(m, n, k, A, B)          Float32Array C (copies in and out); throws KernelError
//   km.checkSgemm(m, n, k)           '' or a sentence
//   const p = km.problem(n)          owned A, B, C in wasm memory: p.run(calls), p.checksum(), p.free()
//   const q = km.protocol('sgemm', {budgetS, parallel, ladder, ...})   the C++ timing protocol:
//       q.next() -> {kind: 'warmup'|'probe'|'measure'|'done', size, calls}; q.record(seconds);
//       q.progress(); q.cancel(); q.result() (parsed JSON); q.free()

export class KernelError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'KernelError';
    this.status = status;
  }
}

export const STATUS_TEXT = ['ok', 'bad size', 'too large', 'null pointer', 'out of memory'];
const ACTION_KINDS = ['warmup', 'probe', 'measure', 'done'];
const PROTOCOL_KINDS = { sgemm: 0, triad: 1, copy: 2 };

function stubImports(module) {
  const imports = {};
  for (const im of WebAssembly.Module.imports(module)) {
    if (im.kind !== 'function') continue;
    imports[im.module] ??= {};
    imports[im.module][im.name] = im.name === 'proc_exit'
      ? (code) => { throw new KernelError(`kernel module exited (${code})`, -1); }
      : () => 0;
  }
  return imports;
}

async function toModule(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = String(source);
  if (typeof process === 'object' && process.versions?.node && !/^https?:/.test(url)) {
    const fs = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return WebAssembly.compile(await fs.readFile(url.startsWith('file:') ? fileURLToPath(url) : url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new KernelError(`could not load ${url}: HTTP ${response.status}`, -1);
  // Compile from bytes, not instantiateStreaming: servers that send a wrong MIME type still work.
  return WebAssembly.compile(await response.arrayBuffer());
}

// source: URL/path string, bytes, or a compiled WebAssembly.Module (what a page posts to workers).
export async function loadKernelModule(source) {
  return instantiateKernelModule(await toModule(source));
}

export function instantiateKernelModule(module) {
  const instance = new WebAssembly.Instance(module, stubImports(module));
  return new KernelModule(instance, module);
}

export class KernelModule {
  constructor(instance, module) {
    this.module = module;
    this.e = instance.exports;
    if (this.e._initialize) this.e._initialize();
    this.backend = this.string(this.e.costlab_backend());
    this.scratch = this.e.malloc(16);
  }

  get memory() { return this.e.memory; }
  f32(ptr, count) { return new Float32Array(this.e.memory.buffer, ptr, count); }
  i32(ptr, count) { return new Int32Array(this.e.memory.buffer, ptr, count); }
  string(ptr) {
    const bytes = new Uint8Array(this.e.memory.buffer);
    let end = ptr;
    while (bytes[end]) end++;
    return new TextDecoder().decode(bytes.subarray(ptr, end));
  }

  checkSgemm(m, n, k) { return this.string(this.e.costlab_check_sgemm(m, n, k)); }

  // C = A x B with JS arrays: checks sizes first, so a bad size never allocates.
  sgemm(m, n, k, A, B, { reference = false } = {}) {
    const problem = this.checkSgemm(m, n, k);
    if (problem) throw new KernelError(problem, m < 1 || n < 1 || k < 1 ? 1 : 2);
    if (A.length < m * k || B.length < k * n) throw new KernelError('A or B is shorter than M x K or K x N', 1);
    const bytes = 4 * (m * k + k * n + m * n);
    // malloc takes a u32: never let a size wrap; the module cannot grow past 2 GiB anyway.
    if (bytes >= 2 ** 31) throw new KernelError(`A, B and C would take ${(bytes / 2 ** 30).toFixed(1)} GiB, more than the 2 GiB the module can grow to`, 4);
    const base = this.e.malloc(bytes);
    if (!base) throw new KernelError(`could not allocate ${(bytes / 2 ** 20).toFixed(1)} MiB in the module`, 4);
    try {
      const a = base, b = base + 4 * m * k, c = b + 4 * k * n;
      this.f32(a, m * k).set(A.subarray ? A.subarray(0, m * k) : A.slice(0, m * k));
      this.f32(b, k * n).set(B.subarray ? B.subarray(0, k * n) : B.slice(0, k * n));
      const status = (reference ? this.e.costlab_sgemm_ref : this.e.costlab_sgemm)(m, n, k, a, b, c);
      if (status !== 0) throw new KernelError(`sgemm failed: ${STATUS_TEXT[status] ?? status}`, status);
      return this.f32(c, m * n).slice();
    } finally {
      this.e.free(base);
    }
  }

  useReference(on) { this.e.costlab_use_reference(on ? 1 : 0); }

  // An M x N x K problem (square when only n is given) that owns its matrices in wasm memory,
  // filled with the same pattern on every instance (so checksums compare across workers).
  problem(m, n = m, k = m) {
    const handle = this.e.costlab_problem_new(m, n, k);
    if (!handle) throw new KernelError(this.string(this.e.costlab_last_error()), 2);
    const e = this.e;
    return {
      m, n, k, handle,
      run(calls = 1) {
        const status = e.costlab_problem_run(handle, calls);
        if (status !== 0) throw new KernelError(`sgemm failed: ${STATUS_TEXT[status] ?? status}`, status);
      },
      checksum() { return e.costlab_problem_checksum(handle); },
      free() { e.costlab_problem_free(handle); },
    };
  }

  // Bandwidth buffers: three arrays of `count` floats; triad()/copy() run `calls` times.
  streams(count) {
    const e = this.e;
    const bytes = 4 * count;
    if (!(count >= 1) || 3 * bytes >= 2 ** 31) throw new KernelError(`bad bandwidth buffer size ${count}`, 1);
    const a = e.malloc(bytes), b = e.malloc(bytes), c = e.malloc(bytes);
    if (!a || !b || !c) {
      for (const p of [a, b, c]) if (p) e.free(p);
      throw new KernelError(`could not allocate 3 x ${(bytes / 2 ** 20).toFixed(0)} MiB for the bandwidth probe`, 4);
    }
    e.costlab_fill(b, count, 3);
    e.costlab_fill(c, count, 4);
    return {
      count,
      triad(calls = 1) {
        for (let i = 0; i < calls; i++) {
          const status = e.costlab_triad(a, b, c, 0.5, count);
          if (status !== 0) throw new KernelError(`triad failed: ${STATUS_TEXT[status]}`, status);
        }
      },
      copy(calls = 1) {
        for (let i = 0; i < calls; i++) {
          const status = e.costlab_copy(a, b, count);
          if (status !== 0) throw new KernelError(`copy failed: ${STATUS_TEXT[status]}`, status);
        }
      },
      sum() { return e.costlab_sum(a, count); },
      free() { e.free(a); e.free(b); e.free(c); },
    };
  }

  // The C++ RateProtocol (kernels.h). kind: 'sgemm' (2n^3 flops per call), 'triad' (12n bytes),
  // 'copy' (8n bytes). Options mirror ProtocolOptions; 0/absent keeps the C++ default except
  // warmupSize (0 = no warm-up).
  protocol(kind, { budgetS = 4, parallel = 1, warmupSize = 64, ladder = [], reps = 0,
    minBatchS = 0, warmupMaxS = 0 } = {}) {
    const e = this.e;
    const lp = ladder.length ? e.malloc(4 * ladder.length) : 0;
    if (lp) this.i32(lp, ladder.length).set(ladder);
    const handle = e.costlab_protocol_new(PROTOCOL_KINDS[kind] ?? 0, budgetS, parallel, warmupSize,
      lp, ladder.length, reps, minBatchS, warmupMaxS);
    if (lp) e.free(lp);
    const km = this;
    return {
      next() {
        e.costlab_protocol_next(handle, km.scratch);
        const [k, size, calls] = km.i32(km.scratch, 3);
        return { kind: ACTION_KINDS[k], size, calls };
      },
      record(seconds) { e.costlab_protocol_record(handle, seconds); },
      progress() { return e.costlab_protocol_progress(handle); },
      cancel() { e.costlab_protocol_cancel(handle); },
      result() { return JSON.parse(km.string(e.costlab_protocol_result(handle))); },
      free() { e.costlab_protocol_free(handle); },
    };
  }
}
