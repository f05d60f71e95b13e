// costlab SGEMM on the GPU: C (M x N) = A (M x K) x B (K x N), row-major fp32.
//
// Tiling: a workgroup of (BN/TN) x (BM/TM) invocations computes a BM x BN tile of C; each
// invocation computes TM x TN outputs (TN/4 vec4 accumulators per row) held in registers. K is
// walked in steps of BK: the workgroup stages a BM x BK block of A (transposed, so the TM values
// an invocation needs for one k are contiguous) and a BK x BN block of B in workgroup memory,
// with vec4 loads from global memory, then every invocation does BK rank-1 updates of its tile.
//
// The host (web/hw/webgpu.js) pads M to BM, N to BN and K to BK with zeros, so there are no
// bounds checks in the loop; it picks the tile constants below from the adapter's limits
// (workgroup storage = (BM + BN) x BK x 4 bytes, invocations = BM/TM x BN/TN) by replacing the
// values of the `const` lines marked TUNABLE. As written, the file is valid WGSL (64 x 64 tiles).

const BM: u32 = 64u; // TUNABLE rows of C per workgroup
const BN: u32 = 64u; // TUNABLE columns of C per workgroup
const BK: u32 = 16u; // TUNABLE k per stage
const TM: u32 = 4u;  // TUNABLE rows per invocation (multiple of 4)
const TN: u32 = 4u;  // TUNABLE columns per invocation (multiple of 4)

const WG_X: u32 = BN / TN;
const WG_Y: u32 = BM / TM;
const THREADS: u32 = WG_X * WG_Y;
const TM4: u32 = TM / 4u;
const TN4: u32 = TN / 4u;
const BN4: u32 = BN / 4u;
const BK4: u32 = BK / 4u;

struct Dims {
  M: u32, // padded to BM
  N: u32, // padded to BN
  K: u32, // padded to BK
  _pad: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<vec4<f32>>;  // M x K/4
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;  // K x N/4
@group(0) @binding(3) var<storage, read_write> C: array<vec4<f32>>; // M x N/4

var<workgroup> As: array<f32, BK * BM>;       // [k][m]: A transposed (scalar stores)
var<workgroup> Bs: array<vec4<f32>, BK * BN4>; // [k][n/4]

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wg.y * BM;   // first row of the tile
  let col40 = wg.x * BN4; // first vec4 column of the tile
  let K4 = dims.K / 4u;
  let N4 = dims.N / 4u;

  var acc: array<vec4<f32>, TM * TN4>;
  for (var i = 0u; i < TM * TN4; i++) { acc[i] = vec4<f32>(0.0); }

  for (var k0 = 0u; k0 < dims.K; k0 += BK) {
    // Stage A: BM rows x BK4 vec4, stored transposed into As[k][m].
    for (var t = li; t < BM * BK4; t += THREADS) {
      let r = t / BK4;
      let c4 = t % BK4;
      let v = A[(row0 + r) * K4 + k0 / 4u + c4];
      let k = c4 * 4u;
      As[(k + 0u) * BM + r] = v.x;
      As[(k + 1u) * BM + r] = v.y;
      As[(k + 2u) * BM + r] = v.z;
      As[(k + 3u) * BM + r] = v.w;
    }
    // Stage B: BK rows x BN4 vec4, as is.
    for (var t = li; t < BK * BN4; t += THREADS) {
      let r = t / BN4;
      let c4 = t % BN4;
      Bs[r * BN4 + c4] = B[(k0 + r) * N4 + col40 + c4];
    }
    workgroupBarrier();

    for (var k = 0u; k < BK; k++) {
      var a: array<vec4<f32>, TM4>;
      for (var i = 0u; i < TM4; i++) {
        let base = k * BM + (lid.y * TM4 + i) * 4u;
        a[i] = vec4<f32>(As[base], As[base + 1u], As[base + 2u], As[base + 3u]);
      }
      var b: array<vec4<f32>, TN4>;
      for (var j = 0u; j < TN4; j++) { b[j] = Bs[k * BN4 + lid.x * TN4 + j]; }
      for (var i = 0u; i < TM; i++) {
        let ai = a[i / 4u][i % 4u];
        for (var j = 0u; j < TN4; j++) {
          acc[i * TN4 + j] = fma(vec4<f32>(ai), b[j], acc[i * TN4 + j]);
        }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < TM; i++) {
    let row = row0 + lid.y * TM + i;
    for (var j = 0u; j < TN4; j++) {
      C[row * N4 + col40 + lid.x * TN4 + j] = acc[i * TN4 + j];
    }
  }
}
