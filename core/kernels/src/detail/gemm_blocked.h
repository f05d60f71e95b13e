// The blocked SGEMM driver shared by every SIMD flavour (BLIS-style loop nest):
//
//   for jc in N step NC:               B block  (KC x NC) packed once per (jc, pc) -> L2/L3
//     for pc in K step KC:
//       pack B[pc:pc+KC, jc:jc+NC] into NR-wide column panels, k-major, zero-padded
//       for ic in M step MC:           A block  (MC x KC) packed once per (ic, pc) -> L2
//         pack A[ic:ic+MC, pc:pc+KC] into MR-tall row panels, k-major, zero-padded
//         for jr in NC step NR:        B micro-panel (KC x NR) stays in L1
//           for ir in MC step MR:      micro-kernel: MR x NR accumulators in registers
//
// Edge tiles run the same full micro-kernel into a scratch tile and copy the valid part, so
// the micro-kernel has a single fixed shape. The first K block stores C, later ones add to it:
// C is never read before it is written (garbage or NaN in C on entry do not leak).
//
// A flavour provides `struct Kernel { static constexpr int MR, NR, MC, NC; static void run(kc,
// ap, bp, c, ldc, accumulate); static void pack_a_panel(kc, a, lda, ap); static void
// pack_b_panel(kc, b, ldb, bp); }`: run computes one full MR x NR tile (stores it, or adds it to
// C when accumulate), the pack functions handle full panels; see sgemm_wasm_simd.cpp and
// sgemm_native.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace costlab::kernels::detail {

#ifndef COSTLAB_KC
#define COSTLAB_KC 256
#endif
constexpr int kKC = COSTLAB_KC; // K block: one A micro-panel (MR x KC) + one B micro-panel in L1

inline ptrdiff_t round_up(ptrdiff_t x, ptrdiff_t to) { return (x + to - 1) / to * to; }
inline ptrdiff_t min_p(ptrdiff_t a, ptrdiff_t b) { return a < b ? a : b; }

// Packs rows [0, mc) x columns [0, kc) of A (leading dimension lda) into MR-row panels:
// panel p holds ap[p*MR*kc + kk*MR + r] = A[p*MR + r][kk], rows past mc are zero.
template <class K>
void pack_a(ptrdiff_t mc, ptrdiff_t kc, const float* a, ptrdiff_t lda, float* ap) {
    constexpr int MR = K::MR;
    for (ptrdiff_t i = 0; i < mc; i += MR) {
        const ptrdiff_t rows = min_p(MR, mc - i);
        if (rows == MR) {
            K::pack_a_panel(kc, a + i * lda, lda, ap);
        } else {
            for (ptrdiff_t kk = 0; kk < kc; ++kk) {
                for (int r = 0; r < MR; ++r)
                    ap[kk * MR + r] = r < rows ? a[(i + r) * lda + kk] : 0.0f;
            }
        }
        ap += MR * kc;
    }
}

// Packs rows [0, kc) x columns [0, nc) of B into NR-column panels:
// panel q holds bp[q*NR*kc + kk*NR + j] = B[kk][q*NR + j], columns past nc are zero.
template <class K>
void pack_b(ptrdiff_t kc, ptrdiff_t nc, const float* b, ptrdiff_t ldb, float* bp) {
    constexpr int NR = K::NR;
    for (ptrdiff_t j = 0; j < nc; j += NR) {
        const ptrdiff_t cols = min_p(NR, nc - j);
        if (cols == NR) {
            K::pack_b_panel(kc, b + j, ldb, bp);
        } else {
            for (ptrdiff_t kk = 0; kk < kc; ++kk) {
                const float* src = b + kk * ldb + j;
                float* dst = bp + kk * NR;
                ptrdiff_t x = 0;
                for (; x < cols; ++x) dst[x] = src[x];
                for (; x < NR; ++x) dst[x] = 0.0f;
            }
        }
        bp += NR * kc;
    }
}

struct Workspace {
    float* a = nullptr; // MC x KC, rounded to MR
    float* b = nullptr; // KC x NC, rounded to NR
    void* raw = nullptr;
};

template <class K>
bool alloc_workspace(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, Workspace* ws) {
    const ptrdiff_t kc = min_p(kKC, k);
    const ptrdiff_t a_floats = round_up(min_p(K::MC, m), K::MR) * kc;
    const ptrdiff_t b_floats = round_up(min_p(K::NC, n), K::NR) * kc;
    const size_t bytes = size_t(a_floats + b_floats) * sizeof(float) + 128;
    ws->raw = std::malloc(bytes);
    if (!ws->raw) return false;
    const uintptr_t base = (reinterpret_cast<uintptr_t>(ws->raw) + 63) & ~uintptr_t(63);
    ws->a = reinterpret_cast<float*>(base);
    ws->b = reinterpret_cast<float*>(base + size_t(round_up(a_floats, 16)) * sizeof(float));
    return true;
}

// C (m x n) = A (m x k) x B (k x n). Returns false when the workspace cannot be allocated.
template <class K>
bool gemm_blocked(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float* a, ptrdiff_t lda,
                  const float* b, ptrdiff_t ldb, float* c, ptrdiff_t ldc) {
    constexpr int MR = K::MR, NR = K::NR;
    Workspace ws;
    if (!alloc_workspace<K>(m, n, k, &ws)) return false;
    alignas(64) float tile[MR * NR];

    for (ptrdiff_t jc = 0; jc < n; jc += K::NC) {
        const ptrdiff_t nc = min_p(K::NC, n - jc);
        for (ptrdiff_t pc = 0; pc < k; pc += kKC) {
            const ptrdiff_t kc = min_p(kKC, k - pc);
            const bool accumulate = pc > 0;
            pack_b<K>(kc, nc, b + pc * ldb + jc, ldb, ws.b);
            for (ptrdiff_t ic = 0; ic < m; ic += K::MC) {
                const ptrdiff_t mc = min_p(K::MC, m - ic);
                pack_a<K>(mc, kc, a + ic * lda + pc, lda, ws.a);
                for (ptrdiff_t jr = 0; jr < nc; jr += NR) {
                    const ptrdiff_t cols = min_p(NR, nc - jr);
                    const float* bp = ws.b + (jr / NR) * NR * kc;
                    for (ptrdiff_t ir = 0; ir < mc; ir += MR) {
                        const ptrdiff_t rows = min_p(MR, mc - ir);
                        const float* ap = ws.a + (ir / MR) * MR * kc;
                        float* cij = c + (ic + ir) * ldc + jc + jr;
                        if (rows == MR && cols == NR) {
                            K::run(kc, ap, bp, cij, ldc, accumulate);
                        } else {
                            K::run(kc, ap, bp, tile, NR, false);
                            for (ptrdiff_t r = 0; r < rows; ++r) {
                                float* dst = cij + r * ldc;
                                const float* src = tile + r * NR;
                                if (accumulate) {
                                    for (ptrdiff_t x = 0; x < cols; ++x) dst[x] += src[x];
                                } else {
                                    for (ptrdiff_t x = 0; x < cols; ++x) dst[x] = src[x];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    std::free(ws.raw);
    return true;
}

// The flavour-specific entry points, defined in exactly one of sgemm_wasm_simd.cpp /
// sgemm_native.cpp (CMake picks the file for the target).
bool sgemm_blocked(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float* a, const float* b,
                   float* c);
const char* blocked_name();
void blocking_of_build(int* mr, int* nr, int* mc, int* kc, int* nc);
void copy_blocked(float* dst, const float* src, ptrdiff_t n);
void triad_blocked(float* a, const float* b, const float* c, float s, ptrdiff_t n);

} // namespace costlab::kernels::detail
