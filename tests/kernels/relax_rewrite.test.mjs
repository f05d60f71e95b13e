// Checks core/kernels/tools/relax_rewrite.mjs: it decodes instructions (never rewrites bytes that
// only look like the old opcode inside immediates), rejects what it cannot rewrite, agrees with
// wabt's wat2wasm encoding, and turns the built relaxed module into one engines accept.
//   node [--experimental-wasm-relaxed-simd] relax_rewrite.test.mjs <build>/kernels
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { rewriteRelaxed } from '../../core/kernels/tools/relax_rewrite.mjs';
import { RELAXED_PROBE, hasRelaxedSimd } from '../../web/hw/features.js';

const dir = process.argv[2];
let passed = 0;
function test(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    console.log(`FAIL ${name}\n     ${err.stack}`);
    process.exitCode = 1;
  }
}

const u32 = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const section = (id, body) => [id, ...u32(body.length), ...body];
const OLD_FMA = [0xfd, 0xaf, 0x01];

// (func (param v128 v128 v128) (result v128)) whose immediates contain the old opcode's bytes.
function trickyModule(extraOps = []) {
  const body = [
    0x00, // no locals
    0x41, 0xfd, 0xaf, 0x01, 0x1a, // i32.const 22525 (SLEB fd af 01); drop
    0xfd, 0x0c, 0xfd, 0xaf, 0x01, 0xfd, 0xaf, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1a, // v128.const; drop
    0x41, 0x00, 0x28, 0x02, 0xfd, 0xaf, 0x01, 0x1a, // i32.load offset=22525; drop
    0x44, 0xfd, 0xaf, 0x01, 0, 0, 0, 0, 0, 0x1a, // f64.const with those bytes; drop
    ...extraOps,
    0x20, 0x00, 0x20, 0x01, 0x20, 0x02, ...OLD_FMA, // the one real f32x4.fma
    0x0b,
  ];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]), // memory 1 page
    ...section(7, [1, 1, 0x66, 0x00, 0]), // export "f"
    ...section(10, [1, ...u32(body.length), ...body])]);
}

function diffPositions(a, b) {
  const d = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d.push(i);
  return d;
}

test('only the real opcode is rewritten, immediates stay', () => {
  const input = trickyModule();
  const { bytes, count } = rewriteRelaxed(input);
  assert.equal(count, 1);
  assert.equal(bytes.length, input.length);
  const d = diffPositions(input, bytes);
  // The two opcode bytes just before the final `end`, nothing else.
  assert.deepEqual(d, [input.length - 3, input.length - 2]);
  assert.deepEqual([...bytes.subarray(input.length - 4, input.length - 1)], [0xfd, 0x85, 0x02]);
  if (hasRelaxedSimd()) assert.ok(WebAssembly.validate(bytes), 'rewritten module validates');
  assert.ok(!WebAssembly.validate(input), 'the pre-standard module does not');
});

test('rewritten f32x4.relaxed_madd computes a*b + c', () => {
  if (!hasRelaxedSimd()) return console.log('     (skipped: no relaxed SIMD in this engine)');
  // g(p): mem[p+48..] = fma(mem[p..], mem[p+16..], mem[p+32..]) with the old opcode.
  const body = [0x00, 0x20, 0x00,
    0x20, 0x00, 0xfd, 0x00, 0x04, 0x00, 0x20, 0x00, 0xfd, 0x00, 0x04, 0x10,
    0x20, 0x00, 0xfd, 0x00, 0x04, 0x20, ...OLD_FMA, 0xfd, 0x0b, 0x04, 0x30, 0x0b];
  const mod = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 1, 0x7f, 0]), ...section(3, [1, 0]), ...section(5, [1, 0x00, 1]),
    ...section(7, [2, 1, 0x67, 0x00, 0, 1, 0x6d, 0x02, 0]),
    ...section(10, [1, ...u32(body.length), ...body])]);
  const { bytes, count } = rewriteRelaxed(mod);
  assert.equal(count, 1);
  const { g, m } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  const f = new Float32Array(m.buffer, 0, 16);
  f.set([1, 2, 3, -4, /* b */ 10, 0.5, -2, 3, /* c */ 100, 200, 300, 400]);
  g(0);
  // Standard semantics a*b + c (the pre-standard opcode meant a + b*c = 1001, 101, ...).
  assert.deepEqual([...f.subarray(12, 16)], [110, 201, 294, 388]);
});

test('matches wabt (wat2wasm) encoding of the probe', () => {
  const old = Uint8Array.from(RELAXED_PROBE);
  const at = old.length - 3;
  assert.deepEqual([...old.subarray(at - 1, at + 2)], [0xfd, 0x85, 0x02]);
  old[at] = 0xaf; old[at + 1] = 0x01;
  const { bytes, count } = rewriteRelaxed(old);
  assert.equal(count, 1);
  assert.deepEqual([...bytes], [...RELAXED_PROBE]);
});

test('idempotent: a rewritten module has nothing left to rewrite', () => {
  const once = rewriteRelaxed(trickyModule()).bytes;
  const twice = rewriteRelaxed(once);
  assert.equal(twice.count, 0);
  assert.deepEqual([...twice.bytes], [...once]);
});

test('other pre-standard relaxed opcodes are refused, not passed on', () => {
  const fms = [0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0xb0, 0x01, 0x1a]; // old f32x4.fms
  assert.throws(() => rewriteRelaxed(trickyModule(fms)), /pre-standard relaxed SIMD opcode 0xb0/);
});

test('garbage is refused', () => {
  assert.throws(() => rewriteRelaxed(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])), /not a WebAssembly module/);
  const cut = trickyModule().subarray(0, 60);
  assert.throws(() => rewriteRelaxed(cut));
  const bad = trickyModule([0xf0]); // no such opcode
  assert.throws(() => rewriteRelaxed(bad), /unknown opcode 0xf0/);
});

test('the built relaxed module: pre-standard copy rejected, rewritten copy accepted', () => {
  if (!dir) return console.log('     (skipped: no build directory given)');
  const pre = fs.readFileSync(path.join(dir, 'costlab_kernels_relaxed.prestandard.wasm'));
  const post = fs.readFileSync(path.join(dir, 'costlab_kernels_relaxed.wasm'));
  assert.equal(pre.length, post.length);
  const { bytes, count } = rewriteRelaxed(pre);
  assert.ok(count >= 8, `expected the 8 FMAs of the 4x8 micro-kernel at least, got ${count}`);
  assert.deepEqual(Buffer.from(bytes), post, 'the build ran the same rewrite');
  assert.equal(diffPositions(pre, post).length, 2 * count);
  assert.ok(!WebAssembly.validate(pre), 'engines reject the pre-standard opcode');
  assert.equal(WebAssembly.validate(post), hasRelaxedSimd());
  const plain = fs.readFileSync(path.join(dir, 'costlab_kernels.wasm'));
  assert.ok(WebAssembly.validate(plain), 'the SIMD128 module validates everywhere SIMD does');
  assert.equal(rewriteRelaxed(plain).count, 0);
});

console.log(`${passed} passed${process.exitCode ? ', some FAILED' : ''}`);
