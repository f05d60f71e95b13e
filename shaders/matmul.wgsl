// costlab GEMM on the GPU: C (M x N, f32) = A (M x K) x B (K x N), row-major. One template for
// every configuration: web/hw/webgpu.js sets the TUNABLE lines (tile shape, element type) and
// benchmarks a few candidates on the visitor's adapter. As written it is valid fp32 WGSL.
//
// Tiling: a workgroup of WG_X x WG_Y invocations computes a BM x BN tile of C; each invocation
// holds TM x TN outputs in registers (TN/4 vec4 accumulators per row). Its rows are
// lid.y + i * WG_Y and its vec4 columns lid.x + j * WG_X (strided, so neighbouring invocations
// read neighbouring workgroup words and write neighbouring C words). K is walked in steps of
// BK. Both operands are staged as vec4 (A as [m][k/4], B as [k][n/4]: plain vec4 copies, no
// transposing scalar stores) into **two** workgroup buffers: while the workgroup computes on
// one stage, each invocation already holds the next step's vec4s in registers (fetched from
// global memory before the arithmetic, so the loads are in flight during it) and writes them
// into the other stage afterwards; one barrier per K step.
//
// Precision: `IN` is the type of A, B and the workgroup tiles: f32, or f16 where the adapter
// has `shader-f16` (the host then prepends `enable f16;`), which halves the bytes read and
// staged. Accumulation is always f32 (each f16 value is widened before its fma): an f16
// accumulator's error grows with K (about K x 2^-11 relative in the worst case, meaningless at
// K = 4096), the f32 one stays near the inputs' own f16 rounding (2 x 2^-11). It is the usual
// choice for 16-bit GEMM (fp16 inputs with fp32 accumulation, as tensor cores do).
//
// Bounds: the host pads only N and K to multiples of 4 (vec4 rows) with zeros; M, N and K need
// not be multiples of the tile: loads outside A or B read zeros, stores outside C are skipped.

const BM: u32 = 64u; // TUNABLE rows of C per workgroup
const BN: u32 = 64u; // TUNABLE columns of C per workgroup
const BK: u32 = 16u; // TUNABLE k per stage (multiple of 4)
const TM: u32 = 4u;  // TUNABLE rows per invocation
const TN: u32 = 4u;  // TUNABLE columns per invocation (multiple of 4)
alias IN = f32;      // TUNABLE element type of A, B and the staged tiles (f32 or f16)

const WG_X: u32 = BN / TN;
const WG_Y: u32 = BM / TM;
const THREADS: u32 = WG_X * WG_Y;
const TN4: u32 = TN / 4u;
const BN4: u32 = BN / 4u;
const BK4: u32 = BK / 4u;
const A_VECS: u32 = BM * BK4; // vec4s of one A stage
const B_VECS: u32 = BK * BN4; // vec4s of one B stage
const A_PER: u32 = (A_VECS + THREADS - 1u) / THREADS; // per invocation
const B_PER: u32 = (B_VECS + THREADS - 1u) / THREADS;

struct Dims {
  M: u32,
  N4: u32, // N / 4 (N padded to a multiple of 4)
  K4: u32, // K / 4 (K padded to a multiple of 4)
  _pad: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<vec4<IN>>;        // M x K4
@group(0) @binding(2) var<storage, read> B: array<vec4<IN>>;        // K x N4
@group(0) @binding(3) var<storage, read_write> C: array<vec4<f32>>; // M x N4

var<workgroup> As: array<vec4<IN>, 2u * A_VECS>; // [stage][m][k/4]
var<workgroup> Bs: array<vec4<IN>, 2u * B_VECS>; // [stage][k][n/4]

var<private> ra: array<vec4<IN>, A_PER>; // the next stage, on its way from global memory
var<private> rb: array<vec4<IN>, B_PER>;

// Global -> registers: the vec4s of K step `t` this invocation stages (zeros outside A and B).
fn fetch(t: u32, li: u32, row0: u32, col40: u32) {
  for (var i = 0u; i < A_PER; i++) {
    let idx = li + i * THREADS;
    ra[i] = vec4<IN>();
    if (idx < A_VECS) {
      let r = row0 + idx / BK4;
      let c = t * BK4 + idx % BK4;
      if (r < dims.M && c < dims.K4) { ra[i] = A[r * dims.K4 + c]; }
    }
  }
  for (var i = 0u; i < B_PER; i++) {
    let idx = li + i * THREADS;
    rb[i] = vec4<IN>();
    if (idx < B_VECS) {
      let k = t * BK + idx / BN4;
      let c = col40 + idx % BN4;
      if (k < dims.K4 * 4u && c < dims.N4) { rb[i] = B[k * dims.N4 + c]; }
    }
  }
}

// Registers -> workgroup stage `s`.
fn stage(s: u32, li: u32) {
  for (var i = 0u; i < A_PER; i++) {
    let idx = li + i * THREADS;
    if (idx < A_VECS) { As[s * A_VECS + idx] = ra[i]; }
  }
  for (var i = 0u; i < B_PER; i++) {
    let idx = li + i * THREADS;
    if (idx < B_VECS) { Bs[s * B_VECS + idx] = rb[i]; }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wg.y * BM;
  let col40 = wg.x * BN4;
  let steps = (dims.K4 + BK4 - 1u) / BK4;

  var acc: array<vec4<f32>, TM * TN4>; // zero-initialised

  fetch(0u, li, row0, col40);
  stage(0u, li);
  workgroupBarrier();

  for (var t = 0u; t < steps; t++) {
    let s = t % 2u;
    let more = t + 1u < steps;
    if (more) { fetch(t + 1u, li, row0, col40); }

    let a0 = s * A_VECS;
    let b0 = s * B_VECS;
    for (var k4 = 0u; k4 < BK4; k4++) {
      // Four k values at once: one vec4 of A per row holds a[k..k+3].
      var b: array<vec4<f32>, 4u * TN4>;
      for (var kk = 0u; kk < 4u; kk++) {
        for (var j = 0u; j < TN4; j++) {
          b[kk * TN4 + j] = vec4<f32>(Bs[b0 + (k4 * 4u + kk) * BN4 + lid.x + j * WG_X]);
        }
      }
      for (var i = 0u; i < TM; i++) {
        let a = vec4<f32>(As[a0 + (lid.y + i * WG_Y) * BK4 + k4]);
        for (var j = 0u; j < TN4; j++) {
          var c = acc[i * TN4 + j];
          c = fma(vec4<f32>(a.x), b[j], c);
          c = fma(vec4<f32>(a.y), b[TN4 + j], c);
          c = fma(vec4<f32>(a.z), b[2u * TN4 + j], c);
          c = fma(vec4<f32>(a.w), b[3u * TN4 + j], c);
          acc[i * TN4 + j] = c;
        }
      }
    }

    // Nobody reads stage 1 - s now: every invocation passed the last barrier after its
    // arithmetic on it. The barrier below publishes the new stage before the next step.
    if (more) { stage(1u - s, li); }
    workgroupBarrier();
  }

  for (var i = 0u; i < TM; i++) {
    let row = row0 + lid.y + i * WG_Y;
    if (row < dims.M) {
      for (var j = 0u; j < TN4; j++) {
        let c4 = col40 + lid.x + j * WG_X;
        if (c4 < dims.N4) { C[row * dims.N4 + c4] = acc[i * TN4 + j]; }
      }
    }
  }
}
