// The native flavour of the blocked SGEMM: the same blocking, packing and 4 x 8 micro-tile as
// the WebAssembly SIMD128 kernel (sgemm_wasm_simd.cpp), written with GCC/Clang vector
// extensions (4 x float, i.e. SSE2 on x86-64 with no -march flag, NEON on arm64), so the native
// tests exercise exactly the blocking and edge handling the browser runs.
#include "detail/gemm_blocked.h"

namespace costlab::kernels::detail {
namespace {

typedef float v4 __attribute__((vector_size(16)));
typedef float v4u __attribute__((vector_size(16), aligned(4))); // unaligned access

inline v4 load(const float* p) { return *reinterpret_cast<const v4u*>(p); }
inline void store(float* p, v4 x) { *reinterpret_cast<v4u*>(p) = x; }
inline v4 splat(float x) { return v4{x, x, x, x}; }

struct NativeKernel {
    static constexpr int MR = 4;
    static constexpr int NV = 2;
    static constexpr int NR = 8;
    static constexpr int MC = 64;
    static constexpr int NC = 1024;

    static void run(ptrdiff_t kc, const float* ap, const float* bp, float* c, ptrdiff_t ldc,
                    bool accumulate) {
        v4 acc[MR][NV] = {};
        for (ptrdiff_t p = 0; p < kc; ++p) {
            const v4 b0 = load(bp), b1 = load(bp + 4);
            for (int r = 0; r < MR; ++r) {
                const v4 a = splat(ap[r]);
                acc[r][0] += a * b0;
                acc[r][1] += a * b1;
            }
            ap += MR;
            bp += NR;
        }
        for (int r = 0; r < MR; ++r) {
            float* row = c + r * ldc;
            for (int v = 0; v < NV; ++v) {
                const v4 x = accumulate ? load(row + 4 * v) + acc[r][v] : acc[r][v];
                store(row + 4 * v, x);
            }
        }
    }

    static void pack_b_panel(ptrdiff_t kc, const float* b, ptrdiff_t ldb, float* bp) {
        for (ptrdiff_t kk = 0; kk < kc; ++kk) {
            store(bp, load(b));
            store(bp + 4, load(b + 4));
            b += ldb;
            bp += NR;
        }
    }

    static void pack_a_panel(ptrdiff_t kc, const float* a, ptrdiff_t lda, float* ap) {
        for (ptrdiff_t kk = 0; kk < kc; ++kk) {
            for (int r = 0; r < MR; ++r) ap[kk * MR + r] = a[r * lda + kk];
        }
    }
};

} // namespace

bool sgemm_blocked(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float* a, const float* b,
                   float* c) {
    return gemm_blocked<NativeKernel>(m, n, k, a, k, b, n, c, n);
}

const char* blocked_name() { return "native-vec4"; }

void blocking_of_build(int* mr, int* nr, int* mc, int* kc, int* nc) {
    *mr = NativeKernel::MR;
    *nr = NativeKernel::NR;
    *mc = NativeKernel::MC;
    *kc = kKC;
    *nc = NativeKernel::NC;
}

void copy_blocked(float* dst, const float* src, ptrdiff_t n) {
    ptrdiff_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const v4 x0 = load(src + i), x1 = load(src + i + 4);
        const v4 x2 = load(src + i + 8), x3 = load(src + i + 12);
        store(dst + i, x0);
        store(dst + i + 4, x1);
        store(dst + i + 8, x2);
        store(dst + i + 12, x3);
    }
    for (; i < n; ++i) dst[i] = src[i];
}

void triad_blocked(float* a, const float* b, const float* c, float s, ptrdiff_t n) {
    const v4 sv = splat(s);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        store(a + i, load(b + i) + sv * load(c + i));
        store(a + i + 4, load(b + i + 4) + sv * load(c + i + 4));
    }
    for (; i < n; ++i) a[i] = b[i] + s * c[i];
}

} // namespace costlab::kernels::detail
