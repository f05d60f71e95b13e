// WebAssembly feature detection for the kernel modules: WebAssembly.validate of tiny modules,
// no instantiation, no network. Works in pages, workers and node.
//
//   hasSimd128()      f32x4.add validates            -> costlab_kernels.wasm can run
//   hasRelaxedSimd()  f32x4.relaxed_madd validates   -> costlab_kernels_relaxed.wasm can run
//
// The probes were assembled by wabt's wat2wasm (--enable-relaxed-simd); relaxed_madd is the
// standard encoding 0xfd 0x85 0x02 (core/kernels/README.md explains why that matters).

// (module (func (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.add))
export const SIMD128_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01,
  0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0xe4,
  0x01, 0x0b]);

// (module (func (param v128 v128 v128) (result v128)
//   local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
export const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b,
  0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20,
  0x02, 0xfd, 0x85, 0x02, 0x0b]);

function validates(bytes) {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

export function hasWebAssembly() {
  return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
}

export function hasSimd128() {
  return validates(SIMD128_PROBE);
}

export function hasRelaxedSimd() {
  return validates(RELAXED_PROBE);
}

// A short description of the JS engine, for the device profile ("Chrome 156", "node 20.20.2
// (V8 11.3)"). Navigator strings are hints, not proofs; they only label the result.
export function engineName() {
  if (typeof process === 'object' && process.versions && process.versions.node) {
    const v8 = (process.versions.v8 || '').split('.').slice(0, 2).join('.');
    return `node ${process.versions.node}${v8 ? ` (V8 ${v8})` : ''}`;
  }
  const nav = typeof navigator === 'object' ? navigator : null;
  if (nav && nav.userAgentData && Array.isArray(nav.userAgentData.brands)) {
    const brand = nav.userAgentData.brands.find((b) => !/Not.?A.?Brand/i.test(b.brand) && b.brand !== 'Chromium')
      || nav.userAgentData.brands.find((b) => b.brand === 'Chromium');
    if (brand) return `${brand.brand} ${brand.version}`;
  }
  const ua = nav ? nav.userAgent || '' : '';
  for (const [re, name] of [[/Firefox\/(\d+)/, 'Firefox'], [/Edg\/(\d+)/, 'Edge'],
    [/Chrome\/(\d+)/, 'Chrome'], [/Version\/(\d+)[.\d]* Safari/, 'Safari']]) {
    const m = ua.match(re);
    if (m) return `${name} ${m[1]}`;
  }
  return 'unknown engine';
}
