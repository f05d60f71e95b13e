// costlab GEMM on the GPU, subgroup variant (adapters with the `subgroups` feature): C (M x N,
// f32) = A (M x K) x B (K x N), row-major, f32. Same tiling, staging, double buffering and
// bounds as matmul.wgsl (read that first); web/hw/webgpu.js sets the TUNABLE lines, prepends
// `enable subgroups;` and checks every configuration against the CPU before timing it.
//
// What differs: in matmul.wgsl every invocation of a row group reads the same TM A values per
// k from workgroup memory (a broadcast read each). Here the G invocations of a row group that
// sit side by side in one subgroup split those reads: each reads TM x BK4 / G of the stage's A
// vec4s once and the others take them with subgroupShuffle (a register exchange), so workgroup
// reads of A drop G-fold for TM x BK4 shuffles.
//
// Lane layout: WebGPU does not promise how invocations map to subgroup lanes, so each subgroup
// checks at the start that its lanes are local_invocation_index base .. base + size - 1 in
// order (all of them active), with base and size multiples of G; G divides WG_X (the host
// chooses it), so a run of G lanes then lies in one row group. A subgroup where that fails
// takes matmul.wgsl's path (workgroup reads) and counts its invocations in `fallbacks`: still
// correct, and the host reports how many took it.

diagnostic(off, subgroup_uniformity); // shuffles run in subgroup-uniform, not workgroup-uniform, branches

const BM: u32 = 64u; // TUNABLE rows of C per workgroup
const BN: u32 = 64u; // TUNABLE columns of C per workgroup
const BK: u32 = 16u; // TUNABLE k per stage (multiple of 4)
const TM: u32 = 4u;  // TUNABLE rows per invocation
const TN: u32 = 4u;  // TUNABLE columns per invocation (multiple of 4)
const G: u32 = 4u;   // TUNABLE lanes that share A reads (divides WG_X; the adapter's smallest subgroup, at most WG_X)

const WG_X: u32 = BN / TN;
const WG_Y: u32 = BM / TM;
const THREADS: u32 = WG_X * WG_Y;
const TN4: u32 = TN / 4u;
const BN4: u32 = BN / 4u;
const BK4: u32 = BK / 4u;
const A_VECS: u32 = BM * BK4;
const B_VECS: u32 = BK * BN4;
const A_PER: u32 = (A_VECS + THREADS - 1u) / THREADS;
const B_PER: u32 = (B_VECS + THREADS - 1u) / THREADS;
const A_ITEMS: u32 = TM * BK4;            // A vec4s a row group needs per stage
const A_HELD: u32 = (A_ITEMS + G - 1u) / G; // of them, held by each lane

struct Dims {
  M: u32,
  N4: u32,
  K4: u32,
  _pad: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> C: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> fallbacks: atomic<u32>; // invocations off the subgroup path

var<workgroup> As: array<vec4<f32>, 2u * A_VECS>;
var<workgroup> Bs: array<vec4<f32>, 2u * B_VECS>;

var<private> ra: array<vec4<f32>, A_PER>;
var<private> rb: array<vec4<f32>, B_PER>;
var<private> acc: array<vec4<f32>, TM * TN4>;

fn fetch(t: u32, li: u32, row0: u32, col40: u32) {
  for (var i = 0u; i < A_PER; i++) {
    let idx = li + i * THREADS;
    ra[i] = vec4<f32>();
    if (idx < A_VECS) {
      let r = row0 + idx / BK4;
      let c = t * BK4 + idx % BK4;
      if (r < dims.M && c < dims.K4) { ra[i] = A[r * dims.K4 + c]; }
    }
  }
  for (var i = 0u; i < B_PER; i++) {
    let idx = li + i * THREADS;
    rb[i] = vec4<f32>();
    if (idx < B_VECS) {
      let k = t * BK + idx / BN4;
      let c = col40 + idx % BN4;
      if (k < dims.K4 * 4u && c < dims.N4) { rb[i] = B[k * dims.N4 + c]; }
    }
  }
}

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

// Four k values of B for this invocation's columns, from stage b0.
fn load_b(b0: u32, k4: u32, x: u32) -> array<vec4<f32>, 4u * TN4> {
  var b: array<vec4<f32>, 4u * TN4>;
  for (var kk = 0u; kk < 4u; kk++) {
    for (var j = 0u; j < TN4; j++) {
      b[kk * TN4 + j] = Bs[b0 + (k4 * 4u + kk) * BN4 + x + j * WG_X];
    }
  }
  return b;
}

// Row i of the register tile += a[k..k+3] x b.
fn madd(i: u32, a: vec4<f32>, b: ptr<function, array<vec4<f32>, 4u * TN4>>) {
  for (var j = 0u; j < TN4; j++) {
    var c = acc[i * TN4 + j];
    c = fma(vec4<f32>(a.x), (*b)[j], c);
    c = fma(vec4<f32>(a.y), (*b)[TN4 + j], c);
    c = fma(vec4<f32>(a.z), (*b)[2u * TN4 + j], c);
    c = fma(vec4<f32>(a.w), (*b)[3u * TN4 + j], c);
    acc[i * TN4 + j] = c;
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32, @builtin(subgroup_invocation_id) sid: u32,
        @builtin(subgroup_size) sg_size: u32) {
  let row0 = wg.y * BM;
  let col40 = wg.x * BN4;
  let steps = (dims.K4 + BK4 - 1u) / BK4;

  // The lane layout this path relies on (see the top), decided once per subgroup.
  let base = li - sid;
  let laid_out = subgroupAdd(1u) == sg_size && base == subgroupBroadcastFirst(base) &&
                 base % G == 0u && sg_size % G == 0u;
  let on_path = subgroupAll(laid_out);
  if (!on_path) { atomicAdd(&fallbacks, 1u); }
  let pos = li % G;       // place in its run of G lanes
  let run0 = sid - pos;   // lane of the run's first invocation

  fetch(0u, li, row0, col40);
  stage(0u, li);
  workgroupBarrier();

  for (var t = 0u; t < steps; t++) {
    let s = t % 2u;
    let more = t + 1u < steps;
    if (more) { fetch(t + 1u, li, row0, col40); }

    let a0 = s * A_VECS;
    let b0 = s * B_VECS;
    if (on_path) {
      // This lane's share of the row group's A vec4s: items pos, pos + G, ... (item = i x BK4 + k4).
      var held: array<vec4<f32>, A_HELD>;
      for (var r = 0u; r < A_HELD; r++) {
        let item = pos + r * G;
        if (item < A_ITEMS) {
          held[r] = As[a0 + (lid.y + (item / BK4) * WG_Y) * BK4 + item % BK4];
        }
      }
      for (var k4 = 0u; k4 < BK4; k4++) {
        var b = load_b(b0, k4, lid.x);
        for (var i = 0u; i < TM; i++) {
          let item = i * BK4 + k4; // the same for every lane: held[item / G] is a uniform index
          madd(i, subgroupShuffle(held[item / G], run0 + item % G), &b);
        }
      }
    } else {
      for (var k4 = 0u; k4 < BK4; k4++) {
        var b = load_b(b0, k4, lid.x);
        for (var i = 0u; i < TM; i++) {
          madd(i, As[a0 + (lid.y + i * WG_Y) * BK4 + k4], &b);
        }
      }
    }

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
