// costlab GPU memory-bandwidth probe: dst = src over buffers far larger than any cache, vec4 at
// a time, VEC4_PER_THREAD loads in flight per invocation (consecutive invocations touch
// consecutive vec4, so every access is coalesced). Bytes moved per dispatch = 2 x buffer size.
// The host (web/hw/webgpu.js) dispatches ceil(n4 / (64 * VEC4_PER_THREAD)) workgroups, folded
// into 2D when that exceeds maxComputeWorkgroupsPerDimension.

const VEC4_PER_THREAD: u32 = 4u;
const WG: u32 = 64u;

struct Params {
  n4: u32,        // number of vec4 to copy
  groups_x: u32,  // workgroups per row of the 2D dispatch
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4<f32>>;

@compute @workgroup_size(WG, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let group = wg.y * params.groups_x + wg.x;
  let base = group * WG * VEC4_PER_THREAD + li;
  for (var i = 0u; i < VEC4_PER_THREAD; i++) {
    let idx = base + i * WG;
    if (idx < params.n4) {
      dst[idx] = src[idx];
    }
  }
}
