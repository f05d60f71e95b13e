// SGEMM entry points: size checks, the reference triple loop, backend choice, the bandwidth
// probes and the owned buffers. The SIMD flavour is in sgemm_wasm_simd.cpp / sgemm_native.cpp.
#include "costlab/kernels.h"

#include "detail/gemm_blocked.h"

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace costlab::kernels {

const char* to_string(Status s) {
    switch (s) {
    case Status::ok: return "ok";
    case Status::bad_size: return "bad size";
    case Status::too_large: return "too large";
    case Status::null_pointer: return "null pointer";
    case Status::out_of_memory: return "out of memory";
    }
    return "unknown";
}

namespace {

#ifdef COSTLAB_KERNELS_FORCE_REF
constexpr int kInitialBackend = int(Backend::reference);
#else
constexpr int kInitialBackend = -1; // decided on first use (environment variable, native)
#endif
std::atomic<int> g_backend{kInitialBackend};

Backend resolve_default() {
    int b = g_backend.load(std::memory_order_relaxed);
    if (b < 0) {
        b = int(Backend::blocked);
#ifndef __EMSCRIPTEN__ // the wasm builds have no process environment to read
        if (const char* env = std::getenv("COSTLAB_SGEMM")) {
            if (std::strcmp(env, "ref") == 0 || std::strcmp(env, "reference") == 0)
                b = int(Backend::reference);
        }
#endif
        int expected = -1;
        g_backend.compare_exchange_strong(expected, b);
        b = g_backend.load(std::memory_order_relaxed);
    }
    return Backend(b);
}

std::string gib(double bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3g GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    return buf;
}

} // namespace

const char* blocked_backend_name() { return detail::blocked_name(); }

const char* active_backend_name() {
    return resolve_default() == Backend::reference ? "reference" : detail::blocked_name();
}

void set_default_backend(Backend b) {
    g_backend.store(int(b == Backend::automatic ? Backend::blocked : b),
                    std::memory_order_relaxed);
}

Backend default_backend() { return resolve_default(); }

uint64_t max_addressable_bytes() {
    return sizeof(void*) == 4 ? (uint64_t(1) << 32) : (uint64_t(1) << 47);
}

std::string check_sgemm(int64_t m, int64_t n, int64_t k) {
    const char* names[3] = {"M", "N", "K"};
    const int64_t dims[3] = {m, n, k};
    for (int i = 0; i < 3; ++i) {
        if (dims[i] < 1)
            return std::string(names[i]) + " must be at least 1 (got " + std::to_string(dims[i]) +
                   ")";
    }
    // Bytes of A + B + C in double: exact enough for a limit, and cannot overflow.
    const double bytes = 4.0 * (double(m) * double(k) + double(k) * double(n) +
                                double(m) * double(n));
    const double limit = double(max_addressable_bytes());
    if (bytes > limit) {
        return "A, B and C would take " + gib(bytes) + " (M=" + std::to_string(m) +
               ", N=" + std::to_string(n) + ", K=" + std::to_string(k) + "), more than the " +
               gib(limit) + " this build can address";
    }
    return {};
}

Status sgemm_ref(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c) {
    if (!check_sgemm(m, n, k).empty()) {
        return (m < 1 || n < 1 || k < 1) ? Status::bad_size : Status::too_large;
    }
    if (!a || !b || !c) return Status::null_pointer;
    // i-p-j order: streams rows of B and C; each C element is still the sum over p in order.
    for (int64_t i = 0; i < m; ++i) {
        float* crow = c + i * n;
        for (int64_t j = 0; j < n; ++j) crow[j] = 0.0f;
        for (int64_t p = 0; p < k; ++p) {
            const float aip = a[i * k + p];
            const float* brow = b + p * n;
            for (int64_t j = 0; j < n; ++j) crow[j] += aip * brow[j];
        }
    }
    return Status::ok;
}

Status sgemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c,
             Backend backend) {
    if (backend == Backend::automatic) backend = resolve_default();
    if (backend == Backend::reference) return sgemm_ref(m, n, k, a, b, c);
    if (!check_sgemm(m, n, k).empty()) {
        return (m < 1 || n < 1 || k < 1) ? Status::bad_size : Status::too_large;
    }
    if (!a || !b || !c) return Status::null_pointer;
    if (!detail::sgemm_blocked(ptrdiff_t(m), ptrdiff_t(n), ptrdiff_t(k), a, b, c))
        return Status::out_of_memory;
    return Status::ok;
}

Blocking blocking() {
    Blocking b{};
    detail::blocking_of_build(&b.mr, &b.nr, &b.mc, &b.kc, &b.nc);
    return b;
}

// --- bandwidth ----------------------------------------------------------------------------

Status stream_copy(float* dst, const float* src, int64_t n) {
    if (n < 1) return Status::bad_size;
    if (!dst || !src) return Status::null_pointer;
    if (double(n) * 8.0 > double(max_addressable_bytes())) return Status::too_large;
    detail::copy_blocked(dst, src, ptrdiff_t(n));
    return Status::ok;
}

Status stream_triad(float* a, const float* b, const float* c, float s, int64_t n) {
    if (n < 1) return Status::bad_size;
    if (!a || !b || !c) return Status::null_pointer;
    if (double(n) * 12.0 > double(max_addressable_bytes())) return Status::too_large;
    detail::triad_blocked(a, b, c, s, ptrdiff_t(n));
    return Status::ok;
}

// --- buffers --------------------------------------------------------------------------------

uint64_t default_buffer_limit_bytes() {
    return sizeof(void*) == 4 ? (uint64_t(1) << 30) : (uint64_t(8) << 30);
}

Buffer::~Buffer() { std::free(data_); }

Buffer::Buffer(Buffer&& o) noexcept : data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
}

Buffer& Buffer::operator=(Buffer&& o) noexcept {
    if (this != &o) {
        std::free(data_);
        data_ = o.data_;
        size_ = o.size_;
        o.data_ = nullptr;
        o.size_ = 0;
    }
    return *this;
}

Status Buffer::allocate(int64_t count, Buffer* out, uint64_t max_bytes) {
    if (count < 1) return Status::bad_size;
    if (max_bytes == 0) max_bytes = default_buffer_limit_bytes();
    if (double(count) * 4.0 > double(max_bytes)) return Status::too_large;
    // aligned_alloc wants a size that is a multiple of the alignment.
    const size_t bytes = (size_t(count) * sizeof(float) + 63) & ~size_t(63);
    void* p = std::aligned_alloc(64, bytes);
    if (!p) return Status::out_of_memory;
    std::free(out->data_);
    out->data_ = static_cast<float*>(p);
    out->size_ = count;
    return Status::ok;
}

void fill_pattern(float* p, int64_t count, uint32_t seed) {
    // xorshift32, top 24 bits -> [-1, 1): identical on every target.
    uint32_t x = seed * 2654435761u + 0x9e3779b9u;
    if (x == 0) x = 1;
    for (int64_t i = 0; i < count; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = float(int32_t(x >> 8) - (1 << 23)) * (1.0f / float(1 << 23));
    }
}

Status SgemmProblem::create(int64_t m, int64_t n, int64_t k, SgemmProblem* out,
                            std::string* error, uint64_t max_bytes) {
    const std::string shape = check_sgemm(m, n, k);
    if (!shape.empty()) {
        if (error) *error = shape;
        return (m < 1 || n < 1 || k < 1) ? Status::bad_size : Status::too_large;
    }
    if (max_bytes == 0) max_bytes = default_buffer_limit_bytes();
    const double bytes = 4.0 * (double(m) * k + double(k) * n + double(m) * n);
    if (bytes > double(max_bytes)) {
        if (error) {
            *error = "A, B and C would take " + gib(bytes) + ", more than the " +
                     gib(double(max_bytes)) + " a benchmark may allocate here";
        }
        return Status::too_large;
    }
    SgemmProblem p;
    p.m = m;
    p.n = n;
    p.k = k;
    Status s = Buffer::allocate(m * k, &p.a, max_bytes);
    if (s == Status::ok) s = Buffer::allocate(k * n, &p.b, max_bytes);
    if (s == Status::ok) s = Buffer::allocate(m * n, &p.c, max_bytes);
    if (s != Status::ok) {
        if (error) *error = "could not allocate " + gib(bytes) + " for A, B and C";
        return s;
    }
    fill_pattern(p.a.data(), m * k, 1);
    fill_pattern(p.b.data(), k * n, 2);
    std::memset(p.c.data(), 0, size_t(m * n) * sizeof(float));
    *out = std::move(p);
    if (error) error->clear();
    return Status::ok;
}

double SgemmProblem::checksum() const {
    double s = 0;
    for (int64_t i = 0; i < m * n; ++i) s += c.data()[i];
    return s;
}

} // namespace costlab::kernels
