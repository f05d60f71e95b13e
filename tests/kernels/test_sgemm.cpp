// The blocked SGEMM (SIMD128 / relaxed FMA / native vectors, whichever this build runs) against
// the scalar reference, over shapes chosen to hit every edge of the blocking; NaN/Inf; bad sizes.
#include "costlab/kernels.h"

#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using namespace costlab::kernels;

namespace {

struct Mats {
    std::vector<float> a, b;
};

Mats random_mats(int64_t m, int64_t n, int64_t k, uint32_t seed) {
    Mats x;
    x.a.resize(size_t(m * k));
    x.b.resize(size_t(k * n));
    fill_pattern(x.a.data(), m * k, seed);
    fill_pattern(x.b.data(), k * n, seed + 1000);
    return x;
}

// Blocked vs reference, element by element, within the bound two different summation orders
// of k products can differ by: 2 k eps * sum_p |a_ip b_pj| (each is within k eps/2 of exact).
// Returns the number of bad elements (and records the first).
int compare(int64_t m, int64_t n, int64_t k, uint32_t seed = 7) {
    const Mats x = random_mats(m, n, k, seed);
    std::vector<float> c(size_t(m * n), std::numeric_limits<float>::quiet_NaN());
    std::vector<float> r(size_t(m * n), -1.0f);
    REQUIRE(sgemm(m, n, k, x.a.data(), x.b.data(), c.data(), Backend::blocked) == Status::ok);
    REQUIRE(sgemm_ref(m, n, k, x.a.data(), x.b.data(), r.data()) == Status::ok);
    int bad = 0;
    for (int64_t i = 0; i < m; ++i) {
        for (int64_t j = 0; j < n; ++j) {
            double absum = 0;
            for (int64_t p = 0; p < k; ++p)
                absum += std::fabs(double(x.a[size_t(i * k + p)]) * x.b[size_t(p * n + j)]);
            const double tol = 2.0 * double(k) * FLT_EPSILON * absum + 1e-30;
            const double got = c[size_t(i * n + j)], want = r[size_t(i * n + j)];
            if (!(std::fabs(got - want) <= tol)) {
                if (bad == 0) {
                    UNSCOPED_INFO("first mismatch at M=" << m << " N=" << n << " K=" << k
                                  << " C[" << i << "][" << j << "] = " << got << ", ref "
                                  << want << ", tolerance " << tol);
                }
                ++bad;
            }
        }
    }
    return bad;
}

enum class Kind { finite, nan, pos_inf, neg_inf };
Kind kind(float v) {
    if (std::isnan(v)) return Kind::nan;
    if (std::isinf(v)) return v > 0 ? Kind::pos_inf : Kind::neg_inf;
    return Kind::finite;
}

} // namespace

TEST_CASE("this build's blocked path and its blocking", "[sgemm]") {
    const std::string name = blocked_backend_name();
    CHECK((name == "wasm-simd128" || name == "wasm-relaxed-simd" || name == "native-vec4"));
    const Blocking b = blocking();
    CHECK(b.mr == 4);
    CHECK(b.nr == 8);
    CHECK(b.kc == 256);
    CHECK(b.mc % b.mr == 0);
    CHECK(b.nc % b.nr == 0);
    INFO("blocked backend: " << name);
}

TEST_CASE("SGEMM matches the reference on tiny and degenerate shapes", "[sgemm]") {
    CHECK(compare(1, 1, 1) == 0);
    CHECK(compare(3, 5, 7) == 0);
    CHECK(compare(7, 5, 3) == 0);
    for (int64_t s : {2, 31, 100, 1000}) {
        CHECK(compare(1, s, 1) == 0);   // 1 x N
        CHECK(compare(s, 1, 1) == 0);   // N x 1
        CHECK(compare(1, 1, s) == 0);   // dot product
        CHECK(compare(1, s, s) == 0);   // vector x matrix
        CHECK(compare(s, 1, s) == 0);   // matrix x vector
        CHECK(compare(s, s, 1) == 0);   // outer product
    }
}

TEST_CASE("SGEMM matches the reference for every size 1..33", "[sgemm]") {
    int bad = 0;
    for (int64_t s = 1; s <= 33; ++s) bad += compare(s, s, s, uint32_t(s));
    CHECK(bad == 0);
    // Every (M, N) pair up to 33 (all tile remainders of MR=4 and NR=8), a few K.
    for (int64_t k : {1, 5, 33}) {
        for (int64_t m = 1; m <= 33; ++m)
            for (int64_t n = 1; n <= 33; ++n) bad += compare(m, n, k, uint32_t(m * 64 + n));
    }
    CHECK(bad == 0);
}

TEST_CASE("SGEMM matches the reference across cache-block edges", "[sgemm]") {
    const Blocking b = blocking();
    // Not multiples of any tile, and K crossing the KC block (C is stored then accumulated).
    CHECK(compare(13, 17, b.kc - 1) == 0);
    CHECK(compare(13, 17, b.kc) == 0);
    CHECK(compare(13, 17, b.kc + 1) == 0);
    CHECK(compare(9, 11, 2 * b.kc + 3) == 0);
    CHECK(compare(b.mc - 1, 9, 10) == 0);
    CHECK(compare(b.mc + 1, 9, 10) == 0);
    CHECK(compare(2 * b.mc + 3, 9, 10) == 0);
    CHECK(compare(5, b.nc + 3, 7) == 0);
    CHECK(compare(5, 2 * b.nc + 9, 3) == 0);
    CHECK(compare(37, 41, 43) == 0);
    CHECK(compare(97, 89, 83) == 0);
}

TEST_CASE("SGEMM matches the reference on sampled sizes 129..257", "[sgemm]") {
    int bad = 0;
    for (int64_t s = 129; s <= 257; s += 16) bad += compare(s, s, s, uint32_t(s));
    bad += compare(129, 257, 131);
    bad += compare(257, 129, 200);
    bad += compare(255, 256, 257);
    bad += compare(130, 250, 256);
    CHECK(bad == 0);
}

TEST_CASE("SGEMM overwrites C without reading it", "[sgemm]") {
    const int64_t m = 9, n = 13, k = 300; // two K blocks: the second accumulates
    const Mats x = random_mats(m, n, k, 3);
    std::vector<float> c(size_t(m * n), std::numeric_limits<float>::quiet_NaN());
    std::vector<float> r(size_t(m * n), std::numeric_limits<float>::infinity());
    REQUIRE(sgemm(m, n, k, x.a.data(), x.b.data(), c.data(), Backend::blocked) == Status::ok);
    REQUIRE(sgemm_ref(m, n, k, x.a.data(), x.b.data(), r.data()) == Status::ok);
    for (size_t i = 0; i < c.size(); ++i) {
        REQUIRE(std::isfinite(c[i]));
        REQUIRE(std::isfinite(r[i]));
    }
}

TEST_CASE("NaN and Inf propagate like the reference", "[sgemm]") {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int64_t s : {5, 19, 37}) {
        const int64_t m = s, n = s + 3, k = s + 1;
        Mats x = random_mats(m, n, k, 11);
        for (float& v : x.a) v = std::fabs(v) + 0.5f; // A > 0: Inf * A keeps its sign
        x.a[size_t(1 * k + 2)] = nan;                 // row 1 of C: NaN everywhere
        x.b[size_t(3 * n + 4)] = inf;                 // column 4: +Inf (other rows)
        x.b[size_t(0 * n + 6)] = -inf;                // column 6: -Inf
        x.b[size_t(2 * n + 7)] = inf;                 // column 7: +Inf ...
        x.b[size_t(4 * n + 7)] = -inf;                //   ... - Inf = NaN
        x.a[size_t((m - 1) * k + 0)] = inf;           // last row: Inf * B row 0 (mixed signs)
        std::vector<float> c(size_t(m * n)), r(size_t(m * n));
        REQUIRE(sgemm(m, n, k, x.a.data(), x.b.data(), c.data(), Backend::blocked) == Status::ok);
        REQUIRE(sgemm_ref(m, n, k, x.a.data(), x.b.data(), r.data()) == Status::ok);
        for (int64_t i = 0; i < m; ++i) {
            for (int64_t j = 0; j < n; ++j) {
                INFO("s=" << s << " C[" << i << "][" << j << "] = " << c[size_t(i * n + j)]
                          << ", ref " << r[size_t(i * n + j)]);
                REQUIRE(kind(c[size_t(i * n + j)]) == kind(r[size_t(i * n + j)]));
            }
        }
        CHECK(std::isnan(c[size_t(1 * n + 0)]));
        CHECK(kind(c[size_t(0 * n + 4)]) == Kind::pos_inf);
        CHECK(kind(c[size_t(0 * n + 6)]) == Kind::neg_inf);
        CHECK(std::isnan(c[size_t(0 * n + 7)]));
    }
}

TEST_CASE("bad sizes are rejected in words, without touching memory", "[sgemm][errors]") {
    float dummy = 0;
    CHECK(check_sgemm(0, 5, 5) == "M must be at least 1 (got 0)");
    CHECK(check_sgemm(5, -3, 5) == "N must be at least 1 (got -3)");
    CHECK(check_sgemm(5, 5, 0) == "K must be at least 1 (got 0)");
    CHECK(check_sgemm(1, 1, 1).empty());
    for (Backend be : {Backend::blocked, Backend::reference, Backend::automatic}) {
        CHECK(sgemm(0, 4, 4, &dummy, &dummy, &dummy, be) == Status::bad_size);
        CHECK(sgemm(4, 0, 4, &dummy, &dummy, &dummy, be) == Status::bad_size);
        CHECK(sgemm(4, 4, -1, &dummy, &dummy, &dummy, be) == Status::bad_size);
        CHECK(sgemm(4, 4, 4, nullptr, &dummy, &dummy, be) == Status::null_pointer);
        CHECK(sgemm(4, 4, 4, &dummy, &dummy, nullptr, be) == Status::null_pointer);
        // More than any address space: rejected before a single load.
        const int64_t huge = int64_t(1) << 40;
        CHECK(sgemm(huge, huge, huge, &dummy, &dummy, &dummy, be) == Status::too_large);
        CHECK(sgemm(INT64_MAX, 2, 2, &dummy, &dummy, &dummy, be) == Status::too_large);
    }
    const std::string msg = check_sgemm(int64_t(1) << 40, int64_t(1) << 40, 2);
    CHECK(msg.find("more than the") != std::string::npos);
    CHECK(msg.find("this build can address") != std::string::npos);
    if (sizeof(void*) == 4) {
        // M = N = K = 100000 is 120 GB: more than wasm32 can ever address.
        CHECK(sgemm(100000, 100000, 100000, &dummy, &dummy, &dummy) == Status::too_large);
        CHECK(check_sgemm(100000, 100000, 100000).find("100000") != std::string::npos);
    }
}

TEST_CASE("allocating problems: limits and out-of-memory are errors, not crashes",
          "[sgemm][errors]") {
    SgemmProblem p;
    std::string error;
    CHECK(SgemmProblem::create(100000, 100000, 100000, &p, &error) == Status::too_large);
    CHECK(error.find("GiB") != std::string::npos);
    CHECK(SgemmProblem::create(0, 10, 10, &p, &error) == Status::bad_size);
    CHECK(error == "M must be at least 1 (got 0)");
    CHECK(SgemmProblem::create(-5, 10, 10, &p, &error) == Status::bad_size);
    // A limit set by the caller.
    CHECK(SgemmProblem::create(64, 64, 64, &p, &error, 1000) == Status::too_large);

    Buffer buf;
    CHECK(Buffer::allocate(0, &buf) == Status::bad_size);
    CHECK(Buffer::allocate(-1, &buf) == Status::bad_size);
    CHECK(Buffer::allocate(int64_t(1) << 40, &buf) == Status::too_large);
    CHECK(buf.data() == nullptr);
    REQUIRE(Buffer::allocate(1000, &buf) == Status::ok);
    CHECK(buf.size() == 1000);
    CHECK(reinterpret_cast<uintptr_t>(buf.data()) % 64 == 0);
#if defined(__EMSCRIPTEN__)
    // Within the limit but beyond what the engine grants: malloc says no, we say so.
    Buffer big;
    const Status s = Buffer::allocate(int64_t(600) << 20, &big, uint64_t(4) << 30); // 2.4 GB
    CHECK(s == Status::out_of_memory);
#endif
}

TEST_CASE("problems give the same checksum on every instance", "[sgemm]") {
    SgemmProblem p1, p2;
    REQUIRE(SgemmProblem::create(70, 90, 50, &p1) == Status::ok);
    REQUIRE(SgemmProblem::create(70, 90, 50, &p2) == Status::ok);
    REQUIRE(p1.run() == Status::ok);
    REQUIRE(p2.run() == Status::ok);
    CHECK(p1.checksum() == p2.checksum());
    SgemmProblem pr;
    REQUIRE(SgemmProblem::create(70, 90, 50, &pr) == Status::ok);
    REQUIRE(pr.run(Backend::reference) == Status::ok);
    CHECK(p1.checksum() == Approx(pr.checksum()).epsilon(1e-4));
}

TEST_CASE("the reference can be forced at run time", "[sgemm]") {
    const Backend before = default_backend();
    set_default_backend(Backend::reference);
    CHECK(default_backend() == Backend::reference);
    CHECK(std::string(active_backend_name()) == "reference");
    CHECK(compare(5, 6, 7) == 0);
    set_default_backend(Backend::blocked);
    CHECK(std::string(active_backend_name()) == blocked_backend_name());
    set_default_backend(before);
}

TEST_CASE("fill_pattern is deterministic and in [-1, 1)", "[sgemm]") {
    std::vector<float> a(1000), b(1000);
    fill_pattern(a.data(), 1000, 42);
    fill_pattern(b.data(), 1000, 42);
    CHECK(a == b);
    fill_pattern(b.data(), 1000, 43);
    CHECK(a != b);
    double mean = 0;
    for (float v : a) {
        REQUIRE(v >= -1.0f);
        REQUIRE(v < 1.0f);
        mean += v / 1000.0;
    }
    CHECK(std::fabs(mean) < 0.1);
}

TEST_CASE("bandwidth probes compute copy and triad", "[bandwidth]") {
    for (int64_t n : {1, 3, 15, 16, 17, 100, 1001}) {
        const size_t un = static_cast<size_t>(n);
        std::vector<float> a(un), b(un), c(un);
        fill_pattern(b.data(), n, 1);
        fill_pattern(c.data(), n, 2);
        REQUIRE(stream_copy(a.data(), b.data(), n) == Status::ok);
        CHECK(a == b);
        REQUIRE(stream_triad(a.data(), b.data(), c.data(), 0.5f, n) == Status::ok);
        for (int64_t i = 0; i < n; ++i)
            REQUIRE(a[size_t(i)] == Approx(b[size_t(i)] + 0.5f * c[size_t(i)]).margin(1e-6));
    }
    float x = 0;
    CHECK(stream_copy(&x, &x, 0) == Status::bad_size);
    CHECK(stream_triad(&x, &x, &x, 1, -4) == Status::bad_size);
    CHECK(stream_copy(nullptr, &x, 4) == Status::null_pointer);
    CHECK(stream_triad(&x, &x, &x, 1, int64_t(1) << 50) == Status::too_large);
}
