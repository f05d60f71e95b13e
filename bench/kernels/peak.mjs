// The WebAssembly SIMD arithmetic peak, measured in the same process as the kernels: a function
// that runs `chains` independent dependency chains c = c * m + a on f32x4 values (mul + add,
// or one relaxed_madd), assembled here byte by byte so no toolchain is involved.
//
// The peak needs enough chains to cover the latency: with mul (3 cycles) + add (3 cycles) per
// step and 2 mul + 2 add issued per cycle, 12 chains are needed; 4 chains are latency-bound
// (that is the "~19 GFLOP/s" figure of issue 3 on this machine). Past ~13 chains V8 runs out of
// xmm registers and spills. So the peak reported is the best over a sweep of chain counts.

const u32 = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const f32 = (x) => [...new Uint8Array(new Float32Array([x]).buffer)];
const section = (id, body) => [id, ...u32(body.length), ...body];
const vec = (items) => [...u32(items.length), ...items.flat()];

const I32 = 0x7f, F32 = 0x7d, V128 = 0x7b;
const SPLAT_F32 = [0xfd, 0x13], ADD = [0xfd, 0xe4, 0x01], MUL = [0xfd, 0xe6, 0x01];
const RELAXED_MADD = [0xfd, 0x85, 0x02], EXTRACT_F32 = [0xfd, 0x1f];

// (func (export "peak") (param $iters i32) (param $x f32) (result f32)) with `chains` chains.
export function peakModuleBytes(chains, relaxed) {
  const ITERS = 0, X = 1, M = 2, A = 3, C0 = 4;
  const get = (i) => [0x20, ...u32(i)], set = (i) => [0x21, ...u32(i)];
  const body = [];
  body.push(0x43, ...f32(0.999), ...SPLAT_F32, ...set(M));
  body.push(0x43, ...f32(0.001), ...SPLAT_F32, ...set(A));
  for (let j = 0; j < chains; j++) body.push(0x43, ...f32(j), ...get(X), 0x92, ...SPLAT_F32, ...set(C0 + j));
  body.push(0x03, 0x40); // loop
  for (let j = 0; j < chains; j++) {
    if (relaxed) body.push(...get(C0 + j), ...get(M), ...get(A), ...RELAXED_MADD, ...set(C0 + j));
    else body.push(...get(C0 + j), ...get(M), ...MUL, ...get(A), ...ADD, ...set(C0 + j));
  }
  body.push(...get(ITERS), 0x41, 1, 0x6b, 0x22, ...u32(ITERS), 0x0d, 0); // iters -= 1; br_if
  body.push(0x0b); // end loop
  body.push(...get(C0));
  for (let j = 1; j < chains; j++) body.push(...get(C0 + j), ...ADD);
  body.push(...EXTRACT_F32, 0, 0x0b);
  const locals = vec([[...u32(2 + chains), V128]]);
  const fn = [...locals, ...body];
  const type = section(1, vec([[0x60, ...vec([[I32], [F32]]), ...vec([[F32]])]]));
  const funcs = section(3, vec([[0]]));
  const name = [...new TextEncoder().encode('peak')];
  const exports = section(7, vec([[...u32(name.length), ...name, 0x00, 0]]));
  const code = section(10, vec([[...u32(fn.length), ...fn]]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...funcs, ...exports, ...code]);
}

// Median GFLOP/s of `chains` chains after a warm-up (8 flops per chain step: 4 lanes x 2).
export function measurePeak(chains, relaxed, { seconds = 0.25, reps = 5 } = {}) {
  const bytes = peakModuleBytes(chains, relaxed);
  if (!WebAssembly.validate(bytes)) return null;
  const { peak } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  for (let i = 0; i < 300; i++) peak(1000, 1); // tier up (TOOLCHAIN.md item 7)
  let iters = 100000;
  for (;;) { // size a rep to ~seconds / reps
    const t = performance.now();
    peak(iters, 1);
    const s = (performance.now() - t) / 1e3;
    if (s > seconds / reps / 2) { iters = Math.ceil(iters * (seconds / reps) / s); break; }
    iters *= 4;
  }
  const rates = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    peak(iters, 1);
    rates.push(iters * chains * 8 / ((performance.now() - t) / 1e3) / 1e9);
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}

// Best over chain counts: { peak, byChains: {4: x, 8: y, ...} }.
export function sweepPeak(relaxed, chainCounts = [4, 8, 10, 12, 13, 14]) {
  const byChains = {};
  let peak = 0;
  for (const c of chainCounts) {
    const g = measurePeak(c, relaxed);
    if (g === null) return null;
    byChains[c] = g;
    peak = Math.max(peak, g);
  }
  return { peak, byChains };
}

// The peak loop as a benchmark "kernel" for the interleaved rounds of bench.mjs: one call does
// as many flops as an n x n x n SGEMM (2 n^3), so the same GFLOP/s formula applies and the peak
// is measured in the same rounds, under the same load, as the kernels it is compared with.
export function peakKernel(chains, relaxed) {
  const bytes = peakModuleBytes(chains, relaxed);
  const { peak } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  return {
    label: `${relaxed ? 'relaxed-FMA' : 'mul+add'} peak (${chains} chains)`,
    isPeak: true,
    relaxed,
    setup(n) {
      const iters = Math.max(1, Math.round(2 * n ** 3 / (chains * 8)));
      return { run: () => { peak(iters, 1); }, free() {} };
    },
  };
}
