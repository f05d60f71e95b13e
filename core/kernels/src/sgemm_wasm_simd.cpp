// The WebAssembly SIMD128 flavour of the blocked SGEMM (and the bandwidth loops). The only file
// that includes wasm_simd128.h or tests __wasm_simd128__; CMake compiles it for wasm builds
// only, with -msimd128 (and, for the separate relaxed module, -mrelaxed-simd
// -DCOSTLAB_KERNELS_RELAXED=1).
//
// Micro-kernel: MR x NR = 4 x 8, i.e. 8 v128 accumulators, 2 B vectors, 4 A splats (+1 product
// for mul+add) = 15 xmm registers, exactly what V8 leaves allocatable on x86-64. TurboFan hoists
// all loads of a k step to its start and does not schedule for register pressure, so any larger
// tile (5x8, 6x8, 3x12, 4x12 were measured) spills accumulators and runs at half the speed; an
// unrolled k loop (clang unroll_count(2)) does the same. 8 independent accumulators hide the add
// (3 cycles) and FMA (4 cycles) latency at 2 vector ops per cycle. Per k step: 2 loads of B, 4
// load32_splat of A (one vbroadcastss each), 8 mul + 8 add (or 8 relaxed FMA).
//
// Relaxed FMA: clang-14 only knows the pre-standard `f32x4.fma` (opcode 0xfd 0xaf 0x01, which
// computed a + b*c). The relaxed module is rewritten after linking by tools/relax_rewrite.mjs to
// the standard `f32x4.relaxed_madd` (0xfd 0x85 0x02, which computes a*b + c): same length, so no
// size fixups. The source is therefore written for the *standard* operand order.
#include "detail/gemm_blocked.h"

#include <wasm_simd128.h>

#ifndef __wasm_simd128__
#error "sgemm_wasm_simd.cpp must be compiled with -msimd128"
#endif

namespace costlab::kernels::detail {
namespace {

#if COSTLAB_KERNELS_RELAXED
#ifndef __wasm_relaxed_simd__
#error "the relaxed build needs -mrelaxed-simd"
#endif
// a*b + acc once rewritten to f32x4.relaxed_madd (see the file comment).
// always_inline: emcc adds -fno-inline-functions whenever -Os appears on the command line (the
// MinSizeRel preset), and an out-of-line madd makes the kernel 15x slower.
__attribute__((always_inline)) inline v128_t madd(v128_t a, v128_t b, v128_t acc) {
    return __builtin_wasm_fma_f32x4(a, b, acc);
}
constexpr const char* kName = "wasm-relaxed-simd";
#else
// always_inline: see above (emcc's -Os implies -fno-inline-functions).
__attribute__((always_inline)) inline v128_t madd(v128_t a, v128_t b, v128_t acc) {
    return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b));
}
constexpr const char* kName = "wasm-simd128";
#endif

// Tuning knobs (-D...) for experiments. MR x NV = 4 x 2 is the measured best by far; MC, NC
// and KC alternatives (MC 32..256, NC 256..4096, KC 128..512) were within the noise.
#ifndef COSTLAB_MR
#define COSTLAB_MR 4
#endif
#ifndef COSTLAB_NV
#define COSTLAB_NV 2
#endif
#ifndef COSTLAB_MC_PANELS
#define COSTLAB_MC_PANELS 16
#endif
#ifndef COSTLAB_NC
#define COSTLAB_NC 1024
#endif
#ifndef COSTLAB_KUNROLL
#define COSTLAB_KUNROLL 1
#endif

template <int kMR, int kNV>
struct SimdKernel {
    static constexpr int MR = kMR;
    static constexpr int NV = kNV; // v128 per row of the tile
    static constexpr int NR = 4 * kNV;
    static constexpr int MC = kMR * COSTLAB_MC_PANELS;
    static constexpr int NC = COSTLAB_NC;

    __attribute__((always_inline)) static void run(ptrdiff_t kc, const float* ap,
                                                   const float* bp, float* c, ptrdiff_t ldc,
                                                   bool accumulate) {
        v128_t acc[MR][NV];
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; ++r) {
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; ++v) acc[r][v] = wasm_f32x4_const_splat(0.0f);
        }
#pragma clang loop unroll_count(COSTLAB_KUNROLL)
        for (ptrdiff_t p = 0; p < kc; ++p) {
            v128_t bv[NV];
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; ++v) bv[v] = wasm_v128_load(bp + 4 * v);
#pragma clang loop unroll(full)
            for (int r = 0; r < MR; ++r) {
                const v128_t av = wasm_v128_load32_splat(ap + r);
#pragma clang loop unroll(full)
                for (int v = 0; v < NV; ++v) acc[r][v] = madd(av, bv[v], acc[r][v]);
            }
            ap += MR;
            bp += NR;
        }
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; ++r) {
            float* row = c + r * ldc;
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; ++v) {
                const v128_t x = accumulate ? wasm_f32x4_add(wasm_v128_load(row + 4 * v), acc[r][v])
                                            : acc[r][v];
                wasm_v128_store(row + 4 * v, x);
            }
        }
    }

    static void pack_b_panel(ptrdiff_t kc, const float* b, ptrdiff_t ldb, float* bp) {
        for (ptrdiff_t kk = 0; kk < kc; ++kk) {
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; ++v) wasm_v128_store(bp + 4 * v, wasm_v128_load(b + 4 * v));
            b += ldb;
            bp += NR;
        }
    }

    // Four k at a time: load 4 consecutive floats of each row, transpose 4 rows x 4 k at once.
    static void pack_a_panel(ptrdiff_t kc, const float* a, ptrdiff_t lda, float* ap) {
        ptrdiff_t kk = 0;
        for (; kk + 4 <= kc; kk += 4) {
            int r = 0;
            for (; r + 4 <= MR; r += 4) {
                const v128_t x0 = wasm_v128_load(a + (r + 0) * lda + kk);
                const v128_t x1 = wasm_v128_load(a + (r + 1) * lda + kk);
                const v128_t x2 = wasm_v128_load(a + (r + 2) * lda + kk);
                const v128_t x3 = wasm_v128_load(a + (r + 3) * lda + kk);
                const v128_t t0 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5);
                const v128_t t1 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
                const v128_t t2 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7);
                const v128_t t3 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
                float* dst = ap + kk * MR + r;
                wasm_v128_store(dst + 0 * MR, wasm_i64x2_shuffle(t0, t1, 0, 2));
                wasm_v128_store(dst + 1 * MR, wasm_i64x2_shuffle(t0, t1, 1, 3));
                wasm_v128_store(dst + 2 * MR, wasm_i64x2_shuffle(t2, t3, 0, 2));
                wasm_v128_store(dst + 3 * MR, wasm_i64x2_shuffle(t2, t3, 1, 3));
            }
            for (; r < MR; ++r) {
                const float* src = a + r * lda + kk;
                ap[(kk + 0) * MR + r] = src[0];
                ap[(kk + 1) * MR + r] = src[1];
                ap[(kk + 2) * MR + r] = src[2];
                ap[(kk + 3) * MR + r] = src[3];
            }
        }
        for (; kk < kc; ++kk) {
            for (int r = 0; r < MR; ++r) ap[kk * MR + r] = a[r * lda + kk];
        }
    }
};

using Kernel = SimdKernel<COSTLAB_MR, COSTLAB_NV>;

} // namespace

bool sgemm_blocked(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float* a, const float* b,
                   float* c) {
    return gemm_blocked<Kernel>(m, n, k, a, k, b, n, c, n);
}

const char* blocked_name() { return kName; }

void blocking_of_build(int* mr, int* nr, int* mc, int* kc, int* nc) {
    *mr = Kernel::MR;
    *nr = Kernel::NR;
    *mc = Kernel::MC;
    *kc = kKC;
    *nc = Kernel::NC;
}

void copy_blocked(float* dst, const float* src, ptrdiff_t n) {
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const v128_t x0 = wasm_v128_load(src + i), x1 = wasm_v128_load(src + i + 4);
        const v128_t x2 = wasm_v128_load(src + i + 8), x3 = wasm_v128_load(src + i + 12);
        wasm_v128_store(dst + i, x0);
        wasm_v128_store(dst + i + 4, x1);
        wasm_v128_store(dst + i + 8, x2);
        wasm_v128_store(dst + i + 12, x3);
    }
    for (; i < n; ++i) dst[i] = src[i];
}

void triad_blocked(float* a, const float* b, const float* c, float s, ptrdiff_t n) {
    const v128_t sv = wasm_f32x4_splat(s);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const v128_t x0 = wasm_f32x4_add(wasm_v128_load(b + i),
                                         wasm_f32x4_mul(sv, wasm_v128_load(c + i)));
        const v128_t x1 = wasm_f32x4_add(wasm_v128_load(b + i + 4),
                                         wasm_f32x4_mul(sv, wasm_v128_load(c + i + 4)));
        wasm_v128_store(a + i, x0);
        wasm_v128_store(a + i + 4, x1);
    }
    for (; i < n; ++i) a[i] = b[i] + s * c[i];
}

} // namespace costlab::kernels::detail
