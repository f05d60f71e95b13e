// The standalone kernel modules through web/hw/kernels-module.js, as workers and the bench use
// them: SIMD (and relaxed, where the engine has it) vs the reference, errors in words, checksums
// across instances, memory growth, and the C++ timing protocol driven from JS.
//   node [--experimental-wasm-relaxed-simd] modules.test.mjs <build>/kernels
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadKernelModule, KernelError } from '../../web/hw/kernels-module.js';
import { hasRelaxedSimd, hasSimd128 } from '../../web/hw/features.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: modules.test.mjs <build>/kernels');
let passed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    console.log(`FAIL ${name}\n     ${err.stack}`);
    process.exitCode = 1;
  }
}

function mats(m, n, k) {
  const A = new Float32Array(m * k), B = new Float32Array(k * n);
  for (let i = 0; i < A.length; i++) A[i] = Math.sin(i * 0.7 + 1);
  for (let i = 0; i < B.length; i++) B[i] = Math.cos(i * 0.3);
  return [A, B];
}

function checkAgainstRef(km, m, n, k) {
  const [A, B] = mats(m, n, k);
  const c = km.sgemm(m, n, k, A, B);
  const r = km.sgemm(m, n, k, A, B, { reference: true });
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let absum = 0;
      for (let p = 0; p < k; p++) absum += Math.abs(A[i * k + p] * B[p * n + j]);
      const tol = 2 * k * 1.1920929e-7 * absum + 1e-30;
      if (!(Math.abs(c[i * n + j] - r[i * n + j]) <= tol))
        throw new Error(`M=${m} N=${n} K=${k} C[${i}][${j}] ${c[i * n + j]} vs ${r[i * n + j]}`);
    }
  }
}

const shapes = [[1, 1, 1], [1, 40, 3], [40, 1, 3], [3, 5, 7], [33, 31, 29], [129, 130, 131], [7, 9, 600]];
assert.ok(hasSimd128(), 'this engine has SIMD128');
const km = await loadKernelModule(path.join(dir, 'costlab_kernels.wasm'));

await test('SIMD128 module: backend and results vs reference', () => {
  assert.equal(km.backend, 'wasm-simd128');
  for (const s of shapes) checkAgainstRef(km, ...s);
});

await test('bad sizes are errors in words, never a crash', () => {
  assert.equal(km.checkSgemm(0, 4, 4), 'M must be at least 1 (got 0)');
  assert.equal(km.checkSgemm(4, -2, 4), 'N must be at least 1 (got -2)');
  assert.match(km.checkSgemm(100000, 100000, 100000), /120 GB|GiB.*more than the 4 GiB this build can address/);
  assert.throws(() => km.sgemm(0, 2, 2, new Float32Array(4), new Float32Array(4)), KernelError);
  assert.throws(() => km.sgemm(100000, 100000, 100000, new Float32Array(1), new Float32Array(1)),
    /this build can address/);
  assert.throws(() => km.problem(100000), /GiB/);
  assert.throws(() => km.problem(-1), /at least 1/);
  assert.equal(km.e.costlab_sgemm(4, 4, 4, 0, 0, 0), 3, 'null pointers: status 3');
  // Just under the 2 GiB cap (2 GiB - 86 KiB), more than the module can still grow to beside its stack and data: out of memory.
  assert.throws(() => km.sgemm(23169, 23169, 1, new Float32Array(23169), new Float32Array(23169)),
    /could not allocate/);
  // Sizes that would wrap malloc's u32 argument are refused before any allocation.
  assert.throws(() => km.sgemm(30000, 30000, 1, new Float32Array(30000), new Float32Array(30000)),
    /more than the 2 GiB/);
  // The module still works afterwards.
  checkAgainstRef(km, 5, 6, 7);
});

await test('memory growth: a large product after small ones', () => {
  const n = 700; // 3 x 2 MB: grows the 16 MB memory only if needed; views are re-read
  checkAgainstRef(km, 9, 9, 9);
  const p = km.problem(n);
  p.run(1);
  assert.ok(Number.isFinite(p.checksum()));
  p.free();
  checkAgainstRef(km, 17, 19, 23);
});

await test('independent instances give the same checksum', async () => {
  const km2 = await loadKernelModule(path.join(dir, 'costlab_kernels.wasm'));
  const a = km.problem(96, 80, 72), b = km2.problem(96, 80, 72);
  a.run(2);
  b.run(1);
  assert.equal(a.checksum(), b.checksum());
  a.free();
  b.free();
});

await test('relaxed module: standard opcodes, feature-detected', async () => {
  const file = path.join(dir, 'costlab_kernels_relaxed.wasm');
  if (!hasRelaxedSimd()) {
    await assert.rejects(loadKernelModule(file), WebAssembly.CompileError);
    console.log('     (no relaxed SIMD here: checked that loading fails cleanly)');
    return;
  }
  const kr = await loadKernelModule(file);
  assert.equal(kr.backend, 'wasm-relaxed-simd');
  for (const s of shapes) checkAgainstRef(kr, ...s);
  const a = kr.problem(64), b = km.problem(64);
  a.run(1);
  b.run(1);
  assert.ok(Math.abs(a.checksum() - b.checksum()) < 1e-3 * (1 + Math.abs(b.checksum())));
});

await test('the blocked path is several times faster than the reference (build-flag guard)', () => {
  // Not a speed target: a regression guard. A MinSizeRel build once lost inlining in the
  // micro-kernel and ran slower than the scalar loop. Interleaved, so load hits both alike.
  const n = 192;
  const p = km.problem(n);
  const time = (ref) => {
    km.useReference(ref);
    const t = performance.now();
    p.run(ref ? 1 : 4);
    return (performance.now() - t) / (ref ? 1 : 4);
  };
  for (let i = 0; i < 20; i++) time(false); // tier up
  const ratios = [];
  for (let r = 0; r < 5; r++) ratios.push(time(true) / time(false));
  km.useReference(false);
  p.free();
  ratios.sort((a, b) => a - b);
  assert.ok(ratios[2] > 3, `blocked only ${ratios[2].toFixed(1)}x the reference`);
});

await test('bandwidth streams: triad and copy', () => {
  const s = km.streams(1 << 16);
  s.copy(2);
  s.triad(1);
  assert.ok(Number.isFinite(s.sum()));
  s.free();
  assert.equal(km.e.costlab_triad(0, 0, 0, 1, 0), 1);
});

await test('timing protocol from JS with a fake clock', () => {
  const q = km.protocol('sgemm', { budgetS: 2, ladder: [64, 128, 256], warmupSize: 64 });
  let t = 0, actions = 0, tiered = 0;
  for (;;) {
    const a = q.next();
    if (a.kind === 'done') break;
    actions++;
    // 1 GFLOP/s for the first 10 calls (baseline tier), then 10 GFLOP/s.
    let s = 0;
    for (let i = 0; i < a.calls; i++, tiered++) s += 2 * a.size ** 3 / (tiered < 10 ? 1e9 : 1e10);
    t += s;
    q.record(s);
    assert.ok(q.progress() >= 0 && q.progress() <= 1);
  }
  const r = q.result();
  q.free();
  assert.ok(r.complete && !r.cancelled);
  assert.ok(actions > 5);
  assert.equal(r.sizes.length, 3);
  assert.ok(Math.abs(r.best_rate - 1e10) < 1e6, `best ${r.best_rate}`);
  assert.ok(Math.abs(r.elapsed_s - t) < 1e-9);
  const c = km.protocol('triad', { budgetS: 1, warmupSize: 0, ladder: [1 << 20] });
  c.record(0.01);
  c.cancel();
  assert.equal(c.next().kind, 'done');
  assert.equal(c.result().cancelled, true);
  c.free();
});

console.log(`${passed} passed${process.exitCode ? ', some FAILED' : ''}`);
