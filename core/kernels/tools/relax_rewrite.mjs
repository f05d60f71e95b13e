// Rewrites clang-14's pre-standard relaxed-SIMD multiply-add into the standard encoding.
//
//   node relax_rewrite.mjs in.wasm out.wasm [--expect-min N]
//
// clang 14 (Emscripten 3.1.6) emits `f32x4.fma` as 0xfd 0xaf 0x01 (SIMD opcode 0xaf, from the
// 2021 draft of the relaxed-SIMD proposal, where it computed a + b*c). The standardised
// `f32x4.relaxed_madd` is 0xfd 0x85 0x02 (opcode 0x105, computes a*b + c). Both are three bytes,
// so the rewrite changes bytes in place and no function-body or section size changes.
//
// The rewrite is not a byte search: it decodes every instruction of every function body (all
// opcodes clang/binaryen emit: MVP, sign-extension, saturating conversions, bulk memory,
// reference types, SIMD128, atomics, exceptions) and only touches real opcodes. Any other
// pre-standard relaxed opcode, an unknown opcode or a malformed body is an error (exit 1):
// silently passing an invalid module on would only fail later, in the browser.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// SIMD opcodes (after 0xfd) left free by SIMD128 that the 2021 relaxed draft used.
// (The standard relaxed opcodes are 0x100..0x113 and pass through untouched.)
const PRESTANDARD_RELAXED = new Set([0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xc5,
  0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2, 0xee]);
const OLD_FMA_F32X4 = 0xaf;
const NEW_RELAXED_MADD_F32X4 = 0x105;

class Reader {
  constructor(bytes, pos, end) { this.b = bytes; this.p = pos; this.end = end; }
  byte() {
    if (this.p >= this.end) throw new Error(`unexpected end at byte ${this.p}`);
    return this.b[this.p++];
  }
  u32() { // unsigned LEB128, up to 5 bytes
    let result = 0, shift = 0;
    for (let i = 0; i < 5; i++) {
      const x = this.byte();
      result += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) return result;
      shift += 7;
    }
    throw new Error(`u32 LEB128 too long at byte ${this.p}`);
  }
  sleb(maxBytes) { // signed LEB128: only its length matters here
    for (let i = 0; i < maxBytes; i++) if (!(this.byte() & 0x80)) return;
    throw new Error(`signed LEB128 too long at byte ${this.p}`);
  }
  skip(n) {
    if (this.p + n > this.end) throw new Error(`unexpected end at byte ${this.p}`);
    this.p += n;
  }
}

function blockType(r) {
  const x = r.b[r.p];
  if (x === 0x40 || (x >= 0x6f && x <= 0x7f)) { r.p++; return; } // empty or a value type
  r.sleb(5); // type index as s33
}

function memarg(r) { r.u32(); r.u32(); }

// Decodes one function body [pos, end); returns the offsets of old f32x4.fma opcodes.
function scanBody(bytes, pos, end, fnIndex) {
  const r = new Reader(bytes, pos, end);
  const groups = r.u32();
  for (let i = 0; i < groups; i++) { r.u32(); r.byte(); } // count, value type
  const hits = [];
  while (r.p < end) {
    const op = r.byte();
    switch (op) {
      case 0x02: case 0x03: case 0x04: case 0x06: blockType(r); break; // block loop if try
      case 0x07: case 0x08: case 0x09: case 0x18: r.u32(); break; // catch throw rethrow delegate
      case 0x0c: case 0x0d: r.u32(); break; // br br_if
      case 0x0e: { const n = r.u32(); for (let i = 0; i <= n; i++) r.u32(); break; } // br_table
      case 0x10: case 0x12: r.u32(); break; // call return_call
      case 0x11: case 0x13: r.u32(); r.u32(); break; // call_indirect return_call_indirect
      case 0x1c: { const n = r.u32(); r.skip(n); break; } // select t*
      case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: r.u32(); break;
      case 0x3f: case 0x40: r.u32(); break; // memory.size/grow: memory index
      case 0x41: r.sleb(5); break; // i32.const
      case 0x42: r.sleb(10); break; // i64.const
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0xd0: r.byte(); break; // ref.null t
      case 0xd2: r.u32(); break; // ref.func
      case 0xfc: {
        const sub = r.u32();
        if (sub <= 7) break; // trunc_sat
        if (sub === 8) { r.u32(); r.u32(); } // memory.init data, mem
        else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.u32();
        else if (sub === 10 || sub === 12 || sub === 14) { r.u32(); r.u32(); }
        else if (sub === 11) r.u32(); // memory.fill mem
        else throw new Error(`function ${fnIndex}: unknown 0xfc ${sub} at byte ${r.p}`);
        break;
      }
      case 0xfd: {
        const at = r.p;
        const sub = r.u32();
        if (sub <= 0x0b || sub === 0x5c || sub === 0x5d) memarg(r); // loads, stores, load_zero
        else if (sub === 0x0c || sub === 0x0d) r.skip(16); // v128.const, i8x16.shuffle
        else if (sub >= 0x15 && sub <= 0x22) r.byte(); // extract/replace lane
        else if (sub >= 0x54 && sub <= 0x5b) { memarg(r); r.byte(); } // load/store lane
        else if (sub === OLD_FMA_F32X4) {
          if (r.p - at !== 2) throw new Error(`function ${fnIndex}: unusual LEB for 0xaf`);
          hits.push(at);
        } else if (PRESTANDARD_RELAXED.has(sub)) {
          throw new Error(`function ${fnIndex}: pre-standard relaxed SIMD opcode 0x${sub.toString(16)} `
            + `at byte ${at} has no rewrite (only f32x4.fma is supported)`);
        } else if (sub > 0x113) {
          throw new Error(`function ${fnIndex}: unknown SIMD opcode 0x${sub.toString(16)} at byte ${at}`);
        }
        break;
      }
      case 0xfe: { // atomics: memarg except atomic.fence
        const sub = r.u32();
        if (sub === 0x03) r.byte(); else memarg(r);
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) { memarg(r); break; } // loads and stores
        // Everything else up to 0xd2 has no immediate; anything above is no opcode we know.
        if (op > 0xd2) {
          throw new Error(`function ${fnIndex}: unknown opcode 0x${op.toString(16)} at byte ${r.p - 1}`);
        }
    }
  }
  if (bytes[end - 1] !== 0x0b) throw new Error(`function ${fnIndex}: body does not end with 'end'`);
  return hits;
}

// Returns { bytes: a new Uint8Array, count } with every old f32x4.fma replaced.
export function rewriteRelaxed(input) {
  const bytes = Uint8Array.from(input);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error('not a WebAssembly module');
  const r = new Reader(bytes, 8, bytes.length);
  let count = 0;
  while (r.p < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.p, end = start + size;
    if (end > bytes.length) throw new Error(`section ${id} runs past the end`);
    if (id === 10) {
      const body = new Reader(bytes, start, end);
      const n = body.u32();
      for (let f = 0; f < n; f++) {
        const len = body.u32();
        const from = body.p;
        for (const at of scanBody(bytes, from, from + len, f)) {
          bytes[at] = 0x80 | (NEW_RELAXED_MADD_F32X4 & 0x7f); // 0x85
          bytes[at + 1] = NEW_RELAXED_MADD_F32X4 >> 7; // 0x02
          count++;
        }
        body.p = from + len;
      }
      if (body.p !== end) throw new Error('code section size mismatch');
    }
    r.p = end;
  }
  return { bytes, count };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const [inPath, outPath] = process.argv.slice(2);
  const minIdx = process.argv.indexOf('--expect-min');
  const expectMin = minIdx > 0 ? Number(process.argv[minIdx + 1]) : 1;
  if (!inPath || !outPath) {
    console.error('usage: node relax_rewrite.mjs in.wasm out.wasm [--expect-min N]');
    process.exit(2);
  }
  try {
    const { bytes, count } = rewriteRelaxed(fs.readFileSync(inPath));
    if (count < expectMin) throw new Error(`found ${count} f32x4.fma, expected at least ${expectMin}`);
    fs.writeFileSync(outPath + '.tmp', bytes);
    fs.renameSync(outPath + '.tmp', outPath);
    console.log(`relax_rewrite: ${count} x f32x4.fma (0xfd 0xaf 0x01) -> f32x4.relaxed_madd (0xfd 0x85 0x02) in ${outPath}`);
  } catch (err) {
    console.error(`relax_rewrite: ${inPath}: ${err.message}`);
    process.exit(1);
  }
}
